package ui

import (
	"context"
	"fmt"
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

// namespacesMsg delivers the namespaces the user may see.
type namespacesMsg struct {
	names []string
	err   error
}

// pickNamespace opens the namespace picker, fed by the namespaces list.
func (m *Model) pickNamespace() tea.Cmd {
	m.picker = newPicker(m.st, namespacePickerTitle, m.useNamespace)
	c := m.opts.Env.Client
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), c.Timeout())
		defer cancel()
		list, err := client.ListAll[client.Namespace](ctx, c, client.Namespaces, client.ListOptions{})
		names := make([]string, len(list))
		for i, n := range list {
			names[i] = n.Name
		}
		slices.Sort(names)
		return namespacesMsg{names: names, err: err}
	}
}

// useNamespace switches every view to a namespace, or to all of them.
func (m *Model) useNamespace(name string) tea.Cmd {
	all := name == allNamespaces || name == "*" || strings.EqualFold(name, "all")
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

// pickContext opens the picker of the profile's contexts.
func (m *Model) pickContext() tea.Cmd {
	m.picker = newPicker(m.st, contextPickerTitle, m.useContext)
	m.picker.loading = false
	if m.opts.Login.ProfilePath == "" {
		m.picker.err = "contexts are not available here: there is no saved profile"
		return nil
	}
	profile, _, err := config.LoadProfile(m.opts.Login.ProfilePath)
	if err != nil {
		m.picker.err = err.Error()
		return nil
	}
	for name := range profile.Contexts {
		m.picker.choices = append(m.picker.choices, name)
	}
	slices.Sort(m.picker.choices)
	if len(m.picker.choices) == 0 {
		m.picker.err = "no saved contexts: log in with ctrl+s to save one"
	}
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
