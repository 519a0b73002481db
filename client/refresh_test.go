package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// simClock is a clock the test moves by hand, shared by the client and the
// fake backend.
type simClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *simClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// TestRefreshesScaleWithTheTokenLifetime polls for a simulated minute, a
// request every 300 ms, and counts token refreshes. The refresh margin is a
// third of the token's lifetime, at most 15 s: a lifetime at or under 15 s
// must not make every request refresh first, and no request may meet an
// expired token.
func TestRefreshesScaleWithTheTokenLifetime(t *testing.T) {
	tests := []struct {
		lifetime time.Duration
		most     int // refreshes in the minute
	}{
		{3 * time.Second, 31},  // a refresh every 2 s
		{10 * time.Second, 12}, // at most one per 5 s of polling
		{15 * time.Second, 6},  // every 10 s
		{30 * time.Second, 4},  // every 15 s
		{5 * time.Minute, 0},
	}
	const step, minute = 300 * time.Millisecond, time.Minute
	for _, tc := range tests {
		t.Run(tc.lifetime.String(), func(t *testing.T) {
			clock := &simClock{now: time.Unix(1_700_000_000, 0)}
			backend := fakebackend.New(fakebackend.Options{TokenLifetime: tc.lifetime, Now: clock.Now})
			var unauthorised atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec := &statusRecorder{ResponseWriter: w}
				backend.ServeHTTP(rec, r)
				if rec.status == http.StatusUnauthorized {
					unauthorised.Add(1)
				}
			}))
			defer srv.Close()
			c := newClient(t, client.Config{URL: srv.URL, Now: clock.Now})
			ctx := context.Background()
			if err := c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
				t.Fatal(err)
			}
			requests := 0
			for elapsed := time.Duration(0); elapsed < minute; elapsed += step {
				if _, err := client.ListAll[client.Check](ctx, c, client.Checks, client.ListOptions{}); err != nil {
					t.Fatalf("after %s: %v", elapsed, err)
				}
				requests++
				clock.advance(step)
			}
			refreshes := backend.RefreshCount()
			t.Logf("lifetime %s: %d refreshes for %d requests in a simulated minute", tc.lifetime, refreshes, requests)
			if refreshes > tc.most {
				t.Errorf("%d refreshes in a minute, want at most %d", refreshes, tc.most)
			}
			if tc.lifetime < minute && refreshes == 0 {
				t.Error("no refresh in a minute, though the token lived less")
			}
			if n := unauthorised.Load(); n > 0 {
				t.Errorf("%d requests met an expired token: the refresh came too late", n)
			}
		})
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}
