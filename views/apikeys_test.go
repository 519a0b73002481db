package views

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// keysState is what the API keys tests read from a running view.
type keysState struct {
	capturing bool
	granting  bool
	items     []client.APIKey
	loading   bool
	loaded    bool
	typed     string
}

// runKeys starts the API keys view with keys granted to users beforehand.
func runKeys(t *testing.T, f *viewFake, env Env) (*run, *APIKeys, *keysState) {
	t.Helper()
	v := NewAPIKeys(env)
	st := &keysState{}
	r := runView(t, v, func() {
		g, granting := v.dialog.(*grant)
		st.capturing, st.granting = v.Capturing(), granting
		st.items = v.Items()
		st.loading, st.loaded = v.loading, v.loaded
		st.typed = ""
		if granting {
			st.typed = g.input.Value()
		}
	})
	r.waitFor("keys", func() bool { return st.loaded && !st.loading })
	return r, v, st
}

func grantFor(t *testing.T, c *client.Client, user string) string {
	t.Helper()
	k, err := c.GrantAPIKey(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// settle gives a wrongly started request time to reach the backend, for
// the checks that something did not happen.
func settle() { time.Sleep(200 * time.Millisecond) }

func TestRevoke(t *testing.T) {
	cases := []struct {
		name      string
		keys      []string
		wantGone  bool
		modalOpen bool // the dialog is still open after the keys
	}{
		{"n keeps the key", []string{"x", "n"}, false, false},
		{"esc keeps the key", []string{"x", "esc"}, false, false},
		{"enter does nothing", []string{"x", "enter"}, false, true},
		{"y revokes", []string{"x", "y"}, true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newViewFake(t, fakebackend.Options{})
			key := grantFor(t, f.c, fakebackend.ViewerUser)
			r, _, st := runKeys(t, f, f.env(time.Hour))
			r.press(tc.keys[0])
			r.waitText("Revoke API key", `of user "viewer"`)
			r.press(tc.keys[1:]...)
			if tc.wantGone {
				r.waitFor("the key gone from the list", func() bool { return st.loaded && !st.loading && len(st.items) == 0 })
				if names := f.b.APIKeyNames(); len(names) != 0 {
					t.Errorf("backend still has keys %v", names)
				}
				r.waitText("No API keys.")
				r.waitFor("a report", func() bool { return len(r.sh.flashes) > 0 })
				if fl := r.flashes(); !strings.Contains(fl[0].Text, "Revoked") || fl[0].Error {
					t.Errorf("flashes %+v, want a Revoked message", fl)
				}
				return
			}
			settle()
			var capturing bool
			var items int
			r.locked(func() { capturing, items = st.capturing, len(st.items) })
			if capturing != tc.modalOpen {
				t.Errorf("dialog open = %v, want %v", capturing, tc.modalOpen)
			}
			if names := f.b.APIKeyNames(); !slices.Equal(names, []string{key}) {
				t.Errorf("backend keys %v, want [%s]", names, key)
			}
			if items != 1 {
				t.Errorf("%d keys listed, want 1", items)
			}
			if fl := r.flashes(); len(fl) != 0 {
				t.Errorf("unexpected flashes %+v", fl)
			}
		})
	}
}

func TestGrantUnknownUser(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	r, _, st := runKeys(t, f, f.env(time.Hour))
	r.press("g")
	r.waitText("Grant an API key", "  viewer")
	r.press("nosuchuser", "enter")
	r.waitText(`Grant a new API key to user "nosuchuser"?`)
	r.press("y")
	r.waitText("user does not exist")
	s := r.screen()
	if !strings.Contains(s, "Username: nosuchuser") {
		t.Errorf("typed name not kept:\n%s", s)
	}
	r.locked(func() {
		if st.typed != "nosuchuser" || !st.granting {
			t.Errorf("dialog open = %v with %q, want open with nosuchuser", st.granting, st.typed)
		}
	})
	if names := f.b.APIKeyNames(); len(names) != 0 {
		t.Errorf("backend has keys %v", names)
	}
}

func TestGrantCancel(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	r, _, st := runKeys(t, f, f.env(time.Hour))
	r.press("g")
	r.waitText("Grant an API key", "  viewer")
	r.press("viewer", "esc")
	r.waitFor("the dialog closed", func() bool { return !st.capturing })
	settle()
	if names := f.b.APIKeyNames(); len(names) != 0 {
		t.Errorf("esc granted keys %v", names)
	}
	if s := r.screen(); strings.Contains(s, "Grant an API key") {
		t.Errorf("dialog still drawn:\n%s", s)
	}
}

func TestGrantAndCopy(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	grantFor(t, f.c, "alice")
	before := f.b.APIKeyNames()
	r, v, st := runKeys(t, f, f.env(time.Hour))

	r.press("g")
	r.waitText("  viewer")
	r.press("viewer", "enter")
	r.waitText(`Grant a new API key to user "viewer"?`, "y grant")
	r.press("y")
	r.waitText("New key for viewer", "Shown once")
	after := f.b.APIKeyNames()
	if len(after) != len(before)+1 {
		t.Fatalf("backend keys %v after granting, want one more than %v", after, before)
	}
	var key string
	for _, k := range after {
		if !slices.Contains(before, k) {
			key = k
		}
	}
	if !strings.Contains(r.screen(), key) {
		t.Errorf("new key %s not shown:\n%s", key, r.screen())
	}

	r.press("c")
	r.waitFor("the copy", func() bool { return len(r.sh.copies) > 0 })
	r.locked(func() {
		if got := r.sh.copies[0]; got.Text != key {
			t.Errorf("copied %q, want the new key %q", got.Text, key)
		}
	})

	// Closing the dialog shows the list with the new key, masked and selected.
	r.press("enter")
	r.waitFor("the list with the new key", func() bool { return !st.capturing && !st.loading && len(st.items) == 2 })
	s := r.screen()
	if strings.Contains(s, key) || !strings.Contains(s, "…"+key[len(key)-4:]) {
		t.Errorf("new key not listed masked:\n%s", s)
	}
	r.locked(func() {
		if sel, _ := v.Selected(); sel.Metadata.Name != key {
			t.Errorf("selected %s after granting, want the new key", maskKey(sel.Metadata.Name))
		}
	})
}

// TestGrantConfirms: after the username, only y grants; enter does nothing,
// n and esc go back to the username, which is kept.
func TestGrantConfirms(t *testing.T) {
	cases := []struct {
		name    string
		answer  []string
		granted bool
		back    bool // back at the username field
	}{
		{"enter does nothing", []string{"enter"}, false, false},
		{"n goes back", []string{"n"}, false, true},
		{"esc goes back", []string{"esc"}, false, true},
		{"y grants", []string{"y"}, true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newViewFake(t, fakebackend.Options{})
			r, _, st := runKeys(t, f, f.env(time.Hour))
			r.press("g")
			r.waitText("Grant an API key", "  viewer")
			r.press("viewer", "enter")
			r.waitText(`Grant a new API key to user "viewer"?`, "acts as viewer", "y grant", "n/esc back to the user")
			if names := f.b.APIKeyNames(); len(names) != 0 {
				t.Fatalf("enter on the username granted %v", names)
			}
			r.press(tc.answer...)
			switch {
			case tc.granted:
				r.waitText("New key for viewer")
			case tc.back:
				r.waitText("Username: viewer")
			default:
				settle()
				if s := r.screen(); !strings.Contains(s, `Grant a new API key to user "viewer"?`) {
					t.Errorf("the confirm step left on %s:\n%s", tc.name, s)
				}
			}
			if names := f.b.APIKeyNames(); (len(names) == 1) != tc.granted {
				t.Errorf("backend keys %v after %s", names, tc.name)
			}
			r.locked(func() {
				if !st.granting || st.typed != "viewer" {
					t.Errorf("dialog open %v with %q, want open with viewer", st.granting, st.typed)
				}
			})
		})
	}
}

// TestCopyFromList: c on the list asks to copy the selected key.
func TestCopyFromList(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	key := grantFor(t, f.c, fakebackend.ViewerUser)
	r, _, _ := runKeys(t, f, f.env(time.Hour))
	r.press("c")
	r.waitFor("the copy", func() bool { return len(r.sh.copies) > 0 })
	r.locked(func() {
		if got := r.sh.copies[0]; got.Text != key || !strings.Contains(got.What, fakebackend.ViewerUser) {
			t.Errorf("copy %+v, want the key of %s", got, fakebackend.ViewerUser)
		}
	})
}

// TestRevealToggles: v shows the selected key in clear, v again masks it.
func TestRevealToggles(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	key := grantFor(t, f.c, fakebackend.ViewerUser)
	r, _, _ := runKeys(t, f, f.env(time.Hour))
	if strings.Contains(r.screen(), key) {
		t.Fatalf("key shown before v:\n%s", r.screen())
	}
	r.press("v")
	r.waitText(key)
	r.press("v")
	r.waitFor("the key masked again", func() bool { return !strings.Contains(r.sh.screen, key) })
}

// TestRevokeOwnKeyLogsOut: revoking the key the session uses ends the session.
func TestRevokeOwnKeyLogsOut(t *testing.T) {
	t.Parallel()
	f := newViewFake(t, fakebackend.Options{})
	own := grantFor(t, f.c, fakebackend.AdminUser)
	env := f.env(time.Hour)
	env.Client = f.client(t, client.Config{APIKey: own})
	r, _, _ := runKeys(t, f, env)
	r.press("x")
	r.waitText("this session uses")
	r.press("y")
	r.waitFor("the session to end", func() bool { return len(r.sh.expired) > 0 })
	if names := f.b.APIKeyNames(); len(names) != 0 {
		t.Errorf("backend still has keys %v", names)
	}
}
