package views

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
)

// TestNoKeyClashesInAnyView extends keymap's clash test to the views as
// built: on every list, no key does two things, sort keys included, and
// every list has a sort key.
func TestNoKeyClashesInAnyView(t *testing.T) {
	global := slices.Concat(keymap.DefaultGlobal().OnList().FullHelp()...)
	for _, e := range Registry() {
		t.Run(e.Name, func(t *testing.T) {
			v := e.New(Env{})
			bindings := slices.Concat(append(v.FullHelp(), global)...)
			for _, r := range registry {
				if r.Number > 0 {
					bindings = append(bindings, keymap.ViewKey(r.Number, r.Name))
				}
			}
			owner := map[string]key.Binding{}
			for _, b := range bindings {
				if !b.Enabled() {
					continue
				}
				for _, k := range b.Keys() {
					if prev, ok := owner[k]; ok && prev.Help() != b.Help() {
						t.Errorf("%q is both %q and %q", k, prev.Help().Desc, b.Help().Desc)
					}
					owner[k] = b
				}
			}
			sorts := 0
			for _, b := range bindings {
				if strings.HasPrefix(b.Help().Desc, "sort by ") && b.Help().Desc != "sort by next column" {
					sorts++
				}
			}
			if sorts == 0 {
				t.Error("no sort key: every list sorts by at least its name")
			}
		})
	}
}

func shift(letter string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(letter)} }

// TestShiftLetterSorts: shift and a column's letter sorts by it, the same
// key again reverses it, and the header's arrow says which and how.
func TestShiftLetterSorts(t *testing.T) {
	v := NewEvents(Env{})
	v.SetSize(120, 10)
	fill(v.Resource, summaries([]client.Event{
		filterEvent("b-host", "zeta", "", nil), filterEvent("c-host", "alpha", "", nil), filterEvent("a-host", "mid", "", nil),
	}))
	header := func() string { return strings.Split(v.View(), "\n")[0] }
	entities := func() []string {
		var out []string
		for _, e := range v.table.Items() {
			out = append(out, e.Entity.Metadata.Name)
		}
		return out
	}
	if h := header(); !strings.Contains(h, "STATUS▼") {
		t.Fatalf("the default order (worst first) is not marked: %q", h)
	}
	tests := []struct {
		press, arrow string
		want         []string
	}{
		{"E", "ENTITY▲", []string{"a-host", "b-host", "c-host"}},
		{"E", "ENTITY▼", []string{"c-host", "b-host", "a-host"}},
		{"C", "CHECK▲", []string{"c-host", "a-host", "b-host"}},
		{"O", "CHECK▼", []string{"b-host", "a-host", "c-host"}}, // O reverses whatever the order
		{"T", "STATUS▼", nil},
	}
	for _, tc := range tests {
		v.Update(shift(tc.press))
		h := header()
		if !strings.Contains(h, tc.arrow) || strings.Count(h, "▲")+strings.Count(h, "▼") != 1 {
			t.Errorf("after %s the header is %q, want %s and no other arrow", tc.press, h, tc.arrow)
		}
		if tc.want != nil && !slices.Equal(entities(), tc.want) {
			t.Errorf("after %s the rows are %v, want %v", tc.press, entities(), tc.want)
		}
	}
}

// TestSortKeysOfTheEventsView pins the letters the rule gives the events
// view, which README lists.
func TestSortKeysOfTheEventsView(t *testing.T) {
	v := NewEvents(Env{})
	var got []string
	for _, b := range v.sortKeys {
		got = append(got, b.Help().Key+" "+b.Help().Desc)
	}
	want := []string{"T sort by severity", "E sort by entity", "C sort by check", "L sort by last seen", "U sort by occurrences"}
	if !slices.Equal(got, want) {
		t.Fatalf("sort keys %q, want %q", got, want)
	}
}
