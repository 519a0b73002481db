package keymap

import (
	"reflect"
	"slices"
	"testing"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// named is a binding with the struct field it came from, for messages.
type named struct {
	name string
	key.Binding
}

// fields returns every key.Binding field of the struct km.
func fields(km any) []named {
	v := reflect.ValueOf(km)
	var out []named
	for i := range v.NumField() {
		if b, ok := v.Field(i).Interface().(key.Binding); ok {
			out = append(out, named{v.Type().Name() + "." + v.Type().Field(i).Name, b})
		}
	}
	return out
}

// onDetail names bindings a detail page takes from the list.
func onDetail(bindings ...key.Binding) []named {
	out := make([]named, len(bindings))
	for i, b := range bindings {
		out[i] = named{"list " + b.Help().Key, b}
	}
	return out
}

// withoutScope is the events bindings a page takes: all but the list's scope.
func withoutScope(e Events) []named {
	e.Scope.SetEnabled(false)
	return fields(e)
}

// withoutGrant is the API keys bindings a page takes: all but grant.
func withoutGrant(a APIKeys) []named {
	a.Grant.SetEnabled(false)
	return fields(a)
}

func grantIn(p GrantPhase) Grant {
	g := DefaultGrant()
	g.SetPhase(p)
	return g
}

// TestNoClashes checks that within each context no key triggers two
// different actions. The same action reachable from two structs (Detail.Back
// and Global.Back) shares its help text and is not a clash.
func TestNoClashes(t *testing.T) {
	drills := DefaultTable().DrillsDown("its events")
	// Every detail or raw page: the global keys as a page has them, and its own.
	page := slices.Concat(fields(DefaultGlobal().OnPage()), fields(DefaultDetail()))
	contexts := map[string][]named{
		"events list":   slices.Concat(fields(DefaultGlobal().OnList()), fields(DefaultTable()), fields(DefaultList()), fields(DefaultEvents())),
		"checks list":   slices.Concat(fields(DefaultGlobal().OnList()), fields(drills), fields(DefaultList()), fields(DefaultChecks())),
		"entities list": slices.Concat(fields(DefaultGlobal().OnList()), fields(drills), fields(DefaultList()), fields(DefaultEntities())),
		"drilled list": slices.Concat(
			fields(DefaultGlobal().OnList()), fields(DefaultTable()), fields(DefaultList().ClearGoesBack("entities")), fields(DefaultEvents())),
		"api keys list": slices.Concat(
			fields(DefaultGlobal().OnList()), fields(DefaultTable().WithoutTopG()), fields(DefaultList()), fields(DefaultAPIKeys())),
		"silences list": slices.Concat(fields(DefaultGlobal().OnList()), fields(DefaultTable()), fields(DefaultList()), fields(DefaultSilences())),
		"detail":        slices.Concat(page, onDetail(DefaultList().Raw)),
		"event detail":  slices.Concat(page, onDetail(DefaultList().Raw), withoutScope(DefaultEvents())),
		"event detail, a search shown": slices.Concat(fields(DefaultGlobal().OnPage()), fields(DefaultDetail().Searching()),
			onDetail(DefaultList().Raw), withoutScope(DefaultEvents())),
		"check detail":   slices.Concat(page, onDetail(DefaultList().Raw, drills.Details), fields(DefaultChecks())),
		"entity detail":  slices.Concat(page, onDetail(DefaultList().Raw, drills.Details), fields(DefaultEntities())),
		"api key detail": slices.Concat(page, withoutGrant(DefaultAPIKeys())),
		"silence detail": slices.Concat(page, fields(DefaultSilences())),
		"event raw":      slices.Concat(page, fields(DefaultRaw()), withoutScope(DefaultEvents())),
		"check raw":      slices.Concat(page, fields(DefaultRaw()), fields(DefaultChecks())),
		"entity raw":     slices.Concat(page, fields(DefaultRaw()), fields(DefaultEntities())),
		"filter prompt":  fields(DefaultFilterPrompt()),
		"search prompt":  fields(DefaultSearchPrompt()),
		"command":        fields(DefaultCommandPrompt()),
		"confirm":        fields(DefaultConfirm()),
		"choice":         append(fields(DefaultConfirm()), named{"Picker.Up", DefaultPicker().Up}, named{"Picker.Down", DefaultPicker().Down}),
		"picker":         fields(DefaultPicker()),
		"form":           fields(DefaultForm()),
		"login":          fields(DefaultLogin()),
		"grant choose":   fields(DefaultGrant()),
		"grant confirm":  fields(grantIn(GrantConfirming)),
		"grant shown":    fields(grantIn(GrantShown)),
	}
	for name, bindings := range contexts {
		t.Run(name, func(t *testing.T) {
			owner := map[string]named{}
			for _, b := range bindings {
				if !b.Enabled() {
					continue
				}
				for _, k := range b.Keys() {
					prev, taken := owner[k]
					if taken && prev.Help() != b.Help() {
						t.Errorf("key %q is bound to both %s (%q) and %s (%q)",
							k, prev.name, prev.Help().Desc, b.name, b.Help().Desc)
					}
					owner[k] = b
				}
			}
		})
	}
}

// TestPageAndListTakeKeys shows the clashes OnList and OnPage exist to
// avoid, so the test above would catch them coming back.
func TestPageAndListTakeKeys(t *testing.T) {
	esc, slash, n := tea.KeyMsg{Type: tea.KeyEsc}, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")}, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("N")}
	g, d := DefaultGlobal(), DefaultDetail()
	if !key.Matches(esc, g.Back) || !key.Matches(esc, DefaultList().Clear) {
		t.Fatal("expected esc to be both Back and List.Clear")
	}
	if !key.Matches(slash, g.Filter) || !key.Matches(slash, d.Search) || !key.Matches(n, g.Namespace) || !key.Matches(n, d.Prev) {
		t.Fatal("expected / and N on both the list and the page")
	}
	if key.Matches(esc, g.OnList().Back) {
		t.Fatal("OnList still binds Back")
	}
	if page := g.OnPage(); key.Matches(slash, page.Filter) || key.Matches(n, page.Namespace) {
		t.Fatal("OnPage still binds / or N")
	}
	if !key.Matches(esc, g.Back) || !key.Matches(slash, g.Filter) {
		t.Fatal("OnList or OnPage changed the default bindings")
	}
	q := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")}
	if key.Matches(esc, d.ClearSearch) || !key.Matches(esc, d.Back) {
		t.Fatal("without a search, esc should go back and clear nothing")
	}
	if s := d.Searching(); !key.Matches(esc, s.ClearSearch) || key.Matches(esc, s.Back) || !key.Matches(q, s.Back) {
		t.Fatal("with a search shown, esc should clear it and only q go back")
	}
}

// TestAPIKeysClashWithoutTopG shows the clash WithoutTopG exists to avoid,
// so the test above would catch it coming back.
func TestAPIKeysClashWithoutTopG(t *testing.T) {
	g := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("g")}
	if !key.Matches(g, DefaultTable().Top) || !key.Matches(g, DefaultAPIKeys().Grant) {
		t.Fatal("expected g to be both Top and Grant by default")
	}
	nav := DefaultTable().WithoutTopG()
	if key.Matches(g, nav.Top) {
		t.Fatal("WithoutTopG still binds g")
	}
	home := tea.KeyMsg{Type: tea.KeyHome}
	if !key.Matches(home, nav.Top) {
		t.Fatal("WithoutTopG lost home")
	}
	if nav.Top.Help().Key != "home" {
		t.Fatalf("help still shows %q", nav.Top.Help().Key)
	}
	if !key.Matches(g, DefaultTable().Top) {
		t.Fatal("WithoutTopG changed the default table bindings")
	}
}

// keyMaps lists every key map in every state it can be in.
func keyMaps() map[string]help.KeyMap {
	return map[string]help.KeyMap{
		"global":          DefaultGlobal(),
		"table":           DefaultTable(),
		"table without g": DefaultTable().WithoutTopG(),
		"events":          DefaultEvents(),
		"checks":          DefaultChecks(),
		"entities":        DefaultEntities(),
		"list":            DefaultList(),
		"picker":          DefaultPicker(),
		"form":            DefaultForm(),
		"apikeys":         DefaultAPIKeys(),
		"confirm":         DefaultConfirm(),
		"login":           DefaultLogin(),
		"detail":          DefaultDetail(),
		"grant choose":    DefaultGrant(),
		"grant confirm":   grantIn(GrantConfirming),
		"grant shown":     grantIn(GrantShown),
		"filter prompt":   DefaultFilterPrompt(),
		"search prompt":   DefaultSearchPrompt(),
		"command prompt":  DefaultCommandPrompt(),
	}
}

func TestEveryBindingHasHelpAndIsListed(t *testing.T) {
	for name, km := range keyMaps() {
		t.Run(name, func(t *testing.T) {
			full := slices.Concat(km.FullHelp()...)
			for _, b := range fields(km) {
				if len(b.Keys()) == 0 {
					t.Errorf("%s has no keys", b.name)
				}
				if b.Help().Key == "" || b.Help().Desc == "" {
					t.Errorf("%s has empty help %+v", b.name, b.Help())
				}
				if !slices.ContainsFunc(full, func(f key.Binding) bool { return reflect.DeepEqual(f, b.Binding) }) {
					t.Errorf("%s is missing from FullHelp", b.name)
				}
			}
			for _, s := range km.ShortHelp() {
				if !slices.ContainsFunc(full, func(f key.Binding) bool { return reflect.DeepEqual(f, s) }) {
					t.Errorf("ShortHelp lists %q which FullHelp does not", s.Help().Key)
				}
			}
		})
	}
}

func TestGrantPhases(t *testing.T) {
	enter := tea.KeyMsg{Type: tea.KeyEnter}
	esc := tea.KeyMsg{Type: tea.KeyEsc}
	y := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")}
	c := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("c")}
	tests := []struct {
		phase GrantPhase
		// what each key does in the phase: the one binding it matches, or "".
		enter, esc, y, c string
	}{
		{GrantChoosing, "Submit", "Cancel", "", ""},
		{GrantConfirming, "", "Back", "Yes", ""},
		{GrantShown, "Close", "Close", "", "Copy"},
	}
	for _, tc := range tests {
		g := grantIn(tc.phase)
		for _, k := range []struct {
			msg  tea.KeyMsg
			want string
		}{{enter, tc.enter}, {esc, tc.esc}, {y, tc.y}, {c, tc.c}} {
			var got []string
			for _, b := range fields(g) {
				if key.Matches(k.msg, b.Binding) {
					got = append(got, b.name)
				}
			}
			want := []string{}
			if k.want != "" {
				want = []string{"Grant." + k.want}
			}
			if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("phase %d: %s matches %v, want %v", tc.phase, k.msg, got, want)
			}
		}
	}
	// Only y grants: enter in the confirm phase must do nothing.
	if g := grantIn(GrantConfirming); key.Matches(enter, g.Yes, g.Submit) {
		t.Fatal("enter confirms a grant")
	}
}

// TestActionsShareKeys: an action on checks or entities takes the key of
// the events view's action of the same kind, so a key means one thing.
func TestActionsShareKeys(t *testing.T) {
	ev, ch, en := DefaultEvents(), DefaultChecks(), DefaultEntities()
	same := []struct {
		name string
		a, b key.Binding
	}{
		{"execute is re-run", ch.Execute, ev.Rerun},
		{"check silence", ch.Silence, ev.Silence},
		{"check delete", ch.Delete, ev.Delete},
		{"entity silence", en.Silence, ev.Silence},
		{"entity delete", en.Delete, ev.Delete},
	}
	for _, s := range same {
		if !slices.Equal(s.a.Keys(), s.b.Keys()) {
			t.Errorf("%s: keys %v, events view %v", s.name, s.a.Keys(), s.b.Keys())
		}
	}
	if len(ch.Mutating()) != 4 || len(en.Mutating()) != 2 {
		t.Errorf("read-only mode must refuse every action: checks %d, entities %d", len(ch.Mutating()), len(en.Mutating()))
	}
}

func TestConfirmOnlyLowercaseY(t *testing.T) {
	c := DefaultConfirm()
	if !slices.Equal(c.Yes.Keys(), []string{"y"}) {
		t.Fatalf("Yes keys = %v, want only y", c.Yes.Keys())
	}
	if key.Matches(tea.KeyMsg{Type: tea.KeyEnter}, c.Yes, c.No) {
		t.Fatal("enter must not answer a confirm dialog")
	}
}

func TestDetailViewport(t *testing.T) {
	d := DefaultDetail()
	vp := d.Viewport()
	j := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")}
	if !key.Matches(j, vp.Down) {
		t.Fatal("viewport Down does not match j")
	}
	space := tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" ")}
	for _, b := range []key.Binding{vp.HalfPageDown, vp.HalfPageUp, vp.Left, vp.Right} {
		if b.Enabled() {
			t.Fatalf("viewport binding %q should be unbound", b.Keys())
		}
	}
	if key.Matches(space, vp.PageDown) {
		t.Fatal("space should not page a detail view; it is not in the help")
	}
}

func TestSortLetter(t *testing.T) {
	taken := Letters(DefaultGlobal().Namespace, DefaultList().SortReverse, DefaultEvents().Silences, DefaultEvents().Resolve)
	tests := []struct {
		names []string
		want  string
	}{
		{[]string{"ENTITY"}, "E"},
		{[]string{"STATUS", "severity"}, "T"},           // S lists silences
		{[]string{"NAME"}, "A"},                         // N picks a namespace
		{[]string{"SEEN", "last seen"}, "E"},            // E is free here
		{[]string{"OCC", "occurrences"}, "C"},           // O reverses
		{[]string{"SNOR", "on"}, ""},                    // every letter taken
		{[]string{"not OK"}, "T"},                       // lower case counts as its letter
		{[]string{"1-2 #", "ok"}, "K"},                  // no letters in the title
		{[]string{"ÉTAT"}, "T"},                         // letters beyond A-Z are not keys
		{[]string{""}, ""},                              // nothing to take from
		{[]string{"ROS", "NOS", "SON", "rn", "x"}, "X"}, // the order's name comes last
	}
	for _, tc := range tests {
		if got := SortLetter(taken, tc.names...); got != tc.want {
			t.Errorf("SortLetter(%q) = %q, want %q", tc.names, got, tc.want)
		}
	}
	if got := Letters(DefaultTable().Bottom, DefaultGlobal().Quit); !reflect.DeepEqual(got, map[string]bool{"G": true}) {
		t.Errorf("Letters = %v, want only G (q and ctrl+c are not shift letters)", got)
	}
}
