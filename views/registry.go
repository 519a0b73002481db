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
	// Read-only views of the configuration, reached by :command. Aliases
	// are sensuctl's command names and the short names of k9s.
	{Name: "handlers", Aliases: []string{"handler", "hd"}, About: "what is done with events",
		New: func(env Env) View { return NewHandlers(env) }},
	{Name: "filters", Aliases: []string{"filter", "ef"}, About: "event filters: which events handlers get",
		New: func(env Env) View { return NewEventFilters(env) }},
	{Name: "mutators", Aliases: []string{"mutator", "mut"}, About: "events rewritten for handlers",
		New: func(env Env) View { return NewMutators(env) }},
	{Name: "assets", Aliases: []string{"asset"}, About: "plugin archives agents download",
		New: func(env Env) View { return NewAssets(env) }},
	{Name: "hooks", Aliases: []string{"hook"}, About: "commands agents run after checks",
		New: func(env Env) View { return NewHooks(env) }},
	{Name: "users", Aliases: []string{"user"}, About: "users and their groups",
		New: func(env Env) View { return NewUsers(env) }},
	{Name: "roles", Aliases: []string{"role", "ro"}, About: "rules in one namespace",
		New: func(env Env) View { return NewRoles(env) }},
	{Name: "rolebindings", Aliases: []string{"rolebinding", "rb"}, About: "who gets a role",
		New: func(env Env) View { return NewRoleBindings(env) }},
	{Name: "clusterroles", Aliases: []string{"clusterrole", "cr"}, About: "rules in every namespace",
		New: func(env Env) View { return NewClusterRoles(env) }},
	{Name: "clusterrolebindings", Aliases: []string{"clusterrolebinding", "crb"}, About: "who gets a cluster role",
		New: func(env Env) View { return NewClusterRoleBindings(env) }},
	// :ns and :namespace switch namespaces; this view is :namespaces only.
	{Name: "namespaces", About: "every namespace (N or :ns switches)",
		New: func(env Env) View { return NewNamespaces(env) }},
}

// Registry is every view, tabs first in number order.
func Registry() []Entry { return slices.Clone(registry) }

// Find looks a view up by name or alias, ignoring case and hyphens, so
// sensuctl's names (cluster-role-binding) work too.
func Find(name string) (Entry, bool) {
	name = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "-", "")
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
