package client

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Shared lets the clients of many dashboards that reach one API with the
// same credentials share their reads, as the sessions of `sensu-tui serve`
// mapped to one key do: a read that another of them made less than a poll
// ago is answered with that answer, and one in flight is waited for, so N
// such dashboards cost the backend the polls of one. Clients with other
// credentials never see each other's answers: the credentials are part of
// what a read is known by. A change made through any of them forgets the
// answers of its credentials, so the next poll reads afresh.
type Shared struct {
	ttl time.Duration
	max int64
	now func() time.Time

	mu      sync.Mutex
	entries map[string]*sharedRead
	kept    []keptRead // answers, oldest first, for dropping the oldest
	size    int64      // bytes of the answers in kept
}

type keptRead struct {
	key  string
	read *sharedRead
}

// sharedRead is one read, in flight until ready is closed.
type sharedRead struct {
	ready chan struct{}
	resp  *response
	err   error
	at    time.Time
}

// DefaultSharedBytes bounds the answers a Shared keeps.
const DefaultSharedBytes = 64 << 20

// NewShared keeps answers for ttl, at most maxBytes of them (0: DefaultSharedBytes).
func NewShared(ttl time.Duration, maxBytes int64) *Shared {
	if maxBytes <= 0 {
		maxBytes = DefaultSharedBytes
	}
	return &Shared{ttl: ttl, max: maxBytes, now: time.Now, entries: map[string]*sharedRead{}}
}

// identity names a client's credentials without keeping them.
func identity(base, auth string) string {
	sum := sha256.Sum256([]byte(base + "\x00" + auth))
	return string(sum[:16])
}

// readKey is what a read is known by: the credentials, method, path, query
// and body.
func readKey(id string, req request) string {
	var b bytes.Buffer
	b.WriteString(id)
	b.WriteString("\x00" + req.method + " " + req.path + "?" + req.query.Encode() + "\x00")
	if req.body != nil {
		body, _ := json.Marshal(req.body)
		b.Write(body)
	}
	return b.String()
}

// read answers req from a fresh or pending read of the same key, or else
// fetches it. A fetch that was cancelled is not shared: its waiters fetch
// for themselves.
func (s *Shared) read(key string, fetch func() (*response, error)) (*response, error) {
	s.mu.Lock()
	if r, ok := s.entries[key]; ok {
		select {
		case <-r.ready:
			if s.now().Sub(r.at) < s.ttl && r.err == nil {
				s.mu.Unlock()
				return r.resp, nil
			}
		default:
			s.mu.Unlock()
			<-r.ready
			if r.err == nil || KindOf(r.err) != KindCanceled {
				return r.resp, r.err
			}
			return fetch()
		}
	}
	r := &sharedRead{ready: make(chan struct{})}
	s.entries[key] = r
	s.mu.Unlock()

	resp, err := fetch()
	if resp != nil {
		// The caller may read into a buffer it reuses: keep a copy.
		resp = &response{status: resp.status, header: resp.header.Clone(), body: bytes.Clone(resp.body)}
	}
	s.mu.Lock()
	r.resp, r.err, r.at = resp, err, s.now()
	close(r.ready)
	if err != nil {
		if s.entries[key] == r {
			delete(s.entries, key)
		}
	} else {
		s.kept = append(s.kept, keptRead{key, r})
		s.size += int64(len(resp.body))
		s.trim()
	}
	s.mu.Unlock()
	return resp, err
}

// trim drops the oldest answers while they are over the size bound, and
// every expired one it meets on the way.
func (s *Shared) trim() {
	now := s.now()
	for len(s.kept) > 0 {
		k := s.kept[0]
		if s.size <= s.max && now.Sub(k.read.at) < s.ttl {
			return
		}
		s.drop(0)
	}
}

// drop forgets kept answer i.
func (s *Shared) drop(i int) {
	k := s.kept[i]
	s.size -= int64(len(k.read.resp.body))
	if s.entries[k.key] == k.read {
		delete(s.entries, k.key)
	}
	s.kept = append(s.kept[:i], s.kept[i+1:]...)
}

// forget drops every answer read with the credentials id, after a change.
func (s *Shared) forget(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for key := range s.entries {
		if strings.HasPrefix(key, id) {
			delete(s.entries, key) // later reads start afresh, in flight or not
		}
	}
	for i := len(s.kept) - 1; i >= 0; i-- {
		if strings.HasPrefix(s.kept[i].key, id) {
			s.drop(i)
		}
	}
}

// shareable reports whether a request only reads, with credentials, so its
// answer may be shared: a GET, or a query marked safe (GraphQL).
func shareable(req request) bool { return (req.method == http.MethodGet || req.safe) && !req.noAuth }
