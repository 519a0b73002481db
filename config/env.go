package config

import (
	"strconv"
	"strings"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
)

// sensuctl's environment variables. The token variables are the ones
// `sensuctl env` exports, so `eval $(sensuctl env)` works here too.
const (
	envAPIURL         = "SENSU_API_URL"
	envAPIKey         = "SENSU_API_KEY"
	envNamespace      = "SENSU_NAMESPACE"
	envUsername       = "SENSU_USERNAME"
	envPassword       = "SENSU_PASSWORD"
	envTrustedCAFile  = "SENSU_TRUSTED_CA_FILE"
	envInsecure       = "SENSU_INSECURE_SKIP_TLS_VERIFY"
	envTimeout        = "SENSU_TIMEOUT"
	envAccessToken    = "SENSU_ACCESS_TOKEN"
	envTokenExpiresAt = "SENSU_ACCESS_TOKEN_EXPIRES_AT"
	envRefreshToken   = "SENSU_REFRESH_TOKEN"
)

func flagsLayer(f Flags) layer {
	l := layer{
		source:        SourceFlags,
		url:           strings.TrimSpace(f.APIURL),
		apiKey:        strings.TrimSpace(f.APIKey),
		namespace:     strings.TrimSpace(f.Namespace),
		username:      strings.TrimSpace(f.Username),
		trustedCAFile: strings.TrimSpace(f.TrustedCAFile),
	}
	if f.InsecureSkipTLSVerify {
		l.insecure = &f.InsecureSkipTLSVerify
	}
	return l
}

// envLayer reads sensuctl's variables. Bad values are skipped with a warning
// that names the variable but never repeats its value.
func envLayer(getenv func(string) string) (layer, []string) {
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	l := layer{
		source:        SourceEnvironment,
		url:           get(envAPIURL),
		apiKey:        get(envAPIKey),
		namespace:     get(envNamespace),
		username:      get(envUsername),
		password:      getenv(envPassword), // spaces may be part of a password
		trustedCAFile: get(envTrustedCAFile),
	}
	var warnings []string
	if v := get(envInsecure); v != "" {
		if b, err := strconv.ParseBool(v); err == nil {
			l.insecure = &b
		} else {
			warnings = append(warnings, envInsecure+" is not true or false; ignoring it")
		}
	}
	if v := get(envTimeout); v != "" {
		if d, ok := parseTimeout(v); ok {
			l.timeout = d
		} else {
			warnings = append(warnings, envTimeout+` is not a positive duration such as "30s"; ignoring it`)
		}
	}
	if access, refresh := get(envAccessToken), get(envRefreshToken); access != "" || refresh != "" {
		l.tokens = &client.Tokens{Access: access, Refresh: refresh}
		if v := get(envTokenExpiresAt); v != "" {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				l.tokens.ExpiresAt = n
			} else {
				warnings = append(warnings, envTokenExpiresAt+" is not a Unix timestamp; ignoring it")
			}
		}
		if !usableTokens(l.tokens) {
			warnings = append(warnings, envAccessToken+" and "+envRefreshToken+" must be set together; ignoring them")
		}
	}
	return l, warnings
}

// parseTimeout accepts a Go duration ("30s", "1m") or, as people often
// write, a bare number of seconds.
func parseTimeout(s string) (time.Duration, bool) {
	if d, err := time.ParseDuration(s); err == nil {
		return d, d > 0
	}
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return time.Duration(n) * time.Second, true
	}
	return 0, false
}
