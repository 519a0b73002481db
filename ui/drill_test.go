package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/sensu-tui/sensu-tui/client"
)

// The drill-down and the way back, as a person sees them: these tests read
// only the screen, the header and the backend.

// cursorRow is the row under the cursor on screen: the line marked ">".
func cursorRow(sh shot) string {
	for _, line := range strings.Split(sh.view, "\n")[3:] {
		if strings.HasPrefix(line, ">") {
			return line
		}
	}
	return ""
}

// showTab presses a view's number key and waits for its list.
func (s *screen) showTab(number, name string) {
	s.t.Helper()
	tab := "[" + number + " " + name + "]"
	s.send(keyMsg(number))
	s.waitFor(name, func(sh shot) bool { return strings.Contains(sh.view, tab) && loaded(sh) })
}

// entityEvents asks the backend which events the entity has.
func entityEvents(t *testing.T, f *fake, entity string) []client.Event {
	t.Helper()
	raw, err := f.admin(t).GetRaw(context.Background(), "/api/core/v2/namespaces/default/events/"+entity)
	if err != nil {
		t.Fatal(err)
	}
	var events []client.Event
	if err := json.Unmarshal(raw, &events); err != nil {
		t.Fatal(err)
	}
	return events
}

// TestDrillIntoEntityAndBack: enter on an entity lists exactly its events,
// under a filter the header shows; esc comes back to the entities, their
// filter and the row.
func TestDrillIntoEntityAndBack(t *testing.T) {
	t.Parallel()
	f, s := startEvents(t, 120, 40)
	s.showTab("4", "entities")
	s.filterTo("web-00")
	s.send(keyMsg("j"), keyMsg("j"))
	s.waitFor("the third row", func(sh shot) bool { return strings.HasPrefix(sh.status, "3/") })
	row := strings.Fields(cursorRow(s.snapshot()))
	if len(row) < 2 {
		t.Fatalf("no row under the cursor:\n%s", s.current())
	}
	entity := row[1]
	want := entityEvents(t, f, entity)
	if len(want) < 2 {
		t.Fatalf("%s has %d events: the test needs more", entity, len(want))
	}

	s.send(typeKey(tea.KeyEnter))
	filter := "filter: f:event.entity.name == " + entity
	s.waitFor("its events", func(sh shot) bool {
		return strings.Contains(sh.view, "[1 events]") && strings.Contains(sh.view, filter) &&
			strings.Contains(sh.status, fmt.Sprintf(" %d of ", len(want)))
	})
	lines := strings.Split(s.current(), "\n")
	for i, e := range want {
		line := lines[3+i]
		if !strings.Contains(line, " "+entity+" ") {
			t.Errorf("row %d is not an event of %s:\n%s", i, entity, line)
		}
		found := false
		for _, other := range want {
			found = found || strings.Contains(line, " "+other.Check.Metadata.Name+" ")
		}
		if !found {
			t.Errorf("row %d (%s) is none of the backend's events of %s", i, e.Check.Metadata.Name, line)
		}
	}
	if !strings.Contains(s.current(), "esc back to entities") {
		t.Errorf("the help bar does not offer the way back:\n%s", s.current())
	}

	s.send(typeKey(tea.KeyEsc))
	s.waitFor("the entities again", func(sh shot) bool {
		return strings.Contains(sh.view, "[4 entities]") && strings.Contains(sh.view, "filter: web-00") &&
			strings.HasPrefix(sh.status, "3/")
	})
	if got := strings.Fields(cursorRow(s.snapshot())); len(got) < 2 || got[1] != entity {
		t.Errorf("the cursor is on %v, want %s:\n%s", got, entity, s.current())
	}
}

// TestDrillIntoCheck: enter on a check lists exactly its events.
func TestDrillIntoCheck(t *testing.T) {
	t.Parallel()
	_, s := startEvents(t, 120, 40)
	s.showTab("2", "checks")
	s.filterTo("'http-endpoint")
	s.send(typeKey(tea.KeyEnter))
	s.waitFor("its events", func(sh shot) bool {
		return strings.Contains(sh.view, "filter: f:event.check.name == http-endpoint") && strings.Contains(sh.status, " of ")
	})
	var n int
	for _, part := range strings.Split(s.snapshot().status, " · ") { // "11 of 615 events", after the filter
		if strings.Contains(part, " of ") {
			fmt.Sscanf(part, "%d of", &n)
		}
	}
	if n == 0 {
		t.Fatalf("no count of events in %q", s.snapshot().status)
	}
	for i, line := range strings.Split(s.current(), "\n")[3 : 3+min(n, 30)] {
		if !strings.Contains(line, " http-endpoint ") {
			t.Errorf("row %d is not an http-endpoint event:\n%s", i, line)
		}
	}
}

// TestJumpFromEventDetail: from an event's details, E opens its entity's
// details over the entities with its row selected, C its check's; esc
// closes that page, and esc again comes back to the event's details,
// with the events' filter as it was.
func TestJumpFromEventDetail(t *testing.T) {
	cases := []struct {
		key, tab, label string
		name            func(entity, check string) string // the row the page is about
	}{
		{"E", "[4 entities]", "Not OK events:", func(entity, _ string) string { return entity }},
		{"C", "[2 checks]", "Round robin:", func(_, check string) string { return check }},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			t.Parallel()
			_, s := startEvents(t, 120, 40)
			s.filterTo("'disk-usage")
			entity, check := topEvent(s)
			event := "default/" + entity + "/" + check
			s.send(typeKey(tea.KeyEnter))
			s.waitText(event, "Last OK:")
			s.send(keyMsg(tc.key))
			name := tc.name(entity, check)
			s.waitText(tc.tab, "default/"+name, tc.label)
			if v := s.current(); strings.Contains(v, "filter:") {
				t.Errorf("the events' filter hides rows here:\n%s", v)
			}
			s.send(typeKey(tea.KeyEsc))
			s.waitFor("the list under the page", func(sh shot) bool {
				return !strings.Contains(sh.view, tc.label) && strings.Contains(cursorRow(sh), " "+name+" ")
			})
			s.send(typeKey(tea.KeyEsc))
			s.waitText("[1 events]", "filter: 'disk-usage", event, "Failing since:")
		})
	}
}

// TestQuitOnPageGoesBack: q on a detail page returns to the list and the
// program runs on; q on the list quits.
func TestQuitOnPageGoesBack(t *testing.T) {
	t.Parallel()
	_, s := startEvents(t, 120, 40)
	s.send(typeKey(tea.KeyEnter))
	s.waitText("Last OK:")
	if v := s.current(); !strings.Contains(v, "esc/q back") || strings.Contains(v, "q quit") {
		t.Errorf("the help bar does not say q goes back:\n%s", v)
	}
	s.send(keyMsg("q"))
	s.waitFor("the list", func(sh shot) bool {
		return strings.Contains(sh.view, "STATUS") && !strings.Contains(sh.view, "Last OK:")
	})
	s.showTab("2", "checks") // still running
	s.send(keyMsg("q"))
	s.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// TestResolveOnPage: R on an event's detail page opens the resolve dialog
// for that event, and y resolves it on the server.
func TestResolveOnPage(t *testing.T) {
	t.Parallel()
	f, s := startEvents(t, 120, 40)
	s.filterTo("'web-024")
	entity, check := topEvent(s)
	s.send(typeKey(tea.KeyEnter))
	s.waitText("Last OK:")
	s.send(keyMsg("R"))
	s.waitText("Resolve " + entity + "/" + check)
	s.send(keyMsg("y"))
	s.waitText("Resolved default/" + entity + "/" + check)
	if st := eventStatus(t, f, "default", entity, check); st != client.StatusOK {
		t.Errorf("%s/%s has status %d after resolve, want OK", entity, check, st)
	}
}
