package views

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/config"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
)

const (
	loginTestUser     = fakebackend.AdminUser
	loginTestPassword = fakebackend.AdminPassword
	// loginTestURL is fixed so golden files do not depend on a port.
	loginTestURL = "https://sensu.example.com:8080"
)

// newFakeSensu serves a fake Sensu backend for one test.
func newFakeSensu(t *testing.T, opts fakebackend.Options) (*httptest.Server, *fakebackend.Backend) {
	t.Helper()
	b := fakebackend.New(opts)
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	return srv, b
}

// grantKey makes an API key for the admin user, as an operator would.
func grantKey(t *testing.T, url string) string {
	t.Helper()
	ctx := context.Background()
	c, err := client.New(client.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(ctx, loginTestUser, loginTestPassword); err != nil {
		t.Fatal(err)
	}
	k, err := c.GrantAPIKey(ctx, loginTestUser)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func offlineClient(h http.Handler) func(client.Config) (*client.Client, error) {
	return func(cfg client.Config) (*client.Client, error) {
		cfg.Transport = &fakebackend.Transport{Handler: h}
		return client.New(cfg)
	}
}

// loginHarness drives a Login the way Bubble Tea would, but synchronously:
// it runs every command, feeds the form its own messages, and keeps the
// messages meant for the root.
type loginHarness struct {
	t   *testing.T
	m   Login
	out []tea.Msg
}

func newLoginHarness(t *testing.T, opts LoginOptions) *loginHarness {
	t.Helper()
	// No colour, so golden files and substring checks see plain text.
	lipgloss.SetColorProfile(termenv.Ascii)
	h := &loginHarness{t: t, m: NewLogin(opts)}
	h.m.SetSize(80, 24)
	h.run(h.m.Init())
	return h
}

func (h *loginHarness) send(msg tea.Msg) {
	var cmd tea.Cmd
	h.m, cmd = h.m.Update(msg)
	h.run(cmd)
}

func (h *loginHarness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	if cmds, ok := batched(msg); ok {
		for _, c := range cmds {
			h.run(c)
		}
		return
	}
	switch msg.(type) {
	case nil, spinner.TickMsg:
		// A spinner tick re-arms itself forever; one frame is enough here.
	case msgs.LoggedInMsg, msgs.FlashMsg, tea.QuitMsg:
		h.out = append(h.out, msg)
	default:
		h.send(msg)
	}
}

// batched unpacks tea.BatchMsg and tea.Sequence's unexported message, both
// slices of commands.
func batched(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeFor[tea.Cmd]() {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

func (h *loginHarness) key(t tea.KeyType) { h.send(tea.KeyMsg{Type: t}) }

func (h *loginHarness) typeText(s string) {
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
}

func (h *loginHarness) loggedIn() (msgs.LoggedInMsg, bool) {
	for _, m := range h.out {
		if li, ok := m.(msgs.LoggedInMsg); ok {
			return li, true
		}
	}
	return msgs.LoggedInMsg{}, false
}

func (h *loginHarness) value(f loginField) string { return h.m.inputs[f].Value() }

func TestLoginGolden(t *testing.T) {
	t.Setenv("HOME", "/home/oncall")
	profile := "/home/oncall/.config/sensu-tui/profile.json"
	backend := fakebackend.New(fakebackend.Options{})

	tests := map[string]struct {
		opts          LoginOptions
		width, height int
		drive         func(h *loginHarness)
	}{
		"empty": {opts: LoginOptions{ProfilePath: profile}},
		"api_key_mode": {
			opts: LoginOptions{
				Creds:       config.Credentials{URL: loginTestURL, Namespace: "ops", APIKey: "stale-key"},
				ProfilePath: profile,
				Message:     "Session expired: log in again",
			},
			drive: func(h *loginHarness) { h.key(tea.KeyCtrlS) },
		},
		"validation_error": {
			opts: LoginOptions{},
			drive: func(h *loginHarness) {
				h.typeText("ftp://sensu.example.com")
				h.key(tea.KeyEnter)
			},
		},
		"wrong_password": {
			opts: LoginOptions{
				Creds:     config.Credentials{URL: loginTestURL, Username: loginTestUser},
				NewClient: offlineClient(backend),
			},
			drive: func(h *loginHarness) {
				h.typeText("not-the-password")
				h.key(tea.KeyEnter)
			},
		},
		"in_flight": {
			opts: LoginOptions{Creds: config.Credentials{URL: loginTestURL, Username: loginTestUser}},
			drive: func(h *loginHarness) {
				h.typeText("secret")
				// Keep the reply from arriving: only the form's state matters.
				h.m, _ = h.m.Update(tea.KeyMsg{Type: tea.KeyEnter})
			},
		},
		"short_terminal": {
			opts:  LoginOptions{ProfilePath: profile, Message: "Session expired: log in again"},
			width: 80, height: 16,
			drive: func(h *loginHarness) { h.key(tea.KeyEnter) },
		},
		"narrow": {
			opts:  LoginOptions{ProfilePath: profile, Message: "Session expired: log in again"},
			width: 40, height: 24,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newLoginHarness(t, tc.opts)
			if tc.width > 0 {
				h.m.SetSize(tc.width, tc.height)
			}
			if tc.drive != nil {
				tc.drive(h)
			}
			view := h.m.View()
			w, ht := lipgloss.Size(view)
			wantW, wantH := 80, 24
			if tc.width > 0 {
				wantW, wantH = tc.width, tc.height
			}
			if w != wantW || ht != wantH {
				t.Errorf("view is %dx%d, want %dx%d", w, ht, wantW, wantH)
			}
			golden.RequireEqual(t, []byte(view))
		})
	}
}

func TestLoginSuccessWithPassword(t *testing.T) {
	srv, _ := newFakeSensu(t, fakebackend.Options{})
	h := newLoginHarness(t, LoginOptions{Creds: config.Credentials{URL: srv.URL, Namespace: "ops", Username: loginTestUser}})
	if h.m.focus != fieldPassword {
		t.Fatalf("focus on field %d, want the password: URL and username are prefilled", h.m.focus)
	}
	h.typeText(loginTestPassword)
	h.key(tea.KeyEnter)

	li, ok := h.loggedIn()
	if !ok {
		t.Fatalf("no LoggedInMsg; form says %q", h.m.err)
	}
	if li.Username != loginTestUser {
		t.Errorf("Username = %q, want %q", li.Username, loginTestUser)
	}
	if tok := li.Client.CurrentTokens(); tok.Access == "" || tok.Refresh == "" {
		t.Errorf("client tokens = %+v, want the pair from /auth", tok)
	}
	if ns := li.Client.Namespace(); ns != "ops" {
		t.Errorf("client namespace = %q, want ops", ns)
	}
	if got := h.value(fieldPassword); got != "" {
		t.Errorf("password still in the form after login: %q", got)
	}
	before := len(h.out)
	h.key(tea.KeyEnter)
	if len(h.out) != before {
		t.Error("enter after a successful login logged in again")
	}
}

func TestLoginErrors(t *testing.T) {
	sensu, _ := newFakeSensu(t, fakebackend.Options{})
	notSensu := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>It works!</body></html>"))
	}))
	defer notSensu.Close()
	// Every path answers 401, as a proxy asking for its own login would.
	basicAuthProxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="proxy"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer basicAuthProxy.Close()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer slow.Close()
	defer close(release)
	closed := closedPortURL(t)

	tests := map[string]struct {
		url      string
		password string
		timeout  time.Duration
		want     string
		// keepPassword: the password comes back unless the server refused it.
		keepPassword bool
	}{
		"wrong password":   {url: sensu.URL, password: "wrong", want: "Wrong username or password."},
		"unreachable":      {url: closed, password: loginTestPassword, want: "Cannot reach " + closed + ": ", keepPassword: true},
		"not sensu":        {url: notSensu.URL, password: loginTestPassword, want: notSensu.URL + " does not look like a Sensu API.", keepPassword: true},
		"basic-auth proxy": {url: basicAuthProxy.URL, password: loginTestPassword, want: basicAuthProxy.URL + " does not look like a Sensu API.", keepPassword: true},
		"timeout":          {url: slow.URL, password: loginTestPassword, timeout: 200 * time.Millisecond, want: slow.URL + " did not answer in time.", keepPassword: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newLoginHarness(t, LoginOptions{Creds: config.Credentials{Timeout: tc.timeout}})
			h.typeText(tc.url)
			h.key(tea.KeyTab)
			h.key(tea.KeyTab)
			h.typeText(loginTestUser)
			h.key(tea.KeyTab)
			h.typeText(tc.password)
			h.key(tea.KeyEnter)

			if _, ok := h.loggedIn(); ok {
				t.Fatal("logged in despite the error")
			}
			if !strings.HasPrefix(h.m.err, tc.want) {
				t.Errorf("error = %q, want it to start with %q", h.m.err, tc.want)
			}
			if !strings.Contains(h.m.View(), "Wrong") && name == "wrong password" {
				t.Error("the view does not show the error")
			}
			if h.value(fieldURL) != tc.url || h.value(fieldUsername) != loginTestUser || h.value(fieldNamespace) != "default" {
				t.Errorf("typed values lost: url=%q user=%q ns=%q", h.value(fieldURL), h.value(fieldUsername), h.value(fieldNamespace))
			}
			wantPassword := ""
			if tc.keepPassword {
				wantPassword = tc.password
			}
			if got := h.value(fieldPassword); got != wantPassword {
				t.Errorf("password field = %q, want %q", got, wantPassword)
			}
			if h.m.pending {
				t.Error("still pending after the reply")
			}
		})
	}
}

func closedPortURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := "http://" + l.Addr().String()
	l.Close()
	return u
}

func TestLoginAPIKey(t *testing.T) {
	srv, _ := newFakeSensu(t, fakebackend.Options{})

	key := grantKey(t, srv.URL)

	t.Run("accepted", func(t *testing.T) {
		h := newLoginHarness(t, LoginOptions{Creds: config.Credentials{URL: srv.URL, APIKey: key}})
		if h.m.mode != apiKeyMode || h.m.focus != fieldAPIKey {
			t.Fatalf("mode %d focus %d: a prefilled key should start in API-key mode on the key", h.m.mode, h.m.focus)
		}
		h.key(tea.KeyEnter)
		li, ok := h.loggedIn()
		if !ok {
			t.Fatalf("no LoggedInMsg; form says %q", h.m.err)
		}
		if li.Client.APIKey() != key || li.Username != "" {
			t.Errorf("client key %q, username %q", li.Client.APIKey(), li.Username)
		}
	})
	t.Run("rejected", func(t *testing.T) {
		h := newLoginHarness(t, LoginOptions{Creds: config.Credentials{URL: srv.URL}})
		h.key(tea.KeyCtrlT)
		if h.m.focus != fieldAPIKey {
			t.Fatalf("focus on %d, want the API key", h.m.focus)
		}
		h.typeText("revoked-key")
		h.key(tea.KeyEnter)
		if want := "The API key was rejected (revoked or unknown)."; h.m.err != want {
			t.Errorf("error = %q, want %q", h.m.err, want)
		}
		if h.value(fieldAPIKey) != "" || h.value(fieldURL) != srv.URL {
			t.Errorf("key %q url %q: the rejected key goes, the URL stays", h.value(fieldAPIKey), h.value(fieldURL))
		}
	})
}

func TestLoginValidation(t *testing.T) {
	h := newLoginHarness(t, LoginOptions{})
	h.key(tea.KeyEnter)
	for f, want := range map[loginField]string{
		fieldURL:      "Enter the API URL",
		fieldUsername: "Enter a username.",
		fieldPassword: "Enter the password.",
	} {
		if !strings.HasPrefix(h.m.fieldErrs[f], want) {
			t.Errorf("field %s: error %q, want %q", fieldLabels[f], h.m.fieldErrs[f], want)
		}
	}
	if h.m.pending || h.m.focus != fieldURL {
		t.Errorf("pending=%t focus=%d: nothing is sent and the cursor goes to the first problem", h.m.pending, h.m.focus)
	}
	h.typeText("sensu:8080")
	if h.m.fieldErrs[fieldURL] != "" {
		t.Error("the URL error stays while the user fixes it")
	}

	h.key(tea.KeyCtrlT)
	h.key(tea.KeyEnter)
	if h.m.fieldErrs[fieldAPIKey] != "Enter an API key." || h.m.focus != fieldAPIKey {
		t.Errorf("API-key mode: error %q, focus %d", h.m.fieldErrs[fieldAPIKey], h.m.focus)
	}
}

func TestLoginNormaliseURL(t *testing.T) {
	tests := map[string]struct{ in, want, problem string }{
		"full":         {in: " https://sensu.example.com:8080/ ", want: "https://sensu.example.com:8080"},
		"no scheme":    {in: "sensu:8080", want: "http://sensu:8080"},
		"empty":        {in: "  ", problem: "Enter the API URL"},
		"wrong scheme": {in: "ftp://sensu", problem: "The URL must start with http:// or https://."},
		"no host":      {in: "http://", problem: "The URL has no host name."},
		"port only":    {in: "http://:8080", problem: "The URL has no host name."},
		"garbage":      {in: "http://sen su:80:80", problem: "Not a valid URL."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, problem := normaliseURL(tc.in)
			if got != tc.want || !strings.HasPrefix(problem, tc.problem) || (tc.problem == "") != (problem == "") {
				t.Errorf("normaliseURL(%q) = %q, %q; want %q, %q", tc.in, got, problem, tc.want, tc.problem)
			}
		})
	}
}

func TestLoginDescribeError(t *testing.T) {
	const u = "https://sensu:8080"
	tests := map[string]struct {
		err  error
		mode loginMode
		want string
	}{
		"untrusted certificate": {
			err:  &client.Error{Kind: client.KindTLS, Message: "TLS certificate not trusted: x509: certificate signed by unknown authority"},
			want: "TLS problem: certificate not trusted: x509: certificate signed by unknown authority. Use --trusted-ca-file for a private CA.",
		},
		"plain HTTP server": {
			err:  &client.Error{Kind: client.KindTLS, Message: "TLS handshake failed: the server does not speak TLS (try http://)"},
			want: "TLS problem: handshake failed: the server does not speak TLS (try http://).",
		},
		"timeout":  {err: &client.Error{Kind: client.KindTimeout, Message: "no answer in time"}, want: u + " did not answer in time."},
		"key":      {err: &client.Error{Kind: client.KindUnauthorized}, mode: apiKeyMode, want: "The API key was rejected (revoked or unknown)."},
		"password": {err: &client.Error{Kind: client.KindUnauthorized}, want: "Wrong username or password."},
		"server error is sanitised": {
			err:  &client.Error{Kind: client.KindServer, Method: "GET", Path: "/auth", Status: 500, Message: "boom\x1b]0;pwned\x07\nnext"},
			want: "GET /auth: 500 Internal Server Error: boom next.",
		},
		"config error": {err: errors.New("reading trusted CA file: no such file"), want: "reading trusted CA file: no such file."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := describeLoginError(tc.err, tc.mode, u); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestLoginFocusAndModeSwitch(t *testing.T) {
	h := newLoginHarness(t, LoginOptions{})
	h.typeText("sensu:8080")
	h.key(tea.KeyDown)
	h.key(tea.KeyDown)
	h.typeText("alice")
	h.key(tea.KeyTab)
	h.typeText("hunter2")
	if h.m.focus != fieldPassword {
		t.Fatalf("focus %d, want the password", h.m.focus)
	}
	h.key(tea.KeyTab)
	if h.m.focus != fieldURL {
		t.Errorf("tab on the last field goes to %d, want to wrap to the URL", h.m.focus)
	}
	h.key(tea.KeyShiftTab)
	if h.m.focus != fieldPassword {
		t.Errorf("shift+tab from the URL goes to %d, want the password", h.m.focus)
	}

	h.key(tea.KeyCtrlT)
	if h.m.mode != apiKeyMode || h.m.focus != fieldAPIKey {
		t.Fatalf("after ctrl+t: mode %d focus %d", h.m.mode, h.m.focus)
	}
	if strings.Contains(h.m.View(), "Username") {
		t.Error("API-key mode still shows the username")
	}
	h.typeText("some-key")
	h.key(tea.KeyCtrlT)
	if h.value(fieldUsername) != "alice" || h.value(fieldPassword) != "hunter2" || h.value(fieldAPIKey) != "some-key" {
		t.Errorf("switching modes lost input: user %q password %q key %q",
			h.value(fieldUsername), h.value(fieldPassword), h.value(fieldAPIKey))
	}
	if strings.Contains(h.m.View(), "hunter2") {
		t.Error("the password is shown in clear")
	}
}

func TestLoginInFlight(t *testing.T) {
	srv, _ := newFakeSensu(t, fakebackend.Options{})
	h := newLoginHarness(t, LoginOptions{Creds: config.Credentials{URL: srv.URL, Username: loginTestUser}})
	h.typeText(loginTestPassword)

	var first tea.Cmd
	h.m, first = h.m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if first == nil || !h.m.pending {
		t.Fatal("enter did not start a login")
	}
	if h.value(fieldPassword) != "" {
		t.Error("the password stays in the form while the request is out")
	}
	if !strings.Contains(h.m.View(), "Logging in to "+srv.URL) {
		t.Error("no progress line")
	}
	var again tea.Cmd
	h.m, again = h.m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if again != nil {
		t.Error("a second enter while logging in sent something")
	}
	h.m, _ = h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")})
	if h.value(fieldPassword) != "" {
		t.Error("typing reached a disabled field")
	}

	// Cancel, then let the cancelled attempt's reply arrive: it is stale.
	h.key(tea.KeyEsc)
	if h.m.pending || h.m.err != "Login canceled." {
		t.Fatalf("after esc: pending=%t err=%q", h.m.pending, h.m.err)
	}
	h.run(first)
	if _, ok := h.loggedIn(); ok {
		t.Error("a cancelled attempt logged in")
	}

	// A new attempt ignores a reply from an older one.
	h.typeText(loginTestPassword)
	var second tea.Cmd
	h.m, second = h.m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	h.send(loginResultMsg{gen: h.m.gen - 1, err: &client.Error{Kind: client.KindUnauthorized}})
	if !h.m.pending || h.m.err != "" {
		t.Fatalf("a stale reply changed the form: pending=%t err=%q", h.m.pending, h.m.err)
	}
	h.run(second)
	if _, ok := h.loggedIn(); !ok {
		t.Fatalf("the current attempt did not log in: %q", h.m.err)
	}
}

func TestLoginQuit(t *testing.T) {
	h := newLoginHarness(t, LoginOptions{})
	h.key(tea.KeyCtrlC)
	if len(h.out) != 1 || h.out[0] != (tea.QuitMsg{}) {
		t.Errorf("ctrl+c gave %v, want tea.Quit", h.out)
	}
}

func TestLoginSaveProfile(t *testing.T) {
	// The client's clock moves 4 s on after the login: the 5 s tokens are
	// then inside the client's refresh margin, so the next call refreshes.
	srv, backend := newFakeSensu(t, fakebackend.Options{TokenLifetime: 5 * time.Second})
	var later atomic.Bool
	clock := func() time.Time {
		if later.Load() {
			return time.Now().Add(4 * time.Second)
		}
		return time.Now()
	}
	newClient := func(cfg client.Config) (*client.Client, error) {
		cfg.Now = clock
		return client.New(cfg)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "sensu-tui", "profile.json")
	name := config.ContextName(srv.URL)

	// Another cluster's context, and this cluster's read-only flag, survive the save.
	var existing config.Profile
	existing.Put("other:8080", config.Context{URL: "https://other:8080", APIKey: "other-key"})
	existing.Put(name, config.Context{URL: srv.URL, ReadOnly: true})
	if err := config.SaveProfile(path, existing); err != nil {
		t.Fatal(err)
	}

	h := newLoginHarness(t, LoginOptions{
		Creds:       config.Credentials{URL: srv.URL, Namespace: "ops", Username: loginTestUser},
		ProfilePath: path,
		NewClient:   newClient,
	})
	if !strings.Contains(h.m.View(), "[ ] Save URL, namespace and tokens") {
		t.Fatalf("no save toggle in\n%s", h.m.View())
	}
	h.key(tea.KeyCtrlS)
	if !strings.Contains(h.m.View(), "[x] Save URL, namespace and tokens") {
		t.Fatalf("ctrl+s did not tick the toggle:\n%s", h.m.View())
	}
	h.typeText(loginTestPassword)
	h.key(tea.KeyEnter)
	li, ok := h.loggedIn()
	if !ok {
		t.Fatalf("no LoggedInMsg; form says %q", h.m.err)
	}
	for _, m := range h.out {
		if f, ok := m.(msgs.FlashMsg); ok {
			t.Errorf("unexpected flash %q", f.Text)
		}
	}

	assertProfile := func(want client.Tokens) {
		t.Helper()
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("profile mode %o, want 600", perm)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(raw), loginTestPassword) {
			t.Fatal("the password was written to the profile")
		}
		if !strings.Contains(string(raw), want.Access) {
			t.Error("the access token is not in the profile")
		}
		p, _, err := config.LoadProfile(path)
		if err != nil {
			t.Fatal(err)
		}
		c := p.Contexts[name]
		if p.Current != name || c.URL != srv.URL || c.Namespace != "ops" || c.Username != loginTestUser || !c.ReadOnly {
			t.Errorf("saved context %q = %+v (current %q)", name, c, p.Current)
		}
		if c.Tokens == nil || *c.Tokens != want {
			t.Error("the saved tokens are not the client's")
		}
		if p.Contexts["other:8080"].APIKey != "other-key" {
			t.Error("the other context was lost")
		}
	}
	first := li.Client.CurrentTokens()
	assertProfile(first)

	later.Store(true)
	if _, err := li.Client.GetRaw(context.Background(), "/api/core/v2/namespaces"); err != nil {
		t.Fatal(err)
	}
	if n := backend.RefreshCount(); n != 1 {
		t.Fatalf("%d refreshes, want 1", n)
	}
	if li.Client.CurrentTokens() == first {
		t.Fatal("the refresh did not change the tokens")
	}
	assertProfile(li.Client.CurrentTokens())
}

func TestLoginSaveAPIKey(t *testing.T) {
	srv, _ := newFakeSensu(t, fakebackend.Options{})
	key := grantKey(t, srv.URL)
	path := filepath.Join(t.TempDir(), "profile.json")
	h := newLoginHarness(t, LoginOptions{Creds: config.Credentials{URL: srv.URL, APIKey: key}, ProfilePath: path})
	if !strings.Contains(h.m.View(), "Save URL, namespace and API key") {
		t.Errorf("the toggle does not say the key is saved:\n%s", h.m.View())
	}
	h.key(tea.KeyCtrlS)
	h.key(tea.KeyEnter)
	if _, ok := h.loggedIn(); !ok {
		t.Fatalf("no LoggedInMsg; form says %q", h.m.err)
	}
	p, _, err := config.LoadProfile(path)
	if err != nil {
		t.Fatal(err)
	}
	if c := p.Contexts[config.ContextName(srv.URL)]; c.APIKey != key || c.Tokens != nil {
		t.Errorf("saved context %+v, want the key and no tokens", c)
	}
}

func TestLoginSaveFailureDoesNotBlock(t *testing.T) {
	srv, _ := newFakeSensu(t, fakebackend.Options{})
	// A path under a regular file can be neither read nor written.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	h := newLoginHarness(t, LoginOptions{
		Creds:       config.Credentials{URL: srv.URL, Username: loginTestUser},
		ProfilePath: filepath.Join(blocker, "profile.json"),
	})
	h.key(tea.KeyCtrlS)
	h.typeText(loginTestPassword)
	h.key(tea.KeyEnter)
	if len(h.out) != 2 {
		t.Fatalf("messages %v, want LoggedInMsg then FlashMsg", h.out)
	}
	if _, ok := h.out[0].(msgs.LoggedInMsg); !ok {
		t.Errorf("first message %T, want LoggedInMsg", h.out[0])
	}
	if f, ok := h.out[1].(msgs.FlashMsg); !ok || !f.Error || !strings.Contains(f.Text, "not saved") {
		t.Errorf("second message %#v, want an error flash", h.out[1])
	}
}

func TestLoginNoSaveWithoutPath(t *testing.T) {
	h := newLoginHarness(t, LoginOptions{})
	h.key(tea.KeyCtrlS)
	if h.m.save || strings.Contains(h.m.View(), "Save URL") {
		t.Error("saving offered without a profile path")
	}
	for _, b := range h.m.ShortHelp() {
		if b.Enabled() && b.Help().Key == "ctrl+s" {
			t.Error("help lists ctrl+s without a profile path")
		}
	}
}
