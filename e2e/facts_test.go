package e2e

import (
	"encoding/json"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// TestVersion: --version prints the version and exits 0, without
// credentials or a terminal.
func TestVersion(t *testing.T) {
	out, err := exec.Command(binary, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("--version: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`^sensu-tui \S+\n$`).Match(out) {
		t.Fatalf("--version printed %q, want \"sensu-tui VERSION\"", out)
	}
}

func storedCheck(t *testing.T, b *fakebackend.Backend, name string) (client.Check, bool) {
	t.Helper()
	raw, ok := b.Check("default", name)
	if !ok {
		return client.Check{}, false
	}
	var c client.Check
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return c, true
}

// TestPublishCheck: u on the unpublished check-adhoc asks first; enter and
// n leave it alone, y publishes it.
func TestPublishCheck(t *testing.T) {
	term, backend, _ := dashboard(t)
	term.Keys("2")
	term.WaitFor("[2 checks]", "check-adhoc", "updated")
	term.Keys("u")
	term.WaitFor("Publish check-adhoc", "Sensu schedules")
	term.Keys("Enter", "n")
	term.waitGone("Sensu schedules")
	if c, _ := storedCheck(t, backend, "check-adhoc"); c.Publish {
		t.Fatal("enter or n published the check")
	}
	term.Keys("u")
	term.WaitFor("Publish check-adhoc")
	term.Keys("y")
	term.WaitFor("Published default/check-adhoc")
	if c, ok := storedCheck(t, backend, "check-adhoc"); !ok || !c.Publish {
		t.Fatalf("check-adhoc after publish: %+v", c)
	}
}

// TestDeleteEntity: ctrl+d on agent-1 names its events; esc leaves it, y
// deletes it and its events.
func TestDeleteEntity(t *testing.T) {
	term, backend, _ := dashboard(t)
	term.Keys("4")
	term.WaitFor("[4 entities]", "agent-1", "updated")
	term.Keys("C-d")
	term.WaitFor("Delete entity agent-1 from namespace default", "cannot be undone")
	term.Keys("Escape")
	term.waitGone("cannot be undone")
	if _, ok := backend.Entity("default", "agent-1"); !ok {
		t.Fatal("esc deleted the entity")
	}
	term.Keys("C-d")
	term.WaitFor("cannot be undone")
	term.Keys("y")
	term.WaitFor("Deleted default/agent-1")
	if _, ok := backend.Entity("default", "agent-1"); ok {
		t.Fatal("agent-1 still on the backend after delete")
	}
	if _, ok := storedEvent(t, backend, "agent-1", "keepalive"); ok {
		t.Fatal("agent-1's events outlived it")
	}
}

// waitGone waits up to 5 s until the screen no longer shows text.
func (term *terminal) waitGone(text string) {
	term.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for strings.Contains(term.Screen(), text) {
		if time.Now().After(deadline) {
			term.t.Fatalf("%q still on screen:\n%s", text, term.Screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
