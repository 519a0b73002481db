// Package keymap defines every key binding of sensu-tui with its help text.
// Each context has its own struct implementing help.KeyMap, so the help bar
// is built from the same bindings that Update matches, and a binding that
// does not apply is disabled rather than listed.
//
// Conventions: q and ctrl+c quit from the lists, q and esc close a detail
// or raw page, esc goes back (to the list, or to where a drill-down began)
// or cancels,
// and every confirm dialog answers to y (yes) and n or esc (no). Modal
// contexts (login, confirm, grant) capture all keys, so the global bindings
// are not active there.
package keymap

import (
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
)

// Global holds the bindings that work on every list view.
type Global struct {
	Quit      key.Binding
	Help      key.Binding
	Command   key.Binding
	Filter    key.Binding
	Namespace key.Binding
	Refresh   key.Binding
	Pause     key.Binding
	Back      key.Binding
}

// DefaultGlobal returns the global bindings.
func DefaultGlobal() Global {
	return Global{
		Quit:      key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Command:   key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "command")),
		Filter:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Namespace: key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "namespace")),
		Refresh:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Pause:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pause updates")),
		Back:      back(),
	}
}

// OnList returns the bindings as a list has them: esc is List.Clear
// there, which goes back only after a drill-down (see List).
func (g Global) OnList() Global {
	g.Back.SetEnabled(false)
	return g
}

// ShortHelp implements help.KeyMap.
func (g Global) ShortHelp() []key.Binding {
	return []key.Binding{g.Filter, g.Help, g.Quit}
}

// OnPage returns the bindings as they stand on a detail or raw page: q
// goes back to the list there (Detail.Back), so only ctrl+c quits, and
// the page's own Back replaces this one; / searches the page and N goes
// to the previous match (Detail), so neither filters the list nor picks a
// namespace.
func (g Global) OnPage() Global {
	g.Quit = key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit"))
	g.Back.SetEnabled(false)
	g.Filter.SetEnabled(false)
	g.Namespace.SetEnabled(false)
	return g
}

// BackTo is esc on a list that was reached by a drill-down: it names the
// view it returns to.
func (g Global) BackTo(view string) key.Binding {
	return key.NewBinding(key.WithKeys(g.Back.Keys()...), key.WithHelp(g.Back.Help().Key, "back to "+view))
}

// FullHelp implements help.KeyMap; the view keys come from the views (see ViewKey).
func (g Global) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{g.Filter, g.Command, g.Namespace, g.Refresh, g.Pause},
		{g.Back, g.Help, g.Quit},
	}
}

// ViewKey is the number key that shows a view: "1" for the first tab.
func ViewKey(number int, name string) key.Binding {
	n := strconv.Itoa(number)
	return key.NewBinding(key.WithKeys(n), key.WithHelp(n, name))
}

// Table holds the navigation bindings of every list table. Details is
// enter: it opens the row's detail page, or, in a view that drills down
// (see DrillsDown), lists the row's events.
type Table struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Details  key.Binding
}

// DefaultTable returns the table navigation bindings.
func DefaultTable() Table {
	s := defaultScroll()
	return Table{
		Up:       s.up,
		Down:     s.down,
		PageUp:   s.pageUp,
		PageDown: s.pageDown,
		Top:      s.top,
		Bottom:   s.bottom,
		Details:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
	}
}

// WithoutTopG returns the bindings with Top on home only, for views where
// g means something else (grant on the API keys view).
func (t Table) WithoutTopG() Table {
	t.Top = key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "top"))
	return t
}

// DrillsDown returns the bindings with enter described as what it opens
// in a view that drills down ("its events"); List.Detail opens the detail
// page there.
func (t Table) DrillsDown(what string) Table {
	t.Details = key.NewBinding(key.WithKeys(t.Details.Keys()...), key.WithHelp(t.Details.Help().Key, what))
	return t
}

// ShortHelp implements help.KeyMap.
func (t Table) ShortHelp() []key.Binding {
	return []key.Binding{t.Up, t.Down, t.Details}
}

// FullHelp implements help.KeyMap.
func (t Table) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{t.Up, t.Down, t.PageUp, t.PageDown},
		{t.Top, t.Bottom, t.Details},
	}
}

// APIKeys holds the bindings specific to the API keys view. Grant takes g,
// so that view navigates with Table.WithoutTopG.
type APIKeys struct {
	Grant  key.Binding
	Revoke key.Binding
	Reveal key.Binding
	Copy   key.Binding
}

// DefaultAPIKeys returns the API keys view bindings.
func DefaultAPIKeys() APIKeys {
	return APIKeys{
		Grant:  key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "grant key")),
		Revoke: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "revoke key")),
		Reveal: key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "reveal key")),
		Copy:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy key (OSC52)")),
	}
}

// ShortHelp implements help.KeyMap.
func (a APIKeys) ShortHelp() []key.Binding {
	return []key.Binding{a.Grant, a.Revoke, a.Reveal, a.Copy}
}

// FullHelp implements help.KeyMap.
func (a APIKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{a.Grant, a.Revoke}, {a.Reveal, a.Copy}}
}

// Confirm holds the answers of every confirm dialog. Only Yes confirms;
// enter is deliberately not bound, so a stray enter cannot destroy anything.
type Confirm struct {
	Yes key.Binding
	No  key.Binding
}

// DefaultConfirm returns the confirm dialog bindings.
func DefaultConfirm() Confirm {
	return Confirm{
		Yes: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "confirm")),
		No:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "cancel")),
	}
}

// ShortHelp implements help.KeyMap.
func (c Confirm) ShortHelp() []key.Binding { return []key.Binding{c.Yes, c.No} }

// FullHelp implements help.KeyMap.
func (c Confirm) FullHelp() [][]key.Binding { return [][]key.Binding{{c.Yes, c.No}} }

// Login holds the bindings of the login form. Its fields take typed text,
// so only non-printing keys are bound.
type Login struct {
	Next       key.Binding
	Prev       key.Binding
	Submit     key.Binding
	SwitchMode key.Binding
	Save       key.Binding
	Quit       key.Binding
}

// DefaultLogin returns the login form bindings.
func DefaultLogin() Login {
	return Login{
		Next:       key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		Prev:       key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Submit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "log in")),
		SwitchMode: key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "password/API key")),
		Save:       key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "toggle save profile")),
		Quit:       key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// ShortHelp implements help.KeyMap.
func (l Login) ShortHelp() []key.Binding {
	return []key.Binding{l.Next, l.Submit, l.SwitchMode, l.Save, l.Quit}
}

// FullHelp implements help.KeyMap.
func (l Login) FullHelp() [][]key.Binding {
	return [][]key.Binding{{l.Next, l.Prev, l.Submit}, {l.SwitchMode, l.Save, l.Quit}}
}

// Detail holds the bindings of a detail or raw page. Back is esc or q:
// both return to the list (ctrl+c still quits), except that while a
// search's matches are shown esc clears the search first (Searching).
type Detail struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Back     key.Binding
	// Search, Next and Prev find text in the page, as less does; on a page
	// they take / and N from the list (Global.OnPage).
	Search key.Binding
	Next   key.Binding
	Prev   key.Binding
	// ClearSearch is esc while a search is shown; off until then.
	ClearSearch key.Binding
}

// DefaultDetail returns the detail page bindings.
func DefaultDetail() Detail {
	s := defaultScroll()
	return Detail{
		Up:       s.up,
		Down:     s.down,
		PageUp:   s.pageUp,
		PageDown: s.pageDown,
		Top:      s.top,
		Bottom:   s.bottom,
		Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", "back")),
		Search:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Next:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		Prev:     key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		ClearSearch: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear the search"),
			key.WithDisabled()),
	}
}

// Searching returns the bindings as they stand while a search's matches
// are shown: esc clears the search, and only q goes back at once.
func (d Detail) Searching() Detail {
	d.Back = key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "back"))
	d.ClearSearch.SetEnabled(true)
	return d
}

// Viewport returns a bubbles viewport key map that scrolls with these
// bindings; its other bindings are left unbound so the viewport acts on no
// key this package does not list. Top and Bottom are the caller's to handle
// (viewport.GotoTop and GotoBottom).
func (d Detail) Viewport() viewport.KeyMap {
	return viewport.KeyMap{
		Up:       d.Up,
		Down:     d.Down,
		PageUp:   d.PageUp,
		PageDown: d.PageDown,
	}
}

// ShortHelp implements help.KeyMap.
func (d Detail) ShortHelp() []key.Binding {
	return []key.Binding{d.Up, d.Down, d.Search, d.Back}
}

// FullHelp implements help.KeyMap.
func (d Detail) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{d.Up, d.Down, d.PageUp, d.PageDown},
		{d.Top, d.Bottom, d.Back},
		{d.Search, d.Next, d.Prev, d.ClearSearch},
	}
}

// Grant holds the bindings of the grant API key dialog. It has three
// phases: choosing a user (Submit, Next, Prev, Cancel), confirming the
// grant (Yes, Back: only y grants, as in every confirm) and, once the new
// key is shown, Copy and Close. SetPhase enables the bindings of one phase
// and disables the others', so help lists only what works.
type Grant struct {
	Submit key.Binding
	Next   key.Binding
	Prev   key.Binding
	Cancel key.Binding
	Yes    key.Binding
	Back   key.Binding
	Copy   key.Binding
	Close  key.Binding
}

// GrantPhase is one step of the grant dialog.
type GrantPhase int

// The grant dialog's phases, in order.
const (
	GrantChoosing GrantPhase = iota
	GrantConfirming
	GrantShown
)

// DefaultGrant returns the grant dialog bindings in the choosing phase.
func DefaultGrant() Grant {
	g := Grant{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "review")),
		Next:   key.NewBinding(key.WithKeys("down", "tab"), key.WithHelp("↓/tab", "next suggestion")),
		Prev:   key.NewBinding(key.WithKeys("up", "shift+tab"), key.WithHelp("↑/shift+tab", "previous suggestion")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Yes:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "grant")),
		Back:   key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "back to the user")),
		Copy:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy key (OSC52)")),
		Close:  key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter/esc", "close")),
	}
	g.SetPhase(GrantChoosing)
	return g
}

// SetPhase enables the bindings of phase p only.
func (g *Grant) SetPhase(p GrantPhase) {
	for _, b := range []*key.Binding{&g.Submit, &g.Next, &g.Prev, &g.Cancel} {
		b.SetEnabled(p == GrantChoosing)
	}
	for _, b := range []*key.Binding{&g.Yes, &g.Back} {
		b.SetEnabled(p == GrantConfirming)
	}
	for _, b := range []*key.Binding{&g.Copy, &g.Close} {
		b.SetEnabled(p == GrantShown)
	}
}

// ShortHelp implements help.KeyMap.
func (g Grant) ShortHelp() []key.Binding {
	return []key.Binding{g.Submit, g.Next, g.Cancel, g.Yes, g.Back, g.Copy, g.Close}
}

// FullHelp implements help.KeyMap.
func (g Grant) FullHelp() [][]key.Binding {
	return [][]key.Binding{{g.Submit, g.Next, g.Prev, g.Cancel}, {g.Yes, g.Back}, {g.Copy, g.Close}}
}

// FilterPrompt holds the keys of the filter prompt, which takes typed
// text: the filter applies as it is typed.
type FilterPrompt struct {
	Keep  key.Binding
	Clear key.Binding
}

// DefaultFilterPrompt returns the filter prompt bindings.
func DefaultFilterPrompt() FilterPrompt {
	return FilterPrompt{
		Keep:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep the filter")),
		Clear: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear it")),
	}
}

// ShortHelp implements help.KeyMap.
func (f FilterPrompt) ShortHelp() []key.Binding { return []key.Binding{f.Keep, f.Clear} }

// FullHelp implements help.KeyMap.
func (f FilterPrompt) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// SearchPrompt holds the keys of a page's search while it is typed; the
// page finds the text as it is typed.
type SearchPrompt struct {
	Find   key.Binding
	Cancel key.Binding
}

// DefaultSearchPrompt returns the search prompt bindings.
func DefaultSearchPrompt() SearchPrompt {
	return SearchPrompt{
		Find:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel the search")),
	}
}

// ShortHelp implements help.KeyMap.
func (s SearchPrompt) ShortHelp() []key.Binding { return []key.Binding{s.Find, s.Cancel} }

// FullHelp implements help.KeyMap.
func (s SearchPrompt) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// CommandPrompt holds the keys of the : prompt, which takes typed text.
type CommandPrompt struct {
	Complete key.Binding
	Back     key.Binding
	Run      key.Binding
	Cancel   key.Binding
}

// DefaultCommandPrompt returns the command prompt bindings.
func DefaultCommandPrompt() CommandPrompt {
	return CommandPrompt{
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete, again: next")),
		Back:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
		Run:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp implements help.KeyMap.
func (c CommandPrompt) ShortHelp() []key.Binding { return []key.Binding{c.Complete, c.Run, c.Cancel} }

// FullHelp implements help.KeyMap.
func (c CommandPrompt) FullHelp() [][]key.Binding {
	return [][]key.Binding{{c.Complete, c.Back, c.Run, c.Cancel}}
}

// scroll is the movement set shared by tables and detail pages, so both
// move the same way.
type scroll struct {
	up, down, pageUp, pageDown, top, bottom key.Binding
}

func defaultScroll() scroll {
	return scroll{
		up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		pageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup/ctrl+b", "page up")),
		pageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn/ctrl+f", "page down")),
		top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "top")),
		bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "bottom")),
	}
}

func back() key.Binding {
	return key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))
}
