package views

import (
	"cmp"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/modal"
	"github.com/sensu-tui/sensu-tui/ui/sanitize"
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

// reasonDialog asks why, then hands the reason to the confirm step it
// builds, which shows exactly what will happen and waits for "y". Enter
// only moves on to that step; esc cancels.
type reasonDialog struct {
	st       *styles.Styles
	title    string
	fallback string // the reason sent when none is typed
	input    textinput.Model
	keys     keymap.Form
	confirm  func(reason string) Dialog
}

func newReasonDialog(st *styles.Styles, title, fallback string, confirm func(reason string) Dialog) *reasonDialog {
	in := st.NewTextInput()
	in.Prompt = "Reason: "
	in.Placeholder = "why (optional)"
	in.CharLimit = 256
	in.Focus()
	return &reasonDialog{st: st, title: title, fallback: fallback, input: in, keys: keymap.DefaultForm(), confirm: confirm}
}

func (d *reasonDialog) Update(msg tea.Msg) (Dialog, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, d.keys.Cancel):
			return nil, nil
		case key.Matches(k, d.keys.Submit):
			return d.confirm(cmp.Or(strings.TrimSpace(d.input.Value()), d.fallback)), nil
		}
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	return d, cmd
}

func (d *reasonDialog) View(width int) string {
	w := min(max(width-4, 30), 72)
	d.input.Width = max(w-14, 8)
	return d.st.Modal.Width(w).Render(d.st.Title.Render(sanitize.Line(d.title)) + "\n\n" + d.input.View() + "\n" +
		d.st.Muted.Render("Left empty, the reason is: "+sanitize.Line(d.fallback)) + "\n\n" +
		d.st.Muted.Render(helpLine(d.keys.Submit, d.keys.Cancel)))
}

func (d *reasonDialog) ShortHelp() []key.Binding { return []key.Binding{d.keys.Submit, d.keys.Cancel} }
