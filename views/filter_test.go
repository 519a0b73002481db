package views

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
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
