// Package tmuxtest drives programs in a private tmux server for end-to-end
// tests: type as a person would, then read the screen.
package tmuxtest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// waitLimit is how long WaitFor waits for the screen to show something.
const waitLimit = 10 * time.Second

// RequireTools fails in CI, where .ci/run installs the tools, and skips
// loudly elsewhere.
func RequireTools(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is required for the end-to-end tests", tool)
			}
			t.Skipf("%s is not installed: the end-to-end tests need it (apt-get install tmux openssh-client)", tool)
		}
	}
}

// Build compiles the sensu-tui binary into dir.
func Build(dir string) (string, error) {
	bin := filepath.Join(dir, "sensu-tui")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/sensu-tui/sensu-tui").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building sensu-tui: %v\n%s", err, out)
	}
	return bin, nil
}

// FakeBackend runs `bin fake-backend` on a free port until the test ends
// and returns the URL it prints.
func FakeBackend(t testing.TB, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"fake-backend", "--listen", "127.0.0.1:0"}, args...)...)
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
				for lines.Scan() { // keep the pipe drained
				}
			}()
			return url
		}
	}
	t.Fatal("the fake backend did not print its URL")
	return ""
}

// Terminal is one window of a private tmux server running a shell command.
type Terminal struct {
	t      testing.TB
	socket string
}

// New starts command in a width x height window; the window stays after
// the command exits, so a test can tell it has.
func New(t testing.TB, width, height int, command string) *Terminal {
	t.Helper()
	term := &Terminal{t: t, socket: fmt.Sprintf("sensu-tui-test-%d", time.Now().UnixNano())}
	term.Run("new-session", "-d", "-s", "main", "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), command)
	term.Run("set-option", "-t", "main", "remain-on-exit", "on")
	t.Cleanup(func() { exec.Command("tmux", "-L", term.socket, "kill-server").Run() })
	return term
}

// Run runs a tmux command against this terminal's server.
func (term *Terminal) Run(args ...string) string {
	term.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", term.socket}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// Screen is what the window shows now.
func (term *Terminal) Screen() string {
	return term.Run("capture-pane", "-p", "-t", "main")
}

// Keys sends named keys (Enter, Tab, Escape, C-d...) one at a time, as typing would.
func (term *Terminal) Keys(keys ...string) {
	for _, k := range keys {
		term.Run("send-keys", "-t", "main", k)
		time.Sleep(150 * time.Millisecond)
	}
}

// Type sends literal text, so characters like "!" are not read as key names.
func (term *Terminal) Type(text string) {
	term.Run("send-keys", "-t", "main", "-l", text)
	time.Sleep(150 * time.Millisecond)
}

// WaitFor polls the screen until it shows every one of wants, and fails
// with the screen if it does not in time.
func (term *Terminal) WaitFor(wants ...string) string {
	term.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		s := term.Screen()
		missing := ""
		for _, w := range wants {
			if !strings.Contains(s, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("screen never showed %q:\n%s", missing, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// WaitUntil polls the screen until ok holds for it, and fails with the
// screen, saying what it waited for, if it does not in time.
func (term *Terminal) WaitUntil(what string, ok func(screen string) bool) string {
	term.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		s := term.Screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("screen never showed %s:\n%s", what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Exited reports whether the command in the window has ended.
func (term *Terminal) Exited() bool {
	return strings.TrimSpace(term.Run("display-message", "-p", "-t", "main", "#{pane_dead}")) == "1"
}
