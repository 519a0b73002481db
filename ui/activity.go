package ui

import (
	"fmt"
	"time"

	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/sanitize"
	"github.com/sensu-tui/sensu-tui/ui/styles"
	"github.com/sensu-tui/sensu-tui/views"
)

// maxActivity bounds the activity log: a long session keeps its latest actions.
const maxActivity = 500

// activityLog is every action this session took, kept in memory only:
// nothing of it is written to disk.
type activityLog struct {
	entries []activity
}

type activity struct {
	at      time.Time
	view    string
	verb    string
	targets []string
	result  string
	failed  bool
}

func (l *activityLog) add(at time.Time, msg msgs.ActionDoneMsg) {
	a := activity{at: at, view: msg.Route.View, verb: msg.Verb, targets: msg.Targets, result: msg.Text}
	if msg.Err != nil {
		a.result, a.failed = msg.Err.Error(), true
	}
	l.entries = append(l.entries, a)
	if over := len(l.entries) - maxActivity; over > 0 {
		l.entries = append(l.entries[:0], l.entries[over:]...)
	}
}

// lines are the log's lines, newest first, each cut to width cells.
func (l *activityLog) lines(st *styles.Styles, width int) []string {
	if len(l.entries) == 0 {
		return []string{st.Muted.Render("No actions yet this session.")}
	}
	var out []string
	for i := len(l.entries) - 1; i >= 0; i-- {
		a := l.entries[i]
		mark := st.Success.Render("✔")
		if a.failed {
			mark = st.Error.Render("✖")
		}
		// Targets and results hold server text: sanitised before styling.
		head := fmt.Sprintf("%s %s %s %s: %s", a.at.Format("15:04:05"), mark, a.view, a.verb, sanitize.Line(views.Describe(a.targets)))
		out = append(out, styles.Fit(head, width, "…"), styles.Fit("    "+sanitize.Line(a.result), width, "…"))
	}
	return out
}

// activityView is the activity log as a modal over the screen.
func (m *Model) activityView() string {
	width := max(min(m.width-4, 100), 20)
	lines := append([]string{m.st.Title.Render(fmt.Sprintf("Activity (%d)", len(m.activity.entries))), ""},
		m.activity.lines(m.st, width)...)
	return m.scrolled(lines, &m.logScroll)
}
