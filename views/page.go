package views

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
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

func newPage(env Env, key, title string, width, height int) *page {
	p := &page{id: msgs.NewID(), key: key, title: title, keys: keymap.DefaultDetail(), st: env.Styles, now: env.now}
	p.vp = viewport.New(width, max(height-1, 1))
	p.vp.KeyMap = p.keys.Viewport()
	return p
}

// setText replaces the content, keeping the scroll position where possible.
func (p *page) setText(text string) {
	p.text = sanitize.Text(text)
	p.vp.SetContent(p.st.NewStyle().Width(p.vp.Width).Render(p.text))
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

func (p *page) update(msg tea.KeyMsg) (closed bool, cmd tea.Cmd) {
	switch {
	case key.Matches(msg, p.keys.Back):
		return true, nil
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
			return false, copyCmd(string(formatRaw(p.raw.body, p.raw.yaml)), "the raw resource")
		}
	}
	p.vp, cmd = p.vp.Update(msg)
	return false, cmd
}

func (p *page) view() string {
	title := p.st.Title.Render(sanitize.Line(p.title))
	if p.raw != nil {
		format := "JSON"
		if p.raw.yaml {
			format = "YAML"
		}
		title += p.st.Muted.Render(" · " + format)
	}
	return title + "\n" + p.vp.View()
}

func (p *page) shortHelp() []key.Binding {
	if p.raw != nil {
		return []key.Binding{p.keys.Up, p.keys.Down, p.raw.keys.Format, p.raw.keys.Copy, p.keys.Back}
	}
	return p.keys.ShortHelp()
}

// openDetail shows the selected item's details: at once from the list
// item, or once fetched for a spec that fetches them.
func (r *Resource[T]) openDetail() tea.Cmd {
	item, ok := r.table.Selected()
	if !ok || (r.spec.Detail == nil && r.spec.LoadDetail == nil) {
		return nil
	}
	k := r.spec.Key(item)
	r.page = newPage(r.env, k, k, r.width, r.height)
	if r.spec.LoadDetail == nil {
		r.page.setText(r.spec.Detail(item, r.env.now()))
		return nil
	}
	r.page.setText("Loading details…")
	return r.loadDetail(item)
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
	r.page = newPage(r.env, k, k+" (raw)", r.width, r.height)
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
