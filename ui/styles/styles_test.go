package styles

import (
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// renderer is a renderer with a fixed profile and background, as a
// terminal of that kind would give.
func renderer(p termenv.Profile, dark bool) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(p)
	r.SetHasDarkBackground(dark)
	return r
}

func TestStatus(t *testing.T) {
	tests := map[string]struct {
		status                uint32
		ascii                 bool
		wantSymbol, wantLabel string
	}{
		"ok":             {0, false, "✔", "OK"},
		"warning":        {1, false, "!", "WARN"},
		"critical":       {2, false, "✖", "CRIT"},
		"unknown 3":      {3, false, "?", "UNKN"},
		"unknown 127":    {127, false, "?", "UNKN"},
		"ok ascii":       {0, true, "v", "OK"},
		"warning ascii":  {1, true, "!", "WARN"},
		"critical ascii": {2, true, "x", "CRIT"},
		"unknown ascii":  {42, true, "?", "UNKN"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			sym, label, _ := New(renderer(termenv.Ascii, true), tc.ascii).Status(tc.status)
			if sym != tc.wantSymbol || label != tc.wantLabel {
				t.Fatalf("Status(%d) = %q %q, want %q %q", tc.status, sym, label, tc.wantSymbol, tc.wantLabel)
			}
			if w := ansi.StringWidth(sym); w != 1 {
				t.Fatalf("symbol %q is %d cells wide, want 1", sym, w)
			}
		})
	}
}

func TestStatusColoursDiffer(t *testing.T) {
	st := Default()
	seen := map[lipgloss.AdaptiveColor]uint32{}
	for _, s := range []uint32{0, 1, 2, 3} {
		_, _, style := st.Status(s)
		fg, ok := style.GetForeground().(lipgloss.AdaptiveColor)
		if !ok {
			t.Fatalf("status %d has no adaptive foreground", s)
		}
		if prev, dup := seen[fg]; dup {
			t.Fatalf("statuses %d and %d share a colour", prev, s)
		}
		seen[fg] = s
	}
}

func TestSeverityOrder(t *testing.T) {
	statuses := []uint32{0, 2, 1, 3, 0, 2}
	slices.SortStableFunc(statuses, func(a, b uint32) int { return Severity(b) - Severity(a) })
	want := []uint32{2, 2, 1, 3, 0, 0} // critical, warning, unknown, OK, as the backend sorts
	if !slices.Equal(statuses, want) {
		t.Fatalf("sorted by severity = %v, want %v", statuses, want)
	}
	if Severity(255) != Severity(3) {
		t.Fatalf("all unknown statuses should rank the same")
	}
}

func TestHistoryStrip(t *testing.T) {
	tests := map[string]struct {
		statuses []uint32
		width    int
		ascii    bool
		want     string
	}{
		"exact":          {[]uint32{0, 1, 2, 3}, 4, false, "▁▄█▒"},
		"keeps newest":   {[]uint32{2, 2, 0, 1, 0}, 3, false, "▁▄▁"},
		"pads left":      {[]uint32{2}, 4, false, "   █"},
		"empty history":  {nil, 3, false, "   "},
		"zero width":     {[]uint32{0, 1}, 0, false, ""},
		"negative width": {[]uint32{0, 1}, -5, false, ""},
		"ascii":          {[]uint32{0, 1, 2, 9}, 5, true, " .!X?"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := New(renderer(termenv.Ascii, true), tc.ascii).HistoryStrip(tc.statuses, tc.width)
			if got != tc.want {
				t.Fatalf("HistoryStrip(%v, %d) = %q, want %q", tc.statuses, tc.width, got, tc.want)
			}
			if w := ansi.StringWidth(got); w != max(tc.width, 0) {
				t.Fatalf("width %d, want %d", w, tc.width)
			}
		})
	}
}

func TestDetectASCII(t *testing.T) {
	tests := map[string]struct {
		env  map[string]string
		want bool
	}{
		"nothing set":             {map[string]string{}, true},
		"LANG utf-8":              {map[string]string{"LANG": "en_GB.UTF-8"}, false},
		"LANG utf8 lower":         {map[string]string{"LANG": "de_DE.utf8"}, false},
		"LANG C":                  {map[string]string{"LANG": "C"}, true},
		"LC_ALL overrides LANG":   {map[string]string{"LC_ALL": "C", "LANG": "en_US.UTF-8"}, true},
		"LC_CTYPE over LANG":      {map[string]string{"LC_CTYPE": "C.UTF-8", "LANG": "C"}, false},
		"LC_ALL over LC_CTYPE":    {map[string]string{"LC_ALL": "en_US.UTF-8", "LC_CTYPE": "POSIX"}, false},
		"latin1 is not utf-8":     {map[string]string{"LANG": "fr_FR.ISO-8859-1"}, true},
		"empty LC_ALL falls back": {map[string]string{"LC_ALL": "", "LANG": "en_US.UTF-8"}, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := DetectASCII(func(k string) string { return tc.env[k] }); got != tc.want {
				t.Fatalf("DetectASCII(%v) = %v, want %v", tc.env, got, tc.want)
			}
		})
	}
}

func TestGlyphs(t *testing.T) {
	utf8 := New(renderer(termenv.Ascii, true), false)
	if utf8.Ellipsis() != "…" || utf8.Separator() != " · " || utf8.WarningSign() != "⚠" {
		t.Fatalf("UTF-8 glyphs %q %q %q", utf8.Ellipsis(), utf8.Separator(), utf8.WarningSign())
	}
	ascii := New(renderer(termenv.Ascii, true), true)
	for _, g := range []string{ascii.Ellipsis(), ascii.Separator(), ascii.WarningSign()} {
		for _, r := range g {
			if r > 0x7e {
				t.Fatalf("ASCII glyph %q has non-ASCII %q", g, r)
			}
		}
	}
	if !ascii.ASCII() || utf8.ASCII() {
		t.Fatalf("ASCII() = %v for ascii, %v for utf-8", ascii.ASCII(), utf8.ASCII())
	}
}

// TestBordersFollowASCII also shows that two sets of styles are independent:
// building the ASCII one does not change the rounded one.
func TestBordersFollowASCII(t *testing.T) {
	rounded := New(renderer(termenv.Ascii, true), false)
	ascii := New(renderer(termenv.Ascii, true), true)
	for name, box := range map[string]lipgloss.Style{"Modal": ascii.Modal, "Box": ascii.Box} {
		if got := box.Width(6).Render("hi"); !strings.HasPrefix(got, "+------+") {
			t.Errorf("ASCII %s border:\n%s", name, got)
		}
	}
	for name, box := range map[string]lipgloss.Style{"Modal": rounded.Modal, "Box": rounded.Box} {
		if got := box.Width(6).Render("hi"); !strings.HasPrefix(got, "╭──────╮") {
			t.Errorf("UTF-8 %s border:\n%s", name, got)
		}
	}
}

// TestStylesFollowTheirRenderer: each set of styles draws with its own
// renderer's profile and background, whatever another set uses.
func TestStylesFollowTheirRenderer(t *testing.T) {
	trueDark := New(renderer(termenv.TrueColor, true), false)
	ansi256Light := New(renderer(termenv.ANSI256, false), false)
	none := New(renderer(termenv.Ascii, true), false)
	tests := []struct {
		name string
		st   *Styles
		want string
	}{
		{"true colour, dark", trueDark, "\x1b[1;38;2;255;95;95m"}, // #FF5F5F
		{"256 colours, light", ansi256Light, "\x1b[1;38;5;124m"},  // #C0262D
		{"no colour", none, ""},
	}
	for _, tc := range tests {
		got := tc.st.Error.Render("x")
		if tc.want == "" {
			if got != "x" {
				t.Errorf("%s: Error renders %q, want plain x", tc.name, got)
			}
			continue
		}
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: Error renders %q, want it to start %q", tc.name, got, tc.want)
		}
	}
}

var sgr = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// hasColour reports whether s sets a foreground or background colour.
func hasColour(s string) bool {
	for _, m := range sgr.FindAllStringSubmatch(s, -1) {
		for _, p := range strings.Split(m[1], ";") {
			if n, err := strconv.Atoi(p); err == nil && (n >= 30 && n <= 49 || n >= 90 && n <= 107) {
				return true
			}
		}
	}
	return false
}

// TestNewMonochrome: no style sets a colour, yet the attributes that mark
// the cursor row, titles and tabs still reach the terminal.
func TestNewMonochrome(t *testing.T) {
	st := NewMonochrome(renderer(termenv.ANSI256, true), false)
	v := reflect.ValueOf(st).Elem()
	checked := 0
	for i := range v.NumField() {
		if !v.Type().Field(i).IsExported() {
			continue
		}
		style, ok := v.Field(i).Interface().(lipgloss.Style)
		if !ok {
			continue
		}
		name := v.Type().Field(i).Name
		checked++
		for what, c := range map[string]lipgloss.TerminalColor{
			"foreground": style.GetForeground(), "background": style.GetBackground(),
			"border": style.GetBorderTopForeground(),
		} {
			if _, none := c.(lipgloss.NoColor); !none {
				t.Errorf("%s has %s colour %v", name, what, c)
			}
		}
		if out := style.Render("x"); hasColour(out) {
			t.Errorf("%s renders colour: %q", name, out)
		}
	}
	if checked < 20 {
		t.Fatalf("checked only %d styles", checked)
	}
	if got := st.Selected.Render("row"); !strings.Contains(got, "\x1b[7m") {
		t.Errorf("the selected row lost its reverse video: %q", got)
	}
	if got := st.Error.Render("x"); !strings.Contains(got, "\x1b[1m") {
		t.Errorf("errors lost their bold: %q", got)
	}
	if got := New(renderer(termenv.ANSI256, true), false).Error.Render("x"); !hasColour(got) {
		t.Fatalf("the colour check cannot see colour: %q", got)
	}
}

// TestWidgetsUseTheRenderer: the help bar and text fields draw with the
// styles' renderer, not lipgloss's default one (which uses no colour in tests).
func TestWidgetsUseTheRenderer(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	st := New(renderer(termenv.TrueColor, true), false)

	in := st.NewTextInput()
	in.Placeholder = "type here"
	in.Focus()
	if got := in.View(); !strings.Contains(got, "\x1b[7m") || !strings.Contains(got, "38;5;240") {
		t.Errorf("text field without its cursor or placeholder style: %q", got)
	}
	h := st.NewHelp()
	if got := h.ShortHelpView([]key.Binding{key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit"))}); !strings.Contains(got, "\x1b[38;2;") {
		t.Errorf("help drawn without true colour: %q", got)
	}
}

// TestWidthIsTheTerminals checks Width against the widths tmux 3.3a
// draws (glibc 2.36's wcswidth, code point by code point), where a
// grapheme count says otherwise.
func TestWidthIsTheTerminals(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"web-01", 6},
		{"✖ CRIT", 6},
		{"日本語", 6},
		{"\x1b[31mred\x1b[0m", 3},
		{"e\u0301", 1},
		{"…", 1},
		{"नमस्ते", 4},       // a conjunct is one cluster but two code points of width 1
		{"क्षि", 3},         // conjunct and a spacing vowel sign
		{"a\u0903", 2},      // a spacing mark after a letter
		{"👍🏽", 4},           // an emoji and its skin tone, one cluster
		{"🇺🇸", 2},           // a flag: two regional indicators
		{"\u1100\u1161", 3}, // a leading consonant (2) and a medial vowel go-runewidth calls 1
	}
	for _, tc := range tests {
		if got := Width(tc.s); got != tc.want {
			t.Errorf("Width(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

func TestFitCutsAndPadsToTerminalWidth(t *testing.T) {
	tests := []struct {
		s     string
		width int
		want  string
	}{
		{"नमस्ते", 6, "नमस्ते  "},
		{"नमस्ते", 3, "नम…"},
		{"👍🏽ok", 5, "👍🏽…"},
		{"abc", 2, "a…"},
		{"\x1b[31mनमस्ते\x1b[0m", 3, "\x1b[31mनम…\x1b[0m"},
		{"東京", 3, "東…"},
		{"東京", 1, "…"},
	}
	for _, tc := range tests {
		got := Fit(tc.s, tc.width, "…")
		if got != tc.want || Width(got) != tc.width {
			t.Errorf("Fit(%q, %d) = %q (%d cells), want %q", tc.s, tc.width, got, Width(got), tc.want)
		}
	}
}

func TestFillHeight(t *testing.T) {
	tests := map[string]struct {
		in     string
		height int
		want   string
	}{
		"adds blank lines": {"ab\ncd", 4, "ab\ncd\n  \n  "},
		"exact":            {"ab\ncd", 2, "ab\ncd"},
		"cuts":             {"ab\ncd\nef", 2, "ab\ncd"},
		"one line":         {"ab\ncd", 1, "ab"},
		"no room":          {"ab", 0, ""},
	}
	for name, tc := range tests {
		if got := FillHeight(tc.in, 2, tc.height); got != tc.want {
			t.Errorf("%s: FillHeight(%q, 2, %d) = %q, want %q", name, tc.in, tc.height, got, tc.want)
		}
	}
}

func TestBlock(t *testing.T) {
	tests := map[string]struct {
		text          string
		width, height int
		want          string
	}{
		"pads":               {"ab\nc", 3, 3, "ab \nc  \n   "},
		"cuts lines":         {"abcdef", 3, 1, "abc"},
		"cuts height":        {"a\nb\nc", 1, 2, "a\nb"},
		"counts as wcwidth":  {"नमस्ते", 4, 1, "नमस्ते"}, // four cells on a terminal, three graphemes
		"wide runes":         {"東京東京", 5, 1, "東京 "},
		"escapes keep whole": {"\x1b[1mabcdef\x1b[0m", 2, 1, "\x1b[1mab\x1b[0m"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := Block(tc.text, tc.width, tc.height)
			if got != tc.want {
				t.Fatalf("Block(%q, %d, %d) = %q, want %q", tc.text, tc.width, tc.height, got, tc.want)
			}
			for _, line := range strings.Split(got, "\n") {
				if w := Width(line); w != tc.width {
					t.Fatalf("line %q is %d cells, want %d", line, w, tc.width)
				}
			}
		})
	}
}
