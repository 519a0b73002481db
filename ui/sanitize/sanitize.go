// Package sanitize makes untrusted text from the Sensu server safe to draw on
// a terminal. Every server-supplied string (names, labels, check output,
// error messages) goes through Line or Text before a view renders it, so a
// hostile check output cannot retitle the terminal, write the clipboard
// (OSC 52), plant hyperlinks, move the cursor or break the table layout.
//
// Both functions remove:
//   - escape sequences introduced by ESC, with their parameters and payload:
//     CSI (ESC [), OSC (ESC ]), DCS (ESC P), SOS (ESC X), PM (ESC ^),
//     APC (ESC _) and the short ESC sequences (ESC c, ESC ( B, ESC # 8, ...).
//     An unterminated sequence swallows the rest of the string;
//   - the same introducers in their 8-bit C1 form, either as the runes
//     U+0080–U+009F or as raw (invalid UTF-8) bytes 0x80–0x9F, which a
//     terminal in 8-bit mode treats identically; every other C1 control;
//   - every other C0 control and DEL;
//   - the bidi embedding, override and isolate controls (U+202A–U+202E,
//     U+2066–U+2069): each opens a direction state that, left unclosed,
//     leaks into the neighbouring cells and can make a name read differently
//     from its bytes. The zero-width marks LRM, RLM and ALM are kept;
//   - the zero-width joiner U+200D and the variation selectors U+FE0E and
//     U+FE0F. Terminals (tmux among them) disagree on how wide a joined
//     emoji sequence or an emoji-presentation symbol is, and a disagreement
//     shifts every column after it; without them every terminal draws each
//     emoji as its own character, at the width the layout measures;
//   - the line and paragraph separators U+2028 and U+2029, which some
//     terminals and pasted-into programs take as line breaks.
//
// Unassigned code points, and code points whose width terminals disagree
// on (see disputed), become U+FFFD: one cell wide for every terminal and
// every measure, so that no string from the server can shift a column or
// wrap a row. Invalid UTF-8 becomes U+FFFD too. Sequence ends follow the VT500 parser that
// terminals implement, so text a terminal would have printed after a
// sequence is kept: BEL or ST ends an OSC, ST (ESC \ or 0x9C) ends the other
// strings, CAN and SUB abort any sequence, and an ESC or C1 introducer inside
// a sequence ends it and starts the next one.
package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/graphemes"

	"github.com/charmbracelet/x/ansi"
)

// TabWidth is the tab stop interval Text expands tabs to; 8 matches the
// terminal default that command output such as `df` or `ps` is laid out for.
const TabWidth = 8

const (
	bel = 0x07
	can = 0x18
	sub = 0x1a
	esc = 0x1b
	del = 0x7f
)

// state is where the parser is inside (or outside) a control sequence.
type state uint8

const (
	ground   state = iota // ordinary text
	escape                // after ESC
	escInter              // after ESC and intermediate bytes 0x20–0x2F
	csi                   // control sequence parameters, ended by a final byte
	str                   // DCS, SOS, PM or APC payload, ended by ST
	osc                   // OSC payload, ended by ST or BEL
)

// Line returns s made safe to draw as a single table cell or line: besides
// the removals described in the package doc, each line break (LF, CR or
// CRLF) and each tab becomes one space. It returns s itself, without
// allocating, when there is nothing to change.
func Line(s string) string {
	if i := firstUnsafe(s, false); i < len(s) {
		s = clean(s, i, false)
	}
	return trimJoiners(s)
}

// trimJoiners drops what would join the cell to its neighbours: combining
// marks at the start attach to the separator before the cell, and a
// prepended mark at the end attaches to the padding after it. Either way
// the row would lose or gain a cell.
func trimJoiners(s string) string {
	for s != "" {
		r, size := utf8.DecodeRuneInString(s)
		if r < 0x300 || unicode.In(r, plainScripts...) || !extends(r) {
			break
		}
		s = s[size:]
	}
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		if r < 0x600 || !prepends(r) {
			break
		}
		s = s[:len(s)-size]
	}
	return s
}

// plainScripts are scripts whose letters never join a neighbour, so the
// common case skips the grapheme segmenter (which allocates).
var plainScripts = []*unicode.RangeTable{unicode.Latin, unicode.Greek, unicode.Cyrillic,
	unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul}

// prepends reports a rune that joins the character after it into one
// grapheme (Unicode's Prepend class), and extends one that joins the
// character before it (marks, joiners). They ask the segmenter the width
// measurement (x/ansi) uses, so both agree on the Unicode version.
func prepends(r rune) bool {
	var b [utf8.UTFMax + 1]byte
	n := utf8.EncodeRune(b[:], r)
	b[n] = 'x'
	return oneCluster(b[:n+1])
}

func extends(r rune) bool {
	var b [utf8.UTFMax + 1]byte
	b[0] = 'x'
	n := utf8.EncodeRune(b[1:], r)
	return oneCluster(b[:n+1])
}

// oneCluster works on bytes so that the checks do not allocate.
func oneCluster(b []byte) bool { return len(graphemes.FromBytes(b).First()) == len(b) }

// Text returns s made safe to draw as multi-line text in a detail or output
// viewport: like Line, but line breaks are kept and normalised to "\n" (CRLF
// and a lone CR each become one "\n") and tabs are expanded with spaces to
// the next multiple of TabWidth columns. It returns s itself, without
// allocating, when there is nothing to change.
func Text(s string) string {
	i := firstUnsafe(s, true)
	if i == len(s) {
		return s
	}
	return clean(s, i, true)
}

// firstUnsafe returns the byte index of the first thing clean would change,
// or len(s) when s is already safe.
func firstUnsafe(s string, multiline bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && (c != '\n' || !multiline)) || c == del {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || isC1(r) || isDropped(r) || replaced(r) {
			return i
		}
		i += size
	}
	return len(s)
}

// clean rewrites s from byte start on, which must be in ground state (the
// prefix before start is copied unchanged).
func clean(s string, start int, multiline bool) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:start])

	// Tab expansion needs the display column: col is the column at output
	// byte segStart, and the text written after segStart is measured only
	// when a tab arrives, so each byte is measured once.
	col := 0
	segStart := strings.LastIndexByte(s[:start], '\n') + 1
	lineBreak := func() {
		if multiline {
			b.WriteByte('\n')
			col, segStart = 0, b.Len()
		} else {
			b.WriteByte(' ')
		}
	}

	st := ground
	for i := start; i < len(s); {
		j := i
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 && s[i] <= 0x9f {
				r = rune(s[i]) // a raw 8-bit C1 byte acts as that control
			}
		}
		i += size

		// Transitions that apply in every state, as in a terminal's parser.
		switch {
		case st != ground && (r == '\n' || r == '\r'):
			// A line break ends any sequence, so an unterminated one in one
			// field cannot swallow the trusted text on the lines after it.
			st = ground
		case r == esc:
			st = escape
			continue
		case r == can || r == sub:
			st = ground
			continue
		case isC1(r):
			st = c1State(r)
			continue
		}

		switch st {
		case escape, escInter:
			switch {
			case r < 0x20 || r == del:
				// Ignored inside a sequence.
			case r <= 0x2f:
				st = escInter
			case st == escape && r == '[':
				st = csi
			case st == escape && r == ']':
				st = osc
			case st == escape && (r == 'P' || r == 'X' || r == '^' || r == '_'):
				st = str
			case r <= 0x7e:
				st = ground
			default:
				st, i = ground, j // not part of a sequence: draw it
			}
			continue
		case csi:
			switch {
			case r < 0x20 || r == del:
				// Ignored inside a sequence.
			case r <= 0x3f:
				// Parameter or intermediate byte.
			case r <= 0x7e:
				st = ground
			default:
				st, i = ground, j
			}
			continue
		case osc:
			if r == bel {
				st = ground
			}
			continue
		case str:
			continue
		}

		switch {
		case r == '\n':
			lineBreak()
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue // CRLF is one line break
			}
			lineBreak()
		case r == '\t':
			if !multiline {
				b.WriteByte(' ')
				continue
			}
			col += ansi.StringWidthWc(b.String()[segStart:])
			n := TabWidth - col%TabWidth
			for range n {
				b.WriteByte(' ')
			}
			col, segStart = col+n, b.Len()
		case r < 0x20 || r == del || isDropped(r):
			// Dropped.
		case r == utf8.RuneError && size == 1, replaced(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteString(s[j:i])
		}
	}
	return b.String()
}

// c1State is the state an 8-bit C1 control leads to.
func c1State(r rune) state {
	switch r {
	case 0x9b:
		return csi
	case 0x9d:
		return osc
	case 0x90, 0x98, 0x9e, 0x9f:
		return str
	default:
		return ground // ST and the one-character C1 controls
	}
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// isDropped reports the printable-looking runes that are removed.
func isDropped(r rune) bool {
	// Format characters (category Cf: bidi controls, joiners, soft hyphen,
	// prepended marks such as U+0600) change how neighbours are drawn or
	// grouped, which shifts columns; variation selectors pick emoji widths
	// that terminals disagree on; the line and paragraph separators break
	// lines where some programs see none. None carries meaning a
	// dashboard needs.
	return r >= 0xad && (unicode.Is(unicode.Cf, r) || r == 0xfe0e || r == 0xfe0f || r == 0x2028 || r == 0x2029)
}
