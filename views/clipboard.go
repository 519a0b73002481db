package views

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/ui/msgs"
)

// copyCmd asks the root to put text on the user's clipboard; what names
// the text in the report.
func copyCmd(text, what string) tea.Cmd {
	return func() tea.Msg { return msgs.CopyMsg{Text: text, What: what} }
}
