package views

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// requestLog records the paths a view's requests go to.
type requestLog struct {
	mu    sync.Mutex
	paths []string
}

func (l *requestLog) observe(r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.paths = append(l.paths, r.URL.Path)
}

// since is the paths requested after the first n, and how many there are now.
func (l *requestLog) since(n int) ([]string, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.paths[n:]...), len(l.paths)
}

func (l *requestLog) count(path string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, p := range l.paths {
		if strings.HasSuffix(p, path) {
			n++
		}
	}
	return n
}

// observedFake is a fake backend whose requests are logged, behind handler
// when one is given.
func observedFake(t *testing.T, opts fakebackend.Options, cfg client.Config, handler func(*fakebackend.Backend) http.Handler) (*viewFake, *requestLog) {
	t.Helper()
	f := newViewFake(t, opts)
	log := &requestLog{}
	var h http.Handler = f.b
	if handler != nil {
		h = handler(f.b)
	}
	tokens := f.c.CurrentTokens()
	cfg.URL, cfg.Now, cfg.Tokens = "https://sensu.example.com:8080", fixedViewNow, &tokens
	cfg.Transport = &fakebackend.Transport{Handler: h, Observe: log.observe}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.c = c
	return f, log
}

// TestPollsAskForAWindow: the events view as it opens polls GraphQL for
// the rows on screen and the counts, and never walks the list.
func TestPollsAskForAWindow(t *testing.T) {
	t.Parallel()
	f, log := observedFake(t, fakebackend.Options{Events: 3000}, client.Config{}, nil)
	r, _, st := runEvents(t, f.env(50*time.Millisecond))
	r.waitFor("the window", func() bool { return st.loaded })
	_, first := log.since(0)
	r.waitFor("three polls", func() bool { _, n := log.since(0); return n >= first+6 })
	polls, _ := log.since(first)
	for _, p := range polls[:6] {
		if p != "/graphql" {
			t.Fatalf("a poll asked for %s; every poll should ask GraphQL only: %v", p, polls)
		}
	}
	r.locked(func() {
		if !st.window || len(st.items) >= 3000 || len(st.items) < st.height {
			t.Errorf("window on %v with %d rows: want a window of the rows on screen and a margin", st.window, len(st.items))
		}
	})
	r.waitText("1/3000 ", "3000 events")
}

// TestWindowAndWalk: what GraphQL cannot serve (a filter typed by the user,
// a sort it does not know) is walked, and the window comes back after.
func TestWindowAndWalk(t *testing.T) {
	t.Parallel()
	f, log := observedFake(t, fakebackend.Options{Events: 3000}, client.Config{}, nil)
	r, _, st := runEvents(t, f.env(time.Hour))
	r.waitFor("the window", func() bool { return st.loaded && !st.loading })
	walked := func() int { return log.count("/events") }
	if walked() != 0 {
		t.Fatalf("the view walked the list on opening")
	}
	r.tm.Send(setFilterMsg("synth-017"))
	r.waitFor("a walk for the filter", func() bool { return walked() > 0 && !st.loading })
	r.locked(func() {
		if st.window || len(st.shown) == 0 {
			t.Errorf("window on %v with %d rows shown under a filter, want a walked list", st.window, len(st.shown))
		}
	})
	r.tm.Send(setFilterMsg(""))
	r.waitFor("the window again", func() bool { return !st.loading && st.window })
	r.press("o", "o") // check: a sort GraphQL cannot serve
	r.waitFor("a walk for the sort", func() bool { return !st.loading && !st.window })
}

// TestNoGraphQLWalksAndSaysSoOnce: a backend without GraphQL is walked, and
// the status line says so once, not at every poll.
func TestNoGraphQLWalksAndSaysSoOnce(t *testing.T) {
	t.Parallel()
	f, log := observedFake(t, fakebackend.Options{Recorded: true}, client.Config{}, func(b *fakebackend.Backend) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/graphql" {
				w.WriteHeader(http.StatusMethodNotAllowed)
				return
			}
			b.ServeHTTP(w, r)
		})
	})
	r, _, st := runEvents(t, f.env(50*time.Millisecond))
	r.waitFor("three walks", func() bool { return log.count("/events") >= 3 })
	r.waitText("11 events")
	said := 0
	for _, fl := range r.flashes() {
		if strings.Contains(fl.Text, "GraphQL is not usable here") {
			said++
		}
	}
	if said != 1 {
		t.Fatalf("said %d times that GraphQL is not usable, want once: %+v", said, r.flashes())
	}
	// One window was tried: its page and counts are one request.
	if n := log.count("/graphql"); n != 1 {
		t.Fatalf("asked GraphQL %d times, want once", n)
	}
	if !f.c.GraphQLOff() {
		t.Fatal("the connection still counts on GraphQL: the next view would ask, and say so, again")
	}
	r.locked(func() {
		if len(st.items) != 11 {
			t.Errorf("%d events walked, want 11", len(st.items))
		}
	})
}

// TestCountsPastTheCap: a namespace with more events than GraphQL reads is
// walked, so its counts are complete.
func TestCountsPastTheCap(t *testing.T) {
	t.Parallel()
	f, log := observedFake(t, fakebackend.Options{Events: 300, GraphQLEventCap: 200}, client.Config{GraphQLEventCap: 200}, nil)
	r, _, st := runEvents(t, f.env(time.Hour))
	r.waitFor("the list", func() bool { return st.loaded && !st.loading })
	r.waitText("300 events")
	r.locked(func() {
		if st.window || len(st.items) != 300 {
			t.Errorf("window on %v with %d events, want the whole walked list of 300", st.window, len(st.items))
		}
	})
	if log.count("/events") == 0 {
		t.Fatal("the list was not walked")
	}
}

func TestWalkEvery(t *testing.T) {
	tests := map[string]struct{ refresh, took, want time.Duration }{
		"a quick walk polls at the refresh":        {10 * time.Second, time.Second, 10 * time.Second},
		"a slow walk waits three times its length": {10 * time.Second, 12 * time.Second, 36 * time.Second},
		"at the boundary":                          {9 * time.Second, 3 * time.Second, 9 * time.Second},
	}
	for name, tc := range tests {
		if got := walkEvery(tc.refresh, tc.took); got != tc.want {
			t.Errorf("%s: walkEvery(%s, %s) = %s, want %s", name, tc.refresh, tc.took, got, tc.want)
		}
		// Of each cycle, the walk takes at most a quarter.
		if share := float64(tc.took) / float64(tc.took+walkEvery(tc.refresh, tc.took)); share > 0.25 {
			t.Errorf("%s: walking %.0f%% of the time", name, 100*share)
		}
	}
}

// TestFilterTypedWhileAWindowComes: a filter typed while a window is on its
// way, which the window cannot serve once complete, is walked: the window
// that lands after it is not taken for the list. Typing "f:" asks for a
// window (an empty selector keeps everything); the selector typed after it
// needs a walk.
func TestFilterTypedWhileAWindowComes(t *testing.T) {
	t.Parallel()
	var hold atomic.Bool
	release := make(chan struct{})
	f, log := observedFake(t, fakebackend.Options{Events: 3000}, client.Config{}, func(b *fakebackend.Backend) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/graphql" && hold.Load() {
				select {
				case <-release:
				case <-r.Context().Done():
					return
				}
			}
			b.ServeHTTP(w, r)
		})
	})
	r, _, st := runEvents(t, f.env(time.Hour))
	r.waitFor("the window", func() bool { return st.loaded && !st.loading && st.window })
	hold.Store(true)
	asked := log.count("/graphql")
	r.tm.Send(setFilterMsg("f"))
	r.tm.Send(setFilterMsg("f:"))
	r.waitFor("a window asked for", func() bool { return log.count("/graphql") > asked })
	walks := log.count("/events")
	r.tm.Send(setFilterMsg("f:event.check.status == 2"))
	settle()
	close(release)
	r.waitFor("a walk after the selector", func() bool { return log.count("/events") > walks && !st.loading })
	r.locked(func() {
		if st.window || len(st.shown) == 0 {
			t.Fatalf("window on %v with %d rows shown: want the walked list", st.window, len(st.shown))
		}
		for _, e := range st.shown {
			if e.Check.Status != 2 {
				t.Fatalf("%s (status %d) shown under f:event.check.status == 2", e.Key(), e.Check.Status)
			}
		}
	})
}
