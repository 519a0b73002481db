// Package styles holds the colours and named styles every view draws with,
// and the presentation of Sensu check statuses.
//
// Styles are built per lipgloss renderer (New), so each terminal, such as
// each SSH session, draws with its own colour profile and background, and
// in UTF-8 or plain ASCII. Colours are lipgloss adaptive colours, so they
// suit light and dark terminals; the renderer picks the colour profile (and
// drops all styling for NO_COLOR or a dumb terminal). Nothing here relies on
// colour alone: statuses carry a symbol and a label, and the selected table
// row has a marker. Programs should resolve the background colour (for
// example by calling the renderer's HasDarkBackground) before the Bubble Tea
// program starts, so the terminal query does not race the program's input
// reader.
package styles

import (
	"os"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

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

// Palette: adaptive colours shared by the styles.
var (
	colorAccent  = lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#A48CFF"}
	colorText    = lipgloss.AdaptiveColor{Light: "#1F1F1F", Dark: "#E4E4E4"}
	colorMuted   = lipgloss.AdaptiveColor{Light: "#6E6E6E", Dark: "#8A8A8A"}
	colorSubtle  = lipgloss.AdaptiveColor{Light: "#D0D0D0", Dark: "#3A3A3A"}
	colorOK      = lipgloss.AdaptiveColor{Light: "#1E7B34", Dark: "#4CD964"}
	colorWarning = lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#F5C451"}
	colorError   = lipgloss.AdaptiveColor{Light: "#C0262D", Dark: "#FF5F5F"}
	colorUnknown = lipgloss.AdaptiveColor{Light: "#8E3FA8", Dark: "#D78CFF"}

	// The help bar's and text fields' colours are those Bubbles draws them
	// with by default.
	colorHelpKey     = lipgloss.AdaptiveColor{Light: "#909090", Dark: "#626262"}
	colorHelpDesc    = lipgloss.AdaptiveColor{Light: "#B2B2B2", Dark: "#4A4A4A"}
	colorHelpSep     = lipgloss.AdaptiveColor{Light: "#DDDADA", Dark: "#3C3C3C"}
	colorPlaceholder = lipgloss.Color("240")
)

// Styles are the named styles of one terminal, bound to its renderer, with
// its choice of UTF-8 or ASCII symbols. Build them with New; treat them as
// read-only, since every view of the terminal shares them.
type Styles struct {
	r     *lipgloss.Renderer
	ascii bool

	// Header is the top bar with the app name and cluster.
	Header lipgloss.Style
	// Tab is an inactive view tab in the header.
	Tab lipgloss.Style
	// ActiveTab is the current view's tab; underlined so it shows without colour.
	ActiveTab lipgloss.Style
	// Title is a page or panel title.
	Title lipgloss.Style
	// Help is the help line of a dialog.
	Help lipgloss.Style
	// StatusLine is the one-line status bar (counts, position, last refresh).
	StatusLine lipgloss.Style
	// Error is an error message.
	Error lipgloss.Style
	// Warning is a caution, such as the warning line of a confirm dialog.
	Warning lipgloss.Style
	// Success is the result of an action that worked.
	Success lipgloss.Style
	// Muted is secondary text: hints, empty states, timestamps.
	Muted lipgloss.Style
	// TableHeader is the column titles row.
	TableHeader lipgloss.Style
	// Selected is the row under the cursor; reverse video keeps it visible
	// on any palette.
	Selected lipgloss.Style
	// Marked is a row picked for a bulk action.
	Marked lipgloss.Style
	// Modal is the box of every dialog: set its Width and render the
	// content with it.
	Modal lipgloss.Style
	// Box is the quieter frame of a form that fills the screen, such as
	// the login form.
	Box lipgloss.Style
	// DemoBadge flags that the app runs against demo data.
	DemoBadge lipgloss.Style

	// Styles of each check status; Status picks one.
	StatusOK, StatusWarning, StatusCritical, StatusUnknown lipgloss.Style

	// HelpKey, HelpDesc and HelpSeparator draw the help bar's keys, their
	// descriptions and what sits between them.
	HelpKey, HelpDesc, HelpSeparator lipgloss.Style
	// Placeholder is the hint in an empty text field.
	Placeholder lipgloss.Style
}

// New builds the styles on renderer r, which decides the colour profile and
// the background they are drawn for. With ascii set, symbols, glyphs and
// borders are plain ASCII, for terminals that cannot show UTF-8.
func New(r *lipgloss.Renderer, ascii bool) *Styles {
	return build(r, ascii, true)
}

// NewMonochrome builds styles without any colour: bold, underline and
// reverse video only, for a terminal that takes no colour (NO_COLOR, or a
// TERM without colours). r must not use the Ascii profile, which drops
// those attributes too: the cursor row needs its reverse video.
func NewMonochrome(r *lipgloss.Renderer, ascii bool) *Styles {
	return build(r, ascii, false)
}

// Default builds the styles on lipgloss's default renderer, in UTF-8: for
// tests and callers that draw to the process's own terminal.
func Default() *Styles {
	return New(lipgloss.DefaultRenderer(), false)
}

func build(r *lipgloss.Renderer, ascii, colour bool) *Styles {
	c := func(tc lipgloss.TerminalColor) lipgloss.TerminalColor {
		if !colour {
			return lipgloss.NoColor{}
		}
		return tc
	}
	s := &Styles{r: r, ascii: ascii}
	muted := r.NewStyle().Foreground(c(colorMuted))
	s.Header = r.NewStyle().Bold(true).Foreground(c(colorAccent))
	s.Tab = muted.Padding(0, 1)
	s.ActiveTab = r.NewStyle().Bold(true).Underline(true).Foreground(c(colorAccent)).Padding(0, 1)
	s.Title = r.NewStyle().Bold(true).Foreground(c(colorText))
	s.Help = muted
	s.StatusLine = muted
	s.Error = r.NewStyle().Bold(true).Foreground(c(colorError))
	s.Warning = r.NewStyle().Bold(true).Foreground(c(colorWarning))
	s.Success = r.NewStyle().Foreground(c(colorOK))
	s.Muted = muted
	s.TableHeader = r.NewStyle().Bold(true).Underline(true)
	s.Selected = r.NewStyle().Reverse(true)
	s.Marked = r.NewStyle().Bold(true).Foreground(c(colorAccent))
	s.Modal = r.NewStyle().Border(s.Border()).BorderForeground(c(colorAccent)).Padding(0, 1)
	s.Box = r.NewStyle().Border(s.Border()).BorderForeground(c(colorSubtle)).Padding(0, 1)
	s.DemoBadge = r.NewStyle().Bold(true).Reverse(true).Foreground(c(colorWarning)).Padding(0, 1)

	s.StatusOK = r.NewStyle().Foreground(c(colorOK))
	s.StatusWarning = r.NewStyle().Bold(true).Foreground(c(colorWarning))
	s.StatusCritical = r.NewStyle().Bold(true).Foreground(c(colorError))
	s.StatusUnknown = r.NewStyle().Foreground(c(colorUnknown))

	s.HelpKey = r.NewStyle().Foreground(c(colorHelpKey))
	s.HelpDesc = r.NewStyle().Foreground(c(colorHelpDesc))
	s.HelpSeparator = r.NewStyle().Foreground(c(colorHelpSep))
	s.Placeholder = r.NewStyle().Foreground(c(colorPlaceholder))
	return s
}

// ASCII reports whether symbols, glyphs and borders are plain ASCII.
func (s *Styles) ASCII() bool { return s.ascii }

// Renderer is the renderer the styles are bound to.
func (s *Styles) Renderer() *lipgloss.Renderer { return s.r }

// NewStyle is a blank style on the same renderer, for one-off layout.
func (s *Styles) NewStyle() lipgloss.Style { return s.r.NewStyle() }

// Border is the border of dialogs and boxes: rounded, or ASCII.
func (s *Styles) Border() lipgloss.Border {
	if s.ascii {
		return lipgloss.ASCIIBorder()
	}
	return lipgloss.RoundedBorder()
}

// NewHelp is a Bubbles help model drawn with these styles.
func (s *Styles) NewHelp() help.Model {
	h := help.New()
	h.Styles = help.Styles{
		Ellipsis:       s.HelpSeparator,
		ShortKey:       s.HelpKey,
		ShortDesc:      s.HelpDesc,
		ShortSeparator: s.HelpSeparator,
		FullKey:        s.HelpKey,
		FullDesc:       s.HelpDesc,
		FullSeparator:  s.HelpSeparator,
	}
	return h
}

// NewTextInput is a Bubbles text field drawn with these styles: its
// placeholder, completion and cursor would otherwise be bound to the
// default renderer.
func (s *Styles) NewTextInput() textinput.Model {
	in := textinput.New()
	in.PromptStyle = s.r.NewStyle()
	in.TextStyle = s.r.NewStyle()
	in.PlaceholderStyle = s.Placeholder
	in.CompletionStyle = s.Placeholder
	in.Cursor.Style = s.r.NewStyle()
	in.Cursor.TextStyle = s.r.NewStyle()
	return in
}

// Sensu check exit statuses; anything else is unknown.
const (
	ok       = 0
	warning  = 1
	critical = 2
)

// Status presents a Sensu check status as a symbol, a short label and a
// style, so it reads without colour: 0 OK, 1 WARN, 2 CRIT, anything else
// UNKN. In ASCII the symbols are v ! x ?.
func (s *Styles) Status(status uint32) (symbol string, label string, style lipgloss.Style) {
	switch status {
	case ok:
		return s.pick("✔", "v"), "OK", s.StatusOK
	case warning:
		return "!", "WARN", s.StatusWarning
	case critical:
		return s.pick("✖", "x"), "CRIT", s.StatusCritical
	default:
		return "?", "UNKN", s.StatusUnknown
	}
}

// Severity ranks a status for sorting, most urgent highest: critical 3,
// warning 2, unknown 1, OK 0. It is the backend's own order (GraphQL's
// SEVERITY, the web UI's), so a list sorted here and a page sorted by the
// server agree.
func Severity(status uint32) int {
	switch status {
	case ok:
		return 0
	case warning:
		return 2
	case critical:
		return 3
	default:
		return 1
	}
}

// HistoryStrip draws the most recent statuses (oldest first, as Sensu keeps
// check history) as one glyph each: ▁ OK, ▄ warning, █ critical, ▒ unknown;
// in ASCII, . ! X ?. The glyph shapes differ, so the strip reads without
// colour and is returned unstyled for use in a table cell. The result is
// exactly width cells wide, right-aligned so the newest status sits in the
// same column on every row; a longer history keeps its last width entries.
func (s *Styles) HistoryStrip(statuses []uint32, width int) string {
	if width <= 0 {
		return ""
	}
	if len(statuses) > width {
		statuses = statuses[len(statuses)-width:]
	}
	var b strings.Builder
	b.Grow(width * 3)
	b.WriteString(strings.Repeat(" ", width-len(statuses)))
	for _, st := range statuses {
		switch st {
		case ok:
			b.WriteString(s.pick("▁", "."))
		case warning:
			b.WriteString(s.pick("▄", "!"))
		case critical:
			b.WriteString(s.pick("█", "X"))
		default:
			b.WriteString(s.pick("▒", "?"))
		}
	}
	return b.String()
}

// Ellipsis marks truncated text.
func (s *Styles) Ellipsis() string { return s.pick("…", "~") }

// Separator sits between help items and other inline lists.
func (s *Styles) Separator() string { return s.pick(" · ", " | ") }

// WarningSign prefixes warnings.
func (s *Styles) WarningSign() string { return s.pick("⚠", "!") }

func (s *Styles) pick(utf8, ascii string) string {
	if s.ascii {
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

// Block makes text exactly width cells wide and height lines high, each
// line cut or padded as Fit does: laid out by lipgloss, whose width rule is
// not the terminal's, a line might otherwise wrap on screen and scroll it.
func Block(text string, width, height int) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		lines[i] = Fit(line, width, "")
	}
	return FillHeight(strings.Join(lines, "\n"), width, height)
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
