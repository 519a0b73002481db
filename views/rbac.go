package views

import (
	"cmp"
	"strings"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// Roles and cluster roles have one shape, as do role bindings and cluster
// role bindings: one constructor each serves both, by the spec it is given.

// NewRoles builds the roles view: what each role allows in its namespace.
func NewRoles(env Env) *Resource[client.Role] {
	return newRoleView(env, "roles", "roles", "role", client.Roles, "role")
}

// NewClusterRoles builds the cluster roles view: what each allows in every
// namespace and over cluster-wide resources.
func NewClusterRoles(env Env) *Resource[client.ClusterRole] {
	return newRoleView(env, "clusterroles", "cluster roles", "cluster role", client.ClusterRoles, "clusterrole")
}

// NewRoleBindings builds the role bindings view: who gets which role in its namespace.
func NewRoleBindings(env Env) *Resource[client.RoleBinding] {
	return newBindingView(env, "rolebindings", "role bindings", "role binding", client.RoleBindings, "rolebinding", false)
}

// NewClusterRoleBindings builds the cluster role bindings view: who gets
// which cluster role everywhere.
func NewClusterRoleBindings(env Env) *Resource[client.ClusterRoleBinding] {
	return newBindingView(env, "clusterrolebindings", "cluster role bindings", "cluster role binding", client.ClusterRoleBindings, "clusterrolebinding", true)
}

func newRoleView(env Env, name, noun, singular string, r client.Resource, field string) *Resource[client.Role] {
	return newAdmin(env, adminSpec[client.Role]{
		name: name, noun: noun, singular: singular, resource: r, field: field,
		meta:    func(role client.Role) client.ObjectMeta { return role.Metadata },
		columns: []table.Column{{Title: "RULES", Width: 24, Flex: 6}},
		cells:   func(role client.Role) []string { return []string{ruleSummary(role.Rules, "; ")} },
		facts:   func(role client.Role) []string { return []string{"Rules", cmp.Or(ruleSummary(role.Rules, "\n"), "-")} },
		search: func(role client.Role) ([]string, string) {
			var words []string
			for _, rule := range role.Rules {
				words = append(append(words, rule.Verbs...), rule.Resources...)
			}
			return words, ""
		},
	})
}

// ruleSummary is each rule as "verbs on resources", joined by sep:
// "get,list on checks,entities; * on events".
func ruleSummary(rules []client.Rule, sep string) string {
	out := make([]string, len(rules))
	for i, rule := range rules {
		out[i] = strings.Join(rule.Verbs, ",") + " on " + strings.Join(rule.Resources, ",")
		if len(rule.ResourceNames) > 0 {
			out[i] += " named " + strings.Join(rule.ResourceNames, ",")
		}
	}
	return strings.Join(out, sep)
}

// newBindingView builds a bindings view. A cluster role binding can only
// name a cluster role, so its list shows the role's name alone; a role
// binding may name a role or a cluster role, so its list says which.
func newBindingView(env Env, name, noun, singular string, r client.Resource, field string, clusterWide bool) *Resource[client.RoleBinding] {
	roleTitle, roleCell := "ROLE", roleRef
	if clusterWide {
		roleTitle, roleCell = "CLUSTER ROLE", func(r client.RoleRef) string { return r.Name }
	}
	return newAdmin(env, adminSpec[client.RoleBinding]{
		name: name, noun: noun, singular: singular, resource: r, field: field,
		meta: func(b client.RoleBinding) client.ObjectMeta { return b.Metadata },
		columns: []table.Column{
			{Title: roleTitle, Width: 14, Flex: 2},
			{Title: "SUBJECTS", Width: 14, Flex: 3},
		},
		cells: func(b client.RoleBinding) []string {
			return []string{roleCell(b.RoleRef), cmp.Or(strings.Join(subjects(b.Subjects), ", "), "-")}
		},
		facts: func(b client.RoleBinding) []string {
			return []string{"Role", roleRef(b.RoleRef), "Subjects", lines(subjects(b.Subjects))}
		},
		fields: func(b client.RoleBinding) map[string]string {
			return map[string]string{field + ".role_ref.name": b.RoleRef.Name, field + ".role_ref.type": b.RoleRef.Type}
		},
		search: func(b client.RoleBinding) ([]string, string) {
			words := []string{b.RoleRef.Name}
			for _, s := range b.Subjects {
				words = append(words, s.Name)
			}
			return words, ""
		},
	})
}

// roleRef is "ClusterRole/view", as kubectl writes it.
func roleRef(r client.RoleRef) string { return r.Type + "/" + r.Name }

// subjects are "Group/ops", "User/viewer".
func subjects(subs []client.Subject) []string {
	out := make([]string, len(subs))
	for i, s := range subs {
		out[i] = s.Type + "/" + s.Name
	}
	return out
}
