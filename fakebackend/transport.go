package fakebackend

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
)

// Transport is an http.RoundTripper that answers from Handler, usually a
// Backend, in this process and without a socket: a test's client can use
// any URL, and the test can count what it asked for.
type Transport struct {
	Handler http.Handler
	// Observe, when set, sees every request before it is answered.
	Observe func(*http.Request)

	apiCalls, abandoned atomic.Int64
}

// RoundTrip implements http.RoundTripper. A request whose context ends
// while it is answered fails as it would over a network.
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.Observe != nil {
		t.Observe(r)
	}
	if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/graphql" {
		t.apiCalls.Add(1)
	}
	rec := httptest.NewRecorder()
	t.Handler.ServeHTTP(rec, r)
	if err := r.Context().Err(); err != nil {
		t.abandoned.Add(1)
		return nil, err
	}
	return rec.Result(), nil
}

// APICalls is the number of requests made to /api paths and /graphql.
func (t *Transport) APICalls() int64 { return t.apiCalls.Load() }

// Abandoned is the number of requests given up by their caller.
func (t *Transport) Abandoned() int64 { return t.abandoned.Load() }
