package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/sanitize"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// maxPickerRows is how many choices a picker shows at once.
const maxPickerRows = 10

// picker lets the user choose one of a list fetched from the server
// (namespaces) or read from the profile (contexts). Typing narrows the list.
type picker struct {
	title   string
	choices []string
	typed   string
	cursor  int
	loading bool
	err     string
	keys    keymap.Picker
	st      *styles.Styles
	// chosen turns the choice into the command that applies it.
	chosen func(string) tea.Cmd
}

func newPicker(st *styles.Styles, title string, chosen func(string) tea.Cmd) *picker {
	return &picker{title: title, loading: true, keys: keymap.DefaultPicker(), st: st, chosen: chosen}
}

// shown is the choices that contain what has been typed.
func (p *picker) shown() []string {
	var out []string
	for _, c := range p.choices {
		if strings.Contains(strings.ToLower(c), strings.ToLower(p.typed)) {
			out = append(out, c)
		}
	}
	return out
}

// update handles a key; done is true when the picker should close.
func (p *picker) update(msg tea.KeyMsg) (done bool, cmd tea.Cmd) {
	shown := p.shown()
	switch {
	case key.Matches(msg, p.keys.Cancel):
		return true, nil
	case key.Matches(msg, p.keys.Choose):
		if len(shown) == 0 {
			return false, nil
		}
		return true, p.chosen(shown[p.cursor])
	case key.Matches(msg, p.keys.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(msg, p.keys.Down):
		p.cursor = min(p.cursor+1, max(len(shown)-1, 0))
	case msg.Type == tea.KeyBackspace:
		if p.typed != "" {
			p.typed = p.typed[:len(p.typed)-1]
		}
		p.cursor = 0
	case msg.Type == tea.KeyRunes:
		p.typed += string(msg.Runes)
		p.cursor = 0
	}
	return false, nil
}

func (p *picker) view(width int) string {
	var b strings.Builder
	b.WriteString(p.st.Title.Render(p.title) + "\n")
	b.WriteString("> " + sanitize.Line(p.typed) + "▏\n\n")
	shown := p.shown()
	switch {
	case p.loading:
		b.WriteString(p.st.Muted.Render("loading…") + "\n")
	case p.err != "":
		b.WriteString(p.st.Error.Render("✖ "+sanitize.Line(p.err)) + "\n")
	case len(shown) == 0:
		b.WriteString(p.st.Muted.Render("nothing matches") + "\n")
	}
	first := max(0, p.cursor-maxPickerRows+1)
	for i := first; i < len(shown) && i < first+maxPickerRows; i++ {
		marker := "  "
		if i == p.cursor {
			marker = "> "
		}
		b.WriteString(marker + sanitize.Line(shown[i]) + "\n")
	}
	if len(shown) > maxPickerRows {
		b.WriteString(p.st.Muted.Render(fmt.Sprintf("  %d choices; type to narrow", len(shown))) + "\n")
	}
	b.WriteString("\n" + p.st.Muted.Render("type to filter · ↑↓ move · enter choose · esc cancel"))
	return p.st.Modal.Width(min(max(width-4, 24), 58)).Render(b.String())
}

func (p *picker) shortHelp() []key.Binding { return p.keys.ShortHelp() }
