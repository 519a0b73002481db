package views

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/modal"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// Dialog is a modal a view draws over its list. While one is open it gets
// every key. Update returns a nil Dialog once it is done, closing it at once,
// so a key typed right after an answer never reaches the old dialog.
type Dialog interface {
	Update(msg tea.Msg) (Dialog, tea.Cmd)
	View(width int) string
	ShortHelp() []key.Binding
}

// confirmDialog is the one confirm popup every destructive action uses:
// only an explicit "y" runs onYes.
type confirmDialog struct {
	confirm modal.Confirm
	keys    keymap.Confirm
	onYes   func() tea.Cmd
}

func newConfirm(st *styles.Styles, title, body, warning string, onYes func() tea.Cmd) *confirmDialog {
	keys := keymap.DefaultConfirm()
	return &confirmDialog{confirm: modal.NewConfirm(title, title, body, warning, keys, st), keys: keys, onYes: onYes}
}

func (d *confirmDialog) Update(msg tea.Msg) (Dialog, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	switch {
	case !ok:
		return d, nil
	case key.Matches(k, d.keys.Yes):
		return nil, d.onYes()
	case key.Matches(k, d.keys.No):
		return nil, nil
	}
	return d, nil // every other key, enter included, does nothing
}

func (d *confirmDialog) View(width int) string    { return d.confirm.View(width) }
func (d *confirmDialog) ShortHelp() []key.Binding { return d.confirm.ShortHelp() }
