// Package counting counts the bytes of the HTTP answers a transport
// carries, for measurements that compare what requests cost.
package counting

import (
	"io"
	"net/http"
	"sync/atomic"
)

// Transport passes requests to Next and counts the bytes of the answers'
// bodies as they are read.
type Transport struct {
	Next http.RoundTripper
	read atomic.Int64
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.Next.RoundTrip(r)
	if err == nil {
		resp.Body = &body{ReadCloser: resp.Body, n: &t.read}
	}
	return resp, err
}

// Read is the bytes of answers read so far.
func (t *Transport) Read() int64 { return t.read.Load() }

type body struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}
