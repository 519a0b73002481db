package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// newFake serves a fresh fake backend and returns it with its URL.
func newFake(t *testing.T, opts fakebackend.Options) (*fakebackend.Backend, string) {
	t.Helper()
	b := fakebackend.New(opts)
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	return b, srv.URL
}

// loggedIn returns a client logged in as admin on a fresh fake backend.
func loggedIn(t *testing.T, opts fakebackend.Options) (*client.Client, *fakebackend.Backend) {
	t.Helper()
	b, url := newFake(t, opts)
	c, err := client.New(client.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(context.Background(), fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatalf("login: %v", err)
	}
	return c, b
}

func TestLogin(t *testing.T) {
	_, url := newFake(t, fakebackend.Options{})
	tests := map[string]struct {
		user, pass string
		wantKind   client.Kind
	}{
		"right password": {fakebackend.AdminUser, fakebackend.AdminPassword, client.KindUnknown},
		"wrong password": {fakebackend.AdminUser, "nope", client.KindUnauthorized},
		"unknown user":   {"mallory", "x", client.KindUnauthorized},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var announced []client.Tokens
			c, err := client.New(client.Config{URL: url, OnTokens: func(tk client.Tokens) { announced = append(announced, tk) }})
			if err != nil {
				t.Fatal(err)
			}
			err = c.Login(context.Background(), tc.user, tc.pass)
			if got := client.KindOf(err); got != tc.wantKind {
				t.Fatalf("kind = %v, want %v (err %v)", got, tc.wantKind, err)
			}
			if err == nil {
				tk := c.CurrentTokens()
				if tk.Access == "" || tk.Refresh == "" || tk.ExpiresAt <= time.Now().Unix() {
					t.Fatalf("tokens not set: %+v", tk)
				}
				if len(announced) != 1 || announced[0] != tk {
					t.Fatalf("OnTokens saw %v, want the new pair once", announced)
				}
				return
			}
			if strings.Contains(err.Error(), tc.pass) {
				t.Fatalf("error %q leaks the password", err)
			}
			if c.HasCredentials() {
				t.Fatal("a failed login left credentials behind")
			}
		})
	}
}

func TestLoginTellsWhatIsWrong(t *testing.T) {
	notSensu := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html>hello</html>"))
	}))
	defer notSensu.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	tests := map[string]struct {
		url  string
		want client.Kind
		text string
	}{
		"not a Sensu API": {notSensu.URL, client.KindMalformed, "not a Sensu API"},
		"unreachable":     {closedURL, client.KindUnreachable, "cannot reach"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c, err := client.New(client.Config{URL: tc.url, Timeout: 2 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			err = c.Login(context.Background(), "admin", "pw")
			if client.KindOf(err) != tc.want || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("got %v (kind %v), want kind %v mentioning %q", err, client.KindOf(err), tc.want, tc.text)
			}
		})
	}
}

func TestAPIKeyLifecycle(t *testing.T) {
	admin, backend := loggedIn(t, fakebackend.Options{})
	ctx := context.Background()

	key, err := admin.GrantAPIKey(ctx, fakebackend.AdminUser)
	if err != nil {
		t.Fatal(err)
	}
	if !contains(backend.APIKeyNames(), key) {
		t.Fatalf("granted key %q is not on the backend: %v", key, backend.APIKeyNames())
	}
	got, err := admin.GetAPIKey(ctx, key)
	if err != nil || got.Username != fakebackend.AdminUser || got.Metadata.Name != key {
		t.Fatalf("GetAPIKey = %+v, %v", got, err)
	}

	// The key works as a credential on its own.
	keyed, err := client.New(client.Config{URL: admin.URL(), APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.ListAll[client.Check](ctx, keyed, client.Checks, client.ListOptions{}); err != nil {
		t.Fatalf("listing with the key: %v", err)
	}

	if _, err := admin.GrantAPIKey(ctx, "nobody"); client.KindOf(err) != client.KindBadRequest || !strings.Contains(err.Error(), "user does not exist") {
		t.Fatalf("granting for an unknown user: %v", err)
	}

	if err := admin.RevokeAPIKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	if contains(backend.APIKeyNames(), key) {
		t.Fatal("revoked key is still on the backend")
	}
	if err := admin.RevokeAPIKey(ctx, key); client.KindOf(err) != client.KindNotFound {
		t.Fatalf("revoking twice: %v, want not found", err)
	}
	_, err = client.ListAll[client.Check](ctx, keyed, client.Checks, client.ListOptions{})
	if client.KindOf(err) != client.KindUnauthorized {
		t.Fatalf("revoked key still accepted: %v", err)
	}
}

func TestFiftyRequestsShareOneRefresh(t *testing.T) {
	c, backend := loggedIn(t, fakebackend.Options{})
	backend.ExpireAccessTokens()
	before := backend.RefreshCount()

	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := client.ListAll[client.Check](context.Background(), c, client.Checks, client.ListOptions{})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a request failed across the refresh: %v", err)
		}
	}
	if got := backend.RefreshCount() - before; got != 1 {
		t.Fatalf("%d refreshes, want exactly 1", got)
	}
}

func TestRefreshAheadOfExpiry(t *testing.T) {
	c, backend := loggedIn(t, fakebackend.Options{})
	tokens := c.CurrentTokens()
	// A client whose clock says the token is about to expire refreshes first.
	late, err := client.New(client.Config{URL: c.URL(), Tokens: &tokens,
		Now: func() time.Time { return time.Unix(tokens.ExpiresAt, 0).Add(-time.Second) }})
	if err != nil {
		t.Fatal(err)
	}
	before := backend.RefreshCount()
	if _, err := late.Version(context.Background()); err != nil {
		t.Fatal(err)
	}
	if backend.RefreshCount() != before {
		t.Fatal("an unauthenticated call refreshed the token")
	}
	if _, err := client.ListAll[client.Check](context.Background(), late, client.Checks, client.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if backend.RefreshCount()-before != 1 || late.CurrentTokens().Access == tokens.Access {
		t.Fatalf("no refresh ahead of expiry (refreshes %d)", backend.RefreshCount()-before)
	}
}

func TestFailedRefreshEndsTheSessionWithoutLooping(t *testing.T) {
	_, url := newFake(t, fakebackend.Options{})
	var requests atomic.Int32
	counting := countingTransport{next: http.DefaultTransport, n: &requests}
	bogus := client.Tokens{Access: "expired.access.token", Refresh: "bogus-refresh", ExpiresAt: time.Now().Add(time.Hour).Unix()}
	c, err := client.New(client.Config{URL: url, Tokens: &bogus, Transport: counting})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.ListAll[client.Event](context.Background(), c, client.Events, client.ListOptions{})
	if !errors.Is(err, client.ErrSessionExpired) || client.KindOf(err) != client.KindSessionExpired {
		t.Fatalf("got %v, want a session-expired error", err)
	}
	if n := requests.Load(); n != 2 {
		t.Fatalf("%d requests, want 2 (the call and one refresh)", n)
	}
	// Later calls fail at once without touching the server.
	_, err = client.ListAll[client.Event](context.Background(), c, client.Events, client.ListOptions{})
	if !errors.Is(err, client.ErrSessionExpired) || requests.Load() != 2 {
		t.Fatalf("after expiry: %v with %d requests", err, requests.Load())
	}
}

type countingTransport struct {
	next http.RoundTripper
	n    *atomic.Int32
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

func TestResourcesInOneAndAllNamespaces(t *testing.T) {
	c, _ := loggedIn(t, fakebackend.Options{})
	ctx := context.Background()
	own, err := client.ListAll[client.Event](ctx, c, client.Events, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	all, err := client.ListAll[client.Event](ctx, c, client.Events, client.ListOptions{AllNamespaces: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(own) == 0 || len(all) <= len(own) {
		t.Fatalf("default has %d events, all namespaces %d: want more across namespaces", len(own), len(all))
	}
	namespaces := map[string]bool{}
	for _, e := range all {
		namespaces[e.Namespace()] = true
		if e.Entity.Metadata.Name == "" || e.Check.Metadata.Name == "" {
			t.Fatalf("event without entity or check: %+v", e)
		}
	}
	if len(namespaces) < 2 {
		t.Fatalf("events from %v only", namespaces)
	}
	for _, e := range own {
		if e.Namespace() != "default" {
			t.Fatalf("event from %q in the default namespace list", e.Namespace())
		}
	}
	statuses := map[uint32]bool{}
	for _, e := range own {
		statuses[min(e.Check.Status, 3)] = true
	}
	if len(statuses) < 4 {
		t.Fatalf("seed data covers statuses %v, want OK, warning, critical and unknown", statuses)
	}
	if _, err := c.GrantAPIKey(ctx, fakebackend.AdminUser); err != nil {
		t.Fatal(err)
	}
	for _, r := range []client.Resource{client.Checks, client.Entities, client.Silences, client.Namespaces, client.Users, client.APIKeys} {
		t.Run(string(r), func(t *testing.T) {
			var n int
			err := client.Walk(ctx, c, r, client.ListOptions{}, func(page []json.RawMessage) error {
				n += len(page)
				return nil
			})
			if err != nil || n == 0 {
				t.Fatalf("%s: %d items, %v", r, n, err)
			}
		})
	}
}

func TestEventActions(t *testing.T) {
	c, backend := loggedIn(t, fakebackend.Options{})
	ctx := context.Background()
	events, err := client.ListAll[client.Event](ctx, c, client.Events, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var failing client.Event
	for _, e := range events {
		if e.Check.Status == client.StatusCritical {
			failing = e
			break
		}
	}
	if failing.Check.Metadata.Name == "" {
		t.Fatal("seed data has no critical event")
	}
	entity, check := failing.Entity.Metadata.Name, failing.Check.Metadata.Name

	t.Run("resolve", func(t *testing.T) {
		if err := c.ResolveEvent(ctx, "", entity, check); err != nil {
			t.Fatal(err)
		}
		raw, ok := backend.Event("default", entity, check)
		if !ok {
			t.Fatal("event gone after resolve")
		}
		var got client.Event
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatal(err)
		}
		if got.Check.Status != 0 || got.Check.Output != "Resolved manually by sensu-tui" {
			t.Fatalf("after resolve: status %d output %q", got.Check.Status, got.Check.Output)
		}
		if got.Entity.System.Hostname != failing.Entity.System.Hostname || got.Check.Command != failing.Check.Command {
			t.Fatal("resolve lost fields of the event")
		}
	})
	t.Run("execute", func(t *testing.T) {
		req := client.ExecuteRequest{Check: check, Subscriptions: []string{"entity:" + entity}, Reason: "re-run from test"}
		if err := c.ExecuteCheck(ctx, "", req); err != nil {
			t.Fatal(err)
		}
		got := backend.ExecuteRequests()
		last := got[len(got)-1]
		if last.Check != check || len(last.Subscriptions) != 1 || last.Subscriptions[0] != "entity:"+entity || last.Reason != "re-run from test" {
			t.Fatalf("backend saw %+v", last)
		}
		err := c.ExecuteCheck(ctx, "", client.ExecuteRequest{Check: "no-such-check"})
		if client.KindOf(err) != client.KindNotFound {
			t.Fatalf("missing check: %v", err)
		}
	})
	t.Run("silence", func(t *testing.T) {
		req := client.SilenceRequest{Subscription: "entity:" + entity, Check: check, Reason: "maintenance", ExpireSeconds: 3600, Creator: "admin"}
		if err := c.CreateSilence(ctx, req); err != nil {
			t.Fatal(err)
		}
		name := client.SilenceName(req.Subscription, req.Check)
		raw, ok := backend.Silence("default", name)
		if !ok {
			t.Fatalf("silence %q missing", name)
		}
		var s client.Silence
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		if s.Reason != "maintenance" || s.Expire != 3600 || s.ExpireAt == 0 {
			t.Fatalf("silence stored as %+v", s)
		}
		if err := c.CreateSilence(ctx, req); client.KindOf(err) != client.KindConflict {
			t.Fatalf("duplicate silence: %v", err)
		}
		if err := c.DeleteSilence(ctx, "", name); err != nil {
			t.Fatal(err)
		}
		if _, ok := backend.Silence("default", name); ok {
			t.Fatal("silence still there after delete")
		}
		wildcard := client.SilenceRequest{Check: check, Reason: "any subscription"}
		if err := c.CreateSilence(ctx, wildcard); err != nil {
			t.Fatal(err)
		}
		if err := c.DeleteSilence(ctx, "", "*:"+check); err != nil {
			t.Fatalf("deleting a wildcard silence: %v", err)
		}
	})
	t.Run("delete", func(t *testing.T) {
		if err := c.DeleteEvent(ctx, "", entity, check); err != nil {
			t.Fatal(err)
		}
		if _, ok := backend.Event("default", entity, check); ok {
			t.Fatal("event still there after delete")
		}
		if err := c.DeleteEvent(ctx, "", entity, check); client.KindOf(err) != client.KindNotFound {
			t.Fatalf("deleting twice: %v", err)
		}
	})
}

func TestReadOnlyUserIsForbidden(t *testing.T) {
	_, url := newFake(t, fakebackend.Options{})
	c, err := client.New(client.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Login(ctx, fakebackend.ViewerUser, fakebackend.ViewerPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := client.ListAll[client.Event](ctx, c, client.Events, client.ListOptions{}); err != nil {
		t.Fatalf("viewer cannot read default: %v", err)
	}
	tests := map[string]func() error{
		"all namespaces": func() error {
			_, err := client.ListAll[client.Event](ctx, c, client.Events, client.ListOptions{AllNamespaces: true})
			return err
		},
		"api keys": func() error {
			_, err := client.ListAll[client.APIKey](ctx, c, client.APIKeys, client.ListOptions{})
			return err
		},
		"execute": func() error { return c.ExecuteCheck(ctx, "", client.ExecuteRequest{Check: "check-ok"}) },
	}
	for name, call := range tests {
		t.Run(name, func(t *testing.T) {
			err := call()
			var e *client.Error
			if !errors.As(err, &e) || e.Kind != client.KindForbidden || e.Code != client.CodePermissionDenied {
				t.Fatalf("got %v, want 403 with code 4", err)
			}
		})
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := map[string]client.Config{
		"no URL":        {},
		"bad scheme":    {URL: "ftp://host"},
		"no host":       {URL: "http://"},
		"missing CA":    {URL: "https://host", TrustedCAFile: "/nonexistent/ca.pem"},
		"CA is not PEM": {URL: "https://host", TrustedCAFile: "client_test.go"},
	}
	for name, cfg := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := client.New(cfg); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	c, err := client.New(client.Config{URL: "127.0.0.1:8080/"})
	if err != nil || c.URL() != "http://127.0.0.1:8080" || c.Namespace() != "default" {
		t.Fatalf("bare host:port: %v %v", c, err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestBoundUsesTheTimeout: what the views and the root bound a request
// with is the client's --timeout, not a fixed one.
func TestBoundUsesTheTimeout(t *testing.T) {
	for _, timeout := range []time.Duration{time.Second, time.Minute} {
		c, err := client.New(client.Config{URL: "http://sensu.invalid", Timeout: timeout})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := c.Bound(context.Background())
		deadline, ok := ctx.Deadline()
		cancel()
		if left := time.Until(deadline); !ok || left > timeout || left < timeout-time.Second {
			t.Fatalf("--timeout %s: the request has %s left", timeout, left)
		}
	}
}
