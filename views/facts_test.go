package views

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

func TestLastSeen(t *testing.T) {
	now := time.Unix(1_000_000, 0).UTC()
	tests := []struct {
		name            string
		entity, events  int64
		wantAt          int64
		wantFromEvents  bool
		wantText, avoid string
	}{
		{"an agent's own", 999_000, 999_900, 999_000, false, "(16m ago)", "from"},
		{"a proxy's, from its events", 0, 999_400, 999_400, true, "(10m ago), from this event", ""},
		{"neither", 0, 0, 0, false, "never", "from"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			at, fromEvents := lastSeen(tc.entity, tc.events)
			if at != tc.wantAt || fromEvents != tc.wantFromEvents {
				t.Errorf("lastSeen = %d, %v; want %d, %v", at, fromEvents, tc.wantAt, tc.wantFromEvents)
			}
			text := lastSeenText(now, tc.entity, tc.events, "this event")
			if !strings.Contains(text, tc.wantText) || (tc.avoid != "" && strings.Contains(text, tc.avoid)) {
				t.Errorf("text %q, want %q and not %q", text, tc.wantText, tc.avoid)
			}
		})
	}
}

// TestEventDetailLastSeen: the detail of a proxy entity's event says when
// the event came, not "never", and an agent's says the agent's own time.
func TestEventDetailLastSeen(t *testing.T) {
	now := time.Unix(1_000_000, 0).UTC()
	tests := []struct {
		name  string
		event client.Event
		want  string
	}{
		{"proxy", client.Event{Timestamp: 999_400, Entity: client.Entity{EntityClass: "proxy"}},
			"Last seen:      1970-01-12 13:36:40 UTC (10m ago), from this event"},
		{"agent", client.Event{Timestamp: 999_400, Entity: client.Entity{EntityClass: "agent", LastSeen: 999_940}},
			"Last seen:      1970-01-12 13:45:40 UTC (1m ago)\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := eventDetail(styles.Default(), tc.event, Frame{Now: now, Width: 80, Height: 19})
			if !strings.Contains(text, tc.want) || strings.Contains(lineWith(text, "Last seen:"), "never") {
				t.Errorf("detail lacks %q:\n%s", tc.want, text)
			}
		})
	}
}

// TestFlappingInTheList: a flapping event's STATUS cell says so, within the
// column, with UTF-8 and with ASCII symbols.
func TestFlappingInTheList(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	tests := []struct {
		ascii    bool
		flapping bool
		want     string
	}{
		{false, false, "✖ CRIT"},
		{false, true, "✖ CRIT≈"},
		{true, false, "x CRIT"},
		{true, true, "x CRIT~"},
	}
	cols := NewEvents(Env{}).spec.Columns
	for _, tc := range tests {
		e := &client.EventSummary{Check: client.CheckSummary{Status: client.StatusCritical, Flapping: tc.flapping}}
		cell := eventCells(styles.New(r, tc.ascii), e, time.Now())[0]
		if cell.Text != tc.want {
			t.Errorf("ascii %v flapping %v: STATUS %q, want %q", tc.ascii, tc.flapping, cell.Text, tc.want)
		}
		if w := lipgloss.Width(cell.Text); cols[0].Title != "STATUS" || w > cols[0].Width {
			t.Errorf("STATUS %q is %d cells, column %s is %d", cell.Text, w, cols[0].Title, cols[0].Width)
		}
	}
}

// TestFlappingShownInEventsView: the seeded backend has flapping events;
// the list marks exactly those.
func TestFlappingShownInEventsView(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	r, _, st := runEvents(t, f.env(time.Hour))
	r.waitFor("events loaded", func() bool { return st.loaded && !st.loading })
	var flapping *client.EventSummary
	r.locked(func() {
		for _, e := range st.items {
			if e.Check.Flapping {
				flapping = e
				break
			}
		}
	})
	if flapping == nil {
		t.Fatal("no flapping event in the seeded data")
	}
	raw, _ := f.b.Event(flapping.Namespace(), flapping.Entity.Metadata.Name, flapping.Check.Metadata.Name)
	if !strings.Contains(string(raw), `"state":"flapping"`) {
		t.Fatalf("%s is marked flapping but the backend says %s", flapping.Key(), raw)
	}
	r.waitText("≈")
	line := lineWith(r.screen(), "≈")
	r.locked(func() {
		for _, e := range st.items {
			if strings.Contains(line, " "+e.Entity.Metadata.Name+" ") && strings.Contains(line, " "+e.Check.Metadata.Name+" ") && !e.Check.Flapping {
				t.Errorf("%s is marked flapping in the list but is not: %q", e.Key(), line)
			}
		}
	})
}

// TestCountsPendingUntilLoaded: while only the first page of checks or
// entities is in, their NOT OK counts and the header's counts are "…",
// never a 0 that the walk over the events has not counted.
func TestCountsPendingUntilLoaded(t *testing.T) {
	for _, tc := range []struct {
		name string
		view func(Env) View
		row  string // a row with non-OK events
		want string // its row once counted
	}{
		{"checks", func(env Env) View { return NewChecks(env) }, "check-false", "2"},
		{"entities", func(env Env) View { return NewEntities(env) }, "agent-1", "3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newViewFake(t, fakebackend.Options{Recorded: true})
			f.b.SetFaults(fakebackend.Faults{Latency: 150 * time.Millisecond})
			env := f.env(time.Hour)
			env.FirstPageSize, env.PageSize = 20, 1
			v := tc.view(env)
			r := runView(t, v, nil)
			r.waitText(tc.row)
			first := r.screen()
			line := lineWith(first, tc.row)
			if !strings.HasSuffix(strings.TrimRight(line, " "), "…") {
				t.Errorf("first page shows a count for %s:\n%s", tc.row, first)
			}
			if !strings.Contains(first, "… "+tc.name) {
				t.Errorf("the header counts the first page as the whole list:\n%s", first)
			}
			r.waitText("updated")
			done := r.screen()
			if got := strings.Fields(lineWith(done, tc.row)); got[len(got)-1] != tc.want {
				t.Errorf("%s counted %q, want %s:\n%s", tc.row, got[len(got)-1], tc.want, done)
			}
			if strings.Contains(done, "…"+" "+tc.name) {
				t.Errorf("still pending after the load:\n%s", done)
			}
		})
	}
}

// TestEventsSummaryPending: the events header shows "…" per status until the
// whole list is in, then the counts.
func TestEventsSummaryPending(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{Recorded: true})
	f.b.SetFaults(fakebackend.Faults{Latency: 150 * time.Millisecond})
	f.c.DisableGraphQL() // a walk's first page is what this is about
	env := f.env(time.Hour)
	env.FirstPageSize, env.PageSize = 2, 2
	r, _, st := runEvents(t, env)
	r.waitFor("the first page", func() bool { return st.loaded && st.loading })
	if s := r.screen(); !strings.Contains(s, "✖ CRIT …  ! WARN …  ? UNKN …  ✔ OK …") || !strings.Contains(s, "… events") {
		t.Errorf("the first page's counts are shown as the list's:\n%s", s)
	}
	r.waitFor("the whole list", func() bool { return st.loaded && !st.loading })
	if s := r.screen(); strings.Contains(s, "…  !") || !strings.Contains(s, "11 events") {
		t.Errorf("counts not shown after the load:\n%s", s)
	}
}

// TestProxyEntityLastSeen: a proxy entity keeps no last seen; the entities
// view shows its newest event's time instead of "-", and says so in detail.
func TestProxyEntityLastSeen(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	v := NewEntities(f.env(time.Hour))
	r := runView(t, v, nil)
	r.waitText("updated")
	var row entityRow
	r.locked(func() {
		for _, e := range v.Items() {
			if e.Metadata.Name == "switch-01" {
				row = e
			}
		}
	})
	if row.EntityClass != "proxy" || row.LastSeen != 0 || row.LastEvent == 0 {
		t.Fatalf("switch-01: class %q, last_seen %d, newest event %d: want a proxy, 0 and a time", row.EntityClass, row.LastSeen, row.LastEvent)
	}
	cells := v.spec.Cells(row, viewTestNow)
	if got, want := cells[4].Text, ago(viewTestNow, row.LastEvent); got != want || got == "-" {
		t.Errorf("LAST SEEN of switch-01 is %q, want %q", got, want)
	}
	if detail := v.spec.Detail(row, viewTestNow); !strings.Contains(detail, "from its newest event") {
		t.Errorf("the detail does not say where its last seen comes from:\n%s", detail)
	}
}

// lineWith is the first line of screen that holds text.
func lineWith(screen, text string) string {
	for line := range strings.SplitSeq(screen, "\n") {
		if strings.Contains(line, text) {
			return line
		}
	}
	return ""
}

// TestRerunUndefinedCheck: re-running a proxy check that has events but no
// definition in the namespace says so and what to do, not "not found".
func TestRerunUndefinedCheck(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{Recorded: true})
	if err := f.postEvent("default", `{"entity":{"entity_class":"proxy","metadata":{"name":"synthetic-host"}},`+
		`"check":{"metadata":{"name":"synthetic-check"},"status":2,"output":"synthetic critical","interval":60}}`); err != nil {
		t.Fatal(err)
	}
	r, _, st := runEvents(t, f.env(time.Hour))
	r.waitFor("events loaded", func() bool { return st.loaded && !st.loading })
	r.tm.Send(setFilterMsg("'synthetic-host"))
	r.waitFor("the filtered list", func() bool { return !st.loading && len(st.shown) == 1 })
	if st.selected != "default/synthetic-host/synthetic-check" {
		t.Fatalf("the proxy event is not on the first row: %s", st.selected)
	}
	r.press("e")
	r.waitText("Re-run synthetic-host/synthetic-check")
	r.press("y")
	r.waitFor("a report", func() bool { return len(r.sh.flashes) > 0 })
	fl := r.flashes()[0]
	for _, want := range []string{"re-run synthetic-check: check synthetic-check is not defined in namespace default",
		"Sensu cannot run it", "Define the check there"} {
		if !fl.Error || !strings.Contains(fl.Text, want) {
			t.Errorf("report %+v lacks %q", fl, want)
		}
	}
	if strings.Contains(fl.Text, "not found") {
		t.Errorf("report still says only not found: %q", fl.Text)
	}
}

// TestKeyPagesMasked: the detail page of an API key is titled by its owner
// and the masked key, never the key itself.
func TestKeyPagesMasked(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	key := grantFor(t, f.c, fakebackend.ViewerUser)
	r, _, _ := runKeys(t, f, f.env(time.Hour))
	r.press("enter")
	r.waitText("API key ••••••••…"+key[len(key)-4:]+" of viewer", "Username:")
	if s := r.screen(); strings.Contains(s, key) {
		t.Errorf("the detail page shows the key:\n%s", s)
	}
	r.press("esc", "v", "enter")
	r.waitText("API key " + key + " of viewer")
}

// TestEntityLastSeenCell: a proxy entity's LAST SEEN is its newest event's
// age, "…" until its events are walked, and "-" only when it has none.
func TestEntityLastSeenCell(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	proxy := client.Entity{EntityClass: "proxy"}
	agent := client.Entity{EntityClass: "agent", LastSeen: 999_990}
	tests := []struct {
		name string
		row  entityRow
		want string
	}{
		{"an agent, before the walk", entityRow{Entity: agent}, "10s"},
		{"an agent, after it", entityRow{Entity: agent, LastEvent: 999_000, Counted: true}, "10s"},
		{"a proxy, before the walk", entityRow{Entity: proxy}, "…"},
		{"a proxy with events", entityRow{Entity: proxy, LastEvent: 999_700, Counted: true}, "5m"},
		{"a proxy without events", entityRow{Entity: proxy, Counted: true}, "-"},
	}
	for _, tc := range tests {
		if got := tc.row.seenAgo(now); got != tc.want {
			t.Errorf("%s: LAST SEEN %q, want %q", tc.name, got, tc.want)
		}
	}
}
