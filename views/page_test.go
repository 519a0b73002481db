package views

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
)

// TestPageTitleIsOneLine: a detail or raw page's title is cut to one line
// with an ellipsis, however long the name the server sent.
func TestPageTitleIsOneLine(t *testing.T) {
	tests := map[string]struct {
		title string
		raw   bool
	}{
		"400 characters":       {strings.Repeat("n", 400), false},
		"400 characters, raw":  {strings.Repeat("n", 400) + " (raw)", true},
		"a megabyte":           {strings.Repeat("big-name-", 1<<20/9), false},
		"a megabyte of CJK":    {strings.Repeat("東京", 1<<20/6), true},
		"wider by code points": {strings.Repeat("नमस्ते", 40), false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p := newPage(Env{}, "key", tc.title, 80, 24)
			if tc.raw {
				p.raw = &rawState{keys: keymap.DefaultRaw()}
				p.renderRaw()
			}
			lines := strings.Split(p.view(), "\n")
			if len(lines) != 24 {
				t.Errorf("the page is %d lines, want 24", len(lines))
			}
			first := ansi.Strip(lines[0])
			if w := ansi.StringWidthWc(first); w > 80 {
				t.Fatalf("the title line is %d cells wide, want at most 80: %.200q", w, first)
			}
			want := "…"
			if tc.raw {
				want = "… · JSON"
			}
			if !strings.HasSuffix(first, want) {
				t.Fatalf("the title line %.200q does not end with %q", first, want)
			}
		})
	}
	if got := ansi.Strip(strings.Split(newPage(Env{}, "k", "short", 80, 24).view(), "\n")[0]); got != "short" {
		t.Fatalf("a short title became %q", got)
	}
}

// TestCopiedRawTextEscapesControls: c on the raw page copies text in which
// no C0 or C1 control is left raw for a paste into a terminal to act on.
func TestCopiedRawTextEscapesControls(t *testing.T) {
	tests := map[string]struct {
		body  string
		yaml  bool
		wants []string
	}{
		"JSON": {`{"output":"a` + "\u009b" + `31mb","esc":"\u001b[2J"}`, false,
			[]string{`"output": "a\u009b31mb"`, `"esc": "\u001b[2J"`}},
		"YAML": {`{"output":"a\u009b31mb"}`, true, []string{`output: "a\x9B31mb"`}},
		// YAML will not read raw C1 bytes, so the page shows the body as it came.
		"YAML of raw C1": {`{"output":"a` + "\u009b" + `31mb"}`, true, []string{`{"output":"a\u009b31mb"}`}},
		"not JSON":       {"oops \x1b]52;c;eA==\x07 \u009d0;t\u009c \xff\r\n", false, []string{`oops \u001b]52;c;eA==\u0007 \u009d0;t\u009c ` + "\uFFFD" + `\u000d` + "\n"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p := newPage(Env{}, "key", "key (raw)", 80, 24)
			p.raw = &rawState{keys: keymap.DefaultRaw(), yaml: tc.yaml}
			p.setRaw([]byte(tc.body), nil)
			_, _, cmd := p.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("c")})
			copied := cmd().(msgs.CopyMsg).Text
			for _, r := range copied {
				if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) {
					t.Fatalf("the copied text holds control %U:\n%q", r, copied)
				}
			}
			for _, want := range tc.wants {
				if !strings.Contains(copied, want) {
					t.Errorf("the copied text lacks %q:\n%q", want, copied)
				}
			}
		})
	}
}
