package table

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/keymap"
)

type item struct {
	name   string
	status uint32
	output string
	age    string
}

func itemKey(it item) string { return it.name }

func plainCells(it item) []Cell {
	return []Cell{{Text: strconv.Itoa(int(it.status))}, {Text: it.name}, {Text: it.output}, {Text: it.age}}
}

var testCols = []Column{
	{Title: "S", Width: 1},
	{Title: "NAME", Width: 8, Flex: 1},
	{Title: "OUTPUT", Width: 10, Flex: 2},
	{Title: "AGE", Width: 4, AlignRight: true},
}

func makeItems(n int) []item {
	items := make([]item, n)
	for i := range items {
		items[i] = item{name: fmt.Sprintf("item-%06d", i), status: uint32(i % 4), output: "ok", age: "1m"}
	}
	return items
}

func newTable(n, height int) Model[item] {
	m := New(testCols, itemKey, plainCells, keymap.DefaultTable(), nil)
	m.SetSize(60, height)
	m.SetItems(makeItems(n))
	return m
}

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "home":
		return tea.KeyMsg{Type: tea.KeyHome}
	case "end":
		return tea.KeyMsg{Type: tea.KeyEnd}
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "ctrl+f":
		return tea.KeyMsg{Type: tea.KeyCtrlF}
	case "ctrl+b":
		return tea.KeyMsg{Type: tea.KeyCtrlB}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

func press(m Model[item], keys ...string) Model[item] {
	for _, k := range keys {
		m, _ = m.Update(keyMsg(k))
	}
	return m
}

func TestNavigation(t *testing.T) {
	// Height 6 is a header and 5 rows.
	tests := map[string]struct {
		n, height  int
		km         keymap.Table
		keys       []string
		wantCursor int
		wantOffset int
	}{
		"down":                       {20, 6, keymap.DefaultTable(), []string{"down"}, 1, 0},
		"j k":                        {20, 6, keymap.DefaultTable(), []string{"j", "j", "k"}, 1, 0},
		"up at top stays":            {20, 6, keymap.DefaultTable(), []string{"up", "k"}, 0, 0},
		"down past window scrolls":   {20, 6, keymap.DefaultTable(), []string{"j", "j", "j", "j", "j", "j"}, 6, 2},
		"down at bottom stays":       {3, 6, keymap.DefaultTable(), []string{"j", "j", "j", "j"}, 2, 0},
		"page down keeps screen row": {20, 6, keymap.DefaultTable(), []string{"j", "pgdown"}, 6, 5},
		"ctrl+f pages down":          {20, 6, keymap.DefaultTable(), []string{"ctrl+f"}, 5, 5},
		"page down clamps":           {20, 6, keymap.DefaultTable(), []string{"pgdown", "pgdown", "pgdown", "pgdown", "pgdown"}, 19, 15},
		"page down short list":       {3, 6, keymap.DefaultTable(), []string{"pgdown"}, 2, 0},
		"page up":                    {20, 6, keymap.DefaultTable(), []string{"pgdown", "pgdown", "j", "pgup"}, 6, 5},
		"ctrl+b pages up to top":     {20, 6, keymap.DefaultTable(), []string{"j", "j", "ctrl+b"}, 0, 0},
		"end":                        {20, 6, keymap.DefaultTable(), []string{"end"}, 19, 15},
		"G":                          {20, 6, keymap.DefaultTable(), []string{"G"}, 19, 15},
		"home after end":             {20, 6, keymap.DefaultTable(), []string{"end", "home"}, 0, 0},
		"g after end":                {20, 6, keymap.DefaultTable(), []string{"G", "g"}, 0, 0},
		"g ignored without top g":    {20, 6, keymap.DefaultTable().WithoutTopG(), []string{"G", "g"}, 19, 15},
		"home works without top g":   {20, 6, keymap.DefaultTable().WithoutTopG(), []string{"G", "home"}, 0, 0},
		"enter does not move":        {20, 6, keymap.DefaultTable(), []string{"j", "enter"}, 1, 0},
		"other keys ignored":         {20, 6, keymap.DefaultTable(), []string{"j", "x", "q", "/"}, 1, 0},
		"empty table":                {0, 6, keymap.DefaultTable(), []string{"j", "G", "pgdown"}, 0, 0},
		"no room for rows":           {20, 1, keymap.DefaultTable(), []string{"j", "j", "pgdown"}, 3, 3},
		"zero height":                {20, 0, keymap.DefaultTable(), []string{"G"}, 19, 19},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			m := New(testCols, itemKey, plainCells, tc.km, nil)
			m.SetSize(60, tc.height)
			m.SetItems(makeItems(tc.n))
			m = press(m, tc.keys...)
			if m.Cursor() != tc.wantCursor || m.offset != tc.wantOffset {
				t.Fatalf("after %v: cursor %d offset %d, want cursor %d offset %d",
					tc.keys, m.Cursor(), m.offset, tc.wantCursor, tc.wantOffset)
			}
			sel, ok := m.Selected()
			if ok != (tc.n > 0) {
				t.Fatalf("Selected ok = %v with %d items", ok, tc.n)
			}
			if ok && sel.name != fmt.Sprintf("item-%06d", tc.wantCursor) {
				t.Fatalf("Selected = %q, want index %d", sel.name, tc.wantCursor)
			}
		})
	}
}

func TestUpdateIgnoresOtherMessages(t *testing.T) {
	m := newTable(20, 6)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 10, Height: 2})
	m, cmd := m.Update(keyMsg("j"))
	if cmd != nil || m.Cursor() != 1 || m.width != 60 {
		t.Fatalf("cursor %d width %d cmd %v", m.Cursor(), m.width, cmd)
	}
}

func names(items []item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.name)
	}
	return out
}

func TestSetItemsKeepsCursor(t *testing.T) {
	abc := func(ks ...string) []item {
		var out []item
		for _, k := range ks {
			out = append(out, item{name: k})
		}
		return out
	}
	tests := map[string]struct {
		before     []item
		down       int
		after      []item
		wantCursor int
		wantName   string
		wantOffset int
	}{
		"same list": {abc("a", "b", "c"), 1, abc("a", "b", "c"), 1, "b", 0},
		// The top of the list stays on screen until the user moves: the
		// first page's top row sorted into the middle of the full list.
		"top stays top":              {abc("c", "d"), 0, abc("a", "b", "c", "d"), 0, "a", 0},
		"new rows above the top":     {abc("a", "b", "c"), 0, abc("x", "a", "b", "c"), 0, "x", 0},
		"item gone, nearest below":   {abc("a", "b", "c", "d", "e"), 2, abc("a", "e", "d"), 2, "d", 0},
		"item gone, only above left": {abc("a", "b", "c", "d"), 3, abc("b", "a"), 0, "b", 0},
		"item moved down":            {abc("a", "b", "c"), 1, abc("x", "y", "a", "b", "c"), 3, "b", 0},
		"item moved up":              {abc("a", "b", "c", "d"), 3, abc("d", "a"), 0, "d", 0},
		"item gone keeps index":      {abc("a", "b", "c", "d"), 2, abc("a", "b", "d", "e"), 2, "d", 0},
		"item gone list shrank":      {abc("a", "b", "c", "d"), 3, abc("a", "b"), 1, "b", 0},
		"list emptied":               {abc("a", "b"), 1, nil, 0, "", 0},
		"first load":                 {nil, 0, abc("a", "b"), 0, "a", 0},
		// Five rows on screen: the cursor on the last screen row (index 7,
		// offset 3) stays there after "h" moves to index 9.
		"screen row kept": {
			abc("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), 7,
			abc("0", "1", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), 9, "h", 5,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			m := New(testCols, itemKey, plainCells, keymap.DefaultTable(), nil)
			m.SetSize(60, 6)
			m.SetItems(tc.before)
			m.MoveDown(tc.down)
			m.SetItems(tc.after)
			sel, _ := m.Selected()
			if m.Cursor() != tc.wantCursor || sel.name != tc.wantName || m.offset != tc.wantOffset {
				t.Fatalf("cursor %d (%q) offset %d, want %d (%q) offset %d",
					m.Cursor(), sel.name, m.offset, tc.wantCursor, tc.wantName, tc.wantOffset)
			}
		})
	}
}

func TestAppendItems(t *testing.T) {
	m := newTable(10, 6)
	m = press(m, "j", "j", "j", "j", "j", "j", "j") // cursor 7, offset 3
	m.AppendItems(makeItems(30)[10:])
	if m.Len() != 30 || m.Cursor() != 7 || m.offset != 3 {
		t.Fatalf("len %d cursor %d offset %d, want 30 7 3", m.Len(), m.Cursor(), m.offset)
	}
	if got := names(m.Items()[9:11]); !slices.Equal(got, []string{"item-000009", "item-000010"}) {
		t.Fatalf("items around the join = %v", got)
	}

	// Appending to an empty table gives a usable cursor.
	e := New(testCols, itemKey, plainCells, keymap.DefaultTable(), nil)
	e.SetSize(60, 6)
	e.AppendItems(makeItems(2))
	if sel, ok := e.Selected(); !ok || sel.name != "item-000000" {
		t.Fatalf("Selected after first append = %q %v", sel.name, ok)
	}
}

func TestAppendDoesNotWriteCallerSlice(t *testing.T) {
	backing := makeItems(10)
	m := New(testCols, itemKey, plainCells, keymap.DefaultTable(), nil)
	m.SetItems(backing[:3])
	m.AppendItems([]item{{name: "new"}})
	if backing[3].name != "item-000003" {
		t.Fatalf("AppendItems overwrote the caller's slice: %q", backing[3].name)
	}
	items := m.Items()
	_ = append(items, item{name: "caller"})
	if m.Len() != 4 || m.Items()[3].name != "new" {
		t.Fatal("appending to Items() changed the table")
	}
}

func TestSetCursorKey(t *testing.T) {
	m := newTable(100, 6)
	if !m.SetCursorKey("item-000050") {
		t.Fatal("SetCursorKey did not find an existing key")
	}
	if m.Cursor() != 50 || m.offset != 46 {
		t.Fatalf("cursor %d offset %d, want 50 46 (scrolled into view)", m.Cursor(), m.offset)
	}
	if m.SetCursorKey("missing") || m.Cursor() != 50 {
		t.Fatalf("SetCursorKey(missing) moved the cursor to %d", m.Cursor())
	}
}

func TestPosition(t *testing.T) {
	tests := map[string]struct {
		n, height int
		keys      []string
		want      string
	}{
		"empty":         {0, 6, nil, ""},
		"top":           {20, 6, nil, "1/20"},
		"paged down":    {20, 6, []string{"pgdown", "pgdown"}, "11/20"},
		"bottom":        {1020, 6, []string{"G"}, "1020/1020"},
		"one item":      {1, 6, nil, "1/1"},
		"no rows shown": {1234567, 1, []string{"j", "j"}, "3/1234567"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			m := press(newTable(tc.n, tc.height), tc.keys...)
			if got := m.Position(); got != tc.want {
				t.Fatalf("Position() = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestNewAbove: rows that arrive above the screen while the cursor follows
// an item are counted until the user scrolls back up to them.
func TestNewAbove(t *testing.T) {
	abc := func(ks ...string) []item {
		var out []item
		for _, k := range ks {
			out = append(out, item{name: k})
		}
		return out
	}
	m := New(testCols, itemKey, plainCells, keymap.DefaultTable(), nil)
	m.SetSize(60, 4) // three rows on screen
	m.SetItems(abc("a", "b", "c", "d", "e", "f", "g", "h"))
	m.MoveDown(6) // "g", with rows above the screen
	m.SetItems(abc("x", "y", "z", "a", "b", "c", "d", "e", "f", "g", "h"))
	if sel, _ := m.Selected(); sel.name != "g" || m.NewAbove() != 3 {
		t.Fatalf("on %q with %d new above, want g with 3", sel.name, m.NewAbove())
	}
	m.MoveUp(5) // the cursor reaches "b": "x y z a" are still above the screen
	if m.NewAbove() != 3 {
		t.Fatalf("%d new above after scrolling up part way, want 3", m.NewAbove())
	}
	m.GotoTop()
	if m.NewAbove() != 0 {
		t.Fatalf("%d new above at the top, want 0", m.NewAbove())
	}
	// At the top, new rows come into view instead of being counted.
	m.SetItems(abc("w", "x", "y", "z", "a"))
	if sel, _ := m.Selected(); sel.name != "w" || m.NewAbove() != 0 {
		t.Fatalf("on %q with %d new above, want w with 0", sel.name, m.NewAbove())
	}
}

func TestLayout(t *testing.T) {
	tests := map[string]struct {
		cols  []Column
		width int
		want  []int // 0: not shown
	}{
		"minimums only": {[]Column{{Width: 5}, {Width: 5}}, 2 + 11, []int{5, 5}},
		"leftover unused without flex": {
			[]Column{{Width: 5}, {Width: 5}}, 40, []int{5, 5},
		},
		"flex by weight": {
			// 2 marker + 3 + 1 + 3 + 1 + 3 = 13; 30 left over, split 1:2.
			[]Column{{Width: 3, Flex: 1}, {Width: 3, Flex: 2}, {Width: 3}}, 43, []int{13, 23, 3},
		},
		"flex remainder to last flex": {
			[]Column{{Width: 1, Flex: 1}, {Width: 1, Flex: 1}, {Width: 1}}, 2 + 5 + 3, []int{2, 3, 1},
		},
		"a capped column leaves the rest to the others": {
			// 30 left over: the first would take 20, stops at 8, the second takes the other 25.
			[]Column{{Width: 3, Flex: 2, MaxWidth: 8}, {Width: 3, Flex: 1}}, 2 + 7 + 30, []int{8, 28},
		},
		"every flexible column capped": {
			[]Column{{Width: 3, Flex: 1, MaxWidth: 5}, {Width: 3}}, 40, []int{5, 3},
		},
		"too narrow hides the rightmost on a tie": {
			[]Column{{Width: 4}, {Width: 10, Flex: 1}, {Width: 6}}, 2 + 4 + 1 + 10 + 3, []int{4, 13, 0},
		},
		"too narrow hides the highest priority first": {
			[]Column{{Width: 4}, {Width: 10, Priority: 2}, {Width: 6, Priority: 1}}, 2 + 4 + 1 + 6 + 5, []int{4, 0, 6},
		},
		"a hidden column frees its separator too": {
			[]Column{{Width: 4}, {Width: 10, Priority: 1}, {Width: 6}}, 2 + 4 + 1 + 6, []int{4, 0, 6},
		},
		"too narrow for a separator": {
			[]Column{{Width: 4}, {Width: 10}}, 2 + 4 + 1, []int{4, 0},
		},
		"the last column cut to what there is": {[]Column{{Width: 10}, {Width: 4}}, 2 + 6, []int{6, 0}},
		"narrower than the marker":             {[]Column{{Width: 4}}, 1, []int{0}},
		"zero width":                           {[]Column{{Width: 4}}, 0, []int{0}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			m := New(tc.cols, itemKey, plainCells, keymap.DefaultTable(), nil)
			m.SetSize(tc.width, 5)
			if !slices.Equal(m.widths, tc.want) {
				t.Fatalf("widths = %v, want %v", m.widths, tc.want)
			}
		})
	}
}

// eventColumns are laid out as the events view lays them out: status,
// entity and check first, then SIL and OCC (and SEEN), then output, and
// history last; entity and check stop growing at 30.
var eventColumns = []Column{
	{Title: " ", Width: 1}, // the mark column every list view has
	{Title: "STATUS", Width: 6},
	{Title: "HISTORY", Width: 8, Priority: 3},
	{Title: "ENTITY", Width: 12, Flex: 2, MaxWidth: 30},
	{Title: "CHECK", Width: 12, Flex: 2, MaxWidth: 30},
	{Title: "OUTPUT", Width: 8, Flex: 4, Priority: 2},
	{Title: "SEEN", Width: 4, Priority: 1},
	{Title: "OCC", Width: 5, Priority: 1},
	{Title: "SIL", Width: 3, Priority: 1},
}

func TestLayoutPriorities(t *testing.T) {
	tests := []struct {
		width int
		want  []int // mark STATUS HISTORY ENTITY CHECK OUTPUT SEEN OCC SIL
	}{
		// 2 marker + 58 of minimums and separators once HISTORY is gone.
		{60, []int{1, 6, 0, 12, 12, 8, 4, 5, 3}},
		// Then OUTPUT, then SIL, OCC and SEEN from the right.
		{50, []int{1, 6, 0, 12 + 1, 12 + 2, 0, 4, 5, 0}},
		{40, []int{1, 6, 0, 12 + 2, 12 + 2, 0, 0, 0, 0}},
		{80, []int{1, 6, 8, 12 + 2, 12 + 2, 8 + 7, 4, 5, 3}},
		{120, []int{1, 6, 8, 12 + 12, 12 + 12, 8 + 27, 4, 5, 3}},
		// Entity and check stop at 30: output takes the rest.
		{200, []int{1, 6, 8, 30, 30, 8 + 95, 4, 5, 3}},
	}
	for _, tc := range tests {
		t.Run(strconv.Itoa(tc.width), func(t *testing.T) {
			m := New(eventColumns, itemKey, plainCells, keymap.DefaultTable(), nil)
			m.SetSize(tc.width, 5)
			if !slices.Equal(m.widths, tc.want) {
				t.Fatalf("widths = %v, want %v", m.widths, tc.want)
			}
			if got := m.rowWidth(); got != tc.width {
				t.Fatalf("rows are %d wide, want %d", got, tc.width)
			}
		})
	}
}

// TestViewRendersOnlyVisibleRows checks that cells is called for the rows on
// screen and no others, whatever the number of items.
func TestViewRendersOnlyVisibleRows(t *testing.T) {
	calls := 0
	counting := func(it item) []Cell { calls++; return plainCells(it) }
	m := New(testCols, itemKey, counting, keymap.DefaultTable(), nil)
	m.SetSize(80, 11)
	m.SetItems(makeItems(100000))
	m.MoveDown(50000)
	calls = 0
	_ = m.View()
	if calls != 10 {
		t.Fatalf("View called cells %d times for 10 visible rows", calls)
	}
}

// TestSortArrow: the sorted column's title carries the arrow, and the
// column makes room for both rather than cut its title.
func TestSortArrow(t *testing.T) {
	cols := []Column{{Title: "STATUS", Width: 6}, {Title: "NAME", Width: 4, Flex: 1}}
	m := New(cols, itemKey, plainCells, keymap.DefaultTable(), nil)
	m.SetSize(40, 3)
	header := func() string { return strings.SplitN(m.View(), "\n", 2)[0] }
	if h := header(); strings.ContainsAny(h, "▲▼") {
		t.Fatalf("an arrow before any sort: %q", h)
	}
	m.SetSort(0, "▼")
	if h := header(); !strings.HasPrefix(h, "  STATUS▼ NAME") {
		t.Fatalf("header %q, want STATUS▼ in a column widened for it", h)
	}
	if m.widths[0] != 7 {
		t.Fatalf("STATUS is %d wide, want 7", m.widths[0])
	}
	m.SetSort(1, "▲")
	if h := header(); !strings.HasPrefix(h, "  STATUS NAME▲") {
		t.Fatalf("header %q, want the arrow on NAME only", h)
	}
	m.SetSort(-1, "")
	if h := header(); strings.ContainsAny(h, "▲▼") || m.widths[0] != 6 {
		t.Fatalf("header %q with STATUS %d wide after the sort mark went", h, m.widths[0])
	}
	// Too narrow for the title and the arrow: the arrow stays.
	if got := sorted("STATUS", "▼", 4); got != "STA▼" {
		t.Fatalf("sorted in 4 cells = %q", got)
	}
}
