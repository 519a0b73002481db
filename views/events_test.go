package views

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// TestEventsOrder: the most severe first (critical, warning, unknown, OK),
// then the most recent OK, on the seeded data set, whether the server
// sorts a window (GraphQL) or the view sorts a walked list.
func TestEventsOrder(t *testing.T) {
	for _, walked := range []bool{false, true} {
		name := map[bool]string{false: "window", true: "walk"}[walked]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newViewFake(t, fakebackend.Options{})
			if walked {
				f.c.DisableGraphQL()
			}
			r, _, st := runEvents(t, f.env(time.Hour))
			r.waitFor("events", func() bool { return st.loaded && !st.loading })
			r.press("G") // a window then grows to the whole list
			r.waitFor("every event", func() bool { return !st.loading && len(st.items) == 615 })
			var items []*client.EventSummary
			r.locked(func() {
				items = st.items
				if st.window == walked {
					t.Errorf("window on: %v, want %v", st.window, !walked)
				}
			})
			if s := items[0].Check.Status; s != client.StatusCritical {
				t.Errorf("first event %s has status %d, want critical", items[0].Key(), s)
			}
			seen := map[uint32]bool{}
			for i := 1; i < len(items); i++ {
				a, b := items[i-1], items[i]
				seen[a.Check.Status] = true
				sa, sb := styles.Severity(a.Check.Status), styles.Severity(b.Check.Status)
				switch {
				case sa < sb:
					t.Fatalf("row %d %s (status %d) before the more severe %s (status %d)", i-1, a.Key(), a.Check.Status, b.Key(), b.Check.Status)
				case sa == sb && a.Check.LastOK < b.Check.LastOK:
					t.Fatalf("row %d %s (OK at %d) before the more recently OK %s (OK at %d)", i-1, a.Key(), a.Check.LastOK, b.Key(), b.Check.LastOK)
				}
			}
			for _, s := range []uint32{0, 1, 2, 3} {
				if !seen[s] {
					t.Errorf("no event with status %d: the data set does not exercise the order", s)
				}
			}
		})
	}
}

func TestEventCompare(t *testing.T) {
	// The comparator itself: equal severity and last OK fall back to the key.
	mk := func(status uint32, lastOK int64, entity string) client.Event {
		var e client.Event
		e.Check.Status, e.Check.LastOK = status, lastOK
		e.Entity.Metadata.Name, e.Check.Metadata.Name = entity, "c"
		e.Entity.Metadata.Namespace, e.Check.Metadata.Namespace = "default", "default"
		return e
	}
	cases := []struct {
		name string
		a, b client.Event
		want int // its sign: before, same, after
	}{
		{"critical before warning", mk(2, 1, "a"), mk(1, 9, "a"), -1},
		{"warning before unknown, as the backend sorts", mk(1, 1, "a"), mk(3, 9, "a"), -1},
		{"unknown before OK", mk(3, 1, "a"), mk(0, 9, "a"), -1},
		{"warning before OK", mk(1, 1, "a"), mk(0, 9, "a"), -1},
		{"OK after warning", mk(0, 9, "a"), mk(1, 1, "a"), 1},
		{"more recent OK first", mk(1, 9, "b"), mk(1, 1, "a"), -1},
		{"older OK after", mk(1, 1, "a"), mk(1, 9, "b"), 1},
		{"same last OK: by key", mk(1, 5, "a"), mk(1, 5, "b"), -1},
		{"same last OK: by key, reversed", mk(1, 5, "b"), mk(1, 5, "a"), 1},
		{"the same event", mk(1, 5, "a"), mk(1, 5, "a"), 0},
	}
	for _, tc := range cases {
		if got := eventCompare(client.Summarize(&tc.a), client.Summarize(&tc.b)); cmp.Compare(got, 0) != tc.want {
			t.Errorf("%s: eventCompare = %d, want the sign of %d", tc.name, got, tc.want)
		}
	}
}

// TestEventsNotPassingToggle: t keeps only the events that are not OK; t
// cycles on through the other scopes (critical only, silenced) back to all.
func TestEventsNotPassingToggle(t *testing.T) {
	for _, walked := range []bool{false, true} {
		t.Run(map[bool]string{false: "window", true: "walk"}[walked], func(t *testing.T) {
			t.Parallel()
			f := newViewFake(t, fakebackend.Options{})
			events, err := client.ListAll[*client.EventSummary](context.Background(), f.c, client.Events, client.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			all, notOK := len(events), 0
			for _, e := range events {
				if e.Check.Status != client.StatusOK {
					notOK++
				}
			}
			if notOK == 0 || notOK == all {
				t.Fatalf("%d of %d events not OK: the data set does not exercise the toggle", notOK, all)
			}
			if walked {
				f.c.DisableGraphQL()
			}
			r, _, st := runEvents(t, f.env(time.Hour))
			r.waitFor("events", func() bool { return st.loaded && !st.loading })

			r.press("t")
			scoped := fmt.Sprintf("%d of %d events", notOK, all)
			r.waitText(scoped, "scope: not passing")
			r.waitFor("the scope loaded", func() bool { return !st.loading })
			r.locked(func() {
				for _, e := range st.shown {
					if e.Check.Status == client.StatusOK {
						t.Errorf("OK event %s still shown", e.Key())
					}
				}
			})
			if s := r.screen(); strings.Contains(s[strings.Index(s, "STATUS"):], "✔ OK") {
				t.Errorf("an OK row is on screen:\n%s", s)
			}

			r.press("t", "t", "t")
			r.waitText(fmt.Sprintf("· %d events", all))
			if s := r.screen(); strings.Contains(s, "not passing") {
				t.Errorf("status still names the scope:\n%s", s)
			}
		})
	}
}

// TestEventColumnsGiveWay: a narrow terminal hides the history before the
// facts, and a wide one gives its width to the output, not the names.
func TestEventColumnsGiveWay(t *testing.T) {
	long := strings.Repeat("x", 60)
	e := filterEvent("web-"+long, "check-"+long, "output "+strings.Repeat("y", 200), nil)
	tests := []struct {
		width       int
		shown, gone []string
	}{
		{60, []string{"STATUS", "ENTITY", "CHECK", "OUTPUT", "SEEN", "OCC", "SIL"}, []string{"HISTORY"}},
		{50, []string{"STATUS", "ENTITY", "CHECK", "SEEN", "OCC", "SIL"}, []string{"HISTORY", "OUTPUT"}},
		{40, []string{"STATUS", "ENTITY", "CHECK", "SEEN"}, []string{"HISTORY", "OUTPUT", "OCC", "SIL"}},
		{80, []string{"STATUS", "HISTORY", "ENTITY", "CHECK", "OUTPUT", "SEEN", "OCC", "SIL"}, nil},
		{120, []string{"STATUS", "HISTORY", "ENTITY", "CHECK", "OUTPUT", "SEEN", "OCC", "SIL"}, nil},
	}
	for _, tc := range tests {
		t.Run(strconv.Itoa(tc.width), func(t *testing.T) {
			v := NewEvents(Env{})
			v.SetSize(tc.width, 5)
			fill(v.Resource, summaries([]client.Event{e}))
			header := strings.Split(v.View(), "\n")[0]
			for _, title := range tc.shown {
				if !strings.Contains(header, title) {
					t.Errorf("%s missing from %q", title, header)
				}
			}
			for _, title := range tc.gone {
				if strings.Contains(header, title) {
					t.Errorf("%s shown in %q", title, header)
				}
			}
		})
	}
	t.Run("200", func(t *testing.T) {
		v := NewEvents(Env{})
		v.SetSize(200, 5)
		fill(v.Resource, summaries([]client.Event{e}))
		row := strings.Split(v.View(), "\n")[1]
		entity := regexp.MustCompile(`web-x+…`).FindString(row)
		output := regexp.MustCompile(`output y+…`).FindString(row)
		if w := styles.Width(entity); w != nameColumnMax {
			t.Errorf("entity takes %d cells, want %d: %q", w, nameColumnMax, row)
		}
		if w := styles.Width(output); w < 100 {
			t.Errorf("output takes %d cells, want the rest (over 100): %q", w, row)
		}
	})
}
