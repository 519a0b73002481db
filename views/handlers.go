package views

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// NewHandlers builds the handlers view: what each handler does with the
// events it gets, after which filters and mutator.
func NewHandlers(env Env) *Resource[client.Handler] {
	return newAdmin(env, adminSpec[client.Handler]{
		name: "handlers", noun: "handlers", singular: "handler", resource: client.Handlers,
		field: "handler",
		meta:  func(h client.Handler) client.ObjectMeta { return h.Metadata },
		columns: []table.Column{
			{Title: "TYPE", Width: 4},
			{Title: "EXECUTE", Width: 14, Flex: 4},
			{Title: "FILTERS", Width: 10, Flex: 2},
			{Title: "MUTATOR", Width: 8, Flex: 1},
			{Title: "TIMEOUT", Width: 7, AlignRight: true},
		},
		cells: func(h client.Handler) []string {
			return []string{h.Type, executes(h), list(h.Filters), cmp.Or(h.Mutator, "-"), seconds(h.Timeout)}
		},
		facts: func(h client.Handler) []string {
			return []string{
				"Type", h.Type,
				"Command", cmp.Or(h.Command, "-"),
				"Handlers", lines(h.Handlers),
				"Socket", socket(h.Socket),
				"Filters", lines(h.Filters),
				"Mutator", cmp.Or(h.Mutator, "-"),
				"Timeout", seconds(h.Timeout),
				"Runtime assets", lines(h.RuntimeAssets),
				"Env vars", hiddenValues(h.EnvVars),
				"Secrets", secretRefs(h.Secrets),
			}
		},
		fields: func(h client.Handler) map[string]string {
			return map[string]string{"handler.type": h.Type, "handler.mutator": h.Mutator,
				"handler.filters": strings.Join(h.Filters, ","), "handler.handlers": strings.Join(h.Handlers, ",")}
		},
		search: func(h client.Handler) ([]string, string) {
			return append([]string{h.Type, h.Mutator}, append(h.Filters, h.Handlers...)...), h.Command
		},
	})
}

// executes is what a handler does, by its type: a pipe's command, a set's
// handlers, a socket's address.
func executes(h client.Handler) string {
	switch {
	case h.Command != "":
		return h.Command
	case len(h.Handlers) > 0:
		return strings.Join(h.Handlers, ",")
	case h.Socket != nil:
		return socket(h.Socket)
	}
	return "-"
}

func socket(s *client.HandlerSocket) string {
	if s == nil {
		return "-"
	}
	return s.Host + ":" + strconv.FormatUint(uint64(s.Port), 10)
}
