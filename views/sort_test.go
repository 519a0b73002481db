package views

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
)

// openTestPage covers the list with an empty detail page, or a raw one,
// for tests of the keys a page has.
func (r *Resource[T]) openTestPage(raw bool) {
	r.page = newPage(r.env, "k", "title", 80, 20)
	if raw {
		r.page.raw = &rawState{keys: keymap.DefaultRaw()}
	}
}

// requireNoClash fails when one key of bindings does two things.
func requireNoClash(t *testing.T, where string, bindings []key.Binding) {
	t.Helper()
	owner := map[string]key.Binding{}
	for _, b := range bindings {
		if !b.Enabled() {
			continue
		}
		for _, k := range b.Keys() {
			if prev, ok := owner[k]; ok && prev.Help() != b.Help() {
				t.Errorf("%s: %q is both %q and %q", where, k, prev.Help().Desc, b.Help().Desc)
			}
			owner[k] = b
		}
	}
}

// TestNoKeyClashesInAnyView extends keymap's clash test to the views as
// built: on every list (reached by a drill-down or not) and on its detail
// and raw pages, with and without a search shown, no key does two things,
// sort keys and the jumps to an event's entity and check included; and
// every list has a sort key.
func TestNoKeyClashesInAnyView(t *testing.T) {
	var views []key.Binding
	for _, r := range registry {
		if r.Number > 0 {
			views = append(views, keymap.ViewKey(r.Number, r.Name))
		}
	}
	onList := slices.Concat(append(keymap.DefaultGlobal().OnList().FullHelp(), views)...)
	onPage := slices.Concat(append(keymap.DefaultGlobal().OnPage().FullHelp(), views)...)
	for _, e := range Registry() {
		t.Run(e.Name, func(t *testing.T) {
			v := e.New(Env{})
			list := slices.Concat(append(v.FullHelp(), onList)...)
			requireNoClash(t, "list", list)
			v.SetBack("entities")
			requireNoClash(t, "list after a drill-down", slices.Concat(append(v.FullHelp(), onList)...))
			pages := v.(interface{ openTestPage(raw bool) })
			for _, raw := range []bool{false, true} {
				pages.openTestPage(raw)
				requireNoClash(t, fmt.Sprintf("page (raw %v)", raw), slices.Concat(append(v.FullHelp(), onPage)...))
				v.Update(shift("/"))
				v.Update(shift("x"))
				v.Update(tea.KeyMsg{Type: tea.KeyEnter})
				requireNoClash(t, fmt.Sprintf("page with a search (raw %v)", raw), slices.Concat(append(v.FullHelp(), onPage)...))
			}
			sorts := 0
			for _, b := range list {
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
		{"I", "ENTITY▲", []string{"a-host", "b-host", "c-host"}}, // E goes to the event's entity
		{"I", "ENTITY▼", []string{"c-host", "b-host", "a-host"}},
		{"H", "CHECK▲", []string{"c-host", "a-host", "b-host"}}, // C goes to its check
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
	want := []string{"T sort by severity", "I sort by entity", "H sort by check", "L sort by last seen", "U sort by occurrences"}
	if !slices.Equal(got, want) {
		t.Fatalf("sort keys %q, want %q", got, want)
	}
}
