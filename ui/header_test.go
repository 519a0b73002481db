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
			requireGolden(t, s.final())
		})
	}
}
