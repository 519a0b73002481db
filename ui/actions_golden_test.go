package ui

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// Golden tests for the actions, dialogs and pages reached from the lists:
// regenerate with
// `go test ./ui -run 'TestEventActionsGolden|TestCheckActionsGolden|TestEntityActionsGolden|TestViewsGolden|TestNamespaceGolden|TestReadOnlyGolden' -update`.

// goldenCase is one screen state, drawn at every size in sizes.
type goldenCase struct {
	name string
	run  func(t *testing.T, w, h int) string
}

func runGoldenCases(t *testing.T, cases []goldenCase) {
	t.Helper()
	for _, tc := range cases {
		for _, sz := range sizes {
			t.Run(tc.name+"/"+sizeName(sz.w, sz.h), func(t *testing.T) {
				t.Parallel()
				requireGolden(t, tc.run(t, sz.w, sz.h))
			})
		}
	}
}

// startEvents opens the events view of a fresh seeded backend as admin and
// waits until the list has loaded.
func startEvents(t *testing.T, w, h int) (*fake, *screen) {
	t.Helper()
	f := newFake(t, fakebackend.Options{})
	s := start(t, New(Options{Env: env(f.admin(t))}), w, h)
	s.waitFor("events loaded", loaded)
	return f, s
}

// filterTo narrows the active list with the filter prompt and closes it.
func (s *screen) filterTo(query string) {
	s.t.Helper()
	s.send(keyMsg("/"))
	s.typeText(query)
	s.send(typeKey(tea.KeyEnter))
	// A filter may turn a window into a walk of the whole list: wait for it.
	s.waitFor("filter "+query, func(sh shot) bool {
		return strings.Contains(sh.view, "filter: "+query) && !strings.Contains(sh.view, "/"+query) &&
			!strings.Contains(sh.status, "loading")
	})
}

// waitStatus waits until the active view's whole status holds every one of
// texts (the header on screen may be cut short at 80 columns).
func (s *screen) waitStatus(texts ...string) {
	s.t.Helper()
	s.waitFor("status "+strings.Join(texts, ", "), func(sh shot) bool {
		for _, text := range texts {
			if !strings.Contains(sh.status, text) {
				return false
			}
		}
		return true
	})
}

// The two check-false events at the top of the list filtered by
// 'check-false, in list order (worst, then the most recently OK first).
var falseEvents = []string{"agent-1", "agent-2"}

// markTwoFalse narrows the list to the check-false events and marks the
// first two rows.
func markTwoFalse(s *screen) {
	s.t.Helper()
	s.filterTo("'check-false")
	s.send(keyMsg("g"), keyMsg(" "), keyMsg(" "))
	s.waitStatus("2 marked")
}

// topEvent is the event on the first row, which the cursor is on until the
// user moves it: the seed's newest critical event.
func topEvent(s *screen) (entity, check string) {
	s.t.Helper()
	sh := s.snapshot()
	if sh.selected == nil {
		s.t.Fatalf("no event selected:\n%s", sh.view)
	}
	lines := strings.Split(sh.view, "\n")
	if !strings.HasPrefix(lines[3], ">") || !strings.Contains(lines[3], sh.selected.Entity.Metadata.Name) {
		s.t.Fatalf("the selected event %s is not the first row:\n%s", sh.selected.Key(), sh.view)
	}
	return sh.selected.Entity.Metadata.Name, sh.selected.Check.Metadata.Name
}

// eventStatus is the check status of one event as the backend has it.
func eventStatus(t *testing.T, f *fake, ns, entity, check string) uint32 {
	t.Helper()
	body, ok := f.b.Event(ns, entity, check)
	if !ok {
		t.Fatalf("no event %s/%s in namespace %s", entity, check, ns)
	}
	var e client.Event
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatal(err)
	}
	return e.Check.Status
}

// The dialogs below act on the first row, the seed's most recently OK
// critical event, web-024/http-endpoint: the cursor is there until the user
// moves it.

func TestEventActionsGolden(t *testing.T) {
	runGoldenCases(t, []goldenCase{
		{"resolve-confirm", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			markTwoFalse(s)
			s.send(keyMsg("R"))
			s.waitText("Resolve 2 events?")
			return s.final()
		}},
		{"delete-confirm", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			s.send(typeKey(tea.KeyCtrlD))
			s.waitText("Delete web-024/http-endpoint", "cannot be undone")
			return s.final()
		}},
		{"rerun-choice", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			s.send(keyMsg("e"))
			s.waitText("Re-run web-024/http-endpoint", "(•) on these entities only")
			s.send(typeKey(tea.KeyDown))
			s.waitText("(•) on all of the check's subscriptions")
			return s.final()
		}},
		{"silence-form", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			s.send(keyMsg("s"))
			s.waitText("Silence web-024/http-endpoint", "why (required)")
			return s.final()
		}},
		{"silence-no-reason", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			s.send(keyMsg("s"))
			s.waitText("why (required)")
			s.send(typeKey(tea.KeyEnter))
			s.waitText("A reason is required")
			return s.final()
		}},
		{"silence-review", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			s.send(keyMsg("s"))
			s.waitText("why (required)")
			s.typeText("maintenance window")
			s.send(typeKey(tea.KeyEnter))
			s.waitText("Create silence entity:web-024:http-endpoint", "For 1h.", "Reason: maintenance window")
			return s.final()
		}},
		{"raw-json", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			openRawWarn(s)
			return s.final()
		}},
		{"raw-yaml", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			openRawWarn(s)
			s.send(keyMsg("f"))
			s.waitText("(raw) · YAML", "command: echo warn; exit 1")
			return s.final()
		}},
		{"sorted-by-entity", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			s.send(keyMsg("o"))
			s.waitStatus("sort: entity")
			return s.final()
		}},
		{"scope-not-passing", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			s.send(keyMsg("t"))
			s.waitStatus("scope: not passing")
			view := s.final()
			if strings.Contains(view, "✔ OK  ") {
				t.Errorf("an OK event shown in scope not passing:\n%s", view)
			}
			return view
		}},
	})
}

// startView opens view n of a fresh seeded backend and waits for its list.
func startView(t *testing.T, w, h int, n, name string) (*fake, *screen) {
	t.Helper()
	f, s := startEvents(t, w, h)
	s.send(keyMsg(n))
	s.waitFor(name+" loaded", func(sh shot) bool { return strings.Contains(sh.view, "["+n+" "+name+"]") && loaded(sh) })
	return f, s
}

// The check dialogs act on the first row, check-adhoc (unpublished, on linux).
func TestCheckActionsGolden(t *testing.T) {
	runGoldenCases(t, []goldenCase{
		{"execute-reason", func(t *testing.T, w, h int) string {
			_, s := startView(t, w, h, "2", "checks")
			s.send(keyMsg("e"))
			s.waitText("Execute check-adhoc", "Reason: why (optional)", "the reason is: run from sensu-tui by admin")
			return s.final()
		}},
		{"execute-confirm", func(t *testing.T, w, h int) string {
			_, s := startView(t, w, h, "2", "checks")
			s.send(keyMsg("e"))
			s.waitText("Execute check-adhoc")
			s.typeText("after the disk swap")
			s.send(typeKey(tea.KeyEnter))
			s.waitText("Run check-adhoc (namespace default) on linux.", "Reason: after the disk swap", "y confirm")
			return s.final()
		}},
		{"silence-form", func(t *testing.T, w, h int) string {
			_, s := startView(t, w, h, "2", "checks")
			s.send(keyMsg("s"))
			s.waitText("Silence check-adhoc", "(•) this check everywhere", "why (required)")
			return s.final()
		}},
		{"publish-confirm", func(t *testing.T, w, h int) string {
			_, s := startView(t, w, h, "2", "checks")
			s.send(keyMsg("u"))
			s.waitText("Publish check-adhoc", "y confirm")
			return s.final()
		}},
		{"unpublish-confirm", func(t *testing.T, w, h int) string {
			_, s := startView(t, w, h, "2", "checks")
			s.send(keyMsg("j"), keyMsg("u"))
			s.waitText("Unpublish check-crit", "y confirm")
			return s.final()
		}},
		{"delete-confirm", func(t *testing.T, w, h int) string {
			_, s := startView(t, w, h, "2", "checks")
			s.send(typeKey(tea.KeyCtrlD))
			s.waitText("Delete check-adhoc", "cannot be undone")
			return s.final()
		}},
	})
}

// The entity dialogs act on the first row, agent-1.
func TestEntityActionsGolden(t *testing.T) {
	runGoldenCases(t, []goldenCase{
		{"silence-form", func(t *testing.T, w, h int) string {
			_, s := startView(t, w, h, "4", "entities")
			s.send(keyMsg("s"))
			s.waitText("Silence agent-1", "(•) every check on this entity", "why (required)")
			return s.final()
		}},
		{"silence-review", func(t *testing.T, w, h int) string {
			_, s := startView(t, w, h, "4", "entities")
			s.send(keyMsg("s"))
			s.waitText("why (required)")
			s.typeText("reboot")
			s.send(typeKey(tea.KeyEnter))
			s.waitText("Create silence entity:agent-1:* in namespace default", "Reason: reboot")
			return s.final()
		}},
		{"delete-confirm", func(t *testing.T, w, h int) string {
			_, s := startView(t, w, h, "4", "entities")
			s.send(typeKey(tea.KeyCtrlD))
			s.waitText("Delete agent-1", "cannot be undone")
			return s.final()
		}},
	})
}

// openRawWarn opens the raw page of the one check-warn event and waits for
// the server's answer.
func openRawWarn(s *screen) {
	s.t.Helper()
	s.filterTo("'check-warn")
	s.waitStatus("1 of ")
	s.send(keyMsg("y"))
	s.waitFor("raw JSON", func(sh shot) bool {
		return strings.Contains(sh.view, "(raw) · JSON") && strings.Contains(sh.view, `"command": "echo warn; exit 1"`)
	})
}

func TestViewsGolden(t *testing.T) {
	runGoldenCases(t, []goldenCase{
		{"entities", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			s.send(keyMsg("4"))
			s.waitFor("entities loaded", func(sh shot) bool { return strings.Contains(sh.view, "[4 entities]") && loaded(sh) })
			return s.final()
		}},
		{"silences", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			s.send(keyMsg("5"))
			s.waitFor("silences loaded", func(sh shot) bool { return strings.Contains(sh.view, "[5 silences]") && loaded(sh) })
			return s.final()
		}},
		{"silences-clear-confirm", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			s.send(keyMsg("5"))
			s.waitFor("silences loaded", func(sh shot) bool { return strings.Contains(sh.view, "[5 silences]") && loaded(sh) })
			s.send(keyMsg("x"))
			s.waitText("Clear entity:db-007:*", "Clear 1 silence (")
			return s.final()
		}},
	})
}

func TestNamespaceGolden(t *testing.T) {
	openPicker := func(s *screen) {
		s.t.Helper()
		s.send(keyMsg("N"))
		s.waitText("* all namespaces", "prod-eu", "staging")
	}
	runGoldenCases(t, []goldenCase{
		{"picker", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			openPicker(s)
			return s.final()
		}},
		{"picker-narrowed", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			openPicker(s)
			s.typeText("pro")
			s.waitText("> pro▏")
			view := s.final()
			if strings.Contains(view, "staging") || !strings.Contains(view, "> prod-eu") {
				t.Errorf("picker not narrowed to prod-eu by pro:\n%s", view)
			}
			return view
		}},
		{"all-namespaces", func(t *testing.T, w, h int) string {
			_, s := startEvents(t, w, h)
			openPicker(s)
			s.send(typeKey(tea.KeyEnter))
			s.waitFor("events of all namespaces", func(sh shot) bool {
				return strings.Contains(sh.view, "NAMESPACE") && strings.Contains(sh.view, "ns:*all*") && loaded(sh)
			})
			return s.final()
		}},
	})
}

func TestReadOnlyGolden(t *testing.T) {
	startReadOnly := func(t *testing.T, w, h int) (*fake, *screen) {
		t.Helper()
		f := newFake(t, fakebackend.Options{})
		c := f.client(t, client.Config{ReadOnly: true})
		if err := c.Login(context.Background(), fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
			t.Fatal(err)
		}
		s := start(t, New(Options{Env: env(c), ReadOnly: true}), w, h)
		s.waitFor("events loaded", loaded)
		return f, s
	}
	runGoldenCases(t, []goldenCase{
		{"events", func(t *testing.T, w, h int) string {
			_, s := startReadOnly(t, w, h)
			view := s.final()
			if !strings.Contains(view, "READ-ONLY") {
				t.Errorf("no READ-ONLY badge:\n%s", view)
			}
			help := lastLine(view)
			for _, k := range []string{"R resolve", "s silence", "e re-run"} {
				if strings.Contains(help, k) {
					t.Errorf("help bar lists %q in read-only mode: %s", k, help)
				}
			}
			return view
		}},
		{"resolve-refused", func(t *testing.T, w, h int) string {
			f, s := startReadOnly(t, w, h)
			s.send(keyMsg("R"))
			s.waitText("Read-only mode: resolve is switched off.")
			view := s.final()
			if strings.Contains(view, "Resolve 1 event?") {
				t.Errorf("resolve dialog opened in read-only mode:\n%s", view)
			}
			if got := eventStatus(t, f, "default", "web-024", "http-endpoint"); got == client.StatusOK {
				t.Errorf("event resolved in read-only mode")
			}
			return view
		}},
	})
}

func lastLine(view string) string {
	lines := strings.Split(view, "\n")
	return lines[len(lines)-1]
}

// TestActionsApply: answering y to each dialog changes the backend, and the
// list reports it.
func TestActionsApply(t *testing.T) {
	t.Run("resolve", func(t *testing.T) {
		t.Parallel()
		f, s := startEvents(t, 120, 40)
		for _, entity := range falseEvents {
			if got := eventStatus(t, f, "default", entity, "check-false"); got == client.StatusOK {
				t.Fatalf("%s/check-false already OK before resolving", entity)
			}
		}
		markTwoFalse(s)
		s.send(keyMsg("R"))
		s.waitText("Resolve " + falseEvents[0] + "/check-false, " + falseEvents[1] + "/check-false")
		s.send(keyMsg("y"))
		s.waitText("✔ Resolved")
		for _, entity := range falseEvents {
			if got := eventStatus(t, f, "default", entity, "check-false"); got != client.StatusOK {
				t.Errorf("%s/check-false has status %d after resolve, want 0", entity, got)
			}
		}
	})
	t.Run("delete", func(t *testing.T) {
		t.Parallel()
		f, s := startEvents(t, 120, 40)
		entity, check := topEvent(s)
		s.send(typeKey(tea.KeyCtrlD))
		s.waitText("cannot be undone")
		s.send(typeKey(tea.KeyEnter)) // enter must not confirm
		s.send(keyMsg("y"))
		s.waitText("✔ Deleted default/" + entity + "/" + check)
		if _, ok := f.b.Event("default", entity, check); ok {
			t.Error("event still on the backend after delete")
		}
	})
	t.Run("rerun", func(t *testing.T) {
		t.Parallel()
		f, s := startEvents(t, 120, 40)
		entity, check := topEvent(s)
		s.send(keyMsg("e"))
		s.waitText("(•) on these entities only")
		s.send(keyMsg("y"))
		s.waitText("✔ Asked to run " + check)
		reqs := f.b.ExecuteRequests()
		if len(reqs) != 1 || reqs[0].Check != check || !slices.Equal(reqs[0].Subscriptions, []string{"entity:" + entity}) {
			t.Errorf("execute requests = %+v, want %s on entity:%s", reqs, check, entity)
		}
	})
	t.Run("silence", func(t *testing.T) {
		t.Parallel()
		f, s := startEvents(t, 120, 40)
		entity, check := topEvent(s)
		name := "entity:" + entity + ":" + check
		s.send(keyMsg("s"))
		s.waitText("why (required)")
		s.typeText("maintenance window")
		s.send(typeKey(tea.KeyEnter))
		s.waitText("Create silence")
		s.send(keyMsg("y"))
		s.waitText("✔ Created silence " + name)
		body, ok := f.b.Silence("default", name)
		if !ok {
			t.Fatal("no silence on the backend")
		}
		var sil client.Silence
		if err := json.Unmarshal(body, &sil); err != nil {
			t.Fatal(err)
		}
		if sil.Reason != "maintenance window" || sil.Creator != fakebackend.AdminUser {
			t.Errorf("silence reason %q creator %q, want %q by %q", sil.Reason, sil.Creator, "maintenance window", fakebackend.AdminUser)
		}
	})
	t.Run("clear-silence", func(t *testing.T) {
		t.Parallel()
		const name = "entity:db-007:*" // the first silence by name
		f, s := startEvents(t, 120, 40)
		if _, ok := f.b.Silence("default", name); !ok {
			t.Fatalf("no silence %s before clearing", name)
		}
		s.send(keyMsg("5"))
		s.waitFor("silences loaded", func(sh shot) bool { return strings.Contains(sh.view, "[5 silences]") && loaded(sh) })
		s.send(keyMsg("x"))
		s.waitText("Clear 1 silence (" + name + ")?")
		s.send(keyMsg("y"))
		s.waitText("✔ Cleared default/" + name)
		if _, ok := f.b.Silence("default", name); ok {
			t.Errorf("silence %s still on the backend after clear", name)
		}
	})
}

// TestKeysReadTogether: keys typed faster than they are read, as over a slow
// SSH link, arrive as one message and still act one by one.
func TestKeysReadTogether(t *testing.T) {
	_, s := startEvents(t, 120, 40)
	s.send(keyMsg("/web"))
	s.send(typeKey(tea.KeyEnter))
	s.waitFor("filter web", func(sh shot) bool {
		return strings.Contains(sh.view, "filter: web") && !strings.Contains(sh.view, "/web")
	})
}
