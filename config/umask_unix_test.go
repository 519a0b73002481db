//go:build unix

package config

import (
	"path/filepath"
	"syscall"
	"testing"
)

// The modes must not depend on the umask. Umask is process-wide, so this
// test must not run in parallel with others.
func TestSaveProfileIgnoresUmask(t *testing.T) {
	for name, mask := range map[string]int{"open umask": 0o000, "usual umask": 0o022, "odd umask": 0o177} {
		t.Run(name, func(t *testing.T) {
			old := syscall.Umask(mask)
			defer syscall.Umask(old)
			dir := filepath.Join(t.TempDir(), "new")
			path := filepath.Join(dir, "profile.json")
			if err := SaveProfile(path, sampleProfile()); err != nil {
				t.Fatal(err)
			}
			assertMode(t, path, 0o600)
			assertMode(t, dir, 0o700)
		})
	}
}
