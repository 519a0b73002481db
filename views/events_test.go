package views

import (
	"cmp"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// TestEventsOrder: the most severe first (critical, unknown, warning, OK),
// then the most recent, on the seeded data set.
func TestEventsOrder(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	r, _, st := runEvents(t, f.env(time.Hour))
	r.waitFor("events", func() bool { return st.loaded && !st.loading })
	var items []*client.EventSummary
	r.locked(func() { items = st.items })
	if len(items) < 100 {
		t.Fatalf("only %d events loaded", len(items))
	}
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
		case sa == sb && a.Timestamp < b.Timestamp:
			t.Fatalf("row %d %s (seen %d) before the more recent %s (seen %d)", i-1, a.Key(), a.Timestamp, b.Key(), b.Timestamp)
		}
	}
	for _, s := range []uint32{0, 1, 2, 3} {
		if !seen[s] {
			t.Errorf("no event with status %d: the data set does not exercise the order", s)
		}
	}
}

func TestEventCompare(t *testing.T) {
	// The comparator itself: equal severity and time fall back to the key.
	mk := func(status uint32, ts int64, entity string) client.Event {
		var e client.Event
		e.Check.Status, e.Timestamp = status, ts
		e.Entity.Metadata.Name, e.Check.Metadata.Name = entity, "c"
		e.Entity.Metadata.Namespace, e.Check.Metadata.Namespace = "default", "default"
		return e
	}
	cases := []struct {
		name string
		a, b client.Event
		want int // its sign: before, same, after
	}{
		{"critical before unknown", mk(2, 1, "a"), mk(3, 9, "a"), -1},
		{"unknown before warning", mk(3, 1, "a"), mk(1, 9, "a"), -1},
		{"warning before OK", mk(1, 1, "a"), mk(0, 9, "a"), -1},
		{"OK after warning", mk(0, 9, "a"), mk(1, 1, "a"), 1},
		{"newer first", mk(1, 9, "b"), mk(1, 1, "a"), -1},
		{"older after", mk(1, 1, "a"), mk(1, 9, "b"), 1},
		{"same time: by key", mk(1, 5, "a"), mk(1, 5, "b"), -1},
		{"same time: by key, reversed", mk(1, 5, "b"), mk(1, 5, "a"), 1},
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
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	r, _, st := runEvents(t, f.env(time.Hour))
	r.waitFor("events", func() bool { return st.loaded && !st.loading })
	var all, notOK int
	r.locked(func() {
		all = len(st.items)
		for _, e := range st.items {
			if e.Check.Status != client.StatusOK {
				notOK++
			}
		}
	})
	if notOK == 0 || notOK == all {
		t.Fatalf("%d of %d events not OK: the data set does not exercise the toggle", notOK, all)
	}

	r.press("t")
	r.waitFor("only not passing", func() bool { return len(st.shown) != all })
	r.locked(func() {
		if len(st.shown) != notOK {
			t.Errorf("%d rows shown, want the %d not passing", len(st.shown), notOK)
		}
		for _, e := range st.shown {
			if e.Check.Status == client.StatusOK {
				t.Errorf("OK event %s still shown", e.Key())
			}
		}
	})
	s := r.screen()
	if !strings.Contains(s, "not passing") {
		t.Errorf("status does not name the toggle:\n%s", s)
	}
	if body := s[strings.Index(s, "STATUS"):]; strings.Contains(body, "✔ OK") {
		t.Errorf("an OK row is on screen:\n%s", s)
	}

	r.press("t", "t", "t")
	r.waitFor("all events again", func() bool { return len(st.shown) == all })
	if s := r.screen(); strings.Contains(s, "not passing") {
		t.Errorf("status still names the scope:\n%s", s)
	}
}
