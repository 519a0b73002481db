package client

import "testing"

// TestOriginsCompareSchemeHostAndPort checks the origin rule on URLs a
// Location may hold: the default port counts as given, and host names
// compare without case.
func TestOriginsCompareSchemeHostAndPort(t *testing.T) {
	tests := []struct {
		base, location string
		same           bool
	}{
		{"https://sensu.example.com", "https://sensu.example.com:443/api", true},
		{"http://sensu.example.com:80", "http://SENSU.example.com/api", true},
		{"https://sensu.example.com:8080", "https://sensu.example.com:8081/api", false},
		{"https://sensu.example.com:8080", "http://sensu.example.com:8080/api", false},
		{"https://sensu.example.com", "https://sensu.example.com.evil.net/api", false},
		{"http://[::1]:8080", "http://[::1]:8080/api", true},
		{"http://[::1]:8080", "http://127.0.0.1:8080/api", false},
	}
	for _, tc := range tests {
		if got := sameOrigin(tc.base, tc.location); got != tc.same {
			t.Errorf("SameOrigin(%q, %q) = %v, want %v", tc.base, tc.location, got, tc.same)
		}
	}
}
