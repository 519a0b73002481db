package views

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/pipeline"
	"github.com/sensu-tui/sensu-tui/ui/line"
	"github.com/sensu-tui/sensu-tui/ui/modal"
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
	// Name is the tab label and :command; Noun and Singular name the items in messages.
	Name, Noun, Singular string
	Resource             client.Resource
	Columns              []table.Column
	Key                  func(T) string
	Cells                func(item T, now time.Time) []table.Cell
	// Sorts are the orders the user can cycle through; the first is the default.
	Sorts []Sort[T]
	// Search is what the filter looks at: names (short fields, each matched
	// fuzzily) and free text (matched as a substring only).
	Search func(T) (names []string, text string)
	// Detail is the full description shown on the detail page (d, or enter
	// where the view does not drill down).
	Detail func(item T, now time.Time) string
	// LoadDetail, when set, fetches what the detail page shows instead, for
	// lists that keep only a summary of each item. It returns the page's
	// text for a given time and page size; the page fetches again after
	// each poll.
	LoadDetail func(ctx context.Context, c *client.Client, item T) (func(Frame) string, error)
	// Title, when set, names an item on its detail and raw pages instead
	// of its key (which for an API key is the secret itself).
	Title func(item T) string
	// Drill, when set, is where enter takes the user from an item: another
	// view, filtered to what belongs to the item (an entity's events).
	Drill func(item T, scope Scope) msgs.DrillMsg
	// Summary is the header line for the loaded items (counts per status...),
	// and ShortSummary a shorter form for a narrow terminal.
	Summary, ShortSummary func(items []T) string
	// SummaryPending stands for Summary while only the first page is in:
	// its counts as "…", since counts of part of a list would be false.
	SummaryPending string
	// Fields are what field selectors test, by Sensu's field names
	// ("event.check.status"); lists are joined with commas.
	Fields func(T) map[string]string
	// Labels are what label selectors test.
	Labels func(T) map[string]string
	// Namespace and Name locate one item, for the namespace column and the raw view.
	Namespace func(T) string
	ItemName  func(T) string
	// Enrich, when set, adds facts from other resources to a complete list,
	// off the UI goroutine, before it is shown.
	Enrich func(ctx context.Context, c *client.Client, opts client.ListOptions, items []T) error
	// Window, when set, serves a window of the list from the server's own
	// sorting, narrowing and counting, when it can (see window.go).
	Window func(WindowRequest) (WindowFetch[T], bool)
}

// data is what the pipeline needs of the spec.
func (s Spec[T]) data() pipeline.Spec[T] {
	return pipeline.Spec[T]{Key: s.Key, Search: s.Search, Labels: s.Labels, Fields: s.Fields,
		Summary: s.Summary, ShortSummary: s.ShortSummary}
}

// Sort is one named order of a list.
type Sort[T any] struct {
	Name string
	// Column is the title of the column the order sorts by: its header
	// shows the arrow, and shift and a letter of it sorts (keymap.SortLetter).
	Column string
	// Descending is true when the order runs from the largest value the
	// column shows to the smallest (worst first, most first, oldest first).
	Descending bool
	// Compare is negative when a comes before b, positive when after.
	Compare func(a, b T) int
}

// Extension adds a view's own keys, help and header to the generic list.
type Extension struct {
	// Keys handles a key in list mode; it reports whether it used it.
	Keys func(tea.KeyMsg) (tea.Cmd, bool)
	// Help and FullHelp are listed after the generic bindings.
	Help, FullHelp []key.Binding
	// Mutating bindings change the server: read-only mode hides and refuses them.
	Mutating []key.Binding
	// Status is appended to the header.
	Status func() string
	// ListOnly are the keys that concern the list rather than one item (a
	// status scope, a grant): a detail page leaves them alone. Every other
	// key of Keys works on a detail page too, on the item it shows.
	ListOnly []key.Binding
	// PageHelp is what a detail page's help bar lists of the view's keys;
	// nil lists Help without the list-only keys.
	PageHelp []key.Binding
}

// Scope is the namespace choice shared by every view of one session.
type Scope struct {
	AllNamespaces bool
}

// Resource is the generic list view: loading, empty and error states, paged
// loading with progress, polling with backoff, filtering, sorting, marks,
// dialogs, actions, and the detail and raw pages. The pipeline package
// builds and filters its lists; the table shows them.
type Resource[T any] struct {
	spec  Spec[T]
	env   Env
	ext   Extension
	keys  keymap.Global
	nav   keymap.Table
	list  keymap.List
	table table.Model[T]

	listing    *pipeline.Listing[T] // the whole sorted list, unfiltered
	filter     pipeline.Filter[T]
	filterText string
	// filterKept is true when the filter came with the user from another
	// view rather than being typed here.
	filterKept bool
	keepName   string // names filter.Keep, the view's own scope
	window     windowState
	walkStart  time.Time // when the walk in flight started
	marks      map[string]bool
	sortIdx    int
	reversed   bool
	sortKeys   []key.Binding // shift+letter for each sort; unbound when it has no letter
	nsColumn   bool
	// created is the key of an item an action just created: the cursor
	// goes to it when the list comes back with it.
	created string
	// backTo is the view the drill-down that led here began in (SetBack):
	// esc on the list goes back there.
	backTo string

	loaded   bool // data has arrived at least once
	complete bool // a whole list has arrived at least once, not only a first page
	loading  bool
	progress int
	err      error
	failures int
	nextTry  time.Time
	updated  time.Time
	paused   bool
	active   bool

	// id is the current load or poll timer; replies to any other are stale.
	id      uint64
	cancel  context.CancelFunc
	actions map[uint64]bool // actions started here and not reported yet
	spinner spinner.Model

	page     *page
	pageItem T // the item the page shows, which actions on the page act on
	// wantDetail is the key of an item whose detail page opens once a
	// list with it comes back, after a jump from another view.
	wantDetail string
	dialog     Dialog

	width, height int
}

// NewResource builds a list view for spec.
func NewResource[T any](spec Spec[T], env Env, nav keymap.Table) *Resource[T] {
	r := &Resource[T]{
		spec:    spec,
		env:     env.withStyles(),
		keys:    keymap.DefaultGlobal(),
		nav:     nav,
		list:    keymap.DefaultList(),
		marks:   map[string]bool{},
		actions: map[uint64]bool{},
		spinner: newSpinner(),
		listing: &pipeline.Listing[T]{},
	}
	r.filter.Labels, r.filter.Fields = env.Selector, env.FieldSelector
	r.nsColumn = spec.Namespace != nil && spec.Resource.Namespaced() && r.scope().AllNamespaces
	r.table = table.New(r.columns(), spec.Key, r.cells, nav, r.env.Styles)
	r.bindSorts()
	r.showSort()
	return r
}

// Extend adds a view's own keys and help.
func (r *Resource[T]) Extend(ext Extension) {
	r.ext = ext
	r.bindSorts()
}

// bindSorts gives each order its shift+letter key, leaving alone the
// letters of every other key of the list.
func (r *Resource[T]) bindSorts() {
	bound := slices.Concat(slices.Concat(r.keys.FullHelp()...), slices.Concat(r.nav.FullHelp()...),
		slices.Concat(r.list.FullHelp()...), r.ext.Help, r.ext.FullHelp, r.ext.Mutating)
	taken := keymap.Letters(bound...)
	r.sortKeys = make([]key.Binding, len(r.spec.Sorts))
	for i, s := range r.spec.Sorts {
		if letter := keymap.SortLetter(taken, s.Column, s.Name); letter != "" {
			taken[letter] = true
			r.sortKeys[i] = keymap.SortKey(letter, s.Name)
		}
	}
}

// showSort puts the arrow on the header of the column the list is sorted by.
func (r *Resource[T]) showSort() {
	if len(r.spec.Sorts) == 0 {
		return
	}
	s := r.spec.Sorts[r.sortIdx]
	col := slices.IndexFunc(r.columns(), func(c table.Column) bool { return c.Title == s.Column })
	r.table.SetSort(col, r.env.Styles.SortArrow(s.Descending != r.reversed))
}

// sortBy sorts by order i, or reverses it when the list is sorted by it already.
func (r *Resource[T]) sortBy(i int) tea.Cmd {
	if i == r.sortIdx {
		r.reversed = !r.reversed
	} else {
		r.sortIdx, r.reversed = i, false
	}
	return r.resort()
}

// columns are the spec's, after a one-cell mark column and, across all
// namespaces, a namespace column.
func (r *Resource[T]) columns() []table.Column {
	cols := []table.Column{{Title: " ", Width: 1}}
	if r.nsColumn {
		cols = append(cols, table.Column{Title: "NAMESPACE", Width: 9, Flex: 1, MaxWidth: nameColumnMax, Priority: 1})
	}
	return append(cols, r.spec.Columns...)
}

func (r *Resource[T]) cells(item T) []table.Cell {
	mark := " "
	if r.marks[r.spec.Key(item)] {
		mark = "*"
	}
	cells := []table.Cell{{Text: mark, Style: &r.env.Styles.Warning}}
	if r.nsColumn {
		cells = append(cells, table.Cell{Text: r.spec.Namespace(item)})
	}
	return append(cells, r.spec.Cells(item, r.env.now())...)
}

// pageMsg carries one step of a load: the first page, progress, or the final list.
type pageMsg[T any] struct {
	route  msgs.Route
	order  sortOrder // the order the list is sorted in
	update pipeline.Update[T]
	next   chan tea.Msg
}

func (m pageMsg[T]) RouteTo() msgs.Route { return m.route }

// tickMsg is the polling timer of one load.
type tickMsg struct{ route msgs.Route }

func (m tickMsg) RouteTo() msgs.Route { return m.route }

// Name implements View.
func (r *Resource[T]) Name() string { return r.spec.Name }

// Activate starts a fresh load; the old data stays on screen until it lands.
func (r *Resource[T]) Activate() tea.Cmd {
	r.active = true
	return r.load()
}

// Deactivate cancels whatever the view had in flight; replies still on
// their way are stale from now on.
func (r *Resource[T]) Deactivate() {
	r.active = false
	r.stop()
}

func (r *Resource[T]) scope() Scope {
	if r.env.Scope == nil {
		return Scope{}
	}
	return *r.env.Scope
}

func (r *Resource[T]) stop() {
	r.id = msgs.NewID()
	if r.cancel != nil {
		r.cancel()
		r.cancel = nil
	}
	r.loading = false
}

func (r *Resource[T]) route() msgs.Route { return msgs.Route{View: r.spec.Name, ID: r.id} }

// load starts a paged walk in the background. The first page of a first
// load goes on screen at once; later pages only report progress, and the
// sorted full list is swapped in with one message.
func (r *Resource[T]) load() tea.Cmd {
	if fetch, ok := r.windowFetch(); ok {
		return r.loadWindow(fetch)
	}
	r.stop()
	r.walkStart = time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	r.loading = true
	r.progress = 0
	opts := client.ListOptions{PageSize: r.env.PageSize, FirstPageSize: r.env.FirstPageSize,
		AllNamespaces: r.scope().AllNamespaces, LabelSelector: r.env.Selector.String(), FieldSelector: r.env.FieldSelector.String()}
	if r.loaded {
		// Rows are on screen already: a poll saves the backend a request.
		opts.FirstPageSize = cmp.Or(opts.PageSize, client.DefaultPageSize)
	}
	c, enrich := r.env.Client, r.spec.Enrich
	job := pipeline.Load[T]{
		Spec: r.spec.data(), Compare: r.compare(), SizeHint: len(r.listing.Entries), ShowFirst: !r.loaded,
		Fetch: func(ctx context.Context, onPage func([]T) error) error {
			return client.Walk(ctx, c, r.spec.Resource, opts, onPage)
		},
	}
	if enrich != nil {
		job.Enrich = func(ctx context.Context, items []T) error { return enrich(ctx, c, opts, items) }
	}
	ch := make(chan tea.Msg, 1)
	route, order := r.route(), r.order()
	go func() {
		defer close(ch)
		job.Run(ctx, func(u pipeline.Update[T], wait bool) bool {
			m := pageMsg[T]{route: route, order: order, update: u, next: ch}
			if !wait {
				select {
				case ch <- m:
					return true
				default:
					return false
				}
			}
			select {
			case ch <- m:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	return tea.Batch(waitFor(ch), r.spinner.Tick)
}

// sortOrder names one of the orders a list can be sorted in.
type sortOrder struct {
	sort     int
	reversed bool
}

func (r *Resource[T]) order() sortOrder { return sortOrder{r.sortIdx, r.reversed} }

// takeList puts in a loaded list. One sorted in an order the user has left
// while it loaded is sorted again, or it would show under the new order's name.
func (r *Resource[T]) takeList(l *pipeline.Listing[T], order sortOrder) {
	if order != r.order() {
		l.Sort(r.compare())
	}
	r.listing = l
	r.applyFilter()
	if r.created != "" && r.table.SetCursorKey(r.created) {
		r.created = ""
	}
}

// compare is the current order, reversed when asked.
func (r *Resource[T]) compare() func(a, b T) int {
	if len(r.spec.Sorts) == 0 {
		return nil
	}
	compare := r.spec.Sorts[r.sortIdx].Compare
	if r.reversed {
		return func(a, b T) int { return compare(b, a) }
	}
	return compare
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
func (r *Resource[T]) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pageMsg[T]:
		if msg.route != r.route() {
			return nil
		}
		return r.onPage(msg)
	case windowMsg[T]:
		if msg.route != r.route() {
			return nil
		}
		return r.onWindow(msg)
	case tickMsg:
		if msg.route != r.route() || !r.active || r.paused {
			return nil
		}
		return r.load()
	case spinner.TickMsg:
		if !r.loading {
			return r.toDialog(msg) // let the spinner stop: no redraws while idle
		}
		var cmd tea.Cmd
		r.spinner, cmd = r.spinner.Update(msg)
		return tea.Batch(cmd, r.toDialog(msg))
	case msgs.ActionDoneMsg:
		return r.onAction(msg)
	case rawMsg:
		if r.page != nil && r.page.raw != nil && msg.route.ID == r.page.id {
			r.page.setRaw(msg.body, msg.err)
		}
		return nil
	case detailMsg:
		if r.page != nil && r.page.raw == nil && msg.route.ID == r.page.id {
			r.page.setDetail(msg.render, msg.err)
		}
		return nil
	case tea.KeyMsg:
		return r.onKey(msg)
	}
	return r.toDialog(msg)
}

// toDialog hands a message to the open dialog, which may be waiting for a reply.
func (r *Resource[T]) toDialog(msg tea.Msg) tea.Cmd {
	if r.dialog == nil {
		return nil
	}
	var cmd tea.Cmd
	r.dialog, cmd = r.dialog.Update(msg)
	return cmd
}

func (r *Resource[T]) onPage(msg pageMsg[T]) tea.Cmd {
	u := msg.update
	r.progress = u.Progress
	if !u.Final {
		var open tea.Cmd
		if u.List != nil {
			r.takeList(u.List, msg.order)
			r.loaded = true
			open = r.openWanted(false)
		}
		return tea.Batch(waitFor(msg.next), open)
	}
	r.loading = false
	r.cancel = nil
	if u.Err != nil {
		return r.failed(u.Err)
	}
	r.window.on = false
	r.table.SetTotal(0)
	r.succeeded(u.List, msg.order)
	return tea.Batch(r.refreshPage(), r.openWanted(true), r.schedule(walkEvery(r.env.refresh(), time.Since(r.walkStart))))
}

// failed keeps the last good list on screen and retries with backoff, or
// sends the user to log in again when only that can help.
func (r *Resource[T]) failed(err error) tea.Cmd {
	r.err = err
	if reason := loggedOut(err); reason != "" {
		return func() tea.Msg { return msgs.SessionExpiredMsg{Reason: reason} }
	}
	r.failures++
	backoff := time.Duration(1<<min(r.failures, 6)) * time.Second
	delay := min(max(backoff, client.RetryAfter(err)), maxBackoff) // the server's Retry-After, if longer
	r.nextTry = r.env.now().Add(delay)
	return r.schedule(delay)
}

// succeeded puts in a loaded list, sorted in order.
func (r *Resource[T]) succeeded(l *pipeline.Listing[T], order sortOrder) {
	r.err, r.failures = nil, 0
	r.takeList(l, order)
	r.loaded, r.complete = true, true
	r.updated = r.env.now()
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
	route := r.route()
	return tea.Tick(d, func(time.Time) tea.Msg { return tickMsg{route: route} })
}

func (r *Resource[T]) onKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case r.dialog != nil:
		return r.toDialog(msg)
	case r.page != nil:
		return r.onPageKey(msg)
	case r.blocked(msg):
		return flash(fmt.Sprintf("Read-only mode: %s is switched off.", helpOf(msg, r.ext.Mutating)), true)
	}
	if r.ext.Keys != nil {
		if cmd, ok := r.ext.Keys(msg); ok {
			return cmd
		}
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
	case key.Matches(msg, r.nav.Details) && r.spec.Drill != nil:
		return r.drill()
	case key.Matches(msg, r.nav.Details), key.Matches(msg, r.list.Detail):
		return r.openDetail()
	case key.Matches(msg, r.list.Raw):
		return r.openRaw()
	case key.Matches(msg, r.list.Mark):
		if item, ok := r.table.Selected(); ok {
			k := r.spec.Key(item)
			if r.marks[k] {
				delete(r.marks, k)
			} else {
				r.marks[k] = true
			}
			r.table.MoveDown(1)
		}
		return nil
	case key.Matches(msg, r.list.Clear):
		return r.escape()
	case key.Matches(msg, r.list.SortNext) && len(r.spec.Sorts) > 1:
		return r.sortBy((r.sortIdx + 1) % len(r.spec.Sorts))
	case key.Matches(msg, r.list.SortReverse) && len(r.spec.Sorts) > 0:
		return r.sortBy(r.sortIdx)
	}
	for i, b := range r.sortKeys {
		if key.Matches(msg, b) {
			return r.sortBy(i)
		}
	}
	var cmd tea.Cmd
	r.table, cmd = r.table.Update(msg)
	return tea.Batch(cmd, r.widen(key.Matches(msg, r.nav.Bottom)))
}

// blocked is true for a mutating key in read-only mode.
func (r *Resource[T]) blocked(msg tea.KeyMsg) bool {
	if r.env.Client == nil || !r.env.Client.ReadOnly() {
		return false
	}
	for _, b := range r.ext.Mutating {
		if key.Matches(msg, b) {
			return true
		}
	}
	return false
}

// helpOf names the action a key stands for.
func helpOf(msg tea.KeyMsg, bindings []key.Binding) string {
	for _, b := range bindings {
		if key.Matches(msg, b) {
			return b.Help().Desc
		}
	}
	return msg.String()
}

// resort applies a new order and starts at its top, since the row that
// was selected means little in a different order. A window is sorted by
// the server: it is fetched again, in the new order or walked.
func (r *Resource[T]) resort() tea.Cmd {
	r.showSort()
	r.listing.Sort(r.compare())
	r.applyFilter()
	r.table.GotoTop()
	return r.reloadWindow()
}

// reloadWindow loads the list again when what it shows is, or could be,
// a window chosen by the server: a change of order, scope or filter
// changes which rows it holds, or whether a window can serve it. A view
// that is away (given a drill-down's filter) loads on Activate: it only
// stops counting a window's rows as the whole list.
func (r *Resource[T]) reloadWindow() tea.Cmd {
	if r.spec.Window == nil || (!r.active && !r.window.on) {
		return nil
	}
	_, windowable := r.windowFetch()
	if !r.window.on && !windowable {
		return nil // a walked list, narrowed here
	}
	if !windowable {
		// The rows on screen are the window's, narrowed here, until the
		// walk lands: the whole list's count stays the window's.
		r.window.on = false
		r.table.SetTotal(0)
	}
	if !r.active {
		return nil
	}
	return r.load()
}

// SetFilter implements View. A changed filter starts at the top of what it
// shows, since the row selected before may not be among it, or may be
// anywhere in it.
func (r *Resource[T]) SetFilter(query string) tea.Cmd {
	if query == r.filterText {
		return nil
	}
	// The root sets the filter of a view it is about to show before
	// showing it: that filter was typed elsewhere.
	r.filterText, r.filterKept = query, !r.active
	r.filter.Query = pipeline.ParseQuery(query)
	r.applyFilter()
	r.table.GotoTop()
	return r.reloadWindow()
}

// SetBack implements View.
func (r *Resource[T]) SetBack(view string) { r.backTo = view }

// escape is esc on a list. It does the first of these that applies: clear
// the marks; go back to where the drill-down that led here began (the
// filter is the drill-down's, so leaving it is what the user means); clear
// the filter. The root does the last two, as the filter and the way back
// are the whole dashboard's.
func (r *Resource[T]) escape() tea.Cmd {
	switch {
	case len(r.marks) > 0:
		clear(r.marks)
		return nil
	case r.backTo != "":
		return func() tea.Msg { return msgs.BackMsg{} }
	case r.filterText != "":
		return func() tea.Msg { return msgs.ClearFilterMsg{} }
	}
	return nil
}

// listKeys are the list's bindings, with esc described as it works here.
func (r *Resource[T]) listKeys() keymap.List {
	if r.backTo != "" {
		return r.list.ClearGoesBack(r.backTo)
	}
	return r.list
}

// SetScope narrows the list with a view-specific predicate named name
// (nil keeps all), starting at the top of what it shows.
func (r *Resource[T]) SetScope(name string, keep func(T) bool) tea.Cmd {
	r.keepName, r.filter.Keep = name, keep
	r.applyFilter()
	r.table.GotoTop()
	return r.reloadWindow()
}

func (r *Resource[T]) applyFilter() {
	shown := r.filter.Apply(r.spec.data(), r.listing)
	r.table.SetItems(shown)
	r.dropHiddenMarks(shown)
}

// dropHiddenMarks keeps marks only on rows still shown, so an action never
// touches a row the user cannot see.
func (r *Resource[T]) dropHiddenMarks(shown []T) {
	if len(r.marks) == 0 {
		return
	}
	visible := make(map[string]bool, len(r.marks))
	for _, it := range shown {
		if k := r.spec.Key(it); r.marks[k] {
			visible[k] = true
		}
	}
	r.marks = visible
}

// Selection is what an action applies to: on a detail or raw page the item
// it shows, else the marked rows in list order, or else the row under the
// cursor. Actions take it when their key is pressed and keep it, so a poll
// that reorders the list meanwhile changes nothing about what they act on.
func (r *Resource[T]) Selection() []T {
	if r.page != nil {
		return []T{r.pageItem}
	}
	if len(r.marks) > 0 {
		var out []T
		for _, it := range r.table.Items() {
			if r.marks[r.spec.Key(it)] {
				out = append(out, it)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if it, ok := r.table.Selected(); ok {
		return []T{it}
	}
	return nil
}

// Ask opens a dialog over the list.
func (r *Resource[T]) Ask(d Dialog) { r.dialog = d }

// SetSize implements View.
func (r *Resource[T]) SetSize(width, height int) {
	r.width, r.height = width, height
	r.table.SetSize(width, height)
	if r.page != nil {
		r.page.resize(width, height)
	}
}

// Capturing implements View: an open dialog, or a search being typed on a
// page, takes every key.
func (r *Resource[T]) Capturing() bool {
	return r.dialog != nil || (r.page != nil && r.page.typing())
}

// InPage reports whether the detail or raw page is open.
func (r *Resource[T]) InPage() bool { return r.page != nil }

// Selected is the item a key acts on: the one a detail or raw page shows,
// or else the one under the cursor.
func (r *Resource[T]) Selected() (T, bool) {
	if r.page != nil {
		return r.pageItem, true
	}
	return r.table.Selected()
}

// Items is every loaded item, unfiltered, in list order.
func (r *Resource[T]) Items() []T { return r.listing.Items() }

// Loading reports whether a load is in flight.
func (r *Resource[T]) Loading() bool { return r.loading }

// Reload starts a new load now, after an action changed the server's state.
func (r *Resource[T]) Reload() tea.Cmd { return r.load() }

// View implements View.
func (r *Resource[T]) View() string {
	var body string
	if r.page == nil && r.loaded && r.table.Len() > 0 {
		// The table's lines are exactly as wide as the view: they need
		// only blank lines below them, not a measure of every line.
		body = styles.FillHeight(r.table.View(), r.width, r.height)
	} else {
		// Wrapped by lipgloss, then fitted to the terminal's own widths.
		body = styles.Block(r.env.Styles.NewStyle().Width(r.width).Render(r.body()), r.width, r.height)
	}
	if r.dialog != nil {
		return modal.Overlay(body, r.dialog.View(r.width), r.width, r.height)
	}
	return body
}

func (r *Resource[T]) body() string {
	if r.page != nil {
		return r.page.view()
	}
	if !r.loaded {
		if r.err != nil {
			return r.env.Styles.Error.Render(fmt.Sprintf("✖ Could not load %s: %s", r.spec.Noun, sanitize.Line(r.explain(r.err)))) +
				"\n" + r.env.Styles.Muted.Render(r.retryText())
		}
		return r.spinner.View() + " Loading " + r.spec.Noun + "…"
	}
	if r.table.Len() == 0 {
		return r.table.View() + "\n" + r.env.Styles.Muted.Render(r.emptyText())
	}
	return r.table.View()
}

// explain turns a load error into what the user can do about it.
func (r *Resource[T]) explain(err error) string {
	if client.KindOf(err) != client.KindForbidden {
		return errText(err)
	}
	where := fmt.Sprintf("in namespace %q", r.env.Client.Namespace())
	if !r.spec.Resource.Namespaced() {
		where = "anywhere: they are cluster-wide, so only a cluster role binding can allow it; ask a cluster admin"
	} else if r.scope().AllNamespaces {
		where = "across all namespaces: pick one namespace with N or :ns"
	}
	return fmt.Sprintf("permission denied: your user may not list %s %s", r.spec.Noun, where)
}

// counts are how many items the list holds, and how many of them it shows.
func (r *Resource[T]) counts() (all, shown int) {
	switch {
	case r.window.on:
		return r.window.all, r.window.total
	case r.loading && r.window.all > len(r.listing.Entries):
		return r.window.all, r.table.Len() // a window's rows while the walk comes
	}
	return len(r.listing.Entries), r.table.Len()
}

func (r *Resource[T]) emptyText() string {
	all, _ := r.counts()
	switch {
	case all == 0 && r.spec.Resource.Namespaced() && r.scope().AllNamespaces:
		return fmt.Sprintf("No %s in any namespace.", r.spec.Noun)
	case all == 0 && r.spec.Resource.Namespaced():
		return fmt.Sprintf("No %s in namespace %q.", r.spec.Noun, r.env.Client.Namespace())
	case all == 0:
		return fmt.Sprintf("No %s.", r.spec.Noun)
	case r.filterText != "":
		q := sanitize.Line(r.filterText)
		text := fmt.Sprintf("No %s match the filter %q.", r.spec.Noun, q)
		if r.backTo != "" {
			// The drill-down set the filter: esc leaves both.
			return text + fmt.Sprintf(" esc goes back to %s; / changes it.", r.backTo)
		}
		if r.filterKept {
			hidden := "all " + r.count(all)
			if all == 1 {
				hidden = "the only " + r.spec.Singular
			}
			text = fmt.Sprintf("The filter %q, kept from the view you came from, hides %s.", q, hidden)
		}
		if unknown := r.unknownFields(); unknown != "" {
			text += " " + unknown
		}
		return text + " esc clears it; / changes it."
	}
	return fmt.Sprintf("No %s match the current scope.", r.spec.Noun)
}

// unknownFields says which fields of an "f:" filter these items do not
// have, which a filter kept from another view often names.
func (r *Resource[T]) unknownFields() string {
	have := r.FieldNames()
	var unknown []string
	for _, k := range r.filter.Query.Fields().Keys() {
		if !slices.Contains(have, k) {
			unknown = append(unknown, sanitize.Line(k))
		}
	}
	if len(unknown) == 0 || len(have) == 0 {
		return ""
	}
	return fmt.Sprintf("%s have no field %s (theirs: %s).", capitalise(r.spec.Noun), strings.Join(unknown, ", "), strings.Join(have, ", "))
}

// FieldNames are the fields an "f:" filter can test on this list, sorted;
// none until the list has loaded.
func (r *Resource[T]) FieldNames() []string {
	if r.spec.Fields == nil || len(r.listing.Entries) == 0 {
		return nil
	}
	names := slices.Collect(maps.Keys(r.spec.Fields(r.listing.Entries[0].Item)))
	slices.Sort(names)
	return names
}

// capitalise upper-cases the first letter of an ASCII noun.
func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func (r *Resource[T]) retryText() string {
	if r.paused {
		return "Paused: press p to resume or r to retry now."
	}
	wait := max(r.nextTry.Sub(r.env.now()).Round(time.Second), 0)
	return fmt.Sprintf("Retrying in %s (at %s); press r to retry now.", wait, r.nextTry.Format("15:04:05"))
}

// Status implements View: the whole header line, every part in full.
func (r *Resource[T]) Status() string { return line.Join(r.StatusParts(), r.env.Styles.Separator()) }

// FilterPart is the Key of the header part that shows the filter, which
// the root leaves out while the filter is typed in its prompt.
const FilterPart = "filter"

// StatusParts implements View: what the header says about this list, each
// part with how much it matters. The position, errors, marks and a pause
// never give way; the sort, which the column header shows too, goes first.
func (r *Resource[T]) StatusParts() []line.Part {
	var parts []line.Part
	if pos := r.table.Position(); r.loaded && pos != "" {
		if n := r.table.NewAbove(); n > 0 {
			pos += fmt.Sprintf(" ↑ %d new", n)
		}
		parts = append(parts, line.Part{Text: pos})
	}
	if q := r.filterText; q != "" {
		warn := r.env.Styles.Warning
		parts = append(parts, line.Part{Text: warn.Render("filter: " + sanitize.Line(q)),
			Short: warn.Render("/" + styles.Truncate(sanitize.Line(q), 12, r.env.Styles.Ellipsis())), Priority: 1, Key: FilterPart})
	}
	switch {
	case r.loaded && r.spec.Summary != nil && r.complete:
		parts = append(parts, line.Part{Text: r.listing.Summary, Short: r.listing.Short, Priority: 2})
	case r.loaded && r.spec.SummaryPending != "":
		parts = append(parts, line.Part{Text: r.spec.SummaryPending, Priority: 2})
	}
	if r.loaded {
		parts = append(parts, r.countPart())
	}
	if len(r.marks) > 0 {
		parts = append(parts, line.Part{Text: fmt.Sprintf("%d marked", len(r.marks))})
	}
	if err := r.filter.Query.Err; err != nil {
		parts = append(parts, line.Part{Text: r.env.Styles.Error.Render(sanitize.Line(err.Error()))})
	}
	if !r.env.FieldSelector.Empty() {
		parts = append(parts, line.Part{Text: "fields: " + sanitize.Line(r.env.FieldSelector.String()), Priority: 3})
	}
	if !r.env.Selector.Empty() {
		parts = append(parts, line.Part{Text: "labels: " + sanitize.Line(r.env.Selector.String()), Priority: 3})
	}
	if r.ext.Status != nil {
		if s := r.ext.Status(); s != "" {
			parts = append(parts, line.Part{Text: s, Priority: 1})
		}
	}
	if r.sortIdx > 0 || r.reversed {
		sort := "sort: " + r.spec.Sorts[r.sortIdx].Name
		if r.reversed {
			sort += " (reversed)"
		}
		parts = append(parts, line.Part{Text: sort, Priority: 4})
	}
	if r.loading {
		loading := line.Part{Text: r.spinner.View() + " loading…", Short: r.spinner.View(), Priority: 2}
		if r.loaded && r.progress > 0 {
			loading.Text = fmt.Sprintf("%s loading %d…", r.spinner.View(), r.progress)
		}
		parts = append(parts, loading)
	}
	if !r.updated.IsZero() {
		parts = append(parts, line.Part{Text: "updated " + r.updated.Format("15:04:05"), Priority: 1})
	}
	if r.paused {
		parts = append(parts, line.Part{Text: "⏸ paused"})
	}
	return parts
}

// countText is how many items there are, and how many of them are shown;
// "…" for the total until a whole list has arrived.
// countPart is countText as a header part: "30 of 615" in short.
func (r *Resource[T]) countPart() line.Part {
	all, shown := r.counts()
	part := line.Part{Text: r.countText(), Priority: 1}
	if shown != all {
		total := "…"
		if r.complete {
			total = strconv.Itoa(all)
		}
		part.Short = fmt.Sprintf("%d of %s", shown, total)
	}
	return part
}

func (r *Resource[T]) countText() string {
	all, shown := r.counts()
	switch {
	case !r.complete && shown != all:
		return fmt.Sprintf("%d of … %s", shown, r.spec.Noun)
	case !r.complete:
		return "… " + r.spec.Noun
	case shown != all:
		return fmt.Sprintf("%d of %d %s", shown, all, r.spec.Noun)
	}
	return r.count(all)
}

// count is "1 event" or "12 events".
func (r *Resource[T]) count(n int) string {
	if n == 1 {
		return "1 " + r.spec.Singular
	}
	return fmt.Sprintf("%d %s", n, r.spec.Noun)
}

// newSpinner is the spinner every view uses, its frames without the
// trailing space the bubbles Dot frames carry.
func newSpinner() spinner.Model {
	frames := make([]string, len(spinner.Dot.Frames))
	for i, f := range spinner.Dot.Frames {
		frames[i] = strings.TrimRight(f, " ")
	}
	return spinner.New(spinner.WithSpinner(spinner.Spinner{Frames: frames, FPS: spinner.Dot.FPS}))
}

// Problem is the error line for the status bar: the last error, marked
// stale when old data is still shown, with the next retry time.
func (r *Resource[T]) Problem() string {
	if r.err == nil {
		return ""
	}
	msg := sanitize.Line(r.explain(r.err))
	if r.loaded {
		msg = "STALE DATA · " + msg
	}
	return msg + " · " + r.retryText()
}

// visible drops the mutating bindings in read-only mode, so help never
// lists a key that would only be refused.
func (r *Resource[T]) visible(bindings []key.Binding) []key.Binding {
	if r.env.Client == nil || !r.env.Client.ReadOnly() {
		return bindings
	}
	return slices.DeleteFunc(slices.Clone(bindings), func(b key.Binding) bool {
		return slices.ContainsFunc(r.ext.Mutating, func(m key.Binding) bool { return m.Help() == b.Help() })
	})
}

// ShortHelp implements help.KeyMap.
func (r *Resource[T]) ShortHelp() []key.Binding {
	switch {
	case r.dialog != nil:
		return r.dialog.ShortHelp()
	case r.page != nil:
		return r.pageShortHelp()
	}
	base := []key.Binding{r.nav.Up, r.nav.Down, r.nav.Details}
	if r.spec.Drill != nil {
		base = append(base, r.list.Detail)
	}
	return r.visible(append(base, append(r.ext.Help, r.keys.Refresh)...))
}

// FullHelp implements help.KeyMap.
func (r *Resource[T]) FullHelp() [][]key.Binding {
	if r.page != nil {
		return r.pageFullHelp()
	}
	groups := [][]key.Binding{
		{r.nav.Up, r.nav.Down, r.nav.PageUp, r.nav.PageDown, r.nav.Top, r.nav.Bottom},
		{r.nav.Details, r.list.Detail, r.list.Raw, r.list.Mark, r.list.SortNext, r.list.SortReverse, r.listKeys().Clear, r.keys.Refresh, r.keys.Pause},
	}
	if extra := r.visible(r.ext.FullHelp); len(extra) > 0 {
		groups = append(groups, extra)
	}
	var sorts []key.Binding
	for _, b := range r.sortKeys {
		if len(b.Keys()) > 0 {
			sorts = append(sorts, b)
		}
	}
	if len(sorts) > 0 {
		groups = append(groups, sorts)
	}
	return groups
}

// SelectKey implements View: the item with key k becomes the selected row
// when the list has it, now or after the next load.
func (r *Resource[T]) SelectKey(k string) {
	if !r.table.SetCursorKey(k) {
		r.created = k
	}
}
