package styles

// The package-level styles below are bound to lipgloss's default renderer
// and kept only until every caller takes a *Styles; they go away with
// SetASCII.

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// ASCII reports whether symbols, glyphs and borders are plain ASCII, for
// terminals that cannot show UTF-8. Change it only with SetASCII.
var ASCII bool

// SetASCII switches symbols, glyphs and the Modal border to plain ASCII (or
// back). Call it once at start-up (see DetectASCII), before any view renders.
func SetASCII(v bool) {
	ASCII = v
	Modal = Modal.Border(border())
}

func border() lipgloss.Border {
	if ASCII {
		return lipgloss.ASCIIBorder()
	}
	return lipgloss.RoundedBorder()
}

// Palette: adaptive colours shared by the styles below.
var (
	ColorAccent  = lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#A48CFF"}
	ColorText    = lipgloss.AdaptiveColor{Light: "#1F1F1F", Dark: "#E4E4E4"}
	ColorMuted   = lipgloss.AdaptiveColor{Light: "#6E6E6E", Dark: "#8A8A8A"}
	ColorSubtle  = lipgloss.AdaptiveColor{Light: "#D0D0D0", Dark: "#3A3A3A"}
	ColorOK      = lipgloss.AdaptiveColor{Light: "#1E7B34", Dark: "#4CD964"}
	ColorWarning = lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#F5C451"}
	ColorError   = lipgloss.AdaptiveColor{Light: "#C0262D", Dark: "#FF5F5F"}
	ColorUnknown = lipgloss.AdaptiveColor{Light: "#8E3FA8", Dark: "#D78CFF"}
)

// Named styles used across the views.
var (
	// Header is the top bar with the app name and cluster.
	Header = lipgloss.NewStyle().Bold(true).Foreground(ColorAccent)
	// Tab is an inactive view tab in the header.
	Tab = lipgloss.NewStyle().Foreground(ColorMuted).Padding(0, 1)
	// ActiveTab is the current view's tab; underlined so it shows without colour.
	ActiveTab = lipgloss.NewStyle().Bold(true).Underline(true).Foreground(ColorAccent).Padding(0, 1)
	// Title is a page or panel title.
	Title = lipgloss.NewStyle().Bold(true).Foreground(ColorText)
	// Help is the help bar at the bottom.
	Help = lipgloss.NewStyle().Foreground(ColorMuted)
	// StatusLine is the one-line status bar (counts, position, last refresh).
	StatusLine = lipgloss.NewStyle().Foreground(ColorMuted)
	// Error is an error message.
	Error = lipgloss.NewStyle().Bold(true).Foreground(ColorError)
	// Warning is a caution, such as the warning line of a confirm dialog.
	Warning = lipgloss.NewStyle().Bold(true).Foreground(ColorWarning)
	// Success is the result of an action that worked.
	Success = lipgloss.NewStyle().Foreground(ColorOK)
	// Muted is secondary text: hints, empty states, timestamps.
	Muted = lipgloss.NewStyle().Foreground(ColorMuted)
	// TableHeader is the column titles row.
	TableHeader = lipgloss.NewStyle().Bold(true).Underline(true)
	// Selected is the row under the cursor; reverse video keeps it visible
	// on any palette.
	Selected = lipgloss.NewStyle().Reverse(true)
	// Marked is a row picked for a bulk action.
	Marked = lipgloss.NewStyle().Bold(true).Foreground(ColorAccent)
	// Modal is the box of every dialog: set its Width and render the
	// content with it.
	Modal = lipgloss.NewStyle().Border(border()).BorderForeground(ColorAccent).Padding(0, 1)
	// DemoBadge flags that the app runs against demo data.
	DemoBadge = lipgloss.NewStyle().Bold(true).Reverse(true).Foreground(ColorWarning).Padding(0, 1)
)

// Styles of each check status.
var (
	StatusOK       = lipgloss.NewStyle().Foreground(ColorOK)
	StatusWarning  = lipgloss.NewStyle().Bold(true).Foreground(ColorWarning)
	StatusCritical = lipgloss.NewStyle().Bold(true).Foreground(ColorError)
	StatusUnknown  = lipgloss.NewStyle().Foreground(ColorUnknown)
)

// Status presents a Sensu check status as a symbol, a short label and a
// style, so it reads without colour: 0 OK, 1 WARN, 2 CRIT, anything else
// UNKN. With ASCII set the symbols are v ! x ?.
func Status(status uint32) (symbol string, label string, style lipgloss.Style) {
	switch status {
	case ok:
		return pickGlobal("✔", "v"), "OK", StatusOK
	case warning:
		return "!", "WARN", StatusWarning
	case critical:
		return pickGlobal("✖", "x"), "CRIT", StatusCritical
	default:
		return "?", "UNKN", StatusUnknown
	}
}

// HistoryStrip draws the most recent statuses (oldest first, as Sensu keeps
// check history) as one glyph each: ▁ OK, ▄ warning, █ critical, ▒ unknown;
// with ASCII set, . ! X ?. The glyph shapes differ, so the strip reads
// without colour and is returned unstyled for use in a table cell. The
// result is exactly width cells wide, right-aligned so the newest status
// sits in the same column on every row; a longer history keeps its last
// width entries.
func HistoryStrip(statuses []uint32, width int) string {
	if width <= 0 {
		return ""
	}
	if len(statuses) > width {
		statuses = statuses[len(statuses)-width:]
	}
	var b strings.Builder
	b.Grow(width * 3)
	b.WriteString(strings.Repeat(" ", width-len(statuses)))
	for _, s := range statuses {
		switch s {
		case ok:
			b.WriteString(pickGlobal("▁", "."))
		case warning:
			b.WriteString(pickGlobal("▄", "!"))
		case critical:
			b.WriteString(pickGlobal("█", "X"))
		default:
			b.WriteString(pickGlobal("▒", "?"))
		}
	}
	return b.String()
}

// Glyphs with an ASCII stand-in, for text that other packages draw.
var (
	// Ellipsis marks truncated text.
	Ellipsis = Glyph{"…", "~"}
	// Separator sits between help items and other inline lists.
	Separator = Glyph{" · ", " | "}
	// WarningSign prefixes warnings.
	WarningSign = Glyph{"⚠", "!"}
)

// Glyph is a symbol with its ASCII fallback.
type Glyph struct{ UTF8, ASCII string }

// String returns the symbol for the current ASCII setting.
func (g Glyph) String() string { return pickGlobal(g.UTF8, g.ASCII) }

func pickGlobal(utf8, ascii string) string {
	if ASCII {
		return ascii
	}
	return utf8
}
