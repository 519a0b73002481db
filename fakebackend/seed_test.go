package fakebackend_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

var everything = []string{"/api/core/v2/events", "/api/core/v2/entities", "/api/core/v2/checks", "/api/core/v2/silenced", "/api/core/v2/namespaces"}

func dump(t *testing.T, f *fixture) []byte {
	t.Helper()
	var all bytes.Buffer
	for _, path := range everything {
		r := f.get(path)
		expectStatus(t, r, 200)
		all.Write(r.body)
	}
	return all.Bytes()
}

func TestSeedIsDeterministic(t *testing.T) {
	for _, opts := range []fakebackend.Options{{Seed: 7}, {Seed: 7, Recorded: true}, {Seed: 7, Events: 2500}} {
		a, b := dump(t, start(t, opts)), dump(t, start(t, opts))
		if !bytes.Equal(a, b) {
			t.Errorf("%+v: two backends with the same seed differ", opts)
		}
		opts.Seed = 8
		if c := dump(t, start(t, opts)); bytes.Equal(a, c) {
			t.Errorf("%+v: seeds 7 and 8 gave the same data", opts)
		}
	}
}

func TestSeedZeroMeansOne(t *testing.T) {
	if !bytes.Equal(dump(t, start(t, fakebackend.Options{})), dump(t, start(t, fakebackend.Options{Seed: 1}))) {
		t.Error("Seed 0 differs from Seed 1")
	}
}

type eventFacts struct {
	Check struct {
		Status     uint32 `json:"status"`
		State      string `json:"state"`
		Output     string `json:"output"`
		IsSilenced bool   `json:"is_silenced"`
		History    []any  `json:"history"`
		Executed   int64  `json:"executed"`
	} `json:"check"`
	Entity struct {
		EntityClass string `json:"entity_class"`
	} `json:"entity"`
	Timestamp int64 `json:"timestamp"`
}

func TestRealisticSeed(t *testing.T) {
	f := start(t, fakebackend.Options{})
	var events []eventFacts
	decode(t, f.get("/api/core/v2/events").body, &events)
	statuses, states := map[uint32]int{}, map[string]int{}
	silenced, multiline, longest := 0, 0, 0
	now := f.clock.Now().Unix()
	for _, e := range events {
		statuses[e.Check.Status]++
		states[e.Check.State]++
		if e.Check.IsSilenced {
			silenced++
		}
		if strings.Count(e.Check.Output, "\n") > 1 {
			multiline++
		}
		longest = max(longest, len(e.Check.History))
		if e.Check.Executed > now || e.Check.Executed < now-3600 {
			t.Errorf("executed %d is not shortly before the clock %d", e.Check.Executed, now)
		}
	}
	for _, s := range []uint32{0, 1, 2, 3, 127} {
		if statuses[s] == 0 {
			t.Errorf("no event with status %d: %v", s, statuses)
		}
	}
	for _, s := range []string{"passing", "failing", "flapping"} {
		if states[s] == 0 {
			t.Errorf("no %s event: %v", s, states)
		}
	}
	if silenced == 0 || multiline == 0 || longest != 21 {
		t.Errorf("silenced %d, multi-line %d, longest history %d", silenced, multiline, longest)
	}
	entities := len(f.get("/api/core/v2/entities").list(t))
	if entities < 250 || entities > 350 {
		t.Errorf("%d entities, want a few hundred", entities)
	}
	if n := len(f.get("/api/core/v2/namespaces/staging/events").list(t)); n != 0 {
		t.Errorf("staging has %d events, want none", n)
	}
	checks := f.get("/api/core/v2/namespaces/default/checks").names(t)
	for _, c := range []string{"check-ok", "check-warn", "check-crit", "check-unknown", "disk-usage", "http-endpoint"} {
		if !contains(checks, c) {
			t.Errorf("no check %s in %v", c, checks)
		}
	}
	if n := len(f.get("/api/core/v2/silenced").list(t)); n < 2 {
		t.Errorf("%d silences, want a couple", n)
	}
}

func TestSyntheticEvents(t *testing.T) {
	f := start(t, fakebackend.Options{Events: 1234})
	all, _ := walk(t, f, defaultEvents, "500")
	if len(all) != 1234 || all[0] != "synth-000/synth-check-000" || all[1233] != "synth-012/synth-check-033" {
		t.Fatalf("%d events, first %s, last %s", len(all), all[0], all[len(all)-1])
	}
	var e eventFacts
	raw, ok := f.backend.Event("default", "synth-003", "synth-check-042")
	if !ok {
		t.Fatal("Event helper found no synthetic event")
	}
	decode(t, raw, &e)
	if e.Entity.EntityClass != "proxy" || len(e.Check.History) != 1 || e.Timestamp != f.clock.Now().Unix() {
		t.Errorf("synthetic event %s", raw)
	}
	// Other namespaces keep their seeded events.
	if n := len(f.get("/api/core/v2/namespaces/dev/events").list(t)); n == 0 {
		t.Error("dev lost its events")
	}
	if capped := fakebackend.New(fakebackend.Options{Events: fakebackend.MaxEvents + 5}); capped == nil {
		t.Fatal("New returned nil")
	}
}
