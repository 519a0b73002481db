package views

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"sigs.k8s.io/yaml"

	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/sanitize"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// page is a scrollable full-screen text over the list: an item's details,
// or its raw JSON/YAML.
type page struct {
	id     uint64 // replies for this page carry it
	key    string // the item shown
	title  string
	text   string // unwrapped content, already sanitised
	vp     viewport.Model
	keys   keymap.Detail
	raw    *rawState
	detail func(Frame) string // fetched details, once they came
	now    func() time.Time
	st     *styles.Styles
	lines  []string // the text as shown, wrapped to the page's width
	find   search
	// back is the page to return to on esc: the detail page a raw page
	// was opened from.
	back *page
}

// Frame is what a fetched detail page is laid out for: the time, and the
// size of the page under its title, so that what matters most can be
// placed above the fold.
type Frame struct {
	Now           time.Time
	Width, Height int
}

// rawState is the raw page's own state: the server's bytes and the format.
type rawState struct {
	body []byte
	err  error
	yaml bool
	keys keymap.Raw
}

// detailMsg delivers the fetched details of one item.
type detailMsg struct {
	route  msgs.Route
	render func(Frame) string
	err    error
}

func (m detailMsg) RouteTo() msgs.Route { return m.route }

// rawMsg delivers the raw JSON of one item.
type rawMsg struct {
	route msgs.Route
	body  []byte
	err   error
}

func (m rawMsg) RouteTo() msgs.Route { return m.route }

// maxTitleBytes bounds the title a page keeps: it shows one line of it,
// and every frame measures what it keeps.
const maxTitleBytes = 4 << 10

func newPage(env Env, key, title string, width, height int) *page {
	st := env.Styles
	if st == nil {
		st = styles.Default()
	}
	p := &page{id: msgs.NewID(), key: key, keys: keymap.DefaultDetail(), st: st, now: env.now}
	p.setTitle(title)
	p.vp = viewport.New(width, max(height-1, 1))
	p.vp.KeyMap = p.keys.Viewport()
	return p
}

// setTitle names the page: one line of server text, bounded.
func (p *page) setTitle(title string) {
	title = sanitize.Line(title)
	if len(title) > maxTitleBytes {
		title = sanitize.Line(strings.ToValidUTF8(title[:maxTitleBytes], "")) + p.st.Ellipsis()
	}
	p.title = title
}

// setText replaces the content, keeping the scroll position where
// possible, and the search's matches current.
func (p *page) setText(text string) {
	p.text = sanitize.Text(text)
	p.lines = strings.Split(wrapHanging(p.text, p.vp.Width), "\n")
	current := p.find.current
	p.find.find(p.lines, 0)
	p.find.current = min(current, max(len(p.find.matches)-1, 0))
	p.draw()
}

// factLabel is the "Label:  " that starts a line of facts.
var factLabel = regexp.MustCompile(`^ *[A-Za-z][A-Za-z0-9 -]*:  +`)

// wrapHanging wraps each line of text to width. The lines a long line
// wraps onto start under its value, after a "Label:  " or at its own
// indentation, so wrapped facts and JSON stay in their column. Lists
// break after their commas.
func wrapHanging(text string, width int) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		if ansi.StringWidth(line) <= width {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if m := factLabel.FindStringIndex(line); m != nil {
			indent = m[1]
		}
		if indent > width/2 {
			indent = 0
		}
		pad := "\n" + strings.Repeat(" ", indent)
		lines[i] = line[:indent] + strings.ReplaceAll(ansi.Wrap(line[indent:], width-indent, ","), "\n", pad)
	}
	return strings.Join(lines, "\n")
}

// draw puts the lines on the page with the search's matches marked.
func (p *page) draw() {
	p.vp.SetContent(strings.Join(p.find.highlight(p.lines, p.st), "\n"))
}

// seek searches again from where the page is and shows the current match.
func (p *page) seek() {
	p.find.find(p.lines, p.vp.YOffset)
	p.showMatch()
}

// showMatch marks the current match and scrolls it into view.
func (p *page) showMatch() {
	p.draw()
	if len(p.find.matches) == 0 {
		return
	}
	line := p.find.matches[p.find.current].line
	if line < p.vp.YOffset || line >= p.vp.YOffset+p.vp.Height {
		p.vp.SetYOffset(max(line-p.vp.Height/2, 0))
	}
}

// typing reports whether a search query is being typed, which takes every key.
func (p *page) typing() bool { return p.find.typing }

// bindings are the page's keys as they stand: esc clears a search shown.
func (p *page) bindings() keymap.Detail {
	if p.find.active() {
		return p.keys.Searching()
	}
	return p.keys
}

func (p *page) resize(width, height int) {
	p.vp.Width, p.vp.Height = width, max(height-1, 1)
	if p.detail != nil {
		p.setText(p.detail(p.frame()))
		return
	}
	p.setText(p.text)
}

// frame is the time and the size the details are laid out for now.
func (p *page) frame() Frame { return Frame{Now: p.now(), Width: p.vp.Width, Height: p.vp.Height} }

// setDetail shows fetched details. A failed refetch keeps the details
// already shown, as a poll that loses the item keeps them too.
func (p *page) setDetail(render func(Frame) string, err error) {
	switch {
	case err == nil:
		p.detail = render
		p.setText(render(p.frame()))
	case p.detail == nil:
		p.setText("Could not fetch the details: " + errText(err))
	}
}

func (p *page) setRaw(body []byte, err error) {
	p.raw.body, p.raw.err = body, err
	p.renderRaw()
}

func (p *page) renderRaw() {
	switch {
	case p.raw.err != nil:
		p.setText("Could not fetch the raw resource: " + errText(p.raw.err))
	case p.raw.body == nil:
		p.setText("Loading…")
	default:
		p.setText(string(formatRaw(p.raw.body, p.raw.yaml)))
	}
}

// formatRaw pretty-prints JSON, or converts it to YAML; bytes that are not
// JSON are shown as they came.
func formatRaw(body []byte, asYAML bool) []byte {
	if asYAML {
		if out, err := yaml.JSONToYAML(body); err == nil {
			return out
		}
		return body
	}
	var buf bytes.Buffer
	if json.Indent(&buf, body, "", "  ") != nil {
		return body
	}
	return buf.Bytes()
}

// update handles the page's own keys: back, moving, the search, and the
// raw page's format and copy. used is false for any other key, which the
// view may take as an action on the item shown. While a search is typed it
// takes every key.
func (p *page) update(msg tea.KeyMsg) (closed, used bool, cmd tea.Cmd) {
	if p.find.typing {
		if p.find.edit(msg) {
			p.seek()
		}
		return false, true, nil
	}
	keys := p.bindings()
	switch {
	case key.Matches(msg, keys.ClearSearch):
		p.find = search{} // esc clears the search first, then closes the page
		p.draw()
		return false, true, nil
	case key.Matches(msg, keys.Back):
		return true, true, nil
	case key.Matches(msg, keys.Search):
		p.find = search{typing: true}
		p.draw()
		return false, true, nil
	case key.Matches(msg, keys.Next) && p.find.active():
		p.find.step(1)
		p.showMatch()
		return false, true, nil
	case key.Matches(msg, keys.Prev) && p.find.active():
		p.find.step(-1)
		p.showMatch()
		return false, true, nil
	case key.Matches(msg, p.keys.Top):
		p.vp.GotoTop()
		return false, true, nil
	case key.Matches(msg, p.keys.Bottom):
		p.vp.GotoBottom()
		return false, true, nil
	case key.Matches(msg, p.keys.Up, p.keys.Down, p.keys.PageUp, p.keys.PageDown):
		p.vp, cmd = p.vp.Update(msg)
		return false, true, cmd
	}
	if p.raw != nil {
		switch {
		case key.Matches(msg, p.raw.keys.Format):
			p.raw.yaml = !p.raw.yaml
			p.renderRaw()
			return false, true, nil
		case key.Matches(msg, p.raw.keys.Copy):
			if p.raw.body == nil {
				return false, true, nil
			}
			return false, true, copyCmd(escapeControls(string(formatRaw(p.raw.body, p.raw.yaml))), "the raw resource")
		}
	}
	return false, false, nil
}

// escapeControls makes copied text safe to paste into a terminal, which
// acts on C0 and C1 controls (U+009B starts a control sequence): each
// becomes a JSON escape such as \u009b, except line breaks and tabs.
// YAML output already carries them in double quotes ("\x9B"); a body shown
// as it came, not being JSON, has nothing to escape them for it, and
// invalid UTF-8 in it becomes U+FFFD.
func escapeControls(text string) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(text, "\uFFFD") {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) {
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (p *page) view() string {
	suffix := ""
	if p.raw != nil {
		suffix = " · JSON"
		if p.raw.yaml {
			suffix = " · YAML"
		}
	}
	found := ""
	if p.find.typing || p.find.active() {
		found = " · " + p.find.status()
	}
	// One line, however long the name: a long one is cut with an ellipsis,
	// and the search keeps its place.
	room := max(p.vp.Width-styles.Width(suffix)-styles.Width(found), 1)
	title := p.st.Title.Render(styles.Truncate(p.title, room, p.st.Ellipsis()))
	if suffix != "" {
		title += p.st.Muted.Render(suffix)
	}
	return title + found + "\n" + p.vp.View()
}

// shortHelp is a page's help bar around the keys it has for its item:
// the way back leads, and the search's keys while its matches are shown;
// / comes after the item's keys, and moving last.
func (p *page) shortHelp(item ...key.Binding) []key.Binding {
	keys := p.bindings()
	if p.find.active() {
		return slices.Concat([]key.Binding{keys.ClearSearch, keys.Next, keys.Prev, keys.Back}, item,
			[]key.Binding{keys.Up, keys.Down})
	}
	return slices.Concat([]key.Binding{keys.Back}, item, []key.Binding{keys.Search, keys.Up, keys.Down})
}

// openDetail shows the details of the row under the cursor: at once from
// the list item, or once fetched for a spec that fetches them.
func (r *Resource[T]) openDetail() tea.Cmd {
	item, ok := r.table.Selected()
	if !ok || (r.spec.Detail == nil && r.spec.LoadDetail == nil) {
		return nil
	}
	k := r.spec.Key(item)
	r.page, r.pageItem = newPage(r.env, k, r.title(item), r.width, r.height), item
	if r.spec.LoadDetail == nil {
		r.page.setText(r.spec.Detail(item, r.env.now()))
		return nil
	}
	r.page.setText("Loading details…")
	return r.loadDetail(item)
}

// openWanted opens the detail page a jump from another view asked for,
// once the list has its item. At the end of a load that does not have
// it, it gives up and says so.
func (r *Resource[T]) openWanted(final bool) tea.Cmd {
	if r.wantDetail == "" {
		return nil
	}
	if item, ok := r.table.Selected(); ok && r.spec.Key(item) == r.wantDetail {
		r.wantDetail = ""
		return r.openDetail()
	}
	if !final {
		return nil
	}
	missing := r.wantDetail
	r.wantDetail = ""
	if r.created == missing {
		r.created = ""
	}
	return flash(fmt.Sprintf("%s is not among the %s here.", missing, r.spec.Noun), true)
}

// drill takes the user from the item a key acts on to what belongs to it.
func (r *Resource[T]) drill() tea.Cmd {
	item, ok := r.Selected()
	if !ok || r.spec.Drill == nil {
		return nil
	}
	to := r.spec.Drill(item, r.scope())
	return func() tea.Msg { return to }
}

// Place is where the user is in a list view: what the root remembers at a
// drill-down so that esc brings them back.
type Place struct {
	// Key is the item under the cursor, or the one the page shows.
	Key string
	// Top says the cursor is on the first row, where it stays as rows
	// arrive above.
	Top bool
	// Detail says the item's detail (or raw) page is open.
	Detail bool
}

// Place implements View.
func (r *Resource[T]) Place() Place {
	p := Place{Top: r.table.Cursor() == 0, Detail: r.page != nil}
	if item, ok := r.Selected(); ok {
		p.Key = r.spec.Key(item)
	}
	return p
}

// Return implements View: it puts the cursor back where p says, and opens
// or closes the detail page to match, fetching the list first if the item
// is not in it yet.
func (r *Resource[T]) Return(p Place) tea.Cmd {
	switch {
	case p.Top:
		r.table.GotoTop()
	case p.Key != "":
		r.SelectKey(p.Key)
	}
	r.wantDetail = ""
	if !p.Detail {
		r.page = nil
		return nil
	}
	if r.page != nil && r.page.key == p.Key {
		return nil
	}
	r.page = nil
	r.wantDetail = p.Key
	return r.openWanted(false)
}

// onPageKey handles a key on a detail or raw page: the page's own keys
// first, then raw (from the details), drill-down, and the view's actions
// on the item the page shows.
func (r *Resource[T]) onPageKey(msg tea.KeyMsg) tea.Cmd {
	closed, used, cmd := r.page.update(msg)
	switch {
	case closed:
		r.page = r.page.back
		return nil
	case used:
		return cmd
	case r.blocked(msg):
		return flash(fmt.Sprintf("Read-only mode: %s is switched off.", helpOf(msg, r.ext.Mutating)), true)
	case r.page.raw == nil && key.Matches(msg, r.list.Raw):
		return r.openRaw()
	case r.spec.Drill != nil && key.Matches(msg, r.nav.Details):
		return r.drill()
	case r.ext.Keys == nil || key.Matches(msg, r.ext.ListOnly...):
		return nil
	}
	cmd, _ = r.ext.Keys(msg)
	r.redrawPage()
	return cmd
}

// title names item on its pages: never a secret its key may be.
func (r *Resource[T]) title(item T) string {
	if r.spec.Title != nil {
		return r.spec.Title(item)
	}
	return r.spec.Key(item)
}

// redrawPage draws a detail page made from the list item again, after a
// key that changes how it shows (reveal).
func (r *Resource[T]) redrawPage() {
	if r.page != nil && r.page.raw == nil && r.spec.LoadDetail == nil && r.spec.Detail != nil {
		r.page.setTitle(r.title(r.pageItem))
		r.page.setText(r.spec.Detail(r.pageItem, r.env.now()))
	}
}

// pageHelp is the view's own keys that a detail page lists.
func (r *Resource[T]) pageHelp() []key.Binding {
	if r.ext.PageHelp != nil {
		return r.visible(r.ext.PageHelp)
	}
	return r.visible(r.itemKeys(r.ext.Help))
}

// itemKeys drops the list-only keys from bindings.
func (r *Resource[T]) itemKeys(bindings []key.Binding) []key.Binding {
	return slices.DeleteFunc(slices.Clone(bindings), func(b key.Binding) bool {
		return slices.ContainsFunc(r.ext.ListOnly, func(l key.Binding) bool { return l.Help() == b.Help() })
	})
}

// pageShortHelp is the help bar of a detail or raw page, or of its search
// while it is typed.
func (r *Resource[T]) pageShortHelp() []key.Binding {
	p := r.page
	if p.find.typing {
		return keymap.DefaultSearchPrompt().ShortHelp()
	}
	if p.raw != nil {
		return p.shortHelp(p.raw.keys.Format, p.raw.keys.Copy)
	}
	var item []key.Binding
	if r.spec.Drill != nil {
		item = append(item, r.nav.Details)
	}
	return p.shortHelp(append(item, r.pageHelp()...)...)
}

// pageFullHelp is the help overlay of a detail or raw page.
func (r *Resource[T]) pageFullHelp() [][]key.Binding {
	p := r.page
	groups := p.bindings().FullHelp()
	if p.raw != nil {
		return append(groups, []key.Binding{p.raw.keys.Format, p.raw.keys.Copy})
	}
	var open []key.Binding
	if r.spec.Drill != nil {
		open = append(open, r.nav.Details)
	}
	if r.spec.ItemName != nil {
		open = append(open, r.list.Raw)
	}
	if len(open) > 0 {
		groups = append(groups, open)
	}
	if extra := r.visible(r.itemKeys(r.ext.FullHelp)); len(extra) > 0 {
		groups = append(groups, extra)
	}
	return groups
}

// pageRoute routes a reply to the page open now.
func (r *Resource[T]) pageRoute() msgs.Route { return msgs.Route{View: r.spec.Name, ID: r.page.id} }

// loadDetail fetches the details of item for the detail page.
func (r *Resource[T]) loadDetail(item T) tea.Cmd {
	c, load, route := r.env.Client, r.spec.LoadDetail, r.pageRoute()
	return func() tea.Msg {
		ctx, cancel := c.Bound(context.Background())
		defer cancel()
		render, err := load(ctx, c, item)
		return detailMsg{route: route, render: render, err: err}
	}
}

// openRaw fetches the item a key acts on exactly as the server has it.
// Opened from a detail page, esc returns to that page.
func (r *Resource[T]) openRaw() tea.Cmd {
	item, ok := r.Selected()
	if !ok || r.spec.ItemName == nil {
		return nil
	}
	k := r.spec.Key(item)
	from := r.page
	r.page, r.pageItem = newPage(r.env, k, r.title(item)+" (raw)", r.width, r.height), item
	r.page.back = from
	r.page.raw = &rawState{keys: keymap.DefaultRaw()}
	r.page.renderRaw()
	ns := ""
	if r.spec.Namespace != nil {
		ns = r.spec.Namespace(item)
	}
	c, path, route := r.env.Client, r.env.Client.ItemPath(r.spec.Resource, ns, r.spec.ItemName(item)), r.pageRoute()
	return func() tea.Msg {
		ctx, cancel := c.Bound(context.Background())
		defer cancel()
		body, err := c.GetRaw(ctx, path)
		return rawMsg{route: route, body: body, err: err}
	}
}

// refreshPage keeps an open detail page current after a poll.
func (r *Resource[T]) refreshPage() tea.Cmd {
	if r.page == nil || r.page.raw != nil {
		return nil
	}
	for _, e := range r.listing.Entries {
		if r.spec.Key(e.Item) == r.page.key {
			r.pageItem = e.Item
			if r.spec.LoadDetail != nil {
				return r.loadDetail(e.Item)
			}
			r.page.setText(r.spec.Detail(e.Item, r.env.now()))
			return nil
		}
	}
	return nil
}
