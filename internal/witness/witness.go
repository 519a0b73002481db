// Package witness is a test server at another origin that records every
// byte that reaches it, and a front server that redirects requests to it,
// for tests that prove credentials never leave the origin they were
// configured for.
package witness

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Witness is a loopback server that records what reaches it and answers
// every request like an empty Sensu list, so that a client that followed a
// redirect there would show "0 events".
type Witness struct {
	// URL is how the witness is reached, with the host name New was given.
	URL   string
	bytes atomic.Int64
	conns atomic.Int64

	mu       sync.Mutex
	received strings.Builder
}

// New serves a witness until the test ends. host names it in URL
// ("127.0.0.1" or "localhost"), so that a test can point at it as the same
// host on another port or as another host.
func New(t testing.TB, host string) *Witness {
	t.Helper()
	w := &Witness{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		fmt.Fprint(rw, "[]")
	}))
	srv.Listener = &recordingListener{Listener: srv.Listener, w: w}
	srv.Start()
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = net.JoinHostPort(host, u.Port())
	w.URL = u.String()
	return w
}

// Bytes is how many bytes reached the witness.
func (w *Witness) Bytes() int64 { return w.bytes.Load() }

// Report says what reached the witness: connections, bytes and the bytes
// themselves; "" when nothing did.
func (w *Witness) Report() string {
	if w.conns.Load() == 0 && w.bytes.Load() == 0 {
		return ""
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return fmt.Sprintf("%d connections, %d bytes:\n%s", w.conns.Load(), w.bytes.Load(), w.received.String())
}

type recordingListener struct {
	net.Listener
	w *Witness
}

func (l *recordingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.w.conns.Add(1)
		c = &recordingConn{Conn: c, w: l.w}
	}
	return c, err
}

type recordingConn struct {
	net.Conn
	w *Witness
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.w.bytes.Add(int64(n))
	c.w.mu.Lock()
	c.w.received.Write(p[:n])
	c.w.mu.Unlock()
	return n, err
}

// Location is what Redirect points at for a request to path: the witness,
// with userinfo and a query that an error must not repeat.
func (w *Witness) Location(path string) string {
	u, _ := url.Parse(w.URL + path + "?token=" + QuerySecret)
	u.User = url.UserPassword("someone", UserinfoSecret)
	return u.String()
}

// The secrets Location puts in the userinfo and the query.
const (
	UserinfoSecret = "userinfo-secret"
	QuerySecret    = "query-secret"
)

// Redirect serves next until the test ends, except that requests for the
// path trigger (or any of more) are answered with status and a Location at
// the witness. It returns the server's URL.
func Redirect(t testing.TB, next http.Handler, trigger string, status int, to *Witness, more ...string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != trigger && !slices.Contains(more, r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		http.Redirect(w, r, to.Location(r.URL.Path), status)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
