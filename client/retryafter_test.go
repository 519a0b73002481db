package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
)

// TestRetryAfter reads the server's Retry-After, in seconds or as an HTTP
// date (against the client's clock), on the two statuses that carry it.
func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 22, 4, 30, 0, 0, time.UTC)
	date := func(d time.Duration) string { return now.Add(d).Format(http.TimeFormat) }
	tests := map[string]struct {
		status int
		header string
		want   time.Duration
	}{
		"429, seconds":            {http.StatusTooManyRequests, "30", 30 * time.Second},
		"503, seconds":            {http.StatusServiceUnavailable, "7", 7 * time.Second},
		"429, HTTP date":          {http.StatusTooManyRequests, date(45 * time.Second), 45 * time.Second},
		"503, date in the past":   {http.StatusServiceUnavailable, date(-time.Minute), 0},
		"429, zero":               {http.StatusTooManyRequests, "0", 0},
		"429, none":               {http.StatusTooManyRequests, "", 0},
		"429, not a number":       {http.StatusTooManyRequests, "soon", 0},
		"429, negative":           {http.StatusTooManyRequests, "-5", 0},
		"429, beyond a duration":  {http.StatusTooManyRequests, "99999999999999999999", time.Hour},
		"429, an hour and more":   {http.StatusTooManyRequests, "86400", time.Hour},
		"500 does not carry it":   {http.StatusInternalServerError, "30", 0},
		"502 does not carry it":   {http.StatusBadGateway, "30", 0},
		"429, spaces around it":   {http.StatusTooManyRequests, " 12 ", 12 * time.Second},
		"503, date a minute away": {http.StatusServiceUnavailable, date(time.Minute), time.Minute},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.header != "" {
					w.Header().Set("Retry-After", tc.header)
				}
				w.WriteHeader(tc.status)
			}))
			defer srv.Close()
			c := newClient(t, client.Config{URL: srv.URL, APIKey: "k", Now: func() time.Time { return now }})
			_, err := client.ListAll[client.Event](context.Background(), c, client.Events, client.ListOptions{})
			if err == nil {
				t.Fatal("no error")
			}
			if got := client.RetryAfter(err); got != tc.want {
				t.Fatalf("RetryAfter = %s, want %s (err %v)", got, tc.want, err)
			}
		})
	}
	if got := client.RetryAfter(context.Canceled); got != 0 {
		t.Fatalf("RetryAfter of a foreign error = %s, want 0", got)
	}
}
