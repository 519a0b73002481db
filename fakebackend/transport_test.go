package fakebackend_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

func TestTransportCountsWhatItAnswers(t *testing.T) {
	seen := 0
	tr := &fakebackend.Transport{Handler: fakebackend.New(fakebackend.Options{}), Observe: func(*http.Request) { seen++ }}
	get := func(ctx context.Context, path string) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://sensu.example.com"+path, nil)
		return tr.RoundTrip(req)
	}
	if resp, err := get(context.Background(), "/health"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /health: %v %v", resp, err)
	}
	if resp, err := get(context.Background(), "/api/core/v2/namespaces"); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("GET namespaces without a token: %v %v", resp, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := get(ctx, "/api/core/v2/namespaces"); err == nil {
		t.Fatal("a request given up by its caller was answered")
	}
	if seen != 3 || tr.APICalls() != 2 || tr.Abandoned() != 1 {
		t.Fatalf("observed %d, %d API calls, %d abandoned; want 3, 2, 1", seen, tr.APICalls(), tr.Abandoned())
	}
}
