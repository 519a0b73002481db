package views

import (
	"strconv"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// NewHooks builds the hooks view: the commands agents run after a check to
// add context to its result.
func NewHooks(env Env) *Resource[client.Hook] {
	return newAdmin(env, adminSpec[client.Hook]{
		name: "hooks", noun: "hooks", singular: "hook", resource: client.Hooks,
		field: "hook",
		meta:  func(h client.Hook) client.ObjectMeta { return h.Metadata },
		columns: []table.Column{
			{Title: "COMMAND", Width: 20, Flex: 5},
			{Title: "TIMEOUT", Width: 7, AlignRight: true},
			{Title: "STDIN", Width: 5},
		},
		cells: func(h client.Hook) []string { return []string{h.Command, seconds(h.Timeout), yesNo(h.Stdin)} },
		facts: func(h client.Hook) []string {
			return []string{"Command", h.Command, "Timeout", seconds(h.Timeout),
				"Stdin", strconv.FormatBool(h.Stdin), "Runtime assets", lines(h.RuntimeAssets)}
		},
		search: func(h client.Hook) ([]string, string) { return h.RuntimeAssets, h.Command },
	})
}

// yesNo is a flag as a list shows it.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
