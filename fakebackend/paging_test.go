package fakebackend_test

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

const defaultEvents = "/api/core/v2/namespaces/default/events"

// walk follows Sensu-Continue until it stops, returning every name seen.
func walk(t *testing.T, f *fixture, path string, limit string) (all []string, pages int) {
	t.Helper()
	token := ""
	for {
		q := url.Values{"limit": {limit}}
		if token != "" {
			q.Set("continue", token)
		}
		r := f.get(path + "?" + q.Encode())
		expectStatus(t, r, 200)
		all = append(all, r.names(t)...)
		pages++
		next := r.header.Get("Sensu-Continue")
		if next == "" {
			return all, pages
		}
		if next == token || pages > 10000 {
			t.Fatalf("token %q repeats", next)
		}
		token = next
	}
}

func TestPagingWalksEverythingOnceInOrder(t *testing.T) {
	f := start(t, fakebackend.Options{})
	all := f.get(defaultEvents).names(t)
	if len(all) < 500 {
		t.Fatalf("only %d seeded events in default", len(all))
	}
	if !slices.IsSorted(all) {
		t.Error("events are not in key order")
	}
	for _, limit := range []string{"1", "7", "500"} {
		got, _ := walk(t, f, defaultEvents, limit)
		if !slices.Equal(got, all) {
			t.Errorf("limit=%s walked %d events, want the %d of one request", limit, len(got), len(all))
		}
	}
}

func TestPagingExactlyFullLastPageHasNoToken(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	for path, total := range map[string]int{defaultEvents: 11, "/api/core/v2/namespaces/default/checks": 7} {
		full := f.get(path + "?limit=" + strconv.Itoa(total))
		if len(full.list(t)) != total || full.header.Get("Sensu-Continue") != "" {
			t.Errorf("%s limit=%d: %d items, token %q; want all and no token", path, total, len(full.list(t)), full.header.Get("Sensu-Continue"))
		}
		short := f.get(path + "?limit=" + strconv.Itoa(total-1))
		if short.header.Get("Sensu-Continue") == "" {
			t.Errorf("%s limit=%d: no token although one item remains", path, total-1)
		}
	}
}

func TestPagingNegativeLimitTokenNeverEnds(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	first := f.get(defaultEvents + "?limit=-1")
	token := first.header.Get("Sensu-Continue")
	if len(first.list(t)) != 11 || token == "" {
		t.Fatalf("limit=-1: %d items, token %q; want all 11 and a token", len(first.list(t)), token)
	}
	for range 3 {
		next := f.get(defaultEvents + "?limit=-1&continue=" + token)
		if len(next.list(t)) != 0 || next.header.Get("Sensu-Continue") != token {
			t.Fatalf("following limit=-1: %d items, token %q; want [] and %q again", len(next.list(t)), next.header.Get("Sensu-Continue"), token)
		}
	}
}

func TestPagingIgnoresWhatItCannotUse(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	first := f.get(defaultEvents + "?limit=2").names(t)
	garbage := f.get(defaultEvents + "?limit=2&continue=!!garbage!!").names(t)
	if !slices.Equal(first, garbage) {
		t.Errorf("undecodable token gave %v, want page 1 %v", garbage, first)
	}
	for _, limit := range []string{"0", "abc", ""} {
		r := f.get(defaultEvents + "?limit=" + limit)
		if len(r.list(t)) != 11 || r.header.Get("Sensu-Continue") != "" {
			t.Errorf("limit=%q: %d items, token %q; want everything", limit, len(r.list(t)), r.header.Get("Sensu-Continue"))
		}
	}
	// Selectors are ignored by the community edition.
	if n := len(f.get(defaultEvents + "?fieldSelector=event.check.status%3D%3D2").list(t)); n != 11 {
		t.Errorf("fieldSelector filtered to %d events", n)
	}
}

func TestPagingTokensPointPastTheLastKey(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	r := f.get(defaultEvents + "?limit=2")
	if got, want := r.header.Get("Sensu-Continue"), b64("agent-1/check-ok\x00"); got != want {
		t.Errorf("token %q, want %q", got, want)
	}
	// Any key works as a token: the page starts at the first key after it.
	r = f.get(defaultEvents + "?limit=2&continue=" + b64("agent-2/"))
	if got := r.names(t); !slices.Equal(got, []string{"agent-2/check-crit", "agent-2/check-false"}) {
		t.Errorf("page from agent-2/ = %v", got)
	}
	all := f.get("/api/core/v2/events?limit=2")
	if got, want := all.header.Get("Sensu-Continue"), b64("/default/agent-1/check-ok\x00"); got != want {
		t.Errorf("cross-namespace token %q, want %q", got, want)
	}
	entities := f.get("/api/core/v2/namespaces/default/entities?limit=1")
	want := b64(`{"ConfigContinue":"YWdlbnQtMQA=","StateContinue":"YWdlbnQtMQA="}`)
	if got := entities.header.Get("Sensu-Continue"); got != want {
		t.Errorf("entity token %q, want %q", got, want)
	}
	next := f.get("/api/core/v2/namespaces/default/entities?limit=1&continue=" + want)
	if got := next.names(t); !slices.Equal(got, []string{"agent-2"}) || next.header.Get("Sensu-Continue") != "" {
		t.Errorf("entity page 2 = %v, token %q", got, next.header.Get("Sensu-Continue"))
	}
}

func TestPagingAcrossNamespacesOrdersByNamespace(t *testing.T) {
	f := start(t, fakebackend.Options{})
	all, pages := walk(t, f, "/api/core/v2/events", "100")
	if pages < 5 {
		t.Fatalf("only %d pages", pages)
	}
	var perNamespace []string
	for _, ns := range []string{"default", "dev", "prod-eu", "sensu-system", "staging"} {
		perNamespace = append(perNamespace, f.get("/api/core/v2/namespaces/"+ns+"/events").names(t)...)
	}
	if !slices.Equal(all, perNamespace) {
		t.Errorf("cross-namespace walk gave %d events, namespaces one by one %d", len(all), len(perNamespace))
	}
}

func TestSilencedListIgnoresLimit(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	for _, sub := range []string{"linux", "web", "db"} {
		expectStatus(t, f.as("POST", "/api/core/v2/namespaces/default/silenced", `{"subscription":"`+sub+`","check":"check-ok"}`), 201)
	}
	r := f.get("/api/core/v2/namespaces/default/silenced?limit=2")
	if len(r.list(t)) != 3 || r.header.Get("Sensu-Continue") != "" {
		t.Errorf("silenced?limit=2: %d items, token %q; want all 3, no token", len(r.list(t)), r.header.Get("Sensu-Continue"))
	}
}

func TestEventsOfOneEntity(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	got := f.get(defaultEvents + "/agent-1").names(t)
	want := []string{"agent-1/check-false", "agent-1/check-ok", "agent-1/check-unknown", "agent-1/check-warn", "agent-1/keepalive"}
	if !slices.Equal(got, want) {
		t.Errorf("events of agent-1 = %v", got)
	}
	if n := len(f.get(defaultEvents + "/nobody").list(t)); n != 0 {
		t.Errorf("events of an unknown entity: %d", n)
	}
}

// TestLargePagesAreQuick samples pages of 500 out of 100,000 events: the
// first, one in the middle and the last, which holds the remaining 12.
func TestLargePagesAreQuick(t *testing.T) {
	f := start(t, fakebackend.Options{Events: fakebackend.MaxEvents})
	for _, c := range []struct {
		after       string // key the page continues after
		first, last string
		more        bool
	}{
		{"", "synth-000/synth-check-000", "synth-004/synth-check-099", true},
		{"synth-499/synth-check-099", "synth-500/synth-check-000", "synth-504/synth-check-099", true},
		{"synth-999/synth-check-087", "synth-999/synth-check-088", "synth-999/synth-check-099", false},
	} {
		path := defaultEvents + "?limit=500"
		if c.after != "" {
			path += "&continue=" + b64(c.after+"\x00")
		}
		began := time.Now()
		r := f.get(path)
		elapsed := time.Since(began)
		got := r.names(t)
		if got[0] != c.first || got[len(got)-1] != c.last || (r.header.Get("Sensu-Continue") != "") != c.more {
			t.Errorf("page after %q: %s .. %s (%d), more %v", c.after, got[0], got[len(got)-1], len(got), !c.more)
		}
		if elapsed > time.Second {
			t.Errorf("page after %q took %v", c.after, elapsed)
		}
	}
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
