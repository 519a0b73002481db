package keymap

import "github.com/charmbracelet/bubbles/key"

// List holds the bindings every resource list has beyond navigation.
// Clear is esc on a list: it clears the marks first, then goes back to
// where a drill-down to the list began (ClearGoesBack), or else clears the
// filter.
type List struct {
	Detail      key.Binding
	Mark        key.Binding
	Raw         key.Binding
	SortNext    key.Binding
	SortReverse key.Binding
	Clear       key.Binding
}

// DefaultList returns the list bindings.
func DefaultList() List {
	return List{
		Detail:      key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "details")),
		Mark:        key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "mark row")),
		Raw:         key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "raw JSON/YAML")),
		SortNext:    key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort by next column")),
		SortReverse: key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "reverse sort")),
		Clear:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear marks, then the filter")),
	}
}

// ClearGoesBack returns the bindings with esc described as it works on a
// list that a drill-down from view led to: after the marks, it goes back.
func (l List) ClearGoesBack(view string) List {
	l.Clear = key.NewBinding(key.WithKeys(l.Clear.Keys()...), key.WithHelp(l.Clear.Help().Key, "clear marks, then back to "+view))
	return l
}

// ShortHelp implements help.KeyMap.
func (l List) ShortHelp() []key.Binding { return []key.Binding{l.Detail, l.Mark, l.Raw} }

// FullHelp implements help.KeyMap.
func (l List) FullHelp() [][]key.Binding {
	return [][]key.Binding{{l.Detail, l.Mark, l.Raw, l.SortNext, l.SortReverse, l.Clear}}
}

// Events holds the events view's own bindings: the status scope, the
// actions on the selected or marked events, and the jumps from an event to
// its entity and its check.
type Events struct {
	Scope    key.Binding
	Resolve  key.Binding
	Silence  key.Binding
	Silences key.Binding
	Rerun    key.Binding
	Delete   key.Binding
	Entity   key.Binding
	Check    key.Binding
}

// DefaultEvents returns the events view bindings.
func DefaultEvents() Events {
	return Events{
		Scope:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "all/not passing/critical/silenced")),
		Resolve:  key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "resolve")),
		Silence:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "silence")),
		Silences: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "list silences")),
		Rerun:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "re-run check")),
		Delete:   key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "delete event")),
		Entity:   key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "go to entity")),
		Check:    key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "go to check")),
	}
}

// Mutating lists the bindings that change the server, for read-only mode.
func (e Events) Mutating() []key.Binding {
	return []key.Binding{e.Resolve, e.Silence, e.Rerun, e.Delete}
}

// ShortHelp implements help.KeyMap.
func (e Events) ShortHelp() []key.Binding {
	return []key.Binding{e.Scope, e.Resolve, e.Silence, e.Rerun}
}

// FullHelp implements help.KeyMap.
func (e Events) FullHelp() [][]key.Binding {
	return [][]key.Binding{{e.Scope, e.Silences, e.Entity, e.Check}, {e.Resolve, e.Silence, e.Rerun, e.Delete}}
}

// Checks holds the checks view's actions on the selected or marked checks,
// on the same keys as the events view's where they mean the same.
type Checks struct {
	Execute key.Binding
	Silence key.Binding
	Publish key.Binding
	Delete  key.Binding
}

// DefaultChecks returns the checks view bindings.
func DefaultChecks() Checks {
	return Checks{
		Execute: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "execute check")),
		Silence: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "silence check")),
		Publish: key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "publish/unpublish")),
		Delete:  key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "delete check")),
	}
}

// Mutating lists the bindings that change the server, for read-only mode.
func (c Checks) Mutating() []key.Binding {
	return []key.Binding{c.Execute, c.Silence, c.Publish, c.Delete}
}

// ShortHelp implements help.KeyMap.
func (c Checks) ShortHelp() []key.Binding { return []key.Binding{c.Execute, c.Silence, c.Publish} }

// FullHelp implements help.KeyMap.
func (c Checks) FullHelp() [][]key.Binding {
	return [][]key.Binding{{c.Execute, c.Silence, c.Publish, c.Delete}}
}

// Entities holds the entities view's actions on the selected or marked entities.
type Entities struct {
	Silence key.Binding
	Delete  key.Binding
}

// DefaultEntities returns the entities view bindings.
func DefaultEntities() Entities {
	return Entities{
		Silence: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "silence entity")),
		Delete:  key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "delete entity")),
	}
}

// Mutating lists the bindings that change the server, for read-only mode.
func (e Entities) Mutating() []key.Binding { return []key.Binding{e.Silence, e.Delete} }

// ShortHelp implements help.KeyMap.
func (e Entities) ShortHelp() []key.Binding { return []key.Binding{e.Silence, e.Delete} }

// FullHelp implements help.KeyMap.
func (e Entities) FullHelp() [][]key.Binding { return [][]key.Binding{{e.Silence, e.Delete}} }

// Silences holds the silences view's bindings.
type Silences struct {
	Clear key.Binding
}

// DefaultSilences returns the silences view bindings.
func DefaultSilences() Silences {
	return Silences{Clear: key.NewBinding(key.WithKeys("x", "ctrl+d"), key.WithHelp("x", "clear silence"))}
}

// Raw holds the bindings of the raw JSON/YAML page.
type Raw struct {
	Format key.Binding
	Copy   key.Binding
}

// DefaultRaw returns the raw page bindings.
func DefaultRaw() Raw {
	return Raw{
		Format: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "JSON/YAML")),
		Copy:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy (OSC52)")),
	}
}

// Picker holds the bindings of a list picker (namespaces, contexts, choices).
type Picker struct {
	Up     key.Binding
	Down   key.Binding
	Choose key.Binding
	Cancel key.Binding
}

// DefaultPicker returns the picker bindings.
func DefaultPicker() Picker {
	return Picker{
		// Pickers take typed text, so only arrows and tab move.
		Up:     key.NewBinding(key.WithKeys("up", "shift+tab"), key.WithHelp("↑", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "tab"), key.WithHelp("↓", "down")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp implements help.KeyMap.
func (p Picker) ShortHelp() []key.Binding { return []key.Binding{p.Up, p.Down, p.Choose, p.Cancel} }

// FullHelp implements help.KeyMap.
func (p Picker) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// Form holds the bindings of a small form with choice rows and text
// fields, such as the silence dialog.
type Form struct {
	Next   key.Binding
	Prev   key.Binding
	Left   key.Binding
	Right  key.Binding
	Submit key.Binding
	Cancel key.Binding
}

// DefaultForm returns the form bindings.
func DefaultForm() Form {
	return Form{
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Left:   key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "previous option")),
		Right:  key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "next option")),
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "review")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp implements help.KeyMap.
func (f Form) ShortHelp() []key.Binding {
	return []key.Binding{f.Next, f.Right, f.Submit, f.Cancel}
}

// FullHelp implements help.KeyMap.
func (f Form) FullHelp() [][]key.Binding {
	return [][]key.Binding{{f.Next, f.Prev, f.Left, f.Right}, {f.Submit, f.Cancel}}
}
