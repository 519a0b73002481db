package serve

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"
	"sigs.k8s.io/yaml"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/config"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/internal/witness"
)

func keyMapFile(t *testing.T, entries ...KeyMapping) string {
	t.Helper()
	data, err := yaml.Marshal(KeyMap{Keys: entries})
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, filepath.Join(t.TempDir(), "keymap.yaml"), string(data), 0o600)
}

// syncBuffer is a log destination read while sessions write to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestAuthorisedKeyGetsLoginView(t *testing.T) {
	alice := newUserKey(t)
	opts := testOptions(t, nil)
	opts.AuthorizedKeysPath = authorizedKeys(t, alice)
	opts.APIURL = "https://sensu.example.com:8080"
	addr, _ := startServer(t, opts)

	term := openTerminal(t, dialKey(t, addr, alice), 100, 30)
	screen := term.waitFor("log in", "Username", "Password", "https://sensu.example.com:8080")
	// Nothing is saved on the server, so the form offers no saving.
	if strings.Contains(screen, "ctrl+s") || strings.Contains(screen, "Save URL") {
		t.Fatalf("the login view offers to save a profile on the server:\n%s", screen)
	}
}

func TestUnknownKeyAndPasswordsAreRejected(t *testing.T) {
	alice, mallory := newUserKey(t), newUserKey(t)
	opts := testOptions(t, nil)
	opts.AuthorizedKeysPath = authorizedKeys(t, alice)
	addr, _ := startServer(t, opts)

	if c, err := dial(addr, "mallory", gossh.PublicKeys(mallory.signer)); err == nil {
		c.Close()
		t.Fatal("an unknown key was let in")
	}
	_, err := dial(addr, "alice", gossh.Password("anything"),
		gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil }))
	if err == nil {
		t.Fatal("a password was let in")
	}
	// The client tries only what the server offers: neither method is.
	if strings.Contains(err.Error(), "password") || strings.Contains(err.Error(), "keyboard-interactive") {
		t.Fatalf("the server offers password or keyboard-interactive auth: %v", err)
	}
}

func TestRemovedKeyIsRefusedWithoutRestart(t *testing.T) {
	alice, bob := newUserKey(t), newUserKey(t)
	opts := testOptions(t, nil)
	opts.AuthorizedKeysPath = authorizedKeys(t, alice, bob)
	addr, _ := startServer(t, opts)
	dialKey(t, addr, alice)

	writeFile(t, opts.AuthorizedKeysPath, bob.authorizedLine(), 0o600)
	if c, err := dial(addr, "alice", gossh.PublicKeys(alice.signer)); err == nil {
		c.Close()
		t.Fatal("a key removed from authorized_keys still gets in")
	}
	dialKey(t, addr, bob)
}

// TestMappedKeysSeeTheirOwnNamespaces runs two sessions at once, each with
// its own API key and namespace, and checks neither sees the other's data.
func TestMappedKeysSeeTheirOwnNamespaces(t *testing.T) {
	url, admin := fakeSensu(t)
	ops, dev := newUserKey(t), newUserKey(t)
	opsKey, devKey := grantKey(t, admin, "admin"), grantKey(t, admin, "bob")
	logs := &syncBuffer{}
	opts := testOptions(t, logs)
	opts.KeyMapPath = keyMapFile(t,
		KeyMapping{Fingerprint: ops.fingerprint(), URL: url, APIKey: opsKey, Namespace: "default"},
		KeyMapping{Fingerprint: dev.fingerprint(), URL: url, APIKey: devKey, Namespace: "dev"},
	)
	addr, _ := startServer(t, opts)

	opsTerm := openTerminal(t, dialKey(t, addr, ops), 120, 40)
	devTerm := openTerminal(t, dialKey(t, addr, dev), 120, 40)
	opsTerm.waitFor("ns:default", "updated", "web-0")
	devTerm.waitFor("ns:dev", "updated", "dev-box-")
	for _, leak := range []string{"ns:dev", "dev-box-"} {
		if strings.Contains(opsTerm.stdout.text(), leak) {
			t.Errorf("the default-namespace session showed %q", leak)
		}
	}
	for _, leak := range []string{"ns:default", "web-0", "db-0"} {
		if strings.Contains(devTerm.stdout.text(), leak) {
			t.Errorf("the dev-namespace session showed %q", leak)
		}
	}

	opsTerm.typeText("q")
	opsTerm.waitClosed()
	line := waitForLog(t, logs, ops.fingerprint())
	for _, want := range []string{`user="tester"`, "remote=127.0.0.1:", "duration=", "end=closed"} {
		if !strings.Contains(line, want) {
			t.Errorf("log line %q lacks %q", line, want)
		}
	}
	if strings.Contains(logs.String(), opsKey) || strings.Contains(logs.String(), devKey) {
		t.Fatalf("an API key reached the log:\n%s", logs)
	}
}

func waitForLog(t *testing.T, logs *syncBuffer, want string) string {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		for _, line := range strings.Split(logs.String(), "\n") {
			if strings.Contains(line, "session closed") && strings.Contains(line, want) {
				return line
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no session line with %q in the log:\n%s", want, logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestServerCredentialsAreNeverShared gives the server process sensuctl
// variables and a saved profile; a session must see neither.
func TestServerCredentialsAreNeverShared(t *testing.T) {
	url, admin := fakeSensu(t)
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("SENSU_API_URL", url)
	t.Setenv("SENSU_API_KEY", grantKey(t, admin, "admin"))
	profile := config.Profile{Current: "secret-ctx", Contexts: map[string]config.Context{
		"secret-ctx": {URL: url, APIKey: grantKey(t, admin, "admin")},
	}}
	if err := config.SaveProfile(config.DefaultProfilePath(os.Getenv), profile); err != nil {
		t.Fatal(err)
	}

	alice := newUserKey(t)
	opts := testOptions(t, nil)
	opts.AuthorizedKeysPath = authorizedKeys(t, alice)
	addr, _ := startServer(t, opts)
	term := openTerminal(t, dialKey(t, addr, alice), 100, 30)
	screen := term.waitFor("log in", "Username")
	if strings.Contains(screen, url) {
		t.Fatalf("the login view was prefilled from the server's environment:\n%s", screen)
	}

	// Log in as a viewer, then look for the server's contexts.
	term.typeText(url + "\t\t" + fakebackend.ViewerUser + "\t" + fakebackend.ViewerPassword + "\r")
	term.waitFor("ns:default", "updated")
	term.typeText(":ctx\r")
	screen = term.waitFor("contexts are not available here")
	if strings.Contains(screen, "secret-ctx") {
		t.Fatalf("a session can see the server's saved contexts:\n%s", screen)
	}
}

func TestReadOnlyAppliesToEverySession(t *testing.T) {
	url, admin := fakeSensu(t)
	mapped, plain := newUserKey(t), newUserKey(t)
	opts := testOptions(t, nil)
	opts.ReadOnly = true
	opts.AuthorizedKeysPath = authorizedKeys(t, plain)
	opts.KeyMapPath = keyMapFile(t, KeyMapping{Fingerprint: mapped.fingerprint(), URL: url, APIKey: grantKey(t, admin, "admin")})
	addr, _ := startServer(t, opts)

	openTerminal(t, dialKey(t, addr, mapped), 120, 40).waitFor("ns:default", "READ-ONLY")

	term := openTerminal(t, dialKey(t, addr, plain), 120, 40)
	term.waitFor("log in")
	term.typeText(url + "\t\t" + fakebackend.AdminUser + "\t" + fakebackend.AdminPassword + "\r")
	term.waitFor("ns:default", "READ-ONLY")
}

func TestWindowChangesReachTheProgram(t *testing.T) {
	alice := newUserKey(t)
	opts := testOptions(t, nil)
	opts.AuthorizedKeysPath = authorizedKeys(t, alice)
	addr, _ := startServer(t, opts)
	term := openTerminal(t, dialKey(t, addr, alice), 120, 40)
	term.waitFor("log in")

	if err := term.sess.WindowChange(8, 30); err != nil {
		t.Fatal(err)
	}
	term.waitFor("Terminal too small (30x8)")
	before := len(term.stdout.text())
	if err := term.sess.WindowChange(30, 100); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(waitLimit)
	for {
		// The login box is centred: its top border line fills exactly 100 cells.
		redrawn := term.stdout.text()[before:]
		for _, line := range regexp.MustCompile(`\r?\n`).Split(redrawn, -1) {
			if strings.Contains(line, "╭") && ansi.StringWidth(line) == 100 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no redraw 100 cells wide after the resize:\n%s", tail(redrawn))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestServerFull(t *testing.T) {
	alice := newUserKey(t)
	opts := testOptions(t, nil)
	opts.AuthorizedKeysPath = authorizedKeys(t, alice)
	opts.MaxSessions = 2
	addr, _ := startServer(t, opts)
	for range 2 {
		openTerminal(t, dialKey(t, addr, alice), 80, 24).waitFor("log in")
	}
	third := openTerminal(t, dialKey(t, addr, alice), 80, 24)
	third.waitFor("sensu-tui: server full (2 sessions), try again later")
	third.waitClosed()
}

func TestSessionLimits(t *testing.T) {
	for name, tc := range map[string]struct {
		idle, max time.Duration
		farewell  string
	}{
		"idle":        {idle: 300 * time.Millisecond, farewell: "disconnected after 300ms without input"},
		"max session": {max: 500 * time.Millisecond, farewell: "reached its 500ms limit"},
	} {
		t.Run(name, func(t *testing.T) {
			alice := newUserKey(t)
			logs := &syncBuffer{}
			opts := testOptions(t, logs)
			opts.AuthorizedKeysPath = authorizedKeys(t, alice)
			opts.IdleTimeout, opts.MaxSession = tc.idle, tc.max
			addr, _ := startServer(t, opts)
			term := openTerminal(t, dialKey(t, addr, alice), 80, 24)
			term.waitFor("log in", tc.farewell)
			term.waitClosed()
			waitForLog(t, logs, alice.fingerprint())
		})
	}
}

func TestInputKeepsASessionAlive(t *testing.T) {
	alice := newUserKey(t)
	opts := testOptions(t, nil)
	opts.AuthorizedKeysPath = authorizedKeys(t, alice)
	opts.IdleTimeout = 400 * time.Millisecond
	addr, _ := startServer(t, opts)
	term := openTerminal(t, dialKey(t, addr, alice), 80, 24)
	term.waitFor("log in")
	for range 8 {
		term.typeText("x")
		time.Sleep(100 * time.Millisecond)
	}
	select {
	case <-term.done:
		t.Fatal("a session with input every 100ms was ended as idle")
	default:
	}
	term.waitClosed()
}

func TestShutdownSaysGoodbye(t *testing.T) {
	alice := newUserKey(t)
	opts := testOptions(t, nil)
	opts.AuthorizedKeysPath = authorizedKeys(t, alice)
	addr, s := startServer(t, opts)
	term := openTerminal(t, dialKey(t, addr, alice), 80, 24)
	term.waitFor("log in")
	go s.shutdown(time.Second)
	term.waitFor("the server is shutting down")
	term.waitClosed()
	// Leaving the alternate screen before the goodbye keeps it readable.
	raw := term.stdout.raw() + term.stderr.raw()
	if !strings.Contains(raw, "\x1b[?1049l") {
		t.Fatal("the program did not leave the alternate screen")
	}
}

func TestColourFollowsEachSession(t *testing.T) {
	alice := newUserKey(t)
	opts := testOptions(t, nil)
	opts.AuthorizedKeysPath = authorizedKeys(t, alice)
	addr, _ := startServer(t, opts)
	c := dialKey(t, addr, alice)
	sgr := regexp.MustCompile(`\x1b\[([0-9;:]*)m`)
	colours := func(term *terminal) []string {
		term.waitFor("log in", "ctrl+t")
		var out []string
		for _, m := range sgr.FindAllStringSubmatch(term.stdout.raw(), -1) {
			for _, p := range strings.Split(m[1], ";") {
				if p == "38" || p == "48" || isColourCode(p) {
					out = append(out, m[1])
					break
				}
			}
		}
		return out
	}
	for name, tc := range map[string]struct {
		env  []string
		want func(params []string) bool
	}{
		"NO_COLOR":       {[]string{"NO_COLOR=1"}, func(p []string) bool { return len(p) == 0 }},
		"dumb":           {[]string{"TERM=dumb"}, func(p []string) bool { return len(p) == 0 }},
		"16 colours":     {[]string{"TERM=xterm"}, func(p []string) bool { return len(p) > 0 && !strings.Contains(strings.Join(p, " "), "38;") }},
		"256 colours":    {[]string{"TERM=xterm-256color"}, func(p []string) bool { return len(p) > 0 && !strings.Contains(strings.Join(p, " "), "38;2;") }},
		"true colour":    {[]string{"COLORTERM=truecolor"}, func(p []string) bool { return strings.Contains(strings.Join(p, " "), "38;2;") }},
		"CLICOLOR=0 off": {[]string{"CLICOLOR=0"}, func(p []string) bool { return len(p) == 0 }},
	} {
		t.Run(name, func(t *testing.T) {
			term := openTerminal(t, c, 100, 30, tc.env...)
			if got := colours(term); !tc.want(got) {
				t.Fatalf("colour codes %q", got)
			}
			if name == "NO_COLOR" && !strings.Contains(term.stdout.raw(), "\x1b[7m") {
				t.Fatal("NO_COLOR also dropped reverse video, which marks the cursor")
			}
		})
	}
}

// profiles are those below true colour, which colourWriter rewrites for.
var profiles = []termenv.Profile{termenv.ANSI256, termenv.ANSI, termenv.Ascii}

func TestRewriteSGR(t *testing.T) {
	for name, tc := range map[string]struct {
		in   string
		want map[string]string // by profile name; "-" means the sequence is dropped
	}{
		"true colour fg": {"38;2;164;140;255", map[string]string{"ANSI256": "38;5;141", "ANSI": "95", "Ascii": "-"}},
		"bold and bg":    {"1;48;2;0;0;0", map[string]string{"ANSI256": "1;48;5;16", "ANSI": "1;40", "Ascii": "1"}},
		"256 fg":         {"38;5;196", map[string]string{"ANSI256": "38;5;196", "ANSI": "91", "Ascii": "-"}},
		"basic colours":  {"31;4;49", map[string]string{"ANSI256": "31;4;49", "ANSI": "31;4;49", "Ascii": "4"}},
		"reset":          {"0", map[string]string{"ANSI256": "0", "ANSI": "0", "Ascii": "0"}},
		"empty reset":    {"", map[string]string{"ANSI256": "", "ANSI": "", "Ascii": ""}},
		"truncated":      {"38;2;1", map[string]string{"ANSI256": "-", "ANSI": "-", "Ascii": "-"}},
		"colon form":     {"38:2::1:2:3;7", map[string]string{"ANSI256": "38:2::1:2:3;7", "Ascii": "7"}},
	} {
		t.Run(name, func(t *testing.T) {
			for _, p := range profiles {
				want, ok := tc.want[p.Name()]
				if !ok {
					continue
				}
				got, keep := rewriteSGR(tc.in, p)
				if !keep {
					got = "-"
				}
				if got != want {
					t.Errorf("%s: %q became %q, want %q", p.Name(), tc.in, got, want)
				}
			}
		})
	}
}

func TestColourWriterHoldsASplitSequence(t *testing.T) {
	var out bytes.Buffer
	w := newColourWriter(&out, profiles[0])
	for _, part := range []string{"a\x1b", "[38;2;255;0", ";0mb\x1b[0m"} {
		if n, err := w.Write([]byte(part)); err != nil || n != len(part) {
			t.Fatalf("Write(%q) = %d, %v", part, n, err)
		}
	}
	if got := out.String(); got != "a\x1b[38;5;196mb\x1b[0m" {
		t.Fatalf("got %q", got)
	}
}

func TestRefusesUnsafeConfigurations(t *testing.T) {
	alice := newUserKey(t)
	const apiKey = "0d1f6a4e-secret-api-key"
	dir := t.TempDir()
	goodMap := func(t *testing.T) string {
		return keyMapFile(t, KeyMapping{Fingerprint: alice.fingerprint(), URL: "http://127.0.0.1:1", APIKey: apiKey})
	}
	for name, tc := range map[string]struct {
		opts func(t *testing.T, o *Options)
		want string
	}{
		"no auth": {func(*testing.T, *Options) {}, ErrNoAuth.Error()},
		"key map open to others": {func(t *testing.T, o *Options) {
			o.KeyMapPath = goodMap(t)
			os.Chmod(o.KeyMapPath, 0o644)
		}, "chmod 600"},
		"missing authorized keys": {func(t *testing.T, o *Options) {
			o.AuthorizedKeysPath = filepath.Join(dir, "nope")
		}, "no such file"},
		"authorized keys writable by others": {func(t *testing.T, o *Options) {
			o.AuthorizedKeysPath = authorizedKeys(t, alice)
			os.Chmod(o.AuthorizedKeysPath, 0o666)
		}, "chmod go-w"},
		"empty authorized keys": {func(t *testing.T, o *Options) {
			o.AuthorizedKeysPath = writeFile(t, filepath.Join(t.TempDir(), "ak"), "# nobody\n", 0o600)
		}, "nobody could log in"},
		"authorized key with options": {func(t *testing.T, o *Options) {
			o.AuthorizedKeysPath = writeFile(t, filepath.Join(t.TempDir(), "ak"), `from="10.0.0.1" `+alice.authorizedLine(), 0o600)
		}, "does not support"},
		"host key open to others": {func(t *testing.T, o *Options) {
			o.AuthorizedKeysPath = authorizedKeys(t, alice)
			o.HostKeyPath = filepath.Join(t.TempDir(), "host_key")
			if err := writeHostKey(o.HostKeyPath); err != nil {
				t.Fatal(err)
			}
			os.Chmod(o.HostKeyPath, 0o644)
		}, "chmod 600"},
		"bad fingerprint": {func(t *testing.T, o *Options) {
			o.KeyMapPath = keyMapFile(t, KeyMapping{Fingerprint: "MD5:aa", URL: "http://x", APIKey: apiKey})
		}, "SHA256:"},
		"no API key": {func(t *testing.T, o *Options) {
			o.KeyMapPath = keyMapFile(t, KeyMapping{Fingerprint: alice.fingerprint(), URL: "http://x"})
		}, "api_key is missing"},
		"bad URL": {func(t *testing.T, o *Options) {
			o.KeyMapPath = keyMapFile(t, KeyMapping{Fingerprint: alice.fingerprint(), URL: "ftp://x", APIKey: apiKey})
		}, "must start with http:// or https://"},
		"unknown field": {func(t *testing.T, o *Options) {
			o.KeyMapPath = writeFile(t, filepath.Join(t.TempDir(), "km"), "keys:\n- fingerprint: "+alice.fingerprint()+
				"\n  url: http://x\n  api_key: "+apiKey+"\n  apikey: "+apiKey+"\n", 0o600)
		}, "unknown field"},
		"duplicate": {func(t *testing.T, o *Options) {
			e := KeyMapping{Fingerprint: alice.fingerprint(), URL: "http://x", APIKey: apiKey}
			o.KeyMapPath = keyMapFile(t, e, e)
		}, "listed twice"},
	} {
		t.Run(name, func(t *testing.T) {
			opts := testOptions(t, nil)
			tc.opts(t, &opts)
			_, err := NewServer(opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("NewServer: %v, want an error with %q", err, tc.want)
			}
			if strings.Contains(err.Error(), apiKey) {
				t.Fatalf("the error quotes an API key: %v", err)
			}
		})
	}
}

func TestGeneratesAPrivateHostKeyOnce(t *testing.T) {
	alice := newUserKey(t)
	parent := t.TempDir()
	if err := os.Chmod(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := testOptions(t, nil)
	opts.AuthorizedKeysPath = authorizedKeys(t, alice)
	opts.HostKeyPath = filepath.Join(parent, "new-dir", "host_key")

	first, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{opts.HostKeyPath: 0o600, filepath.Dir(opts.HostKeyPath): 0o700, parent: 0o755} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: %v, mode %v, want %v", path, err, fi.Mode().Perm(), want)
		}
	}
	second, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	fp := func(s interface{ PublicKey() gossh.PublicKey }) string { return gossh.FingerprintSHA256(s.PublicKey()) }
	if fp(first.HostSigners[0]) != fp(second.HostSigners[0]) {
		t.Fatal("a second start made a new host key")
	}
	if first.HostSigners[0].PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Fatalf("host key type %s, want ed25519", first.HostSigners[0].PublicKey().Type())
	}
}

func TestRunCommandLine(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		code int
		want string
	}{
		"no auth":         {[]string{"--host-key", filepath.Join(t.TempDir(), "k")}, 2, "no authentication configured"},
		"help":            {[]string{"--help"}, 0, "--authorized-keys"},
		"stray argument":  {[]string{"--authorized-keys", "x", "extra"}, 2, `unexpected argument "extra"`},
		"no sessions":     {[]string{"--max-sessions", "0"}, 2, "--max-sessions must be at least 1"},
		"refresh too low": {[]string{"--refresh", "10ms"}, 2, "--refresh must be at least 1s"},
	} {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := Run(tc.args, &stdout, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.want) {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
		})
	}
}

func TestRunServesUntilCancelled(t *testing.T) {
	alice := newUserKey(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"--listen", "127.0.0.1:0", "--host-key", filepath.Join(t.TempDir(), "hk"),
			"--authorized-keys", authorizedKeys(t, alice)}, stdout, stderr)
	}()
	addr := waitForListen(t, stdout)
	c := dialKey(t, addr, alice)
	term := openTerminal(t, c, 80, 24)
	term.waitFor("log in")
	cancel()
	term.waitFor("the server is shutting down")
	c.Close() // as ssh does once its session ends, so run need not wait
	select {
	case c := <-code:
		if c != 0 {
			t.Fatalf("exit %d; stderr:\n%s", c, stderr)
		}
	case <-time.After(waitLimit):
		t.Fatal("run did not return after cancel")
	}
	if !strings.Contains(stderr.String(), "session closed") || !strings.Contains(stderr.String(), "end=shutdown") {
		t.Fatalf("no session line on stderr:\n%s", stderr)
	}
}

var listenLine = regexp.MustCompile(`listening on (\S+) \(host key SHA256:`)

// waitForListen reads the address Run prints once it listens.
func waitForListen(t *testing.T, stdout *syncBuffer) string {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		if m := listenLine.FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server never said where it listens: %q", stdout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestKeyMapClientsStayOnTheirOrigin maps a key to a Sensu URL that
// redirects the event list to another port: the session's client must
// refuse to follow, say so on screen, and send nothing there.
func TestKeyMapClientsStayOnTheirOrigin(t *testing.T) {
	backend := fakebackend.New(fakebackend.Options{})
	wit := witness.New(t, "127.0.0.1")
	url := witness.Redirect(t, backend, "/api/core/v2/namespaces/default/events", http.StatusFound, wit)
	admin, err := client.New(client.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.Login(context.Background(), fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	mapped := newUserKey(t)
	opts := testOptions(t, nil)
	opts.KeyMapPath = keyMapFile(t, KeyMapping{Fingerprint: mapped.fingerprint(), URL: url, APIKey: grantKey(t, admin, "admin")})
	addr, _ := startServer(t, opts)

	term := openTerminal(t, dialKey(t, addr, mapped), 160, 40)
	term.waitFor("ns:default", "redirected to another address")
	if got := wit.Report(); got != "" {
		t.Fatalf("the other origin received %s", got)
	}
}
