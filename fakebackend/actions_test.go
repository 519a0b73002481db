package fakebackend_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

const syntheticEvent = `{"entity":{"entity_class":"proxy","metadata":{"name":"synthetic-host","namespace":"default"}},"check":{"metadata":{"name":"synthetic-check","namespace":"default"},"status":2,"output":"synthetic critical","interval":60,"handlers":[]},"metadata":{"namespace":"default"}}`

func eventOf(t *testing.T, f *fixture, entity, check string) eventFacts {
	t.Helper()
	raw, ok := f.backend.Event("default", entity, check)
	if !ok {
		t.Fatalf("no event %s/%s", entity, check)
	}
	var e eventFacts
	decode(t, raw, &e)
	return e
}

func TestEventCreateAutoCreatesProxyEntity(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	for range 2 {
		r := f.as("POST", defaultEvents, syntheticEvent)
		if r.status != 201 || len(r.body) != 0 {
			t.Fatalf("POST event: %d %q", r.status, r.text())
		}
	}
	expectStatus(t, f.as("PUT", defaultEvents+"/synthetic-host/synthetic-check", syntheticEvent), 201)
	e := eventOf(t, f, "synthetic-host", "synthetic-check")
	if e.Check.Status != 2 || len(e.Check.History) != 3 || e.Entity.EntityClass != "proxy" {
		t.Errorf("event after 3 posts: %+v", e)
	}
	entity := f.get("/api/core/v2/namespaces/default/entities/synthetic-host")
	expectStatus(t, entity, 200)
	if !strings.Contains(entity.text(), `"subscriptions":["entity:synthetic-host"]`) {
		t.Errorf("proxy entity %s", entity.text())
	}
	expectStatus(t, f.as("DELETE", defaultEvents+"/synthetic-host/synthetic-check", ""), 204)
	if r := f.as("DELETE", defaultEvents+"/synthetic-host/synthetic-check", ""); r.status != 404 || r.text() != `{"message":"not found","code":2}` {
		t.Errorf("second delete: %d %s", r.status, r.text())
	}
	if _, ok := f.backend.Event("default", "synthetic-host", "synthetic-check"); ok {
		t.Error("Event helper still finds the deleted event")
	}
}

func TestEventCreateRejectsBadBodies(t *testing.T) {
	f := start(t, fakebackend.Options{})
	for body, want := range map[string]string{
		`{"check":{"metadata":{"name":"x"}}}`: `{"message":"event must contain an entity","code":1}`,
		`not json`:                            `{"message":"invalid character 'o' in literal null (expecting 'u')","code":1}`,
	} {
		if r := f.as("POST", defaultEvents, body); r.status != 400 || r.text() != want {
			t.Errorf("POST %s: %d %s", body, r.status, r.text())
		}
	}
	// A form-labelled body is eaten before the handler sees it.
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/core/v2/namespaces/default/checks/check-ok/execute", strings.NewReader(`{}`))
	req.Header.Set("Authorization", "Bearer "+f.admin.AccessToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 500 {
		t.Errorf("form-encoded execute: %s", resp.Status)
	}
}

// TestResolveLikeSensuctl follows recordings 150-152: GET, set status 0,
// PUT it back.
func TestResolveLikeSensuctl(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	r := f.get(defaultEvents + "/agent-1/check-warn")
	expectStatus(t, r, 200)
	var ev map[string]any
	decode(t, r.body, &ev)
	check := ev["check"].(map[string]any)
	now := f.clock.Now().Unix()
	check["status"], check["output"], check["executed"], ev["timestamp"] = 0, "Resolved manually by test", now, now
	body, _ := json.Marshal(ev)
	expectStatus(t, f.as("PUT", defaultEvents+"/agent-1/check-warn", string(body)), 201)
	e := eventOf(t, f, "agent-1", "check-warn")
	if e.Check.Status != 0 || e.Check.State != "passing" || e.Check.Output != "Resolved manually by test" {
		t.Errorf("after resolve: %+v", e.Check)
	}
}

func TestExecuteRunsTheCheck(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	r := f.as("POST", "/api/core/v2/namespaces/default/checks/check-adhoc/execute", `{"check":"check-adhoc","subscriptions":["entity:agent-2"],"reason":"test"}`)
	if r.status != 202 || r.text() != `{"issued":`+itoa64(f.clock.Now().Unix())+`}` {
		t.Fatalf("execute: %d %s", r.status, r.text())
	}
	expectStatus(t, f.as("POST", "/api/core/v2/namespaces/default/checks/check-crit/execute", `{}`), 202)
	if r := f.as("POST", "/api/core/v2/namespaces/default/checks/check-ok/execute", ""); r.status != 500 || r.text() != `{"message":"EOF","code":0}` {
		t.Errorf("execute without body: %d %s", r.status, r.text())
	}
	expectStatus(t, f.as("POST", "/api/core/v2/namespaces/default/checks/no-such-check/execute", `{}`), 404)

	got := f.backend.ExecuteRequests()
	want := []fakebackend.ExecuteRequest{
		{Namespace: "default", Check: "check-adhoc", Subscriptions: []string{"entity:agent-2"}, Reason: "test", Issued: f.clock.Now().Unix()},
		{Namespace: "default", Check: "check-crit", Issued: f.clock.Now().Unix()},
	}
	if !slices.EqualFunc(got, want, func(a, b fakebackend.ExecuteRequest) bool {
		return a.Namespace == b.Namespace && a.Check == b.Check && slices.Equal(a.Subscriptions, b.Subscriptions) && a.Reason == b.Reason && a.Issued == b.Issued
	}) {
		t.Errorf("ExecuteRequests %+v", got)
	}
	if e := eventOf(t, f, "agent-2", "check-adhoc"); e.Check.Output != "adhoc run\n" {
		t.Errorf("adhoc event %+v", e.Check)
	}
	if _, ok := f.backend.Event("default", "agent-1", "check-adhoc"); ok {
		t.Error("check-adhoc ran on agent-1, which was not targeted")
	}
}

func TestSilences(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	const silenced = "/api/core/v2/namespaces/default/silenced"
	expectStatus(t, f.as("POST", silenced, `{"subscription":"linux","check":"check-false","expire":3600,"reason":"known"}`), 201)
	expectStatus(t, f.as("POST", silenced, `{"check":"check-warn"}`), 201)
	expectStatus(t, f.as("POST", silenced, `{"subscription":"entity:agent-2","expire_on_resolve":true}`), 201)
	if r := f.as("POST", silenced, `{"subscription":"linux","check":"check-false"}`); r.status != 409 || r.text() != `{"message":"resource already exists","code":3}` {
		t.Errorf("duplicate: %d %s", r.status, r.text())
	}
	if got := f.get(silenced).names(t); !slices.Equal(got, []string{"*:check-warn", "entity:agent-2:*", "linux:check-false"}) {
		t.Errorf("silences %v", got)
	}
	raw, ok := f.backend.Silence("default", "linux:check-false")
	var s struct {
		Begin, Expire, ExpireAt int64
		Creator                 string
	}
	if !ok {
		t.Fatal("Silence helper found nothing")
	}
	decode(t, raw, &s)
	if now := f.clock.Now().Unix(); s.Begin != now || s.Expire != 3600 {
		t.Errorf("silence %s", raw)
	}
	for _, c := range []struct{ entity, check string }{{"agent-1", "check-false"}, {"agent-2", "check-false"}, {"agent-1", "check-warn"}, {"agent-2", "keepalive"}} {
		if !eventOf(t, f, c.entity, c.check).Check.IsSilenced {
			t.Errorf("%s/%s is not silenced", c.entity, c.check)
		}
	}
	if eventOf(t, f, "agent-1", "check-ok").Check.IsSilenced {
		t.Error("agent-1/check-ok is silenced")
	}
	expectStatus(t, f.get(silenced+"/entity:agent-2:%2A"), 200)
	if n := len(f.get(silenced + "/checks/check-false").list(t)); n != 1 {
		t.Errorf("silenced/checks/check-false: %d", n)
	}
	if n := len(f.get(silenced + "/subscriptions/linux").list(t)); n != 1 {
		t.Errorf("silenced/subscriptions/linux: %d", n)
	}

	// An OK result ends expire_on_resolve silences that cover it.
	expectStatus(t, f.as("POST", "/api/core/v2/namespaces/default/checks/check-true/execute", `{}`), 202)
	if _, ok := f.backend.Silence("default", "entity:agent-2:*"); ok {
		t.Error("expire_on_resolve silence survived an OK result")
	}

	expectStatus(t, f.as("DELETE", silenced+"/%2A:check-warn", ""), 204)
	if r := f.as("DELETE", silenced+"/*:check-warn", ""); r.status != 404 || r.text() != `{"message":"not found","code":2}` {
		t.Errorf("second delete: %d %s", r.status, r.text())
	}
	if r := f.get(silenced + "/*:check-warn"); r.status != 404 || r.text() != `{"message":"silenced entry not found","code":2}` {
		t.Errorf("get deleted: %d %s", r.status, r.text())
	}

	// Silences lapse with the clock (and so does the token).
	f.clock.Advance(2 * time.Hour)
	f.admin = login(t, f.srv.URL, fakebackend.AdminUser, fakebackend.AdminPassword)
	if n := len(f.get(silenced).list(t)); n != 0 {
		t.Errorf("%d silences left after they expired", n)
	}
	if eventOf(t, f, "agent-1", "check-false").Check.IsSilenced {
		t.Error("expired silence still silences")
	}
}

func itoa64(n int64) string { b, _ := json.Marshal(n); return string(b) }
