package views

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/styles"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// historyWidth is how many past results the glyph strip shows.
const historyWidth = 8

// Events lists events, worst and newest first.
type Events struct {
	*Resource[client.Event]
	keys       keymap.Events
	notPassing bool
}

// NewEvents builds the events view.
func NewEvents(env Env) *Events {
	spec := Spec[client.Event]{
		Name:     "events",
		Noun:     "events",
		Resource: client.Events,
		Columns: []table.Column{
			{Title: "STATUS", Width: 6},
			{Title: "HISTORY", Width: historyWidth},
			{Title: "ENTITY", Width: 12, Flex: 2},
			{Title: "CHECK", Width: 12, Flex: 2},
			{Title: "OUTPUT", Width: 10, Flex: 4},
			{Title: "SEEN", Width: 4, AlignRight: true},
			{Title: "OCC", Width: 5, AlignRight: true},
			{Title: "SIL", Width: 3},
		},
		Key:     func(e client.Event) string { return e.Key() },
		Cells:   eventCells,
		Less:    eventLess,
		Text:    eventText,
		Detail:  eventDetail,
		Summary: eventSummary,
	}
	return &Events{Resource: NewResource(spec, env, keymap.DefaultTable()), keys: keymap.DefaultEvents()}
}

func eventCells(e client.Event, now time.Time) []table.Cell {
	symbol, label, style := styles.Status(e.Check.Status)
	silenced := ""
	if e.Check.IsSilenced {
		silenced = "S"
	}
	return []table.Cell{
		{Text: symbol + " " + label, Style: style},
		{Text: styles.HistoryStrip(historyStatuses(e.Check.History), historyWidth)},
		{Text: e.Entity.Metadata.Name},
		{Text: e.Check.Metadata.Name},
		{Text: firstLine(e.Check.Output)},
		{Text: ago(now, e.Timestamp)},
		{Text: strconv.FormatInt(e.Check.Occurrences, 10)},
		{Text: silenced},
	}
}

func historyStatuses(h []client.CheckHistory) []uint32 {
	out := make([]uint32, len(h))
	for i, r := range h {
		out[i] = r.Status
	}
	return out
}

// eventLess puts the most severe first, then the most recent, then by name
// so the order is stable between polls.
func eventLess(a, b client.Event) bool {
	sa, sb := styles.Severity(a.Check.Status), styles.Severity(b.Check.Status)
	if sa != sb {
		return sa > sb
	}
	if a.Timestamp != b.Timestamp {
		return a.Timestamp > b.Timestamp
	}
	return a.Key() < b.Key()
}

func eventText(e client.Event) string {
	return strings.Join([]string{e.Entity.Metadata.Name, e.Check.Metadata.Name, e.Check.Output,
		labels(e.Entity.Metadata.Labels), labels(e.Check.Metadata.Labels)}, "\x00")
}

func eventSummary(events []client.Event) string {
	var counts [4]int
	for _, e := range events {
		counts[min(e.Check.Status, 3)]++
	}
	parts := make([]string, 0, 4)
	for _, status := range []uint32{client.StatusCritical, client.StatusWarning, 3, client.StatusOK} {
		symbol, label, style := styles.Status(status)
		parts = append(parts, style.Render(fmt.Sprintf("%s %s %d", symbol, label, counts[status])))
	}
	return strings.Join(parts, "  ")
}

func eventDetail(e client.Event, now time.Time) string {
	c := e.Check
	_, label, _ := styles.Status(c.Status)
	var b strings.Builder
	b.WriteString(facts(
		"Namespace", e.Namespace(),
		"Entity", e.Entity.Metadata.Name+" ("+e.Entity.EntityClass+")",
		"Check", c.Metadata.Name,
		"Status", fmt.Sprintf("%s (%d), %s", label, c.Status, c.State),
		"Occurrences", strconv.FormatInt(c.Occurrences, 10),
		"Executed", stamp(now, c.Executed),
		"Last OK", stamp(now, c.LastOK),
		"Last seen", stamp(now, e.Entity.LastSeen),
		"Silenced", silencedBy(c),
		"Command", c.Command,
		"Interval", interval(c),
		"Subscriptions", list(c.Subscriptions),
		"Handlers", list(c.Handlers),
		"Check labels", labels(c.Metadata.Labels),
		"Entity labels", labels(e.Entity.Metadata.Labels),
		"Entity host", strings.TrimSpace(e.Entity.System.Hostname+" "+e.Entity.System.Platform+" "+e.Entity.System.PlatformVersion),
		"History", styles.HistoryStrip(historyStatuses(c.History), len(c.History))+" (oldest → newest)",
	))
	b.WriteString("\nOutput:\n")
	b.WriteString(c.Output)
	return b.String()
}

func silencedBy(c client.Check) string {
	if !c.IsSilenced {
		return "no"
	}
	return "yes: " + list(c.Silenced)
}

func interval(c client.Check) string {
	if c.Cron != "" {
		return "cron " + c.Cron
	}
	if c.Interval == 0 {
		return "-"
	}
	return fmt.Sprintf("%ds", c.Interval)
}

// Update handles the events view's own keys, then the generic list's.
func (v *Events) Update(msg tea.Msg) (View, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && !v.InDetail() && key.Matches(k, v.keys.NotPassing) {
		v.notPassing = !v.notPassing
		if v.notPassing {
			v.SetKeep(func(e client.Event) bool { return e.Check.Status != client.StatusOK })
		} else {
			v.SetKeep(nil)
		}
		return v, nil
	}
	_, cmd := v.Resource.Update(msg)
	return v, cmd
}

// Status adds the "only not passing" toggle to the generic header.
func (v *Events) Status() string {
	s := v.Resource.Status()
	if v.notPassing {
		s += " · only not passing"
	}
	return s
}

// ShortHelp implements help.KeyMap.
func (v *Events) ShortHelp() []key.Binding {
	if v.InDetail() {
		return v.Resource.ShortHelp()
	}
	return append(v.Resource.ShortHelp(), v.keys.NotPassing)
}

// FullHelp implements help.KeyMap.
func (v *Events) FullHelp() [][]key.Binding {
	return append(v.Resource.FullHelp(), []key.Binding{v.keys.NotPassing})
}
