package e2e

import (
	"net/http"
	"net/http/httptest"
	"slices"
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
func busyBackend(t *testing.T) (*fakebackend.Backend, *httptest.Server) {
	t.Helper()
	b := slowBackend(t)
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	return b, srv
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

// rows are the entity and check of every row on screen, read under the
// header's ENTITY and CHECK.
func rows(t *testing.T, screen string) []string {
	t.Helper()
	lines := strings.Split(screen, "\n")
	header := lines[2]
	at := func(title string) int {
		i := strings.Index(header, title)
		if i < 0 {
			t.Fatalf("no %s column:\n%s", title, screen)
		}
		return len([]rune(header[:i]))
	}
	entity, check := at("ENTITY"), at("CHECK")
	var out []string
	for _, line := range lines[3:] {
		row := []rune(line)
		if len(row) <= check || strings.TrimSpace(string(row[:2])) == "?" {
			break
		}
		out = append(out, strings.Fields(string(row[entity:]) + " ")[0]+"/"+strings.Fields(string(row[check:]) + " ")[0])
	}
	return out
}

// firstRow is the entity and check on the first row of the list, which
// must be the selected one.
func firstRow(t *testing.T, screen string) (entity, check string) {
	t.Helper()
	if !strings.HasPrefix(strings.Split(screen, "\n")[3], ">") {
		t.Fatalf("the first row is not the selected one:\n%s", screen)
	}
	all := rows(t, screen)
	if len(all) == 0 {
		t.Fatalf("no rows:\n%s", screen)
	}
	entity, check, _ = strings.Cut(all[0], "/")
	return entity, check
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
			b := slowBackend(t)
			srv := httptest.NewServer(wrap(b))
			t.Cleanup(srv.Close)
			putCritical(t, b, "zz-late", "late-check")
			term := busyDashboard(t, srv, "--refresh", "1h")
			before := term.WaitFor("3001 events")
			if entity, _ := firstRow(t, before); entity != "zz-late" {
				t.Fatalf("the first row is %s, want the newest incident:\n%s", entity, before)
			}
			term.Keys("g")
			after := term.Screen()
			// The rows, not their ages, which tick on with the clock.
			if !slices.Equal(rows(t, before), rows(t, after)) || !strings.HasPrefix(strings.Split(after, "\n")[3], ">") {
				t.Fatalf("g changed the screen after the full load:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// putCritical stores a new critical event, as an agent would send it, for
// a check that passed until now: the severity order puts the most recently
// OK first among the critical events.
func putCritical(t *testing.T, b *fakebackend.Backend, entity, check string) {
	t.Helper()
	now := time.Now().Unix() + 60 // newer than anything seeded
	for _, status := range []uint32{client.StatusOK, client.StatusCritical} {
		if err := b.SendResult("default", entity, check, status, now); err != nil {
			t.Fatal(err)
		}
	}
}

// TestNewCriticalAppears: a critical event that arrives during the
// session shows on the first row at the next poll, with no key pressed.
func TestNewCriticalAppears(t *testing.T) {
	b, srv := busyBackend(t)
	term := busyDashboard(t, srv, "--refresh", "2s")
	putCritical(t, b, "synth-new", "synth-check-new")
	screen := term.WaitFor("3001 events")
	if entity, check := firstRow(t, screen); entity != "synth-new" || check != "synth-check-new" {
		t.Fatalf("the first row is %s/%s, want the new critical event:\n%s", entity, check, screen)
	}
}

// TestFilterThenSilence: after a filter, the silence dialog names the
// filtered list's first row.
func TestFilterThenSilence(t *testing.T) {
	_, srv := busyBackend(t)
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
	_, srv := busyBackend(t)
	term := busyDashboard(t, srv, "--refresh", "1h")
	entity, check := firstRow(t, term.Screen())
	term.Keys("R")
	term.WaitFor("Resolve " + entity + "/" + check)
	term.Type("y2") // in one read: the view changes before the answer comes
	term.WaitFor("[2 checks]", "Resolved default/"+entity+"/"+check)
}
