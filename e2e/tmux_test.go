// Package e2e drives the real sensu-tui binary inside tmux, as a person
// would, against the fake backend served by the same binary.
package e2e

import (
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
	"github.com/sensu-tui/sensu-tui/internal/tmuxtest"
)

// binary is built once for every test in the package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sensu-tui-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// SENSU_TUI_E2E_BINARY runs the tests against another build, such as
	// an earlier commit's, to see which of them it fails.
	if binary = os.Getenv("SENSU_TUI_E2E_BINARY"); binary == "" {
		if binary, err = tmuxtest.Build(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func requireTmux(t *testing.T) {
	t.Helper()
	tmuxtest.RequireTools(t, "tmux")
}

// startFakeBackend runs `sensu-tui fake-backend` on a free port and returns its URL.
func startFakeBackend(t *testing.T, args ...string) string {
	t.Helper()
	return tmuxtest.FakeBackend(t, binary, args...)
}

// terminal is the binary running in tmux, with this package's own helpers.
type terminal struct {
	*tmuxtest.Terminal
	t *testing.T
}

func newTerminal(t *testing.T, width, height int, env []string, args ...string) *terminal {
	t.Helper()
	command := strings.Join(append([]string{"exec", "env"}, append(env, append([]string{binary}, args...)...)...), " ")
	return &terminal{Terminal: tmuxtest.New(t, width, height, command), t: t}
}

// asAdmin asks the backend cfg reaches for path as the admin user and
// decodes the answer into out, to check the screen against the backend.
func asAdmin(t *testing.T, cfg client.Config, path string, out any) {
	t.Helper()
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	raw, err := c.GetRaw(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatal(err)
	}
}

// apiKeys asks the backend directly which keys exist, to check the screen did what it said.
func apiKeys(t *testing.T, url string) []string {
	t.Helper()
	var keys []client.APIKey
	asAdmin(t, client.Config{URL: url}, "/api/core/v2/apikeys", &keys)
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

			term.WaitFor("Username")
			term.Type("admin")
			term.Keys("Tab")
			term.Type(fakebackend.AdminPassword)
			term.Keys("Enter")

			screen := term.WaitFor("[1 events]", "CRIT", "updated")
			if strings.Contains(screen, fakebackend.AdminPassword) {
				t.Fatal("the password is on screen")
			}

			term.Keys("2")
			term.WaitFor("[2 checks]", "check-crit")
			term.Keys("3")
			term.WaitFor("[3 apikeys]", "No API keys")

			term.Keys("g")
			term.WaitFor("Grant an API key", "alice")
			term.Type("alice")
			term.Keys("Enter")
			term.WaitFor(`Grant a new API key to user "alice"?`)
			if got := apiKeys(t, url); len(got) != 0 {
				t.Fatalf("enter granted a key before y: backend has %v", got)
			}
			term.Keys("y")
			screen = term.WaitFor("New key for alice")
			key := uuidPattern.FindString(screen)
			if key == "" {
				t.Fatalf("no key on screen:\n%s", screen)
			}
			if got := apiKeys(t, url); len(got) != 1 || got[0] != key {
				t.Fatalf("backend has keys %v, screen showed %s", got, key)
			}
			term.Keys("Enter")
			screen = term.WaitFor("alice", key[len(key)-4:])
			if strings.Contains(screen, key) {
				t.Fatalf("the key is shown unmasked in the list:\n%s", screen)
			}

			term.Keys("x")
			term.WaitFor("Revoke API key", "alice")
			term.Keys("n")
			if got := apiKeys(t, url); len(got) != 1 {
				t.Fatalf("n revoked the key: backend has %v", got)
			}
			term.Keys("x")
			term.WaitFor("Revoke API key")
			term.Keys("y")
			term.WaitFor("Revoked", "No API keys")
			if got := apiKeys(t, url); len(got) != 0 {
				t.Fatalf("backend still has keys %v after revoke", got)
			}

			term.Keys("q")
			deadline := time.Now().Add(5 * time.Second)
			for !term.Exited() {
				if time.Now().After(deadline) {
					t.Fatalf("q did not quit:\n%s", term.Screen())
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
	term.WaitFor("DEMO DATA", "CRIT", "events")
	term.Keys("/")
	term.Type("redis")
	term.Keys("Enter")
	screen := term.WaitFor("filter: redis", "redis-ping")
	for _, line := range strings.Split(screen, "\n")[3:] {
		if strings.Contains(line, "disk-usage") {
			t.Fatalf("filter kept a non-matching row:\n%s", screen)
		}
	}
	term.Keys("?")
	term.WaitFor("Keys: events", "not passing", "R", "resolve")
}

// TestSavedProfileOpensDashboardDirectly logs in once with saving on, then
// starts again with no flags and lands on the events straight away.
func TestSavedProfileOpensDashboardDirectly(t *testing.T) {
	requireTmux(t)
	url := startFakeBackend(t)
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "TERM=xterm-256color", "LANG=C.UTF-8"}
	term := newTerminal(t, 120, 40, env, "--api-url", url)
	term.WaitFor("Username")
	term.Type("admin")
	term.Keys("Tab")
	term.Type(fakebackend.AdminPassword)
	term.Keys("C-s", "Enter")
	term.WaitFor("[1 events]", "CRIT")
	term.Keys("q")

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
	again.WaitFor("[1 events]", "CRIT")
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
	term.WaitFor("[1 events]", "ns:dev", "updated")
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
	screen := term.WaitFor("Warning", "chmod 600", "[1 events]")
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

// TestBenchOnDemoBackend: bench --demo-events measures a fake backend that
// it runs as a child process, and stops that process when it is done.
func TestBenchOnDemoBackend(t *testing.T) {
	cmd := exec.Command(binary, "bench", "--demo-events", "400", "--runs", "1", "--first-page-size", "50", "--page-size", "100", "--json")
	// A fake backend left running would hold the output pipes open.
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, out)
	}
	var res struct {
		Events, Pages int
		Ratio         float64
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("bench printed %q: %v", out, err)
	}
	// 50 events, then 100, 100, 100 and the last 50.
	if res.Events != 400 || res.Pages != 5 || res.Ratio <= 0 {
		t.Fatalf("bench measured %+v, want 400 events in 5 pages and a ratio", res)
	}
	if pids := processesOf(t, binary, "fake-backend"); len(pids) > 0 {
		t.Fatalf("the fake backend outlived bench: pids %v", pids)
	}
}

// processesOf lists the processes running program with arg, from /proc.
func processesOf(t *testing.T, program, arg string) []string {
	t.Helper()
	cmdlines, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil || len(cmdlines) == 0 {
		t.Fatalf("cannot list processes: %v", err)
	}
	var pids []string
	for _, path := range cmdlines {
		raw, _ := os.ReadFile(path)
		args := strings.Split(string(raw), "\x00")
		if len(args) > 1 && args[0] == program && args[1] == arg {
			pids = append(pids, filepath.Base(filepath.Dir(path)))
		}
	}
	return pids
}
