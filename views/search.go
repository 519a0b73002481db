package views

import (
	"fmt"
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sensu-tui/sensu-tui/ui/sanitize"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// match is where a search found its text: a line of the page as shown
// (wrapped) and a span of its runes.
type match struct{ line, start, end int }

// search finds text in a page, as less does: / and a query, then n and N
// between the matches. A match that a wrapped line splits is not found.
type search struct {
	typing  bool // the query is being typed
	query   string
	matches []match
	current int
}

// active reports whether there is a query to show matches of.
func (s *search) active() bool { return s.query != "" }

// find looks for the query in lines, case-insensitively, and puts the
// current match on the first one at or after line from.
func (s *search) find(lines []string, from int) {
	s.matches, s.current = nil, 0
	q := lowerRunes(s.query)
	if len(q) == 0 {
		return
	}
	for i, l := range lines {
		text := lowerRunes(ansi.Strip(l))
		for at := 0; at+len(q) <= len(text); {
			if runesEqual(text[at:at+len(q)], q) {
				s.matches = append(s.matches, match{line: i, start: at, end: at + len(q)})
				at += len(q)
				continue
			}
			at++
		}
	}
	for i, m := range s.matches {
		if m.line >= from {
			s.current = i
			return
		}
	}
}

// step moves the current match by d, wrapping around.
func (s *search) step(d int) {
	if n := len(s.matches); n > 0 {
		s.current = ((s.current+d)%n + n) % n
	}
}

// highlight draws the matches on the lines they are on. Those lines lose
// their own colours: the matches are what matters on them.
func (s *search) highlight(lines []string, st *styles.Styles) []string {
	if len(s.matches) == 0 {
		return lines
	}
	out := make([]string, len(lines))
	copy(out, lines)
	for first := 0; first < len(s.matches); {
		line := s.matches[first].line
		last := first
		for last < len(s.matches) && s.matches[last].line == line {
			last++
		}
		text := []rune(ansi.Strip(lines[line]))
		var b strings.Builder
		at := 0
		for i := first; i < last; i++ {
			m := s.matches[i]
			b.WriteString(string(text[at:m.start]))
			style := st.Match
			if i == s.current {
				style = st.CurrentMatch
			}
			b.WriteString(style.Render(string(text[m.start:m.end])))
			at = m.end
		}
		b.WriteString(string(text[at:]))
		out[line] = b.String()
		first = last
	}
	return out
}

// status is what the page title says of the search: the query being
// typed, or where the current match is among them all.
func (s *search) status() string {
	q := sanitize.Line(s.query)
	switch {
	case s.typing:
		return "/" + q + "▏"
	case len(s.matches) == 0:
		return fmt.Sprintf("no match for %q", q)
	}
	return fmt.Sprintf("%q %d/%d · n/N", q, s.current+1, len(s.matches))
}

// edit handles a key while the query is typed; it reports whether the
// query changed and whether typing is over.
func (s *search) edit(msg tea.KeyMsg) (changed bool) {
	switch msg.Type {
	case tea.KeyEnter:
		s.typing = false
		return false
	case tea.KeyEsc:
		s.typing, s.query = false, ""
		return true
	case tea.KeyBackspace:
		if r := []rune(s.query); len(r) > 0 {
			s.query = string(r[:len(r)-1])
			return true
		}
		return false
	case tea.KeyRunes, tea.KeySpace:
		s.query += string(msg.Runes)
		return true
	}
	return false
}

func lowerRunes(s string) []rune {
	r := []rune(s)
	for i, c := range r {
		r[i] = unicode.ToLower(c)
	}
	return r
}

func runesEqual(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
