package e2e

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// swappable serves whatever handler the test puts in it now.
type swappable struct{ h atomic.Pointer[http.Handler] }

func (s *swappable) set(h http.Handler) { s.h.Store(&h) }

func (s *swappable) ServeHTTP(w http.ResponseWriter, r *http.Request) { (*s.h.Load()).ServeHTTP(w, r) }

// grantKey makes an API key on b, through a short-lived server.
func grantKey(t *testing.T, b *fakebackend.Backend) string {
	t.Helper()
	srv := httptest.NewServer(b)
	defer srv.Close()
	c, err := client.New(client.Config{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	key, err := c.GrantAPIKey(ctx, fakebackend.AdminUser)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func baseEnv(t *testing.T) []string {
	home := t.TempDir()
	return []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "TERM=xterm-256color", "LANG=C.UTF-8"}
}

// requireAlive fails when the dashboard has exited.
func (term *terminal) requireAlive() {
	term.t.Helper()
	if term.Exited() {
		term.t.Fatalf("the dashboard exited:\n%s", term.Screen())
	}
}

// keyedDashboard serves h and opens the dashboard on it with an API key of b.
func keyedDashboard(t *testing.T, h http.Handler, key string, args ...string) (*terminal, *httptest.Server) {
	t.Helper()
	requireTmux(t)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	term := newTerminal(t, 120, 40, baseEnv(t), append([]string{"--api-url", srv.URL, "--api-key", key, "--refresh", "2s"}, args...)...)
	return term, srv
}

func TestBackendDownAtStartThenBack(t *testing.T) {
	requireTmux(t)
	b := fakebackend.New(fakebackend.Options{})
	key := grantKey(t, b)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nobody listens there yet
	term := newTerminal(t, 120, 40, baseEnv(t), "--api-url", "http://"+addr, "--api-key", key)
	term.WaitFor("Could not load events", "cannot reach the server", "Retrying in")
	term.requireAlive()

	if ln, err = net.Listen("tcp", addr); err != nil {
		t.Fatalf("reopening %s: %v", addr, err)
	}
	srv := &http.Server{Handler: b}
	go srv.Serve(ln)
	defer srv.Close()
	screen := term.WaitFor("CRIT", "updated") // back without a key press
	if strings.Contains(screen, "Could not load") {
		t.Fatalf("the error stayed after recovery:\n%s", screen)
	}
}

func TestBackendDiesMidLoad(t *testing.T) {
	b := fakebackend.New(fakebackend.Options{Events: 20000})
	key := grantKey(t, b)
	b.SetFaults(fakebackend.Faults{Latency: 400 * time.Millisecond})
	term, srv := keyedDashboard(t, b, key)
	term.WaitFor("synth-", "loading")
	srv.CloseClientConnections()
	srv.Close()
	screen := term.WaitFor("STALE DATA", "cannot reach the server", "Retrying in")
	if !strings.Contains(screen, "synth-") {
		t.Fatalf("the rows already shown were lost:\n%s", screen)
	}
	term.requireAlive()
}

func TestServerErrorsThenRecovery(t *testing.T) {
	b := fakebackend.New(fakebackend.Options{})
	key := grantKey(t, b)
	term, _ := keyedDashboard(t, b, key)
	term.WaitFor("CRIT", "updated")
	b.SetFaults(fakebackend.Faults{ErrorRate: 1})
	term.Keys("r")
	screen := term.WaitFor("STALE DATA", "500 Internal Server Error", "Retrying in")
	if !strings.Contains(screen, "CRIT") {
		t.Fatalf("the last good data left the screen:\n%s", screen)
	}
	b.SetFaults(fakebackend.Faults{})
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(term.Screen(), "STALE DATA") {
		if time.Now().After(deadline) {
			t.Fatalf("no recovery without a key press:\n%s", term.Screen())
		}
		time.Sleep(100 * time.Millisecond)
	}
	term.requireAlive()
}

func TestSlowerThanTheTimeout(t *testing.T) {
	b := fakebackend.New(fakebackend.Options{})
	key := grantKey(t, b)
	b.SetFaults(fakebackend.Faults{Latency: 3 * time.Second})
	term, _ := keyedDashboard(t, b, key, "--timeout", "1s")
	term.WaitFor("Could not load events", "no answer in time", "Retrying in")
	term.requireAlive()
}

// withoutGraphQL is a backend without /graphql, as a proxy in front of
// Sensu may make it: the dashboard walks the lists over REST.
func withoutGraphQL(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/graphql" {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func TestMalformedJSON(t *testing.T) {
	b := fakebackend.New(fakebackend.Options{})
	key := grantKey(t, b)
	b.SetFaults(fakebackend.Faults{MalformedRate: 1})
	term, _ := keyedDashboard(t, withoutGraphQL(b), key)
	term.WaitFor("Could not load events", "malformed JSON", "Retrying in")
	term.requireAlive()
}

// endless answers event lists with a body that never ends.
type endless struct{ next http.Handler }

func (e endless) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/events") {
		e.next.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	chunk := []byte(strings.Repeat(`{"check":{"status":2},"entity":{},"metadata":{}},`, 200))
	w.Write([]byte("["))
	for r.Context().Err() == nil {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

func TestEndlessBody(t *testing.T) {
	b := fakebackend.New(fakebackend.Options{})
	key := grantKey(t, b)
	term, _ := keyedDashboard(t, withoutGraphQL(endless{next: b}), key)
	term.WaitFor("Could not load events", "response larger than", "Retrying in")
	term.requireAlive()
}

// looping always hands out the same continue token, as the limit=-1 trap does.
type looping struct {
	next  http.Handler
	calls atomic.Int64
}

func (l *looping) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/events") {
		l.calls.Add(1)
		w.Header().Set("Sensu-Continue", "c2FtZQA")
	}
	l.next.ServeHTTP(w, r)
}

func TestContinueTokenLoop(t *testing.T) {
	b := fakebackend.New(fakebackend.Options{})
	key := grantKey(t, b)
	loop := &looping{next: b}
	term, _ := keyedDashboard(t, withoutGraphQL(loop), key, "--refresh", "1h")
	term.WaitFor("CRIT", "updated", "615 events", "GraphQL is not usable here")
	time.Sleep(500 * time.Millisecond)
	// The token stays on the last page: the fake cannot decode it and sends
	// page 1 again with the same token. The walk stops there, after the two
	// real pages (100, then the other 515) and the repeat, and the repeated
	// events are not counted twice.
	if n := loop.calls.Load(); n != 3 {
		t.Fatalf("%d event requests for one load, want 3", n)
	}
	term.requireAlive()
}

func TestRevokedKeyGoesToLogin(t *testing.T) {
	b := fakebackend.New(fakebackend.Options{})
	key := grantKey(t, b)
	term, srv := keyedDashboard(t, b, key)
	term.WaitFor("CRIT", "updated")
	admin, _ := client.New(client.Config{URL: srv.URL, APIKey: key})
	if err := admin.RevokeAPIKey(context.Background(), key); err != nil {
		t.Fatal(err)
	}
	term.Keys("r")
	term.WaitFor("no longer accepts these credentials", "API URL")
	term.requireAlive()
}

func TestExpiredSessionGoesToLoginAndBack(t *testing.T) {
	requireTmux(t)
	sw := &swappable{}
	sw.set(fakebackend.New(fakebackend.Options{}))
	srv := httptest.NewServer(sw)
	defer srv.Close()
	env := append(baseEnv(t), "SENSU_API_URL="+srv.URL, "SENSU_USERNAME=admin", "SENSU_PASSWORD='"+fakebackend.AdminPassword+"'")
	term := newTerminal(t, 120, 40, env, "--refresh", "2s")
	term.WaitFor("CRIT", "updated")
	term.Keys("2")
	term.WaitFor("[2 checks]", "check-crit")
	// A reinstalled backend knows none of the old tokens: refresh fails.
	sw.set(fakebackend.New(fakebackend.Options{}))
	term.WaitFor("Your session expired", "Password")
	term.requireAlive()
	term.Type(fakebackend.AdminPassword)
	term.Keys("Enter")
	term.WaitFor("[2 checks]", "check-crit") // back in the same view
}

// TestFaultsSubcommandFlags checks the fake backend's fault flags reach it.
func TestFaultsSubcommandFlags(t *testing.T) {
	url := startFakeBackend(t, "--error-rate", "1")
	c, _ := client.New(client.Config{URL: url})
	if err := c.Login(context.Background(), fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	_, err := client.ListAll[client.Event](context.Background(), c, client.Events, client.ListOptions{})
	if client.KindOf(err) != client.KindServer {
		t.Fatalf("with --error-rate 1: %v", err)
	}
}
