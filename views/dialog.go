package views

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/modal"
)

// Dialog is a modal a view draws over its list. While one is open it gets
// every key; it closes itself by sending closeDialogMsg.
type Dialog interface {
	Update(msg tea.Msg) (Dialog, tea.Cmd)
	View(width int) string
	ShortHelp() []key.Binding
}

// closeDialogMsg closes the open dialog; then, when set, runs next.
type closeDialogMsg struct{ next tea.Cmd }

func closeDialog(next tea.Cmd) tea.Cmd {
	return func() tea.Msg { return closeDialogMsg{next: next} }
}

// confirmDialog is the one confirm popup every destructive action uses:
// only an explicit "y" runs onYes.
type confirmDialog struct {
	confirm modal.Confirm
	onYes   func() tea.Cmd
}

func newConfirm(title, body, warning string, onYes func() tea.Cmd) *confirmDialog {
	return &confirmDialog{confirm: modal.NewConfirm(title, title, body, warning, keymap.DefaultConfirm()), onYes: onYes}
}

func (d *confirmDialog) Update(msg tea.Msg) (Dialog, tea.Cmd) {
	switch msg.(type) {
	case modal.ConfirmedMsg:
		return d, closeDialog(d.onYes())
	case modal.CancelledMsg:
		return d, closeDialog(nil)
	}
	var cmd tea.Cmd
	d.confirm, cmd = d.confirm.Update(msg)
	return d, cmd
}

func (d *confirmDialog) View(width int) string    { return d.confirm.View(width) }
func (d *confirmDialog) ShortHelp() []key.Binding { return d.confirm.ShortHelp() }
