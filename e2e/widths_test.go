package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// wideEvents hold, in their entity, check and output, strings whose width
// terminals and width libraries disagree on: each shifted columns or
// wrapped a row of the events table in tmux 3.3a before the table counted
// widths as terminals do and the sanitiser replaced disputed code points.
var wideEvents = []struct{ entity, check, output string }{
	{"wide-नमस्ते", "greet-नमस्ते", "नमस्ते नमस्ते नमस्ते नमस्ते नमस्ते नमस्ते नमस्ते नमस्ते नमस्ते नमस्ते"},
	{"wide-👍🏽", "thumbs-👍🏽👍🏽", "👍🏽 ok 👍🏽 ok 👍🏽 ok 👍🏽 ok 👍🏽 ok 👍🏽 ok 👍🏽 ok 👍🏽 ok 👍🏽 ok"},
	{"wide-\u1160\u1160\u1160", "filler-\u1160\u1160", "\u1160\u1160\u1160\u1160\u1160\u1160\u1160\u1160\u1160\u1160\u1160\u1160 hangul filler"},
	{"wide-☰☱☲☳", "trigram-☴☵☶☷", "☰☱☲☳☴☵☶☷☰☱☲☳☴☵☶☷☰☱☲☳☴☵☶☷ trigrams"},
	{"wide-\u0378\u0379\U000E0080", "unassigned-\u0378", "\u0378\u0379\u0380\u0381\u0382\u0383\U000E0080\U000E0081 unassigned"},
	{"wide-mixed", "mixed-क्षि", "क्षि 👍🏽 \u1160 ☰ \u0378 東京 e\u0301 🇺🇸 नमस्ते"},
	// The reference row: plain ASCII cannot be misaligned itself.
	{"wide-ascii", "plain-ascii", "plain ASCII output"},
}

// putWideEvents sends wideEvents to the fake backend at url, all critical,
// so they sort first.
func putWideEvents(t *testing.T, url string) {
	t.Helper()
	key := apiKeyFor(t, url)
	for _, e := range wideEvents {
		body, _ := json.Marshal(map[string]any{
			"entity": map[string]any{"metadata": map[string]any{"name": e.entity, "namespace": "default"}, "entity_class": "proxy"},
			"check": map[string]any{"metadata": map[string]any{"name": e.check, "namespace": "default"},
				"status": 2, "output": e.output, "interval": 60},
		})
		req, _ := http.NewRequest(http.MethodPost, url+"/api/core/v2/namespaces/default/events", bytes.NewReader(body))
		req.Header.Set("Authorization", "Key "+key)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("putting event %s/%s: %s", e.entity, e.check, res.Status)
		}
	}
}

// lineEnd is where tmux itself says line y of the screen ends: the column
// after its last non-blank cell, as tmux laid the cells out. Copy mode's
// end-of-line finds it, so no width is computed here that could agree
// with the program's own mistake.
func (term *terminal) lineEnd(y int) int {
	term.t.Helper()
	term.Run("send-keys", "-t", "main", "-X", "top-line")
	for range y {
		term.Run("send-keys", "-t", "main", "-X", "cursor-down")
	}
	term.Run("send-keys", "-t", "main", "-X", "end-of-line")
	x, err := strconv.Atoi(strings.TrimSpace(term.Run("display-message", "-p", "-t", "main", "#{copy_cursor_x}")))
	if err != nil {
		term.t.Fatal(err)
	}
	return x
}

// TestWideStringsKeepTheLayout renders events holding disputed strings in
// tmux and checks that no row wrapped (the tab bar is still on the first
// line) and that each of their rows ends where a plain ASCII row and the
// right-aligned OCC title end, by tmux's own count of cells.
func TestWideStringsKeepTheLayout(t *testing.T) {
	requireTmux(t)
	t.Logf("tmux: %s", strings.TrimSpace(tmuxVersion(t)))
	for _, size := range []struct{ w, h int }{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			url := startFakeBackend(t)
			putWideEvents(t, url)
			term := newTerminal(t, size.w, size.h, baseEnv(t), "--api-url", url, "--api-key", apiKeyFor(t, url))
			term.WaitFor("[1 events]", "updated")
			term.Type("/wide")
			term.Keys("Enter")
			screen := term.WaitFor("wide-mixed")

			lines := strings.Split(screen, "\n")
			term.Run("copy-mode", "-t", "main")
			defer term.Run("send-keys", "-t", "main", "-X", "cancel")
			ends := map[int]int{} // line index: where tmux says it ends
			want := -1
			for y, line := range lines {
				if !strings.Contains(line, "wide-") {
					continue
				}
				ends[y] = term.lineEnd(y)
				if strings.Contains(line, "wide-ascii") {
					want = ends[y]
				}
			}
			if want < 0 {
				t.Fatalf("the plain ASCII row is not on screen:\n%s", screen)
			}
			// Where the header is on screen, its right-aligned OCC title ends
			// where the rows do; it is ASCII, so its byte index is its column.
			for _, line := range lines {
				if i := strings.Index(line, "OCC"); i >= 0 && strings.Contains(line, "ENTITY") && i+len("OCC") != want {
					t.Errorf("the plain ASCII row ends at column %d, the OCC title at %d", want, i+len("OCC"))
				}
			}
			misaligned, rows := 0, len(ends)
			var report strings.Builder
			for y, end := range ends {
				if end != want {
					misaligned++
					fmt.Fprintf(&report, "line %d ends at column %d, not %d: %s\n", y+1, end, want, lines[y])
				}
			}
			tabBarFirst := strings.Contains(lines[0], "[1 events]")
			t.Logf("%dx%d: %d of %d rows misaligned (%d events put); tab bar on line 1: %v", size.w, size.h, misaligned, rows, len(wideEvents), tabBarFirst)
			if !tabBarFirst {
				t.Errorf("the tab bar is not on line 1: a row wrapped and scrolled the screen:\n%s", screen)
			}
			if rows != len(wideEvents) {
				t.Errorf("%d rows of the %d events on screen:\n%s", rows, len(wideEvents), screen)
			}
			if misaligned > 0 {
				t.Errorf("%d rows do not end where the plain row ends:\n%s\n%s", misaligned, report.String(), screen)
			}
		})
	}
}

func tmuxVersion(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("tmux", "-V").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestWideStringsOnDetailPages: a detail page holding the disputed strings
// does not wrap a line either, so the screen does not scroll.
func TestWideStringsOnDetailPages(t *testing.T) {
	requireTmux(t)
	url := startFakeBackend(t)
	putWideEvents(t, url)
	term := newTerminal(t, 80, 24, baseEnv(t), "--api-url", url, "--api-key", apiKeyFor(t, url))
	term.WaitFor("[1 events]", "updated")
	for _, e := range wideEvents[:2] {
		term.Keys("/")
		term.Type("'" + e.entity)
		term.Keys("Enter", "Enter")
		screen := term.WaitFor("Output")
		if lines := strings.Split(screen, "\n"); !strings.Contains(lines[0], "[1 events]") {
			t.Errorf("the detail page of %s scrolled the screen: the tab bar is not on line 1:\n%s", e.entity, screen)
		}
		term.Keys("Escape", "/", "Escape")
	}
}
