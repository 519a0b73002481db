package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// eventTexts is what the filter may find each event by: its names, its
// labels and its output, lower-cased, keyed entity/check.
func eventTexts(t *testing.T, b *fakebackend.Backend) map[string]string {
	t.Helper()
	c, err := client.New(client.Config{URL: "https://sensu.example.com", Transport: &fakebackend.Transport{Handler: b}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	events, err := client.ListAll[client.Event](ctx, c, client.Events, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, e := range events {
		var b strings.Builder
		b.WriteString(e.Entity.Metadata.Name + " " + e.Check.Metadata.Name + " " + e.Check.Output)
		for k, v := range e.Entity.Metadata.Labels {
			b.WriteString(" " + k + "=" + v)
		}
		for k, v := range e.Check.Metadata.Labels {
			b.WriteString(" " + k + "=" + v)
		}
		texts[e.Entity.Metadata.Name+"/"+e.Check.Metadata.Name] = strings.ToLower(b.String())
	}
	return texts
}

// TestTwoWordFilter: two words that each match many events find the one
// event both match. The prompt shows the syntax while typing, and esc on
// the list clears the filter again.
func TestTwoWordFilter(t *testing.T) {
	term, backend, _ := dashboard(t)
	const first, second = "028", "redis"
	// Checked against the fake's data, not the dashboard's own matching.
	texts := eventTexts(t, backend)
	var both []string
	counts := map[string]int{}
	for key, text := range texts {
		for _, w := range []string{first, second} {
			if strings.Contains(text, w) {
				counts[w]++
			}
		}
		if strings.Contains(text, first) && strings.Contains(text, second) {
			both = append(both, key)
		}
	}
	if counts[first] < 5 || counts[second] < 5 || len(both) != 1 || both[0] != "cache-028/redis-ping" {
		t.Fatalf("the data no longer fits the test: %q matches %d, %q %d, both %v", first, counts[first], second, counts[second], both)
	}

	t.Logf("%q matches %d events, %q %d, both %v", first, counts[first], second, counts[second], both)

	term.Keys("/")
	term.WaitFor("words must all match", "'exact", "enter keep the filter")
	term.Type(first + " " + second)
	term.Keys("Enter")
	screen := term.WaitUntil("the one event", func(s string) bool {
		return strings.Contains(s, "filter: "+first+" "+second) && strings.Contains(s, "1 of 615 events") && !loading(s)
	})
	if got := rows(t, screen); len(got) != 1 || got[0] != "cache-028/redis-ping" {
		t.Fatalf("rows %v shown, want only cache-028/redis-ping:\n%s", got, screen)
	}

	term.Keys("Escape")
	term.WaitUntil("every event again, without the filter", func(s string) bool {
		return strings.Contains(s, "615 events") && !strings.Contains(s, "of 615") && !strings.Contains(s, "filter:") && !loading(s)
	})
}
