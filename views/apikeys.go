package views

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/modal"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// APIKeys lists API keys, masked, and grants and revokes them.
type APIKeys struct {
	*Resource[client.APIKey]
	keys     keymap.APIKeys
	revealed string // the one key shown in clear, if any
	grant    *grant
	confirm  *modal.Confirm
}

// revokedMsg reports the end of a revoke.
type revokedMsg struct {
	key, owner string
	err        error
}

// NewAPIKeys builds the API keys view.
func NewAPIKeys(env Env) *APIKeys {
	v := &APIKeys{keys: keymap.DefaultAPIKeys()}
	nav := keymap.DefaultTable().WithoutTopG() // g grants here
	spec := Spec[client.APIKey]{
		Name:     "apikeys",
		Noun:     "API keys",
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
		Less: func(a, b client.APIKey) bool {
			if a.CreatedAt != b.CreatedAt {
				return a.CreatedAt > b.CreatedAt
			}
			return a.Metadata.Name < b.Metadata.Name
		},
		Text: func(k client.APIKey) string { return k.Username + "\x00" + k.Metadata.CreatedBy },
		Detail: func(k client.APIKey, now time.Time) string {
			return facts("Key", v.display(k.Metadata.Name), "Username", k.Username,
				"Created by", k.Metadata.CreatedBy, "Created", stamp(now, k.CreatedAt))
		},
	}
	v.Resource = NewResource(spec, env, nav)
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

// Capturing implements View: the modals take every key.
func (v *APIKeys) Capturing() bool { return v.grant != nil || v.confirm != nil }

// Update implements View.
func (v *APIKeys) Update(msg tea.Msg) (View, tea.Cmd) {
	switch msg := msg.(type) {
	case grantClosedMsg:
		v.grant = nil
		if msg.granted {
			return v, v.Reload()
		}
		return v, nil
	case usersMsg:
		if msg.from == v.grant {
			return v, v.grant.update(msg)
		}
		return v, nil
	case grantedMsg:
		if msg.from == v.grant {
			return v, v.grant.update(msg)
		}
		return v, nil
	case modal.ConfirmedMsg:
		v.confirm = nil
		return v, v.revoke(strings.TrimPrefix(msg.ID, "revoke:"))
	case modal.CancelledMsg:
		v.confirm = nil
		return v, nil
	case revokedMsg:
		if msg.err != nil {
			return v, flash(fmt.Sprintf("Revoking %s of %s failed: %s", maskKey(msg.key), msg.owner, errText(msg.err)), true)
		}
		return v, tea.Batch(flash(fmt.Sprintf("Revoked %s of %s.", maskKey(msg.key), msg.owner), false), v.Reload())
	case tea.KeyMsg:
		return v, v.onKey(msg)
	}
	if v.grant != nil {
		if cmd := v.grant.update(msg); cmd != nil {
			return v, cmd
		}
	}
	_, cmd := v.Resource.Update(msg)
	return v, cmd
}

func (v *APIKeys) onKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case v.grant != nil:
		return v.grant.update(msg)
	case v.confirm != nil:
		var cmd tea.Cmd
		*v.confirm, cmd = v.confirm.Update(msg)
		return cmd
	case v.InDetail():
		_, cmd := v.Resource.Update(msg)
		return cmd
	case key.Matches(msg, v.keys.Grant):
		v.grant = newGrant(v.env)
		return v.grant.init()
	case key.Matches(msg, v.keys.Revoke):
		return v.askRevoke()
	case key.Matches(msg, v.keys.Reveal):
		if k, ok := v.Selected(); ok {
			if v.revealed == k.Metadata.Name {
				v.revealed = ""
			} else {
				v.revealed = k.Metadata.Name
			}
		}
		return nil
	case key.Matches(msg, v.keys.Copy):
		if k, ok := v.Selected(); ok {
			return copyCmd(v.env.Clipboard, k.Metadata.Name, "the API key of "+k.Username)
		}
		return nil
	}
	_, cmd := v.Resource.Update(msg)
	return cmd
}

func (v *APIKeys) askRevoke() tea.Cmd {
	k, ok := v.Selected()
	if !ok {
		return nil
	}
	body := fmt.Sprintf("Revoke API key %s of user %q (created by %s)? Anything using it will lose access at once.",
		maskKey(k.Metadata.Name), k.Username, k.Metadata.CreatedBy)
	warning := ""
	if k.Metadata.Name == v.env.Client.APIKey() {
		warning = "This is the key this session uses: the dashboard will be logged out."
	}
	c := modal.NewConfirm("revoke:"+k.Metadata.Name, "Revoke API key", body, warning, keymap.DefaultConfirm())
	v.confirm = &c
	return nil
}

func (v *APIKeys) revoke(name string) tea.Cmd {
	owner := ""
	for _, k := range v.Items() {
		if k.Metadata.Name == name {
			owner = k.Username
		}
	}
	c := v.env.Client
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), client.DefaultTimeout)
		defer cancel()
		return revokedMsg{key: name, owner: owner, err: c.RevokeAPIKey(ctx, name)}
	}
}

func flash(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return msgs.FlashMsg{Text: text, Error: isErr} }
}

// View implements View: the list, with any modal drawn over it.
func (v *APIKeys) View() string {
	bg := v.Resource.View()
	switch {
	case v.grant != nil:
		return modal.Overlay(bg, v.grant.view(v.width), v.width, v.height)
	case v.confirm != nil:
		return modal.Overlay(bg, v.confirm.View(v.width), v.width, v.height)
	}
	return bg
}

// ShortHelp implements help.KeyMap.
func (v *APIKeys) ShortHelp() []key.Binding {
	switch {
	case v.grant != nil:
		return v.grant.keys.ShortHelp()
	case v.confirm != nil:
		return keymap.DefaultConfirm().ShortHelp()
	case v.InDetail():
		return v.Resource.ShortHelp()
	}
	return append(v.Resource.ShortHelp(), v.keys.Grant, v.keys.Revoke, v.keys.Reveal, v.keys.Copy)
}

// FullHelp implements help.KeyMap.
func (v *APIKeys) FullHelp() [][]key.Binding {
	return append(v.Resource.FullHelp(), []key.Binding{v.keys.Grant, v.keys.Revoke, v.keys.Reveal, v.keys.Copy})
}
