package client_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/internal/witness"
)

// TestRedirectsNeverLeaveTheOrigin sends every kind of request the client
// makes to a server that redirects it to another origin: the same host on
// another port, or another host. Nothing may reach that origin, and the
// error must say where the server pointed.
func TestRedirectsNeverLeaveTheOrigin(t *testing.T) {
	const eventsPath = "/api/core/v2/namespaces/default/events"
	type call func(ctx context.Context, url string, b *fakebackend.Backend) error
	withKey := func(ctx context.Context, url string, b *fakebackend.Backend) error {
		c := newClient(t, client.Config{URL: url, APIKey: grantedKey(t, b)})
		_, err := client.ListAll[client.Event](ctx, c, client.Events, client.ListOptions{})
		return err
	}
	login := func(ctx context.Context, url string, _ *fakebackend.Backend) error {
		return newClient(t, client.Config{URL: url}).Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword)
	}
	withToken := func(ctx context.Context, url string, _ *fakebackend.Backend) error {
		c := newClient(t, client.Config{URL: url})
		if err := c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
			return fmt.Errorf("login before the test: %w", err)
		}
		_, err := client.ListAll[client.Event](ctx, c, client.Events, client.ListOptions{})
		return err
	}
	refresh := func(ctx context.Context, url string, _ *fakebackend.Backend) error {
		c := newClient(t, client.Config{URL: url})
		if err := c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
			return fmt.Errorf("login before the test: %w", err)
		}
		tokens := c.CurrentTokens()
		// A clock at the token's expiry makes the next call refresh first.
		late := newClient(t, client.Config{URL: url, Tokens: &tokens,
			Now: func() time.Time { return time.Unix(tokens.ExpiresAt, 0) }})
		_, err := client.ListAll[client.Event](ctx, late, client.Events, client.ListOptions{})
		return err
	}
	raw := func(ctx context.Context, url string, b *fakebackend.Backend) error {
		c := newClient(t, client.Config{URL: url, APIKey: grantedKey(t, b)})
		_, err := c.GetRaw(ctx, eventsPath)
		return err
	}
	post := func(ctx context.Context, url string, b *fakebackend.Backend) error {
		c := newClient(t, client.Config{URL: url, APIKey: grantedKey(t, b)})
		_, err := c.GrantAPIKey(ctx, fakebackend.AdminUser)
		return err
	}
	paths := map[string]struct {
		trigger string
		status  int
		do      call
	}{
		"API call with an API key, 302":     {eventsPath, http.StatusFound, withKey},
		"API call with a token, 302":        {eventsPath, http.StatusFound, withToken},
		"API call with a token, 308":        {eventsPath, http.StatusPermanentRedirect, withToken},
		"raw GET with an API key, 301":      {eventsPath, http.StatusMovedPermanently, raw},
		"POST with a body, 307":             {"/api/core/v2/apikeys", http.StatusTemporaryRedirect, post},
		"login with a password, 302":        {"/auth", http.StatusFound, login},
		"login with a password, 307":        {"/auth", http.StatusTemporaryRedirect, login},
		"token refresh POST, 307":           {"/auth/token", http.StatusTemporaryRedirect, refresh},
		"token refresh POST, 303 to a GET ": {"/auth/token", http.StatusSeeOther, refresh},
	}
	elsewhere := map[string]string{"same host, other port": "127.0.0.1", "other host": "localhost"}
	for name, p := range paths {
		for where, host := range elsewhere {
			t.Run(name+", "+where, func(t *testing.T) {
				backend := fakebackend.New(fakebackend.Options{})
				wit := witness.New(t, host)
				url := witness.Redirect(t, backend, p.trigger, p.status, wit)
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				err := p.do(ctx, url, backend)
				if got := wit.Report(); got != "" {
					t.Errorf("the other origin received %s", got)
				}
				if client.KindOf(err) != client.KindRedirected {
					t.Fatalf("got %v (kind %v), want a redirect error", err, client.KindOf(err))
				}
				msg := err.Error()
				want := wit.URL + p.trigger
				if !strings.Contains(msg, "redirected to another address") || !strings.Contains(msg, want) {
					t.Errorf("the error %q does not say that the server redirected to %s", msg, want)
				}
				for _, secret := range []string{witness.UserinfoSecret, "someone", witness.QuerySecret} {
					if strings.Contains(msg, secret) {
						t.Errorf("the error %q repeats %q from the Location", msg, secret)
					}
				}
			})
		}
	}
}

// TestSameOriginRedirectsAreFollowed keeps the one kind of redirect that is
// harmless: to another path on the very same origin, with the credentials.
func TestSameOriginRedirectsAreFollowed(t *testing.T) {
	backend := fakebackend.New(fakebackend.Options{})
	var moved atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/old") {
			moved.Add(1)
			r.URL.Path = strings.TrimPrefix(r.URL.Path, "/old")
			http.Redirect(w, r, r.URL.String(), http.StatusTemporaryRedirect)
			return
		}
		backend.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c := newClient(t, client.Config{URL: srv.URL + "/old"})
	ctx := context.Background()
	if err := c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatalf("login through a same-origin redirect: %v", err)
	}
	events, err := client.ListAll[client.Event](ctx, c, client.Events, client.ListOptions{})
	if err != nil || len(events) == 0 {
		t.Fatalf("listing through a same-origin redirect: %d events, %v", len(events), err)
	}
	if moved.Load() < 2 {
		t.Fatalf("%d redirects, want the login and the list redirected", moved.Load())
	}
}

func newClient(t *testing.T, cfg client.Config) *client.Client {
	t.Helper()
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// grantedKey is a fresh API key for admin on b, granted in-process.
func grantedKey(t *testing.T, b *fakebackend.Backend) string {
	t.Helper()
	srv := httptest.NewServer(b)
	defer srv.Close()
	admin := newClient(t, client.Config{URL: srv.URL})
	ctx := context.Background()
	if err := admin.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	key, err := admin.GrantAPIKey(ctx, fakebackend.AdminUser)
	if err != nil {
		t.Fatal(err)
	}
	return key
}
