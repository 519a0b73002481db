package views

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/pipeline"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
)

// A list whose server can sort, filter and count it (events, over
// GraphQL) is loaded a window at a time: the rows from the top that the
// screen needs, plus a margin to scroll into, and its counts. A poll then
// costs kilobytes where a walk of the whole list costs megabytes. The
// walk stays for what the server cannot do: a filter typed by the user,
// selectors, all namespaces, sorts it does not know, and lists too big
// for it.

// WindowRequest is what a window of a list is asked for.
type WindowRequest struct {
	// Sort and Reversed name the order in use (a Sort's Name).
	Sort     string
	Reversed bool
	// Scope names the view's own narrowing (SetScope), "" for none.
	Scope string
	// Limit is how many rows from the top are wanted.
	Limit int
}

// WindowPage is a window of a list, sorted and narrowed by the server.
type WindowPage[T any] struct {
	Items []T
	// Total is how many items the scope holds; All how many the list holds.
	Total, All int
	// More tells whether rows lie past Items.
	More bool
	// Summary is the header summary of the whole list, and Short its
	// short form for a narrow terminal.
	Summary, Short string
}

// WindowFetch fetches one window.
type WindowFetch[T any] func(ctx context.Context, c *client.Client) (WindowPage[T], error)

// ErrWindowIncomplete is a window fetch's answer for a list too big for the
// server to count in full: the list is walked instead, whose counts are
// complete.
var ErrWindowIncomplete = errors.New("the list is too big for the server to count in full")

// windowMargin is how many rows past the screen a window holds, at least.
const windowMargin = 100

// windowState is a list view's window: how many rows it holds and what the
// server said of the whole.
type windowState struct {
	limit    int  // rows asked for; 0 until the first window load
	on       bool // the rows on screen came from a window
	off      bool // this list cannot be windowed here: walk it
	total    int
	all      int
	more     bool
	toBottom bool // go to the last row once the window reaches it
}

// windowFetch is the fetch of the window the view needs now, when the list
// can be served that way.
func (r *Resource[T]) windowFetch() (WindowFetch[T], bool) {
	if r.spec.Window == nil || r.env.WalkOnly || r.window.off || r.scope().AllNamespaces || !r.filter.Query.Empty() ||
		!r.env.Selector.Empty() || !r.env.FieldSelector.Empty() || r.env.Client.GraphQLOff() {
		return nil, false
	}
	r.window.limit = max(r.window.limit, r.height+windowMargin)
	req := WindowRequest{Scope: r.keepName, Limit: r.window.limit, Reversed: r.reversed}
	if len(r.spec.Sorts) > 0 {
		req.Sort = r.spec.Sorts[r.sortIdx].Name
	}
	return r.spec.Window(req)
}

// windowMsg delivers a window.
type windowMsg[T any] struct {
	route msgs.Route
	page  WindowPage[T]
	err   error
}

func (m windowMsg[T]) RouteTo() msgs.Route { return m.route }

// loadWindow fetches the window in the background.
func (r *Resource[T]) loadWindow(fetch WindowFetch[T]) tea.Cmd {
	r.stop()
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	r.loading, r.progress = true, 0
	c, route := r.env.Client, r.route()
	return tea.Batch(func() tea.Msg {
		ctx, done := c.Bound(ctx)
		defer done()
		page, err := fetch(ctx, c)
		return windowMsg[T]{route: route, page: page, err: err}
	}, r.spinner.Tick)
}

// onWindow takes a window in, or walks the list when the server cannot
// serve it. The rows come in the server's order, which the view's own
// order matches.
func (r *Resource[T]) onWindow(msg windowMsg[T]) tea.Cmd {
	r.loading, r.cancel = false, nil
	if _, ok := r.windowFetch(); !ok {
		// The filter changed on its way to one a window cannot serve
		// (typing "f:" asks for a window, the selector after it does not).
		return r.load()
	}
	var say tea.Cmd
	switch err := msg.err; {
	case errors.Is(err, ErrWindowIncomplete):
		r.window.off = true
		return r.load()
	case client.GraphQLUnusable(err):
		if !client.GraphQLNoNamespace(err) && r.env.Client.DisableGraphQL() {
			say = flash(fmt.Sprintf("GraphQL is not usable here (%s): loading whole lists instead, which is slower.", errText(err)), true)
		}
		r.window.off = true
		return tea.Batch(say, r.load())
	case client.KindOf(err) == client.KindServer:
		// The server's trouble may be GraphQL's alone: walk this time.
		r.window.off = true
		cmd := r.load()
		r.window.off = false
		return cmd
	case err != nil:
		return r.failed(err)
	}
	p := msg.page
	l := pipeline.Build(r.spec.data(), nil, p.Items)
	l.Summary, l.Short = p.Summary, p.Short
	r.window.on, r.window.total, r.window.all, r.window.more = true, p.Total, p.All, p.More
	r.table.SetTotal(p.Total)
	r.succeeded(l, r.order())
	if r.window.toBottom && !p.More {
		r.window.toBottom = false
		r.table.GotoBottom()
	}
	return tea.Batch(r.refreshPage(), r.openWanted(true), r.schedule(r.env.refresh()))
}

// widen grows the window when the cursor nears its last row and more rows
// lie past it; bottom asks for every row, to go to the last.
func (r *Resource[T]) widen(bottom bool) tea.Cmd {
	if !r.window.on || !r.window.more || r.loading {
		return nil
	}
	switch {
	case bottom:
		r.window.limit, r.window.toBottom = r.window.total, true
	case r.table.Cursor() >= r.table.Len()-r.height:
		r.window.limit = r.table.Len() + max(2*r.height, windowMargin)
	default:
		return nil
	}
	return r.load()
}

// walkEvery spaces the polls of a walked list so that no more than a
// quarter of the time goes to walking: a walk that took 4 s waits 12 s.
func walkEvery(refresh, took time.Duration) time.Duration { return max(refresh, 3*took) }
