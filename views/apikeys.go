package views

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// APIKeys lists API keys, masked, and grants and revokes them.
type APIKeys struct {
	*Resource[client.APIKey]
	keys     keymap.APIKeys
	revealed string // the one key shown in clear, if any
}

// NewAPIKeys builds the API keys view.
func NewAPIKeys(env Env) *APIKeys {
	v := &APIKeys{keys: keymap.DefaultAPIKeys()}
	spec := Spec[client.APIKey]{
		Name:     "apikeys",
		Noun:     "API keys",
		Singular: "API key",
		Resource: client.APIKeys,
		Columns: []table.Column{
			{Title: "KEY", Width: 12, Flex: 3},
			{Title: "USERNAME", Width: 10, Flex: 2},
			{Title: "CREATED BY", Width: 10, Flex: 2},
			{Title: "CREATED", Width: 8, Flex: 1},
		},
		Key: func(k client.APIKey) string { return k.Metadata.Name },
		Cells: func(k client.APIKey, now time.Time) []table.Cell {
			return []table.Cell{
				{Text: v.display(k.Metadata.Name)},
				{Text: k.Username},
				{Text: k.Metadata.CreatedBy},
				{Text: ago(now, k.CreatedAt) + " ago"},
			}
		},
		Sorts: []Sort[client.APIKey]{
			{Name: "newest", Column: "CREATED", Compare: func(a, b client.APIKey) int {
				return cmp.Or(cmp.Compare(b.CreatedAt, a.CreatedAt), strings.Compare(a.Metadata.Name, b.Metadata.Name))
			}},
			{Name: "username", Column: "USERNAME", Compare: func(a, b client.APIKey) int { return strings.Compare(a.Username, b.Username) }},
		},
		Search: func(k client.APIKey) ([]string, string) { return []string{k.Username, k.Metadata.CreatedBy}, "" },
		Detail: func(k client.APIKey, now time.Time) string {
			return facts("Key", v.display(k.Metadata.Name), "Username", k.Username,
				"Created by", k.Metadata.CreatedBy, "Created", stamp(now, k.CreatedAt))
		},
		// Pages are titled by the owner and the masked key, not by the key.
		Title: func(k client.APIKey) string { return "API key " + v.display(k.Metadata.Name) + " of " + k.Username },
		// The raw view would print the secret: API keys have none.
	}
	v.Resource = NewResource(spec, env, keymap.DefaultTable().WithoutTopG()) // g grants here
	v.Extend(Extension{
		Keys:     v.onKey,
		Help:     []key.Binding{v.keys.Grant, v.keys.Revoke, v.keys.Reveal, v.keys.Copy},
		FullHelp: []key.Binding{v.keys.Grant, v.keys.Revoke, v.keys.Reveal, v.keys.Copy},
		Mutating: []key.Binding{v.keys.Grant, v.keys.Revoke},
		ListOnly: []key.Binding{v.keys.Grant},
	})
	return v
}

// display masks a key unless the user revealed it; the last four characters
// stay visible so keys can be told apart.
func (v *APIKeys) display(name string) string {
	if name == v.revealed {
		return name
	}
	return maskKey(name)
}

func maskKey(name string) string {
	if len(name) <= 4 {
		return strings.Repeat("•", len(name))
	}
	return strings.Repeat("•", 8) + "…" + name[len(name)-4:]
}

func (v *APIKeys) onKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, v.keys.Grant):
		g := newGrant(v)
		v.Ask(g)
		return g.init(), true
	case key.Matches(msg, v.keys.Revoke):
		return v.askRevoke(), true
	case key.Matches(msg, v.keys.Reveal):
		if k, ok := v.Selected(); ok {
			if v.revealed == k.Metadata.Name {
				v.revealed = ""
				return nil, true
			}
			v.revealed = k.Metadata.Name
			// The status line has room for the whole key where the column may not.
			return flash("Key of "+k.Username+": "+k.Metadata.Name, false), true
		}
		return nil, true
	case key.Matches(msg, v.keys.Copy):
		if k, ok := v.Selected(); ok {
			return copyCmd(k.Metadata.Name, "the API key of "+k.Username), true
		}
		return nil, true
	}
	return nil, false
}

func (v *APIKeys) askRevoke() tea.Cmd {
	keys := v.Selection()
	if len(keys) == 0 {
		return nil
	}
	owners := make([]string, len(keys))
	warning := ""
	for i, k := range keys {
		owners[i] = fmt.Sprintf("%s of user %q (created by %s)", maskKey(k.Metadata.Name), k.Username, k.Metadata.CreatedBy)
		if k.Metadata.Name == v.env.Client.APIKey() {
			warning = "This is the key this session uses: the dashboard will be logged out."
		}
	}
	body := "Revoke API key " + strings.Join(owners, ", ") + "? Anything using it loses access at once."
	v.Ask(newConfirm(v.env.Styles, "Revoke API key", body, warning, func() tea.Cmd {
		steps := make([]step, len(keys))
		for i, k := range keys {
			steps[i] = step{name: maskKey(k.Metadata.Name) + " of " + k.Username,
				do: func(ctx context.Context, c *client.Client) error { return c.RevokeAPIKey(ctx, k.Metadata.Name) }}
		}
		return v.run("revoke", "Revoked", steps, msgs.Created{})
	}))
	return nil
}
