package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"
	"sigs.k8s.io/yaml"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/config"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/internal/witness"
	"github.com/sensu-tui/sensu-tui/ui/styles"
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

// serveOneUser starts a server for one user's key and returns that user's
// connection to it.
func serveOneUser(t *testing.T) *gossh.Client {
	t.Helper()
	user := newUserKey(t)
	opts := testOptions(t, nil)
	opts.AuthorizedKeysPath = authorizedKeys(t, user)
	addr, _ := startServer(t, opts)
	return dialKey(t, addr, user)
}

// drawnIn names the colour profile output was drawn in, from the colours
// its SGR sequences set: Ascii for none, ANSI for basic colours only,
// ANSI256 for 256-colour codes, TrueColor for RGB ones.
func drawnIn(output string) termenv.Profile {
	p := termenv.Ascii
	for _, params := range sgrParams(output) {
		for i := 0; i < len(params); i++ {
			switch n, _ := strconv.Atoi(params[i]); {
			case (n == 38 || n == 48) && i+1 < len(params) && params[i+1] == "2":
				return termenv.TrueColor
			case (n == 38 || n == 48) && i+1 < len(params) && params[i+1] == "5":
				p, i = termenv.ANSI256, i+2
			case n >= 30 && n <= 37, n >= 40 && n <= 47, n >= 90 && n <= 97, n >= 100 && n <= 107:
				p = min(p, termenv.ANSI) // lower is more colours
			}
		}
	}
	return p
}

var sgr = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// sgrParams are the parameters of every SGR sequence in output.
func sgrParams(output string) [][]string {
	var out [][]string
	for _, m := range sgr.FindAllStringSubmatch(output, -1) {
		out = append(out, strings.Split(m[1], ";"))
	}
	return out
}

// sets reports whether some SGR sequence in output sets attribute code.
func sets(output, code string) bool {
	for _, params := range sgrParams(output) {
		if slices.Contains(params, code) {
			return true
		}
	}
	return false
}

// titlePrefix is how the login form's title starts in true colour on a
// light or dark background.
func titlePrefix(dark bool) string {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(dark)
	title := styles.New(r, false).Title.Render("sensu-tui")
	return title[:strings.Index(title, "sensu-tui")+len("sensu-tui")]
}

// TestColourFollowsEachSession: each session draws in its own terminal's
// colour profile and for its own background, and keeps bold and reverse
// video (the cursor) when it has no colour.
func TestColourFollowsEachSession(t *testing.T) {
	c := serveOneUser(t)
	for name, tc := range map[string]struct {
		env    []string
		answer string // what the terminal would answer a query; "" answerAttributes
		want   termenv.Profile
		light  bool
	}{
		"NO_COLOR":           {env: []string{"NO_COLOR=1"}, want: termenv.Ascii},
		"dumb":               {env: []string{"TERM=dumb"}, want: termenv.Ascii},
		"CLICOLOR=0 off":     {env: []string{"CLICOLOR=0"}, want: termenv.Ascii},
		"16 colours":         {env: []string{"TERM=xterm"}, want: termenv.ANSI},
		"256 colours":        {env: []string{"TERM=xterm-256color"}, want: termenv.ANSI256},
		"true colour":        {env: []string{"COLORTERM=truecolor"}, want: termenv.TrueColor},
		"not asked":          {env: []string{"COLORTERM=truecolor"}, answer: answerLight, want: termenv.TrueColor},
		"COLORFGBG is light": {env: []string{"COLORTERM=truecolor", "COLORFGBG=0;15"}, want: termenv.TrueColor, light: true},
	} {
		t.Run(name, func(t *testing.T) {
			if tc.answer == "" {
				tc.answer = answerAttributes
			}
			term := openTerminalAnswering(t, c, 100, 30, tc.answer, tc.env...)
			term.waitFor("log in", "ctrl+t")
			raw := term.stdout.raw()
			if got := drawnIn(raw); got != tc.want {
				t.Errorf("drawn in %s, want %s", got.Name(), tc.want.Name())
			}
			for code, what := range map[string]string{"1": "bold", "7": "reverse video (the cursor)"} {
				if !sets(raw, code) {
					t.Errorf("no %s", what)
				}
			}
			if tc.want == termenv.TrueColor && !strings.Contains(raw, titlePrefix(!tc.light)) {
				t.Errorf("the title is not drawn for a %s background (%q):\n%q", map[bool]string{true: "light", false: "dark"}[tc.light], titlePrefix(!tc.light), raw)
			}
		})
	}
}

// TestSilentTerminalStartsAtOnce: a client that answers no request (a
// script behind ssh -tt may not) gets its dashboard at once: nothing waits
// for the terminal to say what its background is.
func TestSilentTerminalStartsAtOnce(t *testing.T) {
	term := openTerminalAnswering(t, serveOneUser(t), 80, 24, "")
	term.waitFor("log in")
}

// TestSessionsKeepTheirOwnProfiles: two sessions at once, with different
// terminals, each keep drawing in their own profile after the other started.
func TestSessionsKeepTheirOwnProfiles(t *testing.T) {
	c := serveOneUser(t)
	ansi256 := openTerminal(t, c, 100, 30, "TERM=xterm-256color")
	ansi256.waitFor("log in", "ctrl+t")
	trueColour := openTerminal(t, c, 100, 30, "COLORTERM=truecolor")
	trueColour.waitFor("log in", "ctrl+t")
	noColour := openTerminal(t, c, 100, 30, "NO_COLOR=1")
	noColour.waitFor("log in", "ctrl+t")
	for i, tc := range []struct {
		term *terminal
		want termenv.Profile
	}{{ansi256, termenv.ANSI256}, {trueColour, termenv.TrueColor}, {noColour, termenv.Ascii}, {ansi256, termenv.ANSI256}} {
		before := len(tc.term.stdout.raw())
		typed := fmt.Sprintf("typed%d", i)
		tc.term.typeText(typed) // into the focused URL field, whose label is redrawn
		tc.term.waitFor(typed)
		if got := drawnIn(tc.term.stdout.raw()[before:]); got != tc.want {
			t.Errorf("step %d: a frame drawn in %s, want %s", i, got.Name(), tc.want.Name())
		}
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

// TestSessionsShareOnePoll: sessions mapped to the same credentials share
// their polls, so eight of them cost the backend about what one costs
// (client's TestSharedPolls shows other credentials never share).
func TestSessionsShareOnePoll(t *testing.T) {
	var requests atomic.Int64
	backend := fakebackend.New(fakebackend.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/graphql" {
			requests.Add(1)
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	admin, err := client.New(client.Config{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.Login(context.Background(), fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	ops := newUserKey(t)
	opts := testOptions(t, nil)
	opts.Refresh = time.Second
	opts.KeyMapPath = keyMapFile(t, KeyMapping{Fingerprint: ops.fingerprint(), URL: srv.URL, APIKey: grantKey(t, admin, "admin")})
	addr, _ := startServer(t, opts)

	// polls counts the API requests over three seconds: three polls of one
	// session, each a window and the counts from GraphQL.
	polls := func() int64 {
		before := requests.Load()
		time.Sleep(3 * time.Second)
		return requests.Load() - before
	}
	conn := dialKey(t, addr, ops)
	for range 8 {
		openTerminal(t, conn, 100, 30).waitFor("615 events", "updated")
	}
	shared := polls()
	if shared == 0 || shared > 12 {
		t.Fatalf("eight sessions with one identity made %d requests in three seconds of polling every second, want 1 to 12", shared)
	}
}

// TestKeyMapClientsStayOnTheirOrigin maps a key to a Sensu URL that
// redirects the event list to another port: the session's client must
// refuse to follow, say so on screen, and send nothing there.
func TestKeyMapClientsStayOnTheirOrigin(t *testing.T) {
	backend := fakebackend.New(fakebackend.Options{})
	wit := witness.New(t, "127.0.0.1")
	// Both ways of loading events go to the other origin: a window and a walk.
	url := witness.Redirect(t, backend, "/api/core/v2/namespaces/default/events", http.StatusFound, wit, "/graphql")
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
