package client_test

import (
	"testing"

	"github.com/sensu-tui/sensu-tui/client"
)

func TestSelector(t *testing.T) {
	labels := map[string]string{"team": "dev", "env": "prod", "role": "database"}
	tests := map[string]struct {
		selector string
		want     bool
	}{
		"empty":                  {"", true},
		"equal":                  {"team == dev", true},
		"equal without spaces":   {"team==dev", true},
		"equal, other value":     {"team == web", false},
		"equal, missing key":     {"region == eu", false},
		"not equal":              {"team != web", true},
		"not equal, same":        {"team != dev", false},
		"not equal, missing key": {"region != eu", true},
		"in":                     {"env in [prod, staging]", true},
		"in, quoted":             {`env in ["staging", "prod"]`, true},
		"not in list":            {"env in [dev]", false},
		"notin":                  {"env notin [dev, staging]", true},
		"notin, listed":          {"env notin [prod]", false},
		"matches":                {"role matches data", true},
		"matches, no":            {"role matches web", false},
		"and, both":              {"team == dev && env == prod", true},
		"and, one fails":         {"team == dev && env == dev", false},
		"quoted value":           {`team == "dev"`, true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := client.ParseSelector(tc.selector)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Matches(labels); got != tc.want {
				t.Fatalf("%q on %v = %v, want %v", tc.selector, labels, got, tc.want)
			}
		})
	}
	for _, bad := range []string{"team", "env in prod", "== dev", "role matches"} {
		if _, err := client.ParseSelector(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
