package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// payload is check output written by an attacker: a title change, a
// clipboard write, a hyperlink, screen clearing, DCS and APC strings, 8-bit
// C1 controls, and an unterminated CSI at the end.
const payload = "evil\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\" +
	"\x1b[2J\x1b[H\x1bP+q544e\x1b\\\x1b_apc\x1b\\\u009b31m\u009d0;t\u009c\x07\x08\x7f end\x1b["

// errorBody makes every DELETE fail with the payload as Sensu's message.
type errorBody struct{ next http.Handler }

func (e errorBody) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodDelete {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		json.NewEncoder(w).Encode(map[string]any{"message": payload, "code": 0})
		return
	}
	e.next.ServeHTTP(w, r)
}

// requireInert fails if anything from the server could act on the terminal.
// Under the ASCII profile the UI itself writes no escape sequence at all.
func requireInert(t *testing.T, where, view string) {
	t.Helper()
	if !utf8.ValidString(view) {
		t.Fatalf("%s: invalid UTF-8 reached the screen", where)
	}
	for _, r := range view {
		if r == 0x1b || r == 0x07 || r == 0x08 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			t.Fatalf("%s: control %U reached the screen:\n%q", where, r, view)
		}
	}
	if strings.Contains(view, "pwned") && !strings.Contains(view, "]0;pwned") {
		t.Fatalf("%s: the payload lost its escape but kept its shape oddly:\n%s", where, view)
	}
}

func TestHostileServerDataStaysInert(t *testing.T) {
	f := newFake(t, fakebackend.Options{})
	admin := f.admin(t)
	ctx := context.Background()
	entity, check := "evil-host", "evil-check"
	event := map[string]any{
		"entity": map[string]any{"entity_class": "proxy", "metadata": map[string]any{
			"name": entity, "namespace": "default", "labels": map[string]string{"owner": payload}}},
		"check": map[string]any{"status": 2, "output": payload + "\nsecond line " + payload, "interval": 60,
			"metadata": map[string]any{"name": check, "namespace": "default", "labels": map[string]string{"note": payload}},
			"command":  payload, "subscriptions": []string{"web"}},
	}
	body, _ := json.Marshal(event)
	req, _ := http.NewRequest(http.MethodPut, testURL+admin.EventPath("default", entity, check), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+admin.CurrentTokens().Access)
	if resp, err := f.tr.RoundTrip(req); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating the hostile event: %v %v", resp, err)
	}
	if err := admin.CreateSilence(ctx, client.SilenceRequest{Subscription: "entity:" + entity, Reason: payload, Creator: payload}); err != nil {
		t.Fatal(err)
	}

	f.tr.Handler = errorBody{next: f.b}
	s := start(t, New(Options{Env: env(f.client(t, client.Config{Tokens: ptr(admin.CurrentTokens())}))}), 120, 40)
	s.waitText("updated")
	s.send(keyMsg("/"))
	s.typeText("'" + entity)
	s.send(typeKey(tea.KeyEnter))
	s.waitText("1 of")
	steps := []struct {
		name  string
		keys  []tea.Msg
		shows string
	}{
		{"events list", nil, entity},
		{"detail page", []tea.Msg{typeKey(tea.KeyEnter)}, "second line"},
		{"raw page", []tea.Msg{typeKey(tea.KeyEsc), keyMsg("y")}, `"output"`},
		{"resolve confirm", []tea.Msg{typeKey(tea.KeyEsc), keyMsg("R")}, "Resolve " + entity},
		{"silence dialog", []tea.Msg{keyMsg("n"), keyMsg("s")}, "Silence " + entity},
		{"server error in the status line", []tea.Msg{typeKey(tea.KeyEsc), typeKey(tea.KeyCtrlD), keyMsg("y")}, "delete default/" + entity},
		{"entities view", []tea.Msg{keyMsg("4")}, entity},
		{"silences view", []tea.Msg{keyMsg("5")}, "entity:" + entity},
		{"silence detail", []tea.Msg{typeKey(tea.KeyEnter)}, "Reason"},
	}
	for _, step := range steps {
		s.send(step.keys...)
		s.waitText(step.shows)
		requireInert(t, step.name, s.current())
	}
}

func ptr[T any](v T) *T { return &v }

// TestHostileNamesInURLs checks names with path characters reach the right
// URL: a raw "/" or "?" in a name must not change which resource is touched.
func TestHostileNamesInURLs(t *testing.T) {
	c, _ := client.New(client.Config{URL: testURL})
	got := c.EventPath("default", "a/b?c", "d#e")
	want := "/api/core/v2/namespaces/default/events/" + url.PathEscape("a/b?c") + "/" + url.PathEscape("d#e")
	if got != want || strings.Count(got, "/") != 8 {
		t.Fatalf("EventPath = %q, want %q", got, want)
	}
}
