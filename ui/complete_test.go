package ui

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/views"
)

func TestSuggest(t *testing.T) {
	src := sources{namespaces: []string{"default", "dev", "prod-eu", "staging"}, contexts: []string{"lab", "prod"}}
	tests := []struct {
		input     string
		wantStart int
		want      []string
	}{
		{"", 0, append(views.Names(), "ns", "ctx", "log", "q")},
		{"e", 0, []string{"events", "entities", "filters"}}, // filters by its alias ef
		{"ch", 0, []string{"checks"}},
		{"ak", 0, []string{"apikeys"}},              // an alias finds its view
		{"sil", 0, []string{"silences"}},            // one view, whichever of its names matched
		{"namesp", 0, []string{"namespaces", "ns"}}, // the view, and the command by its long name
		{"CH", 0, []string{"checks"}},               // case does not matter
		{"  ev", 2, []string{"events"}},             // leading spaces stay
		{"zz", 0, nil},                              // nothing
		{"ns ", 3, []string{"*", "default", "dev", "prod-eu", "staging"}},
		{"ns d", 3, []string{"default", "dev", "prod-eu"}}, // those that start with it first
		{"ns eu", 3, []string{"prod-eu"}},                  // contains, after what starts with it
		{"namespace  st", 11, []string{"staging"}},
		{"ns e", 3, []string{"default", "dev", "prod-eu"}},
		{"ctx p", 4, []string{"prod"}},
		{"ctx ", 4, []string{"lab", "prod"}},
		{"events x", 7, nil}, // a view takes no argument
		{"ns x", 3, nil},
	}
	for _, tc := range tests {
		start, got := suggest(tc.input, src)
		if start != tc.wantStart || !slices.Equal(got, tc.want) {
			t.Errorf("suggest(%q) = %d %q, want %d %q", tc.input, start, got, tc.wantStart, tc.want)
		}
	}
	// Contains, not just prefix: staging and prod-eu both have a g or e.
	if _, got := suggest("ns g", src); !slices.Equal(got, []string{"staging"}) {
		t.Errorf("ns g: %q", got)
	}
}

// TestTabCompletes: tab puts in the first suggestion, tab again the next,
// shift+tab the one before; a command that takes a name gets its space,
// and the next tab completes the name.
func TestTabCompletes(t *testing.T) {
	m := New(Options{Env: env(newFake(t, fakebackend.Options{}).admin(t))})
	m.backend.namespaces = []string{"default", "dev", "staging"}
	m.openCommand()
	steps := []struct {
		typed string
		key   tea.KeyType
		want  string
	}{
		{"e", tea.KeyTab, "events"},
		{"", tea.KeyTab, "entities"},
		{"", tea.KeyTab, "filters"},
		{"", tea.KeyTab, "events"}, // round again
		{"", tea.KeyShiftTab, "filters"},
		{"", tea.KeyShiftTab, "entities"},
		{"", tea.KeyBackspace, "entitie"},
		{"", tea.KeyTab, "entities"}, // a new cycle from what is typed
	}
	for _, s := range steps {
		for _, r := range s.typed {
			m.onCommandKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
		m.onCommandKey(tea.KeyMsg{Type: s.key})
		if got := m.command.Value(); got != s.want {
			t.Fatalf("after %q and %s: %q, want %q", s.typed, s.key, got, s.want)
		}
	}
	m.command.SetValue("")
	for _, step := range []struct{ typed, want string }{{"ns", "ns "}, {"", "ns *"}, {"", "ns default"}} {
		for _, r := range step.typed {
			m.onCommandKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
		m.onCommandKey(tea.KeyMsg{Type: tea.KeyTab})
		if got := m.command.Value(); got != step.want {
			t.Fatalf("tab after %q gave %q, want %q", step.typed, got, step.want)
		}
	}
}

func TestCommandGolden(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, s *screen)
	}{
		// Suggestions as you type, above the prompt; tab put in the first.
		{"suggestions", func(t *testing.T, s *screen) {
			s.send(keyMsg(":"))
			s.typeText("ns ")
			s.waitText("* ", "default", "prod-eu", "sensu-system")
			s.typeText("s")
			s.send(typeKey(tea.KeyTab))
			s.waitText(":ns sensu-system")
		}},
		// :ns refuses a namespace the user cannot see, and names those they can.
		{"ns-refused", func(t *testing.T, s *screen) {
			s.send(keyMsg(":"))
			s.typeText("ns nope")
			s.send(typeKey(tea.KeyEnter))
			s.waitText(`No namespace "nope"`)
		}},
	}
	for _, tc := range cases {
		for _, sz := range sizes {
			t.Run(tc.name+"/"+sizeName(sz.w, sz.h), func(t *testing.T) {
				t.Parallel()
				s := eventsScreen(t, sz.w, sz.h)
				tc.run(t, s)
				view := s.final()
				if tc.name == "ns-refused" && (strings.Contains(view, "Showing namespace") || !strings.Contains(view, "ns:default")) {
					t.Errorf("switched to a namespace that does not exist:\n%s", view)
				}
				requireGolden(t, view)
			})
		}
	}
}

// TestNamespaceRefusedBeforeTheListIsKnown: :ns typed straight after the
// prompt opens, before the list came, still checks against it; a name on
// the list switches.
func TestNamespaceRefusedBeforeTheListIsKnown(t *testing.T) {
	t.Parallel()
	f := newFake(t, fakebackend.Options{})
	c := f.admin(t)
	m := New(Options{Env: env(c)})
	m.backend.conn = 1
	cmd := m.switchNamespace("nope")
	if cmd == nil || c.Namespace() != "default" {
		t.Fatal("switched, or asked nothing, before the list was known")
	}
	msg, ok := cmd().(namespacesMsg)
	if !ok || msg.then != "nope" {
		t.Fatalf("got %#v, want the list with nope to check", msg)
	}
	m.onNamespaces(msg)
	if c.Namespace() != "default" || !m.flash.Error || !strings.Contains(m.flash.Text, "dev, prod-eu, sensu-system, staging") {
		t.Fatalf("namespace %q, flash %+v", c.Namespace(), m.flash)
	}
	m.switchNamespace("staging")
	if c.Namespace() != "staging" || m.flash.Error {
		t.Fatalf("a namespace on the list was refused: %q, %+v", c.Namespace(), m.flash)
	}
}

func TestWrapWords(t *testing.T) {
	tests := []struct {
		text  string
		width int
		want  []string
	}{
		{"one two three", 20, []string{"one two three"}},
		{"one two three", 7, []string{"one two", "three"}},
		{"see: default, sensu-system, staging.", 20, []string{"see: default,", "sensu-system,", "staging."}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"", 10, []string{""}},
		{"a      b", 20, []string{"a      b"}}, // runs of spaces kept
	}
	for _, tc := range tests {
		if got := wrapWords(tc.text, tc.width); !slices.Equal(got, tc.want) {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
	}
}
