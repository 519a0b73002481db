package views

import (
	"strings"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// NewEventFilters builds the event filters view: whether each filter lets
// events through or stops them, and when.
func NewEventFilters(env Env) *Resource[client.EventFilter] {
	return newAdmin(env, adminSpec[client.EventFilter]{
		name: "filters", noun: "event filters", singular: "event filter", resource: client.Filters,
		field: "filter",
		meta:  func(f client.EventFilter) client.ObjectMeta { return f.Metadata },
		columns: []table.Column{
			{Title: "ACTION", Width: 6},
			{Title: "EXPRESSIONS", Width: 20, Flex: 5},
		},
		cells: func(f client.EventFilter) []string { return []string{f.Action, expressions(f.Expressions)} },
		facts: func(f client.EventFilter) []string {
			return []string{"Action", f.Action, "Expressions", lines(f.Expressions), "Runtime assets", lines(f.RuntimeAssets)}
		},
		fields: func(f client.EventFilter) map[string]string {
			return map[string]string{"filter.action": f.Action, "filter.runtime_assets": strings.Join(f.RuntimeAssets, ",")}
		},
		search: func(f client.EventFilter) ([]string, string) {
			return append([]string{f.Action}, f.RuntimeAssets...), strings.Join(f.Expressions, "\n")
		},
	})
}

// expressions joins a filter's expressions as Sensu reads them: all must hold.
func expressions(exprs []string) string {
	if len(exprs) == 0 {
		return "-"
	}
	return strings.Join(exprs, " && ")
}
