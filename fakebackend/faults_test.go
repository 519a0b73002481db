package fakebackend_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

func TestFaultErrorRate(t *testing.T) {
	f := start(t, fakebackend.Options{})
	f.backend.SetFaults(fakebackend.Faults{ErrorRate: 1})
	r := f.get(defaultEvents)
	if r.status != 500 || r.text() != `{"message":"internal error","code":0}` {
		t.Errorf("with ErrorRate 1: %d %s", r.status, r.text())
	}
	// Only /api is affected.
	if r := f.send("GET", "/health", "", ""); r.status != 200 {
		t.Errorf("/health with ErrorRate 1: %d", r.status)
	}
	login(t, f.srv.URL, fakebackend.AdminUser, fakebackend.AdminPassword)

	f.backend.SetFaults(fakebackend.Faults{ErrorRate: 0.5})
	failed := 0
	for range 200 {
		if f.get(checkOK).status == 500 {
			failed++
		}
	}
	if failed < 60 || failed > 140 {
		t.Errorf("ErrorRate 0.5 failed %d of 200", failed)
	}
}

func TestFaultDropRate(t *testing.T) {
	f := start(t, fakebackend.Options{})
	f.backend.SetFaults(fakebackend.Faults{DropRate: 1})
	req, _ := http.NewRequest("GET", f.srv.URL+checkOK, nil)
	req.Header.Set("Authorization", "Bearer "+f.admin.AccessToken)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("dropped request answered %s", resp.Status)
	}
	f.backend.SetFaults(fakebackend.Faults{})
	expectStatus(t, f.get(checkOK), 200)
}

func TestFaultMalformedListsOnly(t *testing.T) {
	f := start(t, fakebackend.Options{})
	f.backend.SetFaults(fakebackend.Faults{MalformedRate: 1})
	if r := f.get(defaultEvents + "?limit=3"); r.status != 200 || json.Valid(r.body) {
		t.Errorf("list with MalformedRate 1: %d valid=%v", r.status, json.Valid(r.body))
	}
	if r := f.get(checkOK); !json.Valid(r.body) {
		t.Error("single resource garbled; only lists should be")
	}
}

func TestFaultLatency(t *testing.T) {
	f := start(t, fakebackend.Options{})
	f.backend.SetFaults(fakebackend.Faults{Latency: 50 * time.Millisecond})
	began := time.Now()
	f.get(checkOK)
	if d := time.Since(began); d < 50*time.Millisecond {
		t.Errorf("answered in %v despite 50ms latency", d)
	}
}

func TestFaultExpireTokensForcesRefresh(t *testing.T) {
	f := start(t, fakebackend.Options{})
	f.backend.SetFaults(fakebackend.Faults{ExpireTokens: true})
	expectStatus(t, f.get(checkOK), 401)
	r := f.send("POST", "/auth/token", "Bearer "+f.admin.AccessToken, refreshBody(f.admin.RefreshToken))
	expectStatus(t, r, 200)
	var fresh tokens
	decode(t, r.body, &fresh)
	expectStatus(t, f.send("GET", checkOK, "Bearer "+fresh.AccessToken, ""), 200)
	if f.backend.RefreshCount() != 1 {
		t.Errorf("RefreshCount %d", f.backend.RefreshCount())
	}
}

func TestRequestsCountsEverything(t *testing.T) {
	f := start(t, fakebackend.Options{})
	before := f.backend.Requests()
	f.send("GET", "/health", "", "")
	f.get(checkOK)
	f.get("/nowhere")
	if got := f.backend.Requests() - before; got != 3 {
		t.Errorf("Requests grew by %d, want 3", got)
	}
}
