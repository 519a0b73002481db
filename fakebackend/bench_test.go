package fakebackend_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// TestGeneratesMaxEventsFast guards the seeding budget: 100,000 events in
// well under two seconds.
func TestGeneratesMaxEventsFast(t *testing.T) {
	start := time.Now()
	fakebackend.New(fakebackend.Options{Events: fakebackend.MaxEvents})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("seeding %d events took %v", fakebackend.MaxEvents, d)
	}
}

func benchmarkPage(b *testing.B, query string) {
	clock := testClock()
	backend := fakebackend.New(fakebackend.Options{Events: fakebackend.MaxEvents, Now: clock.Now})
	srv := httptest.NewServer(backend)
	defer srv.Close()
	tok := login(&testing.T{}, srv.URL, fakebackend.AdminUser, fakebackend.AdminPassword)
	req := httptest.NewRequest(http.MethodGet, defaultEvents+query, nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		backend.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}

// A page of 500 from the middle of 100,000 events.
func BenchmarkPage500(b *testing.B) {
	benchmarkPage(b, "?limit=500&continue="+b64("synth-500/synth-check-000\x00"))
}

func BenchmarkAll100k(b *testing.B) { benchmarkPage(b, "") }
