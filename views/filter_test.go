package views

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
)

func filterEvent(entity, check, output string, labels map[string]string) client.Event {
	var e client.Event
	e.Metadata.Namespace = "default"
	e.Entity.Metadata.Name = entity
	e.Entity.Metadata.Labels = labels
	e.Check.Metadata.Name = check
	e.Check.Output = output
	return e
}

// summaries are what the events view keeps of events.
func summaries(events []client.Event) []*client.EventSummary {
	out := make([]*client.EventSummary, len(events))
	for i := range events {
		out[i] = client.Summarize(&events[i])
	}
	return out
}

func TestFilter(t *testing.T) {
	events := []client.Event{
		filterEvent("cache-01", "redis-ping", "Could not connect to Redis: connection refused", map[string]string{"team": "cache"}),
		filterEvent("web-01", "disk-usage", "DISK CRITICAL - free space: / 402 MB on /dev/sda1 inodes", map[string]string{"team": "web"}),
		filterEvent("db-01", "pg-replication", "CRITICAL: replica not streaming", nil),
	}
	// The pipeline's tests cover the query language; these check that the
	// view applies it and reports a broken selector.
	tests := map[string]struct {
		query string
		want  []string
	}{
		"empty shows everything":          {"", []string{"cache-01", "db-01", "web-01"}},
		"fuzzy on a check name":           {"pgrep", []string{"db-01"}},
		"two words":                       {"web disk", []string{"web-01"}},
		"inverted":                        {"!redis", []string{"db-01", "web-01"}},
		"label selector":                  {"l:team == web", []string{"web-01"}},
		"broken selector filters nothing": {"l:team", []string{"cache-01", "db-01", "web-01"}},
		"field selector":                  {"f:event.check.name == pg-replication", []string{"db-01"}},
		"broken field selector":           {"f:event.check.name", []string{"cache-01", "db-01", "web-01"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			v := NewEvents(Env{})
			fill(v.Resource, summaries(events))
			v.SetFilter(tc.query)
			var got []string
			for _, e := range v.table.Items() {
				got = append(got, e.Entity.Metadata.Name)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("filter %q shows %v, want %v", tc.query, got, tc.want)
			}
			if broken := strings.Contains(v.Status(), "selector"); broken != strings.HasPrefix(name, "broken") {
				t.Fatalf("status %q: a selector error shows exactly when the selector is broken", v.Status())
			}
		})
	}
}

func TestMarksFollowTheFilter(t *testing.T) {
	v := NewEvents(Env{})
	v.SetSize(100, 20)
	fill(v.Resource, summaries([]client.Event{
		filterEvent("a", "redis-ping", "", nil), filterEvent("b", "redis-ping", "", nil), filterEvent("c", "disk-usage", "", nil),
	}))
	space := tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	for range 3 {
		v.Update(space) // marks a, b and c, moving down each time
	}
	if got := len(v.Selection()); got != 3 {
		t.Fatalf("%d selected after marking every row, want 3", got)
	}
	v.SetFilter("'redis")
	v.SetFilter("")
	var names []string
	for _, e := range v.Selection() {
		names = append(names, e.Entity.Metadata.Name)
	}
	if !slices.Equal(names, []string{"a", "b"}) || !strings.Contains(v.Status(), "2 marked") {
		t.Fatalf("after hiding c: selection %v, status %q", names, v.Status())
	}
}

// TestEscClearsMarksThenTheFilter: on a list esc first clears the marks,
// as before, and then asks the root to clear the filter; with neither it
// does nothing.
func TestEscClearsMarksThenTheFilter(t *testing.T) {
	v := NewEvents(Env{})
	v.SetSize(100, 20)
	fill(v.Resource, summaries([]client.Event{filterEvent("a", "redis-ping", "", nil), filterEvent("b", "redis-ping", "", nil)}))
	esc := tea.KeyMsg{Type: tea.KeyEsc}
	if cmd := v.Update(esc); cmd != nil {
		t.Fatalf("esc with no marks and no filter did something: %T", cmd())
	}
	v.SetFilter("redis")
	v.Update(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
	if cmd := v.Update(esc); cmd != nil || len(v.marks) != 0 {
		t.Fatalf("the first esc did not just clear the marks (%d left)", len(v.marks))
	}
	cmd := v.Update(esc)
	if cmd == nil {
		t.Fatal("the second esc did not ask to clear the filter")
	}
	if _, ok := cmd().(msgs.ClearFilterMsg); !ok {
		t.Fatalf("the second esc sent %T, want ClearFilterMsg", cmd())
	}
}

// TestEmptyUnderAKeptFilter: a filter the user brought from another view
// that hides every row says so, says why when it names fields this list
// does not have, and says how to clear it.
func TestEmptyUnderAKeptFilter(t *testing.T) {
	events := summaries([]client.Event{filterEvent("a", "redis-ping", "", nil)})
	tests := []struct {
		name   string
		active bool // the view is showing when the filter is set: it was typed here
		query  string
		want   []string
		not    []string
	}{
		{"typed here", true, "nothing-matches", []string{`No events match the filter "nothing-matches".`, "esc clears it; / changes it."}, []string{"kept"}},
		{"kept", false, "nothing-matches", []string{`The filter "nothing-matches", kept from the view you came from, hides the only event.`, "esc clears it"}, nil},
		{"kept, naming fields these items lack", false, "f:check.publish == true", []string{
			"kept from the view you came from",
			"Events have no field check.publish (theirs: event.check.is_silenced, event.check.name,",
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := NewEvents(Env{})
			v.SetSize(200, 10)
			fill(v.Resource, events)
			v.active = tc.active
			v.SetFilter(tc.query)
			text := v.emptyText()
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("empty state %q lacks %q", text, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(text, n) {
					t.Errorf("empty state %q has %q", text, n)
				}
			}
		})
	}
}
