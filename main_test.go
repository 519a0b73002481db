package main

import (
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
