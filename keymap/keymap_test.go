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

func shownGrant() Grant {
	g := DefaultGrant()
	g.SetShown(true)
	return g
}

// TestNoClashes checks that within each context no key triggers two
// different actions. The same action reachable from two structs (Detail.Back
// and Global.Back) shares its help text and is not a clash.
func TestNoClashes(t *testing.T) {
	contexts := map[string][]named{
		"events list": slices.Concat(fields(DefaultGlobal()), fields(DefaultTable()), fields(DefaultList()), fields(DefaultEvents())),
		"checks list": slices.Concat(fields(DefaultGlobal()), fields(DefaultTable().DrillsDown("its events")), fields(DefaultList())),
		"api keys list": slices.Concat(
			fields(DefaultGlobal()), fields(DefaultTable().WithoutTopG()), fields(DefaultList()), fields(DefaultAPIKeys())),
		"silences list": slices.Concat(fields(DefaultGlobal()), fields(DefaultTable()), fields(DefaultList()), fields(DefaultSilences())),
		"detail":        slices.Concat(fields(DefaultGlobal().OnPage()), fields(DefaultDetail()), onDetail(DefaultList().Raw)),
		"event detail": slices.Concat(fields(DefaultGlobal().OnPage()), fields(DefaultDetail()), onDetail(DefaultList().Raw),
			withoutScope(DefaultEvents())),
		"entity detail": slices.Concat(fields(DefaultGlobal().OnPage()), fields(DefaultDetail()), onDetail(DefaultList().Raw),
			onDetail(DefaultTable().DrillsDown("its events").Details)),
		"api key detail": slices.Concat(fields(DefaultGlobal().OnPage()), fields(DefaultDetail()), withoutGrant(DefaultAPIKeys())),
		"silence detail": slices.Concat(fields(DefaultGlobal().OnPage()), fields(DefaultDetail()), fields(DefaultSilences())),
		"raw":            slices.Concat(fields(DefaultGlobal().OnPage()), fields(DefaultDetail()), fields(DefaultRaw()), withoutScope(DefaultEvents())),
		"confirm":        fields(DefaultConfirm()),
		"choice":         append(fields(DefaultConfirm()), named{"Picker.Up", DefaultPicker().Up}, named{"Picker.Down", DefaultPicker().Down}),
		"picker":         fields(DefaultPicker()),
		"form":           fields(DefaultForm()),
		"login":          fields(DefaultLogin()),
		"grant choose":   fields(DefaultGrant()),
		"grant shown":    fields(shownGrant()),
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
		"list":            DefaultList(),
		"picker":          DefaultPicker(),
		"form":            DefaultForm(),
		"apikeys":         DefaultAPIKeys(),
		"confirm":         DefaultConfirm(),
		"login":           DefaultLogin(),
		"detail":          DefaultDetail(),
		"grant choose":    DefaultGrant(),
		"grant shown":     shownGrant(),
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
	c := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("c")}

	g := DefaultGrant()
	if !key.Matches(enter, g.Submit) || key.Matches(enter, g.Close) || key.Matches(c, g.Copy) {
		t.Fatal("choosing phase: enter must submit, and close/copy must be off")
	}
	g.SetShown(true)
	if key.Matches(enter, g.Submit) || !key.Matches(enter, g.Close) || !key.Matches(c, g.Copy) {
		t.Fatal("shown phase: enter must close, c must copy, submit must be off")
	}
	g.SetShown(false)
	if !key.Matches(enter, g.Submit) || key.Matches(c, g.Copy) {
		t.Fatal("back to choosing phase did not restore the bindings")
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
