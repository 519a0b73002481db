package views

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
)

// TestDrillDown: enter on an entity or a check asks the root for the
// events view under a field selector for exactly its name (and namespace,
// across all of them); d opens its details instead, and esc on the list
// hands back to the root when a drill-down led to it.
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
			settle()
			r.locked(func() {
				if r.sh.backs != 0 {
					t.Error("esc on a list no drill-down led to handed back to the root")
				}
				v.SetBack("events") // as the root does after a drill-down to this list
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

// TestDrillIntoWindowWalks: a field selector given to the events view
// while it was away (a drill-down) cannot be served by the GraphQL window:
// the view walks the list, and until the walk lands the header counts the
// rows it shows, not the window's whole list.
func TestDrillIntoWindowWalks(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	f, log := observedFake(t, fakebackend.Options{Events: 3000}, client.Config{}, func(b *fakebackend.Backend) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/events") {
				select { // the walk waits, so the test sees the view before it lands
				case <-release:
				case <-r.Context().Done():
					return
				}
			}
			b.ServeHTTP(w, r)
		})
	})
	r, _, st := runEvents(t, f.env(time.Hour))
	r.waitText("1/3000 ")
	r.tm.Send(returnMsg("f:event.entity.name == synth-000"))
	r.waitFor("the walk", func() bool { return log.count("/events") > 0 && st.loading })
	var shown int
	r.locked(func() { shown = len(st.shown) })
	if shown == 0 || shown >= 3000 {
		t.Fatalf("%d rows shown under the selector while the walk runs", shown)
	}
	status := strings.SplitN(r.screen(), "\n", 2)[0]
	if want := fmt.Sprintf("1/%d ", shown); !strings.HasPrefix(status, want) {
		t.Errorf("the header says %q, want it to start %q: the rows shown", status, want)
	}
}
