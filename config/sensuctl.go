package config

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
)

// sensuctlCluster is sensuctl's "cluster" file: where the backend is and the
// login for it. sensuctl writes it as indented JSON with mode 0644.
type sensuctlCluster struct {
	APIURL                string `json:"api-url"`
	APIKey                string `json:"api-key"` // newer sensuctl versions
	TrustedCAFile         string `json:"trusted-ca-file"`
	InsecureSkipTLSVerify *bool  `json:"insecure-skip-tls-verify"`
	// Timeout is a Go time.Duration, which encodes as integer nanoseconds;
	// a duration string is accepted too in case a person edited the file.
	Timeout any `json:"timeout"`
	client.Tokens
}

// sensuctlProfile is sensuctl's "profile" file: per-user preferences.
type sensuctlProfile struct {
	Format    string `json:"format"`
	Namespace string `json:"namespace"`
	Username  string `json:"username"`
}

// readSensuctl reads an existing sensuctl login from dir. Missing files mean
// no login and are not an error.
func readSensuctl(dir string) (layer, []string, error) {
	l := layer{source: SourceSensuctl}
	if dir == "" {
		return l, nil, nil
	}
	var warnings []string
	var errs []error

	clusterPath := filepath.Join(dir, "cluster")
	var cluster sensuctlCluster
	found, err := readJSON(clusterPath, &cluster)
	if found {
		warnings = append(warnings, permissionWarnings(clusterPath, "sensuctl credentials file")...)
	}
	if err != nil {
		errs = append(errs, err)
	} else if found {
		l.url = strings.TrimSpace(cluster.APIURL)
		l.apiKey = strings.TrimSpace(cluster.APIKey)
		l.tokens = copyTokens(&cluster.Tokens)
		l.trustedCAFile = strings.TrimSpace(cluster.TrustedCAFile)
		l.insecure = cluster.InsecureSkipTLSVerify
		var ok bool
		if l.timeout, ok = jsonTimeout(cluster.Timeout); !ok {
			warnings = append(warnings, fmt.Sprintf("timeout in %s is not a duration; ignoring it", clusterPath))
		}
	}

	var profile sensuctlProfile
	if _, err := readJSON(filepath.Join(dir, "profile"), &profile); err != nil {
		errs = append(errs, err)
	} else {
		l.namespace = strings.TrimSpace(profile.Namespace)
		l.username = strings.TrimSpace(profile.Username)
	}
	return l, warnings, errors.Join(errs...)
}

// jsonTimeout interprets the decoded "timeout" field; absent or zero means
// unset and is fine.
func jsonTimeout(v any) (time.Duration, bool) {
	switch t := v.(type) {
	case nil:
		return 0, true
	case float64:
		if t == 0 {
			return 0, true
		}
		if t > 0 && t < 1<<62 {
			return time.Duration(t), true
		}
	case string:
		if t == "" {
			return 0, true
		}
		return parseTimeout(t)
	}
	return 0, false
}
