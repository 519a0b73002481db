package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sensu-tui/sensu-tui/client"
)

// Profile is the tool's own saved configuration: named contexts, one per
// cluster, so several can be kept and switched between.
type Profile struct {
	Current  string             `json:"current"`
	Contexts map[string]Context `json:"contexts"`
}

// Context is one saved cluster connection. It has no password field on
// purpose: passwords are never saved.
type Context struct {
	URL                   string         `json:"url"`
	Namespace             string         `json:"namespace,omitempty"`
	Username              string         `json:"username,omitempty"`
	APIKey                string         `json:"api_key,omitempty"`
	Tokens                *client.Tokens `json:"tokens,omitempty"`
	TrustedCAFile         string         `json:"trusted_ca_file,omitempty"`
	InsecureSkipTLSVerify bool           `json:"insecure_skip_tls_verify,omitempty"`
	// ReadOnly asks the UI to refuse actions that change the cluster.
	ReadOnly bool `json:"read_only,omitempty"`
}

// String describes the context without revealing any secret.
func (c Context) String() string {
	return fmt.Sprintf("%s namespace=%s user=%s auth=%s read-only=%t",
		displayURL(c.URL), c.Namespace, c.Username, authKind(c.APIKey, c.Tokens, ""), c.ReadOnly)
}

// GoString keeps %#v from printing secrets too.
func (c Context) GoString() string { return "config.Context{" + c.String() + "}" }

// Put stores c under name and makes it current. An empty name is derived
// from the URL with ContextName.
func (p *Profile) Put(name string, c Context) {
	if name == "" {
		name = ContextName(c.URL)
	}
	if p.Contexts == nil {
		p.Contexts = make(map[string]Context)
	}
	p.Contexts[name] = c
	p.Current = name
}

// ContextName is a readable default context name for an API URL: its host
// and port, such as "127.0.0.1:8080", or "default" if the URL has no host.
func ContextName(url string) string {
	if u, ok := parseServer(url); ok {
		return strings.ToLower(u.Host)
	}
	return "default"
}

// DefaultProfilePath is $XDG_CONFIG_HOME/sensu-tui/profile.json, else
// $HOME/.config/sensu-tui/profile.json; "" if neither variable is set.
func DefaultProfilePath(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	home := configHome(getenv)
	if home == "" {
		return ""
	}
	return filepath.Join(home, "sensu-tui", "profile.json")
}

// LoadProfile reads the profile at path. A missing file gives an empty
// Profile and no error. Warnings report loose file permissions and a current
// context that does not exist; errors name the file but never its content.
// After an error the caller should not save over path: the user may still
// want to repair what is there.
func LoadProfile(path string) (Profile, []string, error) {
	var p Profile
	found, err := readJSON(path, &p)
	var warnings []string
	if found {
		warnings = permissionWarnings(path, "sensu-tui profile")
	}
	if err != nil {
		return Profile{Contexts: map[string]Context{}}, warnings, err
	}
	if p.Contexts == nil {
		p.Contexts = map[string]Context{}
	}
	if _, ok := p.Contexts[p.Current]; p.Current != "" && !ok {
		warnings = append(warnings, fmt.Sprintf("profile %s: current context %q does not exist", path, p.Current))
	}
	return p, warnings, nil
}

// SaveProfile writes p to path atomically: a temporary file in the same
// directory is written, synced and renamed over path, so a crash leaves the
// old profile or the new one, never half of either. The file is mode 0600
// whatever the umask; a missing directory is created with mode 0700.
func SaveProfile(path string, p Profile) error {
	if path == "" {
		return errors.New("no profile path: neither XDG_CONFIG_HOME nor HOME is set")
	}
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding profile: %w", err)
	}
	data = append(data, '\n')

	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		// Only a directory created here is tightened: an existing one may be
		// shared on purpose, and LoadProfile warns about it instead.
		if err := os.Chmod(dir, 0o700); err != nil {
			return err
		}
	}

	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmpPath := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmpPath)
		}
	}()
	// CreateTemp already uses 0600, but an unusual umask must not loosen or
	// break it, so the mode is set explicitly.
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmpPath, path); err != nil {
		return err
	}
	ok = true
	syncDir(dir)
	return nil
}

// syncDir makes the rename durable. Some filesystems refuse to sync a
// directory; the data itself is already safe, so that is not an error.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// profileLayer picks the context to offer. If a higher source already chose
// a URL, a context for that server is preferred (the current one first),
// since only its credentials may be used there; otherwise the current one.
func profileLayer(p Profile, chosenURL string) (layer, bool) {
	name := p.Current
	if chosenURL != "" && !sameServer(p.Contexts[name].URL, chosenURL) {
		name = ""
		names := make([]string, 0, len(p.Contexts))
		for n := range p.Contexts {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if sameServer(p.Contexts[n].URL, chosenURL) {
				name = n
				break
			}
		}
		if name == "" {
			name = p.Current // still offers namespace and username
		}
	}
	c, ok := p.Contexts[name]
	if !ok {
		return layer{}, false
	}
	return layer{
		source:        SourceProfile,
		context:       name,
		url:           strings.TrimSpace(c.URL),
		namespace:     c.Namespace,
		username:      c.Username,
		apiKey:        c.APIKey,
		tokens:        copyTokens(c.Tokens),
		trustedCAFile: c.TrustedCAFile,
		insecure:      &c.InsecureSkipTLSVerify,
		readOnly:      c.ReadOnly,
	}, true
}

// UpdateContext merges one context into the profile file at path, keeping
// the other contexts and the context's own read-only flag, and makes it
// current. A profile that cannot be read is left alone rather than
// overwritten, since that would lose its contexts.
func UpdateContext(path, name string, c Context) error {
	p, _, err := LoadProfile(path)
	if err != nil {
		return err
	}
	if old, ok := p.Contexts[name]; ok {
		c.ReadOnly = old.ReadOnly
	}
	p.Put(name, c)
	return SaveProfile(path, p)
}

// ClientConfig is the client configuration for a saved context.
func (c Context) ClientConfig() client.Config {
	return client.Config{
		URL:                   c.URL,
		Namespace:             c.Namespace,
		APIKey:                c.APIKey,
		Tokens:                copyTokens(c.Tokens),
		TrustedCAFile:         c.TrustedCAFile,
		InsecureSkipTLSVerify: c.InsecureSkipTLSVerify,
		ReadOnly:              c.ReadOnly,
	}
}

// TokenSaver returns a client OnTokens callback that saves refreshed tokens
// into the named context. A failed save costs at most a login next time.
func TokenSaver(path, name string, c Context) func(client.Tokens) {
	return func(t client.Tokens) {
		c.Tokens = &t
		_ = UpdateContext(path, name, c)
	}
}
