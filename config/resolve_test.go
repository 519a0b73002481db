package config

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
)

var prodTokens = &client.Tokens{Access: "sctlAccessQx7Zr9Vw", ExpiresAt: 1550082282, Refresh: "sctlRefreshKp4Jm2Ty"}

func TestResolve(t *testing.T) {
	const sctlDir = ".config/sensu/sensuctl"
	tests := map[string]struct {
		flags Flags
		env   map[string]string // "$HOME" is replaced by the test's home
		// sensuctl files, written under home/sensuctlDir; "" means absent
		cluster, sprofile string
		sensuctlDir       string
		profile           *Profile // saved at the default profile path
		want              Credentials
		canConnect        bool
		wantErr           bool
		wantWarn          []string
	}{
		"empty everything": {
			want: Credentials{Namespace: "default"},
		},
		"sensuctl login": {
			cluster: sensuctlClusterProd, sprofile: sensuctlProfileDemo,
			want: Credentials{URL: "http://prod.example.com:8080", Namespace: "demo", Username: "admin",
				Tokens: prodTokens, TrustedCAFile: "/etc/sensu/prod-ca.pem", InsecureSkipTLSVerify: true,
				Timeout: 15 * time.Second, URLSource: SourceSensuctl, CredentialSource: SourceSensuctl},
			canConnect: true,
			wantWarn:   []string{"chmod 600 $HOME/" + sctlDir + "/cluster", "chmod 700 $HOME/" + sctlDir},
		},
		"sensuctl api key (newer format)": {
			cluster: sensuctlClusterAPIKey,
			want: Credentials{URL: "https://sensu.example.com", Namespace: "default",
				APIKey: "sctlKey83b1f0aa-8e1d-4c2b-9a11-6f0e2d7c5b44", Timeout: 30 * time.Second,
				URLSource: SourceSensuctl, CredentialSource: SourceSensuctl},
			canConnect: true,
		},
		"flags URL differs from sensuctl: no sensuctl tokens or TLS": {
			flags:   Flags{APIURL: "http://other:8080"},
			cluster: sensuctlClusterProd, sprofile: sensuctlProfileDemo,
			want: Credentials{URL: "http://other:8080", Namespace: "demo", Username: "admin",
				URLSource: SourceFlags},
			wantWarn: []string{"not using the sensuctl credentials for http://prod.example.com:8080"},
		},
		"flags URL is sensuctl's server spelt differently": {
			flags:   Flags{APIURL: "HTTP://Prod.Example.com:8080/"},
			cluster: sensuctlClusterProd,
			want: Credentials{URL: "HTTP://Prod.Example.com:8080/", Namespace: "default",
				Tokens: prodTokens, TrustedCAFile: "/etc/sensu/prod-ca.pem", InsecureSkipTLSVerify: true,
				Timeout: 15 * time.Second, URLSource: SourceFlags, CredentialSource: SourceSensuctl},
			canConnect: true,
		},
		"flags key pairs with sensuctl URL": {
			flags:   Flags{APIKey: "flagKeyZ9", Namespace: "ops", TrustedCAFile: "/flag-ca.pem"},
			cluster: sensuctlClusterProd, sprofile: sensuctlProfileDemo,
			want: Credentials{URL: "http://prod.example.com:8080", Namespace: "ops", Username: "admin",
				APIKey: "flagKeyZ9", TrustedCAFile: "/flag-ca.pem", InsecureSkipTLSVerify: true,
				Timeout: 15 * time.Second, URLSource: SourceSensuctl, CredentialSource: SourceFlags},
			canConnect: true,
		},
		"env beats sensuctl": {
			env:     map[string]string{"SENSU_API_URL": "https://env.example.com", "SENSU_API_KEY": "envKeyW3", "SENSU_NAMESPACE": "envns"},
			cluster: sensuctlClusterProd, sprofile: sensuctlProfileDemo,
			want: Credentials{URL: "https://env.example.com", Namespace: "envns", Username: "admin",
				APIKey: "envKeyW3", URLSource: SourceEnvironment, CredentialSource: SourceEnvironment},
			canConnect: true,
		},
		"flags beat env": {
			flags: Flags{APIURL: "http://flag:8080", APIKey: "flagKeyZ9", Username: "fl"},
			env:   map[string]string{"SENSU_API_URL": "http://env:8080", "SENSU_API_KEY": "envKeyW3", "SENSU_USERNAME": "en"},
			want: Credentials{URL: "http://flag:8080", Namespace: "default", Username: "fl",
				APIKey: "flagKeyZ9", URLSource: SourceFlags, CredentialSource: SourceFlags},
			canConnect: true,
		},
		"env key for another server is not sent to the flags URL": {
			flags:    Flags{APIURL: "http://flag:8080"},
			env:      map[string]string{"SENSU_API_URL": "http://env:8080", "SENSU_API_KEY": "envKeyW3"},
			want:     Credentials{URL: "http://flag:8080", Namespace: "default", URLSource: SourceFlags},
			wantWarn: []string{"not using the environment credentials for http://env:8080"},
		},
		"env key without URL pairs with sensuctl URL": {
			env:     map[string]string{"SENSU_API_KEY": "envKeyW3"},
			cluster: sensuctlClusterProd,
			want: Credentials{URL: "http://prod.example.com:8080", Namespace: "default",
				APIKey: "envKeyW3", TrustedCAFile: "/etc/sensu/prod-ca.pem", InsecureSkipTLSVerify: true,
				Timeout: 15 * time.Second, URLSource: SourceSensuctl, CredentialSource: SourceEnvironment},
			canConnect: true,
		},
		"env URL differs from sensuctl": {
			env:     map[string]string{"SENSU_API_URL": "http://staging:8080"},
			cluster: sensuctlClusterProd, sprofile: sensuctlProfileDemo,
			want: Credentials{URL: "http://staging:8080", Namespace: "demo", Username: "admin",
				URLSource: SourceEnvironment},
		},
		"env TLS overrides sensuctl's for the same server": {
			env:     map[string]string{"SENSU_INSECURE_SKIP_TLS_VERIFY": "false", "SENSU_TRUSTED_CA_FILE": "/env-ca.pem", "SENSU_TIMEOUT": "1m"},
			cluster: sensuctlClusterProd,
			want: Credentials{URL: "http://prod.example.com:8080", Namespace: "default",
				Tokens: prodTokens, TrustedCAFile: "/env-ca.pem", Timeout: time.Minute,
				URLSource: SourceSensuctl, CredentialSource: SourceSensuctl},
			canConnect: true,
		},
		"env username and password": {
			env: map[string]string{"SENSU_API_URL": "http://new:8080", "SENSU_USERNAME": "bob", "SENSU_PASSWORD": " pw with spaces "},
			want: Credentials{URL: "http://new:8080", Namespace: "default", Username: "bob",
				Password: " pw with spaces ", URLSource: SourceEnvironment, CredentialSource: SourceEnvironment},
			canConnect: true,
		},
		"password with username from sensuctl profile": {
			env:      map[string]string{"SENSU_PASSWORD": "pwR5"},
			cluster:  sensuctlClusterLoggedOut,
			sprofile: sensuctlProfileDemo,
			want: Credentials{URL: "http://prod.example.com:8080", Namespace: "demo", Username: "admin",
				Password: "pwR5", Timeout: 15 * time.Second, URLSource: SourceSensuctl, CredentialSource: SourceEnvironment},
			canConnect: true,
		},
		"password without any username cannot connect": {
			env:  map[string]string{"SENSU_API_URL": "http://new:8080", "SENSU_PASSWORD": "pwR5"},
			want: Credentials{URL: "http://new:8080", Namespace: "default", URLSource: SourceEnvironment},
		},
		"tokens exported by sensuctl env": {
			env: map[string]string{"SENSU_API_URL": "http://127.0.0.1:8080", "SENSU_ACCESS_TOKEN": "envAccessU8",
				"SENSU_ACCESS_TOKEN_EXPIRES_AT": "1567716187", "SENSU_REFRESH_TOKEN": "envRefreshN2",
				"SENSU_INSECURE_SKIP_TLS_VERIFY": "true", "SENSU_TIMEOUT": "42s"},
			want: Credentials{URL: "http://127.0.0.1:8080", Namespace: "default",
				Tokens:                &client.Tokens{Access: "envAccessU8", ExpiresAt: 1567716187, Refresh: "envRefreshN2"},
				InsecureSkipTLSVerify: true, Timeout: 42 * time.Second,
				URLSource: SourceEnvironment, CredentialSource: SourceEnvironment},
			canConnect: true,
		},
		"bad env values are ignored with warnings": {
			env: map[string]string{"SENSU_API_URL": "http://e", "SENSU_INSECURE_SKIP_TLS_VERIFY": "maybe",
				"SENSU_TIMEOUT": "soon", "SENSU_ACCESS_TOKEN": "envAccessU8"},
			want: Credentials{URL: "http://e", Namespace: "default", URLSource: SourceEnvironment},
			wantWarn: []string{"SENSU_INSECURE_SKIP_TLS_VERIFY is not true or false", "SENSU_TIMEOUT is not",
				"must be set together"},
		},
		"profile fallback": {
			profile: &Profile{Current: "lab", Contexts: map[string]Context{
				"lab": {URL: "http://lab:8080", Namespace: "labns", Username: "ann", APIKey: "profKeyH6", InsecureSkipTLSVerify: true},
			}},
			want: Credentials{URL: "http://lab:8080", Namespace: "labns", Username: "ann", APIKey: "profKeyH6",
				InsecureSkipTLSVerify: true, URLSource: SourceProfile, CredentialSource: SourceProfile, Context: "lab"},
			canConnect: true,
		},
		"profile context matching the flags URL is used": {
			flags: Flags{APIURL: "http://b:8080"},
			profile: &Profile{Current: "a", Contexts: map[string]Context{
				"a": {URL: "http://a:8080", APIKey: "profKeyA1"},
				"b": {URL: "http://b:8080/", Namespace: "bns", APIKey: "profKeyB2"},
			}},
			want: Credentials{URL: "http://b:8080", Namespace: "bns", APIKey: "profKeyB2",
				URLSource: SourceFlags, CredentialSource: SourceProfile, Context: "b"},
			canConnect: true,
		},
		"profile credentials are not sent to another server": {
			flags: Flags{APIURL: "http://c:8080"},
			profile: &Profile{Current: "a", Contexts: map[string]Context{
				"a": {URL: "http://a:8080", Namespace: "ans", APIKey: "profKeyA1", TrustedCAFile: "/a-ca.pem"},
			}},
			want:     Credentials{URL: "http://c:8080", Namespace: "ans", URLSource: SourceFlags},
			wantWarn: []string{"not using the profile credentials for http://a:8080"},
		},
		"sensuctl beats profile": {
			cluster: sensuctlClusterProd,
			profile: &Profile{Current: "lab", Contexts: map[string]Context{
				"lab": {URL: "http://lab:8080", Username: "ann", APIKey: "profKeyH6"},
			}},
			want: Credentials{URL: "http://prod.example.com:8080", Namespace: "default", Username: "ann",
				Tokens: prodTokens, TrustedCAFile: "/etc/sensu/prod-ca.pem", InsecureSkipTLSVerify: true,
				Timeout: 15 * time.Second, URLSource: SourceSensuctl, CredentialSource: SourceSensuctl},
			canConnect: true,
		},
		"logged-out sensuctl falls back to profile for the same server": {
			cluster: sensuctlClusterLoggedOut,
			profile: &Profile{Current: "prod", Contexts: map[string]Context{
				"prod": {URL: "http://prod.example.com:8080", Tokens: &client.Tokens{Access: "profAccessL1", Refresh: "profRefreshL2"}},
			}},
			want: Credentials{URL: "http://prod.example.com:8080", Namespace: "default",
				Tokens:  &client.Tokens{Access: "profAccessL1", Refresh: "profRefreshL2"},
				Timeout: 15 * time.Second, URLSource: SourceSensuctl, CredentialSource: SourceProfile, Context: "prod"},
			canConnect: true,
		},
		"sensuctl dir from SENSU_CONFIG_DIR": {
			env:         map[string]string{"SENSU_CONFIG_DIR": "$HOME/elsewhere"},
			sensuctlDir: "elsewhere",
			cluster:     sensuctlClusterAPIKey,
			want: Credentials{URL: "https://sensu.example.com", Namespace: "default",
				APIKey: "sctlKey83b1f0aa-8e1d-4c2b-9a11-6f0e2d7c5b44", Timeout: 30 * time.Second,
				URLSource: SourceSensuctl, CredentialSource: SourceSensuctl},
			canConnect: true,
		},
		"sensuctl dir from --config-dir beats SENSU_CONFIG_DIR": {
			flags:       Flags{ConfigDir: "$HOME/flagdir"},
			env:         map[string]string{"SENSU_CONFIG_DIR": "$HOME/elsewhere"},
			sensuctlDir: "flagdir",
			cluster:     sensuctlClusterAPIKey,
			want: Credentials{URL: "https://sensu.example.com", Namespace: "default",
				APIKey: "sctlKey83b1f0aa-8e1d-4c2b-9a11-6f0e2d7c5b44", Timeout: 30 * time.Second,
				URLSource: SourceSensuctl, CredentialSource: SourceSensuctl},
			canConnect: true,
		},
		"sensuctl dir under XDG_CONFIG_HOME": {
			env:         map[string]string{"XDG_CONFIG_HOME": "$HOME/xdg"},
			sensuctlDir: "xdg/sensu/sensuctl",
			cluster:     sensuctlClusterAPIKey,
			want: Credentials{URL: "https://sensu.example.com", Namespace: "default",
				APIKey: "sctlKey83b1f0aa-8e1d-4c2b-9a11-6f0e2d7c5b44", Timeout: 30 * time.Second,
				URLSource: SourceSensuctl, CredentialSource: SourceSensuctl},
			canConnect: true,
		},
		"malformed sensuctl file is a warning when flags can connect": {
			flags:      Flags{APIURL: "http://f:8080", APIKey: "flagKeyZ9"},
			cluster:    `{"api-url": "http://prod.example.com:8080", "access_token": "sctlAcc`,
			want:       Credentials{URL: "http://f:8080", Namespace: "default", APIKey: "flagKeyZ9", URLSource: SourceFlags, CredentialSource: SourceFlags},
			wantWarn:   []string{"$HOME/" + sctlDir + "/cluster: invalid JSON"},
			canConnect: true,
		},
		"malformed sensuctl file is the error when nothing can connect": {
			cluster:  `{"api-url": "http://prod.example.com:8080", "access_token": "sctlAcc`,
			sprofile: sensuctlProfileDemo,
			want:     Credentials{Namespace: "demo", Username: "admin"},
			wantErr:  true,
		},
		"malformed sensuctl profile keeps the cluster login": {
			cluster:  sensuctlClusterProd,
			sprofile: `["not", "an", "object"]`,
			want: Credentials{URL: "http://prod.example.com:8080", Namespace: "default",
				Tokens: prodTokens, TrustedCAFile: "/etc/sensu/prod-ca.pem", InsecureSkipTLSVerify: true,
				Timeout: 15 * time.Second, URLSource: SourceSensuctl, CredentialSource: SourceSensuctl},
			canConnect: true,
			wantWarn:   []string{"$HOME/" + sctlDir + "/profile: holds a array"},
		},
		"insecure flag beats sensuctl": {
			flags:   Flags{InsecureSkipTLSVerify: true},
			cluster: sensuctlClusterAPIKey,
			want: Credentials{URL: "https://sensu.example.com", Namespace: "default",
				APIKey: "sctlKey83b1f0aa-8e1d-4c2b-9a11-6f0e2d7c5b44", InsecureSkipTLSVerify: true, Timeout: 30 * time.Second,
				URLSource: SourceSensuctl, CredentialSource: SourceSensuctl},
			canConnect: true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			home := t.TempDir()
			expand := func(s string) string { return strings.ReplaceAll(s, "$HOME", home) }
			env := map[string]string{"HOME": home}
			for k, v := range tc.env {
				env[k] = expand(v)
			}
			flags := tc.flags
			flags.ConfigDir = expand(flags.ConfigDir)
			dir := tc.sensuctlDir
			if dir == "" {
				dir = sctlDir
			}
			if tc.cluster != "" {
				writeFile(t, filepath.Join(home, dir, "cluster"), tc.cluster, 0o644)
			}
			if tc.sprofile != "" {
				writeFile(t, filepath.Join(home, dir, "profile"), tc.sprofile, 0o644)
			}
			if tc.profile != nil {
				if err := SaveProfile(DefaultProfilePath(fakeEnv(env)), *tc.profile); err != nil {
					t.Fatal(err)
				}
			}

			got, warnings, err := Resolve(flags, fakeEnv(env))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %t (warnings %q)", err, tc.wantErr, warnings)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("credentials:\n got %+v\nwant %+v", fields(got), fields(tc.want))
			}
			if got.CanConnect() != tc.canConnect {
				t.Errorf("CanConnect = %t, want %t", got.CanConnect(), tc.canConnect)
			}
			for _, w := range tc.wantWarn {
				if !containsSubstring(warnings, expand(w)) {
					t.Errorf("no warning contains %q; warnings: %q", expand(w), warnings)
				}
			}
		})
	}
}

// fields shows every field, secrets included, which only a test may do.
func fields(c Credentials) map[string]any {
	m := map[string]any{}
	v := reflect.ValueOf(c)
	for i := range v.NumField() {
		f := v.Field(i)
		if p, ok := f.Interface().(*client.Tokens); ok && p != nil {
			m[v.Type().Field(i).Name] = *p
			continue
		}
		m[v.Type().Field(i).Name] = f.Interface()
	}
	return m
}

func containsSubstring(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestResolveErrorJoinsFiles(t *testing.T) {
	home := t.TempDir()
	env := map[string]string{"HOME": home}
	writeFile(t, filepath.Join(home, ".config/sensu/sensuctl/cluster"), `{`, 0o600)
	writeFile(t, DefaultProfilePath(fakeEnv(env)), `{"contexts": 7}`, 0o600)
	_, _, err := Resolve(Flags{}, fakeEnv(env))
	if !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v, want ErrMalformed", err)
	}
	for _, want := range []string{"sensuctl/cluster", "profile.json", `field "contexts"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestCredentialsClientConfig(t *testing.T) {
	c := Credentials{URL: "http://x", Namespace: "ns", Username: "u", Password: "pw", Tokens: &client.Tokens{Access: "a", Refresh: "r"},
		TrustedCAFile: "/ca", InsecureSkipTLSVerify: true, Timeout: time.Second}
	cfg := c.ClientConfig()
	want := client.Config{URL: "http://x", Namespace: "ns", Tokens: &client.Tokens{Access: "a", Refresh: "r"},
		TrustedCAFile: "/ca", InsecureSkipTLSVerify: true, Timeout: time.Second}
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("ClientConfig = %+v, want %+v", cfg, want)
	}
	cfg.Tokens.Access = "changed"
	if c.Tokens.Access != "a" {
		t.Error("ClientConfig shares its token pair with the Credentials")
	}
}

func TestCanConnect(t *testing.T) {
	tests := map[string]struct {
		c    Credentials
		want bool
	}{
		"nothing":             {Credentials{}, false},
		"URL only":            {Credentials{URL: "http://x"}, false},
		"key without URL":     {Credentials{APIKey: "k"}, false},
		"URL and key":         {Credentials{URL: "http://x", APIKey: "k"}, true},
		"URL and token pair":  {Credentials{URL: "http://x", Tokens: &client.Tokens{Access: "a", Refresh: "r"}}, true},
		"half a token pair":   {Credentials{URL: "http://x", Tokens: &client.Tokens{Access: "a"}}, false},
		"username+password":   {Credentials{URL: "http://x", Username: "u", Password: "p"}, true},
		"password, no user":   {Credentials{URL: "http://x", Password: "p"}, false},
		"username, no secret": {Credentials{URL: "http://x", Username: "u"}, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := tc.c.CanConnect(); got != tc.want {
				t.Errorf("CanConnect = %t, want %t", got, tc.want)
			}
		})
	}
}

func TestSameServer(t *testing.T) {
	tests := map[string]struct {
		a, b string
		want bool
	}{
		"identical":          {"http://h:8080", "http://h:8080", true},
		"case and slash":     {"HTTP://H:8080/", "http://h:8080", true},
		"default http port":  {"http://h:80", "http://h", true},
		"default https port": {"https://h:443/", "https://h", true},
		"no scheme":          {"h:8080", "http://h:8080", true},
		"different port":     {"http://h:8080", "http://h:8081", false},
		"different scheme":   {"http://h", "https://h", false},
		"different host":     {"http://prod", "http://other", false},
		"different path":     {"http://h/a", "http://h/b", false},
		"ipv6":               {"http://[::1]:8080", "http://[::1]:8080/", true},
		"empty":              {"", "", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := sameServer(tc.a, tc.b); got != tc.want {
				t.Errorf("sameServer(%q, %q) = %t, want %t", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

func TestReadOnlyProfileContextSwitchesClientToReadOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "profile.json")
	p := Profile{}
	p.Put("prod", Context{URL: "https://prod:8080", APIKey: "k", ReadOnly: true})
	if err := SaveProfile(path, p); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		flags Flags
		want  bool
	}{
		"profile alone":                {Flags{ProfilePath: path}, true},
		"flag URL for the same server": {Flags{ProfilePath: path, APIURL: "https://prod:8080/"}, true},
		"flag URL for another server":  {Flags{ProfilePath: path, APIURL: "https://other:8080", APIKey: "x"}, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			tc.flags.ConfigDir = filepath.Join(dir, "no-sensuctl")
			c, _, err := Resolve(tc.flags, func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			if c.ReadOnly != tc.want || c.ClientConfig().ReadOnly != tc.want {
				t.Fatalf("ReadOnly = %v, want %v", c.ReadOnly, tc.want)
			}
		})
	}
}
