package views

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/sanitize"
)

// maxSuggestions is how many matching usernames the picker lists.
const maxSuggestions = 5

// grant is the modal that asks for a username, asks to confirm with "y",
// grants a key, and shows the new key exactly once.
type grant struct {
	view    *APIKeys
	env     Env
	id      uint64 // replies to this modal carry it
	keys    keymap.Grant
	input   textinput.Model
	spinner spinner.Model

	users    []string
	usersErr error
	pick     int // index into suggestions(); -1 when none is highlighted

	confirming string // the user to grant a key to, once chosen: the confirm step
	sending    bool
	err        error
	key        string // set once granted; shown until the modal closes
	closed     bool
}

// usersMsg and grantedMsg name the modal that asked, so a reply to a
// closed modal is dropped.
type usersMsg struct {
	route msgs.Route
	users []string
	err   error
}

func (m usersMsg) RouteTo() msgs.Route { return m.route }

type grantedMsg struct {
	route    msgs.Route
	username string
	key      string
	err      error
}

func (m grantedMsg) RouteTo() msgs.Route { return m.route }

func newGrant(v *APIKeys) *grant {
	env := v.env
	in := env.Styles.NewTextInput()
	in.Placeholder = "username"
	in.Prompt = "Username: "
	in.CharLimit = 128
	in.Focus()
	return &grant{view: v, env: env, id: msgs.NewID(), keys: keymap.DefaultGrant(), input: in, pick: -1,
		spinner: newSpinner()}
}

func (g *grant) route() msgs.Route { return msgs.Route{View: g.view.spec.Name, ID: g.id} }

// init loads the users for the picker; typing works before they arrive.
func (g *grant) init() tea.Cmd {
	c, route := g.env.Client, g.route()
	return tea.Batch(textinput.Blink, func() tea.Msg {
		ctx, cancel := c.Bound(context.Background())
		defer cancel()
		users, err := client.ListAll[client.User](ctx, c, client.Users, client.ListOptions{})
		names := make([]string, 0, len(users))
		for _, u := range users {
			if !u.Disabled {
				names = append(names, u.Username)
			}
		}
		slices.Sort(names)
		return usersMsg{route: route, users: names, err: err}
	})
}

// suggestions are the users whose names contain what has been typed.
func (g *grant) suggestions() []string {
	typed := strings.ToLower(strings.TrimSpace(g.input.Value()))
	var out []string
	for _, u := range g.users {
		if strings.Contains(strings.ToLower(u), typed) {
			out = append(out, u)
			if len(out) == maxSuggestions {
				break
			}
		}
	}
	return out
}

// Update implements Dialog.
func (g *grant) Update(msg tea.Msg) (Dialog, tea.Cmd) {
	cmd := g.update(msg)
	if g.closed {
		return nil, cmd
	}
	return g, cmd
}

func (g *grant) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case usersMsg:
		if msg.route == g.route() {
			g.users, g.usersErr = msg.users, msg.err
		}
		return nil
	case grantedMsg:
		if msg.route != g.route() {
			return nil
		}
		g.sending, g.confirming = false, ""
		if msg.err != nil {
			g.err = msg.err
			g.keys.SetPhase(keymap.GrantChoosing)
			return g.view.announce(msgs.ActionDoneMsg{Verb: "grant", Targets: []string{msg.username},
				Err: fmt.Errorf("grant a key to %s: %s", msg.username, explainAction(msg.err, "grant API keys", ""))})
		}
		g.key = msg.key
		g.keys.SetPhase(keymap.GrantShown)
		return g.view.announce(msgs.ActionDoneMsg{Verb: "grant", Targets: []string{msg.username},
			Text: "Granted a key to " + msg.username, Created: msgs.Created{View: g.view.spec.Name, Key: msg.key}})
	case spinner.TickMsg:
		if !g.sending {
			return nil
		}
		var cmd tea.Cmd
		g.spinner, cmd = g.spinner.Update(msg)
		return cmd
	case tea.KeyMsg:
		return g.onKey(msg)
	}
	var cmd tea.Cmd
	g.input, cmd = g.input.Update(msg)
	return cmd
}

func (g *grant) onKey(msg tea.KeyMsg) tea.Cmd {
	if g.key != "" {
		switch {
		case key.Matches(msg, g.keys.Copy):
			return copyCmd(g.key, "the new API key")
		case key.Matches(msg, g.keys.Close):
			g.closed = true
			return nil
		}
		return nil
	}
	if g.sending {
		return nil // one request at a time; esc waits for the answer too
	}
	if g.confirming != "" {
		switch {
		case key.Matches(msg, g.keys.Yes):
			return g.send()
		case key.Matches(msg, g.keys.Back):
			g.confirming = ""
			g.keys.SetPhase(keymap.GrantChoosing)
		}
		return nil // every other key, enter included, does nothing
	}
	switch {
	case key.Matches(msg, g.keys.Cancel):
		g.closed = true
		return nil
	case key.Matches(msg, g.keys.Submit):
		return g.submit()
	case key.Matches(msg, g.keys.Next), key.Matches(msg, g.keys.Prev):
		g.movePick(key.Matches(msg, g.keys.Next))
		return nil
	}
	var cmd tea.Cmd
	g.input, cmd = g.input.Update(msg)
	g.pick = -1
	g.err = nil
	return cmd
}

// movePick walks the highlight through the suggestions and fills the field.
func (g *grant) movePick(down bool) {
	s := g.suggestions()
	if len(s) == 0 {
		return
	}
	if down {
		g.pick = (g.pick + 1) % len(s)
	} else {
		g.pick = (g.pick - 1 + len(s)) % len(s)
	}
	g.input.SetValue(s[g.pick])
	g.input.CursorEnd()
}

// submit takes the username and moves to the confirm step.
func (g *grant) submit() tea.Cmd {
	username := strings.TrimSpace(g.input.Value())
	if username == "" {
		g.err = fmt.Errorf("type a username first")
		return nil
	}
	g.confirming, g.err = username, nil
	g.keys.SetPhase(keymap.GrantConfirming)
	return nil
}

// send grants the confirmed user a key.
func (g *grant) send() tea.Cmd {
	username := g.confirming
	g.sending = true
	c, route := g.env.Client, g.route()
	return tea.Batch(g.spinner.Tick, func() tea.Msg {
		ctx, cancel := c.Bound(context.Background())
		defer cancel()
		k, err := c.GrantAPIKey(ctx, username)
		return grantedMsg{route: route, username: username, key: k, err: err}
	})
}

// View implements Dialog.
func (g *grant) View(width int) string {
	w := min(max(width-4, 20), 64)
	var b strings.Builder
	b.WriteString(g.env.Styles.Title.Render("Grant an API key") + "\n\n")
	if g.key != "" {
		b.WriteString("New key for " + sanitize.Line(g.input.Value()) + ":\n\n")
		b.WriteString(g.env.Styles.Success.Render(sanitize.Line(g.key)) + "\n\n")
		b.WriteString(g.env.Styles.Warning.Render("! Shown once: copy it now.") + "\n\n")
		b.WriteString(g.env.Styles.Muted.Render(helpLine(g.keys.Copy, g.keys.Close)))
		return g.env.Styles.Modal.Width(w).Render(b.String())
	}
	if g.confirming != "" {
		name := sanitize.Line(g.confirming)
		b.WriteString(fmt.Sprintf("Grant a new API key to user %q?\n\n", name))
		b.WriteString("Whoever holds the key acts as " + name + ", with " + name + "'s rights, until it is revoked.\n")
		if g.sending {
			b.WriteString("\n" + g.spinner.View() + " Granting…\n")
		}
		b.WriteString("\n" + g.env.Styles.Muted.Render(helpLine(g.keys.Yes, g.keys.Back)))
		return g.env.Styles.Modal.Width(w).Render(b.String())
	}
	g.input.Width = max(w-14, 8)
	b.WriteString(g.input.View() + "\n")
	switch {
	case g.usersErr != nil:
		b.WriteString(g.env.Styles.Muted.Render("(no user list: "+sanitize.Line(errText(g.usersErr))+")") + "\n")
	case g.users == nil:
		b.WriteString(g.env.Styles.Muted.Render("loading users…") + "\n")
	default:
		for i, s := range g.suggestions() {
			marker := "  "
			if i == g.pick {
				marker = "> "
			}
			b.WriteString(marker + sanitize.Line(s) + "\n")
		}
	}
	if g.err != nil {
		b.WriteString("\n" + g.env.Styles.Error.Render("✖ "+sanitize.Line(errText(g.err))) + "\n")
	}
	b.WriteString("\n" + g.env.Styles.Muted.Render(helpLine(g.keys.Submit, g.keys.Next, g.keys.Cancel)))
	return g.env.Styles.Modal.Width(w).Render(b.String())
}

// ShortHelp implements Dialog.
func (g *grant) ShortHelp() []key.Binding { return g.keys.ShortHelp() }

// errText is the message a user needs from an error: Sensu's own words when
// there are some, otherwise the whole error.
func errText(err error) string {
	var e *client.Error
	switch {
	case !errors.As(err, &e) || e.Message == "":
		return err.Error()
	case e.Status >= 500:
		// "internal error" alone does not say the server is the one failing.
		return fmt.Sprintf("%d %s: %s", e.Status, http.StatusText(e.Status), e.Message)
	}
	return e.Message
}

// helpLine renders bindings as "key description · key description".
func helpLine(bindings ...key.Binding) string {
	parts := make([]string, 0, len(bindings))
	for _, b := range bindings {
		if b.Enabled() {
			parts = append(parts, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(parts, " · ")
}
