package ui

import (
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/ui/styles"
	"github.com/sensu-tui/sensu-tui/views"
)

// trueColourASCII are styles in true colour on a dark background, in ASCII,
// unlike the default ones (no colour in these tests, UTF-8).
func trueColourASCII() *styles.Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	return styles.New(r, true)
}

// drawn is the model's screen at 120x40, after it handled msgs.
func drawn(m *Model, msgs ...tea.Msg) string {
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	for _, msg := range msgs {
		m.Update(msg)
	}
	return m.View()
}

// TestStylesReachEveryPart: the login form, the help bar, the tabs, the
// prompts and the full help draw with Env.Styles.
func TestStylesReachEveryPart(t *testing.T) {
	st := trueColourASCII()
	f := newFake(t, fakebackend.Options{})
	e := env(f.admin(t))
	e.Styles = st
	dashboard := func() *Model { return New(Options{Env: e}) }
	runes := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
	tests := map[string]struct {
		screen string
		wants  []string
	}{
		"login": {drawn(New(Options{Env: views.Env{Styles: st}})), []string{
			"+---",               // the form's ASCII border
			"sensu-tui | log in", // ASCII separator
			"\x1b[1;38;2;",       // the title in true colour
		}},
		"tabs":     {drawn(dashboard()), []string{"\x1b[1;4;38;2;"}}, // the active tab
		"help bar": {lastLine(drawn(dashboard())), []string{"\x1b[38;2;"}},
		"filter prompt": {drawn(dashboard(), runes("/")), []string{
			"\x1b[38;5;240milter", // the placeholder, after the cursor on its f
			"\x1b[7m",             // the cursor
		}},
		"full help": {drawn(dashboard(), runes("?")), []string{"+---", "Keys: events"}},
	}
	for name, tc := range tests {
		for _, want := range tc.wants {
			if !strings.Contains(tc.screen, want) {
				t.Errorf("%s: the screen lacks %q:\n%q", name, want, tc.screen)
			}
		}
	}

	// Without Styles, New uses the default renderer's: no colour in these tests.
	if screen := drawn(New(Options{Env: env(f.admin(t))}), runes("?")); strings.Contains(screen, "\x1b[") || !strings.Contains(screen, "╭") {
		t.Errorf("default styles:\n%q", screen)
	}
}
