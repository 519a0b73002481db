// Package e2e drives the real sensu-tui binary inside tmux, as a person
// would, against the fake backend served by the same binary.
package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// binary is built once for every test in the package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sensu-tui-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "sensu-tui")
	build := exec.Command("go", "build", "-o", binary, "..")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building sensu-tui:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// requireTmux fails in CI, where .ci/run installs tmux, and skips loudly elsewhere.
func requireTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is required for the end-to-end tests")
		}
		t.Skip("tmux is not installed: the end-to-end tests need it (apt-get install tmux)")
	}
}

// startFakeBackend runs `sensu-tui fake-backend` on a free port and returns its URL.
func startFakeBackend(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"fake-backend", "--listen", "127.0.0.1:0"}, args...)...)
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

// terminal is one tmux session on a private tmux server.
type terminal struct {
	t      *testing.T
	socket string
	name   string
}

func newTerminal(t *testing.T, width, height int, env []string, args ...string) *terminal {
	t.Helper()
	term := &terminal{t: t, socket: fmt.Sprintf("sensu-tui-e2e-%d", time.Now().UnixNano()), name: "main"}
	command := strings.Join(append([]string{"exec", "env"}, append(env, append([]string{binary}, args...)...)...), " ")
	term.tmux("new-session", "-d", "-s", term.name, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), command)
	term.tmux("set-option", "-t", term.name, "remain-on-exit", "on")
	t.Cleanup(func() { exec.Command("tmux", "-L", term.socket, "kill-server").Run() })
	return term
}

func (term *terminal) tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", term.socket}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (term *terminal) screen() string {
	return term.tmux("capture-pane", "-p", "-t", term.name)
}

// keys sends named keys (Enter, Tab, Escape...) one at a time, as typing would.
func (term *terminal) keys(keys ...string) {
	for _, k := range keys {
		term.tmux("send-keys", "-t", term.name, k)
		time.Sleep(150 * time.Millisecond)
	}
}

// typeText sends literal text, so characters like "!" are not read as key names.
func (term *terminal) typeText(text string) {
	term.tmux("send-keys", "-t", term.name, "-l", text)
	time.Sleep(150 * time.Millisecond)
}

// waitFor polls the screen until it contains every want, and fails with the screen if not.
func (term *terminal) waitFor(wants ...string) string {
	term.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := term.screen()
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

func (term *terminal) exited() bool {
	return strings.TrimSpace(term.tmux("display-message", "-p", "-t", term.name, "#{pane_dead}")) == "1"
}

// apiKeys asks the backend directly which keys exist, to check the screen did what it said.
func apiKeys(t *testing.T, url string) []string {
	t.Helper()
	c, err := client.New(client.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	raw, err := c.GetRaw(ctx, "/api/core/v2/apikeys")
	if err != nil {
		t.Fatal(err)
	}
	var keys []client.APIKey
	if err := json.Unmarshal(raw, &keys); err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Metadata.Name
	}
	return names
}

var uuidPattern = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// TestLoginBrowseGrantRevoke is the on-call path: log in with a password,
// read events, look at checks and keys, grant a key and revoke it.
func TestLoginBrowseGrantRevoke(t *testing.T) {
	requireTmux(t)
	for _, size := range []struct{ w, h int }{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			url := startFakeBackend(t)
			home := t.TempDir()
			env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "TERM=xterm-256color", "LANG=C.UTF-8"}
			term := newTerminal(t, size.w, size.h, env, "--api-url", url)

			term.waitFor("Username")
			term.typeText("admin")
			term.keys("Tab")
			term.typeText(fakebackend.AdminPassword)
			term.keys("Enter")

			screen := term.waitFor("[1 events]", "CRIT", "updated")
			if strings.Contains(screen, fakebackend.AdminPassword) {
				t.Fatal("the password is on screen")
			}

			term.keys("2")
			term.waitFor("[2 checks]", "check-crit")
			term.keys("3")
			term.waitFor("[3 apikeys]", "No API keys")

			term.keys("g")
			term.waitFor("Grant an API key", "alice")
			term.typeText("alice")
			term.keys("Enter")
			screen = term.waitFor("New key for alice")
			key := uuidPattern.FindString(screen)
			if key == "" {
				t.Fatalf("no key on screen:\n%s", screen)
			}
			if got := apiKeys(t, url); len(got) != 1 || got[0] != key {
				t.Fatalf("backend has keys %v, screen showed %s", got, key)
			}
			term.keys("Enter")
			screen = term.waitFor("alice", key[len(key)-4:])
			if strings.Contains(screen, key) {
				t.Fatalf("the key is shown unmasked in the list:\n%s", screen)
			}

			term.keys("x")
			term.waitFor("Revoke API key", "alice")
			term.keys("n")
			if got := apiKeys(t, url); len(got) != 1 {
				t.Fatalf("n revoked the key: backend has %v", got)
			}
			term.keys("x")
			term.waitFor("Revoke API key")
			term.keys("y")
			term.waitFor("Revoked", "No API keys")
			if got := apiKeys(t, url); len(got) != 0 {
				t.Fatalf("backend still has keys %v after revoke", got)
			}

			term.keys("q")
			deadline := time.Now().Add(5 * time.Second)
			for !term.exited() {
				if time.Now().After(deadline) {
					t.Fatalf("q did not quit:\n%s", term.screen())
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
}

// TestDemoOpensOnSeededData checks `--demo` needs no login and says it is demo data.
func TestDemoOpensOnSeededData(t *testing.T) {
	requireTmux(t)
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "TERM=xterm-256color", "LANG=C.UTF-8"}
	term := newTerminal(t, 80, 24, env, "--demo")
	term.waitFor("DEMO DATA", "CRIT", "events")
	term.keys("/")
	term.typeText("redis")
	term.keys("Enter")
	screen := term.waitFor("filter: redis", "redis-ping")
	for _, line := range strings.Split(screen, "\n")[3:] {
		if strings.Contains(line, "disk-usage") {
			t.Fatalf("filter kept a non-matching row:\n%s", screen)
		}
	}
	term.keys("?")
	term.waitFor("Keys: events", "not passing", "R", "resolve")
}

// TestSavedProfileOpensDashboardDirectly logs in once with saving on, then
// starts again with no flags and lands on the events straight away.
func TestSavedProfileOpensDashboardDirectly(t *testing.T) {
	requireTmux(t)
	url := startFakeBackend(t)
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "TERM=xterm-256color", "LANG=C.UTF-8"}
	term := newTerminal(t, 120, 40, env, "--api-url", url)
	term.waitFor("Username")
	term.typeText("admin")
	term.keys("Tab")
	term.typeText(fakebackend.AdminPassword)
	term.keys("C-s", "Enter")
	term.waitFor("[1 events]", "CRIT")
	term.keys("q")

	profile := filepath.Join(home, "sensu-tui", "profile.json")
	info, err := os.Stat(profile)
	if err != nil {
		t.Fatalf("no profile saved: %v", err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("profile mode %v, want 0600", info.Mode().Perm())
	}
	data, _ := os.ReadFile(profile)
	if strings.Contains(string(data), fakebackend.AdminPassword) {
		t.Fatal("the password was saved")
	}

	again := newTerminal(t, 120, 40, env)
	again.waitFor("[1 events]", "CRIT")
}

// TestFakeBackendAnswersCurlStyleLogin is `curl -u admin:'P@ssw0rd!' URL/auth`
// against the subcommand a user would run.
func TestFakeBackendAnswersCurlStyleLogin(t *testing.T) {
	url := startFakeBackend(t)
	req, _ := http.NewRequest(http.MethodGet, url+"/auth", nil)
	req.SetBasicAuth(fakebackend.AdminUser, fakebackend.AdminPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tokens client.Tokens
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&tokens) != nil || tokens.Access == "" || tokens.Refresh == "" {
		t.Fatalf("GET /auth: %d %+v", resp.StatusCode, tokens)
	}
}

// TestEnvironmentCredentialsOpenDashboard uses sensuctl's variables, with a
// password, and lands on the events without the login view.
func TestEnvironmentCredentialsOpenDashboard(t *testing.T) {
	requireTmux(t)
	url := startFakeBackend(t)
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "TERM=xterm-256color", "LANG=C.UTF-8",
		"SENSU_API_URL=" + url, "SENSU_USERNAME=admin", "SENSU_PASSWORD='" + fakebackend.AdminPassword + "'", "SENSU_NAMESPACE=dev"}
	term := newTerminal(t, 120, 40, env)
	term.waitFor("[1 events]", "ns:dev", "updated")
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Fatalf("something was written to the config dir: %v", entries)
	}
}

// TestReadableProfileIsWarnedAbout gives the saved profile mode 0644 and
// expects the dashboard to say so on screen, not only on the hidden stderr.
func TestReadableProfileIsWarnedAbout(t *testing.T) {
	requireTmux(t)
	url := startFakeBackend(t)
	home := t.TempDir()
	dir := filepath.Join(home, "sensu-tui")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	key := apiKeyFor(t, url)
	profile := fmt.Sprintf(`{"current":"local","contexts":{"local":{"url":%q,"api_key":%q}}}`, url, key)
	if err := os.WriteFile(filepath.Join(dir, "profile.json"), []byte(profile), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "TERM=xterm-256color", "LANG=C.UTF-8"}
	term := newTerminal(t, 120, 40, env)
	screen := term.waitFor("Warning", "chmod 600", "[1 events]")
	if strings.Contains(screen, key) {
		t.Fatal("the warning shows the key")
	}
}

// apiKeyFor grants an admin key on the backend at url.
func apiKeyFor(t *testing.T, url string) string {
	t.Helper()
	c, err := client.New(client.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(context.Background(), fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	key, err := c.GrantAPIKey(context.Background(), fakebackend.AdminUser)
	if err != nil {
		t.Fatal(err)
	}
	return key
}
