package views

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// TestRetryAfterSetsTheRetryDelay: a list that fails with 429 or 503 waits
// the larger of its own backoff (2 s after one failure) and the server's
// Retry-After, at most a minute, and the status line counts that down.
// The view's clock is fixed, so the delay shows exactly.
func TestRetryAfterSetsTheRetryDelay(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		status int
		header string
		want   string
	}{
		"429 in seconds":           {http.StatusTooManyRequests, "30", "Retrying in 30s (at 04:30:30)"},
		"503 as an HTTP date":      {http.StatusServiceUnavailable, viewTestNow.Add(45 * time.Second).Format(http.TimeFormat), "Retrying in 45s (at 04:30:45)"},
		"longer than the backoff":  {http.StatusTooManyRequests, "3600", "Retrying in 1m0s (at 04:31:00)"},
		"shorter than the backoff": {http.StatusTooManyRequests, "1", "Retrying in 2s (at 04:30:02)"},
		"not on a 500":             {http.StatusInternalServerError, "30", "Retrying in 2s (at 04:30:02)"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newViewFake(t, fakebackend.Options{Recorded: true})
			f.tr.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				// Both ways of loading events fail: a window and a walk.
				if !strings.HasSuffix(r.URL.Path, "/events") && r.URL.Path != "/graphql" {
					f.b.ServeHTTP(w, r)
					return
				}
				w.Header().Set("Retry-After", tc.header)
				w.WriteHeader(tc.status)
			})
			r, _, _ := runEvents(t, f.env(time.Hour))
			r.waitText("Could not load events", tc.want)
		})
	}
}
