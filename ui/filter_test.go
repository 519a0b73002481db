package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// eventsScreen is the events view of the seeded fake, loaded.
func eventsScreen(t *testing.T, w, h int) *screen {
	t.Helper()
	f := newFake(t, fakebackend.Options{})
	s := start(t, New(Options{Env: env(f.admin(t))}), w, h)
	s.waitFor("events loaded", loaded)
	return s
}

func TestFilterGolden(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, s *screen)
	}{
		// The prompt has the syntax in brief on the line above it, and its
		// own keys below.
		{"prompt-hint", func(t *testing.T, s *screen) {
			s.send(keyMsg("/"))
			s.typeText("cache redis")
			s.waitText("words must all match", "enter keep the filter")
			s.waitFor("the filtered list loaded", func(sh shot) bool {
				return strings.Contains(sh.status, "30 of 615") && !strings.Contains(sh.status, "loading")
			})
		}},
		// A filter kept from the events view hides every check: the empty
		// state says so, why, and how to clear it.
		{"kept-filter-empty", func(t *testing.T, s *screen) {
			s.send(keyMsg("/"))
			s.typeText("f:event.check.status == 2")
			s.send(typeKey(tea.KeyEnter))
			s.waitFor("69 critical events", func(sh shot) bool { return strings.Contains(sh.status, "69 of 615 events") })
			s.send(keyMsg("2"))
			s.waitText("kept from the view you came from", "changes it.")
			s.waitFor("checks loaded", func(sh shot) bool { return strings.Contains(sh.status, "checks") && loaded(sh) })
		}},
	}
	for _, tc := range cases {
		for _, sz := range sizes {
			t.Run(tc.name+"/"+sizeName(sz.w, sz.h), func(t *testing.T) {
				t.Parallel()
				s := eventsScreen(t, sz.w, sz.h)
				tc.run(t, s)
				requireGolden(t, s.final())
			})
		}
	}
}

// TestEscClearsTheFilter: esc on the list clears a filter kept with enter,
// for every view.
func TestEscClearsTheFilter(t *testing.T) {
	t.Parallel()
	s := eventsScreen(t, 120, 40)
	s.send(keyMsg("/"))
	s.typeText("redis")
	s.send(typeKey(tea.KeyEnter))
	s.waitText("filter: redis", "30 of 615 events")
	s.send(typeKey(tea.KeyEsc))
	s.waitFor("the filter cleared", func(sh shot) bool {
		return strings.Contains(sh.status, "615 events") && !strings.Contains(sh.view, "filter: redis")
	})
	s.send(keyMsg("2"))
	s.waitFor("checks unfiltered", func(sh shot) bool { return strings.Contains(sh.view, "check-crit") && loaded(sh) })
}

// TestSlashOnRawPageSearchesIt: on the raw page / searches the page; the
// list behind it keeps its rows.
func TestSlashOnRawPageSearchesIt(t *testing.T) {
	t.Parallel()
	s := eventsScreen(t, 120, 40)
	s.send(keyMsg("y"))
	s.waitText("(raw) · JSON", `"check": {`)
	s.send(keyMsg("/"))
	s.typeText("name")
	s.send(typeKey(tea.KeyEnter))
	s.waitText(`"name" 1/`)
	sh := s.snapshot()
	if strings.Contains(sh.status, "filter") || !strings.Contains(sh.status, "615 events") {
		t.Fatalf("the list was filtered behind the page: %q", sh.status)
	}
	s.send(keyMsg("N"))
	s.waitText(`"name" `) // N went to the previous match, not the namespace picker
	if v := s.current(); strings.Contains(v, "Namespace") || strings.Contains(v, "loading…") {
		t.Fatalf("N opened the namespace picker:\n%s", v)
	}
}
