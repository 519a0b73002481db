package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// The selection model as a person sees it, on a backend with 3,000 events
// that spends 20 ms on every answer, as a real one does per page.

const manyEvents = 3000

// slowBackend holds manyEvents events and answers slowly.
func slowBackend(t *testing.T) *fakebackend.Backend {
	t.Helper()
	requireTmux(t)
	b := fakebackend.New(fakebackend.Options{Events: manyEvents})
	b.SetFaults(fakebackend.Faults{Latency: 20 * time.Millisecond})
	return b
}

// busyBackend serves a slow backend.
func busyBackend(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(slowBackend(t))
	t.Cleanup(srv.Close)
	return srv
}

// busyDashboard logs in to the busy backend with a password and waits
// for the whole list.
func busyDashboard(t *testing.T, srv *httptest.Server, args ...string) *terminal {
	t.Helper()
	env := append(baseEnv(t), "SENSU_API_URL="+srv.URL, "SENSU_USERNAME=admin", "SENSU_PASSWORD='"+fakebackend.AdminPassword+"'")
	term := newTerminal(t, 120, 40, env, args...)
	term.WaitFor("[1 events]", "events", "updated")
	return term
}

// body is the screen without the tab bar, header, status line and help
// bar: the rows.
func body(screen string) string {
	lines := strings.Split(screen, "\n")
	return strings.Join(lines[2:len(lines)-3], "\n")
}

// firstRow is the entity and check on the first row of the list, which
// must be the selected one, read under the header's ENTITY and CHECK.
func firstRow(t *testing.T, screen string) (entity, check string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	header, row := []rune(lines[2]), []rune(lines[3])
	if !strings.HasPrefix(lines[3], ">") {
		t.Fatalf("the first row is not the selected one:\n%s", screen)
	}
	field := func(title string) string {
		at := strings.Index(string(header), title)
		if at < 0 {
			t.Fatalf("no %s column:\n%s", title, screen)
		}
		col := len([]rune(string(header)[:at]))
		if col >= len(row) {
			return ""
		}
		return strings.Fields(string(row[col:]) + " ")[0]
	}
	return field("ENTITY"), field("CHECK")
}

// TestTopAfterFullLoad: once the whole list is in, the cursor is on its
// first row, so g, "go to the top", changes nothing on screen. The newest
// incident is not on a walk's first page: lists come in name order. A
// window from GraphQL is sorted whole from the start.
func TestTopAfterFullLoad(t *testing.T) {
	for name, wrap := range map[string]func(http.Handler) http.Handler{
		"walk":   withoutGraphQL,
		"window": func(h http.Handler) http.Handler { return h },
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(wrap(slowBackend(t)))
			t.Cleanup(srv.Close)
			putCritical(t, srv.URL, "zz-late", "late-check")
			term := busyDashboard(t, srv, "--refresh", "1h")
			before := term.WaitFor("3001 events")
			if entity, _ := firstRow(t, before); entity != "zz-late" {
				t.Fatalf("the first row is %s, want the newest incident:\n%s", entity, before)
			}
			term.Keys("g")
			after := term.Screen()
			if body(before) != body(after) {
				t.Fatalf("g changed the screen after the full load:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// putCritical stores a new critical event, as an agent would send it, for
// a check that passed until now: the severity order puts the most recently
// OK first among the critical events.
func putCritical(t *testing.T, url, entity, check string) {
	t.Helper()
	c, err := client.New(client.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(context.Background(), fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Unix() + 60 // newer than anything seeded
	for _, status := range []int{0, 2} {
		body, _ := json.Marshal(map[string]any{
			"entity": map[string]any{"entity_class": "proxy", "metadata": map[string]any{"name": entity, "namespace": "default"}},
			"check": map[string]any{"metadata": map[string]any{"name": check, "namespace": "default"},
				"status": status, "output": "CRITICAL: it broke", "executed": now, "interval": 60},
			"timestamp": now,
		})
		req, _ := http.NewRequest(http.MethodPut, url+"/api/core/v2/namespaces/default/events/"+entity+"/"+check, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+c.CurrentTokens().Access)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("PUT event: %s", resp.Status)
		}
	}
}

// TestNewCriticalAppears: a critical event that arrives during the
// session shows on the first row at the next poll, with no key pressed.
func TestNewCriticalAppears(t *testing.T) {
	srv := busyBackend(t)
	term := busyDashboard(t, srv, "--refresh", "2s")
	putCritical(t, srv.URL, "synth-new", "synth-check-new")
	screen := term.WaitFor("3001 events")
	if entity, check := firstRow(t, screen); entity != "synth-new" || check != "synth-check-new" {
		t.Fatalf("the first row is %s/%s, want the new critical event:\n%s", entity, check, screen)
	}
}

// TestFilterThenSilence: after a filter, the silence dialog names the
// filtered list's first row.
func TestFilterThenSilence(t *testing.T) {
	srv := busyBackend(t)
	term := busyDashboard(t, srv, "--refresh", "1h")
	term.Keys("j", "j", "j")
	term.Keys("/")
	term.Type("'synth-017")
	term.Keys("Enter")
	screen := term.WaitFor("filter: 'synth-017", "100 of 3000 events")
	entity, check := firstRow(t, screen)
	if entity != "synth-017" {
		t.Fatalf("the first filtered row is %s/%s:\n%s", entity, check, screen)
	}
	term.Keys("s")
	term.WaitFor("Silence "+entity+"/"+check, "why (required)")
}

// TestGrantThenRevoke: after granting a key, x names the new key, not the
// one the session logged in with.
func TestGrantThenRevoke(t *testing.T) {
	b := slowBackend(t)
	term, _ := keyedDashboard(t, b, grantKey(t, b))
	term.WaitFor("[1 events]", "3000 events")
	term.Keys("3")
	term.WaitFor("[3 apikeys]", "1 API key")
	term.Keys("g")
	term.WaitFor("Grant an API key", "viewer")
	term.Type("viewer")
	term.Keys("Enter")
	term.WaitFor(`Grant a new API key to user "viewer"?`)
	term.Keys("y")
	term.WaitFor("New key for viewer")
	term.Keys("Enter")
	term.WaitFor("2 API keys")
	term.Keys("x")
	screen := term.WaitFor("Revoke API key")
	if !strings.Contains(screen, `of user "viewer"`) || strings.Contains(screen, "this session uses") {
		t.Fatalf("the revoke dialog does not name the new key:\n%s", screen)
	}
}

// TestResolveThenSwitch: the result of a resolve confirmed just before
// switching views shows on the view switched to.
func TestResolveThenSwitch(t *testing.T) {
	srv := busyBackend(t)
	term := busyDashboard(t, srv, "--refresh", "1h")
	entity, check := firstRow(t, term.Screen())
	term.Keys("R")
	term.WaitFor("Resolve " + entity + "/" + check)
	term.Type("y2") // in one read: the view changes before the answer comes
	term.WaitFor("[2 checks]", "Resolved default/"+entity+"/"+check)
}
