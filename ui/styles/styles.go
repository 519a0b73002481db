// Package styles holds the colours and named styles every view draws with,
// and the presentation of Sensu check statuses.
//
// Colours are lipgloss adaptive colours, so they suit light and dark
// terminals; the renderer picks the colour profile (and drops all styling
// for NO_COLOR or a dumb terminal). Nothing here relies on colour alone:
// statuses carry a symbol and a label, and the selected table row has a
// marker. Programs should resolve the background colour (for example by
// calling lipgloss.HasDarkBackground) before the Bubble Tea program starts,
// so the terminal query does not race the program's input reader.
package styles

import (
	"os"
	"strings"

	"github.com/charmbracelet/x/ansi"

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

// DetectASCII reports whether the locale does not use UTF-8, following the
// POSIX precedence LC_ALL, then LC_CTYPE, then LANG; an unset locale is the
// "C" locale, which is ASCII. getenv is normally os.Getenv.
func DetectASCII(getenv func(string) string) bool {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, name := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(name); v != "" {
			v = strings.ToLower(v)
			return !strings.Contains(v, "utf-8") && !strings.Contains(v, "utf8")
		}
	}
	return true
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

// Sensu check exit statuses; anything else is unknown.
const (
	ok       = 0
	warning  = 1
	critical = 2
)

// Status presents a Sensu check status as a symbol, a short label and a
// style, so it reads without colour: 0 OK, 1 WARN, 2 CRIT, anything else
// UNKN. With ASCII set the symbols are v ! x ?.
func Status(status uint32) (symbol string, label string, style lipgloss.Style) {
	switch status {
	case ok:
		return pick("✔", "v"), "OK", StatusOK
	case warning:
		return "!", "WARN", StatusWarning
	case critical:
		return pick("✖", "x"), "CRIT", StatusCritical
	default:
		return "?", "UNKN", StatusUnknown
	}
}

// Severity ranks a status for sorting, most urgent highest: critical 3,
// unknown 2, warning 1, OK 0. Unknown ranks above warning because a check
// that cannot say what state it is in may be hiding a failure.
func Severity(status uint32) int {
	switch status {
	case ok:
		return 0
	case warning:
		return 1
	case critical:
		return 3
	default:
		return 2
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
			b.WriteString(pick("▁", "."))
		case warning:
			b.WriteString(pick("▄", "!"))
		case critical:
			b.WriteString(pick("█", "X"))
		default:
			b.WriteString(pick("▒", "?"))
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
func (g Glyph) String() string { return pick(g.UTF8, g.ASCII) }

func pick(utf8, ascii string) string {
	if ASCII {
		return ascii
	}
	return utf8
}

// Fit cuts or pads s to exactly width cells, as Width measures them,
// ending a cut with tail.
func Fit(s string, width int, tail string) string {
	w := Width(s)
	if w > width {
		s = Truncate(s, width, tail)
		w = Width(s)
	}
	return s + strings.Repeat(" ", max(width-w, 0))
}

// Truncate cuts s to at most width cells, as Width measures them, ending
// a cut with tail; it returns "" when even tail does not fit. A cut falls
// between grapheme clusters, and escape sequences are kept whole, so a
// style still ends. (ansi.TruncateWc returns s uncut whenever its grapheme
// count fits, though its code points do not.)
func Truncate(s string, width int, tail string) string {
	if Width(s) <= width {
		return s
	}
	room := width - Width(tail)
	if room < 0 {
		return ""
	}
	var b strings.Builder
	var state byte
	used, cut := 0, false
	for s != "" {
		seq, w, n, next := ansi.DecodeSequenceWc(s, state, nil)
		state, s = next, s[n:]
		switch {
		case seq[0] < ' ' || seq[0] == 0x7f || (seq[0] >= 0x80 && seq[0] <= 0x9f):
			b.WriteString(seq) // an escape sequence or control: kept
		case cut:
		case used+w > room:
			cut = true
			b.WriteString(tail)
		default:
			b.WriteString(seq)
			used += w
		}
	}
	return b.String()
}

// FillHeight makes lines, each already width cells wide, exactly height
// lines: it cuts the extra ones and adds blank ones.
func FillHeight(lines string, width, height int) string {
	if height <= 0 {
		return ""
	}
	n := strings.Count(lines, "\n") + 1
	if n > height {
		i := 0
		for range height {
			i += strings.IndexByte(lines[i:], '\n') + 1
		}
		return lines[:i-1]
	}
	blank := "\n" + strings.Repeat(" ", width)
	return lines + strings.Repeat(blank, height-n)
}

// Width is the number of cells s takes on a terminal, escape sequences
// aside. Terminals (tmux, xterm) advance the cursor by wcwidth(3) for each
// code point and know nothing of grapheme clusters, so Width adds up the
// code points' widths (ansi.StringWidthWc, after go-runewidth), as they
// do: "नमस्ते" takes 4 cells, not the 3 clusters a grapheme count gives.
// Code points whose width terminals disagree on never get this far:
// ui/sanitize replaces them. Printable ASCII, most of what a table draws,
// is counted without decoding.
func Width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return ansi.StringWidthWc(s)
		}
	}
	return len(s)
}
