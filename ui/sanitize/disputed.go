package sanitize

import "unicode"

// Terminals draw a string one code point at a time, each as wide as
// wcwidth(3) says; the layout measures the same way (ansi.StringWidthWc,
// which follows go-runewidth). The code points below are the ones where
// that rule is not settled: the C library behind tmux 3.3a on Debian 12
// (glibc 2.36, Unicode 14 tables), go-runewidth and terminals that draw
// emoji sequences as one glyph give them different widths, so a row that
// holds one can shift or wrap. Line and Text show each as U+FFFD, one cell
// everywhere, as they do unassigned code points (unicode.Cn), which glibc
// rejects (wcwidth -1) and tmux does not draw.
//
// The table was made by comparing glibc 2.36's wcwidth with
// ansi.StringWidthWc over every code point; its test lists where each
// range comes from. It matches unicode.Version 15.0.0: a Go release with
// newer tables makes more code points assigned and needs it reviewed.
var disputed = &unicode.RangeTable{
	R16: []unicode.Range16{
		// Unicode 15.0 additions, unknown to glibc 2.36 (wcwidth -1).
		{Lo: 0x0cf3, Hi: 0x0cf3, Stride: 1},
		{Lo: 0x0ece, Hi: 0x0ece, Stride: 1},
		// Hangul Jamo medial vowels and finals: glibc 0, as they join a
		// leading consonant; go-runewidth 1.
		{Lo: 0x1160, Hi: 0x11ff, Stride: 1},
		// Trigram and digram symbols: wide since Unicode 16.0 (go-runewidth
		// 2), narrow before (glibc 1).
		{Lo: 0x2630, Hi: 0x2637, Stride: 1},
		{Lo: 0x268a, Hi: 0x268f, Stride: 1},
		// Circled numbers on black squares (East Asian Ambiguous): glibc 2,
		// go-runewidth 1.
		{Lo: 0x3248, Hi: 0x324f, Stride: 1},
		// Hangul Jamo Extended-B, vowels and finals: as U+1160–U+11FF.
		{Lo: 0xd7b0, Hi: 0xd7c6, Stride: 1},
		{Lo: 0xd7cb, Hi: 0xd7fb, Stride: 1},
	},
	R32: []unicode.Range32{
		// Unicode 15.0 additions, unknown to glibc 2.36 (wcwidth -1):
		// Arabic Extended-C, Kawi, Egyptian hieroglyphs, Kaktovik
		// numerals, Cyrillic Extended-D, Nag Mundari, CJK Extension H,
		// and new symbols and emoji.
		{Lo: 0x10efd, Hi: 0x10eff, Stride: 1},
		{Lo: 0x1123f, Hi: 0x11241, Stride: 1},
		{Lo: 0x11b00, Hi: 0x11b09, Stride: 1},
		{Lo: 0x11f00, Hi: 0x11f10, Stride: 1},
		{Lo: 0x11f12, Hi: 0x11f3a, Stride: 1},
		{Lo: 0x11f3e, Hi: 0x11f59, Stride: 1},
		{Lo: 0x1342f, Hi: 0x1342f, Stride: 1},
		{Lo: 0x13440, Hi: 0x13455, Stride: 1},
		{Lo: 0x1b132, Hi: 0x1b132, Stride: 1},
		{Lo: 0x1b155, Hi: 0x1b155, Stride: 1},
		// Musical symbol combining stems and augmentation dots (spacing
		// marks): glibc 1, go-runewidth 0.
		{Lo: 0x1d165, Hi: 0x1d166, Stride: 1},
		{Lo: 0x1d16d, Hi: 0x1d172, Stride: 1},
		// Unicode 15.0: Kaktovik numerals.
		{Lo: 0x1d2c0, Hi: 0x1d2d3, Stride: 1},
		// Tai Xuan Jing symbols and counting rods: wide since Unicode 16.0
		// (go-runewidth 2), narrow before (glibc 1).
		{Lo: 0x1d300, Hi: 0x1d356, Stride: 1},
		{Lo: 0x1d360, Hi: 0x1d376, Stride: 1},
		// Unicode 15.0: Latin Extended-G, Cyrillic Extended-D, Nag Mundari.
		{Lo: 0x1df25, Hi: 0x1df2a, Stride: 1},
		{Lo: 0x1e030, Hi: 0x1e06d, Stride: 1},
		{Lo: 0x1e08f, Hi: 0x1e08f, Stride: 1},
		{Lo: 0x1e4d0, Hi: 0x1e4f9, Stride: 1},
		// Emoji skin-tone modifiers: tmux 3.3a and xterm draw one as two
		// more cells after the emoji it follows, terminals that draw emoji
		// sequences as one glyph draw it inside that emoji's two.
		{Lo: 0x1f3fb, Hi: 0x1f3ff, Stride: 1},
		// Unicode 15.0: new symbols and emoji.
		{Lo: 0x1f6dc, Hi: 0x1f6dc, Stride: 1},
		{Lo: 0x1f774, Hi: 0x1f776, Stride: 1},
		{Lo: 0x1f77b, Hi: 0x1f77f, Stride: 1},
		{Lo: 0x1f7d9, Hi: 0x1f7d9, Stride: 1},
		{Lo: 0x1fa75, Hi: 0x1fa77, Stride: 1},
		{Lo: 0x1fa87, Hi: 0x1fa88, Stride: 1},
		{Lo: 0x1faad, Hi: 0x1faaf, Stride: 1},
		{Lo: 0x1fabb, Hi: 0x1fabd, Stride: 1},
		{Lo: 0x1fabf, Hi: 0x1fabf, Stride: 1},
		{Lo: 0x1face, Hi: 0x1facf, Stride: 1},
		{Lo: 0x1fada, Hi: 0x1fadb, Stride: 1},
		{Lo: 0x1fae8, Hi: 0x1fae8, Stride: 1},
		{Lo: 0x1faf7, Hi: 0x1faf8, Stride: 1},
		// Unicode 15.0: CJK Extension H and a CJK Extension B addition.
		{Lo: 0x2b739, Hi: 0x2b739, Stride: 1},
		{Lo: 0x31350, Hi: 0x323af, Stride: 1},
	},
}

// replaced reports a code point Line and Text show as U+FFFD: unassigned,
// or of a width terminals disagree on.
func replaced(r rune) bool {
	if r < 0x10000 {
		return replacedBMP[r>>6]&(1<<(r&63)) != 0
	}
	return unicode.Is(unicode.Cn, r) || unicode.Is(disputed, r)
}

// replacedBMP is replaced as a bitset over the basic multilingual plane,
// where almost all text is: a bit test instead of searching two tables
// for every rune of every cell of every frame.
var replacedBMP [0x10000 / 64]uint64

func init() {
	for _, t := range []*unicode.RangeTable{unicode.Cn, disputed} {
		for _, rg := range t.R16 {
			for c := rune(rg.Lo); c <= rune(rg.Hi); c += rune(rg.Stride) {
				replacedBMP[c>>6] |= 1 << (c & 63)
			}
		}
	}
}
