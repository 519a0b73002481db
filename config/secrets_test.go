package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sensu-tui/sensu-tui/client"
)

// Distinctive secrets, so that any recognisable piece of one in a message
// is caught.
var secrets = []string{
	"Q7xZ2vLpAcc3ssTok", "W9kM4tRbRefr3shTok", "J3nH8cYdAp1K3y",
	"F6gS1uXeP4ssW0rd", "B5qN0wKaSctlT0k", "T2mV7pLzSctlK3y",
}

// assertNoSecret fails if msg holds any 8-character piece of a secret.
func assertNoSecret(t *testing.T, what, msg string) {
	t.Helper()
	for _, s := range secrets {
		for i := 0; i+8 <= len(s); i++ {
			if piece := s[i : i+8]; strings.Contains(msg, piece) {
				t.Errorf("%s leaks part of a secret (%q): %s", what, piece, msg)
				return
			}
		}
	}
}

func assertMessagesClean(t *testing.T, warnings []string, err error) {
	t.Helper()
	for _, w := range warnings {
		assertNoSecret(t, "warning", w)
	}
	if err != nil {
		assertNoSecret(t, "error", err.Error())
		assertNoSecret(t, "error", fmt.Sprintf("%+v", err))
	}
}

func TestNoSecretsInMessages(t *testing.T) {
	var profile Profile
	profile.Put("prod", Context{URL: "http://prod:8080", APIKey: secrets[2],
		Tokens: &client.Tokens{Access: secrets[0], ExpiresAt: 1, Refresh: secrets[1]}})
	sensuctlCluster := fmt.Sprintf(`{
  "api-url": "http://sctl:8080",
  "trusted-ca-file": "",
  "insecure-skip-tls-verify": false,
  "access_token": %q,
  "expires_at": 1550082282,
  "refresh_token": %q,
  "timeout": 15000000000,
  "api-key": %q
}`, secrets[4], secrets[1], secrets[5])

	corruptions := map[string]func(string) []string{
		// Cut the file at every byte, so truncation lands inside each secret.
		"truncated": func(s string) []string {
			var out []string
			for i := 1; i < len(s)-1; i++ {
				out = append(out, s[:i])
			}
			return out
		},
		// A stray character right before each secret, inside each secret,
		// and in place of its closing quote.
		"garbled": func(s string) []string {
			var out []string
			for _, sec := range secrets {
				if i := strings.Index(s, sec); i >= 0 {
					out = append(out, s[:i]+"\x00"+s[i:], s[:i+5]+"\"}"+s[i+5:], s[:i+len(sec)]+s[i+len(sec)+1:])
				}
			}
			return out
		},
		// Secrets where numbers or objects belong.
		"wrong types": func(s string) []string {
			return []string{
				strings.Replace(s, "1550082282", `"`+secrets[0]+`"`, 1),
				strings.Replace(s, "15000000000", `"`+secrets[2]+`"`, 1),
				strings.Replace(s, `"expires_at": 1,`, `"expires_at": "`+secrets[0]+`",`, 1),
				`"` + secrets[3] + `"`,
				`[` + secrets[3] + `]`,
			}
		},
	}

	for name, corrupt := range corruptions {
		t.Run(name, func(t *testing.T) {
			home := t.TempDir()
			env := map[string]string{
				"HOME": home, "SENSU_PASSWORD": secrets[3],
				// Bad values that happen to be secrets must not be echoed.
				"SENSU_TIMEOUT": secrets[2], "SENSU_INSECURE_SKIP_TLS_VERIFY": secrets[0],
				"SENSU_ACCESS_TOKEN": secrets[0], "SENSU_ACCESS_TOKEN_EXPIRES_AT": secrets[1],
			}
			profilePath := DefaultProfilePath(fakeEnv(env))
			if err := SaveProfile(profilePath, profile); err != nil {
				t.Fatal(err)
			}
			good, err := os.ReadFile(profilePath)
			if err != nil {
				t.Fatal(err)
			}
			clusterPath := filepath.Join(home, ".config/sensu/sensuctl/cluster")

			variants := corrupt(string(good))
			sctlVariants := corrupt(sensuctlCluster)
			for i := range max(len(variants), len(sctlVariants)) {
				writeFile(t, profilePath, variants[i%len(variants)], 0o644)
				writeFile(t, clusterPath, sctlVariants[i%len(sctlVariants)], 0o644)

				_, warnings, err := LoadProfile(profilePath)
				assertMessagesClean(t, warnings, err)

				_, warnings, err = Resolve(Flags{}, fakeEnv(env))
				assertMessagesClean(t, warnings, err)
				// Flags for another server: the skipped-credentials notes too.
				_, warnings, err = Resolve(Flags{APIURL: "http://elsewhere"}, fakeEnv(env))
				assertMessagesClean(t, warnings, err)
			}
		})
	}
}

func TestNoSecretsWhenValid(t *testing.T) {
	home := t.TempDir()
	env := map[string]string{"HOME": home, "SENSU_PASSWORD": secrets[3], "SENSU_USERNAME": "u"}
	var p Profile
	p.Put("prod", Context{URL: "http://u:" + secrets[3] + "@prod:8080", APIKey: secrets[2],
		Tokens: &client.Tokens{Access: secrets[0], Refresh: secrets[1]}})
	path := DefaultProfilePath(fakeEnv(env))
	if err := SaveProfile(path, p); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(home, ".config/sensu/sensuctl/cluster"),
		fmt.Sprintf(`{"api-url": "http://sctl:8080", "access_token": %q, "refresh_token": %q}`, secrets[4], secrets[1]), 0o644)

	for _, f := range []Flags{{}, {APIURL: "http://elsewhere"}, {APIKey: secrets[5]}} {
		c, warnings, err := Resolve(f, fakeEnv(env))
		assertMessagesClean(t, warnings, err)
		if len(warnings) == 0 {
			t.Error("expected permission warnings")
		}
		// Printing resolved credentials or contexts must not show secrets.
		for _, s := range []string{c.String(), fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c),
			fmt.Sprint(p), fmt.Sprintf("%+v", p), fmt.Sprintf("%#v", p.Contexts["prod"])} {
			assertNoSecret(t, "formatted value", s)
		}
	}
}
