package views

import (
	"github.com/sensu-tui/sensu-tui/client"
)

// NewNamespaces builds the namespaces view. The API gives a namespace a
// name only; N and :ns switch to one.
func NewNamespaces(env Env) *Resource[client.Namespace] {
	return newAdmin(env, adminSpec[client.Namespace]{
		name: "namespaces", noun: "namespaces", singular: "namespace", resource: client.Namespaces,
		meta: func(n client.Namespace) client.ObjectMeta { return client.ObjectMeta{Name: n.Name} },
		bare: true, field: "namespace",
		cells: func(client.Namespace) []string { return nil },
	})
}
