package views

import (
	"io"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/ui/msgs"
)

// copyCmd puts text on the user's clipboard with OSC52, which the terminal
// honours even across SSH. Inside tmux it needs `set -g set-clipboard on`.
func copyCmd(w io.Writer, text, what string) tea.Cmd {
	return func() tea.Msg {
		if w == nil {
			return msgs.FlashMsg{Text: "Copying is not available here.", Error: true}
		}
		if _, err := osc52.New(text).WriteTo(w); err != nil {
			return msgs.FlashMsg{Text: "Copy failed: " + err.Error(), Error: true}
		}
		return msgs.FlashMsg{Text: "Copied " + what + " to the clipboard (OSC52)."}
	}
}
