package fakebackend_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// testClock is a fixed clock the tests move by hand.
func testClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 22, 4, 10, 0, 0, time.UTC)}
}

// fixture is a running fake with an admin session.
type fixture struct {
	t       *testing.T
	backend *fakebackend.Backend
	srv     *httptest.Server
	clock   *fakeClock
	admin   tokens
}

func start(t *testing.T, opts fakebackend.Options) *fixture {
	t.Helper()
	clock := testClock()
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	b := fakebackend.New(opts)
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	f := &fixture{t: t, backend: b, srv: srv, clock: clock}
	f.admin = login(t, srv.URL, fakebackend.AdminUser, fakebackend.AdminPassword)
	return f
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) text() string { return string(r.body) }

// list decodes a JSON array answer.
func (r reply) list(t *testing.T) []map[string]any {
	t.Helper()
	var items []map[string]any
	if err := json.Unmarshal(r.body, &items); err != nil {
		t.Fatalf("not a JSON array (%d): %s", r.status, clip(r.body))
	}
	return items
}

// send makes one request; auth is the whole Authorization value, or "".
func (f *fixture) send(method, path, auth, body string) reply {
	f.t.Helper()
	var rd io.Reader = http.NoBody
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

// as sends with the admin's access token.
func (f *fixture) as(method, path, body string) reply {
	f.t.Helper()
	return f.send(method, path, "Bearer "+f.admin.AccessToken, body)
}

func (f *fixture) get(path string) reply {
	f.t.Helper()
	return f.as(http.MethodGet, path, "")
}

func expectStatus(t *testing.T, r reply, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d; body %s", r.status, want, clip(r.body))
	}
}

// names lists metadata.name of each item of a JSON array answer; events
// give "entity/check".
func (r reply) names(t *testing.T) []string {
	t.Helper()
	type named struct {
		Metadata struct{ Name string } `json:"metadata"`
	}
	var items []struct {
		named
		Check  json.RawMessage `json:"check"`  // an object in events, a name in silences
		Entity json.RawMessage `json:"entity"` // an object in events
	}
	if err := json.Unmarshal(r.body, &items); err != nil {
		t.Fatalf("not a JSON array (%d): %s", r.status, clip(r.body))
	}
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = item.Metadata.Name
		var check, entity named
		if json.Unmarshal(item.Check, &check) == nil && json.Unmarshal(item.Entity, &entity) == nil {
			out[i] = entity.Metadata.Name + "/" + check.Metadata.Name
		}
	}
	return out
}

func decode(t *testing.T, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("decode %s: %v", clip(body), err)
	}
}
