package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// What esc does on a list and on a page, where a drill-down, marks, a
// filter and a page's search meet. These tests read only the screen.

// drillIntoEntity lists the events of the first web-00 entity, from the
// entities view filtered to web-00, and returns the entity.
func drillIntoEntity(s *screen) string {
	s.t.Helper()
	s.showTab("4", "entities")
	s.filterTo("web-00")
	row := strings.Fields(cursorRow(s.snapshot()))
	if len(row) < 2 {
		s.t.Fatalf("no row under the cursor:\n%s", s.current())
	}
	s.send(typeKey(tea.KeyEnter))
	s.waitFor("its events", func(sh shot) bool {
		return strings.Contains(sh.view, "[1 events]") && strings.Contains(sh.status, "filter: f:event.entity.name == "+row[1]) &&
			loaded(sh)
	})
	return row[1]
}

// TestEscAfterDrillDown: on a list a drill-down opened, esc clears the
// marks first, then goes back (not clearing the drill-down's filter); on
// the list it went back to, which no drill-down opened, esc clears that
// list's filter.
func TestEscAfterDrillDown(t *testing.T) {
	t.Parallel()
	_, s := startEvents(t, 120, 40)
	drillIntoEntity(s)
	s.send(keyMsg("?"))
	s.waitText("esc", "clear marks, then back to entities")
	s.send(keyMsg("?"))
	s.waitText("esc back to entities")
	s.send(keyMsg(" "))
	s.waitFor("a marked row", func(sh shot) bool { return strings.Contains(sh.status, "1 marked") })

	s.send(typeKey(tea.KeyEsc))
	s.waitFor("the marks cleared", func(sh shot) bool { return !strings.Contains(sh.status, "marked") })
	if v := s.current(); !strings.Contains(v, "[1 events]") || !strings.Contains(s.snapshot().status, "filter: f:event.entity.name") {
		t.Fatalf("the esc that cleared the marks did more:\n%s", v)
	}

	s.send(typeKey(tea.KeyEsc))
	s.waitFor("the entities again", func(sh shot) bool {
		return strings.Contains(sh.view, "[4 entities]") && strings.Contains(sh.status, "filter: web-00")
	})
	if v := s.current(); strings.Contains(v, "esc back to") {
		t.Errorf("back where the drill-down began, the help bar still offers a way back:\n%s", v)
	}

	s.send(typeKey(tea.KeyEsc))
	s.waitFor("the entities' filter cleared", func(sh shot) bool {
		return strings.Contains(sh.view, "[4 entities]") && !strings.Contains(sh.status, "filter:")
	})
}

// TestEscOnAViewSwitchedTo: the drill-down's filter goes along to a view
// the user switches to by its number; that view was not opened by the
// drill-down, so its empty state and esc clear the filter there instead
// of going back.
func TestEscOnAViewSwitchedTo(t *testing.T) {
	t.Parallel()
	_, s := startEvents(t, 120, 40)
	drillIntoEntity(s)
	s.showTab("2", "checks")
	s.waitText("kept from the view you came from", "esc clears")
	if v := s.current(); strings.Contains(v, "esc back to") || strings.Contains(v, "esc goes back") {
		t.Errorf("a view no drill-down opened offers to go back:\n%s", v)
	}
	s.send(typeKey(tea.KeyEsc))
	s.waitFor("the checks unfiltered", func(sh shot) bool {
		return strings.Contains(sh.view, "[2 checks]") && !strings.Contains(sh.status, "filter:") && strings.Contains(sh.view, "check-crit")
	})
}

// TestPageSearchThenBack: on a detail page / searches the page; esc
// clears the search first and goes back to the list next, while q goes
// back at once even with a search shown. The list's filter is untouched.
func TestPageSearchThenBack(t *testing.T) {
	for _, leave := range []string{"esc", "q"} {
		t.Run(leave, func(t *testing.T) {
			t.Parallel()
			_, s := startEvents(t, 120, 40)
			s.filterTo("'disk-usage")
			s.send(typeKey(tea.KeyEnter))
			s.waitText("Last OK:")
			s.send(keyMsg("/"))
			s.typeText("disk")
			s.send(typeKey(tea.KeyEnter))
			s.waitText(`"disk" 1/`, "esc clear the search", "q back")
			if leave == "q" {
				s.send(keyMsg("q"))
			} else {
				s.send(typeKey(tea.KeyEsc))
				s.waitFor("the search cleared", func(sh shot) bool {
					return strings.Contains(sh.view, "Last OK:") && !strings.Contains(sh.view, `"disk"`) &&
						strings.Contains(sh.view, "esc/q back")
				})
				s.send(typeKey(tea.KeyEsc))
			}
			s.waitFor("the list", func(sh shot) bool {
				return !strings.Contains(sh.view, "Last OK:") && strings.Contains(sh.status, "filter: 'disk-usage")
			})
		})
	}
}

// TestDrilledGolden: the events of one entity after enter on it, whose
// help bar names the way back and whose header keeps the drill-down's
// filter, at both sizes. Regenerate with
// `go test ./ui -run TestDrilledGolden -update`.
func TestDrilledGolden(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sizeName(sz.w, sz.h), func(t *testing.T) {
			t.Parallel()
			_, s := startEvents(t, sz.w, sz.h)
			drillIntoEntity(s)
			s.waitText("esc back to entities")
			requireGolden(t, s.final())
		})
	}
}
