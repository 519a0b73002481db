package ui

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/views"
)

// Golden files: regenerate with `go test ./ui -update`.
//
// Every test runs against an in-process fake backend reached through
// handlerTransport at the fixed URL testURL, with one injected clock, so the
// screens (URL in the tab bar, relative times, "updated" stamps) are stable.
// Spinner frames are not: normalise replaces every braille spinner glyph
// with "*" before comparing.

// testNow is the one clock every test uses, for the backend and the views.
var testNow = time.Date(2026, 11, 22, 4, 30, 0, 0, time.UTC)

const testURL = "https://sensu.example.com:8080"

// sizes are the terminal sizes every golden state is drawn at.
var sizes = []struct{ w, h int }{{120, 40}, {80, 24}}

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// clock is a settable clock: fixed at testNow unless a test moves it.
type clock struct{ ns atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.set(testNow)
	return c
}

func (c *clock) set(t time.Time)    { c.ns.Store(t.UnixNano()) }
func (c *clock) now() time.Time     { return time.Unix(0, c.ns.Load()).UTC() }
func fixedNow() time.Time           { return testNow }
func sizeName(w, h int) string      { return fmt.Sprintf("%dx%d", w, h) }
func keyMsg(s string) tea.KeyMsg    { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
func typeKey(t tea.KeyType) tea.Msg { return tea.KeyMsg{Type: t} }

// fake is a fake backend and the transport that reaches it.
type fake struct {
	b     *fakebackend.Backend
	clock *clock
	tr    *fakebackend.Transport
}

func newFake(t *testing.T, opts fakebackend.Options) *fake {
	t.Helper()
	f := &fake{clock: newClock()}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	opts.Now = f.clock.now
	f.b = fakebackend.New(opts)
	f.tr = &fakebackend.Transport{Handler: f.b}
	return f
}

// client builds a client for the fake; cfg.URL defaults to testURL.
func (f *fake) client(t *testing.T, cfg client.Config) *client.Client {
	t.Helper()
	if cfg.URL == "" {
		cfg.URL = testURL
	}
	cfg.Transport = f.tr
	cfg.Now = f.clock.now
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// admin is a client logged in as the admin user.
func (f *fake) admin(t *testing.T) *client.Client {
	t.Helper()
	return f.loggedIn(t, fakebackend.AdminUser, fakebackend.AdminPassword)
}

// loggedIn is a client for the fake, logged in as user.
func (f *fake) loggedIn(t *testing.T, user, password string) *client.Client {
	t.Helper()
	c := f.client(t, client.Config{})
	if err := c.Login(context.Background(), user, password); err != nil {
		t.Fatal(err)
	}
	return c
}

// grant makes a key for user, created at the given time.
func (f *fake) grant(t *testing.T, c *client.Client, user string, at time.Time) string {
	t.Helper()
	f.clock.set(at)
	defer f.clock.set(testNow)
	k, err := c.GrantAPIKey(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func env(c *client.Client) views.Env {
	return views.Env{Client: c, Now: fixedNow, Refresh: time.Hour, Username: fakebackend.AdminUser}
}

// shot is what a test sees of the running program: the screen, and the
// active view's whole status (the header on screen may be cut short).
type shot struct {
	view, status string
	// selected is the event under the cursor, in the events view.
	selected *client.EventSummary
}

// probe wraps the root model and keeps a copy of its latest View, so a test
// can wait for a screen state without racing the program's goroutine.
type probe struct {
	tea.Model
	mu   *sync.Mutex
	shot *shot
}

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := p.Model.Update(msg)
	p.Model = m
	sh := shot{view: m.View()}
	if root, ok := m.(*Model); ok && root.login == nil && root.current() != nil {
		sh.status = root.current().Status()
		if ev, ok := root.current().(*views.Events); ok {
			sh.selected, _ = ev.Selected()
		}
	}
	p.mu.Lock()
	*p.shot = sh
	p.mu.Unlock()
	return p, cmd
}

// screen is a running program under test.
type screen struct {
	t    *testing.T
	tm   *teatest.TestModel
	mu   sync.Mutex
	shot shot
	done bool
}

// start runs m in a terminal of w by h. The header of a root model asks
// the backend for its version and health only when the test set
// HealthEvery: their answers arrive whenever they do, and most screens
// are compared with golden files.
func start(t *testing.T, m tea.Model, w, h int) *screen {
	t.Helper()
	if root, ok := m.(*Model); ok && root.opts.HealthEvery == 0 {
		root.opts.HealthEvery = -1
	}
	s := &screen{t: t}
	s.tm = teatest.NewTestModel(t, probe{Model: m, mu: &s.mu, shot: &s.shot}, teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() { s.final() }) // stops the program and the loads it has in flight
	return s
}

func (s *screen) current() string { return s.snapshot().view }

func (s *screen) snapshot() shot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shot
}

// failTB reports a WaitFor timeout with the current screen instead of the raw byte stream.
type failTB struct {
	testing.TB
	s    *screen
	what string
}

func (f failTB) Fatal(...any) {
	f.TB.Helper()
	f.TB.Fatalf("timed out waiting for %s; screen:\n%s", f.what, f.s.current())
}

// waitFor waits up to 5 s until cond holds for the current screen.
func (s *screen) waitFor(what string, cond func(shot) bool) {
	s.t.Helper()
	teatest.WaitFor(failTB{s.t, s, what}, s.tm.Output(), func([]byte) bool { return cond(s.snapshot()) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// waitText waits until the screen shows every one of texts.
func (s *screen) waitText(texts ...string) {
	s.t.Helper()
	s.waitFor(fmt.Sprintf("%q", texts), func(sh shot) bool {
		for _, text := range texts {
			if !strings.Contains(sh.view, text) {
				return false
			}
		}
		return true
	})
}

func (s *screen) send(msgs ...tea.Msg) {
	for _, m := range msgs {
		s.tm.Send(m)
	}
}

func (s *screen) typeText(text string) { s.tm.Type(text) }

// final stops the program and returns the last View of the root model.
// After the program is done it sends ctrl+c (twice: the first may only
// close the help) straight to the model, so every view cancels its loads.
func (s *screen) final() string {
	s.t.Helper()
	if s.done {
		return ""
	}
	s.done = true
	_ = s.tm.Quit()
	m := s.tm.FinalModel(s.t, teatest.WithFinalTimeout(5*time.Second))
	view := m.View()
	root := m.(probe).Model
	for range 2 {
		root, _ = root.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	}
	return view
}

var spinnerGlyphs = regexp.MustCompile(`[\x{2800}-\x{28FF}]`)

// normalise makes a view comparable: spinner frames become "*".
func normalise(view string) string { return spinnerGlyphs.ReplaceAllString(view, "*") }

// requireGolden compares the normalised view with the golden file of the test.
func requireGolden(t *testing.T, view string) {
	t.Helper()
	golden.RequireEqual(t, []byte(normalise(view)))
}

// loaded is true once the active list has data and nothing is in flight.
func loaded(sh shot) bool {
	return strings.Contains(sh.status, "updated 04:30:00") && !strings.Contains(sh.status, "loading")
}

func TestEventsGolden(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, w, h int) string
	}{
		{"loading", func(t *testing.T, w, h int) string {
			f := newFake(t, fakebackend.Options{})
			f.b.SetFaults(fakebackend.Faults{Latency: 3 * time.Second})
			s := start(t, New(Options{Env: env(f.admin(t))}), w, h)
			s.waitText("Loading events…", "loading…")
			return s.final()
		}},
		{"data", func(t *testing.T, w, h int) string {
			f := newFake(t, fakebackend.Options{})
			s := start(t, New(Options{Env: env(f.admin(t))}), w, h)
			s.waitFor("events loaded", loaded)
			return s.final()
		}},
		{"empty", func(t *testing.T, w, h int) string {
			f := newFake(t, fakebackend.Options{})
			c := f.admin(t)
			c.SetNamespace("staging")
			s := start(t, New(Options{Env: env(c)}), w, h)
			s.waitText(`No events in namespace "staging".`)
			return s.final()
		}},
		{"error", func(t *testing.T, w, h int) string {
			// Port 1 on the loopback is closed: the connection is refused at once.
			c, err := client.New(client.Config{URL: "http://127.0.0.1:1", APIKey: "some-key"})
			if err != nil {
				t.Fatal(err)
			}
			s := start(t, New(Options{Env: env(c)}), w, h)
			s.waitText("Could not load events", "Retrying in 2s (at 04:30:02)")
			return s.final()
		}},
		{"detail", func(t *testing.T, w, h int) string {
			f := newFake(t, fakebackend.Options{})
			s := start(t, New(Options{Env: env(f.admin(t))}), w, h)
			s.waitFor("events loaded", loaded)
			s.send(typeKey(tea.KeyEnter))
			s.waitText("esc/q back", "Output:")
			return s.final()
		}},
	}
	for _, tc := range cases {
		for _, sz := range sizes {
			t.Run(tc.name+"/"+sizeName(sz.w, sz.h), func(t *testing.T) {
				t.Parallel()
				requireGolden(t, tc.run(t, sz.w, sz.h))
			})
		}
	}
}

func TestChecksGolden(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sizeName(sz.w, sz.h), func(t *testing.T) {
			t.Parallel()
			f := newFake(t, fakebackend.Options{})
			s := start(t, New(Options{Env: env(f.admin(t))}), sz.w, sz.h)
			s.waitFor("events loaded", loaded)
			s.send(keyMsg("2"))
			s.waitFor("checks loaded", func(sh shot) bool { return strings.Contains(sh.status, "checks") && loaded(sh) })
			view := s.final()
			if !strings.Contains(view, "NOT OK") {
				t.Errorf("no NOT OK column:\n%s", view)
			}
			requireGolden(t, view)
		})
	}
}

// keyScreen is the API keys view of a fresh backend, with keys granted
// before the program starts (the first granted is the oldest).
type keyScreen struct {
	*screen
	f    *fake
	keys []string // granted, oldest first
}

func startKeys(t *testing.T, w, h int, users ...string) *keyScreen {
	t.Helper()
	f := newFake(t, fakebackend.Options{})
	c := f.admin(t)
	ks := &keyScreen{f: f}
	for i, u := range users {
		at := testNow.Add(-time.Duration(len(users)-i) * time.Hour)
		ks.keys = append(ks.keys, f.grant(t, c, u, at))
	}
	ks.screen = start(t, New(Options{Env: env(c), StartView: "apikeys"}), w, h)
	if len(users) == 0 {
		ks.waitText("No API keys.")
	} else {
		ks.waitFor("keys loaded", loaded)
	}
	return ks
}

// hideKeys replaces the random keys in a view with fixed stand-ins of the
// same width: KEY1, KEY2... for the last four characters a masked key shows,
// and a fixed uuid for a key shown in clear, whole or cut short.
func hideKeys(view string, keys ...string) string {
	for i, k := range keys {
		stand := fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1)
		view = strings.ReplaceAll(view, k, stand)
		for n := len(k) - 1; n >= 8; n-- { // a key cut short by a narrow column
			view = strings.ReplaceAll(view, k[:n]+"…", stand[:n]+"…")
		}
		view = strings.ReplaceAll(view, "…"+k[len(k)-4:], fmt.Sprintf("…KEY%d", i+1))
	}
	return view
}

func TestAPIKeysGolden(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, w, h int) string
	}{
		{"empty", func(t *testing.T, w, h int) string {
			return startKeys(t, w, h).final()
		}},
		{"masked", func(t *testing.T, w, h int) string {
			ks := startKeys(t, w, h, fakebackend.ViewerUser, "alice")
			view := ks.final()
			for _, k := range ks.keys {
				if strings.Contains(view, k) {
					t.Errorf("key %s shown in clear:\n%s", k, view)
				}
			}
			return hideKeys(view, ks.keys...)
		}},
		{"revealed", func(t *testing.T, w, h int) string {
			ks := startKeys(t, w, h, fakebackend.ViewerUser, "alice")
			ks.send(keyMsg("v"))
			// The newest key (alice's) is under the cursor.
			newest := ks.keys[1]
			ks.waitFor("revealed key", func(sh shot) bool {
				return strings.Contains(sh.view, newest[:8]) && strings.Contains(sh.view, "Key of alice")
			})
			return hideKeys(ks.final(), ks.keys...)
		}},
		{"grant-open", func(t *testing.T, w, h int) string {
			ks := startKeys(t, w, h)
			ks.send(keyMsg("g"))
			ks.waitText("Grant an API key", "  admin", "  viewer")
			return ks.final()
		}},
		{"grant-confirm", func(t *testing.T, w, h int) string {
			ks := startKeys(t, w, h)
			ks.send(keyMsg("g"))
			ks.waitText("  viewer")
			ks.typeText("viewer")
			ks.send(typeKey(tea.KeyEnter))
			ks.waitText(`Grant a new API key to user "viewer"?`, "y grant")
			return ks.final()
		}},
		{"grant-done", func(t *testing.T, w, h int) string {
			ks := startKeys(t, w, h)
			ks.send(keyMsg("g"))
			ks.waitText("  viewer")
			ks.typeText("viewer")
			ks.send(typeKey(tea.KeyEnter))
			ks.waitText(`Grant a new API key to user "viewer"?`)
			ks.send(keyMsg("y"))
			ks.waitText("New key for viewer", "Shown once")
			// The list behind the dialog reloads with the new key selected.
			ks.waitText("1/1 · 1 API key", "✔ Granted a key to viewer")
			names := ks.f.b.APIKeyNames()
			if len(names) != 1 {
				t.Fatalf("backend has keys %v, want one", names)
			}
			view := ks.final()
			if !strings.Contains(view, names[0]) {
				t.Errorf("new key %s not shown:\n%s", names[0], view)
			}
			return hideKeys(view, names[0])
		}},
		{"revoke-confirm", func(t *testing.T, w, h int) string {
			ks := startKeys(t, w, h, fakebackend.ViewerUser)
			ks.send(keyMsg("x"))
			ks.waitText("Revoke API key", `of user "viewer"`)
			view := ks.final()
			if strings.Contains(view, "this session uses") {
				t.Errorf("warning about the session's key for another key:\n%s", view)
			}
			return hideKeys(view, ks.keys...)
		}},
		{"revoke-own-key", func(t *testing.T, w, h int) string {
			f := newFake(t, fakebackend.Options{})
			own := f.grant(t, f.admin(t), fakebackend.AdminUser, testNow.Add(-time.Hour))
			c := f.client(t, client.Config{APIKey: own})
			s := start(t, New(Options{Env: env(c), StartView: "apikeys"}), w, h)
			s.waitFor("keys loaded", loaded)
			s.send(keyMsg("x"))
			s.waitText("Revoke API key", "this session uses")
			return hideKeys(s.final(), own)
		}},
	}
	for _, tc := range cases {
		for _, sz := range sizes {
			t.Run(tc.name+"/"+sizeName(sz.w, sz.h), func(t *testing.T) {
				t.Parallel()
				requireGolden(t, tc.run(t, sz.w, sz.h))
			})
		}
	}
}

func TestRootGolden(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, s *screen)
	}{
		{"help", func(t *testing.T, s *screen) {
			s.send(keyMsg("?"))
			s.waitText("Keys: events", "key closes")
		}},
		{"command", func(t *testing.T, s *screen) {
			s.send(keyMsg(":"))
			s.typeText("checks")
			s.waitText(":checks")
		}},
		{"unknown-command", func(t *testing.T, s *screen) {
			s.send(keyMsg(":"))
			s.typeText("bogus")
			s.send(typeKey(tea.KeyEnter))
			s.waitText(`Unknown command "bogus"`)
		}},
		{"filter", func(t *testing.T, s *screen) {
			s.send(keyMsg("/"))
			s.typeText("redis")
			s.send(typeKey(tea.KeyEnter))
			s.waitText("filter: redis")
			s.waitFor("the walk the filter needs", func(sh shot) bool { return !strings.Contains(sh.status, "loading") })
			if v := s.current(); strings.Contains(v, "http-endpoint") || !strings.Contains(v, "redis-ping") {
				t.Errorf("rows not filtered by redis:\n%s", v)
			}
		}},
	}
	for _, tc := range cases {
		for _, sz := range sizes {
			t.Run(tc.name+"/"+sizeName(sz.w, sz.h), func(t *testing.T) {
				t.Parallel()
				f := newFake(t, fakebackend.Options{})
				s := start(t, New(Options{Env: env(f.admin(t))}), sz.w, sz.h)
				s.waitFor("events loaded", loaded)
				tc.run(t, s)
				requireGolden(t, s.final())
			})
		}
	}
	t.Run("too-small", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, fakebackend.Options{})
		s := start(t, New(Options{Env: env(f.admin(t))}), 30, 8)
		s.waitText("Terminal too small (30x8)")
		requireGolden(t, s.final())
	})
}

func TestSessionExpiredGolden(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sizeName(sz.w, sz.h), func(t *testing.T) {
			t.Parallel()
			f := newFake(t, fakebackend.Options{})
			c := f.client(t, client.Config{Tokens: &client.Tokens{
				Access: "bogus", Refresh: "bogus", ExpiresAt: testNow.Add(time.Hour).Unix(),
			}})
			s := start(t, New(Options{Env: env(c)}), sz.w, sz.h)
			s.waitText("Your session expired")
			view := s.final()
			if !strings.Contains(view, testURL) {
				t.Errorf("login not prefilled with the URL:\n%s", view)
			}
			requireGolden(t, view)
		})
	}
}

// TestStaleData: an error after a good load keeps the rows and says so.
func TestStaleData(t *testing.T) {
	t.Parallel()
	f := newFake(t, fakebackend.Options{})
	s := start(t, New(Options{Env: env(f.admin(t))}), 120, 40)
	s.waitFor("events loaded", loaded)
	before := s.current()
	f.b.SetFaults(fakebackend.Faults{ErrorRate: 1})
	s.send(keyMsg("r"))
	s.waitText("STALE DATA", "internal error", "Retrying in")
	view := s.final()
	rows := func(v string) []string {
		lines := strings.Split(v, "\n")
		return lines[2 : len(lines)-2] // the body, without tabs, header, status and help
	}
	if !slices.Equal(rows(before), rows(view)) {
		t.Errorf("rows changed after a failed refresh:\nbefore:\n%s\nafter:\n%s", before, view)
	}
	if strings.Contains(view, "Could not load") {
		t.Errorf("stale rows replaced by the error page:\n%s", view)
	}
}

// TestSwitchCancelsLoads: switching away cancels a load in flight, and
// switching back starts a fresh one that lands.
func TestSwitchCancelsLoads(t *testing.T) {
	t.Parallel()
	f := newFake(t, fakebackend.Options{Recorded: true})
	c := f.admin(t)
	f.b.SetFaults(fakebackend.Faults{Latency: 2 * time.Second})
	s := start(t, New(Options{Env: env(c)}), 120, 40)
	// Each switch waits until the load it abandons has reached the backend.
	requests := func(n int64) func(shot) bool {
		return func(shot) bool { return f.tr.APICalls() >= n }
	}
	s.waitText("Loading events…")
	s.waitFor("the events request", requests(1))
	s.send(keyMsg("2"))
	s.waitText("Loading checks…")
	s.waitFor("the checks request", requests(2))
	s.send(keyMsg("1"))
	s.waitFor("events loaded", loaded)
	view := s.final()
	if !strings.Contains(view, "[1 events]") || !strings.Contains(view, "check-crit") {
		t.Errorf("final view is not the events list:\n%s", view)
	}
	if strings.Contains(view, "checks") && strings.Contains(view, "Loading checks") {
		t.Errorf("checks load still on screen:\n%s", view)
	}
	// The first events load and the checks load were both abandoned.
	if n := f.tr.Abandoned(); n < 2 {
		t.Errorf("%d requests abandoned, want at least 2 (events and checks)", n)
	}
}
