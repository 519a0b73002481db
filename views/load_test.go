package views

import (
	"slices"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/pipeline"
)

// TestSortChangedWhileLoading: a list sorted in the order the load started
// with is shown in the order chosen since, not under its name.
func TestSortChangedWhileLoading(t *testing.T) {
	events := []client.Event{
		filterEvent("web-01", "disk", "", nil),
		filterEvent("cache-01", "redis", "", nil),
		filterEvent("db-01", "pg", "", nil),
	}
	events[0].Check.Status = 2 // severity first puts web-01 on top
	v := NewEvents(Env{})
	started := v.order()
	list := pipeline.Build(v.spec.data(), v.compare(), summaries(events))
	v.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")}) // sort by entity
	v.Update(pageMsg[*client.EventSummary]{route: v.route(), order: started, update: pipeline.Update[*client.EventSummary]{List: list, Final: true}})
	var got []string
	for _, e := range v.table.Items() {
		got = append(got, e.Entity.Metadata.Name)
	}
	if want := []string{"cache-01", "db-01", "web-01"}; !slices.Equal(got, want) {
		t.Fatalf("%s shows %v, want %v", v.Status(), got, want)
	}
}
