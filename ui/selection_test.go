package ui

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/config"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/views"
)

// The tests here check the selection model and the root's routing: what
// is on screen is what a key acts on.

// putEvent stores an event with the given status, as an agent would send
// it, after one OK result: a check that was passing until now, which the
// severity order puts first among its status.
func putEvent(t *testing.T, f *fake, entity, check string, status uint32, at time.Time) {
	t.Helper()
	for _, s := range []uint32{client.StatusOK, status} {
		if err := f.b.SendResult("default", entity, check, s, at.Unix()); err != nil {
			t.Fatal(err)
		}
	}
}

// firstRow is the event on the first row of the events view on screen.
func firstRow(t *testing.T, sh shot) string {
	t.Helper()
	lines := strings.Split(sh.view, "\n")
	if len(lines) < 4 {
		t.Fatalf("no rows:\n%s", sh.view)
	}
	return lines[3]
}

// selectedIs waits until the event under the cursor is entity/check.
func (s *screen) selectedIs(entity, check string) {
	s.t.Helper()
	s.waitFor("the cursor on "+entity+"/"+check, func(sh shot) bool {
		return sh.selected != nil && sh.selected.Entity.Metadata.Name == entity && sh.selected.Check.Metadata.Name == check
	})
}

// TestTopOfListAfterFullLoad: a walk's first page puts its worst row on
// top; when the whole sorted list replaces it, the top of that list is
// shown, not the first page's row wherever it sorted to. A window from
// the server is sorted whole from the start.
func TestTopOfListAfterFullLoad(t *testing.T) {
	for _, walked := range []bool{true, false} {
		t.Run(map[bool]string{true: "walk", false: "window"}[walked], func(t *testing.T) {
			t.Parallel()
			f := newFake(t, fakebackend.Options{})
			e := env(f.admin(t))
			if walked {
				e.Client.DisableGraphQL()
			}
			e.FirstPageSize, e.PageSize = 20, 100
			s := start(t, New(Options{Env: e}), 120, 40)
			s.waitFor("events loaded", loaded)
			// The most recently OK critical event sorts first, far from the
			// first page of a walk, which comes in name order.
			s.selectedIs("web-024", "http-endpoint")
			if row := firstRow(t, s.snapshot()); !strings.HasPrefix(row, ">") || !strings.Contains(row, "web-024") {
				t.Fatalf("the first row is not the selected top event:\n%s", s.current())
			}
			s.waitStatus("1/615")
		})
	}
}

// TestNewCriticalComesIntoView: with the cursor on the first row, a new
// critical event that sorts above it shows at the next poll, selected.
func TestNewCriticalComesIntoView(t *testing.T) {
	t.Parallel()
	f := newFake(t, fakebackend.Options{})
	c := f.admin(t)
	s := start(t, New(Options{Env: env(c)}), 120, 40)
	s.waitFor("events loaded", loaded)
	s.selectedIs("web-024", "http-endpoint")
	putEvent(t, f, "new-host", "new-check", client.StatusCritical, testNow)
	s.send(keyMsg("r"))
	s.selectedIs("new-host", "new-check")
	s.waitStatus("1/616")
}

// TestNewRowsAboveTheScreen: once the user has moved, the cursor follows
// its event, and rows that arrive above the screen are counted.
func TestNewRowsAboveTheScreen(t *testing.T) {
	t.Parallel()
	f := newFake(t, fakebackend.Options{})
	c := f.admin(t)
	s := start(t, New(Options{Env: env(c)}), 120, 24)
	s.waitFor("events loaded", loaded)
	s.send(typeKey(tea.KeyPgDown), typeKey(tea.KeyPgDown))
	s.waitFor("scrolled", func(sh shot) bool { return strings.HasPrefix(sh.status, "39/615") })
	followed := s.snapshot().selected.Key()
	putEvent(t, f, "new-host", "new-check", client.StatusCritical, testNow)
	s.send(keyMsg("r"))
	s.waitStatus("40/616 ↑ 1 new")
	if got := s.snapshot().selected.Key(); got != followed {
		t.Fatalf("the cursor moved from %s to %s", followed, got)
	}
	s.send(keyMsg("g"))
	s.waitFor("back at the top", func(sh shot) bool { return strings.HasPrefix(sh.status, "1/616 ·") })
	s.selectedIs("new-host", "new-check")
}

// TestFilterThenAct: a new filter puts the cursor on its first row, and the
// action dialog names that row.
func TestFilterThenAct(t *testing.T) {
	t.Parallel()
	_, s := startEvents(t, 120, 40)
	s.send(keyMsg("j"), keyMsg("j"), keyMsg("j"))
	s.waitStatus("4/615")
	s.filterTo("web-046")
	s.selectedIs("web-046", "disk-usage")
	s.send(keyMsg("s"))
	s.waitText("Silence web-046/disk-usage")
}

// TestGrantThenRevoke: a granted key is selected when the list comes back,
// so the next action names it, not the key above it.
func TestGrantThenRevoke(t *testing.T) {
	t.Parallel()
	ks := startKeys(t, 120, 40, fakebackend.AdminUser)
	ks.send(keyMsg("g"))
	ks.waitText("  viewer")
	ks.typeText("viewer")
	ks.send(typeKey(tea.KeyEnter))
	ks.waitText(`Grant a new API key to user "viewer"?`)
	ks.send(keyMsg("y"))
	ks.waitText("New key for viewer")
	ks.send(typeKey(tea.KeyEnter))
	ks.waitText("2 API keys")
	ks.send(keyMsg("x"))
	ks.waitText("Revoke API key", `of user "viewer"`)
	if v := ks.current(); strings.Contains(v, `of user "admin"`) {
		t.Fatalf("the revoke dialog names the admin's key:\n%s", v)
	}
}

// TestResultAfterSwitching: an action's result shows in the status line
// and the activity log even when the user has switched views meanwhile.
func TestResultAfterSwitching(t *testing.T) {
	t.Parallel()
	f, s := startEvents(t, 120, 40)
	entity, check := topEvent(s)
	s.send(keyMsg("R"))
	s.waitText("Resolve " + entity + "/" + check)
	f.b.SetFaults(fakebackend.Faults{Latency: 300 * time.Millisecond})
	s.send(keyMsg("y"), keyMsg("2"))
	s.waitText("[2 checks]")
	s.waitText("✔ Resolved default/" + entity + "/" + check)
	f.b.SetFaults(fakebackend.Faults{})
	s.send(keyMsg(":"))
	s.typeText("log")
	s.send(typeKey(tea.KeyEnter))
	s.waitText("Activity (1)", "events resolve: default/"+entity+"/"+check, "Resolved default/"+entity+"/"+check)
}

// TestContextSwitchMidLoad: a page of the cluster left behind, arriving
// after :ctx, never shows in the new cluster's views.
func TestContextSwitchMidLoad(t *testing.T) {
	t.Parallel()
	a := newFake(t, fakebackend.Options{})               // web-001, cache-014…
	b := newFake(t, fakebackend.Options{Recorded: true}) // agent-1, agent-2 only
	bKey := b.grant(t, b.admin(t), fakebackend.AdminUser, testNow)
	profile := filepath.Join(t.TempDir(), "profile.json")
	var p config.Profile
	p.Put("b", config.Context{URL: "https://b.example.com", APIKey: bKey})
	if err := config.SaveProfile(profile, p); err != nil {
		t.Fatal(err)
	}
	newClient := func(cfg client.Config) (*client.Client, error) {
		cfg.Transport, cfg.Now = b.tr, b.clock.now
		return client.New(cfg)
	}
	m := New(Options{Env: env(a.admin(t)), Login: views.LoginOptions{ProfilePath: profile, NewClient: newClient}})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	oldLoad := m.Init() // cluster a's first load, not run yet
	m.Update(keyMsg(":"))
	for _, r := range "ctx b" {
		m.Update(keyMsg(string(r)))
	}
	_, newLoad := m.Update(typeKey(tea.KeyEnter))
	// Cluster a's walk ends: its pages reach the root after the switch.
	drive(t, m, oldLoad)
	if v := m.View(); strings.Contains(v, "cache-0") || strings.Contains(v, "web-0") {
		t.Fatalf("cluster a's events shown in context b:\n%s", v)
	}
	drive(t, m, newLoad)
	if v := m.View(); !strings.Contains(v, "ctx:b") || !strings.Contains(v, "agent-1") || strings.Contains(v, "cache-0") {
		t.Fatalf("context b does not show its own events:\n%s", v)
	}
}

// drive runs cmd and everything it leads to through m, as the program
// would, leaving out timers: commands that answer in no time at all.
func drive(t *testing.T, m *Model, cmd tea.Cmd) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(500 * time.Millisecond):
			continue // a timer, a spinner frame or a cancelled walk
		}
		if batch, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, batch...)
			continue
		}
		if msg == nil {
			continue
		}
		_, next := m.Update(msg)
		queue = append(queue, next)
	}
}

// TestUnknownStartView: the root opens the first view for a name it does
// not know; main refuses such a --view before that.
func TestUnknownStartView(t *testing.T) {
	f := newFake(t, fakebackend.Options{})
	m := New(Options{Env: env(f.admin(t)), StartView: "bogus"})
	if m.active != "events" {
		t.Fatalf("start view %q, want events", m.active)
	}
}

// TestCopyGoesThroughTheOutput: a copy writes OSC52 to the program's own
// output, or says it cannot.
func TestCopyGoesThroughTheOutput(t *testing.T) {
	f := newFake(t, fakebackend.Options{})
	var out bytes.Buffer
	m := New(Options{Env: env(f.admin(t)), Output: &out})
	m.Update(msgs.CopyMsg{Text: "secret", What: "a secret"})
	if want := "\x1b]52;c;c2VjcmV0\a"; out.String() != want {
		t.Fatalf("output %q, want %q", out.String(), want)
	}
	none := New(Options{Env: env(f.admin(t))})
	none.Update(msgs.CopyMsg{Text: "secret", What: "a secret"})
	if !none.flash.Error || !strings.Contains(none.flash.Text, "not available") {
		t.Fatalf("flash %+v, want copying not available", none.flash)
	}
}

// TestDialogKeepsItsTarget: a poll that reorders the list while a dialog
// is open changes nothing about what the dialog acts on.
func TestDialogKeepsItsTarget(t *testing.T) {
	t.Parallel()
	f := newFake(t, fakebackend.Options{})
	c := f.admin(t)
	e := env(c)
	e.Refresh = 100 * time.Millisecond
	s := start(t, New(Options{Env: e}), 120, 40)
	s.waitFor("events loaded", func(sh shot) bool { return strings.Contains(sh.status, "615 events") })
	entity, check := topEvent(s)
	s.send(keyMsg("R"))
	s.waitText("Resolve " + entity + "/" + check)
	putEvent(t, f, "new-host", "new-check", client.StatusCritical, testNow)
	s.waitStatus("616 events") // a poll put the new event on the first row behind the dialog
	s.send(keyMsg("y"))
	s.waitText("✔ Resolved default/" + entity + "/" + check)
	if got := eventStatus(t, f, "default", "new-host", "new-check"); got != client.StatusCritical {
		t.Fatalf("the new event was resolved instead")
	}
}
