package table

import (
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

func TestMain(m *testing.M) {
	// Golden files hold plain text: no colour, whatever terminal runs the tests.
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// hostile are rows whose text tries to break the terminal or the layout.
var hostile = []item{
	{name: "web-01", status: 0, output: "CheckHTTP OK: 200, 1234 bytes", age: "12s"},
	{name: "evil\x1b]0;pwned\x07host", status: 2, output: "\x1b]52;c;cm0gLXJmIH4K\x07clipboard \x1b[2J\x1b[Hcleared", age: "3m"},
	{name: "東京-データセンター-サーバー", status: 1, output: "ディスク使用率 91% — 警告", age: "1h"},
	{name: "🔥fire👩\u200d💻dev", status: 3, output: "zero\u200bwidth\u200d joiner 👨\u200d👩\u200d👧\u200d👦 family ❤\ufe0f", age: "2d"},
	{name: "multi\nline\r\nname", status: 2, output: "line1\nline2\r\n\tline3\x08\x7f\x00", age: "5m"},
	{name: "\x1b[31mred\x1b[0m-\u009b2Jhost", status: 0, output: "\x1bP1$r\x1b\\dcs \x1b_apc\x1b\\ \x1b^pm\x1b\\ \x1bXsos\x1b\\ end", age: "9s"},
	{name: "rtl\u202eevil.exe", status: 1, output: "unterminated \x1b]8;;https://evil.example/ link forever", age: "1w"},
	{name: "café-ñandú", status: 0, output: strings.Repeat("long output ", 30), age: "100d"},
}

// hostileCells draws the rows with st, as a view does with its styles.
func hostileCells(st *styles.Styles) func(item) []Cell {
	return func(it item) []Cell {
		sym, label, style := st.Status(it.status)
		return []Cell{
			{Text: sym + " " + label, Style: &style},
			{Text: it.name},
			{Text: it.output, Style: &st.Muted},
			{Text: it.age},
		}
	}
}

var hostileCols = []Column{
	{Title: "STATUS", Width: 6},
	{Title: "ENTITY", Width: 10, Flex: 1},
	{Title: "OUTPUT", Width: 10, Flex: 2},
	{Title: "AGE", Width: 4, AlignRight: true},
}

func hostileTable(st *styles.Styles, width, height int) Model[item] {
	m := New(hostileCols, itemKey, hostileCells(st), keymap.DefaultTable(), st)
	m.SetSize(width, height)
	m.SetItems(hostile)
	m.MoveDown(2)
	return m
}

// checkLines fails unless out has the given number of lines, each exactly
// width cells wide.
func checkLines(t *testing.T, out string, width, lines int) {
	t.Helper()
	got := strings.Split(out, "\n")
	if out == "" {
		got = nil
	}
	if len(got) != lines {
		t.Fatalf("%d lines, want %d:\n%s", len(got), lines, out)
	}
	for i, l := range got {
		if w := ansi.StringWidth(l); w != width {
			t.Fatalf("line %d is %d cells wide, want %d: %q", i, w, width, l)
		}
	}
}

func TestViewGolden(t *testing.T) {
	for _, width := range []int{120, 80, 40, 20} {
		t.Run(fmt.Sprintf("width_%d", width), func(t *testing.T) {
			out := hostileTable(styles.Default(), width, 7).View()
			checkLines(t, out, width, 7)
			if strings.ContainsRune(out, '\x1b') {
				t.Fatalf("ESC in output under the ASCII profile: %q", out)
			}
			if !strings.Contains(out, "> ") {
				t.Fatal("no selection marker")
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

func TestViewScrolledGolden(t *testing.T) {
	m := hostileTable(styles.Default(), 80, 5)
	m.GotoBottom()
	out := m.View()
	checkLines(t, out, 80, 5)
	if !strings.HasPrefix(strings.Split(out, "\n")[4], "> ") {
		t.Fatalf("last row should be selected:\n%s", out)
	}
	golden.RequireEqual(t, []byte(out))
}

func TestViewEmptyIsHeaderOnly(t *testing.T) {
	m := New(hostileCols, itemKey, hostileCells(styles.Default()), keymap.DefaultTable(), nil)
	m.SetSize(50, 10)
	out := m.View()
	checkLines(t, out, 50, 1)
	for _, title := range []string{"STATUS", "ENTITY", "OUTPUT", "AGE"} {
		if !strings.Contains(out, title) {
			t.Fatalf("header %q lacks %s", out, title)
		}
	}
	if !strings.HasSuffix(out, " AGE") {
		t.Fatalf("AGE should be right-aligned at the edge: %q", out)
	}
}

func TestViewASCIIEllipsis(t *testing.T) {
	out := hostileTable(styles.New(lipgloss.DefaultRenderer(), true), 40, 7).View()
	if strings.Contains(out, "…") || !strings.Contains(out, "~") {
		t.Fatalf("ASCII mode should truncate with ~:\n%s", out)
	}
}

// TestViewWidthsAlwaysExact sweeps widths and heights, with colours on, so
// that styled cells, wide characters and truncation never change a line's
// width, and no escape sequence from cell text survives.
func TestViewWidthsAlwaysExact(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	st := styles.New(r, false)
	for width := 0; width <= 130; width++ {
		for _, height := range []int{0, 1, 2, 5, 20} {
			m := hostileTable(st, width, height)
			out := m.View()
			if width == 80 && height == 20 && (!strings.Contains(out, "\x1b[7m") || !strings.Contains(out, "\x1b[38;2;")) {
				t.Fatalf("the table did not draw with its styles' true-colour renderer: %q", out)
			}
			lines := min(height, len(hostile)+1)
			if width == 0 {
				lines = 0
			}
			checkLines(t, out, width, lines)
			for _, seq := range []string{"\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x1bX", "\x1b[2J", "\x1b[H", "\u009b"} {
				if strings.Contains(out, seq) {
					t.Fatalf("width %d: output contains %q: %q", width, seq, out)
				}
			}
		}
	}
}

func benchItems(n int) []item {
	items := make([]item, n)
	for i := range items {
		items[i] = hostile[i%len(hostile)]
		items[i].name = fmt.Sprintf("%s-%d", items[i].name, i)
	}
	return items
}

func BenchmarkView(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := New(hostileCols, itemKey, hostileCells(styles.Default()), keymap.DefaultTable(), nil)
			m.SetSize(80, 22)
			m.SetItems(benchItems(n))
			m.MoveDown(n / 2)
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

func BenchmarkCursorDown(b *testing.B) {
	down := keyMsg("down")
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := New(hostileCols, itemKey, hostileCells(styles.Default()), keymap.DefaultTable(), nil)
			m.SetSize(80, 22)
			m.SetItems(benchItems(n))
			b.ReportAllocs()
			for b.Loop() {
				m, _ = m.Update(down)
				if m.Cursor() == n-1 {
					m.GotoTop()
				}
			}
		})
	}
}
