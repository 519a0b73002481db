package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/sensu-tui/sensu-tui/client"
)

func sampleProfile() Profile {
	var p Profile
	p.Put("lab", Context{URL: "http://lab:8080", Namespace: "labns", APIKey: "profKeyH6", ReadOnly: true})
	p.Put("", Context{URL: "https://prod.example.com:8443", Username: "ann",
		Tokens:        &client.Tokens{Access: "profAccessL1", ExpiresAt: 1700000000, Refresh: "profRefreshL2"},
		TrustedCAFile: "/ca.pem", InsecureSkipTLSVerify: true})
	return p
}

func TestSaveProfile(t *testing.T) {
	tests := map[string]struct {
		existingFile string // content of a file already at path, mode 0644
	}{
		"new directory and file": {},
		"replaces a loose file":  {existingFile: `{"current": "old"}`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "a", "sensu-tui")
			path := filepath.Join(dir, "profile.json")
			if tc.existingFile != "" {
				writeFile(t, path, tc.existingFile, 0o644)
				if err := os.Chmod(dir, 0o700); err != nil {
					t.Fatal(err)
				}
			}
			p := sampleProfile()
			if err := SaveProfile(path, p); err != nil {
				t.Fatal(err)
			}
			assertMode(t, path, 0o600)
			assertMode(t, dir, 0o700)
			assertOnlyFile(t, dir, "profile.json")

			got, warnings, err := LoadProfile(path)
			if err != nil || len(warnings) != 0 {
				t.Fatalf("LoadProfile: err %v, warnings %q", err, warnings)
			}
			if !reflect.DeepEqual(got, p) {
				t.Errorf("round trip:\n got %#v\nwant %#v", fields2(got), fields2(p))
			}
		})
	}
}

// fields2 renders a profile with its secrets, which Context.String hides.
func fields2(p Profile) string {
	var b strings.Builder
	fmt.Fprintf(&b, "current=%q", p.Current)
	for n, c := range p.Contexts {
		type plain Context
		fmt.Fprintf(&b, " %s=%+v", n, plain(c))
		if c.Tokens != nil {
			fmt.Fprintf(&b, " tokens=%+v", *c.Tokens)
		}
	}
	return b.String()
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %04o, want %04o", path, got, want)
	}
}

// assertOnlyFile proves no temporary file was left behind.
func assertOnlyFile(t *testing.T, dir, name string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != name {
		t.Errorf("%s holds %q, want only %q", dir, names, name)
	}
}

func TestSaveProfileKeepsExistingDirectoryMode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "profile.json")
	if err := SaveProfile(path, sampleProfile()); err != nil {
		t.Fatal(err)
	}
	assertMode(t, dir, 0o755)
	assertMode(t, path, 0o600)
	_, warnings, err := LoadProfile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !containsSubstring(warnings, "chmod 700 "+dir) {
		t.Errorf("no directory warning in %q", warnings)
	}
}

func TestSaveProfileFailureLeavesNoTempFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "profile.json")
	if err := os.Mkdir(path, 0o700); err != nil { // rename onto a directory fails
		t.Fatal(err)
	}
	if err := SaveProfile(path, sampleProfile()); err == nil {
		t.Fatal("SaveProfile over a directory succeeded")
	}
	assertOnlyFile(t, dir, "profile.json")
	if err := SaveProfile("", sampleProfile()); err == nil {
		t.Error("SaveProfile with no path succeeded")
	}
}

func TestSaveProfileConcurrent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "profile.json")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			var p Profile
			p.Put(fmt.Sprintf("c%d", i), Context{URL: fmt.Sprintf("http://h%d:8080", i), APIKey: strings.Repeat("k", 4096)})
			if err := SaveProfile(path, p); err != nil {
				t.Error(err)
			}
			if _, _, err := LoadProfile(path); err != nil {
				t.Error(err) // a reader must never see a half-written file
			}
		})
	}
	wg.Wait()
	assertOnlyFile(t, dir, "profile.json")
}

func TestPasswordNeverWritten(t *testing.T) {
	const password = "pwNeverSaveMe7"
	env := fakeEnv(map[string]string{"SENSU_API_URL": "http://h:8080", "SENSU_USERNAME": "bob", "SENSU_PASSWORD": password})
	c, _, err := Resolve(Flags{ProfilePath: filepath.Join(t.TempDir(), "none.json")}, env)
	if err != nil || c.Password != password {
		t.Fatalf("Resolve: %v, password resolved %t", err, c.Password == password)
	}
	// The session a login would produce, saved the way the UI saves it.
	c.Tokens = &client.Tokens{Access: "a", Refresh: "r"}
	var p Profile
	p.Put("", c.ToContext())
	path := filepath.Join(t.TempDir(), "profile.json")
	if err := SaveProfile(path, p); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(password)) || bytes.Contains(bytes.ToLower(data), []byte("password")) {
		t.Errorf("profile holds a password:\n%s", data)
	}
}

func TestLoadProfile(t *testing.T) {
	tests := map[string]struct {
		content  string // "" means no file
		fileMode os.FileMode
		dirMode  os.FileMode
		want     Profile
		wantErr  bool
		wantWarn []string // "$PATH" and "$DIR" are replaced
		noWarn   bool
	}{
		"missing file": {
			want: Profile{Contexts: map[string]Context{}}, noWarn: true,
		},
		"private file": {
			content: `{"current":"a","contexts":{"a":{"url":"http://a","api_key":"k"}}}`, fileMode: 0o600, dirMode: 0o700,
			want:   Profile{Current: "a", Contexts: map[string]Context{"a": {URL: "http://a", APIKey: "k"}}},
			noWarn: true,
		},
		"file readable by others": {
			content: `{"contexts":{}}`, fileMode: 0o644, dirMode: 0o700,
			want:     Profile{Contexts: map[string]Context{}},
			wantWarn: []string{"run chmod 600 $PATH: this sensu-tui profile holds credentials and is readable by other users (mode 0644)"},
		},
		"group-readable file in an open directory": {
			content: `{}`, fileMode: 0o640, dirMode: 0o755,
			want:     Profile{Contexts: map[string]Context{}},
			wantWarn: []string{"chmod 600 $PATH", "directory holding", "chmod 700 $DIR"},
		},
		"current context missing": {
			content: `{"current":"gone","contexts":{}}`, fileMode: 0o600, dirMode: 0o700,
			want:     Profile{Current: "gone", Contexts: map[string]Context{}},
			wantWarn: []string{`current context "gone" does not exist`},
		},
		"malformed": {
			content: `{"current": "a", "contexts": {"a": {"url": }}}`, fileMode: 0o600, dirMode: 0o700,
			want:    Profile{Contexts: map[string]Context{}},
			wantErr: true,
		},
		"wrong type": {
			content: `{"current": 3}`, fileMode: 0o600, dirMode: 0o700,
			want:    Profile{Contexts: map[string]Context{}},
			wantErr: true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "sensu-tui")
			path := filepath.Join(dir, "profile.json")
			if tc.content != "" {
				writeFile(t, path, tc.content, tc.fileMode)
				if err := os.Chmod(dir, tc.dirMode); err != nil {
					t.Fatal(err)
				}
			}
			got, warnings, err := LoadProfile(path)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %t", err, tc.wantErr)
			}
			if err != nil && (!errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), path)) {
				t.Errorf("error %q is not ErrMalformed naming %s", err, path)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("profile = %s, want %s", fields2(got), fields2(tc.want))
			}
			if tc.noWarn && len(warnings) > 0 {
				t.Errorf("unexpected warnings %q", warnings)
			}
			for _, w := range tc.wantWarn {
				w = strings.NewReplacer("$PATH", path, "$DIR", dir).Replace(w)
				if !containsSubstring(warnings, w) {
					t.Errorf("no warning contains %q; warnings: %q", w, warnings)
				}
			}
		})
	}
}

func TestPut(t *testing.T) {
	var p Profile
	p.Put("one", Context{URL: "http://one"})
	p.Put("", Context{URL: "https://Two.example.com:8443/api"})
	p.Put("one", Context{URL: "http://one", Namespace: "ns"})
	want := Profile{Current: "one", Contexts: map[string]Context{
		"one":                  {URL: "http://one", Namespace: "ns"},
		"two.example.com:8443": {URL: "https://Two.example.com:8443/api"},
	}}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("profile = %s, want %s", fields2(p), fields2(want))
	}
}

func TestContextName(t *testing.T) {
	tests := map[string]struct{ url, want string }{
		"host and port":        {"http://127.0.0.1:8080", "127.0.0.1:8080"},
		"no port":              {"https://sensu.example.com/", "sensu.example.com"},
		"no scheme":            {"localhost:8080", "localhost:8080"},
		"upper case":           {"HTTP://Sensu.Example.com:8080", "sensu.example.com:8080"},
		"user info is dropped": {"http://u:secret@h:8080", "h:8080"},
		"ipv6":                 {"http://[::1]:8080", "[::1]:8080"},
		"empty":                {"", "default"},
		"garbage":              {"http://", "default"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := ContextName(tc.url); got != tc.want {
				t.Errorf("ContextName(%q) = %q, want %q", tc.url, got, tc.want)
			}
		})
	}
}

func TestDefaultProfilePath(t *testing.T) {
	tests := map[string]struct {
		env  map[string]string
		want string
	}{
		"XDG":                  {map[string]string{"XDG_CONFIG_HOME": "/x", "HOME": "/h"}, "/x/sensu-tui/profile.json"},
		"HOME":                 {map[string]string{"HOME": "/h"}, "/h/.config/sensu-tui/profile.json"},
		"relative XDG ignored": {map[string]string{"XDG_CONFIG_HOME": "rel", "HOME": "/h"}, "/h/.config/sensu-tui/profile.json"},
		"nothing":              {map[string]string{}, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := DefaultProfilePath(fakeEnv(tc.env)); got != filepath.FromSlash(tc.want) {
				t.Errorf("DefaultProfilePath = %q, want %q", got, tc.want)
			}
		})
	}
}
