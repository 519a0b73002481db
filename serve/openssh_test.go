//go:build unix

package serve

import (
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/internal/tmuxtest"
)

// writePrivateKey saves k in OpenSSH format for ssh -i.
func writePrivateKey(t *testing.T, k userKey) string {
	t.Helper()
	block, err := gossh.MarshalPrivateKey(k.priv, "")
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, filepath.Join(t.TempDir(), "id_ed25519"), string(pem.EncodeToMemory(block)), 0o600)
}

// TestOpenSSHClient is the whole path a user takes: OpenSSH's ssh in a
// terminal, the login view, a password login and the events.
func TestOpenSSHClient(t *testing.T) {
	tmuxtest.RequireTools(t, "ssh", "tmux")
	bin, err := tmuxtest.Build(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	url := tmuxtest.FakeBackend(t, bin)
	alice := newUserKey(t)
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- Run([]string{"--listen", "127.0.0.1:0", "--host-key", filepath.Join(t.TempDir(), "host_key"),
			"--authorized-keys", authorizedKeys(t, alice), "--api-url", url}, stdout, stderr)
	}()
	addr := waitForListen(t, stdout)
	port := addr[strings.LastIndex(addr, ":")+1:]

	ssh := strings.Join([]string{"ssh", "-F", "/dev/null", "-i", writePrivateKey(t, alice), "-p", port,
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes",
		"-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-tt", "alice@127.0.0.1"}, " ")
	pane := tmuxtest.New(t, 120, 40, ssh+"; echo ssh exited $?; sleep 30")

	pane.WaitFor("log in", "Username", url)
	pane.Type(fakebackend.AdminUser)
	pane.Keys("Tab")
	pane.Type(fakebackend.AdminPassword)
	pane.Keys("Enter")
	screen := pane.WaitFor("[1 events]", "ns:default", "CRIT", "updated")
	if strings.Contains(screen, fakebackend.AdminPassword) {
		t.Fatalf("the password is on screen:\n%s", screen)
	}
	pane.Keys("q")
	pane.WaitFor("ssh exited 0") // the program left the alternate screen and ssh ended cleanly

	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-code:
		if c != 0 {
			t.Fatalf("serve exited %d:\n%s", c, stderr)
		}
	case <-time.After(waitLimit):
		t.Fatal("serve did not stop on SIGTERM")
	}
	if !strings.Contains(stderr.String(), `user="alice"`) || !strings.Contains(stderr.String(), alice.fingerprint()) {
		t.Fatalf("no session line for alice:\n%s", stderr)
	}
	if strings.Contains(stderr.String(), fakebackend.AdminPassword) {
		t.Fatal("the password reached the log")
	}
}
