//go:build unix

package serve

import (
	"bufio"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// requireTools fails in CI, where .ci/run installs ssh and tmux, and skips
// loudly elsewhere.
func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is required for the OpenSSH end-to-end test", tool)
			}
			t.Skipf("%s is not installed: the OpenSSH end-to-end test needs it (apt-get install openssh-client tmux)", tool)
		}
	}
}

// startBinaryFakeBackend builds sensu-tui and runs its fake-backend
// subcommand on a free port, returning the URL it prints.
func startBinaryFakeBackend(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sensu-tui")
	build := exec.Command("go", "build", "-o", bin, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building sensu-tui: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "fake-backend", "--listen", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if url, ok := strings.CutPrefix(lines.Text(), "Fake Sensu API on "); ok {
			go func() {
				for lines.Scan() {
				}
			}()
			return url
		}
	}
	t.Fatal("the fake backend did not print its URL")
	return ""
}

// writePrivateKey saves k in OpenSSH format for ssh -i.
func writePrivateKey(t *testing.T, k userKey) string {
	t.Helper()
	block, err := gossh.MarshalPrivateKey(k.priv, "")
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, filepath.Join(t.TempDir(), "id_ed25519"), string(pem.EncodeToMemory(block)), 0o600)
}

// tmuxPane is one pane on a private tmux server.
type tmuxPane struct {
	t      *testing.T
	socket string
}

func (p *tmuxPane) run(args ...string) string {
	p.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", p.socket}, args...)...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (p *tmuxPane) waitFor(wants ...string) string {
	p.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		screen := p.run("capture-pane", "-p", "-t", "main")
		missing := ""
		for _, w := range wants {
			if !strings.Contains(screen, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return screen
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("the pane never showed %q:\n%s", missing, screen)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (p *tmuxPane) keys(keys ...string) {
	for _, k := range keys {
		p.run("send-keys", "-t", "main", k)
		time.Sleep(100 * time.Millisecond)
	}
}

func (p *tmuxPane) typeText(s string) {
	p.run("send-keys", "-t", "main", "-l", s)
	time.Sleep(100 * time.Millisecond)
}

// TestOpenSSHClient is the whole path a user takes: OpenSSH's ssh in a
// terminal, the login view, a password login and the events.
func TestOpenSSHClient(t *testing.T) {
	requireTools(t, "ssh", "tmux")
	url := startBinaryFakeBackend(t)
	alice := newUserKey(t)
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- Run([]string{"--listen", "127.0.0.1:0", "--host-key", filepath.Join(t.TempDir(), "host_key"),
			"--authorized-keys", authorizedKeys(t, alice), "--api-url", url}, stdout, stderr)
	}()
	addr := waitForListen(t, stdout)
	port := addr[strings.LastIndex(addr, ":")+1:]

	pane := &tmuxPane{t: t, socket: fmt.Sprintf("sensu-tui-serve-%d", time.Now().UnixNano())}
	t.Cleanup(func() { exec.Command("tmux", "-L", pane.socket, "kill-server").Run() })
	ssh := strings.Join([]string{"ssh", "-F", "/dev/null", "-i", writePrivateKey(t, alice), "-p", port,
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes",
		"-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-tt", "alice@127.0.0.1"}, " ")
	pane.run("new-session", "-d", "-s", "main", "-x", "120", "-y", "40", ssh+"; echo ssh exited $?; sleep 30")

	pane.waitFor("log in", "Username", url)
	pane.typeText(fakebackend.AdminUser)
	pane.keys("Tab")
	pane.typeText(fakebackend.AdminPassword)
	pane.keys("Enter")
	screen := pane.waitFor("[1 events]", "ns:default", "CRIT", "updated")
	if strings.Contains(screen, fakebackend.AdminPassword) {
		t.Fatalf("the password is on screen:\n%s", screen)
	}
	pane.keys("q")
	pane.waitFor("ssh exited 0") // the program left the alternate screen and ssh ended cleanly

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
