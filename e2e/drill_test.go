package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// backendEvents asks the backend itself which events an entity has.
func backendEvents(t *testing.T, b *fakebackend.Backend, entity string) []string {
	t.Helper()
	var events []client.Event
	asAdmin(t, client.Config{URL: "https://sensu.invalid", Transport: &fakebackend.Transport{Handler: b}},
		"/api/core/v2/namespaces/default/events/"+entity, &events)
	checks := make([]string, len(events))
	for i, e := range events {
		checks[i] = e.Check.Metadata.Name
	}
	slices.Sort(checks)
	return checks
}

// TestEnterOnEntityListsItsEvents: enter on an entity lists exactly the
// events the backend has for it, and esc comes back to the entity.
func TestEnterOnEntityListsItsEvents(t *testing.T) {
	term, backend, _ := dashboard(t)
	const entity = "web-006"
	want := backendEvents(t, backend, entity)
	if len(want) < 2 {
		t.Fatalf("%s has events %v: the test needs more", entity, want)
	}
	term.Keys("4")
	term.WaitFor("[4 entities]", "NOT OK", "updated")
	term.Keys("/")
	term.Type("'" + entity)
	term.Keys("Enter")
	term.WaitFor("filter: '"+entity, "1 of ")
	term.Keys("Enter")
	screen := term.settled("[1 events]", "filter: f:event.entity.name == "+entity, "updated")

	var got []string
	for _, row := range rows(t, screen) {
		e, check, _ := strings.Cut(row, "/")
		if e != entity {
			t.Fatalf("a row that is not an event of %s:\n%s", entity, screen)
		}
		got = append(got, check)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("the screen lists %v for %s, the backend has %v:\n%s", got, entity, want, screen)
	}

	term.Keys("Escape")
	screen = term.WaitFor("[4 entities]", "filter: '"+entity)
	if row := strings.Split(screen, "\n")[3]; !strings.HasPrefix(row, ">") || !strings.Contains(row, entity) {
		t.Fatalf("back on the entities, the cursor is not on %s:\n%s", entity, screen)
	}
}

// TestResolveFromEventDetail: R on an event's detail page opens the
// resolve dialog naming that event, and y resolves it.
func TestResolveFromEventDetail(t *testing.T) {
	term, backend, _ := dashboard(t)
	const check = "disk-usage"
	term.only(check)
	row := strings.Fields(strings.Split(term.Screen(), "\n")[3])
	i := slices.Index(row, check)
	if row[0] != ">" || i < 1 {
		t.Fatalf("no selected %s event on the first row:\n%s", check, term.Screen())
	}
	entity := row[i-1]
	term.Keys("Enter")
	term.WaitFor("default/"+entity+"/"+check, "Last OK:")
	term.Keys("R")
	term.WaitFor("Resolve "+entity+"/"+check, "Resolve 1 event?")
	term.Keys("y")
	term.WaitFor("Resolved default/" + entity + "/" + check)
	if e, ok := storedEvent(t, backend, entity, check); !ok || e.Check.Status != client.StatusOK {
		t.Fatalf("%s/%s is not resolved on the backend (status %d)", entity, check, e.Check.Status)
	}
}

// TestQuitOnDetailReturnsToList: q on a detail page returns to the list,
// and the dashboard runs on.
func TestQuitOnDetailReturnsToList(t *testing.T) {
	term, _, _ := dashboard(t)
	term.Keys("Enter")
	term.WaitFor("Last OK:", "Executed:")
	term.Keys("q")
	screen := term.WaitFor("STATUS", "HISTORY", "ENTITY")
	term.requireAlive()
	if strings.Contains(screen, "Last OK:") {
		t.Fatalf("the detail page is still open:\n%s", screen)
	}
	term.Keys("2")
	term.WaitFor("[2 checks]", "updated")
	term.requireAlive()
}
