package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// recorder remembers every request the dashboard sends to the backend.
type recorder struct {
	next http.Handler
	mu   sync.Mutex
	seen []string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	seen := req.Method + " " + req.URL.Path
	if req.URL.Path == "/graphql" {
		// A GraphQL query reads; a mutation changes.
		body, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		var op struct{ Query string }
		json.Unmarshal(body, &op)
		seen += " " + strings.Fields(op.Query + " query")[0]
	}
	r.mu.Lock()
	r.seen = append(r.seen, seen)
	r.mu.Unlock()
	r.next.ServeHTTP(w, req)
}

// mutations are the recorded requests that could change the server.
func (r *recorder) mutations() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, s := range r.seen {
		if !strings.HasPrefix(s, "GET ") && !strings.HasPrefix(s, "POST /auth") && s != "POST /graphql query" {
			out = append(out, s)
		}
	}
	return out
}

// dashboard runs the binary against an in-process fake backend, logged in
// through sensuctl's environment variables, and waits for the events.
func dashboard(t *testing.T, args ...string) (*terminal, *fakebackend.Backend, *recorder) {
	t.Helper()
	requireTmux(t)
	backend := fakebackend.New(fakebackend.Options{})
	rec := &recorder{next: backend}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "TERM=xterm-256color", "LANG=C.UTF-8",
		"SENSU_API_URL=" + srv.URL, "SENSU_USERNAME=admin", "SENSU_PASSWORD='" + fakebackend.AdminPassword + "'"}
	term := newTerminal(t, 120, 40, env, args...)
	term.WaitFor("[1 events]", "CRIT", "updated")
	return term, backend, rec
}

// only narrows the events to one check with an exact filter, and waits
// for the walk a filter starts to finish.
func (term *terminal) only(check string) {
	term.Keys("/")
	term.Type("'" + check)
	term.Keys("Enter")
	term.settled("filter: '" + check)
}

// settled waits until the screen shows every one of wants and no load is
// in flight, as after a filter or a drill-down, which may walk the list.
func (term *terminal) settled(wants ...string) string {
	term.t.Helper()
	return term.WaitUntil(fmt.Sprintf("%q, loaded", wants), func(s string) bool {
		for _, w := range wants {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return !loading(s)
	})
}

// loading reports whether the header says a load is in flight.
func loading(screen string) bool {
	lines := strings.Split(screen, "\n")
	return len(lines) < 2 || strings.Contains(lines[1], "loading")
}

func storedEvent(t *testing.T, b *fakebackend.Backend, entity, check string) (client.Event, bool) {
	t.Helper()
	raw, ok := b.Event("default", entity, check)
	if !ok {
		return client.Event{}, false
	}
	var e client.Event
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatal(err)
	}
	return e, true
}

func TestResolveMarkedEvents(t *testing.T) {
	term, backend, _ := dashboard(t)
	term.only("check-false")
	term.Keys("g", "Space", "Space")
	term.WaitFor("2 marked")
	term.Keys("R")
	term.WaitFor("Resolve", "Resolve 2 events?")
	term.Keys("Enter") // not a yes
	for _, entity := range []string{"agent-1", "agent-2"} {
		if e, _ := storedEvent(t, backend, entity, "check-false"); e.Check.Status == 0 {
			t.Fatal("enter resolved an event")
		}
	}
	term.Keys("y")
	term.WaitFor("Resolved")
	for _, entity := range []string{"agent-1", "agent-2"} {
		e, ok := storedEvent(t, backend, entity, "check-false")
		if !ok || e.Check.Status != 0 || e.Check.Output != "Resolved manually by sensu-tui" {
			t.Fatalf("%s/check-false after resolve: %+v", entity, e.Check)
		}
	}
}

func TestSilenceWithReasonAndExpiry(t *testing.T) {
	term, backend, _ := dashboard(t)
	term.only("check-warn")
	term.Keys("s")
	term.WaitFor("Silence agent-1/check-warn", "Reason")
	term.Keys("Enter")
	term.WaitFor("A reason is required")
	term.Type("disk swap tonight")
	term.Keys("Tab", "Tab") // reason -> scope -> duration
	term.Keys("Right")      // 1h -> 4h
	term.Keys("Enter")
	term.WaitFor("Create silence entity:agent-1:check-warn", "For 4h.", "Reason: disk swap tonight")
	term.Keys("y")
	term.WaitFor("Created silence")
	raw, ok := backend.Silence("default", "entity:agent-1:check-warn")
	if !ok {
		t.Fatal("no silence on the backend")
	}
	var s client.Silence
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	if s.Reason != "disk swap tonight" || s.Expire != 4*3600 || s.ExpireAt != s.Begin+4*3600 || s.Creator != "admin" {
		t.Fatalf("silence stored as %+v", s)
	}
}

func TestRerunOnAllSubscriptions(t *testing.T) {
	term, backend, _ := dashboard(t)
	term.only("check-warn")
	term.Keys("e")
	term.WaitFor("Re-run agent-1/check-warn", "on entity:agent-1")
	term.Keys("Down")
	term.WaitFor("Run check-warn (namespace default) on web.")
	term.Keys("y")
	term.WaitFor("Asked to run check-warn")
	requests := backend.ExecuteRequests()
	if len(requests) != 1 || requests[0].Check != "check-warn" || !slices.Equal(requests[0].Subscriptions, []string{"web"}) {
		t.Fatalf("backend saw %+v", requests)
	}
}

func TestDeleteEvent(t *testing.T) {
	term, backend, _ := dashboard(t)
	term.only("check-unknown")
	// A new filter puts the cursor on its first row.
	entity, check := firstRow(t, term.Screen())
	if check != "check-unknown" {
		t.Fatalf("the first row is %s/%s", entity, check)
	}
	term.Keys("C-d")
	term.WaitFor("Delete "+entity+"/check-unknown", "cannot be undone")
	term.Keys("n")
	if _, ok := storedEvent(t, backend, entity, "check-unknown"); !ok {
		t.Fatal("n deleted the event")
	}
	term.Keys("C-d")
	term.WaitFor("Delete " + entity + "/check-unknown")
	term.Keys("y")
	term.WaitFor("Deleted")
	if _, ok := storedEvent(t, backend, entity, "check-unknown"); ok {
		t.Fatal("the event is still on the backend")
	}
}

func TestClearSilence(t *testing.T) {
	term, backend, _ := dashboard(t)
	term.Keys("5")
	term.WaitFor("[5 silences]", "entity:db-007:*")
	term.Keys("/")
	term.Type("'db-007")
	term.Keys("Enter")
	term.Keys("x")
	term.WaitFor("Clear entity:db-007:*", "Clear 1 silence")
	term.Keys("y")
	term.WaitFor("Cleared")
	if _, ok := backend.Silence("default", "entity:db-007:*"); ok {
		t.Fatal("the silence is still on the backend")
	}
}

// TestReadOnlySendsNoChange tries every mutating key and proves nothing
// but reads left the dashboard.
func TestReadOnlySendsNoChange(t *testing.T) {
	term, _, rec := dashboard(t, "--read-only")
	term.WaitFor("READ-ONLY")
	for _, k := range []string{"R", "s", "e", "C-d"} {
		term.Keys(k)
		term.WaitFor("Read-only mode")
		term.Keys("y")
	}
	screen := term.WaitFor("Read-only mode")
	for _, hidden := range []string{"R resolve", "s silence"} {
		if strings.Contains(screen, hidden) {
			t.Fatalf("help lists %q in read-only mode:\n%s", hidden, screen)
		}
	}
	term.Keys("3")
	term.WaitFor("[3 apikeys]")
	term.Keys("g")
	term.WaitFor("grant key is switched off")
	term.Keys("5")
	term.WaitFor("[5 silences]", "entity:db-007:*")
	term.Keys("x")
	term.WaitFor("clear silence is switched off")
	term.Keys("y")
	if got := rec.mutations(); len(got) != 0 {
		t.Fatalf("read-only mode sent %v", got)
	}
}

// TestAllNamespacesAndBack switches to every namespace and back with :ns.
func TestAllNamespacesAndBack(t *testing.T) {
	term, _, _ := dashboard(t)
	term.Keys("N")
	term.WaitFor("Namespace", "* all namespaces", "prod-eu")
	term.Keys("Enter")
	term.WaitFor("ns:*all*", "NAMESPACE", "prod-eu")
	term.Keys(":")
	term.Type("ns dev")
	term.Keys("Enter")
	screen := term.WaitFor("ns:dev", "agent-dev-1")
	if strings.Contains(screen, "NAMESPACE") {
		t.Fatalf("the namespace column stayed:\n%s", screen)
	}
}
