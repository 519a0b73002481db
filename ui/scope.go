package ui

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/config"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
)

const (
	namespacePickerTitle = "Namespace"
	contextPickerTitle   = "Context"
	// allNamespaces is the picker entry for the cross-namespace endpoints.
	allNamespaces = "* all namespaces"
)

// namespacesMsg delivers the namespaces the user may see, for one
// connection; then is a namespace to switch to once checked against them.
type namespacesMsg struct {
	conn  uint64
	names []string
	err   error
	then  string
}

// listNamespaces asks for the namespaces the user may see: what
// /api/core/v2/namespaces returns for them.
func (m *Model) listNamespaces(then string) tea.Cmd {
	c, conn := m.opts.Env.Client, m.backend.conn
	return func() tea.Msg {
		ctx, cancel := c.Bound(context.Background())
		defer cancel()
		list, err := client.ListAll[client.Namespace](ctx, c, client.Namespaces, client.ListOptions{})
		names := make([]string, len(list))
		for i, n := range list {
			names[i] = n.Name
		}
		slices.Sort(names)
		return namespacesMsg{conn: conn, names: names, err: err, then: then}
	}
}

// onNamespaces keeps the namespaces for completion and the picker, and
// finishes a :ns that waited for them.
func (m *Model) onNamespaces(msg namespacesMsg) tea.Cmd {
	if msg.conn != m.backend.conn {
		return nil
	}
	if msg.err == nil {
		m.backend.namespaces = msg.names
	}
	if m.picker != nil && m.picker.title == namespacePickerTitle {
		m.picker.loading = false
		m.picker.choices = append([]string{allNamespaces}, msg.names...)
		if msg.err != nil {
			m.picker.err = "cannot list namespaces: " + msg.err.Error()
		}
	}
	if msg.then == "" {
		return nil
	}
	if msg.err != nil {
		// The list may fail where the namespace works: go, and say it is unchecked.
		return tea.Batch(m.useNamespace(msg.then),
			m.setFlash(msgs.FlashMsg{Text: "Showing namespace " + msg.then + ", unchecked: cannot list namespaces: " + msg.err.Error(), Error: true}))
	}
	return m.switchNamespace(msg.then)
}

// pickNamespace opens the namespace picker, fed by the namespaces list.
func (m *Model) pickNamespace() tea.Cmd {
	m.picker = newPicker(m.st, namespacePickerTitle, m.useNamespace)
	return m.listNamespaces("")
}

// isAll reports whether name means every namespace.
func isAll(name string) bool {
	return name == allNamespaces || name == "*" || strings.EqualFold(name, "all")
}

// switchNamespace is :ns name: it refuses a namespace the user cannot see,
// naming those they can, and checks against the list first when it is
// not known yet.
func (m *Model) switchNamespace(name string) tea.Cmd {
	known := m.backend.namespaces
	switch {
	case isAll(name):
		return m.useNamespace(name)
	case known == nil:
		return m.listNamespaces(name)
	case !slices.Contains(known, name):
		return m.setFlash(msgs.FlashMsg{Text: fmt.Sprintf("No namespace %q among those you can see: %s.", name, describe(known, 12)), Error: true})
	}
	return m.useNamespace(name)
}

// describe lists names, at most n of them and how many more.
func describe(names []string, n int) string {
	if len(names) == 0 {
		return "none"
	}
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}

// useNamespace switches every view to a namespace, or to all of them.
func (m *Model) useNamespace(name string) tea.Cmd {
	all := isAll(name)
	m.opts.Env.Scope.AllNamespaces = all
	if !all {
		m.opts.Env.Client.SetNamespace(name)
	}
	m.replaceViews(m.active)
	text := "Showing namespace " + name
	if all {
		text = "Showing all namespaces"
	}
	return tea.Batch(m.setFlash(msgs.FlashMsg{Text: text}), m.current().Activate())
}

// errNoProfile says why there are no contexts to choose from.
var errNoProfile = errors.New("contexts are not available here: there is no saved profile")

// contextNames are the profile's contexts, sorted.
func (m *Model) contextNames() ([]string, error) {
	if m.opts.Login.ProfilePath == "" {
		return nil, errNoProfile
	}
	profile, _, err := config.LoadProfile(m.opts.Login.ProfilePath)
	if err != nil {
		return nil, err
	}
	names := slices.Collect(maps.Keys(profile.Contexts))
	slices.Sort(names)
	return names, nil
}

// pickContext opens the picker of the profile's contexts.
func (m *Model) pickContext() tea.Cmd {
	m.picker = newPicker(m.st, contextPickerTitle, m.useContext)
	m.picker.loading = false
	names, err := m.contextNames()
	switch {
	case err != nil:
		m.picker.err = err.Error()
	case len(names) == 0:
		m.picker.err = "no saved contexts: log in with ctrl+s to save one"
	}
	m.picker.choices = names
	return nil
}

// useContext connects to a saved context: straight in when it holds a key
// or tokens, through the login view otherwise.
func (m *Model) useContext(name string) tea.Cmd {
	path := m.opts.Login.ProfilePath
	profile, _, err := config.LoadProfile(path)
	if err != nil {
		return m.setFlash(msgs.FlashMsg{Text: err.Error(), Error: true})
	}
	saved, ok := profile.Contexts[name]
	if !ok {
		return m.setFlash(msgs.FlashMsg{Text: fmt.Sprintf("No context %q in %s.", name, path), Error: true})
	}
	m.opts.Context = name
	m.opts.Env.Scope.AllNamespaces = false
	if saved.APIKey == "" && saved.Tokens == nil {
		m.opts.Login.Creds = config.Credentials{URL: saved.URL, Namespace: saved.Namespace, Username: saved.Username,
			TrustedCAFile: saved.TrustedCAFile, InsecureSkipTLSVerify: saved.InsecureSkipTLSVerify}
		m.opts.Env.Client = nil
		return m.toLogin("Log in to context " + name + ".")
	}
	cfg := saved.ClientConfig()
	if saved.Tokens != nil {
		cfg.OnTokens = config.TokenSaver(path, name, saved)
	}
	c, err := m.opts.Login.NewClient(cfg) // read-only and logging apply here too
	if err != nil {
		return m.setFlash(msgs.FlashMsg{Text: "Context " + name + ": " + err.Error(), Error: true})
	}
	return tea.Batch(m.setFlash(msgs.FlashMsg{Text: "Switched to context " + name}),
		m.loggedIn(msgs.LoggedInMsg{Client: c, Username: saved.Username}))
}
