package ui

import (
	"strings"

	"github.com/sensu-tui/sensu-tui/ui/line"
)

// filterHint is the line above the filter prompt: the syntax in brief,
// the examples shortened first on a narrow terminal.
func (m *Model) filterHint() string {
	mute := m.st.Muted.Render
	parts := []line.Part{
		{Text: mute("words must all match")},
		{Text: mute("'exact")},
		{Text: mute("!not")},
		{Text: mute("l:team == web"), Short: mute("l:labels"), Priority: 1},
		{Text: mute("f:event.check.status == 2"), Short: mute("f:fields"), Priority: 1},
		{Text: mute("? all of it"), Priority: 2},
	}
	return line.Fit(parts, m.width, mute(m.st.Separator()), m.st.Ellipsis())
}

// promptLines are the lines above the status line while a prompt is open.
func (m *Model) promptLines() []string {
	switch {
	case m.filtering:
		return []string{m.filterHint()}
	case m.commanding:
		return []string{m.suggestions()}
	}
	return nil
}

// syntaxHelp is the filter's syntax in full, and how sorting works, for
// the help overlay, wrapped to width.
func (m *Model) syntaxHelp(width int) string {
	lines := []string{
		m.st.Title.Render("Filter") + " (/)",
		"words      every word must match: names fuzzily (pgrep finds pg-replication), output as text",
		"'words     substrings only, no fuzzy matching",
		"!words     keeps what does not match",
		"l:sel      label selector: l:team == web && env in [prod, staging], also !=, notin, matches",
		"f:sel      field selector: f:event.check.status == 2",
	}
	if f, ok := m.current().(interface{ FieldNames() []string }); ok {
		if names := f.FieldNames(); len(names) > 0 {
			lines = append(lines, "fields     "+strings.Join(names, ", "))
		}
	}
	lines = append(lines,
		"The filter stays when you switch views. On a list, esc clears it (marked rows first);",
		"on a detail or raw page, / searches the page, n and N go to the next and previous match.",
		m.st.Title.Render("Sort")+": shift and the letter listed above sorts by a column; the same key again reverses.")
	var wrapped []string
	for _, l := range lines {
		wrapped = append(wrapped, wrapWords(l, width)...)
	}
	return strings.Join(wrapped, "\n")
}
