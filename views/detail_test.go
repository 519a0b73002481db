package views

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// openEventPage opens the detail page of the event on the given row, and
// returns that event.
func openEventPage(t *testing.T, r *run, v *Events, st *eventsState, row int) *client.EventSummary {
	t.Helper()
	r.waitFor("events", func() bool { return st.loaded && !st.loading && len(st.shown) > row })
	r.press("g")
	for range row {
		r.press("j")
	}
	r.waitFor("the cursor on the row", func() bool { return st.cursor == row })
	var e *client.EventSummary
	r.locked(func() { e = st.shown[row] })
	r.press("enter")
	r.waitText("Last OK:")
	var open bool
	r.locked(func() { open = v.InPage() })
	if !open {
		t.Fatal("enter opened no page")
	}
	return e
}

func eventName(e *client.EventSummary) string {
	return e.Entity.Metadata.Name + "/" + e.Check.Metadata.Name
}

// TestEventPageKeys: every action key of the events list works on the
// detail page, on the event the page shows, even with other rows marked.
func TestEventPageKeys(t *testing.T) {
	cases := []struct {
		name string
		key  tea.KeyMsg
		want string // the dialog's title, before the event's name
	}{
		{"R resolves", tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("R")}, "Resolve "},
		{"s silences", tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("s")}, "Silence "},
		{"e re-runs", tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("e")}, "Re-run "},
		{"ctrl+d deletes", tea.KeyMsg{Type: tea.KeyCtrlD}, "Delete "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newViewFake(t, fakebackend.Options{})
			r, v, st := runEvents(t, f.env(time.Hour))
			r.waitFor("events", func() bool { return st.loaded && !st.loading })
			r.press(" ", " ") // marks the first two rows
			e := openEventPage(t, r, v, st, 2)
			var marked []string
			r.locked(func() {
				for _, m := range st.shown[:2] {
					marked = append(marked, eventName(m))
				}
			})
			r.tm.Send(tc.key)
			r.waitText(tc.want + eventName(e))
			for _, m := range marked {
				if strings.Contains(r.screen(), m) {
					t.Errorf("the dialog names the marked %s:\n%s", m, r.screen())
				}
			}
		})
	}
}

// TestResolveFromPage: y in the resolve dialog opened on a detail page
// resolves that event on the server, and only it.
func TestResolveFromPage(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	r, v, st := runEvents(t, f.env(time.Hour))
	r.waitFor("events", func() bool { return st.loaded && !st.loading })
	r.press(" ")
	var marked *client.EventSummary
	r.locked(func() { marked = st.shown[0] })
	e := openEventPage(t, r, v, st, 1)
	r.press("R")
	r.waitText("Resolve " + eventName(e))
	r.press("y")
	r.waitFor("the report", func() bool {
		for _, fl := range r.sh.flashes {
			if strings.Contains(fl.Text, "Resolved "+e.Key()) {
				return true
			}
		}
		return false
	})
	if s := eventStatusOf(t, f, e); s != client.StatusOK {
		t.Errorf("%s has status %d after resolve, want OK", e.Key(), s)
	}
	if s := eventStatusOf(t, f, marked); s == client.StatusOK {
		t.Errorf("the marked %s was resolved too", marked.Key())
	}
	r.locked(func() {
		if !v.InPage() {
			t.Error("the page closed after the action")
		}
	})
}

func eventStatusOf(t *testing.T, f *viewFake, e *client.EventSummary) uint32 {
	t.Helper()
	ev, err := f.c.GetEvent(t.Context(), e.Namespace(), e.Entity.Metadata.Name, e.Check.Metadata.Name)
	if err != nil {
		t.Fatal(err)
	}
	return ev.Check.Status
}

// TestPageBackKeys: y on a detail page opens the raw page of its event,
// esc goes back to the details, and q (or esc) back to the list.
func TestPageBackKeys(t *testing.T) {
	for _, back := range []string{"q", "esc"} {
		t.Run(back, func(t *testing.T) {
			t.Parallel()
			f := newViewFake(t, fakebackend.Options{})
			r, v, st := runEvents(t, f.env(time.Hour))
			e := openEventPage(t, r, v, st, 2)
			r.press("y")
			r.waitText(e.Key()+" (raw) · JSON", `"check": {`)
			r.press(back)
			r.waitText("Last OK:")
			r.press(back)
			r.waitText("STATUS", "HISTORY")
			r.locked(func() {
				if v.InPage() {
					t.Errorf("%s left a page open", back)
				}
				if st.selected != e.Key() {
					t.Errorf("the cursor moved to %s, want %s", st.selected, e.Key())
				}
			})
		})
	}
}

// TestReadOnlyPage: an action key on a detail page is refused in read-only
// mode, as it is on the list.
func TestReadOnlyPage(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	env := f.env(time.Hour)
	env.Client = f.client(t, client.Config{ReadOnly: true, Tokens: ptrTo(f.c.CurrentTokens())})
	r, v, st := runEvents(t, env)
	openEventPage(t, r, v, st, 0)
	r.press("R")
	r.waitFor("the refusal", func() bool {
		for _, fl := range r.sh.flashes {
			if fl.Error && strings.Contains(fl.Text, "Read-only mode: resolve") {
				return true
			}
		}
		return false
	})
	if strings.Contains(r.screen(), "Resolve ") {
		t.Errorf("a resolve dialog opened in read-only mode:\n%s", r.screen())
	}
}

func ptrTo[T any](v T) *T { return &v }

// TestAPIKeyPageKeys: x, v and c work on an API key's detail page, on its
// key; g (grant) stays the page's top.
func TestAPIKeyPageKeys(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	grantFor(t, f.c, fakebackend.ViewerUser)
	shown := grantFor(t, f.c, fakebackend.AdminUser)
	r, v, _ := runKeys(t, f, f.env(time.Hour))
	var row int
	r.locked(func() {
		for i, k := range v.table.Items() {
			if k.Metadata.Name == shown {
				row = i
			}
		}
	})
	for range row {
		r.press("j")
	}
	r.press("enter")
	r.waitText("Username:", "Created by:")
	if strings.Contains(r.screen(), shown) {
		t.Fatalf("the key is shown unmasked before v:\n%s", r.screen())
	}
	r.press("v")
	r.waitText("Key:", shown)
	r.press("c")
	r.waitFor("the copy", func() bool { return len(r.sh.copies) == 1 })
	r.locked(func() {
		if got := r.sh.copies[0]; got.Text != shown || !strings.Contains(got.What, "admin") {
			t.Errorf("copied %q (%s), want the admin's key %q", got.Text, got.What, shown)
		}
	})
	r.press("g")
	if settle(); strings.Contains(r.screen(), "Grant an API key") {
		t.Fatalf("g granted from the detail page:\n%s", r.screen())
	}
	r.press("x")
	r.waitText("Revoke API key", `of user "admin"`)
	if strings.Contains(r.screen(), `user "viewer"`) {
		t.Errorf("the revoke names the viewer's key too:\n%s", r.screen())
	}
}

// TestSilencePageClears: x on a silence's detail page clears that silence.
func TestSilencePageClears(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	for _, check := range []string{"check-a", "check-b"} {
		if err := f.c.CreateSilence(t.Context(), client.SilenceRequest{Namespace: "default", Check: check, Reason: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	v := NewSilences(f.env(time.Hour))
	r := runView(t, v, nil)
	r.waitText("check-a", "check-b")
	r.press("j", "enter")
	r.waitText("Reason:", "Creator:")
	var name string
	r.locked(func() {
		s, _ := v.Selected()
		name = s.Metadata.Name
	})
	r.press("x")
	r.waitText("Clear " + name)
	r.press("y")
	r.waitFor("the report", func() bool {
		for _, fl := range r.sh.flashes {
			if fl.Text == "Cleared default/"+name {
				return true
			}
		}
		return false
	})
	if _, ok := f.b.Silence("default", name); ok {
		t.Errorf("silence %s is still on the server", name)
	}
}

// TestCheckAndEntityPageActions: every action of the checks and entities
// lists works on a detail page, on the item the page shows and not on a
// marked row, and y there changes the backend; the page stays open.
func TestCheckAndEntityPageActions(t *testing.T) {
	for _, tc := range actionCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newViewFake(t, fakebackend.Options{Recorded: true})
			v := tc.view(f.env(time.Hour))
			var place Place
			var inPage bool
			r := runView(t, v, func() { place, inPage = v.Place(), v.InPage() })
			r.waitText("updated")
			var first string
			r.locked(func() { first = place.Key })
			r.press("j")
			var marked string
			r.waitFor("the second row", func() bool {
				_, marked, _ = strings.Cut(place.Key, "/")
				return place.Key != first
			})
			r.press(" ") // marks it
			r.waitText("1 marked")
			r.press("g", "d") // the first row's details
			r.waitText("Not OK events:")
			r.press(tc.keys...)
			r.waitText(tc.shows...)
			if strings.Contains(r.screen(), marked) {
				t.Errorf("the dialog names the marked %s:\n%s", marked, r.screen())
			}
			r.press("y")
			r.waitFor("a report", func() bool { return len(r.sh.flashes) > 0 })
			if fl := r.flashes()[0]; fl.Error || strings.Contains(fl.Text, marked) {
				t.Fatalf("report %+v", fl)
			}
			if !tc.changed(t, f) {
				t.Fatal("y on the page did not change the backend")
			}
			r.locked(func() {
				if !inPage {
					t.Error("the page closed after the action")
				}
			})
		})
	}
}
