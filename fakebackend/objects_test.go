package fakebackend_test

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

const notFound = `{"message":"not found","code":2}`

// TestSimpleKindsAsRecorded lists and gets every simple kind as recordings
// 200-233 show them, a page of one item at a time.
func TestSimpleKindsAsRecorded(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	for path, want := range map[string][]string{
		"namespaces/default/handlers":     {"notify-all", "pipe-logger"},
		"namespaces/default/filters":      {"filter-incidents-only", "filter-repeats"},
		"namespaces/default/mutators":     {"mutator-output-only"},
		"namespaces/default/assets":       {"check-plugins"},
		"namespaces/default/hooks":        {"hook-ps-aux"},
		"namespaces/default/pipelines":    {"pipeline-incidents"},
		"namespaces/default/roles":        {"event-resolver", "system:pipeline"},
		"namespaces/default/rolebindings": {"ops-event-resolver", "system:pipeline"},
		"namespaces/dev/roles":            {"system:pipeline"},
		"namespaces/dev/handlers":         nil,
		"clusterroles":                    {"admin", "cluster-admin", "edit", "handler-reader", "system:agent", "system:user", "view"},
		"clusterrolebindings":             {"cluster-admin", "ops-handler-reader", "system:agent", "system:user", "viewer-view"},
	} {
		path = "/api/core/v2/" + path
		all, pages := walk(t, f, path, "1")
		if !slices.Equal(all, want) || pages != max(len(want), 1) {
			t.Errorf("%s: %v in %d pages, want %v one by one", path, all, pages, want)
		}
		if len(want) == 0 {
			continue
		}
		one := f.get(path + "/" + want[0])
		expectStatus(t, one, 200)
		var got struct{ Metadata struct{ Name string } }
		decode(t, one.body, &got)
		if got.Metadata.Name != want[0] || one.header.Get("Etag") == "" {
			t.Errorf("GET %s/%s: %s, Etag %q", path, want[0], one.text(), one.header.Get("Etag"))
		}
		if r := f.get(path + "/no-such-thing"); r.status != 404 || r.text() != notFound {
			t.Errorf("GET %s/no-such-thing: %d %s", path, r.status, r.text())
		}
	}
}

func TestSimpleKindsRealistic(t *testing.T) {
	f := start(t, fakebackend.Options{})
	handlers := f.get("/api/core/v2/handlers").list(t)
	perNamespace := map[string][]string{}
	for _, h := range handlers {
		meta := h["metadata"].(map[string]any)
		perNamespace[meta["namespace"].(string)] = append(perNamespace[meta["namespace"].(string)], meta["name"].(string))
	}
	if want := []string{"graphite", "notify-all", "ops-alerts", "pagerduty", "pipe-logger", "slack"}; !slices.Equal(perNamespace["default"], want) {
		t.Errorf("handlers in default %v, want %v", perNamespace["default"], want)
	}
	if want := []string{"ops-alerts", "pagerduty", "slack"}; !slices.Equal(perNamespace["prod-eu"], want) {
		t.Errorf("handlers in prod-eu %v, want %v", perNamespace["prod-eu"], want)
	}
	var asset struct {
		Builds []struct {
			URL, Sha512 string
			Filters     []string
		}
	}
	decode(t, f.get("/api/core/v2/namespaces/prod-eu/assets/sensu-slack-handler").body, &asset)
	if len(asset.Builds) != 2 || len(asset.Builds[1].Sha512) != 128 || !strings.Contains(asset.Builds[1].URL, "arm64") {
		t.Errorf("asset builds %+v", asset.Builds)
	}
}

// TestBodiesEscapeHTMLCharacters: <, > and & travel as \u003c, \u003e and
// \u0026, as Go's encoder writes them by default (recordings 200, 204).
func TestBodiesEscapeHTMLCharacters(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	for path, want := range map[string]string{
		"/api/core/v2/namespaces/default/handlers":               `"command":"cat \u003e /dev/null"`,
		"/api/core/v2/namespaces/default/filters/filter-repeats": `"event.check.occurrences \u003e 3"`,
	} {
		if r := f.get(path); !strings.Contains(r.text(), want) {
			t.Errorf("GET %s: %s lacks %s", path, r.text(), want)
		}
	}
}

// TestViewerRights follows recordings 248-253: the view role reads the
// pipeline's configuration and its own user, not RBAC, pipelines or others.
func TestViewerRights(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	viewer := login(t, f.srv.URL, fakebackend.ViewerUser, fakebackend.ViewerPassword)
	for path, want := range map[string]int{
		"/api/core/v2/namespaces/default/handlers":     200,
		"/api/core/v2/namespaces/default/filters":      200,
		"/api/core/v2/namespaces/default/assets":       200,
		"/api/core/v2/namespaces/default/roles":        403,
		"/api/core/v2/namespaces/default/rolebindings": 403,
		"/api/core/v2/namespaces/default/pipelines":    403,
		"/api/core/v2/namespaces/dev/handlers":         403,
		"/api/core/v2/handlers":                        403,
		"/api/core/v2/users":                           403,
		"/api/core/v2/users/viewer":                    200,
		"/api/core/v2/users/admin":                     403,
		"/api/core/v2/clusterroles":                    403,
		"/api/core/v2/clusterrolebindings/viewer-view": 403,
		"/api/core/v2/cluster/members":                 403,
	} {
		if r := f.send("GET", path, "Bearer "+viewer.AccessToken, ""); r.status != want {
			t.Errorf("viewer GET %s: %d %s, want %d", path, r.status, r.text(), want)
		}
	}
	if r := f.send("GET", "/api/core/v2/users/viewer", "Bearer "+viewer.RefreshToken, ""); r.status != 403 {
		t.Errorf("a refresh token read its user: %d %s", r.status, r.text())
	}
}

// TestUsersAsRecorded: the recorded user list, where a user without
// groups has no groups key (219, 250), while tokens add system:users.
func TestUsersAsRecorded(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	want := `[{"username":"admin","groups":["cluster-admins"],"disabled":false},{"username":"agent","groups":["system:agents"],"disabled":false},{"username":"operator1","groups":["ops"],"disabled":false},{"username":"viewer","disabled":false}]`
	if r := f.get("/api/core/v2/users"); r.text() != want {
		t.Errorf("users %s\nwant  %s", r.text(), want)
	}
	for user, groups := range map[string][]string{
		fakebackend.AdminUser:  {"cluster-admins", "system:users"},
		fakebackend.ViewerUser: {"system:users"},
	} {
		password := fakebackend.AdminPassword
		if user == fakebackend.ViewerUser {
			password = fakebackend.ViewerPassword
		}
		tok := login(t, f.srv.URL, user, password)
		payload, _ := base64.RawURLEncoding.DecodeString(strings.Split(tok.AccessToken, ".")[1])
		var claims struct{ Groups []string }
		decode(t, payload, &claims)
		if !slices.Equal(claims.Groups, groups) {
			t.Errorf("%s's token groups %v, want %v", user, claims.Groups, groups)
		}
	}
}

func TestHealthReadyMetrics(t *testing.T) {
	f := start(t, fakebackend.Options{})
	if r := f.send("GET", "/health?timeout=abc", "", ""); r.status != 400 || r.text() != "strconv.Atoi: parsing \"abc\": invalid syntax\n" {
		t.Errorf("bad timeout: %d %q", r.status, r.text())
	}
	healthy := f.send("GET", "/health?timeout=5", "", "")
	if healthy.status != 200 || !strings.Contains(healthy.text(), `"Err":"","Healthy":true`) {
		t.Errorf("health %d %s", healthy.status, healthy.text())
	}
	f.backend.SetFaults(fakebackend.Faults{Unhealthy: "context deadline exceeded"})
	if r := f.send("GET", "/health", "", ""); r.status != 200 || !strings.Contains(r.text(), `"Err":"context deadline exceeded","Healthy":false`) {
		t.Errorf("unhealthy: %d %s", r.status, r.text())
	}
	f.backend.SetFaults(fakebackend.Faults{})
	if r := f.send("GET", "/health", "", ""); r.text() != healthy.text() {
		t.Errorf("health after the fault: %s", r.text())
	}
	if r := f.send("GET", "/ready", "", ""); r.status != 200 || r.text() != "ready\n" {
		t.Errorf("ready: %d %q", r.status, r.text())
	}
	metrics := f.send("GET", "/metrics", "", "")
	if metrics.header.Get("Content-Type") != "text/plain; version=0.0.4; charset=utf-8" || !strings.HasSuffix(metrics.text(), "\n") ||
		!strings.Contains(metrics.text(), "\netcd_debugging_disk_backend_commit_spill_duration_seconds_count ") {
		t.Errorf("metrics %s: %s", metrics.header.Get("Content-Type"), metrics.text())
	}
	var members struct {
		Members []struct{ Name string }
	}
	decode(t, f.get("/api/core/v2/cluster/members").body, &members)
	var id string
	decode(t, f.get("/api/core/v2/cluster/id").body, &id)
	if len(members.Members) != 1 || members.Members[0].Name != "default" || len(id) != 36 {
		t.Errorf("members %+v, id %q", members, id)
	}
}

// TestEntityDeleteTakesItsEvents follows recordings 254-259.
func TestEntityDeleteTakesItsEvents(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	const entity = "/api/core/v2/namespaces/default/entities/agent-1"
	before := f.get(entity)
	if n := len(f.get(defaultEvents + "/agent-1").list(t)); n == 0 {
		t.Fatal("agent-1 has no events to lose")
	}
	agent2 := len(f.get(defaultEvents + "/agent-2").list(t))
	expectStatus(t, f.as("DELETE", entity, ""), 204)
	expectStatus(t, f.get(entity), 404)
	if r := f.get(defaultEvents + "/agent-1"); r.text() != "[]" {
		t.Errorf("events of the deleted entity: %s", r.text())
	}
	if n := len(f.get(defaultEvents + "/agent-2").list(t)); n != agent2 {
		t.Errorf("agent-2 has %d events, had %d", n, agent2)
	}
	put := f.as("PUT", entity, before.text())
	if put.status != 200 || put.text() != before.text() || put.header.Get("Content-Type") != "application/json" {
		t.Errorf("PUT: %d %s", put.status, put.text())
	}
	if r := f.get(entity); r.text() != before.text() {
		t.Errorf("after PUT %s", r.text())
	}
	if r := f.get(defaultEvents + "/agent-1"); r.text() != "[]" {
		t.Errorf("events came back with the entity: %s", r.text())
	}
	for body, want := range map[string]string{
		`{"entity_class":"proxy","metadata":{"name":"agent-2"}}`: `{"message":"the name of the resource (agent-2) does not match the name on the request (agent-1)","code":1}`,
		`{"metadata":{"name":"agent-1"}}`:                        `{"message":"entity class must not be empty","code":1}`,
	} {
		if r := f.as("PUT", entity, body); r.status != 400 || r.text() != want {
			t.Errorf("PUT %s: %d %s", body, r.status, r.text())
		}
	}
}

// TestCheckPutReplacesAndDeleteRemoves follows recordings 260-266.
func TestCheckPutReplacesAndDeleteRemoves(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	var check map[string]any
	decode(t, f.get(checkOK).body, &check)
	check["publish"] = false
	body, _ := json.Marshal(check)
	if r := f.as("PUT", checkOK, string(body)); r.status != 201 || len(r.body) != 0 || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("PUT: %d %q", r.status, r.text())
	}
	var after map[string]any
	decode(t, f.get(checkOK).body, &after)
	if after["publish"] != false || after["command"] != check["command"] {
		t.Errorf("after PUT %v", after)
	}
	// The replaced check still runs as before.
	expectStatus(t, f.as("POST", checkOK+"/execute", `{}`), 202)
	if e := eventOf(t, f, "agent-1", "check-ok"); e.Check.Output != "all good\n" {
		t.Errorf("the replaced check ran with output %q", e.Check.Output)
	}
	expectStatus(t, f.as("DELETE", checkOK, ""), 204)
	if r := f.get(checkOK); r.status != 404 || r.text() != notFound {
		t.Errorf("GET after DELETE: %d %s", r.status, r.text())
	}
	expectStatus(t, f.as("DELETE", checkOK, ""), 404)
	if n := len(f.get(defaultEvents + "/agent-1").list(t)); n == 0 {
		t.Error("deleting the check took events with it")
	}
	// A new check runs, and passes, when executed.
	const fresh = "/api/core/v2/namespaces/default/checks/check-new"
	expectStatus(t, f.as("PUT", fresh, `{"command":"true","interval":60,"subscriptions":["entity:agent-1"],"publish":true}`), 201)
	expectStatus(t, f.as("POST", fresh+"/execute", `{}`), 202)
	if e := eventOf(t, f, "agent-1", "check-new"); e.Check.Status != 0 {
		t.Errorf("the new check's event %+v", e)
	}
}
