package views

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/sanitize"
	"github.com/sensu-tui/sensu-tui/ui/styles"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// maxBackoff caps the wait between retries after errors.
const maxBackoff = time.Minute

// Spec describes one resource for the generic list view: everything that
// differs between events, checks, API keys and the rest.
type Spec[T any] struct {
	// Name is the tab label and :command, Noun the plural used in messages.
	Name, Noun string
	Resource   client.Resource
	Columns    []table.Column
	Key        func(T) string
	Cells      func(item T, now time.Time) []table.Cell
	// Less orders the list; nil keeps the server's order.
	Less func(a, b T) bool
	// Text is what the filter searches.
	Text func(T) string
	// Detail is the full description shown on enter.
	Detail func(item T, now time.Time) string
	// Summary is the header line for the loaded items (counts per status...).
	Summary func(items []T) string
	// Enrich, when set, adds facts from other resources to a complete list,
	// off the UI goroutine, before it is shown.
	Enrich func(ctx context.Context, c *client.Client, items []T) error
}

// Resource is the generic list view: loading, empty and error states, paged
// loading with progress, polling with backoff, filtering and a detail page.
type Resource[T any] struct {
	spec  Spec[T]
	env   Env
	keys  keymap.Global
	nav   keymap.Table
	table table.Model[T]

	all    []T // the whole sorted list, unfiltered
	hay    []string
	query  string
	invert bool
	// keep narrows the list further; views set it for toggles like "only not passing".
	keep func(T) bool

	loaded   bool // data has arrived at least once
	loading  bool
	progress int
	err      error
	failures int
	nextTry  time.Time
	updated  time.Time
	paused   bool
	active   bool

	gen     int
	cancel  context.CancelFunc
	spinner spinner.Model

	detail     *viewport.Model
	detailKey  string
	detailItem T

	width, height int
}

// NewResource builds a list view for spec.
func NewResource[T any](spec Spec[T], env Env, nav keymap.Table) *Resource[T] {
	r := &Resource[T]{
		spec:    spec,
		env:     env,
		keys:    keymap.DefaultGlobal(),
		nav:     nav,
		spinner: spinner.New(spinner.WithSpinner(spinner.Dot)),
	}
	r.table = table.New(spec.Columns, spec.Key, func(item T) []table.Cell {
		return spec.Cells(item, r.env.now())
	}, nav)
	return r
}

// pageMsg carries one step of a load: the first page, progress, or the final list.
type pageMsg[T any] struct {
	view     string
	gen      int
	items    []T
	progress int
	final    bool
	err      error
	next     chan tea.Msg
}

// tickMsg is the polling timer for one generation.
type tickMsg struct {
	view string
	gen  int
}

// Name implements View.
func (r *Resource[T]) Name() string { return r.spec.Name }

// Activate starts a fresh load; the old data stays on screen until it lands.
func (r *Resource[T]) Activate() tea.Cmd {
	r.active = true
	return r.load()
}

// Deactivate cancels whatever the view had in flight.
func (r *Resource[T]) Deactivate() {
	r.active = false
	r.stop()
}

// Close cancels work in flight, for quitting.
func (r *Resource[T]) stop() {
	r.gen++
	if r.cancel != nil {
		r.cancel()
		r.cancel = nil
	}
	r.loading = false
}

// load starts a paged walk in the background. The first page of a first
// load goes on screen at once; later pages only report progress, and the
// sorted full list is swapped in with one message.
func (r *Resource[T]) load() tea.Cmd {
	r.stop()
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	r.loading = true
	r.progress = 0
	gen, showFirst := r.gen, !r.loaded
	ch := make(chan tea.Msg, 1)
	go r.walk(ctx, gen, showFirst, ch)
	return tea.Batch(waitFor(ch), r.spinner.Tick)
}

func (r *Resource[T]) walk(ctx context.Context, gen int, showFirst bool, ch chan tea.Msg) {
	defer close(ch)
	send := func(m pageMsg[T]) bool {
		m.view, m.gen, m.next = r.spec.Name, gen, ch
		select {
		case ch <- m:
			return true
		case <-ctx.Done():
			return false
		}
	}
	opts := client.ListOptions{PageSize: r.env.PageSize, FirstPageSize: r.env.FirstPageSize}
	var all []T
	err := client.Walk(ctx, r.env.Client, r.spec.Resource, opts, func(page []T) error {
		all = append(all, page...)
		m := pageMsg[T]{progress: len(all)}
		if showFirst {
			showFirst = false
			m.items = r.sorted(slices.Clone(page))
		}
		if !send(m) {
			return ctx.Err()
		}
		return nil
	})
	if err == nil && r.spec.Enrich != nil {
		err = r.spec.Enrich(ctx, r.env.Client, all)
	}
	if ctx.Err() != nil {
		return
	}
	send(pageMsg[T]{items: r.sorted(all), final: true, err: err, progress: len(all)})
}

func (r *Resource[T]) sorted(items []T) []T {
	if r.spec.Less != nil {
		slices.SortStableFunc(items, func(a, b T) int {
			switch {
			case r.spec.Less(a, b):
				return -1
			case r.spec.Less(b, a):
				return 1
			}
			return 0
		})
	}
	return items
}

// waitFor delivers the next message from a background load.
func waitFor(ch chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

// Update implements View.
func (r *Resource[T]) Update(msg tea.Msg) (View, tea.Cmd) {
	cmd := r.update(msg)
	return r, cmd
}

func (r *Resource[T]) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pageMsg[T]:
		if msg.view != r.spec.Name || msg.gen != r.gen {
			return nil
		}
		return r.onPage(msg)
	case tickMsg:
		if msg.view != r.spec.Name || msg.gen != r.gen || !r.active || r.paused {
			return nil
		}
		return r.load()
	case spinner.TickMsg:
		if !r.loading {
			return nil // let the spinner stop: no redraws while idle
		}
		var cmd tea.Cmd
		r.spinner, cmd = r.spinner.Update(msg)
		return cmd
	case tea.KeyMsg:
		return r.onKey(msg)
	}
	return nil
}

func (r *Resource[T]) onPage(msg pageMsg[T]) tea.Cmd {
	r.progress = msg.progress
	if !msg.final {
		if msg.items != nil {
			r.setItems(msg.items)
			r.loaded = true
		}
		return waitFor(msg.next)
	}
	r.loading = false
	r.cancel = nil
	now := r.env.now()
	if msg.err != nil {
		if reason := loggedOut(msg.err); reason != "" {
			r.err = msg.err
			return func() tea.Msg { return msgs.SessionExpiredMsg{Reason: reason} }
		}
		r.err = msg.err
		r.failures++
		delay := min(time.Duration(1<<min(r.failures, 6))*time.Second, maxBackoff)
		r.nextTry = now.Add(delay)
		return r.schedule(delay)
	}
	r.err, r.failures = nil, 0
	r.setItems(msg.items)
	r.loaded = true
	r.updated = now
	r.refreshDetail()
	return r.schedule(r.env.refresh())
}

// loggedOut tells whether an error means only a new login can help, and why.
func loggedOut(err error) string {
	switch client.KindOf(err) {
	case client.KindSessionExpired:
		return "Your session expired. Log in again."
	case client.KindUnauthorized:
		return "The server no longer accepts these credentials (revoked key?). Log in again."
	}
	return ""
}

func (r *Resource[T]) schedule(d time.Duration) tea.Cmd {
	if r.paused || !r.active {
		return nil
	}
	view, gen := r.spec.Name, r.gen
	return tea.Tick(d, func(time.Time) tea.Msg { return tickMsg{view: view, gen: gen} })
}

func (r *Resource[T]) onKey(msg tea.KeyMsg) tea.Cmd {
	if r.detail != nil {
		if key.Matches(msg, r.keys.Back) {
			r.detail = nil
			return nil
		}
		var cmd tea.Cmd
		*r.detail, cmd = r.detail.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, r.keys.Refresh):
		r.failures = 0
		return r.load()
	case key.Matches(msg, r.keys.Pause):
		r.paused = !r.paused
		if !r.paused {
			return r.load()
		}
		return nil
	case key.Matches(msg, r.nav.Details):
		r.openDetail()
		return nil
	}
	var cmd tea.Cmd
	r.table, cmd = r.table.Update(msg)
	return cmd
}

// setItems replaces the whole list and re-applies the filter.
func (r *Resource[T]) setItems(items []T) {
	r.all = items
	r.hay = make([]string, len(items))
	for i, it := range items {
		r.hay[i] = strings.ToLower(r.spec.Text(it))
	}
	r.applyFilter()
}

// SetFilter implements View: a substring match, inverted by a leading "!".
func (r *Resource[T]) SetFilter(query string) {
	q := strings.ToLower(strings.TrimSpace(query))
	r.invert = strings.HasPrefix(q, "!")
	r.query = strings.TrimPrefix(q, "!")
	r.applyFilter()
}

// SetKeep narrows the list with a view-specific predicate (nil keeps all).
func (r *Resource[T]) SetKeep(keep func(T) bool) {
	r.keep = keep
	r.applyFilter()
}

func (r *Resource[T]) applyFilter() {
	if r.query == "" && r.keep == nil {
		r.table.SetItems(r.all)
		return
	}
	shown := make([]T, 0, len(r.all))
	for i, it := range r.all {
		if r.query != "" && strings.Contains(r.hay[i], r.query) == r.invert {
			continue
		}
		if r.keep != nil && !r.keep(it) {
			continue
		}
		shown = append(shown, it)
	}
	r.table.SetItems(shown)
}

func (r *Resource[T]) openDetail() {
	item, ok := r.table.Selected()
	if !ok || r.spec.Detail == nil {
		return
	}
	vp := viewport.New(r.width, max(r.height-1, 1))
	r.detail, r.detailKey, r.detailItem = &vp, r.spec.Key(item), item
	r.renderDetail()
}

// refreshDetail keeps an open detail page current after a poll.
func (r *Resource[T]) refreshDetail() {
	if r.detail == nil {
		return
	}
	for _, it := range r.all {
		if r.spec.Key(it) == r.detailKey {
			r.detailItem = it
			r.renderDetail()
			return
		}
	}
}

func (r *Resource[T]) renderDetail() {
	text := sanitize.Text(r.spec.Detail(r.detailItem, r.env.now()))
	r.detail.SetContent(lipgloss.NewStyle().Width(r.width).Render(text))
}

// SetSize implements View.
func (r *Resource[T]) SetSize(width, height int) {
	r.width, r.height = width, height
	r.table.SetSize(width, height)
	if r.detail != nil {
		r.detail.Width, r.detail.Height = width, max(height-1, 1)
		r.renderDetail()
	}
}

// Capturing implements View: the plain list never captures keys.
func (r *Resource[T]) Capturing() bool { return false }

// InDetail reports whether the detail page is open.
func (r *Resource[T]) InDetail() bool { return r.detail != nil }

// Selected is the item under the cursor.
func (r *Resource[T]) Selected() (T, bool) { return r.table.Selected() }

// Items is every loaded item, unfiltered.
func (r *Resource[T]) Items() []T { return r.all }

// Reload starts a new load now, after an action changed the server's state.
func (r *Resource[T]) Reload() tea.Cmd { return r.load() }

// View implements View.
func (r *Resource[T]) View() string {
	body := r.body()
	return lipgloss.NewStyle().Width(r.width).Height(r.height).MaxHeight(r.height).Render(body)
}

func (r *Resource[T]) body() string {
	if r.detail != nil {
		title := styles.Title.Render(sanitize.Line(r.detailKey)) + styles.Muted.Render("  esc back · ↑↓ scroll")
		return title + "\n" + r.detail.View()
	}
	if !r.loaded {
		if r.err != nil {
			return styles.Error.Render(fmt.Sprintf("✖ Could not load %s: %s", r.spec.Noun, sanitize.Line(r.err.Error()))) +
				"\n" + styles.Muted.Render(r.retryText())
		}
		return r.spinner.View() + " Loading " + r.spec.Noun + "…"
	}
	if r.table.Len() == 0 {
		return r.table.View() + "\n" + styles.Muted.Render(r.emptyText())
	}
	return r.table.View()
}

func (r *Resource[T]) emptyText() string {
	switch {
	case len(r.all) == 0 && r.spec.Resource.Namespaced():
		return fmt.Sprintf("No %s in namespace %q.", r.spec.Noun, r.env.Client.Namespace())
	case len(r.all) == 0:
		return fmt.Sprintf("No %s.", r.spec.Noun)
	case r.query != "":
		return fmt.Sprintf("No %s match the filter %q (esc in the filter clears it).", r.spec.Noun, r.query)
	}
	return fmt.Sprintf("No %s match the current toggles.", r.spec.Noun)
}

func (r *Resource[T]) retryText() string {
	if r.paused {
		return "Paused: press p to resume or r to retry now."
	}
	wait := max(r.nextTry.Sub(r.env.now()).Round(time.Second), 0)
	return fmt.Sprintf("Retrying in %s (at %s); press r to retry now.", wait, r.nextTry.Format("15:04:05"))
}

// Status implements View: what the header says about this list.
func (r *Resource[T]) Status() string {
	var parts []string
	if r.loaded && r.spec.Summary != nil {
		parts = append(parts, r.spec.Summary(r.all))
	}
	if r.loaded {
		count := fmt.Sprintf("%d %s", len(r.all), r.spec.Noun)
		if shown := r.table.Len(); shown != len(r.all) {
			count = fmt.Sprintf("%d of %d %s", shown, len(r.all), r.spec.Noun)
		}
		parts = append(parts, count)
	}
	if r.loading {
		if r.loaded && r.progress > 0 {
			parts = append(parts, fmt.Sprintf("%s loading %d…", r.spinner.View(), r.progress))
		} else {
			parts = append(parts, r.spinner.View()+" loading…")
		}
	}
	if !r.updated.IsZero() {
		parts = append(parts, "updated "+r.updated.Format("15:04:05"))
	}
	if r.paused {
		parts = append(parts, "⏸ paused")
	}
	return strings.Join(parts, " · ")
}

// Problem is the error line for the status bar: the last error, marked
// stale when old data is still shown, with the next retry time.
func (r *Resource[T]) Problem() string {
	if r.err == nil {
		return ""
	}
	msg := sanitize.Line(r.err.Error())
	if r.loaded {
		msg = "STALE DATA · " + msg
	}
	return msg + " · " + r.retryText()
}

// ShortHelp implements help.KeyMap.
func (r *Resource[T]) ShortHelp() []key.Binding {
	if r.detail != nil {
		return []key.Binding{r.keys.Back}
	}
	return []key.Binding{r.nav.Up, r.nav.Down, r.nav.Details, r.keys.Refresh, r.keys.Pause}
}

// FullHelp implements help.KeyMap.
func (r *Resource[T]) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{r.nav.Up, r.nav.Down, r.nav.PageUp, r.nav.PageDown, r.nav.Top, r.nav.Bottom},
		{r.nav.Details, r.keys.Back, r.keys.Refresh, r.keys.Pause},
	}
}
