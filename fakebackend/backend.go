// Package fakebackend is an in-memory Sensu Go 6.9.2 backend for tests and
// demos. It answers the REST API and the /graphql endpoint the way the
// recordings in shared/sensu-api/recordings show a real backend answering
// them, quirks included, and can inject latency, errors, dropped
// connections, garbled bodies and expired tokens.
//
//	b := fakebackend.New(fakebackend.Options{Seed: 42})
//	srv := httptest.NewServer(b)
//	// log in with fakebackend.AdminUser / fakebackend.AdminPassword
//	b.SetFaults(fakebackend.Faults{ErrorRate: 0.1})
package fakebackend

import (
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	crand "crypto/rand"
)

// Options configures a Backend.
type Options struct {
	// Seed makes the seeded data deterministic; 0 means 1.
	Seed int64
	// Events, if > 0, puts exactly this many synthetic events (at most
	// 100000) in namespace "default" instead of the seeded ones.
	Events int
	// TokenLifetime is how long an access token lives; 0 means 5 minutes.
	TokenLifetime time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Recorded seeds only the small data set the 0xx-2xx recordings were
	// made against (agent-1, agent-2 and agent-dev-1, 11 events in
	// "default", no silences, the recorded handlers, filters, mutators and
	// roles, and the users the recordings list), so that replayed pages
	// line up with the recorded ones.
	Recorded bool
	// RecordedGraphQL seeds instead the data set the 300-series (GraphQL)
	// recordings were made against: agents cache-01, db-01 and web-01,
	// 1,000 proxy entities with 10,000 events, namespaces production, dev
	// and staging, and the same configuration, roles and users as
	// Recorded. It wins over Recorded when both are set.
	RecordedGraphQL bool
	// GraphQLEventCap is how many events of a namespace GraphQL reads at
	// most; 0 means DefaultGraphQLEventCap.
	GraphQLEventCap int
}

// MaxEvents caps Options.Events.
const MaxEvents = 100000

// Faults makes the backend misbehave on purpose.
type Faults struct {
	// Latency is added before every answer.
	Latency time.Duration
	// ErrorRate is the fraction of /api and /graphql requests answered
	// 500 {"message":"internal error","code":0}.
	ErrorRate float64
	// DropRate is the fraction of /api and /graphql requests whose
	// connection is closed with no answer.
	DropRate float64
	// MalformedRate is the fraction of 200 list answers whose JSON body is
	// truncated.
	MalformedRate float64
	// ExpireTokens makes SetFaults expire every access token issued so far,
	// which forces clients to refresh; tokens issued later work.
	ExpireTokens bool
	// Unhealthy, when set, makes /health report the etcd member unhealthy
	// with this error, as a backend that lost its store does.
	Unhealthy string
}

// ExecuteRequest is an accepted POST .../checks/{name}/execute.
type ExecuteRequest struct {
	Namespace     string
	Check         string
	Subscriptions []string // as requested; empty means the check's own
	Reason        string
	Creator       string
	Issued        int64 // unix seconds
}

// Backend is a fake Sensu backend; it is an http.Handler.
type Backend struct {
	now      func() time.Time
	lifetime time.Duration
	eventCap int // GraphQL reads at most this many events of a namespace
	secret   []byte
	requests atomic.Int64
	// eventReads counts GraphQL events lists: a real backend reads the
	// whole namespace for each.
	eventReads atomic.Int64

	mu         sync.RWMutex
	namespaces []*namespace // by name, as the namespaces list orders them
	crossOrder []*namespace // by "name/", as cross-namespace lists order them
	users      index[*user] // fixed after New, so read without locking
	cluster    objects      // cluster roles and their bindings
	apiKeys    index[*apiKeyJSON]
	executions []ExecuteRequest

	authMu    sync.Mutex
	sessions  map[string]*session
	refreshes int

	faultMu sync.Mutex
	faults  Faults
	dice    *rand.Rand
}

// New builds a backend seeded from opts.
func New(opts Options) *Backend {
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = 5 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.Events = min(opts.Events, MaxEvents)
	if opts.GraphQLEventCap <= 0 {
		opts.GraphQLEventCap = DefaultGraphQLEventCap
	}
	b := &Backend{
		now:      opts.Now,
		lifetime: opts.TokenLifetime,
		eventCap: opts.GraphQLEventCap,
		secret:   make([]byte, 32),
		sessions: map[string]*session{},
		dice:     rand.New(rand.NewPCG(uint64(opts.Seed), 0x5eed)),
	}
	crand.Read(b.secret)
	seed(b, opts)
	b.crossOrder = slices.Clone(b.namespaces)
	slices.SortFunc(b.crossOrder, func(x, y *namespace) int { return strings.Compare(x.name+"/", y.name+"/") })
	return b
}

// ServeHTTP answers one request.
func (b *Backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.requests.Add(1)
	if d := b.currentFaults().Latency; d > 0 {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	}
	path := r.URL.Path
	switch {
	case path == "/auth" || strings.HasPrefix(path, "/auth/"):
		b.serveAuth(w, r)
	case path == "/graphql":
		if !b.injectFault(w) {
			b.serveGraphQL(w, r)
		}
	case strings.HasPrefix(path, "/api/"):
		if !b.injectFault(w) {
			b.serveAPI(w, r)
		}
	case !b.serveOpen(w, r):
		http.NotFound(w, r)
	}
}

func (b *Backend) namespace(name string) (*namespace, bool) {
	i, ok := slices.BinarySearchFunc(b.namespaces, name, func(ns *namespace, name string) int {
		return strings.Compare(ns.name, name)
	})
	if !ok {
		return nil, false
	}
	return b.namespaces[i], true
}

// RefreshCount is the number of successful token refreshes.
func (b *Backend) RefreshCount() int {
	b.authMu.Lock()
	defer b.authMu.Unlock()
	return b.refreshes
}

// ExpireAccessTokens makes every access token issued so far expired.
func (b *Backend) ExpireAccessTokens() {
	b.authMu.Lock()
	defer b.authMu.Unlock()
	for _, s := range b.sessions {
		if !s.refresh {
			s.revoked = true
		}
	}
}

// EventReads is the number of GraphQL events lists served so far. On a
// real backend each reads every event of its namespace, so it is what a
// GraphQL poll costs the backend.
func (b *Backend) EventReads() int64 { return b.eventReads.Load() }

// Requests is the number of requests served so far.
func (b *Backend) Requests() int { return int(b.requests.Load()) }

// APIKeyNames lists the current API keys (their uuids), sorted.
func (b *Backend) APIKeyNames() []string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	names := make([]string, len(b.apiKeys.items))
	for i, k := range b.apiKeys.items {
		names[i] = k.Metadata.Name
	}
	return names
}

// ExecuteRequests lists every accepted check execution, oldest first.
func (b *Backend) ExecuteRequests() []ExecuteRequest {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return slices.Clone(b.executions)
}

// Event returns the JSON of one event as the API would answer it.
func (b *Backend) Event(ns, entity, check string) (json.RawMessage, bool) {
	return b.readJSON(func() (any, bool) { return b.findEvent(ns, entity, check, b.now().Unix()) })
}

// Silence returns the JSON of one silence as the API would answer it.
func (b *Backend) Silence(ns, name string) (json.RawMessage, bool) {
	return b.readJSON(func() (any, bool) { return b.findSilence(ns, name, b.now().Unix()) })
}

// Check returns the JSON of one check definition as the API would answer it.
func (b *Backend) Check(ns, name string) (json.RawMessage, bool) {
	return b.readJSON(func() (any, bool) {
		n, ok := b.namespace(ns)
		if !ok {
			return nil, false
		}
		def, ok := n.checks.get(name)
		if !ok {
			return nil, false
		}
		return &def.checkJSON, true
	})
}

// Entity returns the JSON of one entity as the API would answer it.
func (b *Backend) Entity(ns, name string) (json.RawMessage, bool) {
	return b.readJSON(func() (any, bool) {
		n, ok := b.namespace(ns)
		if !ok {
			return nil, false
		}
		return n.entities.get(name)
	})
}

// readJSON marshals what find returns while holding the read lock.
func (b *Backend) readJSON(find func() (any, bool)) ([]byte, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	v, ok := find()
	if !ok {
		return nil, false
	}
	body, err := json.Marshal(v)
	return body, err == nil
}
