package views

import (
	"cmp"
	"strings"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// NewMutators builds the mutators view: the command or JavaScript that
// rewrites events before a handler gets them.
func NewMutators(env Env) *Resource[client.Mutator] {
	return newAdmin(env, adminSpec[client.Mutator]{
		name: "mutators", noun: "mutators", singular: "mutator", resource: client.Mutators,
		field: "mutator",
		meta:  func(m client.Mutator) client.ObjectMeta { return m.Metadata },
		columns: []table.Column{
			{Title: "TYPE", Width: 10},
			{Title: "COMMAND / EVAL", Width: 16, Flex: 5},
			{Title: "TIMEOUT", Width: 7, AlignRight: true},
		},
		cells: func(m client.Mutator) []string {
			return []string{mutatorType(m), cmp.Or(m.Command, m.Eval, "-"), seconds(m.Timeout)}
		},
		facts: func(m client.Mutator) []string {
			return []string{
				"Type", mutatorType(m),
				"Command", cmp.Or(m.Command, "-"),
				"Eval", cmp.Or(m.Eval, "-"),
				"Timeout", seconds(m.Timeout),
				"Runtime assets", lines(m.RuntimeAssets),
				"Env vars", hiddenValues(m.EnvVars),
				"Secrets", secretRefs(m.Secrets),
			}
		},
		fields: func(m client.Mutator) map[string]string {
			return map[string]string{"mutator.runtime_assets": strings.Join(m.RuntimeAssets, ",")}
		},
		search: func(m client.Mutator) ([]string, string) {
			return append([]string{mutatorType(m)}, m.RuntimeAssets...), m.Command + "\n" + m.Eval
		},
	})
}

// mutatorType names the type Sensu gives a mutator without one.
func mutatorType(m client.Mutator) string { return cmp.Or(m.Type, "pipe") }
