package sanitize

import (
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// disputedCodePoints are code points whose width terminals disagree on,
// each with where the disagreement was seen. "glibc" is glibc 2.36's
// wcwidth, which tmux 3.3a on Debian 12 draws by; "runewidth" is
// go-runewidth v0.0.27 as ansi.StringWidthWc uses it.
var disputedCodePoints = []struct {
	r    rune
	from string
}{
	{0x1160, "Hangul Jungseong filler: glibc 0, runewidth 1; shifted columns in tmux 3.3a"},
	{0x11a8, "Hangul Jongseong kiyeok: glibc 0, runewidth 1"},
	{0xd7b0, "Hangul Jungseong o-yeo (Jamo Extended-B): glibc 0, runewidth 1"},
	{0x2630, "trigram for heaven: glibc 1, runewidth 2 (wide since Unicode 16.0); shifted columns in tmux 3.3a"},
	{0x2637, "trigram for earth: as U+2630"},
	{0x268a, "monogram for yang: glibc 1, runewidth 2 (Unicode 16.0)"},
	{0x1d300, "monogram for earth (Tai Xuan Jing): glibc 1, runewidth 2 (Unicode 16.0)"},
	{0x1d360, "counting rod unit digit one: glibc 1, runewidth 2 (Unicode 16.0)"},
	{0x3248, "circled number ten on black square (East Asian Ambiguous): glibc 2, runewidth 1"},
	{0x1d165, "musical symbol combining stem (spacing mark): glibc 1, runewidth 0"},
	{0x1d16d, "musical symbol combining augmentation dot: glibc 1, runewidth 0"},
	{0x1f3fb, "emoji modifier Fitzpatrick type-1-2: drawn after its emoji by tmux 3.3a and xterm, inside it by terminals that draw emoji sequences as one glyph"},
	{0x1f3fd, "emoji modifier Fitzpatrick type-4: 👍🏽 wrapped a row in tmux 3.3a (4 cells drawn, 2 measured)"},
	{0x0cf3, "Kannada sign combining anusvara, Unicode 15.0: glibc -1, runewidth 0"},
	{0x11f00, "Kawi sign candrabindu, Unicode 15.0: glibc -1, runewidth 0"},
	{0x1e030, "modifier letter Cyrillic small a, Unicode 15.0: glibc -1, runewidth 1"},
	{0x1fa75, "light blue heart, Unicode 15.0: glibc -1, runewidth 2"},
	{0x1f6dc, "wireless, Unicode 15.0: glibc -1, runewidth 2"},
	{0x31350, "CJK Extension H, Unicode 15.0: glibc -1, runewidth 2"},
	{0x0378, "unassigned: glibc -1 and tmux draws nothing, runewidth 1; shifted columns in tmux 3.3a"},
	{0xe0080, "unassigned, in the Tags block: glibc -1, runewidth 1"},
	{0xfffe, "noncharacter: glibc -1, runewidth 1"},
	{0x10ffff, "noncharacter, the last code point: glibc -1, runewidth 1"},
}

func TestDisputedCodePointsBecomeOneCell(t *testing.T) {
	for _, tc := range disputedCodePoints {
		in := "a" + string(tc.r) + "b"
		if got := Line(in); got != "a\uFFFDb" {
			t.Errorf("Line(%q) = %q, want U+FFFD in place of %U (%s)", in, got, tc.r, tc.from)
		}
		if got := Text(in); got != "a\uFFFDb" {
			t.Errorf("Text(%q) = %q, want U+FFFD in place of %U (%s)", in, got, tc.r, tc.from)
		}
	}
}

// TestSanitisedWidthsAreTheTerminals checks strings from the field, once
// sanitised, against the cells tmux 3.3a draws for them (glibc 2.36's
// wcswidth of the sanitised string).
func TestSanitisedWidthsAreTheTerminals(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"नमस्ते", 4},
		{"👍🏽", 3},
		{"a\u1160b", 3},
		{"☰ ok", 4},
		{"\u1100\u1161\u11a8", 4},
		{"🇺🇸", 2},
		{"東京", 4},
		{"e\u0301", 1},
		{"a\u0378b", 3},
		{"क्षि", 3},
	}
	for _, tc := range tests {
		got := Line(tc.in)
		if w := ansi.StringWidthWc(got); w != tc.want {
			t.Errorf("Line(%q) = %q is %d cells by wcwidth, the terminal draws %d", tc.in, got, w, tc.want)
		}
	}
}

// TestDisputedTableMatchesTheUnicodeTables: the table lists code points
// assigned in Unicode 15.0, which glibc 2.36 does not know, by hand. Newer
// Go tables assign more code points, which would then pass as assigned.
func TestDisputedTableMatchesTheUnicodeTables(t *testing.T) {
	if unicode.Version != "15.0.0" {
		t.Fatalf("unicode.Version is %s: review the disputed table for code points assigned since 15.0.0", unicode.Version)
	}
	for i := 1; i < len(disputed.R32); i++ {
		if disputed.R32[i].Lo <= disputed.R32[i-1].Hi {
			t.Fatalf("disputed ranges out of order at %U", disputed.R32[i].Lo)
		}
	}
	for i := 1; i < len(disputed.R16); i++ {
		if disputed.R16[i].Lo <= disputed.R16[i-1].Hi {
			t.Fatalf("disputed ranges out of order at %U", disputed.R16[i].Lo)
		}
	}
}
