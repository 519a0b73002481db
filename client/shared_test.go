package client_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// sharedBackend is a fake backend whose keys are granted up front, with a
// count of the API requests that reach it.
type sharedBackend struct {
	tr      *fakebackend.Transport
	keys    []string
	graphQL atomic.Int64 // requests to /graphql
}

func newSharedBackend(t *testing.T, keys int) *sharedBackend {
	t.Helper()
	b := fakebackend.New(fakebackend.Options{Events: 3000})
	sb := &sharedBackend{tr: &fakebackend.Transport{Handler: b}}
	sb.tr.Observe = func(r *http.Request) {
		if r.URL.Path == "/graphql" {
			sb.graphQL.Add(1)
		}
	}
	admin := sb.client(t, nil, "")
	if err := admin.Login(context.Background(), fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	for range keys {
		k, err := admin.GrantAPIKey(context.Background(), fakebackend.AdminUser)
		if err != nil {
			t.Fatal(err)
		}
		sb.keys = append(sb.keys, k)
	}
	return sb
}

func (sb *sharedBackend) client(t *testing.T, shared *client.Shared, key string) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{URL: "https://sensu.example.com:8080", Transport: sb.tr, APIKey: key, Shared: shared})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// poll walks the events list the way a dashboard's poll does.
func poll(t *testing.T, c *client.Client) int {
	t.Helper()
	n := 0
	err := client.Walk(context.Background(), c, client.Events, client.ListOptions{FirstPageSize: 500, PageSize: 500},
		func(page []*client.EventSummary) error {
			n += len(page)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSharedPolls: eight dashboards with one identity cost the backend the
// requests of one; with their own keys each pays its own.
func TestSharedPolls(t *testing.T) {
	tests := map[string]struct {
		sameKey bool
		want    func(one int64) int64
	}{
		"one key":    {true, func(one int64) int64 { return one }},
		"eight keys": {false, func(one int64) int64 { return 8 * one }},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			sb := newSharedBackend(t, 8)
			shared := client.NewShared(time.Minute, 0)
			before := sb.tr.APICalls()
			poll(t, sb.client(t, nil, sb.keys[0]))
			one := sb.tr.APICalls() - before

			before = sb.tr.APICalls()
			var wg sync.WaitGroup
			var events atomic.Int64
			for i := range 8 {
				key := sb.keys[0]
				if !tc.sameKey {
					key = sb.keys[i]
				}
				c := sb.client(t, shared, key)
				wg.Go(func() { events.Add(int64(poll(t, c))) })
			}
			wg.Wait()
			if got, want := sb.tr.APICalls()-before, tc.want(one); got != want {
				t.Fatalf("eight dashboards made %d requests, want %d (one makes %d)", got, want, one)
			}
			if events.Load() != 8*3000 {
				t.Fatalf("the dashboards saw %d events in all, want %d", events.Load(), 8*3000)
			}
		})
	}
}

// TestSharedReadsExpire: an answer older than the poll interval is read
// again, and a change through any client is followed by fresh reads.
func TestSharedReadsExpire(t *testing.T) {
	sb := newSharedBackend(t, 1)
	now := time.Unix(1_800_000_000, 0)
	var mu sync.Mutex
	shared := client.NewShared(10*time.Second, 0)
	client.SetSharedClock(shared, func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	a, b := sb.client(t, shared, sb.keys[0]), sb.client(t, shared, sb.keys[0])

	count := func(f func()) int64 {
		before := sb.tr.APICalls()
		f()
		return sb.tr.APICalls() - before
	}
	first := count(func() { poll(t, a) })
	if n := count(func() { poll(t, b) }); n != 0 {
		t.Fatalf("a poll right after another made %d requests, want 0", n)
	}
	advance(11 * time.Second)
	if n := count(func() { poll(t, b) }); n != first {
		t.Fatalf("a poll after the interval made %d requests, want %d", n, first)
	}
	if err := a.DeleteEvent(context.Background(), "default", "synth-000", "synth-check-000"); err != nil {
		t.Fatal(err)
	}
	var seen int
	if n := count(func() { seen = poll(t, b) }); n != first || seen != 2999 {
		t.Fatalf("after a delete the poll made %d requests and saw %d events, want %d and 2999", n, seen, first)
	}
}

// TestSharedIsBounded: answers past the size bound are dropped, oldest first.
func TestSharedIsBounded(t *testing.T) {
	sb := newSharedBackend(t, 1)
	shared := client.NewShared(time.Minute, 1) // smaller than any page
	a, b := sb.client(t, shared, sb.keys[0]), sb.client(t, shared, sb.keys[0])
	before := sb.tr.APICalls()
	poll(t, a)
	one := sb.tr.APICalls() - before
	poll(t, b)
	if got := sb.tr.APICalls() - before; got != 2*one {
		t.Fatalf("with no room to keep answers two polls made %d requests, want %d", got, 2*one)
	}
}

// TestSharedGraphQLQueries: a GraphQL query reads, so its answer is shared
// like a GET's.
func TestSharedGraphQLQueries(t *testing.T) {
	sb := newSharedBackend(t, 1)
	shared := client.NewShared(time.Minute, 0)
	for range 4 {
		c := sb.client(t, shared, sb.keys[0])
		if _, err := c.EventCounts(context.Background(), "default"); err != nil {
			t.Fatal(err)
		}
	}
	if got := sb.graphQL.Load(); got != 1 {
		t.Fatalf("four clients asking for the same counts made %d requests, want 1", got)
	}
}
