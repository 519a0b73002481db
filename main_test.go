package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestViewFlag(t *testing.T) {
	tests := map[string]struct {
		arg     string
		want    string // the view opened, or the error's words
		wantErr bool
	}{
		"a name":            {"checks", "checks", false},
		"an alias":          {"ev", "events", false},
		"any case":          {"SILENCES", "silences", false},
		"an unknown view":   {"bogus", `--view "bogus" is not a view: choose one of events, checks, apikeys`, true},
		"the default alone": {"", "events", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var args []string
			if tc.arg != "" {
				args = []string{"--view", tc.arg}
			}
			f, err := parseDashboardFlags(args, io.Discard)
			switch {
			case tc.wantErr && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			case !tc.wantErr && err != nil:
				t.Fatal(err)
			case !tc.wantErr && f.startView != tc.want:
				t.Fatalf("view %q, want %q", f.startView, tc.want)
			}
		})
	}
}

func TestVersionFlag(t *testing.T) {
	tests := map[string]struct {
		args []string
		set  string // the -ldflags value, "" for none
		want string
	}{
		"--version":                   {[]string{"--version"}, "", "sensu-tui dev\n"},
		"-version":                    {[]string{"-version"}, "", "sensu-tui dev\n"},
		"set by -ldflags":             {[]string{"--version"}, "v1.2.3", "sensu-tui v1.2.3\n"},
		"with other flags":            {[]string{"--read-only", "--version"}, "v1.2.3", "sensu-tui v1.2.3\n"},
		"before credentials are read": {[]string{"--api-url", "http://127.0.0.1:1", "--version"}, "", "sensu-tui dev\n"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			old := version
			version = tc.set
			defer func() { version = old }()
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d, stderr %q", code, stderr.String())
			}
			// A test binary has no module version in its build info.
			if stdout.String() != tc.want {
				t.Fatalf("printed %q, want %q", stdout.String(), tc.want)
			}
		})
	}
}
