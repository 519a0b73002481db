package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// headerScreen is the events view with the header asking the backend for
// its version and health, and a context name.
func headerScreen(t *testing.T, f *fake, w, h int) *screen {
	t.Helper()
	s := start(t, New(Options{Env: env(f.admin(t)), Context: "prod", HealthEvery: time.Hour}), w, h)
	s.waitFor("events loaded", loaded)
	return s
}

// TestHeaderGolden: the top line names the context, the user and the
// backend's version, and marks an unhealthy cluster with its reasons,
// sanitised, as far as the width allows.
func TestHeaderGolden(t *testing.T) {
	for _, sz := range sizes {
		t.Run("healthy/"+sizeName(sz.w, sz.h), func(t *testing.T) {
			t.Parallel()
			s := headerScreen(t, newFake(t, fakebackend.Options{}), sz.w, sz.h)
			s.waitText("sensu 6.9.2", "ctx:prod", "user:admin")
			view := s.final()
			if strings.Contains(view, "UNHEALTHY") {
				t.Errorf("a healthy cluster marked unhealthy:\n%s", view)
			}
			requireGolden(t, view)
		})
		t.Run("unhealthy/"+sizeName(sz.w, sz.h), func(t *testing.T) {
			t.Parallel()
			f := newFake(t, fakebackend.Options{})
			f.b.SetFaults(fakebackend.Faults{Unhealthy: "dial tcp: \x1b[31mrefused\x1b[0m"})
			s := headerScreen(t, f, sz.w, sz.h)
			s.waitText("UNHEALTHY", "user:admin")
			view := s.final()
			if strings.Contains(view, "\x1b[31m") {
				t.Errorf("the server's escape codes reached the screen: %q", view)
			}
			requireGolden(t, view)
		})
	}
}

// TestHealthPolled: the health is asked again every HealthEvery, so the
// mark goes once the cluster recovers.
func TestHealthPolled(t *testing.T) {
	t.Parallel()
	f := newFake(t, fakebackend.Options{})
	f.b.SetFaults(fakebackend.Faults{Unhealthy: "member down"})
	s := start(t, New(Options{Env: env(f.admin(t)), HealthEvery: 50 * time.Millisecond}), 120, 40)
	s.waitText("UNHEALTHY: etcd member default: member down")
	f.b.SetFaults(fakebackend.Faults{})
	s.waitFor("the mark gone", func(sh shot) bool { return !strings.Contains(sh.view, "UNHEALTHY") })
}

// TestCommandClearsOldMessage: the error of one command is gone once the
// next command runs, not left to read as if it were about it.
func TestCommandClearsOldMessage(t *testing.T) {
	t.Parallel()
	f := newFake(t, fakebackend.Options{})
	s := start(t, New(Options{Env: env(f.admin(t))}), 80, 24)
	s.waitFor("events loaded", loaded)
	s.send(keyMsg(":"))
	s.typeText("bogus")
	s.send(typeKey(tea.KeyEnter))
	s.waitText(`Unknown command "bogus"`)
	s.send(keyMsg(":"))
	s.typeText("checks")
	s.send(typeKey(tea.KeyEnter))
	s.waitText("[2 checks]")
	if v := s.current(); strings.Contains(v, "Unknown command") {
		t.Fatalf("the earlier error is still shown:\n%s", v)
	}
}

// TestSortKeyGolden: shift and a column's letter sorts by it (U for
// occurrences, as O reverses), and the column's header carries the arrow.
func TestSortKeyGolden(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sizeName(sz.w, sz.h), func(t *testing.T) {
			t.Parallel()
			f := newFake(t, fakebackend.Options{})
			s := start(t, New(Options{Env: env(f.admin(t))}), sz.w, sz.h)
			s.waitFor("events loaded", loaded)
			s.send(keyMsg("U"))
			s.waitText("OCC▼")
			// Occurrences is not an order the server sorts by: the list is walked.
			s.waitFor("the list walked", func(sh shot) bool { return strings.Contains(sh.status, "615 events") && loaded(sh) })
			requireGolden(t, s.final())
		})
	}
}

// TestHeaderAt80: at 80 columns a bad selector's error and the position
// keep all their words; the rest of the line gives way around them, and
// nothing is cut mid-word.
func TestHeaderAt80(t *testing.T) {
	t.Parallel()
	s := eventsScreen(t, 80, 24)
	s.send(keyMsg("/"))
	s.typeText("l:role")
	s.send(typeKey(tea.KeyEnter))
	want := `selector "role": use ==, !=, in, notin or matches`
	s.waitFor("the selector's error, loaded", func(sh shot) bool { return strings.Contains(sh.view, want) && loaded(sh) })
	header := strings.Split(s.current(), "\n")[1]
	if !strings.HasPrefix(header, "1/615 · ") || strings.Contains(header, "…") {
		t.Fatalf("header %q: want the position first and nothing cut", header)
	}
	// A reversed sort: the arrow says it; the header has no half a word.
	s.send(keyMsg("L"), keyMsg("L"))
	s.waitText("SEEN▼")
	if header := strings.Split(s.current(), "\n")[1]; strings.Contains(header, "…") || !strings.Contains(header, want) {
		t.Fatalf("header %q after a reversed sort", header)
	}
}
