// Package table is the one virtualised resource table behind every list
// view. It holds any number of items but renders, and asks for the cells
// of, only the rows on screen, so drawing costs the same for ten items or a
// hundred thousand. Cell text is treated as untrusted: it is sanitised,
// truncated to its column with an ellipsis and padded, so every line is
// exactly the table's width whatever the server sent.
package table

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/sanitize"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

const (
	// marker prefixes the selected row, so the cursor shows without colour.
	marker      = "> "
	noMarker    = "  "
	markerWidth = len(marker)
	sepWidth    = 1 // cells between columns
)

// Column describes one table column.
type Column struct {
	// Title is the header text.
	Title string
	// Width is the minimum width in cells.
	Width int
	// Flex, when positive, is this column's weight in sharing the width
	// left over after every column has its minimum.
	Flex int
	// AlignRight right-aligns the cells and title, for numbers and ages.
	AlignRight bool
}

// Cell is one cell of a row.
type Cell struct {
	// Text is the raw, possibly untrusted, text; the table sanitises it.
	Text string
	// Style, when set, colours the text. The selected row is drawn without
	// cell styles so that its highlight is unbroken.
	Style *lipgloss.Style
}

// Model is a table of items of type T, identified by a key.
type Model[T any] struct {
	cols  []Column
	key   func(T) string
	cells func(T) []Cell
	km    keymap.Table
	st    *styles.Styles

	items    []T
	cursor   int
	offset   int // index of the first row on screen
	newAbove int // rows that arrived above the screen, for NewAbove
	total    int // rows of the whole list, when the table holds its first rows only

	width, height int
	widths        []int // width of each shown column; columns past its length do not fit
}

// New returns an empty table. key identifies an item across refreshes (to
// keep the cursor on it); cells turns an item into one cell per column and
// is called only for rows on screen; km moves the cursor in Update; st
// draws the header, the selected row and the ellipsis (nil: styles.Default).
func New[T any](cols []Column, key func(T) string, cells func(T) []Cell, km keymap.Table, st *styles.Styles) Model[T] {
	if st == nil {
		st = styles.Default()
	}
	m := Model[T]{key: key, cells: cells, km: km, st: st}
	m.SetColumns(cols)
	return m
}

// SetColumns replaces the columns, for example when a namespace column
// appears. Rows are laid out anew on the next View.
func (m *Model[T]) SetColumns(cols []Column) {
	m.cols = append([]Column(nil), cols...)
	m.layout()
}

// SetSize sets the table's width in cells and height in lines, the header
// line included.
func (m *Model[T]) SetSize(width, height int) {
	m.width, m.height = max(width, 0), max(height, 0)
	m.layout()
	m.clamp()
}

// SetItems replaces the items, following the selection model every list
// view shares:
//
//   - While the cursor is on the first row, it stays on the first row, so
//     the top of the list is on screen and new rows above come into view.
//     Until the user moves, that is where the cursor is.
//   - Once the user has moved it, the cursor follows its item by key, on the
//     same screen line. Rows that arrive above the screen meanwhile are
//     counted (NewAbove), so the view can say so. When the item is gone,
//     the cursor goes to its nearest neighbour that is still there.
//
// The table keeps items: the caller must not modify it afterwards.
func (m *Model[T]) SetItems(items []T) {
	rel := m.cursor - m.offset
	old, cursor := m.items, m.cursor
	// A full slice expression, so a later AppendItems copies instead of
	// writing into the caller's spare capacity.
	m.items = items[:len(items):len(items)]
	if cursor == 0 || len(old) == 0 || len(items) == 0 {
		m.cursor, m.offset, m.newAbove = 0, 0, 0
		return
	}
	if i, ok := m.follow(old, cursor); ok {
		m.newAbove += max(i-cursor, 0)
		m.cursor = i
	}
	m.offset = m.cursor - rel
	m.clamp()
}

// follow finds where the item at old[cursor] is in the new items, or else
// its nearest neighbour in the old order that is still there.
func (m *Model[T]) follow(old []T, cursor int) (int, bool) {
	want := m.key(old[cursor])
	if cursor < len(m.items) && m.key(m.items[cursor]) == want {
		return cursor, true // the common case: nothing moved
	}
	if i, ok := indexOf(m.items, m.key, want); ok {
		return i, true
	}
	at := make(map[string]int, len(m.items))
	for i, it := range m.items {
		at[m.key(it)] = i
	}
	for d := 1; cursor+d < len(old) || cursor-d >= 0; d++ {
		if j := cursor + d; j < len(old) {
			if i, ok := at[m.key(old[j])]; ok {
				return i, true
			}
		}
		if j := cursor - d; j >= 0 {
			if i, ok := at[m.key(old[j])]; ok {
				return i, true
			}
		}
	}
	return 0, false
}

// NewAbove is how many rows arrived above the screen since the user last
// saw the top of the list.
func (m Model[T]) NewAbove() int { return m.newAbove }

// AppendItems adds items at the end, for page-by-page loading; the cursor
// and the rows on screen do not move.
func (m *Model[T]) AppendItems(items []T) {
	m.items = append(m.items, items...)
	m.clamp()
}

// SetCursorKey moves the cursor to the item with the given key, scrolling
// it into view, and reports whether there is one.
func (m *Model[T]) SetCursorKey(key string) bool {
	i, ok := indexOf(m.items, m.key, key)
	if ok {
		m.cursor = i
		m.clamp()
	}
	return ok
}

// Update moves the cursor for the navigation bindings of the key map (all
// but Details, which the view handles).
func (m Model[T]) Update(msg tea.Msg) (Model[T], tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	switch {
	case key.Matches(k, m.km.Up):
		m.MoveUp(1)
	case key.Matches(k, m.km.Down):
		m.MoveDown(1)
	case key.Matches(k, m.km.PageUp):
		m.offset -= m.page()
		m.MoveUp(m.page())
	case key.Matches(k, m.km.PageDown):
		m.offset += m.page()
		m.MoveDown(m.page())
	case key.Matches(k, m.km.Top):
		m.GotoTop()
	case key.Matches(k, m.km.Bottom):
		m.GotoBottom()
	}
	return m, nil
}

// MoveUp moves the cursor n rows up, stopping at the first row.
func (m *Model[T]) MoveUp(n int) {
	m.cursor -= n
	m.clamp()
}

// MoveDown moves the cursor n rows down, stopping at the last row.
func (m *Model[T]) MoveDown(n int) {
	m.cursor += n
	m.clamp()
}

// GotoTop moves the cursor to the first row.
func (m *Model[T]) GotoTop() {
	m.cursor = 0
	m.clamp()
}

// GotoBottom moves the cursor to the last row.
func (m *Model[T]) GotoBottom() {
	m.cursor = len(m.items) - 1
	m.clamp()
}

// Selected returns the item under the cursor, or false when there are no
// items.
func (m Model[T]) Selected() (T, bool) {
	if len(m.items) == 0 {
		var zero T
		return zero, false
	}
	return m.items[m.cursor], true
}

// Len returns the number of items.
func (m Model[T]) Len() int { return len(m.items) }

// Cursor returns the index of the item under the cursor.
func (m Model[T]) Cursor() int { return m.cursor }

// Items returns the items, which the caller must not modify.
func (m Model[T]) Items() []T { return m.items[:len(m.items):len(m.items)] }

// Position is where the cursor is, as "row/total" ("53/1020"), for a
// status line; it is empty when there are no items.
func (m Model[T]) Position() string {
	if len(m.items) == 0 {
		return ""
	}
	return strconv.Itoa(m.cursor+1) + "/" + strconv.Itoa(max(m.total, len(m.items)))
}

// SetTotal says how many rows the whole list has when the table holds only
// its first ones, as a window of a list served by the server; 0 when it
// holds them all.
func (m *Model[T]) SetTotal(n int) { m.total = n }

// View renders the header and the rows on screen, each line exactly the
// table's width. With no items it renders the header alone; the view
// around it says why the list is empty.
func (m Model[T]) View() string {
	if m.width == 0 || m.height == 0 {
		return ""
	}
	var b strings.Builder
	m.writeHeader(&b)
	end := min(m.offset+m.bodyRows(), len(m.items))
	for i := m.offset; i < end; i++ {
		b.WriteByte('\n')
		m.writeRow(&b, i)
	}
	return b.String()
}

func (m Model[T]) writeHeader(b *strings.Builder) {
	var line strings.Builder
	line.WriteString(noMarker)
	for i, w := range m.widths {
		if i > 0 {
			line.WriteString(strings.Repeat(" ", sepWidth))
		}
		line.WriteString(cell(m.cols[i].Title, w, m.cols[i].AlignRight, &m.st.TableHeader, m.st.Ellipsis()))
	}
	b.WriteString(styles.Fit(line.String(), m.width, ""))
}

func (m Model[T]) writeRow(b *strings.Builder, i int) {
	selected := i == m.cursor
	cells := m.cells(m.items[i])
	var line strings.Builder
	if selected {
		line.WriteString(marker)
	} else {
		line.WriteString(noMarker)
	}
	for c, w := range m.widths {
		if c > 0 {
			line.WriteString(strings.Repeat(" ", sepWidth))
		}
		var text string
		var style *lipgloss.Style
		if c < len(cells) {
			text = cells[c].Text
			if !selected {
				style = cells[c].Style
			}
		}
		line.WriteString(cell(text, w, m.cols[c].AlignRight, style, m.st.Ellipsis()))
	}
	out := line.String()
	// Every cell is exactly its column's width, so the row needs cutting or
	// padding only when the columns do not fill the table.
	if m.rowWidth() != m.width {
		out = styles.Fit(out, m.width, "")
	}
	if selected {
		out = styles.Fit(m.st.Selected.Render(out), m.width, "")
	}
	b.WriteString(out)
}

// rowWidth is the width of a row drawn with the current columns.
func (m Model[T]) rowWidth() int {
	w := markerWidth + sepWidth*max(len(m.widths)-1, 0)
	for _, cw := range m.widths {
		w += cw
	}
	return w
}

// cell returns text sanitised, truncated with ellipsis, styled (when style
// is not nil) and padded to exactly w cells.
func cell(text string, w int, alignRight bool, style *lipgloss.Style, ellipsis string) string {
	text = sanitize.Line(text)
	tw := styles.Width(text)
	if tw > w {
		text = styles.Truncate(text, w, ellipsis)
		tw = styles.Width(text)
	}
	if style != nil && text != "" {
		text = style.Inline(true).Render(text) // Inline: a style can never wrap a row
		// Measure again: a style may add width.
		tw = styles.Width(text)
	}
	if tw > w {
		text = styles.Truncate(text, w, "")
		tw = styles.Width(text)
	}
	pad := strings.Repeat(" ", w-tw)
	if alignRight {
		return pad + text
	}
	return text + pad
}

// layout works out the column widths: every column gets its minimum, left
// to right, while it fits (the first that does not fit gets what is left
// and the rest are not shown); any width left over is shared among the
// flexible columns by weight.
func (m *Model[T]) layout() {
	// A new slice: copies of the model made before this call keep theirs.
	m.widths = make([]int, 0, len(m.cols))
	remaining := m.width - markerWidth
	for i, c := range m.cols {
		sep := 0
		if i > 0 {
			sep = sepWidth
		}
		need := max(c.Width, 0)
		if remaining < sep+need {
			if w := remaining - sep; w > 0 {
				m.widths = append(m.widths, w)
			}
			remaining = 0
			break
		}
		m.widths = append(m.widths, need)
		remaining -= sep + need
	}
	if remaining <= 0 {
		return
	}
	total := 0
	for i := range m.widths {
		total += max(m.cols[i].Flex, 0)
	}
	if total == 0 {
		return
	}
	given, last := 0, 0
	for i := range m.widths {
		if f := max(m.cols[i].Flex, 0); f > 0 {
			extra := remaining * f / total
			m.widths[i] += extra
			given += extra
			last = i
		}
	}
	m.widths[last] += remaining - given // rounding remainder
}

// clamp keeps the cursor on an item and the window of rows on screen
// around it, without empty rows at the bottom when the items could fill
// them.
func (m *Model[T]) clamp() {
	n := len(m.items)
	if n == 0 {
		m.cursor, m.offset, m.newAbove = 0, 0, 0
		return
	}
	m.cursor = min(max(m.cursor, 0), n-1)
	rows := m.bodyRows()
	if rows == 0 {
		m.offset, m.newAbove = m.cursor, 0
		return
	}
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	m.offset = min(max(m.offset, 0), max(n-rows, 0))
	m.newAbove = min(m.newAbove, m.offset)
}

// bodyRows is the number of item rows on screen.
func (m Model[T]) bodyRows() int { return max(m.height-1, 0) }

// page is how far PageUp and PageDown move.
func (m Model[T]) page() int { return max(m.bodyRows(), 1) }

func indexOf[T any](items []T, keyOf func(T) string, key string) (int, bool) {
	for i, it := range items {
		if keyOf(it) == key {
			return i, true
		}
	}
	return 0, false
}
