package views

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// The actions on checks and entities, against the recorded data set: the
// cursor is on the first row, check-adhoc (unpublished, on linux) in the
// checks view and agent-1 in the entities view.

// actionCase is one action: the keys that take it to its "y" step, what
// that step says, and whether the backend shows the change.
type actionCase struct {
	name    string
	view    func(Env) View
	keys    []string // from the loaded list to the "y" step
	shows   []string
	changed func(t *testing.T, f *viewFake) bool
}

func checkJSON(t *testing.T, f *viewFake, name string) (client.Check, bool) {
	t.Helper()
	raw, ok := f.b.Check("default", name)
	if !ok {
		return client.Check{}, false
	}
	var c client.Check
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return c, true
}

func silenced(name string) func(*testing.T, *viewFake) bool {
	return func(_ *testing.T, f *viewFake) bool {
		_, ok := f.b.Silence("default", name)
		return ok
	}
}

var (
	checksView   = func(env Env) View { return NewChecks(env) }
	entitiesView = func(env Env) View { return NewEntities(env) }
)

var actionCases = []actionCase{
	{"execute check", checksView, []string{"e", "disk swap", "enter"},
		[]string{"Execute check-adhoc", "Run check-adhoc (namespace default) on linux.", "Reason: disk swap", "y confirm"},
		func(t *testing.T, f *viewFake) bool {
			reqs := f.b.ExecuteRequests()
			if len(reqs) == 0 {
				return false
			}
			if r := reqs[0]; len(reqs) != 1 || r.Check != "check-adhoc" || !slices.Equal(r.Subscriptions, []string{"linux"}) || r.Reason != "disk swap" {
				t.Errorf("execute requests %+v, want check-adhoc on linux for disk swap", reqs)
			}
			return true
		}},
	{"execute check with the default reason", checksView, []string{"e", "enter"},
		[]string{"Reason: run from sensu-tui by admin"},
		func(t *testing.T, f *viewFake) bool {
			reqs := f.b.ExecuteRequests()
			if len(reqs) == 1 && reqs[0].Reason != "run from sensu-tui by admin" {
				t.Errorf("reason %q", reqs[0].Reason)
			}
			return len(reqs) > 0
		}},
	{"silence check", checksView, []string{"s", "noisy", "enter"},
		[]string{"Silence check-adhoc", "Create silence *:check-adhoc in namespace default", "Reason: noisy"},
		silenced("*:check-adhoc")},
	{"publish check", checksView, []string{"u"},
		[]string{"Publish check-adhoc", "Publish check-adhoc (namespace default): Sensu schedules", "it (3600s) on linux."},
		func(t *testing.T, f *viewFake) bool { c, _ := checkJSON(t, f, "check-adhoc"); return c.Publish }},
	{"delete check", checksView, []string{"ctrl+d"},
		[]string{"Delete check-adhoc", "Delete check check-adhoc from namespace default?", "its events stay", "This cannot be undone."},
		func(t *testing.T, f *viewFake) bool { _, ok := checkJSON(t, f, "check-adhoc"); return !ok }},
	{"silence entity", entitiesView, []string{"s", "reboot", "enter"},
		[]string{"Silence agent-1", "Create silence entity:agent-1:* in namespace default", "Reason: reboot"},
		silenced("entity:agent-1:*")},
	{"delete entity", entitiesView, []string{"ctrl+d"},
		[]string{"Delete agent-1", "Delete entity agent-1 from namespace default and its 5", "events? Sensu deletes an entity's events with it.", "This cannot be undone."},
		func(t *testing.T, f *viewFake) bool {
			_, entity := f.b.Entity("default", "agent-1")
			_, event := f.b.Event("default", "agent-1", "keepalive")
			if entity != event {
				t.Errorf("entity there %v but its keepalive event there %v", entity, event)
			}
			return !entity
		}},
}

// TestCheckAndEntityActions: only y at the last step changes the backend;
// n, esc and enter there change nothing.
func TestCheckAndEntityActions(t *testing.T) {
	for _, tc := range actionCases {
		for _, answer := range []string{"y", "n", "esc", "enter"} {
			t.Run(tc.name+"/"+answer, func(t *testing.T) {
				t.Parallel()
				f := newViewFake(t, fakebackend.Options{Recorded: true})
				r := runView(t, tc.view(f.env(time.Hour)), nil)
				r.waitText("updated")
				if tc.changed(t, f) {
					t.Fatal("the backend has the change before the action")
				}
				r.press(tc.keys...)
				r.waitText(tc.shows...)
				if tc.changed(t, f) {
					t.Fatal("the backend changed before the answer")
				}
				r.press(answer)
				if answer == "y" {
					r.waitFor("a report", func() bool { return len(r.sh.flashes) > 0 })
					if fl := r.flashes()[0]; fl.Error {
						t.Fatalf("the action failed: %s", fl.Text)
					}
					if !tc.changed(t, f) {
						t.Fatal("y did not change the backend")
					}
					return
				}
				settle()
				if tc.changed(t, f) {
					t.Fatalf("%s changed the backend", answer)
				}
				if fl := r.flashes(); len(fl) != 0 {
					t.Errorf("%s reported %+v", answer, fl)
				}
			})
		}
	}
}

// TestActionsTakeMarks: marked rows are what an action acts on.
func TestActionsTakeMarks(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{Recorded: true})
	r := runView(t, NewChecks(f.env(time.Hour)), nil)
	r.waitText("updated")
	r.press(" ", " ") // check-adhoc, check-crit
	r.waitText("2 marked")
	r.press("u")
	r.waitText("Publish/unpublish check-adhoc, check-crit",
		"Publish check-adhoc (namespace default)", "Unpublish check-crit (namespace default): Sensu stops")
	r.press("y")
	r.waitFor("a report", func() bool { return len(r.sh.flashes) > 0 })
	if fl := r.flashes()[0]; fl.Error || fl.Text != "Switched publishing of default/check-adhoc, default/check-crit" {
		t.Errorf("report %+v", fl)
	}
	adhoc, _ := checkJSON(t, f, "check-adhoc")
	crit, _ := checkJSON(t, f, "check-crit")
	if !adhoc.Publish || crit.Publish {
		t.Errorf("publish: check-adhoc %v, check-crit %v; want true, false", adhoc.Publish, crit.Publish)
	}
}

// TestReadOnlyRefusesActions: in read-only mode each action's key is
// refused with a reason, opens nothing, and is left out of the help.
func TestReadOnlyRefusesActions(t *testing.T) {
	for _, tc := range []struct {
		view func(Env) View
		key  string
		what string
	}{
		{checksView, "e", "execute check"},
		{checksView, "s", "silence check"},
		{checksView, "u", "publish/unpublish"},
		{checksView, "ctrl+d", "delete check"},
		{entitiesView, "s", "silence entity"},
		{entitiesView, "ctrl+d", "delete entity"},
	} {
		t.Run(tc.what, func(t *testing.T) {
			t.Parallel()
			f := newViewFake(t, fakebackend.Options{Recorded: true})
			env := f.env(time.Hour)
			tokens := f.c.CurrentTokens()
			env.Client = f.client(t, client.Config{ReadOnly: true, Tokens: &tokens})
			v := tc.view(env)
			r := runView(t, v, nil)
			r.waitText("updated")
			for _, b := range slices.Concat(v.FullHelp()...) {
				if b.Help().Desc == tc.what {
					t.Errorf("help lists %q in read-only mode", tc.what)
				}
			}
			r.press(tc.key)
			r.waitFor("a refusal", func() bool { return len(r.sh.flashes) > 0 })
			if fl := r.flashes()[0]; !fl.Error || fl.Text != "Read-only mode: "+tc.what+" is switched off." {
				t.Errorf("flash %+v", fl)
			}
			if v.Capturing() {
				t.Error("a dialog opened in read-only mode")
			}
			if !strings.Contains(r.screen(), "updated") {
				t.Error("the list is gone")
			}
		})
	}
}
