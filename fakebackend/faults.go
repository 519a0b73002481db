package fakebackend

import "net/http"

// SetFaults replaces the faults in effect.
func (b *Backend) SetFaults(f Faults) {
	b.faultMu.Lock()
	b.faults = f
	b.faultMu.Unlock()
	if f.ExpireTokens {
		b.ExpireAccessTokens()
	}
}

func (b *Backend) currentFaults() Faults {
	b.faultMu.Lock()
	defer b.faultMu.Unlock()
	return b.faults
}

// chance is true with probability p, drawn from the seeded dice.
func (b *Backend) chance(p float64) bool {
	if p <= 0 {
		return false
	}
	b.faultMu.Lock()
	defer b.faultMu.Unlock()
	return b.dice.Float64() < p
}

// injectFault drops or fails an /api or /graphql request as the faults
// say, and reports whether it did.
func (b *Backend) injectFault(w http.ResponseWriter) bool {
	f := b.currentFaults()
	switch {
	case b.chance(f.DropRate):
		drop(w)
	case b.chance(f.ErrorRate):
		writeError(w, http.StatusInternalServerError, codeInternal, "internal error")
	default:
		return false
	}
	return true
}

// drop closes the connection without answering.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// garble truncates a list body when the malformed fault strikes.
func (b *Backend) garble(body []byte) []byte {
	if b.chance(b.currentFaults().MalformedRate) {
		return body[:len(body)/2]
	}
	return body
}
