package ui

import (
	"slices"
	"strings"

	"github.com/sensu-tui/sensu-tui/ui/line"
	"github.com/sensu-tui/sensu-tui/views"
)

// commands are the : commands besides the views, with their aliases; the
// first name of each is the one suggested.
var commands = [][]string{
	{"ns", "namespace"}, // :namespaces is the namespaces view
	{"ctx", "context", "contexts"},
	{"log", "activity"},
	{"q", "quit", "q!"},
}

// takesArgument reports whether verb names a command that takes a name
// after it, which completion fills in next.
func takesArgument(verb string) bool {
	return slices.Contains(commands[0], verb) || slices.Contains(commands[1], verb)
}

// sources are what the : prompt completes from.
type sources struct {
	namespaces []string // those the user can see; nil until known
	contexts   []string // the profile's
}

// suggest is what the word being typed may become: a view or command name
// (a view's alias finds its name), or after ns and ctx a namespace or a
// context. start is where that word begins in input. Names that start with
// the word come first, then those that contain it.
func suggest(input string, src sources) (start int, words []string) {
	verb, arg, spaced := strings.Cut(strings.TrimLeft(input, " "), " ")
	start = len(input) - len(strings.TrimLeft(input, " "))
	verb = strings.ToLower(verb)
	if !spaced {
		return start, verbs(verb)
	}
	start = len(input) - len(strings.TrimLeft(arg, " "))
	arg = strings.TrimLeft(arg, " ")
	switch {
	case slices.Contains(commands[0], verb):
		return start, matching(arg, append([]string{"*"}, src.namespaces...))
	case slices.Contains(commands[1], verb):
		return start, matching(arg, src.contexts)
	}
	return start, nil
}

// verbs are the view and command names that prefix, or one of whose
// aliases, starts with.
func verbs(prefix string) []string {
	var out []string
	add := func(name string, aliases []string) {
		if strings.HasPrefix(name, prefix) || slices.ContainsFunc(aliases, func(a string) bool { return strings.HasPrefix(a, prefix) }) {
			out = append(out, name)
		}
	}
	for _, e := range views.Registry() {
		add(e.Name, e.Aliases)
	}
	for _, c := range commands {
		add(c[0], c[1:])
	}
	return out
}

// matching is names that start with typed, then those that contain it,
// ignoring case.
func matching(typed string, names []string) []string {
	typed = strings.ToLower(typed)
	var first, then []string
	for _, n := range names {
		switch lower := strings.ToLower(n); {
		case strings.HasPrefix(lower, typed):
			first = append(first, n)
		case strings.Contains(lower, typed):
			then = append(then, n)
		}
	}
	return append(first, then...)
}

// completion is a tab cycle: the input it started from, and which of the
// suggestions tab last put in.
type completion struct {
	from  string // the input before the first tab
	shown string // the input after the last tab
	start int
	words []string
	index int
}

// complete answers tab (step 1) or shift+tab (step -1) in the : prompt:
// the first suggestion in place of the word being typed, and on each tab
// after it the next one. A command that takes a name gets its space.
func (m *Model) complete(step int) {
	input := m.command.Value()
	c := &m.completing
	if c.shown != input || len(c.words) <= 1 {
		start, words := suggest(input, m.sources())
		*c = completion{from: input, start: start, words: words, index: -1}
		if len(words) == 0 {
			return
		}
		if step < 0 {
			c.index = 0 // shift+tab starts from the last one
		}
	}
	c.index = ((c.index+step)%len(c.words) + len(c.words)) % len(c.words)
	word := c.words[c.index]
	out := c.from[:c.start] + word
	if c.start == len(c.from)-len(strings.TrimLeft(c.from, " ")) && takesArgument(word) && len(c.words) == 1 {
		out += " "
	}
	c.shown = out
	m.command.SetValue(out)
	m.command.CursorEnd()
}

// sources are what the : prompt completes from now.
func (m *Model) sources() sources {
	return sources{namespaces: m.backend.namespaces, contexts: m.contexts}
}

// suggestions is the line above the : prompt: what tab would put in, the
// one it put in last marked.
func (m *Model) suggestions() string {
	input := m.command.Value()
	words, current := m.completing.words, m.completing.index
	if m.completing.shown != input || len(words) <= 1 {
		_, words = suggest(input, m.sources())
		current = -1
	}
	if len(words) == 0 {
		verb, _, spaced := strings.Cut(strings.TrimSpace(input), " ")
		switch {
		case spaced && slices.Contains(commands[0], strings.ToLower(verb)) && m.backend.namespaces == nil:
			return fitLine(m.st.Muted.Render("looking up your namespaces…"), m.width)
		case spaced:
			return fitLine(m.st.Muted.Render("no suggestions"), m.width)
		}
		return fitLine(m.st.Muted.Render("no command starts with that: ? lists them"), m.width)
	}
	parts := make([]line.Part, len(words))
	for i, w := range words {
		text := m.st.Muted.Render(w)
		if i == current {
			text = m.st.Title.Render(w)
		}
		// Later suggestions give way first; the one tab put in never does.
		parts[i] = line.Part{Text: text, Priority: i}
		if i == current {
			parts[i].Priority = 0
		}
	}
	return line.Fit(parts, m.width, "  ", m.st.Ellipsis())
}
