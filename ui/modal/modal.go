// Package modal draws dialogs over the screen: Overlay places any box on
// top of a rendered view, and Confirm is the one confirmation dialog that
// every destructive action goes through.
package modal

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/sanitize"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// Overlay returns background (a view of width x height cells) with box
// drawn centred over it, replacing the cells it covers. The result is
// exactly height lines of exactly width cells: background lines are padded
// or cut to fit, and a box larger than the screen is cut.
func Overlay(background, box string, width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	bg := strings.Split(background, "\n")
	lines := make([]string, height)
	for i := range lines {
		if i < len(bg) {
			lines[i] = styles.Fit(bg[i], width, "")
		} else {
			lines[i] = strings.Repeat(" ", width)
		}
	}

	boxLines := strings.Split(box, "\n")
	if len(boxLines) > height {
		boxLines = boxLines[:height]
	}
	bw := 0
	for _, l := range boxLines {
		bw = max(bw, ansi.StringWidth(l))
	}
	bw = min(bw, width)
	x, y := (width-bw)/2, (height-len(boxLines))/2
	for i, l := range boxLines {
		lines[y+i] = splice(lines[y+i], styles.Fit(l, bw, ""), x, width)
	}
	return strings.Join(lines, "\n")
}

// splice replaces the cells of line (width cells wide) from column x on
// with insert.
func splice(line, insert string, x, width int) string {
	iw := ansi.StringWidth(insert)
	left := ansi.Truncate(line, x, "")
	// A wide character across either edge of the box is replaced by a space.
	left += strings.Repeat(" ", x-ansi.StringWidth(left))
	right := ansi.TruncateLeft(line, x+iw, "")
	if ansi.StringWidth(right) > width-x-iw {
		right = " " + ansi.TruncateLeft(line, x+iw+1, "")
	}
	// The cut keeps the line's escape sequences on both sides; reset around
	// the box so the background's colours do not bleed into it.
	reset := ""
	if strings.Contains(line, "\x1b") {
		reset = ansi.ResetStyle
	}
	return styles.Fit(left+reset+insert+reset+right, width, "")
}

// ConfirmedMsg reports that the user answered yes to the Confirm with ID.
type ConfirmedMsg struct{ ID string }

// CancelledMsg reports that the user answered no to the Confirm with ID.
type CancelledMsg struct{ ID string }

// maxBoxWidth is the widest a dialog gets, for readable line lengths.
const maxBoxWidth = 60

// Confirm is the dialog that asks before a destructive action. Nothing
// happens without an explicit yes: only the Yes binding (y) confirms, enter
// and capital Y included do nothing, and only No (n or esc) cancels. It
// answers once; keys after the answer are ignored, so a double press cannot
// send the action twice.
type Confirm struct {
	id, title, body, warning string
	km                       keymap.Confirm
	st                       *styles.Styles
	answered                 bool
}

// NewConfirm returns a dialog identified by id (echoed in its messages)
// with a title, a body and an optional warning line. All three may hold
// untrusted server text; they are sanitised. st draws the box (nil:
// styles.Default).
func NewConfirm(id, title, body, warning string, km keymap.Confirm, st *styles.Styles) Confirm {
	if st == nil {
		st = styles.Default()
	}
	return Confirm{
		id:      id,
		title:   sanitize.Line(title),
		body:    sanitize.Text(body),
		warning: sanitize.Line(warning),
		km:      km,
		st:      st,
	}
}

// ID returns the id the dialog was created with.
func (c Confirm) ID() string { return c.id }

// Update answers the dialog: Yes returns a command producing ConfirmedMsg,
// No one producing CancelledMsg; anything else is ignored.
func (c Confirm) Update(msg tea.Msg) (Confirm, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || c.answered {
		return c, nil
	}
	id := c.id
	switch {
	case key.Matches(k, c.km.Yes):
		c.answered = true
		return c, func() tea.Msg { return ConfirmedMsg{ID: id} }
	case key.Matches(k, c.km.No):
		c.answered = true
		return c, func() tea.Msg { return CancelledMsg{ID: id} }
	}
	return c, nil
}

// ShortHelp implements help.KeyMap.
func (c Confirm) ShortHelp() []key.Binding { return c.km.ShortHelp() }

// FullHelp implements help.KeyMap.
func (c Confirm) FullHelp() [][]key.Binding { return c.km.FullHelp() }

// View draws the dialog as a bordered box for a screen width cells wide:
// min(width-4, 60) cells wide, body wrapped, warning marked in words as
// well as colour, and the answer keys at the bottom.
func (c Confirm) View(width int) string {
	boxWidth := min(width-4, maxBoxWidth)
	if boxWidth < 10 {
		boxWidth = min(width, 10) // narrower than any useful box: use what there is
	}
	if boxWidth < 5 {
		return ""
	}
	inner := boxWidth - c.st.Modal.GetHorizontalFrameSize()

	parts := []string{c.st.Title.Render(wrap(c.title, inner))}
	if c.body != "" {
		parts = append(parts, "", wrap(c.body, inner))
	}
	if c.warning != "" {
		line := c.st.WarningSign() + " WARNING: " + c.warning
		parts = append(parts, "", c.st.Warning.Render(wrap(line, inner)))
	}
	parts = append(parts, "", c.st.Help.Render(wrap(hint(c.km.ShortHelp(), c.st.Separator()), inner)))

	// Width counts the padding but not the border.
	return c.st.Modal.Width(boxWidth - c.st.Modal.GetHorizontalBorderSize()).Render(strings.Join(parts, "\n"))
}

// wrap breaks s into lines of at most width cells, at spaces where it can.
func wrap(s string, width int) string {
	return ansi.Wrap(s, width, "")
}

// hint lists the enabled bindings as "y confirm · n/esc cancel", with sep
// between them.
func hint(bindings []key.Binding, sep string) string {
	var parts []string
	for _, b := range bindings {
		if b.Enabled() {
			parts = append(parts, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(parts, sep)
}
