// Package views holds the dashboard's screens: login, and one list view per
// Sensu resource built on a single generic resource view.
package views

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/ui/line"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// DefaultRefresh is how often a list view polls when nothing else is asked.
const DefaultRefresh = 10 * time.Second

// Env is what every view shares: the API client and the knobs tests inject.
type Env struct {
	Client *client.Client
	// Now is the clock; tests fix it so golden files are stable.
	Now func() time.Time
	// Refresh is the polling interval.
	Refresh time.Duration
	// PageSize and FirstPageSize shape paged loads; 0 means the client's defaults.
	PageSize, FirstPageSize int
	// Username is who is logged in, when known.
	Username string
	// Scope is the namespace choice every view shares; nil means the client's namespace.
	Scope *Scope
	// Selector is the --label-selector: sent to the server, and applied here
	// too since the community edition ignores it.
	Selector client.Selector
	// FieldSelector is the --field-selector, treated the same way.
	FieldSelector client.Selector
	// WalkOnly loads every list by walking it over REST, never a window
	// from GraphQL (--no-graphql, and the bench's full load).
	WalkOnly bool
	// Styles draw every view, for the terminal they show on; nil means
	// styles.Default.
	Styles *styles.Styles
}

// withStyles fills in the default styles when none are set.
func (e Env) withStyles() Env {
	if e.Styles == nil {
		e.Styles = styles.Default()
	}
	return e
}

func (e Env) now() time.Time {
	if e.Now == nil {
		return time.Now()
	}
	return e.Now()
}

func (e Env) refresh() time.Duration {
	if e.Refresh <= 0 {
		return DefaultRefresh
	}
	return e.Refresh
}

// View is one screen under the tab bar.
type View interface {
	// Name is the tab label and the :command that opens the view.
	Name() string
	// Activate starts (or resumes) loading; Deactivate cancels work in
	// flight, and every reply to it still on its way is stale from then on.
	Activate() tea.Cmd
	Deactivate()
	// Update handles a message; a view changes in place.
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(width, height int)
	// SetFilter applies the shared filter text; it may load the list anew.
	SetFilter(query string) tea.Cmd
	// Capturing is true while the view needs every key itself (a modal or a text field).
	Capturing() bool
	// InPage is true while a detail or raw page covers the list: q and esc
	// close it there instead of quitting or going back, and / searches the
	// page instead of filtering the list.
	InPage() bool
	// SelectKey makes the item with that key the selected row, now or
	// when the list next comes back with it.
	SelectKey(key string)
	// Place is where the user is in the view, and Return goes back there
	// (or to a row and its detail page, after a jump from another view).
	Place() Place
	Return(Place) tea.Cmd
	// SetBack names the view a drill-down to this one began in, which esc
	// on the list goes back to; "" when the view was not reached that way.
	SetBack(view string)
	// Status is a one-line summary for the header: counts, staleness,
	// progress; StatusParts is the same in parts that know how much they
	// matter, for fitting it to the terminal.
	Status() string
	StatusParts() []line.Part
	// Problem is the current error for the status line, or "".
	Problem() string
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}
