package views

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
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
	detail func(now time.Time) string // fetched details, once they came
	st     *styles.Styles
	lines  []string // the text as shown, wrapped to the page's width
	find   search
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
	render func(now time.Time) string
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

func newPage(st *styles.Styles, key, title string, width, height int) *page {
	if st == nil {
		st = styles.Default()
	}
	title = sanitize.Line(title)
	if len(title) > maxTitleBytes {
		title = sanitize.Line(strings.ToValidUTF8(title[:maxTitleBytes], "")) + st.Ellipsis()
	}
	p := &page{id: msgs.NewID(), key: key, title: title, keys: keymap.DefaultDetail(), st: st}
	p.vp = viewport.New(width, max(height-1, 1))
	p.vp.KeyMap = p.keys.Viewport()
	return p
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

func (p *page) resize(width, height int) {
	p.vp.Width, p.vp.Height = width, max(height-1, 1)
	p.setText(p.text)
}

// setDetail shows fetched details. A failed refetch keeps the details
// already shown, as a poll that loses the item keeps them too.
func (p *page) setDetail(render func(now time.Time) string, err error, now time.Time) {
	switch {
	case err == nil:
		p.detail = render
		p.setText(render(now))
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

func (p *page) update(msg tea.KeyMsg) (closed bool, cmd tea.Cmd) {
	if p.find.typing {
		if p.find.edit(msg) {
			p.seek()
		}
		return false, nil
	}
	switch {
	case key.Matches(msg, p.keys.Back) && p.find.active():
		p.find = search{} // esc clears the search first, then closes the page
		p.draw()
		return false, nil
	case key.Matches(msg, p.keys.Back):
		return true, nil
	case key.Matches(msg, p.keys.Search):
		p.find = search{typing: true}
		p.draw()
		return false, nil
	case key.Matches(msg, p.keys.Next) && p.find.active():
		p.find.step(1)
		p.showMatch()
		return false, nil
	case key.Matches(msg, p.keys.Prev) && p.find.active():
		p.find.step(-1)
		p.showMatch()
		return false, nil
	case key.Matches(msg, p.keys.Top):
		p.vp.GotoTop()
		return false, nil
	case key.Matches(msg, p.keys.Bottom):
		p.vp.GotoBottom()
		return false, nil
	}
	if p.raw != nil {
		switch {
		case key.Matches(msg, p.raw.keys.Format):
			p.raw.yaml = !p.raw.yaml
			p.renderRaw()
			return false, nil
		case key.Matches(msg, p.raw.keys.Copy) && p.raw.body != nil:
			return false, copyCmd(escapeControls(string(formatRaw(p.raw.body, p.raw.yaml))), "the raw resource")
		}
	}
	p.vp, cmd = p.vp.Update(msg)
	return false, cmd
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

func (p *page) shortHelp() []key.Binding {
	if p.find.typing {
		return keymap.DefaultSearchPrompt().ShortHelp()
	}
	var keys []key.Binding
	if p.raw != nil {
		keys = []key.Binding{p.keys.Up, p.keys.Down, p.raw.keys.Format, p.raw.keys.Copy, p.keys.Search}
	} else {
		keys = []key.Binding{p.keys.Up, p.keys.Down, p.keys.Search}
	}
	if p.find.active() {
		keys = append(keys, p.keys.Next, p.keys.Prev)
	}
	return append(keys, p.keys.Back)
}

// openDetail shows the selected item's details: at once from the list
// item, or once fetched for a spec that fetches them.
func (r *Resource[T]) openDetail() tea.Cmd {
	item, ok := r.table.Selected()
	if !ok || (r.spec.Detail == nil && r.spec.LoadDetail == nil) {
		return nil
	}
	k := r.spec.Key(item)
	r.page = newPage(r.env.Styles, k, r.title(item), r.width, r.height)
	if r.spec.LoadDetail == nil {
		r.page.setText(r.spec.Detail(item, r.env.now()))
		return nil
	}
	r.page.setText("Loading details…")
	return r.loadDetail(item)
}

// title names item on its pages: never a secret its key may be.
func (r *Resource[T]) title(item T) string {
	if r.spec.Title != nil {
		return r.spec.Title(item)
	}
	return r.spec.Key(item)
}

// pageRoute routes a reply to the page open now.
func (r *Resource[T]) pageRoute() msgs.Route { return msgs.Route{View: r.spec.Name, ID: r.page.id} }

// loadDetail fetches the details of item for the detail page.
func (r *Resource[T]) loadDetail(item T) tea.Cmd {
	c, load, route := r.env.Client, r.spec.LoadDetail, r.pageRoute()
	return func() tea.Msg {
		ctx, cancel := requestContext(c)
		defer cancel()
		render, err := load(ctx, c, item)
		return detailMsg{route: route, render: render, err: err}
	}
}

// openRaw fetches the selected item exactly as the server has it.
func (r *Resource[T]) openRaw() tea.Cmd {
	item, ok := r.table.Selected()
	if !ok || r.spec.ItemName == nil {
		return nil
	}
	k := r.spec.Key(item)
	r.page = newPage(r.env.Styles, k, r.title(item)+" (raw)", r.width, r.height)
	r.page.raw = &rawState{keys: keymap.DefaultRaw()}
	r.page.renderRaw()
	ns := ""
	if r.spec.Namespace != nil {
		ns = r.spec.Namespace(item)
	}
	c, path, route := r.env.Client, r.env.Client.ItemPath(r.spec.Resource, ns, r.spec.ItemName(item)), r.pageRoute()
	return func() tea.Msg {
		ctx, cancel := requestContext(c)
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
			if r.spec.LoadDetail != nil {
				return r.loadDetail(e.Item)
			}
			r.page.setText(r.spec.Detail(e.Item, r.env.now()))
			return nil
		}
	}
	return nil
}

func (r *Resource[T]) onPageKey(msg tea.KeyMsg) tea.Cmd {
	closed, cmd := r.page.update(msg)
	if closed {
		r.page = nil
	}
	return cmd
}
