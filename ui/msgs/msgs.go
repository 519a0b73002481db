// Package msgs holds the messages that cross between views and the root
// model. It is a leaf package so both sides can import it.
package msgs

import (
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

// SwitchViewMsg asks the root to show another view by name.
type SwitchViewMsg struct{ Name string }

// NowMsg is nothing more than a nudge to redraw relative times.
type NowMsg struct{ At time.Time }
