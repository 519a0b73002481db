package views

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/ui/sanitize"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// The event detail page puts what on-call needs first where an 80x24
// terminal shows it without scrolling (19 lines under the page title):
//
//	5 lines  status; failing (or OK) since; last OK; executed; entity
//	n lines  "Output:" and the output's first lines, each cut to the width
//	k lines  "History:" and one glyph and time per run, 6 runs a line at 80
//	         columns (4 lines for Sensu's 21 runs), 10 at 120
//
// The output gets whatever the others leave: 8 lines at 80x24, 24 at
// 120x40. Everything else follows, with the whole output if the first
// lines did not show all of it.

// historyCell is the width of one run in the history grid: a glyph, a
// space and a 15:04:05 time; runs are two spaces apart.
const historyCell, historyGap = 10, 2

// eventDetail lays out one event for a page of the frame's size.
func eventDetail(st *styles.Styles, e client.Event, f Frame) string {
	c := e.Check
	width := max(f.Width, 20)
	head := [][2]string{
		{"Status", statusLine(st, c)},
		{sinceLabel(c.Status), since(f.Now, c)},
		{"Last OK", stamp(f.Now, c.LastOK)},
		{"Executed", executedLine(f.Now, c)},
		{"Entity", entityLine(f.Now, e.Entity)},
	}
	history := historyGrid(st, c.History, width)
	room := f.Height - len(head) - 1 - len(history)
	output, whole := outputHead(c.Output, room-1, width, st.Ellipsis())

	var b strings.Builder
	for _, fact := range head {
		b.WriteString(cut(sanitize.Line(label(fact[0])+fact[1]), width, st.Ellipsis()) + "\n")
	}
	b.WriteString(output)
	b.WriteString(cut(label("History")+"oldest first; "+legend(st), width, st.Ellipsis()) + "\n")
	for _, line := range history {
		b.WriteString(line + "\n")
	}
	b.WriteString("\n")
	b.WriteString(facts(
		"Namespace", e.Namespace(),
		"Check", c.Metadata.Name,
		"Command", c.Command,
		"Interval", interval(c),
		"Silenced", silencedBy(c),
		"Subscriptions", list(c.Subscriptions),
		"Handlers", list(c.Handlers),
		"Check labels", labels(c.Metadata.Labels),
		"Entity labels", labels(e.Entity.Metadata.Labels),
		"Entity host", cmp.Or(strings.TrimSpace(e.Entity.System.Hostname+" "+e.Entity.System.Platform+" "+e.Entity.System.PlatformVersion), "-"),
		"Last seen", lastSeenText(f.Now, e.Entity.LastSeen, e.Timestamp, "this event"),
	))
	if !whole {
		b.WriteString("\nOutput, all of it:\n")
		b.WriteString(strings.TrimRight(c.Output, "\n"))
	}
	return b.String()
}

// statusLine is the status, the state and how often in a row, and a word
// when the event is silenced.
func statusLine(st *styles.Styles, c client.Check) string {
	symbol, label, _ := st.Status(c.Status)
	parts := []string{fmt.Sprintf("%s %s (%d)", symbol, label, c.Status)}
	if c.State != "" {
		parts = append(parts, c.State)
	}
	parts = append(parts, plural(int(c.Occurrences), "occurrence"))
	if c.IsSilenced {
		parts = append(parts, "silenced")
	}
	return strings.Join(parts, ", ")
}

func sinceLabel(status uint32) string {
	if status == client.StatusOK {
		return "OK since"
	}
	return "Failing since"
}

// since says when the current state began: the executed time of the first
// run of the streak of results, at the end of the history, that are OK
// like the current status or not OK like it. When the whole history is
// that streak, it began at least that long ago.
func since(now time.Time, c client.Check) string {
	passing := c.Status == client.StatusOK
	runs := 0
	for i := len(c.History) - 1; i >= 0 && (c.History[i].Status == client.StatusOK) == passing; i-- {
		runs++
	}
	if runs == 0 {
		return "unknown: the history does not show it"
	}
	first := c.History[len(c.History)-runs].Executed
	if runs == len(c.History) {
		return fmt.Sprintf("at least %s, all %s", stamp(now, first), plural(runs, "run"))
	}
	if runs == 1 {
		return stamp(now, first) + ", the last run"
	}
	return fmt.Sprintf("%s, the last %d runs", stamp(now, first), runs)
}

func executedLine(now time.Time, c client.Check) string {
	line := stamp(now, c.Executed)
	if every := interval(c); every != "-" {
		line += ", every " + every
	}
	return line
}

func entityLine(now time.Time, e client.Entity) string {
	line := e.Metadata.Name
	if e.EntityClass != "" {
		line += " (" + e.EntityClass + ")"
	}
	if e.LastSeen > 0 {
		line += ", last seen " + ago(now, e.LastSeen) + " ago"
	}
	return line
}

// label is a fact's label, padded so that the values line up with those
// of facts below them.
func label(name string) string { return fmt.Sprintf("%-16s", name+":") }

// outputHead is the "Output:" line and at most room of the output's first
// lines under it, indented and cut to width; the last says how many more
// there are when they do not all fit. whole is false when anything was
// left out or cut, so the page shows the whole output further down.
func outputHead(output string, room, width int, ellipsis string) (text string, whole bool) {
	output = strings.TrimRight(output, "\n")
	if strings.TrimSpace(output) == "" {
		return label("Output") + "none\n", true
	}
	lines := strings.Split(output, "\n")
	room = max(room, 1)
	shown := lines
	if len(lines) > room {
		shown = lines[:max(room-1, 1)]
	}
	whole = len(shown) == len(lines)
	var b strings.Builder
	head := plural(len(lines), "line")
	if !whole {
		head = fmt.Sprintf("the first %d of %s; all of it at the end", len(shown), head)
	}
	b.WriteString(cut(label("Output")+head, width, ellipsis) + "\n")
	for _, line := range shown {
		clean := sanitize.Line(line)
		if styles.Width(clean) > width-2 {
			whole = false
		}
		b.WriteString("  " + cut(clean, width-2, ellipsis) + "\n")
	}
	if len(shown) < len(lines) {
		fmt.Fprintf(&b, "  %s %d more\n", ellipsis, len(lines)-len(shown))
	}
	return b.String(), whole
}

// historyGrid is one cell per run, oldest first, as many to a line as the
// width holds: the run's status glyph and the time it ran (UTC).
func historyGrid(st *styles.Styles, h []client.CheckHistory, width int) []string {
	if len(h) == 0 {
		return []string{"  none"}
	}
	perLine := max((width-2+historyGap)/(historyCell+historyGap), 1)
	var lines []string
	for start := 0; start < len(h); start += perLine {
		cells := make([]string, 0, perLine)
		for _, run := range h[start:min(start+perLine, len(h))] {
			glyph := st.HistoryStrip([]uint32{run.Status}, 1)
			cells = append(cells, glyph+" "+time.Unix(run.Executed, 0).UTC().Format("15:04:05"))
		}
		lines = append(lines, "  "+strings.Join(cells, strings.Repeat(" ", historyGap)))
	}
	return lines
}

// legend names the history glyphs.
func legend(st *styles.Styles) string {
	parts := make([]string, 0, 4)
	for _, status := range []uint32{client.StatusOK, client.StatusWarning, client.StatusCritical, 3} {
		_, label, _ := st.Status(status)
		parts = append(parts, st.HistoryStrip([]uint32{status}, 1)+" "+label)
	}
	return strings.Join(parts, " ")
}

// cut shortens s to width cells, ending a cut with the ellipsis.
func cut(s string, width int, ellipsis string) string {
	if styles.Width(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, ellipsis)
}
