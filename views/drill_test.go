package views

import (
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
)

// TestDrillDown: enter on an entity or a check asks the root for the
// events view under a field selector for exactly its name (and namespace,
// across all of them); d opens its details instead, and esc on the list
// hands back to the root.
func TestDrillDown(t *testing.T) {
	cases := []struct {
		name   string
		view   func(Env) View
		all    bool
		filter func(ns, name string) string
		detail string // a label of its detail page
	}{
		{"entity", func(env Env) View { return NewEntities(env) }, false,
			func(_, name string) string { return "f:event.entity.name == " + name }, "Not OK events:"},
		{"check", func(env Env) View { return NewChecks(env) }, false,
			func(_, name string) string { return "f:event.check.name == " + name }, "Not OK events:"},
		{"entity in all namespaces", func(env Env) View { return NewEntities(env) }, true,
			func(ns, name string) string { return "f:event.entity.name == " + name + " && event.namespace == " + ns }, "Not OK events:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newViewFake(t, fakebackend.Options{})
			env := f.env(time.Hour)
			env.Scope = &Scope{AllNamespaces: tc.all}
			v := tc.view(env)
			r := runView(t, v, nil)
			r.waitText("updated")
			r.press("j", "j")
			settle()
			var key string
			r.locked(func() { key = v.Place().Key })
			ns, name, _ := strings.Cut(key, "/")
			r.press("enter")
			r.waitFor("the drill-down", func() bool { return len(r.sh.drills) == 1 })
			want := msgs.DrillMsg{View: "events", Filter: tc.filter(ns, name)}
			r.locked(func() {
				if got := r.sh.drills[0]; got != want {
					t.Errorf("enter asked for %+v, want %+v", got, want)
				}
			})
			r.press("esc")
			r.waitFor("esc handed to the root", func() bool { return r.sh.backs == 1 })
			r.press("d")
			r.waitText(tc.detail, "Name:", name)
			r.press("enter")
			r.waitFor("a drill-down from the page", func() bool { return len(r.sh.drills) == 2 })
		})
	}
}
