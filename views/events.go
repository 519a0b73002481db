package views

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/styles"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// historyWidth is how many past results the glyph strip shows.
const historyWidth = 8

// nameColumnMax is where a column of names stops growing: most entity and
// check names fit, and wider terminals give the rest to the output.
const nameColumnMax = 30

// statusScopes are the status shortcuts the events view cycles through.
var statusScopes = []struct {
	name string
	keep func(*client.EventSummary) bool
}{
	{"all", nil},
	{"not passing", func(e *client.EventSummary) bool { return e.Check.Status != client.StatusOK }},
	{"critical only", func(e *client.EventSummary) bool { return e.Check.Status == client.StatusCritical }},
	{"silenced", func(e *client.EventSummary) bool { return e.Check.IsSilenced }},
}

// Events lists events, worst and newest first, and acts on them.
type Events struct {
	*Resource[*client.EventSummary]
	keys  keymap.Events
	scope int
}

// NewEvents builds the events view.
func NewEvents(env Env) *Events {
	env = env.withStyles()
	st := env.Styles
	loadDetail := func(ctx context.Context, c *client.Client, e *client.EventSummary) (func(Frame) string, error) {
		return loadEventDetail(ctx, c, st, e)
	}
	spec := Spec[*client.EventSummary]{
		Name:     "events",
		Noun:     "events",
		Singular: "event",
		Resource: client.Events,
		// A narrow terminal hides the history first, then the output, then
		// the small facts; status, entity and check stay. Wide ones give
		// the output what entity and check do not need.
		Columns: []table.Column{
			{Title: "STATUS", Width: 7},
			{Title: "HISTORY", Width: historyWidth, Priority: 3},
			{Title: "ENTITY", Width: 11, Flex: 2, MaxWidth: nameColumnMax},
			{Title: "CHECK", Width: 11, Flex: 2, MaxWidth: nameColumnMax},
			{Title: "OUTPUT", Width: 8, Flex: 4, Priority: 2},
			{Title: "SEEN", Width: 4, AlignRight: true, Priority: 1},
			{Title: "OCC", Width: 5, AlignRight: true, Priority: 1},
			{Title: "SIL", Width: 3, Priority: 1},
		},
		Key:   func(e *client.EventSummary) string { return e.Key() },
		Cells: func(e *client.EventSummary, now time.Time) []table.Cell { return eventCells(st, e, now) },
		Sorts: []Sort[*client.EventSummary]{
			{Name: "severity", Column: "STATUS", Descending: true, Compare: eventCompare},
			{Name: "entity", Column: "ENTITY", Compare: func(a, b *client.EventSummary) int {
				return thenCompare(a.Entity.Metadata.Name, b.Entity.Metadata.Name, a.Check.Metadata.Name, b.Check.Metadata.Name)
			}},
			{Name: "check", Column: "CHECK", Compare: func(a, b *client.EventSummary) int {
				return thenCompare(a.Check.Metadata.Name, b.Check.Metadata.Name, a.Entity.Metadata.Name, b.Entity.Metadata.Name)
			}},
			{Name: "last seen", Column: "SEEN", Compare: func(a, b *client.EventSummary) int {
				return cmp.Or(cmp.Compare(b.Timestamp, a.Timestamp), strings.Compare(a.Key(), b.Key()))
			}},
			{Name: "occurrences", Column: "OCC", Descending: true, Compare: func(a, b *client.EventSummary) int {
				return cmp.Compare(b.Check.Occurrences, a.Check.Occurrences)
			}},
		},
		Search:         (&labelTexts{}).search,
		LoadDetail:     loadDetail,
		Summary:        func(events []*client.EventSummary) string { return eventSummary(st, events, false) },
		ShortSummary:   func(events []*client.EventSummary) string { return eventSummary(st, events, true) },
		SummaryPending: statusCounts(st, nil, false),
		Namespace:      func(e *client.EventSummary) string { return e.Namespace() },
		Labels:         eventLabels,
		Fields: func(e *client.EventSummary) map[string]string {
			return map[string]string{
				"event.namespace": e.Namespace(), "event.entity.name": e.Entity.Metadata.Name,
				"event.check.name": e.Check.Metadata.Name, "event.check.status": strconv.FormatUint(uint64(e.Check.Status), 10),
				"event.is_silenced": strconv.FormatBool(e.Check.IsSilenced), "event.check.is_silenced": strconv.FormatBool(e.Check.IsSilenced),
				"event.check.subscriptions": strings.Join(e.Check.Subscriptions, ","),
			}
		},
		ItemName: func(e *client.EventSummary) string { return e.Entity.Metadata.Name + "/" + e.Check.Metadata.Name },
		Window: func(q WindowRequest) (WindowFetch[*client.EventSummary], bool) {
			return eventWindow(st, q)
		},
	}
	v := &Events{Resource: NewResource(spec, env, keymap.DefaultTable()), keys: keymap.DefaultEvents()}
	v.Extend(Extension{
		Keys: v.onKey,
		Help: []key.Binding{v.keys.Scope, v.keys.Resolve, v.keys.Silence, v.keys.Rerun},
		FullHelp: []key.Binding{v.keys.Scope, v.keys.Silences, v.keys.Resolve, v.keys.Silence, v.keys.Rerun, v.keys.Delete,
			v.keys.Entity, v.keys.Check},
		Mutating: v.keys.Mutating(),
		ListOnly: []key.Binding{v.keys.Scope},
		PageHelp: []key.Binding{v.keys.Resolve, v.keys.Silence, v.keys.Rerun, v.keys.Entity, v.keys.Check},
		Status: func() string {
			if v.scope == 0 {
				return ""
			}
			return "scope: " + statusScopes[v.scope].name
		},
	})
	return v
}

func (v *Events) onKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, v.keys.Scope):
		v.scope = (v.scope + 1) % len(statusScopes)
		return v.SetScope(statusScopes[v.scope].name, statusScopes[v.scope].keep), true
	case key.Matches(msg, v.keys.Silences):
		return func() tea.Msg { return msgs.SwitchViewMsg{Name: "silences"} }, true
	case key.Matches(msg, v.keys.Resolve):
		return v.askResolve(), true
	case key.Matches(msg, v.keys.Delete):
		return v.askDelete(), true
	case key.Matches(msg, v.keys.Rerun):
		return v.askRerun(), true
	case key.Matches(msg, v.keys.Silence):
		return v.askSilence(), true
	case key.Matches(msg, v.keys.Entity):
		return v.jump("entities", func(e *client.EventSummary) string { return e.Entity.Metadata.Name }), true
	case key.Matches(msg, v.keys.Check):
		return v.jump("checks", func(e *client.EventSummary) string { return e.Check.Metadata.Name }), true
	}
	return nil, false
}

// jump opens the detail page of the event's entity or check, over its
// list with the row selected and no filter: the page answers what on-call
// asks next (is the agent alive, what else fails there, what does the
// check run), esc leaves them on the row, where enter lists all its
// events, and esc again comes back here.
func (v *Events) jump(view string, name func(*client.EventSummary) string) tea.Cmd {
	e, ok := v.Selected()
	if !ok {
		return nil
	}
	to := msgs.DrillMsg{View: view, Key: e.Namespace() + "/" + name(e), Detail: true}
	return func() tea.Msg { return to }
}

func eventNames(events []*client.EventSummary) string {
	names := make([]string, len(events))
	for i, e := range events {
		names[i] = e.Entity.Metadata.Name + "/" + e.Check.Metadata.Name
	}
	return Describe(names)
}

func (v *Events) askResolve() tea.Cmd {
	events := v.Selection()
	if len(events) == 0 {
		return nil
	}
	body := fmt.Sprintf("Resolve %s? Each is set to OK with the output \"Resolved manually by %s\" until its check runs again.",
		plural(len(events), "event"), client.ResolvedBy)
	v.Ask(newConfirm(v.env.Styles, "Resolve "+eventNames(events), body, "", func() tea.Cmd {
		return act(v.Resource, "resolve", "Resolved", events, func(ctx context.Context, c *client.Client, e *client.EventSummary) error {
			return c.ResolveEvent(ctx, e.Namespace(), e.Entity.Metadata.Name, e.Check.Metadata.Name)
		})
	}))
	return nil
}

func (v *Events) askDelete() tea.Cmd {
	events := v.Selection()
	if len(events) == 0 {
		return nil
	}
	body := fmt.Sprintf("Delete %s from the server? Its history is lost; it comes back with the next check result.", plural(len(events), "event"))
	v.Ask(newConfirm(v.env.Styles, "Delete "+eventNames(events), body, "This cannot be undone.", func() tea.Cmd {
		return act(v.Resource, "delete", "Deleted", events, func(ctx context.Context, c *client.Client, e *client.EventSummary) error {
			return c.DeleteEvent(ctx, e.Namespace(), e.Entity.Metadata.Name, e.Check.Metadata.Name)
		})
	}))
	return nil
}

// plural is "1 event" or "3 events".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func eventCells(st *styles.Styles, e *client.EventSummary, now time.Time) []table.Cell {
	symbol, label, style := st.Status(e.Check.Status)
	if e.Check.Flapping {
		label += flapMark(st)
	}
	silenced := ""
	if e.Check.IsSilenced {
		silenced = "S"
	}
	return []table.Cell{
		{Text: symbol + " " + label, Style: &style},
		{Text: st.HistoryStrip(recentStatuses(e.Check.History), historyWidth)},
		{Text: e.Entity.Metadata.Name},
		{Text: e.Check.Metadata.Name},
		{Text: firstLine(e.Check.Output)},
		{Text: ago(now, e.Timestamp)},
		{Text: strconv.FormatInt(e.Check.Occurrences, 10)},
		{Text: silenced},
	}
}

// flapMark follows the status of a flapping check in the list.
func flapMark(st *styles.Styles) string {
	if st.ASCII() {
		return "~"
	}
	return "≈"
}

// recentStatuses are the statuses the history column has room for.
func recentStatuses(h []uint8) []uint32 {
	h = h[max(len(h)-historyWidth, 0):]
	out := make([]uint32, len(h))
	for i, s := range h {
		out[i] = uint32(s)
	}
	return out
}

// eventCompare is the backend's severity order: critical, warning,
// unknown, OK; then the most recent OK first, so fresh incidents lead;
// then by name, so the order is stable between polls. A window served by
// GraphQL's SEVERITY comes in the same order.
func eventCompare(a, b *client.EventSummary) int {
	if sa, sb := styles.Severity(a.Check.Status), styles.Severity(b.Check.Status); sa != sb {
		return cmp.Compare(sb, sa)
	}
	if a.Check.LastOK != b.Check.LastOK {
		return cmp.Compare(b.Check.LastOK, a.Check.LastOK)
	}
	return strings.Compare(a.Key(), b.Key())
}

// thenCompare orders by a1 and b1, then by a2 and b2; the second pair is
// compared only on a tie, which sorting a big list notices.
func thenCompare(a1, b1, a2, b2 string) int {
	if c := strings.Compare(a1, b1); c != 0 {
		return c
	}
	return strings.Compare(a2, b2)
}

// eventLabels are the entity's labels, overlaid with the check's.
func eventLabels(e *client.EventSummary) map[string]string {
	if len(e.Check.Metadata.Labels) == 0 {
		return e.Entity.Metadata.Labels
	}
	merged := make(map[string]string, len(e.Entity.Metadata.Labels)+len(e.Check.Metadata.Labels))
	maps.Copy(merged, e.Entity.Metadata.Labels)
	maps.Copy(merged, e.Check.Metadata.Labels)
	return merged
}

// labelTexts remembers the filter text of label sets. A load shares one
// label map among all the events with the same labels, so a load of
// thousands of events writes out only a few. Each entry keeps its map, so
// no other map can take its address while the entry stands.
type labelTexts struct {
	mu    sync.Mutex // loads run in their own goroutines, and may overlap
	texts map[unsafe.Pointer]labelText
}

type labelText struct {
	labels map[string]string
	text   string
}

// maxLabelTexts bounds the memory of old loads' label sets.
const maxLabelTexts = 4096

func (c *labelTexts) of(m map[string]string) string {
	if len(m) == 0 {
		return labels(m)
	}
	p := reflect.ValueOf(m).UnsafePointer()
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.texts[p]; ok {
		return t.text
	}
	if c.texts == nil || len(c.texts) >= maxLabelTexts {
		c.texts = map[unsafe.Pointer]labelText{}
	}
	text := labels(m)
	c.texts[p] = labelText{labels: m, text: text}
	return text
}

// search is what the filter matches: the names, the label sets, and the output.
func (c *labelTexts) search(e *client.EventSummary) ([]string, string) {
	return []string{e.Entity.Metadata.Name, e.Check.Metadata.Name,
		c.of(e.Entity.Metadata.Labels), c.of(e.Check.Metadata.Labels)}, e.Check.Output
}

// eventSummary counts the events by status: "✖ CRIT 69  ! WARN 52…", or
// in short "✖69 !52…".
func eventSummary(st *styles.Styles, events []*client.EventSummary, short bool) string {
	var counts [4]int
	for _, e := range events {
		counts[min(e.Check.Status, 3)]++
	}
	return statusCounts(st, &counts, short)
}

// statusCounts is the header's count of events per status, worst first;
// "…" for each while counts is nil, before the whole list is in. short is
// "✖69 !52…".
func statusCounts(st *styles.Styles, counts *[4]int, short bool) string {
	parts := make([]string, 0, 4)
	for _, status := range []uint32{client.StatusCritical, client.StatusWarning, 3, client.StatusOK} {
		symbol, label, style := st.Status(status)
		n := "…"
		if counts != nil {
			n = strconv.Itoa(counts[status])
		}
		text := symbol + " " + label + " " + n
		if short {
			text = symbol + n
		}
		parts = append(parts, style.Render(text))
	}
	if short {
		return strings.Join(parts, " ")
	}
	return strings.Join(parts, "  ")
}

// loadEventDetail fetches the whole event: the list keeps only a summary.
func loadEventDetail(ctx context.Context, c *client.Client, st *styles.Styles, e *client.EventSummary) (func(Frame) string, error) {
	event, err := c.GetEvent(ctx, e.Namespace(), e.Entity.Metadata.Name, e.Check.Metadata.Name)
	if err != nil {
		return nil, err
	}
	return func(f Frame) string { return eventDetail(st, event, f) }, nil
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

// eventOrders are the sorts the backend's GraphQL can serve, by name and
// direction.
var eventOrders = map[struct {
	sort     string
	reversed bool
}]client.EventOrder{
	{"severity", false}:  client.OrderSeverity,
	{"entity", false}:    client.OrderEntity,
	{"entity", true}:     client.OrderEntityDesc,
	{"last seen", false}: client.OrderNewest,
}

// scopeFilters are the status scopes as GraphQL filters.
var scopeFilters = map[string][]string{
	"":              nil,
	"all":           nil,
	"not passing":   {"status:incident"},
	"critical only": {"status:critical"},
	"silenced":      {"silenced:true"},
}

// eventWindow serves the events view from GraphQL: a sorted, narrowed
// page from the top and the namespace's counts, in two small requests.
func eventWindow(st *styles.Styles, q WindowRequest) (WindowFetch[*client.EventSummary], bool) {
	order, sorted := eventOrders[struct {
		sort     string
		reversed bool
	}{q.Sort, q.Reversed}]
	filters, scoped := scopeFilters[q.Scope]
	if !sorted || !scoped {
		return nil, false
	}
	return func(ctx context.Context, c *client.Client) (WindowPage[*client.EventSummary], error) {
		// One request: the page and the counts.
		page, err := c.EventPage(ctx, client.EventQuery{Filters: filters, OrderBy: order, Limit: q.Limit, Counts: true})
		if err != nil {
			return WindowPage[*client.EventSummary]{}, err
		}
		counts := page.Counts
		if !page.Complete || !counts.Complete {
			return WindowPage[*client.EventSummary]{}, ErrWindowIncomplete
		}
		byStatus := [4]int{counts.OK, counts.Warning, counts.Critical, counts.Unknown}
		return WindowPage[*client.EventSummary]{Items: page.Events, Total: page.TotalCount, All: counts.Total,
			More: page.HasNextPage, Summary: statusCounts(st, &byStatus, false), Short: statusCounts(st, &byStatus, true)}, nil
	}, true
}
