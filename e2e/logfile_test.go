package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReadableLogFileIsWarnedAbout reuses a --log-file that other users
// can read: the dashboard must say so on screen, as it does for the
// profile, and leave changing the mode to the user.
func TestReadableLogFileIsWarnedAbout(t *testing.T) {
	requireTmux(t)
	path := filepath.Join(t.TempDir(), "debug.log")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil { // the umask may have narrowed it
		t.Fatal(err)
	}
	term := newTerminal(t, 160, 40, baseEnv(t), "--demo", "--log-file", path)
	term.WaitFor("Warning", "chmod 600 "+path, "debug log", "DEMO DATA")
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("the log file's mode changed: %v %v", fi.Mode(), err)
	}
}
