package config

import (
	"os"
	"path/filepath"
	"testing"
)

// fakeEnv is a getenv that sees only m.
func fakeEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// writeFile writes content with the given mode, creating the directory the
// way sensuctl does (world-readable), so permission warnings are exercised.
func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // umask may have narrowed it
		t.Fatal(err)
	}
}

// Realistic sensuctl files, shaped as `sensuctl configure` writes them
// (json.MarshalIndent with two spaces, Duration as nanoseconds).
const (
	sensuctlClusterProd = `{
  "api-url": "http://prod.example.com:8080",
  "trusted-ca-file": "/etc/sensu/prod-ca.pem",
  "insecure-skip-tls-verify": true,
  "access_token": "sctlAccessQx7Zr9Vw",
  "expires_at": 1550082282,
  "refresh_token": "sctlRefreshKp4Jm2Ty",
  "timeout": 15000000000
}`
	// A newer sensuctl configured with an API key and no session.
	sensuctlClusterAPIKey = `{
  "api-url": "https://sensu.example.com",
  "trusted-ca-file": "",
  "insecure-skip-tls-verify": false,
  "access_token": "",
  "expires_at": 0,
  "refresh_token": "",
  "timeout": 30000000000,
  "api-key": "sctlKey83b1f0aa-8e1d-4c2b-9a11-6f0e2d7c5b44"
}`
	// After `sensuctl logout` the tokens are emptied but the URL stays.
	sensuctlClusterLoggedOut = `{
  "api-url": "http://prod.example.com:8080",
  "trusted-ca-file": "",
  "insecure-skip-tls-verify": false,
  "access_token": "",
  "expires_at": 0,
  "refresh_token": "",
  "timeout": 15000000000
}`
	sensuctlProfileDemo = `{
  "format": "tabular",
  "namespace": "demo",
  "username": "admin"
}`
)
