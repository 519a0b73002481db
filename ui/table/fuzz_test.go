package table

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/sensu-tui/sensu-tui/keymap"
)

// FuzzRow renders one row of untrusted text and checks that nothing can act
// on the terminal, that every line is exactly the table's width and that
// the cell stays inside its column: the column after it starts at the same
// cell on every line. Cells are counted as terminals count them, code
// point by code point (wcwidth), not by grapheme cluster.
func FuzzRow(f *testing.F) {
	for _, it := range hostile {
		f.Add(it.name, it.output, uint8(80))
	}
	f.Add("\x1b[", "\u009b", uint8(3))
	f.Add("👩\u200d💻東京", "\t\r\n\x00", uint8(17))
	// Strings that shifted or wrapped rows in tmux 3.3a: a conjunct and
	// a skin tone (wider by wcwidth than by grapheme), the Hangul filler,
	// a trigram and an unassigned code point (disputed widths).
	f.Add("नमस्ते नमस्ते नमस्ते", "👍🏽👍🏽👍🏽👍🏽👍🏽", uint8(0))
	f.Add("\u1160\u1160\u2630\u2630", "\u0378\U000E0080 क्षि", uint8(37))
	f.Fuzz(func(t *testing.T, name, output string, width uint8) {
		w := int(width)%140 + 20
		cols := []Column{{Title: "NAME", Width: 4, Flex: 1}, {Title: "OUT", Width: 4, Flex: 2}, {Title: "END", Width: 4}}
		m := New(cols, func(it item) string { return it.name }, func(it item) []Cell {
			return []Cell{{Text: it.name}, {Text: it.output}, {Text: "ZZZZ"}}
		}, keymap.DefaultTable(), nil)
		m.SetSize(w, 4)
		m.SetItems([]item{{name: name, output: output}, {name: "x", output: "y"}})
		lines := strings.Split(m.View(), "\n")
		endCol := -1
		for i, line := range lines {
			if !utf8.ValidString(line) {
				t.Fatalf("line %d is not UTF-8: %q", i, line)
			}
			for _, r := range line {
				if r == 0x1b || r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
					t.Fatalf("control %U in line %d: %q", r, i, line)
				}
			}
			if got := ansi.StringWidthWc(line); got != w {
				t.Fatalf("line %d is %d cells wide, want %d: %q", i, got, w, line)
			}
			marker := "END"
			if i > 0 {
				marker = "ZZZZ"
			}
			at := strings.LastIndex(line, marker)
			if at < 0 {
				continue // the last column did not fit this width
			}
			col := ansi.StringWidthWc(line[:at])
			if endCol >= 0 && col != endCol {
				t.Fatalf("line %d: the last column starts at cell %d, not %d: a cell overflowed:\n%s", i, col, endCol, strings.Join(lines, "\n"))
			}
			endCol = col
		}
	})
}
