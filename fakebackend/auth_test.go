package fakebackend_test

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

const checkOK = "/api/core/v2/namespaces/default/checks/check-ok"

func basic(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}

func refreshBody(token string) string { return `{"refresh_token":"` + token + `"}` }

func TestLoginAnswersTokensThatExpireWithTheClock(t *testing.T) {
	f := start(t, fakebackend.Options{TokenLifetime: time.Minute})
	if want := f.clock.Now().Add(time.Minute).Unix(); f.admin.ExpiresAt != want {
		t.Errorf("expires_at %d, want now+lifetime %d", f.admin.ExpiresAt, want)
	}
	if f.admin.AccessToken == f.admin.RefreshToken || len(f.admin.AccessToken) < 32 {
		t.Errorf("weak tokens: %q / %q", f.admin.AccessToken, f.admin.RefreshToken)
	}
	if other := login(t, f.srv.URL, fakebackend.AdminUser, fakebackend.AdminPassword); other.AccessToken == f.admin.AccessToken {
		t.Error("two logins gave the same access token")
	}
	expectStatus(t, f.get(checkOK), 200)
	f.clock.Advance(time.Minute)
	r := f.get(checkOK)
	expectStatus(t, r, 401)
	if r.text() != `{"Code":5,"Message":"invalid credentials"}` {
		t.Errorf("expired token body %s", r.text())
	}
}

func TestLoginFailures(t *testing.T) {
	f := start(t, fakebackend.Options{})
	for _, c := range []struct{ auth, body string }{
		{basic("admin", "wrong"), "Unauthorized\n"},
		{basic("nobody", fakebackend.AdminPassword), "Unauthorized\n"},
		{basic("carol", "carol-pass"), "Unauthorized\n"}, // disabled
		{"", "Request unauthorized\n"},
	} {
		r := f.send("GET", "/auth", c.auth, "")
		if r.status != 401 || r.text() != c.body || r.header.Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Errorf("GET /auth with %q: %d %q", c.auth, r.status, r.text())
		}
	}
	if r := f.send("GET", "/auth/test", basic(fakebackend.ViewerUser, fakebackend.ViewerPassword), ""); r.status != 200 || len(r.body) != 0 {
		t.Errorf("GET /auth/test as viewer: %d %q", r.status, r.text())
	}
}

func TestRefresh(t *testing.T) {
	f := start(t, fakebackend.Options{})
	bearer := "Bearer " + f.admin.AccessToken
	r := f.send("POST", "/auth/token", bearer, refreshBody(f.admin.RefreshToken))
	expectStatus(t, r, 200)
	var fresh tokens
	decode(t, r.body, &fresh)
	if fresh.RefreshToken != f.admin.RefreshToken || fresh.AccessToken == f.admin.AccessToken {
		t.Errorf("refresh gave %+v", fresh)
	}
	if n := f.backend.RefreshCount(); n != 1 {
		t.Errorf("RefreshCount %d, want 1", n)
	}
	expectStatus(t, f.send("GET", checkOK, "Bearer "+fresh.AccessToken, ""), 200)

	// The old access token, even expired, still authorizes a refresh.
	f.backend.ExpireAccessTokens()
	expectStatus(t, f.get(checkOK), 401)
	expectStatus(t, f.send("POST", "/auth/token", bearer, refreshBody(f.admin.RefreshToken)), 200)

	for _, c := range []struct {
		name, auth, body string
		status           int
		text             string
	}{
		{"garbage access", "Bearer not.a.jwt", refreshBody(f.admin.RefreshToken), 401, "Request unauthorized\n"},
		{"no header", "", refreshBody(f.admin.RefreshToken), 401, "Request unauthorized\n"},
		{"garbage refresh", bearer, refreshBody("garbage"), 401, "Request unauthorized\n"},
		{"no body", bearer, "", 400, "EOF\n"},
		{"expired access as refresh", bearer, refreshBody(f.admin.AccessToken), 401, "Request unauthorized\n"},
	} {
		r := f.send("POST", "/auth/token", c.auth, c.body)
		if r.status != c.status || r.text() != c.text {
			t.Errorf("%s: %d %q, want %d %q", c.name, r.status, r.text(), c.status, c.text)
		}
	}
	if n := f.backend.RefreshCount(); n != 2 {
		t.Errorf("RefreshCount %d, want 2 (failures do not count)", n)
	}
}

func TestRefreshQuirks(t *testing.T) {
	f := start(t, fakebackend.Options{})
	bearer := "Bearer " + f.admin.AccessToken
	// An unexpired access token passes as a refresh token and comes back.
	r := f.send("POST", "/auth/token", bearer, refreshBody(f.admin.AccessToken))
	expectStatus(t, r, 200)
	var got tokens
	decode(t, r.body, &got)
	if got.RefreshToken != f.admin.AccessToken {
		t.Error("access-as-refresh did not echo the token")
	}
	// Any /auth path with a Bearer is a refresh: /auth/test answers 400 EOF.
	if r := f.send("GET", "/auth/test", bearer, ""); r.status != 400 || r.text() != "EOF\n" {
		t.Errorf("/auth/test with Bearer: %d %q", r.status, r.text())
	}
	// Logout revokes nothing.
	expectStatus(t, f.send("POST", "/auth/logout", bearer, refreshBody(f.admin.RefreshToken)), 200)
	expectStatus(t, f.send("POST", "/auth/token", bearer, refreshBody(f.admin.RefreshToken)), 200)
	// A viewer's refresh token does not refresh an admin's session.
	viewer := login(t, f.srv.URL, fakebackend.ViewerUser, fakebackend.ViewerPassword)
	expectStatus(t, f.send("POST", "/auth/token", bearer, refreshBody(viewer.RefreshToken)), 401)
}

func TestAPICredentials(t *testing.T) {
	f := start(t, fakebackend.Options{})
	bad := `{"Code":5,"Message":"bad credentials"}`
	invalid := `{"Code":5,"Message":"invalid credentials"}`
	for _, c := range []struct {
		name, auth string
		status     int
		body       string
	}{
		{"none", "", 401, bad},
		{"basic", basic(fakebackend.AdminUser, fakebackend.AdminPassword), 401, bad},
		{"garbage bearer", "Bearer abc.def.ghi", 401, invalid},
		{"unknown key", "Key f238665f-360e-404e-8ec2-3a637e00b4a6", 401, invalid},
		{"refresh as bearer", "Bearer " + f.admin.RefreshToken, 403, `{"Code":4,"Message":"unauthorized to perform action"}`},
	} {
		r := f.send("GET", checkOK, c.auth, "")
		if r.status != c.status || r.text() != c.body {
			t.Errorf("%s: %d %s, want %d %s", c.name, r.status, r.text(), c.status, c.body)
		}
	}
}

func TestAPIKeys(t *testing.T) {
	f := start(t, fakebackend.Options{})
	r := f.as("POST", "/api/core/v2/apikeys", `{"username":"bob"}`)
	expectStatus(t, r, 201)
	key := strings.TrimPrefix(r.header.Get("Location"), "/api/core/v2/apikeys/")
	if len(key) != 36 || len(r.body) != 0 {
		t.Fatalf("Location %q, body %q", r.header.Get("Location"), r.text())
	}
	if got := f.backend.APIKeyNames(); !slices.Equal(got, []string{key}) {
		t.Errorf("APIKeyNames %v", got)
	}
	got := f.get("/api/core/v2/apikeys/" + key)
	expectStatus(t, got, 200)
	if !strings.Contains(got.text(), `"username":"bob"`) || !strings.Contains(got.text(), `"created_by":"admin"`) {
		t.Errorf("key %s", got.text())
	}
	// The key acts as its user: bob may read default but not write.
	expectStatus(t, f.send("GET", checkOK, "Key "+key, ""), 200)
	expectStatus(t, f.send("DELETE", "/api/core/v2/namespaces/default/events/agent-1/check-ok", "Key "+key, ""), 403)
	expectStatus(t, f.send("GET", checkOK, "Bearer "+key, ""), 401)

	for _, body := range []string{`{"username":"ghost"}`, `{}`} {
		if r := f.as("POST", "/api/core/v2/apikeys", body); r.status != 400 || r.text() != "user does not exist\n" {
			t.Errorf("POST %s: %d %q", body, r.status, r.text())
		}
	}
	expectStatus(t, f.as("POST", "/api/core/v2/namespaces/default/apikeys", `{"username":"admin"}`), 404)

	expectStatus(t, f.as("DELETE", "/api/core/v2/apikeys/"+key, ""), 204)
	expectStatus(t, f.send("GET", checkOK, "Key "+key, ""), 401)
	expectStatus(t, f.as("DELETE", "/api/core/v2/apikeys/"+key, ""), 404)
	if got := f.backend.APIKeyNames(); len(got) != 0 {
		t.Errorf("APIKeyNames after revoke %v", got)
	}
}

func TestViewerIsReadOnlyInDefault(t *testing.T) {
	f := start(t, fakebackend.Options{})
	viewer := "Bearer " + login(t, f.srv.URL, fakebackend.ViewerUser, fakebackend.ViewerPassword).AccessToken
	forbidden := `{"Code":4,"Message":"unauthorized to perform action"}`
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/core/v2/namespaces/dev/events", ""},
		{"GET", "/api/core/v2/namespaces/nope/events", ""},
		{"GET", "/api/core/v2/events?limit=2", ""},
		{"GET", "/api/core/v2/silenced", ""},
		{"GET", "/api/core/v2/apikeys", ""},
		{"POST", "/api/core/v2/apikeys", `{"username":"viewer"}`},
		{"GET", "/api/core/v2/users", ""},
		{"POST", "/api/core/v2/namespaces/default/checks/check-ok/execute", `{}`},
		{"DELETE", "/api/core/v2/namespaces/default/events/agent-1/check-ok", ""},
		{"PUT", "/api/core/v2/namespaces/default/events/agent-1/check-ok", `{}`},
		{"POST", "/api/core/v2/namespaces/default/silenced", `{"check":"check-ok"}`},
		{"DELETE", "/api/core/v2/namespaces/default/entities/agent-1", ""},
	} {
		if r := f.send(c.method, c.path, viewer, c.body); r.status != 403 || r.text() != forbidden {
			t.Errorf("viewer %s %s: %d %s", c.method, c.path, r.status, r.text())
		}
	}
	for _, path := range []string{defaultEvents + "?limit=2", "/api/core/v2/namespaces/default/events/agent-1/check-ok", "/api/core/v2/namespaces/default/silenced"} {
		expectStatus(t, f.send("GET", path, viewer, ""), 200)
	}
	if r := f.send("GET", "/api/core/v2/namespaces", viewer, ""); r.text() != `[{"name":"default"}]` {
		t.Errorf("viewer namespaces %s", r.text())
	}
}

func TestUsersListForGrantPicker(t *testing.T) {
	f := start(t, fakebackend.Options{})
	r := f.get("/api/core/v2/users")
	expectStatus(t, r, 200)
	var users []struct {
		Username string   `json:"username"`
		Groups   []string `json:"groups"`
		Disabled bool     `json:"disabled"`
	}
	decode(t, r.body, &users)
	var got []string
	for _, u := range users {
		got = append(got, u.Username)
	}
	if !slices.Equal(got, []string{"admin", "alice", "bob", "carol", "viewer"}) {
		t.Errorf("users %v", got)
	}
	if !slices.Contains(users[0].Groups, "cluster-admins") || !users[3].Disabled {
		t.Errorf("users %+v", users)
	}
	expectStatus(t, f.get("/api/core/v2/users/alice"), 200)
	expectStatus(t, f.get("/api/core/v2/users/ghost"), 404)
}

func TestUnknownRoutes(t *testing.T) {
	f := start(t, fakebackend.Options{})
	for _, auth := range []string{"", "Bearer " + f.admin.AccessToken} {
		for _, path := range []string{"/api/core/v2/namespaces/default/bogus", "/api/core/v2/namespaces/default/apikey", "/api/core/v3/whatever"} {
			r := f.send("GET", path, auth, "")
			if r.status != 404 || r.text() != `{"code":2,"message":"not found"}`+"\n" {
				t.Errorf("GET %s (auth %v): %d %q", path, auth != "", r.status, r.text())
			}
		}
	}
	expectStatus(t, f.as(http.MethodPatch, defaultEvents, ""), 405)
}
