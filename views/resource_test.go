package views

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/pipeline"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
)

// The list view tests run one view as a whole Bubble Tea program (host)
// against an in-process fake backend (viewFake) with a fixed clock.

var viewTestNow = time.Date(2026, 11, 22, 4, 30, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

func fixedViewNow() time.Time { return viewTestNow }

// viewFake is a fake backend with an admin client for it.
type viewFake struct {
	b  *fakebackend.Backend
	c  *client.Client
	tr *fakebackend.Transport
}

func newViewFake(t *testing.T, opts fakebackend.Options) *viewFake {
	t.Helper()
	opts.Now = fixedViewNow
	f := &viewFake{b: fakebackend.New(opts)}
	f.tr = &fakebackend.Transport{Handler: f.b}
	f.c = f.client(t, client.Config{})
	if err := f.c.Login(context.Background(), fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *viewFake) client(t *testing.T, cfg client.Config) *client.Client {
	t.Helper()
	cfg.URL = "https://sensu.example.com:8080"
	cfg.Transport = f.tr
	cfg.Now = fixedViewNow
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *viewFake) env(refresh time.Duration) Env {
	return Env{Client: f.c, Now: fixedViewNow, Refresh: refresh, Username: fakebackend.AdminUser}
}

// host runs one view the way the root model does. After every message it
// renders the view and runs observe under mu, so a test can read the view's
// state without racing the program.
type host struct {
	v       View
	mu      *sync.Mutex
	shared  *hostShared
	observe func()
}

type hostShared struct {
	screen  string
	flashes []msgs.FlashMsg
	copies  []msgs.CopyMsg
	expired []string
	drills  []msgs.DrillMsg
	backs   int
}

func (h host) Init() tea.Cmd { return h.v.Activate() }

func (h host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.v.SetSize(msg.Width, msg.Height-2)
	case tea.KeyMsg:
		if msg.Type == tea.KeyCtrlC {
			h.v.Deactivate()
			return h, tea.Quit
		}
		cmd = h.v.Update(msg)
	case setFilterMsg:
		cmd = h.v.SetFilter(string(msg)) // as the root does while the user types
	case returnMsg:
		// As the root does on a drill-down into the view or back to it:
		// the view is left, given its filter, and shown again.
		h.v.Deactivate()
		h.v.SetFilter(string(msg))
		cmd = h.v.Activate()
	case msgs.ActionDoneMsg:
		// As the root does: report, then hand it to the view.
		report := msgs.FlashMsg{Text: msg.Text}
		if msg.Err != nil {
			report = msgs.FlashMsg{Text: msg.Err.Error(), Error: true}
		}
		cmd = h.v.Update(msg)
		if msg.Created.View == h.v.Name() {
			h.v.SelectKey(msg.Created.Key)
		}
		cmd = tea.Batch(cmd, func() tea.Msg { return report })
	default:
		cmd = h.v.Update(msg)
	}
	screen := h.View()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.shared.screen = screen
	switch msg := msg.(type) {
	case msgs.FlashMsg:
		h.shared.flashes = append(h.shared.flashes, msg)
	case msgs.SessionExpiredMsg:
		h.shared.expired = append(h.shared.expired, msg.Reason)
	case msgs.CopyMsg:
		h.shared.copies = append(h.shared.copies, msg)
	case msgs.DrillMsg:
		h.shared.drills = append(h.shared.drills, msg)
	case msgs.BackMsg:
		h.shared.backs++
	}
	if h.observe != nil {
		h.observe()
	}
	return h, cmd
}

// setFilterMsg asks the host to set the view's filter.
type setFilterMsg string

// returnMsg asks the host to leave the view and show it again under a filter.
type returnMsg string

// View is the view's status and problem lines over the view itself.
func (h host) View() string { return h.v.Status() + "\n" + h.v.Problem() + "\n" + h.v.View() }

// run is a host program under test.
type run struct {
	t  *testing.T
	tm *teatest.TestModel
	mu *sync.Mutex
	sh *hostShared
}

// runView starts v in a 120x40 program; observe (may be nil) runs after
// every message with the lock held.
func runView(t *testing.T, v View, observe func()) *run {
	t.Helper()
	r := &run{t: t, mu: &sync.Mutex{}, sh: &hostShared{}}
	r.tm = teatest.NewTestModel(t, host{v: v, mu: r.mu, shared: r.sh, observe: observe}, teatest.WithInitialTermSize(120, 40))
	t.Cleanup(func() {
		r.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
		r.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	})
	return r
}

// locked runs f with the host's lock held, to read what observe recorded.
func (r *run) locked(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f()
}

func (r *run) screen() string {
	var s string
	r.locked(func() { s = r.sh.screen })
	return s
}

func (r *run) flashes() []msgs.FlashMsg {
	var f []msgs.FlashMsg
	r.locked(func() { f = append(f, r.sh.flashes...) })
	return f
}

// waitTB reports a timeout with the current screen rather than the raw output.
type waitTB struct {
	testing.TB
	r    *run
	what string
}

func (w waitTB) Fatal(...any) {
	w.TB.Helper()
	w.TB.Fatalf("timed out waiting for %s; screen:\n%s", w.what, w.r.screen())
}

// waitFor waits up to 5 s for cond, which runs with the host's lock held.
func (r *run) waitFor(what string, cond func() bool) {
	r.t.Helper()
	check := func([]byte) bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return cond()
	}
	teatest.WaitFor(waitTB{r.t, r, what}, r.tm.Output(), check,
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
}

// waitText waits until the screen shows every one of texts.
func (r *run) waitText(texts ...string) {
	r.t.Helper()
	r.waitFor(fmt.Sprintf("%q", texts), func() bool {
		for _, text := range texts {
			if !strings.Contains(r.sh.screen, text) {
				return false
			}
		}
		return true
	})
}

func (r *run) press(keys ...string) {
	for _, k := range keys {
		switch k {
		case "enter":
			r.tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
		case "esc":
			r.tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
		case "ctrl+d":
			r.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlD})
		default:
			r.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		}
	}
}

// eventsState is what the events tests read from a running view.
type eventsState struct {
	selected string
	cursor   int
	items    []*client.EventSummary
	shown    []*client.EventSummary
	loading  bool
	loaded   bool
	paused   bool
	err      error
	// window says the rows came from a GraphQL window; height is the
	// list's height, which a window covers.
	window bool
	height int
}

func runEvents(t *testing.T, env Env) (*run, *Events, *eventsState) {
	t.Helper()
	v := NewEvents(env)
	st := &eventsState{}
	r := runView(t, v, func() {
		st.selected = ""
		if e, ok := v.Selected(); ok {
			st.selected = e.Key()
		}
		st.cursor = v.table.Cursor()
		st.items = v.Items()
		st.shown = v.table.Items()
		st.loading, st.loaded, st.paused, st.err = v.loading, v.loaded, v.paused, v.err
		st.window, st.height = v.window.on, v.height
	})
	return r, v, st
}

func indexOfEvent(events []*client.EventSummary, key string) int {
	for i, e := range events {
		if e.Key() == key {
			return i
		}
	}
	return -1
}

// TestPollingKeepsCursor: a refresh that moves, adds or removes other items
// leaves the cursor on the same item, even though its index changes.
func TestPollingKeepsCursor(t *testing.T) {
	cases := []struct {
		name string
		// change alters the list around the cursor; above is the first row.
		change func(f *viewFake, above *client.EventSummary) error
		// done tells when a refresh has shown the change.
		done func(st *eventsState, above string) bool
	}{
		{"delete above", func(f *viewFake, e *client.EventSummary) error {
			return f.c.DeleteEvent(context.Background(), e.Namespace(), e.Entity.Metadata.Name, e.Check.Metadata.Name)
		}, func(st *eventsState, above string) bool {
			return indexOfEvent(st.items, above) < 0
		}},
		{"resolve above: it moves below", func(f *viewFake, e *client.EventSummary) error {
			return f.c.ResolveEvent(context.Background(), e.Namespace(), e.Entity.Metadata.Name, e.Check.Metadata.Name)
		}, func(st *eventsState, above string) bool {
			i := indexOfEvent(st.items, above)
			return i >= 0 && st.items[i].Check.Status == client.StatusOK
		}},
		{"add a critical event: it sorts first", func(f *viewFake, _ *client.EventSummary) error {
			// OK, then critical: the most recently OK critical sorts first.
			for _, status := range []int{0, 2} {
				if err := f.postEvent("default", fmt.Sprintf(`{"entity":{"metadata":{"name":"new-host"}},`+
					`"check":{"metadata":{"name":"new-check"},"status":%d,"output":"new","executed":%d}}`, status, viewTestNow.Unix())); err != nil {
					return err
				}
			}
			return nil
		}, func(st *eventsState, _ string) bool {
			return indexOfEvent(st.items, "default/new-host/new-check") == 0
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newViewFake(t, fakebackend.Options{Recorded: true})
			r, _, st := runEvents(t, f.env(50*time.Millisecond))
			r.waitFor("events", func() bool { return st.loaded && len(st.items) > 3 })
			r.press("j", "j")
			r.waitFor("cursor on the third row", func() bool { return st.cursor == 2 })
			var selected, initialItems int
			var want string
			var above *client.EventSummary
			r.locked(func() {
				want, selected, initialItems, above = st.selected, st.cursor, len(st.items), st.shown[0]
			})
			if above.Check.Status == client.StatusOK {
				t.Fatalf("first row %s is OK; the test needs a failing event above the cursor", above.Key())
			}
			if err := tc.change(f, above); err != nil {
				t.Fatal(err)
			}
			r.waitFor("a refresh with the change", func() bool { return tc.done(st, above.Key()) })
			r.locked(func() {
				if st.selected != want {
					t.Errorf("cursor moved from %s to %s after the refresh", want, st.selected)
				}
				if st.cursor == selected {
					t.Errorf("cursor index stayed %d: the change did not move the selected item (items %d→%d)",
						st.cursor, initialItems, len(st.items))
				}
			})
		})
	}
}

// postEvent creates an event as an agent would.
func (f *viewFake) postEvent(ns, body string) error {
	req := httptest.NewRequest(http.MethodPost, "/api/core/v2/namespaces/"+ns+"/events", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+f.c.CurrentTokens().Access)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	f.b.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		return fmt.Errorf("POST event: %d %s", rec.Code, rec.Body)
	}
	return nil
}

// TestPauseAndRefresh: p stops polling, r loads once, p again resumes.
func TestPauseAndRefresh(t *testing.T) {
	t.Parallel()
	const refresh = 50 * time.Millisecond
	f := newViewFake(t, fakebackend.Options{Recorded: true})
	r, _, st := runEvents(t, f.env(refresh))
	r.waitFor("polling", func() bool { return st.loaded && f.tr.APICalls() >= 3 })

	r.press("p")
	r.waitFor("paused and idle", func() bool { return st.paused && !st.loading })
	n := f.tr.APICalls()
	time.Sleep(3 * refresh)
	if got := f.tr.APICalls(); got != n {
		t.Fatalf("%d requests while paused, want none", got-n)
	}
	if !strings.Contains(r.screen(), "paused") {
		t.Errorf("status does not say paused:\n%s", r.screen())
	}

	r.press("r")
	r.waitFor("a refresh", func() bool { return f.tr.APICalls() > n && !st.loading })
	n = f.tr.APICalls()
	time.Sleep(3 * refresh)
	if got := f.tr.APICalls(); got != n {
		t.Fatalf("%d requests after r while paused, want none", got-n)
	}

	r.press("p")
	r.waitFor("polling again", func() bool { return f.tr.APICalls() >= n+2 })
}

// TestErrorThenRecovery: a failing backend shows the error and the retry
// time; once it heals the view recovers on its own.
func TestErrorThenRecovery(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{Recorded: true})
	f.b.SetFaults(fakebackend.Faults{ErrorRate: 1})
	r, _, st := runEvents(t, f.env(time.Hour))
	r.waitText("Could not load events", "internal error", "Retrying in")
	if p := r.screen(); !strings.Contains(p, "press r to retry now") {
		t.Errorf("no retry hint:\n%s", p)
	}
	f.b.SetFaults(fakebackend.Faults{})
	r.waitFor("recovery without a key press", func() bool { return st.loaded && st.err == nil && len(st.items) > 0 })
	if s := r.screen(); strings.Contains(s, "Could not load") || strings.Contains(s, "Retrying") {
		t.Errorf("error still shown after recovery:\n%s", s)
	}
}

// TestStaleDataKeepsRows: an error after a good load keeps the rows and
// marks them stale.
func TestStaleDataKeepsRows(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{Recorded: true})
	r, _, st := runEvents(t, f.env(time.Hour))
	r.waitFor("events", func() bool { return st.loaded && !st.loading })
	var before int
	r.locked(func() { before = len(st.shown) })
	f.b.SetFaults(fakebackend.Faults{ErrorRate: 1})
	r.press("r")
	r.waitFor("the failed refresh", func() bool { return st.err != nil && !st.loading })
	s := r.screen()
	if !strings.Contains(s, "STALE DATA") || !strings.Contains(s, "Retrying in") {
		t.Errorf("problem line does not say STALE DATA with a retry:\n%s", s)
	}
	if strings.Contains(s, "Could not load") {
		t.Errorf("rows replaced by the error page:\n%s", s)
	}
	r.locked(func() {
		if len(st.shown) != before || before == 0 {
			t.Errorf("%d rows after the failed refresh, want %d", len(st.shown), before)
		}
	})
}

// TestPollsNeedNoSmallFirstPage: the small first page puts rows on screen
// on the first load; a poll asks for full pages from its first request.
func TestPollsNeedNoSmallFirstPage(t *testing.T) {
	f := newViewFake(t, fakebackend.Options{Events: 250})
	var mu sync.Mutex
	var limits []string
	tokens := f.c.CurrentTokens()
	record := func(r *http.Request) {
		if limit := r.URL.Query().Get("limit"); limit != "" {
			mu.Lock()
			limits = append(limits, limit)
			mu.Unlock()
		}
	}
	c, err := client.New(client.Config{URL: "https://sensu.example.com:8080", Now: fixedViewNow, Tokens: &tokens,
		Transport: &fakebackend.Transport{Handler: f.b, Observe: record}})
	if err != nil {
		t.Fatal(err)
	}
	c.DisableGraphQL() // a walk's pages are what this is about
	env := f.env(50 * time.Millisecond)
	env.Client, env.FirstPageSize, env.PageSize = c, 10, 100
	r, _, _ := runEvents(t, env)
	// The load: 10, then 100 twice, then the last 40; a poll: 100, 100, 50.
	r.waitFor("a load and a poll", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(limits) >= 7
	})
	mu.Lock()
	defer mu.Unlock()
	if got, want := limits[:7], []string{"10", "100", "100", "100", "100", "100", "100"}; !slices.Equal(got, want) {
		t.Fatalf("limits asked for %v, want %v", got, want)
	}
}

// fill puts items in a view as a finished load would.
func fill[T any](r *Resource[T], items []T) {
	r.takeList(pipeline.Build(r.spec.data(), r.compare(), items), r.order())
	r.loaded = true
}
