// Package msgs holds the messages that cross between views and the root
// model. It is a leaf package so both sides can import it.
package msgs

import (
	"sync/atomic"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
)

// LoggedInMsg says the login view has an authenticated client.
type LoggedInMsg struct {
	Client *client.Client
	// Username is who logged in, when known (empty with an API key).
	Username string
}

// SessionExpiredMsg asks the root to send the user back to the login view,
// then back to the same view after a new login.
type SessionExpiredMsg struct{ Reason string }

// FlashMsg shows a short message in the status line.
type FlashMsg struct {
	Text  string
	Error bool
}

// ClearFilterMsg asks the root to clear the filter every view shares.
type ClearFilterMsg struct{}

// SwitchViewMsg asks the root to show another view by name.
type SwitchViewMsg struct{ Name string }

// NowMsg is nothing more than a nudge to redraw relative times.
type NowMsg struct{ At time.Time }

// Route names the view an asynchronous message belongs to, and the fetch,
// timer or action it answers.
type Route struct {
	View string
	ID   uint64
}

// Routed is a message the root delivers to the view it names, whether that
// view is showing or not. A view drops one whose ID is not its current one.
type Routed interface{ RouteTo() Route }

var lastID atomic.Uint64

// NewID returns an id that no other fetch, timer or action of this process
// has had or will have, across views, logins and contexts.
func NewID() uint64 { return lastID.Add(1) }

// ActionDoneMsg reports the end of an action that changed the server. The
// root shows it in the status line and the activity log, whichever view is
// showing, then hands it to the view that started it.
type ActionDoneMsg struct {
	Route Route
	// Verb names the action ("resolve") and Targets what it acted on.
	Verb    string
	Targets []string
	// Text is the report of a success; Err the failure, said for the user.
	Text string
	Err  error
	// Created is the item the action made, if any.
	Created Created
}

// Created names an item an action made: the root has the view that lists
// it select it when its list comes back with it.
type Created struct{ View, Key string }

// RouteTo implements Routed.
func (m ActionDoneMsg) RouteTo() Route { return m.Route }

// CopyMsg asks the root to put text on the clipboard, through the
// program's own output. What names the text in the report.
type CopyMsg struct {
	Text, What string
}

// DrillMsg asks the root to take the user to another view, remembering
// where they were so that esc brings them back: the view, its filter and
// the row. Filter replaces the filter; Key, when set, selects that row, and
// Detail opens its detail page.
type DrillMsg struct {
	View, Filter, Key string
	Detail            bool
}

// BackMsg says a view had no use for esc: the root goes back to where the
// user was before the last drill-down, if anywhere.
type BackMsg struct{}
