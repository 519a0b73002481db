package views

import (
	"slices"
	"strings"
)

// Entry is one resource view of the dashboard: everything the tabs, the
// number keys, the : commands, --view and the help need to know of it.
type Entry struct {
	// Name is the view's name, its :command and its tab label.
	Name string
	// Aliases are other :commands that open it.
	Aliases []string
	// Number is its number key and tab, 1 to 9; 0 for a view reached by
	// :command only.
	Number int
	// About says in a few words what the view lists, for help.
	About string
	// New builds the view.
	New func(Env) View
}

// registry lists every view, tabs first in number order.
var registry = []Entry{
	{Name: "events", Aliases: []string{"event", "ev", "e"}, Number: 1, About: "what is failing, worst first",
		New: func(env Env) View { return NewEvents(env) }},
	{Name: "checks", Aliases: []string{"check", "ch", "c"}, Number: 2, About: "check definitions",
		New: func(env Env) View { return NewChecks(env) }},
	{Name: "apikeys", Aliases: []string{"apikey", "keys", "ak"}, Number: 3, About: "API keys: grant and revoke",
		New: func(env Env) View { return NewAPIKeys(env) }},
	{Name: "entities", Aliases: []string{"entity", "ent", "en"}, Number: 4, About: "agents and proxy entities",
		New: func(env Env) View { return NewEntities(env) }},
	{Name: "silences", Aliases: []string{"silenced", "silence", "sil"}, Number: 5, About: "silences: clear them",
		New: func(env Env) View { return NewSilences(env) }},
}

// Registry is every view, tabs first in number order.
func Registry() []Entry { return slices.Clone(registry) }

// Find looks a view up by name or alias, ignoring case.
func Find(name string) (Entry, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, e := range registry {
		if e.Name == name || slices.Contains(e.Aliases, name) {
			return e, true
		}
	}
	return Entry{}, false
}

// Names is the name of every view, in registry order.
func Names() []string {
	out := make([]string, len(registry))
	for i, e := range registry {
		out[i] = e.Name
	}
	return out
}
