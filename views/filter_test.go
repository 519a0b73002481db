package views

import (
	"fmt"
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

// TestEscOnAList: esc on a list does the first of: clear the marks; hand
// back to the root when a drill-down led here; ask the root to clear the
// filter. With none of them it does nothing.
func TestEscOnAList(t *testing.T) {
	tests := []struct {
		name   string
		marked bool
		back   string // the view a drill-down to this one began in
		filter string
		want   string // the message esc sends: "" for none
		marks  bool   // the marks are still there after it
	}{
		{"nothing to do", false, "", "", "", false},
		{"marks first", true, "entities", "redis", "", false},
		{"then back after a drill-down", false, "entities", "f:event.entity.name == a", "BackMsg", false},
		{"back even with no filter", false, "entities", "", "BackMsg", false},
		{"else the filter", false, "", "redis", "ClearFilterMsg", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := NewEvents(Env{})
			v.SetSize(100, 20)
			fill(v.Resource, summaries([]client.Event{filterEvent("a", "redis-ping", "", nil), filterEvent("b", "redis-ping", "", nil)}))
			v.SetFilter(tc.filter)
			v.SetBack(tc.back)
			if tc.marked {
				v.Update(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
			}
			got := ""
			if cmd := v.Update(tea.KeyMsg{Type: tea.KeyEsc}); cmd != nil {
				switch cmd().(type) {
				case msgs.BackMsg:
					got = "BackMsg"
				case msgs.ClearFilterMsg:
					got = "ClearFilterMsg"
				default:
					got = fmt.Sprintf("%T", cmd())
				}
			}
			if got != tc.want || (len(v.marks) > 0) != tc.marks {
				t.Errorf("esc sent %q with %d marks left, want %q and marks %v", got, len(v.marks), tc.want, tc.marks)
			}
		})
	}
}

// TestEmptyUnderAKeptFilter: a filter the user brought from another view
// that hides every row says so, says why when it names fields this list
// does not have, and says how to clear it.
func TestEmptyUnderAKeptFilter(t *testing.T) {
	events := summaries([]client.Event{filterEvent("a", "redis-ping", "", nil)})
	tests := []struct {
		name   string
		active bool   // the view is showing when the filter is set: it was typed here
		back   string // the view a drill-down to this one began in
		query  string
		want   []string
		not    []string
	}{
		{"typed here", true, "", "nothing-matches", []string{`No events match the filter "nothing-matches".`, "esc clears it; / changes it."}, []string{"kept"}},
		{"kept", false, "", "nothing-matches", []string{`The filter "nothing-matches", kept from the view you came from, hides the only event.`, "esc clears it"}, nil},
		{"set by a drill-down", false, "entities", "f:event.entity.name == b", []string{
			`No events match the filter "f:event.entity.name == b". esc goes back to entities; / changes it.`,
		}, []string{"kept", "clears"}},
		{"kept, naming fields these items lack", false, "", "f:check.publish == true", []string{
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
			v.SetBack(tc.back)
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
