package styles

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// withASCII runs f with the ASCII setting v, restoring it afterwards.
func withASCII(t *testing.T, v bool, f func()) {
	t.Helper()
	old := ASCII
	SetASCII(v)
	defer SetASCII(old)
	f()
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
			withASCII(t, tc.ascii, func() {
				sym, label, _ := Status(tc.status)
				if sym != tc.wantSymbol || label != tc.wantLabel {
					t.Fatalf("Status(%d) = %q %q, want %q %q", tc.status, sym, label, tc.wantSymbol, tc.wantLabel)
				}
				if w := ansi.StringWidth(sym); w != 1 {
					t.Fatalf("symbol %q is %d cells wide, want 1", sym, w)
				}
			})
		})
	}
}

func TestStatusColoursDiffer(t *testing.T) {
	seen := map[lipgloss.AdaptiveColor]uint32{}
	for _, s := range []uint32{0, 1, 2, 3} {
		_, _, st := Status(s)
		fg, ok := st.GetForeground().(lipgloss.AdaptiveColor)
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
	want := []uint32{2, 2, 3, 1, 0, 0}
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
			withASCII(t, tc.ascii, func() {
				got := HistoryStrip(tc.statuses, tc.width)
				if got != tc.want {
					t.Fatalf("HistoryStrip(%v, %d) = %q, want %q", tc.statuses, tc.width, got, tc.want)
				}
				if w := ansi.StringWidth(got); w != max(tc.width, 0) {
					t.Fatalf("width %d, want %d", w, tc.width)
				}
			})
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

func TestGlyph(t *testing.T) {
	withASCII(t, false, func() {
		if Ellipsis.String() != "…" {
			t.Fatalf("Ellipsis = %q", Ellipsis.String())
		}
	})
	withASCII(t, true, func() {
		for _, g := range []Glyph{Ellipsis, Separator, WarningSign} {
			for _, r := range g.String() {
				if r > 0x7e {
					t.Fatalf("ASCII glyph %q has non-ASCII %q", g.String(), r)
				}
			}
		}
	})
}

func TestSetASCIISwitchesModalBorder(t *testing.T) {
	withASCII(t, true, func() {
		if got := Modal.Width(6).Render("hi"); !strings.HasPrefix(got, "+------+") {
			t.Fatalf("ASCII modal border:\n%s", got)
		}
	})
	if got := Modal.Width(6).Render("hi"); !strings.HasPrefix(got, "╭──────╮") {
		t.Fatalf("modal border after SetASCII(false):\n%s", got)
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
