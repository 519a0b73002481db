package views

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/sahilm/fuzzy"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
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
	// fuzzily) and free text (matched as a substring only, since long text
	// contains almost any short pattern as a subsequence).
	Search func(T) (names []string, text string)
	// Detail is the full description shown on enter.
	Detail func(item T, now time.Time) string
	// LoadDetail, when set, fetches what the detail page shows instead, for
	// lists that keep only a summary of each item. It returns the page's
	// text for a given time; the page fetches again after each poll.
	LoadDetail func(ctx context.Context, c *client.Client, item T) (func(now time.Time) string, error)
	// Summary is the header line for the loaded items (counts per status...).
	Summary func(items []T) string
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
}

// Sort is one named order of a list.
type Sort[T any] struct {
	Name string
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
}

// Scope is the namespace choice shared by every view of one session.
type Scope struct {
	AllNamespaces bool
}

// listing is a loaded list in display order, with the distinct lower-cased
// names its entries refer to and the header summary of its items.
type listing[T any] struct {
	entries []entry[T]
	names   names
	summary string
}

// entry is one loaded item with its lower-cased search fields: names, as
// indexes into the list's names, each matched on its own so that a fuzzy
// match never spans two of them; and free text.
type entry[T any] struct {
	item  T
	names []int32
	text  string
}

// names are a list's distinct search names. Thousands of events share an
// entity or a check, so the filter matches each name once, not once per event.
type names []string

func (n names) Len() int            { return len(n) }
func (n names) String(i int) string { return n[i] }

// Resource is the generic list view: loading, empty and error states, paged
// loading with progress, polling with backoff, filtering, sorting, marks,
// dialogs, actions, and the detail and raw pages.
type Resource[T any] struct {
	spec  Spec[T]
	env   Env
	ext   Extension
	keys  keymap.Global
	nav   keymap.Table
	list  keymap.List
	table table.Model[T]

	all      []entry[T] // the whole sorted list, unfiltered
	names    names      // what the entries' names index
	summary  string     // the header summary of all
	query    string
	invert   bool
	exact    bool
	selector client.Selector // from "l:" in the filter
	fieldSel client.Selector // from "f:" in the filter
	selErr   error
	keep     func(T) bool
	marks    map[string]bool
	sortIdx  int
	reversed bool
	nsColumn bool

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

	page   *page
	dialog Dialog

	width, height int
}

// NewResource builds a list view for spec.
func NewResource[T any](spec Spec[T], env Env, nav keymap.Table) *Resource[T] {
	r := &Resource[T]{
		spec:    spec,
		env:     env,
		keys:    keymap.DefaultGlobal(),
		nav:     nav,
		list:    keymap.DefaultList(),
		marks:   map[string]bool{},
		spinner: newSpinner(),
	}
	r.table = table.New(r.columns(), spec.Key, r.cells, nav)
	return r
}

// Extend adds a view's own keys and help.
func (r *Resource[T]) Extend(ext Extension) { r.ext = ext }

// columns are the spec's, after a one-cell mark column and, across all
// namespaces, a namespace column.
func (r *Resource[T]) columns() []table.Column {
	cols := []table.Column{{Title: " ", Width: 1}}
	if r.nsColumn {
		cols = append(cols, table.Column{Title: "NAMESPACE", Width: 9, Flex: 1})
	}
	return append(cols, r.spec.Columns...)
}

func (r *Resource[T]) cells(item T) []table.Cell {
	mark := " "
	if r.marks[r.spec.Key(item)] {
		mark = "*"
	}
	cells := []table.Cell{{Text: mark, Style: &styles.Warning}}
	if r.nsColumn {
		cells = append(cells, table.Cell{Text: r.spec.Namespace(item)})
	}
	return append(cells, r.spec.Cells(item, r.env.now())...)
}

// pageMsg carries one step of a load: the first page, progress, or the final list.
type pageMsg[T any] struct {
	view     string
	gen      int
	order    sortOrder // the order list is sorted in
	list     *listing[T]
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

// Reset forgets the loaded data, for a change of namespace.
func (r *Resource[T]) Reset() {
	r.stop()
	r.all, r.names, r.summary, r.loaded, r.err, r.failures, r.page = nil, nil, "", false, nil, 0, nil
	r.updated = time.Time{}
	clear(r.marks)
	r.nsColumn = r.spec.Namespace != nil && r.spec.Resource.Namespaced() && r.scope().AllNamespaces
	r.table.SetColumns(r.columns())
	r.table.SetItems(nil)
}

func (r *Resource[T]) scope() Scope {
	if r.env.Scope == nil {
		return Scope{}
	}
	return *r.env.Scope
}

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
	opts := client.ListOptions{PageSize: r.env.PageSize, FirstPageSize: r.env.FirstPageSize,
		AllNamespaces: r.scope().AllNamespaces, LabelSelector: r.env.Selector.String(), FieldSelector: r.env.FieldSelector.String()}
	if r.loaded {
		// Rows are on screen already: a poll saves the backend a request.
		opts.FirstPageSize = cmp.Or(opts.PageSize, client.DefaultPageSize)
	}
	job := walkJob[T]{
		spec: r.spec, client: r.env.Client, gen: r.gen, showFirst: !r.loaded, compare: r.compare(), order: r.order(), size: len(r.all),
		opts: opts, ch: make(chan tea.Msg, 1),
	}
	go job.run(ctx)
	return tea.Batch(waitFor(job.ch), r.spinner.Tick)
}

// walkJob is everything a background load needs, copied so the goroutine
// shares nothing with the model.
type walkJob[T any] struct {
	spec      Spec[T]
	client    *client.Client
	opts      client.ListOptions
	gen       int
	showFirst bool
	compare   func(a, b T) int
	order     sortOrder // what compare is
	size      int       // the last list's length, as a guess of this one's
	ch        chan tea.Msg
}

// progressEvery spaces the progress counts of a load: each one redraws the
// screen, which would cost a busy backend's client more than the decoding.
const progressEvery = 100 * time.Millisecond

// run walks the list, building and sorting the entries of each page while
// the next page is fetched, and merges the sorted pages at the end. The
// first page of a first load goes out at once; progress counts go out at
// most every progressEvery, and only when the view has taken the last
// one, so a busy UI never holds the walk up.
func (j walkJob[T]) run(ctx context.Context) {
	defer close(j.ch)
	// send delivers m, or gives up when wait is false and the view has not
	// taken the last message yet.
	send := func(m pageMsg[T], wait bool) bool {
		m.view, m.gen, m.order, m.next = j.spec.Name, j.gen, j.order, j.ch
		if !wait {
			select {
			case j.ch <- m:
				return true
			default:
				return false
			}
		}
		select {
		case j.ch <- m:
			return true
		case <-ctx.Done():
			return false
		}
	}
	b := newLister(j.spec, j.compare, j.size)
	var all []T // kept only when Enrich needs the whole list before entries are built
	count := 0
	var progressed time.Time
	err := client.Walk(ctx, j.client, j.spec.Resource, j.opts, func(page []T) error {
		count += len(page)
		if j.spec.Enrich != nil {
			all = append(all, page...)
		} else {
			b.add(page)
		}
		if j.showFirst {
			j.showFirst = false
			first := newLister(j.spec, j.compare, len(page))
			first.add(page)
			progressed = time.Now()
			if !send(pageMsg[T]{progress: count, list: first.list()}, true) {
				return ctx.Err()
			}
		} else if time.Since(progressed) >= progressEvery && send(pageMsg[T]{progress: count}, false) {
			progressed = time.Now()
		}
		return nil
	})
	if err == nil && j.spec.Enrich != nil {
		err = j.spec.Enrich(ctx, j.client, j.opts, all)
		b.add(all)
	}
	if ctx.Err() != nil {
		return
	}
	m := pageMsg[T]{final: true, err: err, progress: count}
	if err == nil {
		m.list = b.list()
	}
	send(m, true)
}

// entries builds the sorted listing of items.
func (j walkJob[T]) entries(items []T) *listing[T] {
	b := newLister(j.spec, j.compare, len(items))
	b.add(items)
	return b.list()
}

// lister builds a listing from pages of items. Each page becomes a sorted
// run as it arrives and is merged with the runs before it no longer than
// itself, as a binary counter carries, so that most of the sorting is done
// while the next page is fetched and little is left for the end.
//
// An item seen twice keeps its first copy: a server that ignores a continue
// token it cannot decode answers with page 1 again. Sensu lists come in key
// order, so while keys keep increasing no item can repeat, and a set of keys
// is only built once they do not.
type lister[T any] struct {
	spec    Spec[T]
	compare func(a, b T) int
	last    string              // the last key, while keys increase
	seen    map[string]struct{} // every key, once they did not
	ids     map[string]int32    // search name as given → index in names
	names   names
	entries []entry[T]
	runs    []int // where each sorted run ends in entries
	scratch []entry[T]
	slab    []int32
}

// newLister starts a list of about size items: sizing for them at once
// saves growing the entries step by step.
func newLister[T any](spec Spec[T], compare func(a, b T) int, size int) *lister[T] {
	return &lister[T]{spec: spec, compare: compare, ids: map[string]int32{}, entries: make([]entry[T], 0, size)}
}

// fresh reports whether no item with key k was added before.
func (b *lister[T]) fresh(k string) bool {
	if b.seen == nil {
		if len(b.entries) == 0 || k > b.last {
			b.last = k
			return true
		}
		b.seen = make(map[string]struct{}, 2*len(b.entries))
		for _, e := range b.entries {
			b.seen[b.spec.Key(e.item)] = struct{}{}
		}
	}
	n := len(b.seen)
	b.seen[k] = struct{}{}
	return len(b.seen) > n
}

func (b *lister[T]) add(items []T) {
	start := len(b.entries)
	for _, it := range items {
		if !b.fresh(b.spec.Key(it)) {
			continue
		}
		searchNames, text := b.spec.Search(it)
		if cap(b.slab)-len(b.slab) < len(searchNames) {
			// A new chunk, not a bigger copy: earlier entries keep theirs.
			b.slab = make([]int32, 0, max(4096, len(searchNames)))
		}
		first := len(b.slab)
		for _, name := range searchNames {
			id, ok := b.ids[name]
			if !ok {
				id = int32(len(b.names))
				b.ids[name] = id
				b.names = append(b.names, strings.ToLower(name))
			}
			b.slab = append(b.slab, id)
		}
		b.entries = append(b.entries, entry[T]{item: it, names: b.slab[first:len(b.slab):len(b.slab)], text: strings.ToLower(text)})
	}
	if len(b.entries) > start {
		sortEntries(b.entries[start:], b.compare)
		b.runs = append(b.runs, len(b.entries))
		b.merge(false)
	}
}

// merge merges the last run into the one before it while that one is no
// longer, or, when all is set, until one run is left.
func (b *lister[T]) merge(all bool) {
	if b.compare == nil {
		return
	}
	for n := len(b.runs); n >= 2; n = len(b.runs) {
		start := 0
		if n >= 3 {
			start = b.runs[n-3]
		}
		mid, end := b.runs[n-2], b.runs[n-1]
		if !all && mid-start > end-mid {
			return
		}
		b.scratch = mergeRuns(b.entries[start:end], mid-start, b.scratch, b.compare)
		b.runs = append(b.runs[:n-2], end)
	}
}

// list merges the sorted runs into a listing; the lister is done then.
func (b *lister[T]) list() *listing[T] {
	b.merge(true)
	entries := b.entries
	l := &listing[T]{entries: entries, names: b.names}
	if b.spec.Summary != nil {
		items := make([]T, len(entries))
		for i, e := range entries {
			items[i] = e.item
		}
		l.summary = b.spec.Summary(items)
	}
	return l
}

func sortEntries[T any](entries []entry[T], compare func(a, b T) int) {
	if compare == nil {
		return
	}
	slices.SortStableFunc(entries, func(a, b entry[T]) int { return compare(a.item, b.item) })
}

// mergeRuns merges the sorted runs entries[:mid] and entries[mid:] in
// place, the first run first on ties, which is what a stable sort of the
// whole gives. It copies the first run to scratch, and returns scratch for
// the next merge.
func mergeRuns[T any](entries []entry[T], mid int, scratch []entry[T], compare func(a, b T) int) []entry[T] {
	first := append(scratch[:0], entries[:mid]...)
	i, j, k := 0, mid, 0
	for i < len(first) && j < len(entries) {
		if compare(entries[j].item, first[i].item) < 0 {
			entries[k] = entries[j]
			j++
		} else {
			entries[k] = first[i]
			i++
		}
		k++
	}
	copy(entries[k:], first[i:])
	clear(first) // the entries are in place again: scratch must not keep them alive
	return first
}

// sortOrder names one of the orders a list can be sorted in.
type sortOrder struct {
	sort     int
	reversed bool
}

func (r *Resource[T]) order() sortOrder { return sortOrder{r.sortIdx, r.reversed} }

// takeList puts in a loaded list. One sorted in an order the user has left
// while it loaded is sorted again, or it would show under the new order's name.
func (r *Resource[T]) takeList(l *listing[T], order sortOrder) {
	if order != r.order() {
		sortEntries(l.entries, r.compare())
	}
	r.setEntries(l)
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
func (r *Resource[T]) Update(msg tea.Msg) (View, tea.Cmd) {
	return r, r.update(msg)
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
			return r.toDialog(msg) // let the spinner stop: no redraws while idle
		}
		var cmd tea.Cmd
		r.spinner, cmd = r.spinner.Update(msg)
		return tea.Batch(cmd, r.toDialog(msg))
	case actionMsg:
		if msg.view != r.spec.Name {
			return nil
		}
		return r.onAction(msg)
	case rawMsg:
		if r.page != nil && r.page.raw != nil && msg.key == r.page.key {
			r.page.setRaw(msg.body, msg.err)
		}
		return nil
	case detailMsg:
		if r.page != nil && r.page.raw == nil && msg.key == r.page.key {
			r.page.setDetail(msg.render, msg.err, r.env.now())
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
	r.progress = msg.progress
	if !msg.final {
		if msg.list != nil {
			r.takeList(msg.list, msg.order)
			r.loaded = true
		}
		return waitFor(msg.next)
	}
	r.loading = false
	r.cancel = nil
	now := r.env.now()
	if msg.err != nil {
		r.err = msg.err
		if reason := loggedOut(msg.err); reason != "" {
			return func() tea.Msg { return msgs.SessionExpiredMsg{Reason: reason} }
		}
		r.failures++
		backoff := time.Duration(1<<min(r.failures, 6)) * time.Second
		delay := min(max(backoff, client.RetryAfter(msg.err)), maxBackoff) // the server's Retry-After, if longer
		r.nextTry = now.Add(delay)
		return r.schedule(delay)
	}
	r.err, r.failures = nil, 0
	r.takeList(msg.list, msg.order)
	r.loaded = true
	r.updated = now
	return tea.Batch(r.refreshPage(), r.schedule(r.env.refresh()))
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
	case key.Matches(msg, r.nav.Details):
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
	case key.Matches(msg, r.keys.Back) && len(r.marks) > 0:
		clear(r.marks)
		return nil
	case key.Matches(msg, r.list.SortNext) && len(r.spec.Sorts) > 1:
		r.sortIdx = (r.sortIdx + 1) % len(r.spec.Sorts)
		r.reversed = false
		r.resort()
		return nil
	case key.Matches(msg, r.list.SortReverse) && len(r.spec.Sorts) > 0:
		r.reversed = !r.reversed
		r.resort()
		return nil
	}
	var cmd tea.Cmd
	r.table, cmd = r.table.Update(msg)
	return cmd
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
// was selected means little in a different order.
func (r *Resource[T]) resort() {
	sortEntries(r.all, r.compare())
	r.applyFilter()
	r.table.GotoTop()
}

// setEntries replaces the whole list and re-applies the filter.
func (r *Resource[T]) setEntries(l *listing[T]) {
	r.all, r.names, r.summary = l.entries, l.names, l.summary
	r.applyFilter()
}

// SetFilter implements View: a substring of any search field or a fuzzy
// match of a name; only substrings after a leading "'"; either inverted by a
// leading "!".
func (r *Resource[T]) SetFilter(query string) {
	q := strings.TrimSpace(query)
	r.selector, r.fieldSel, r.selErr = client.Selector{}, client.Selector{}, nil
	if sel, ok := strings.CutPrefix(q, "l:"); ok {
		r.selector, r.selErr = client.ParseSelector(sel)
		q = ""
	}
	if sel, ok := strings.CutPrefix(q, "f:"); ok {
		r.fieldSel, r.selErr = client.ParseSelector(sel)
		q = ""
	}
	q = strings.ToLower(q)
	r.invert = strings.HasPrefix(q, "!")
	q = strings.TrimPrefix(q, "!")
	r.exact = strings.HasPrefix(q, "'")
	r.query = strings.TrimPrefix(q, "'")
	r.applyFilter()
}

// matching marks the entries the query matches. Each distinct name is
// matched once, then each entry looks its names up.
func (r *Resource[T]) matching() []bool {
	named := make([]bool, len(r.names))
	for i, n := range r.names {
		named[i] = strings.Contains(n, r.query)
	}
	if !r.exact {
		for _, m := range fuzzy.FindFromNoSort(r.query, r.names) {
			named[m.Index] = true
		}
	}
	hit := make([]bool, len(r.all))
	for i, e := range r.all {
		for _, id := range e.names {
			if named[id] {
				hit[i] = true
				break
			}
		}
		if !hit[i] {
			hit[i] = strings.Contains(e.text, r.query)
		}
	}
	return hit
}

// SetKeep narrows the list with a view-specific predicate (nil keeps all).
func (r *Resource[T]) SetKeep(keep func(T) bool) {
	r.keep = keep
	r.applyFilter()
}

func (r *Resource[T]) applyFilter() {
	var hit []bool
	if r.query != "" {
		hit = r.matching()
	}
	// Labels may be built per item: only ask when there is a selector.
	selecting := r.spec.Labels != nil && (!r.selector.Empty() || !r.env.Selector.Empty())
	selectingFields := r.spec.Fields != nil && (!r.fieldSel.Empty() || !r.env.FieldSelector.Empty())
	shown := make([]T, 0, len(r.all))
	for i, e := range r.all {
		if hit != nil && hit[i] == r.invert {
			continue
		}
		if r.keep != nil && !r.keep(e.item) {
			continue
		}
		if selecting && !(r.selector.Matches(r.spec.Labels(e.item)) && r.env.Selector.Matches(r.spec.Labels(e.item))) {
			continue
		}
		if selectingFields && !(r.fieldSel.Matches(r.spec.Fields(e.item)) && r.env.FieldSelector.Matches(r.spec.Fields(e.item))) {
			continue
		}
		shown = append(shown, e.item)
	}
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

// Selection is what an action applies to: the marked rows in list order,
// or else the row under the cursor.
func (r *Resource[T]) Selection() []T {
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

// Capturing implements View: an open dialog takes every key.
func (r *Resource[T]) Capturing() bool { return r.dialog != nil }

// InPage reports whether the detail or raw page is open.
func (r *Resource[T]) InPage() bool { return r.page != nil }

// Selected is the item under the cursor.
func (r *Resource[T]) Selected() (T, bool) { return r.table.Selected() }

// Items is every loaded item, unfiltered, in list order.
func (r *Resource[T]) Items() []T {
	out := make([]T, len(r.all))
	for i, e := range r.all {
		out[i] = e.item
	}
	return out
}

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
		body = lipgloss.NewStyle().Width(r.width).Height(r.height).MaxHeight(r.height).Render(r.body())
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
			return styles.Error.Render(fmt.Sprintf("✖ Could not load %s: %s", r.spec.Noun, sanitize.Line(r.explain(r.err)))) +
				"\n" + styles.Muted.Render(r.retryText())
		}
		return r.spinner.View() + " Loading " + r.spec.Noun + "…"
	}
	if r.table.Len() == 0 {
		return r.table.View() + "\n" + styles.Muted.Render(r.emptyText())
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
		where = "(cluster-wide resource)"
	} else if r.scope().AllNamespaces {
		where = "across all namespaces: pick one namespace with N or :ns"
	}
	return fmt.Sprintf("permission denied: your user may not list %s %s", r.spec.Noun, where)
}

func (r *Resource[T]) emptyText() string {
	switch {
	case len(r.all) == 0 && r.spec.Resource.Namespaced() && r.scope().AllNamespaces:
		return fmt.Sprintf("No %s in any namespace.", r.spec.Noun)
	case len(r.all) == 0 && r.spec.Resource.Namespaced():
		return fmt.Sprintf("No %s in namespace %q.", r.spec.Noun, r.env.Client.Namespace())
	case len(r.all) == 0:
		return fmt.Sprintf("No %s.", r.spec.Noun)
	case r.query != "":
		return fmt.Sprintf("No %s match the filter %q (esc in the filter clears it).", r.spec.Noun, r.query)
	}
	return fmt.Sprintf("No %s match the current scope.", r.spec.Noun)
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
		parts = append(parts, r.summary)
	}
	if r.loaded {
		count := r.count(len(r.all))
		if shown := r.table.Len(); shown != len(r.all) {
			count = fmt.Sprintf("%d of %d %s", shown, len(r.all), r.spec.Noun)
		}
		parts = append(parts, count)
	}
	if len(r.marks) > 0 {
		parts = append(parts, fmt.Sprintf("%d marked", len(r.marks)))
	}
	if r.selErr != nil {
		parts = append(parts, styles.Error.Render(r.selErr.Error()))
	}
	if !r.env.FieldSelector.Empty() {
		parts = append(parts, "fields: "+sanitize.Line(r.env.FieldSelector.String()))
	}
	if !r.env.Selector.Empty() {
		parts = append(parts, "labels: "+sanitize.Line(r.env.Selector.String()))
	}
	if r.ext.Status != nil {
		if s := r.ext.Status(); s != "" {
			parts = append(parts, s)
		}
	}
	if r.sortIdx > 0 || r.reversed {
		sort := "sort: " + r.spec.Sorts[r.sortIdx].Name
		if r.reversed {
			sort += " (reversed)"
		}
		parts = append(parts, sort)
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
		return r.page.shortHelp()
	}
	base := []key.Binding{r.nav.Up, r.nav.Down, r.nav.Details}
	return r.visible(append(base, append(r.ext.Help, r.keys.Refresh)...))
}

// FullHelp implements help.KeyMap.
func (r *Resource[T]) FullHelp() [][]key.Binding {
	groups := [][]key.Binding{
		{r.nav.Up, r.nav.Down, r.nav.PageUp, r.nav.PageDown, r.nav.Top, r.nav.Bottom},
		{r.nav.Details, r.list.Raw, r.list.Mark, r.list.SortNext, r.list.SortReverse, r.keys.Back, r.keys.Refresh, r.keys.Pause},
	}
	if extra := r.visible(r.ext.FullHelp); len(extra) > 0 {
		groups = append(groups, extra)
	}
	return groups
}
