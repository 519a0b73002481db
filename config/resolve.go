// Package config works out which Sensu backend to talk to and with which
// credentials, from flags, sensuctl's environment variables, an existing
// sensuctl login, and the tool's own saved profile. It also loads and saves
// that profile. It never prints anything: problems come back as warnings.
package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
)

// Source names where a resolved value came from.
type Source string

// The sources, from highest precedence to lowest.
const (
	SourceNone        Source = ""
	SourceFlags       Source = "flags"
	SourceEnvironment Source = "environment"
	SourceSensuctl    Source = "sensuctl"
	SourceProfile     Source = "profile"
)

// Flags holds the command-line options that affect the connection.
// A false InsecureSkipTLSVerify means "not given", since a flag cannot say
// false any louder than its absence.
type Flags struct {
	APIURL                string
	APIKey                string
	Namespace             string
	Username              string
	TrustedCAFile         string
	InsecureSkipTLSVerify bool
	// ConfigDir overrides sensuctl's configuration directory.
	ConfigDir string
	// ProfilePath overrides the location of the tool's own profile.
	ProfilePath string
}

// Credentials is the resolved connection: where to connect and how to
// authenticate. At most one of APIKey, Tokens and Password is set.
type Credentials struct {
	URL, Namespace, Username string
	// Password comes only from SENSU_PASSWORD and is never saved anywhere.
	Password              string
	APIKey                string
	Tokens                *client.Tokens
	TrustedCAFile         string
	InsecureSkipTLSVerify bool
	Timeout               time.Duration
	URLSource             Source
	CredentialSource      Source
	// Context is the name of the profile context used, if any.
	Context string
	// ReadOnly is set by a profile context marked read-only for this server.
	ReadOnly bool
}

// CanConnect reports whether there is a URL plus an API key, a token pair,
// or a username and password to log in with.
func (c Credentials) CanConnect() bool {
	return c.URL != "" && (c.APIKey != "" || usableTokens(c.Tokens) || (c.Username != "" && c.Password != ""))
}

// ClientConfig is the client configuration for these credentials. The
// password is left out: it is only for an explicit Login.
func (c Credentials) ClientConfig() client.Config {
	cfg := c.ToContext().ClientConfig()
	cfg.Timeout = c.Timeout
	return cfg
}

// ToContext is the part of the credentials worth saving in a profile.
// The password is deliberately not part of a Context.
func (c Credentials) ToContext() Context {
	return Context{
		URL:                   c.URL,
		Namespace:             c.Namespace,
		Username:              c.Username,
		APIKey:                c.APIKey,
		Tokens:                copyTokens(c.Tokens),
		TrustedCAFile:         c.TrustedCAFile,
		InsecureSkipTLSVerify: c.InsecureSkipTLSVerify,
		ReadOnly:              c.ReadOnly,
	}
}

// String describes the credentials without revealing any secret, so they
// are safe to log or print with %v.
func (c Credentials) String() string {
	return fmt.Sprintf("%s namespace=%s user=%s auth=%s url-from=%s credentials-from=%s",
		displayURL(c.URL), c.Namespace, c.Username, authKind(c.APIKey, c.Tokens, c.Password),
		sourceName(c.URLSource), sourceName(c.CredentialSource))
}

// GoString keeps %#v from printing secrets too.
func (c Credentials) GoString() string { return "config.Credentials{" + c.String() + "}" }

// layer is one source's view of the connection. Every source is reduced to
// a layer so that precedence is decided in one place.
type layer struct {
	source              Source
	context             string // profile context name
	url                 string
	namespace, username string
	apiKey              string
	tokens              *client.Tokens
	password            string
	trustedCAFile       string
	insecure            *bool // nil: not said
	timeout             time.Duration
	readOnly            bool
}

// pairsWith reports whether the layer's credentials and TLS settings may be
// used against url. Flags and environment variables without a URL of their
// own are meant for whichever server is chosen; a file's settings belong to
// the server recorded in it, and nowhere else.
func (l layer) pairsWith(url string) bool {
	if l.url == "" {
		return l.source == SourceFlags || l.source == SourceEnvironment
	}
	return sameServer(l.url, url)
}

// hasCredentials reports whether the layer can authenticate; a password
// counts only once some source has named the user.
func (l layer) hasCredentials(username string) bool {
	return l.apiKey != "" || usableTokens(l.tokens) || (l.password != "" && username != "")
}

// Resolve works out the connection from, in order of precedence, flags,
// sensuctl's environment variables, sensuctl's saved login, and the tool's
// own profile. getenv is os.Getenv in production; nil means os.Getenv.
//
// The URL comes from the highest source that has one. Credentials (API key,
// token pair, or username and password) come from the highest source that
// has them and either names the same server or, like flags and environment
// variables without a URL, names none: a login saved for one server is never
// sent to another. TLS settings and the timeout follow the same pairing rule.
// Namespace and username come from the highest source that has one; the
// namespace defaults to "default".
//
// A sensuctl or profile file that cannot be read or parsed does not stop
// resolution: lower sources are still used. Its problem is returned as the
// error only if the result cannot connect; otherwise it becomes a warning.
// The Credentials are returned either way. No warning or error ever contains
// a secret.
func Resolve(f Flags, getenv func(string) string) (Credentials, []string, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	env, warnings := envLayer(getenv)
	layers := []layer{flagsLayer(f), env}
	var problems []error

	sensuctl, w, err := readSensuctl(sensuctlDir(f, getenv))
	warnings = append(warnings, w...)
	if err != nil {
		problems = append(problems, err)
	}
	layers = append(layers, sensuctl)

	profilePath := f.ProfilePath
	if profilePath == "" {
		profilePath = DefaultProfilePath(getenv)
	}
	if profilePath != "" {
		p, w, err := LoadProfile(profilePath)
		warnings = append(warnings, w...)
		if err != nil {
			problems = append(problems, err)
		}
		if l, ok := profileLayer(p, firstURL(layers)); ok {
			layers = append(layers, l)
		}
	}

	c := merge(layers)
	if !c.CanConnect() {
		warnings = append(warnings, skippedCredentials(layers, c)...)
		if len(problems) > 0 {
			return c, warnings, errors.Join(problems...)
		}
	}
	for _, p := range problems {
		warnings = append(warnings, p.Error())
	}
	return c, warnings, nil
}

// merge applies the precedence rules to layers, highest first.
func merge(layers []layer) Credentials {
	c := Credentials{URL: firstURL(layers)}
	var insecureSet bool
	for _, l := range layers {
		if c.URLSource == SourceNone && l.url != "" {
			c.URLSource = l.source
			if l.source == SourceProfile {
				c.Context = l.context
			}
		}
		if c.Namespace == "" {
			c.Namespace = l.namespace
		}
		if c.Username == "" {
			c.Username = l.username
		}
	}
	if c.Namespace == "" {
		c.Namespace = client.DefaultNamespace
	}
	for _, l := range layers {
		if !l.pairsWith(c.URL) {
			continue
		}
		if c.CredentialSource == SourceNone && l.hasCredentials(c.Username) {
			c.CredentialSource = l.source
			switch {
			case l.apiKey != "":
				c.APIKey = l.apiKey
			case usableTokens(l.tokens):
				c.Tokens = copyTokens(l.tokens)
			default:
				c.Password = l.password
			}
			if l.source == SourceProfile {
				c.Context = l.context
			}
		}
		if c.TrustedCAFile == "" {
			c.TrustedCAFile = l.trustedCAFile
		}
		if !insecureSet && l.insecure != nil {
			c.InsecureSkipTLSVerify, insecureSet = *l.insecure, true
		}
		if c.Timeout == 0 {
			c.Timeout = l.timeout
		}
		// Read-only is a safety setting: any source for this server can switch it on.
		c.ReadOnly = c.ReadOnly || l.readOnly
	}
	return c
}

func firstURL(layers []layer) string {
	for _, l := range layers {
		if l.url != "" {
			return l.url
		}
	}
	return ""
}

// skippedCredentials explains a failure to connect that the no-mixing rule
// caused, naming the servers but never the secrets.
func skippedCredentials(layers []layer, c Credentials) []string {
	if c.URL == "" {
		return nil
	}
	var out []string
	for _, l := range layers {
		if l.hasCredentials(c.Username) && !l.pairsWith(c.URL) {
			out = append(out, fmt.Sprintf("not using the %s credentials for %s: the API URL %s (from %s) is a different server",
				l.source, displayURL(l.url), displayURL(c.URL), c.URLSource))
		}
	}
	return out
}

// sensuctlDir is where sensuctl keeps its files: the flag, then sensuctl's
// own SENSU_CONFIG_DIR, then its default under the user's config home.
func sensuctlDir(f Flags, getenv func(string) string) string {
	if f.ConfigDir != "" {
		return f.ConfigDir
	}
	if d := getenv("SENSU_CONFIG_DIR"); d != "" {
		return d
	}
	if home := configHome(getenv); home != "" {
		return filepath.Join(home, "sensu", "sensuctl")
	}
	return ""
}

// configHome follows the XDG base directory rule: an absolute
// $XDG_CONFIG_HOME, else $HOME/.config; "" when neither is known.
func configHome(getenv func(string) string) string {
	if x := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(x) {
		return x
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".config")
	}
	return ""
}

// usableTokens requires both halves: without the refresh token the session
// dies with the access token and cannot be renewed.
func usableTokens(t *client.Tokens) bool {
	return t != nil && t.Access != "" && t.Refresh != ""
}

// copyTokens keeps callers from sharing, and later mutating, one token pair.
func copyTokens(t *client.Tokens) *client.Tokens {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

func authKind(apiKey string, tokens *client.Tokens, password string) string {
	switch {
	case apiKey != "":
		return "api-key"
	case usableTokens(tokens):
		return "tokens"
	case password != "":
		return "password"
	}
	return "none"
}

func sourceName(s Source) string {
	if s == SourceNone {
		return "none"
	}
	return string(s)
}

// Register adds the connection flags every subcommand shares to fs.
func (f *Flags) Register(fs *flag.FlagSet) {
	fs.StringVar(&f.APIURL, "api-url", "", "Sensu API URL, e.g. http://127.0.0.1:8080 (env SENSU_API_URL)")
	fs.StringVar(&f.APIKey, "api-key", "", "API key to authenticate with (env SENSU_API_KEY)")
	fs.StringVar(&f.Namespace, "namespace", "", "namespace to show (env SENSU_NAMESPACE; default \"default\")")
	fs.StringVar(&f.Username, "username", "", "username (env SENSU_USERNAME; the password may come from SENSU_PASSWORD)")
	fs.StringVar(&f.TrustedCAFile, "trusted-ca-file", "", "PEM file of a CA to trust for TLS (env SENSU_TRUSTED_CA_FILE)")
	fs.BoolVar(&f.InsecureSkipTLSVerify, "insecure-skip-tls-verify", false, "DANGEROUS: do not verify the server's TLS certificate")
	fs.StringVar(&f.ConfigDir, "config-dir", "", "sensuctl config directory to read a login from (default $XDG_CONFIG_HOME/sensu/sensuctl)")
	fs.StringVar(&f.ProfilePath, "profile", "", "sensu-tui profile file (default $XDG_CONFIG_HOME/sensu-tui/profile.json)")
}
