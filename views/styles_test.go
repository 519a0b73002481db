package views

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// TestViewsDrawWithEnvStyles: a view, its details and its dialogs draw with
// the styles in Env (here ASCII, in true colour), not the default ones (the
// default renderer has no colour in these tests).
func TestViewsDrawWithEnvStyles(t *testing.T) {
	f := newViewFake(t, fakebackend.Options{})
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	env := f.env(time.Hour)
	env.Styles = styles.New(r, true)
	run := runView(t, NewEvents(env), nil)
	run.waitText("x CRIT")
	// check fails unless screen shows every want and none of the UTF-8
	// symbols the default styles would have drawn.
	check := func(what, screen string, wants ...string) {
		t.Helper()
		for _, w := range wants {
			if !strings.Contains(screen, w) {
				t.Errorf("%s lacks %q:\n%s", what, w, screen)
			}
		}
		for _, utf8 := range []string{"✔", "✖", "▁", "▄", "█", "▒", "⚠", "╭", "│"} {
			if strings.Contains(screen, utf8) {
				t.Errorf("%s has %q in ASCII:\n%s", what, utf8, screen)
			}
		}
	}
	check("the list", run.screen(), "x CRIT", "v OK", "XXXXXXXX", "127~",
		"\x1b[1;38;2;255;95;95mx CRIT") // critical in true colour on a dark background

	run.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlD})
	run.waitText("WARNING: This cannot be undone.")
	check("the delete dialog", run.screen(), "+---", "! WARNING:", "y confirm | n/esc cancel")

	run.press("n", "enter")
	run.waitText("History:", "oldest first")
	check("the detail page", run.screen(), "x CRIT (2)", ". OK ! WARN X CRIT ? UNKN", "X 04:")
}
