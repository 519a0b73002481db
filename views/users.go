package views

import (
	"strconv"
	"strings"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// NewUsers builds the users view: who may log in, and in which groups, which
// role bindings name.
func NewUsers(env Env) *Resource[client.User] {
	return newAdmin(env, adminSpec[client.User]{
		name: "users", noun: "users", singular: "user", resource: client.Users,
		meta: func(u client.User) client.ObjectMeta { return client.ObjectMeta{Name: u.Username} },
		bare: true, field: "user", nameField: "user.username", nameTitle: "USERNAME",
		columns: []table.Column{
			{Title: "GROUPS", Width: 12, Flex: 4},
			{Title: "DISABLED", Width: 8},
		},
		cells: func(u client.User) []string { return []string{list(u.Groups), yesNo(u.Disabled)} },
		facts: func(u client.User) []string {
			return []string{"Groups", lines(u.Groups), "Disabled", strconv.FormatBool(u.Disabled)}
		},
		fields: func(u client.User) map[string]string {
			return map[string]string{"user.disabled": strconv.FormatBool(u.Disabled), "user.groups": strings.Join(u.Groups, ",")}
		},
		search: func(u client.User) ([]string, string) { return u.Groups, "" },
	})
}
