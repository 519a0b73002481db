package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/views"
)

// Golden tests for the read-only views of the configuration, each opened
// first (TestAdminViewsInHelp opens them by :command): regenerate with
// `go test ./ui -run 'TestAdminViewsGolden|TestViewerForbiddenGolden' -update`.

// adminView is one such view, and the row whose detail page its golden shows.
type adminView struct {
	name string
	// down is how many rows below the first the detail row is; key is its key.
	down int
	key  string
}

var adminViews = []adminView{
	{"handlers", 3, "default/pagerduty"},
	{"filters", 0, "default/business-hours"},
	{"mutators", 2, "default/only-check-output"},
	{"assets", 1, "default/sensu-slack-handler"},
	{"hooks", 0, "default/hook-ps-aux"},
	{"users", 3, "carol"},
	{"roles", 0, "default/event-resolver"},
	{"rolebindings", 0, "default/ops-event-resolver"},
	{"clusterroles", 0, "admin"},
	{"clusterrolebindings", 4, "viewer-view"},
	{"namespaces", 0, "default"},
}

// command types :text and enter.
func (s *screen) command(text string) {
	s.t.Helper()
	s.send(keyMsg(":"))
	s.typeText(text)
	s.send(typeKey(tea.KeyEnter))
}

// openView starts the dashboard as admin on the view called name, and
// waits until its list has loaded.
func openView(t *testing.T, w, h int, name string) *screen {
	t.Helper()
	f := newFake(t, fakebackend.Options{})
	s := start(t, New(Options{Env: env(f.admin(t)), StartView: name}), w, h)
	s.waitFor(name+" loaded", func(sh shot) bool { return strings.Contains(sh.view, "["+name+"]") && loaded(sh) })
	return s
}

func TestAdminViewsGolden(t *testing.T) {
	var cases []goldenCase
	for _, v := range adminViews {
		cases = append(cases,
			goldenCase{v.name, func(t *testing.T, w, h int) string {
				return openView(t, w, h, v.name).final()
			}},
			goldenCase{v.name + "-detail", func(t *testing.T, w, h int) string {
				s := openView(t, w, h, v.name)
				for range v.down {
					s.send(keyMsg("j"))
				}
				s.send(typeKey(tea.KeyEnter))
				s.waitFor("detail of "+v.key, func(sh shot) bool {
					lines := strings.Split(sh.view, "\n")
					return len(lines) > 2 && strings.TrimSpace(lines[2]) == v.key && strings.Contains(sh.view, ":  ")
				})
				return s.final()
			}})
	}
	runGoldenCases(t, cases)
}

// TestAdminViewsInHelp: help lists every view of the registry with its
// aliases, and each of them opens its view.
func TestAdminViewsInHelp(t *testing.T) {
	f := newFake(t, fakebackend.Options{})
	s := start(t, New(Options{Env: env(f.admin(t))}), 120, 60)
	s.waitFor("events loaded", loaded)
	s.send(keyMsg("?"))
	s.waitText("Keys: events", "namespaces")
	help := s.current()
	for _, e := range views.Registry() {
		line := ""
		for l := range strings.SplitSeq(help, "\n") {
			// "│ 1  events   what…" or "│    handlers   what…"
			words := strings.Fields(strings.TrimLeft(l, "│ 0123456789"))
			if len(words) > 0 && words[0] == e.Name {
				line = l
			}
		}
		if line == "" || !strings.Contains(line, e.About) || len(e.Aliases) > 0 && !strings.Contains(line, "("+strings.Join(e.Aliases, ", ")+")") {
			t.Errorf("help has no line for %s with its aliases %v:\n%s", e.Name, e.Aliases, help)
		}
	}
	s.send(typeKey(tea.KeyEsc))
	for _, e := range views.Registry() {
		if e.Number > 0 {
			continue
		}
		for _, alias := range append(e.Aliases, e.Name) {
			s.command(alias)
			s.waitFor(":"+alias+" opens "+e.Name, func(sh shot) bool { return strings.Contains(sh.view, "["+e.Name+"]") })
			s.command("events")
			s.waitText("[1 events]")
		}
	}
}

// viewer logs in as the seeded viewer, who may read the configuration of
// namespace default and nothing cluster-wide.
func (f *fake) viewer(t *testing.T) *client.Client {
	t.Helper()
	return f.loggedIn(t, fakebackend.ViewerUser, fakebackend.ViewerPassword)
}

// TestViewerForbiddenGolden: the viewer opening :users or :roles is told
// that permission is denied, why, and what to do, at both sizes; the
// handlers it may read it sees.
func TestViewerForbiddenGolden(t *testing.T) {
	open := func(t *testing.T, w, h int, name string) *screen {
		f := newFake(t, fakebackend.Options{})
		e := env(f.viewer(t))
		e.Username = fakebackend.ViewerUser
		s := start(t, New(Options{Env: e, StartView: "handlers"}), w, h)
		s.waitFor("handlers loaded", loaded)
		if name != "handlers" {
			s.command(name)
		}
		return s
	}
	runGoldenCases(t, []goldenCase{
		{"users", func(t *testing.T, w, h int) string {
			s := open(t, w, h, "users")
			// The body wraps the whole message; the status line may cut it.
			s.waitFor("the whole reason", func(sh shot) bool {
				return strings.Contains(flat(sh.view), "✖ Could not load users: permission denied: your user may not list users anywhere: "+
					"they are cluster-wide, so only a cluster role binding can allow it; ask a cluster admin Retrying in 2s")
			})
			return s.final()
		}},
		{"roles", func(t *testing.T, w, h int) string {
			s := open(t, w, h, "roles")
			s.waitFor("the whole reason", func(sh shot) bool {
				return strings.Contains(flat(sh.view), `✖ Could not load roles: permission denied: your user may not list roles in namespace "default" Retrying in 2s`)
			})
			return s.final()
		}},
		{"handlers", func(t *testing.T, w, h int) string {
			s := open(t, w, h, "handlers")
			s.waitText("[handlers]", "pagerduty", "6 handlers")
			return s.final()
		}},
	})
}

// flat is the screen's text with each line trimmed and the lines joined by
// spaces, so a wrapped message reads as one.
func flat(view string) string {
	var words []string
	for line := range strings.SplitSeq(view, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			words = append(words, line)
		}
	}
	return strings.Join(words, " ")
}
