package modal

import (
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

func TestMain(m *testing.M) {
	// Golden files hold plain text: no colour, whatever terminal runs the tests.
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func TestConfirmKeys(t *testing.T) {
	tests := map[string]struct {
		msg  tea.Msg
		want tea.Msg // nil: ignored
	}{
		"y confirms":        {runes("y"), ConfirmedMsg{ID: "revoke:abc"}},
		"n cancels":         {runes("n"), CancelledMsg{ID: "revoke:abc"}},
		"esc cancels":       {tea.KeyMsg{Type: tea.KeyEsc}, CancelledMsg{ID: "revoke:abc"}},
		"enter ignored":     {tea.KeyMsg{Type: tea.KeyEnter}, nil},
		"capital Y ignored": {runes("Y"), nil},
		"capital N ignored": {runes("N"), nil},
		"space ignored":     {tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" ")}, nil},
		"q ignored":         {runes("q"), nil},
		"alt+y ignored":     {tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y"), Alt: true}, nil},
		"pasted y ignored":  {tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y"), Paste: true}, nil},
		"typed yes ignored": {runes("yes"), nil},
		"ctrl+c ignored":    {tea.KeyMsg{Type: tea.KeyCtrlC}, nil},
		"non-key ignored":   {tea.WindowSizeMsg{Width: 80, Height: 24}, nil},
		"confirmed ignored": {ConfirmedMsg{ID: "revoke:abc"}, nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c := NewConfirm("revoke:abc", "Revoke", "body", "", keymap.DefaultConfirm(), nil)
			_, cmd := c.Update(tc.msg)
			if tc.want == nil {
				if cmd != nil {
					t.Fatalf("expected no command, got one producing %#v", cmd())
				}
				return
			}
			if cmd == nil {
				t.Fatalf("expected a command producing %#v", tc.want)
			}
			if got := cmd(); got != tc.want {
				t.Fatalf("command produced %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestConfirmAnswersOnce(t *testing.T) {
	c := NewConfirm("x", "t", "b", "", keymap.DefaultConfirm(), nil)
	c, cmd := c.Update(runes("y"))
	if cmd == nil {
		t.Fatal("first y did not confirm")
	}
	for _, k := range []tea.KeyMsg{runes("y"), runes("n"), {Type: tea.KeyEsc}} {
		if _, cmd := c.Update(k); cmd != nil {
			t.Fatalf("%s after the answer produced %#v", k, cmd())
		}
	}
	if c.ID() != "x" {
		t.Fatalf("ID() = %q", c.ID())
	}
}

const hostileBody = "This revokes the API key \x1b]52;c;cm0gLXJmIH4K\x07for user \x1b[31malice\x1b[0m.\r\nScripts and CI jobs using it\tstop working at once."

func confirmBox(warning string, st *styles.Styles) Confirm {
	return NewConfirm("revoke:1", "Revoke API key 6c4a1b2e-\x1b]0;pwned\x07d1f3?", hostileBody, warning, keymap.DefaultConfirm(), st)
}

// checkBox fails unless every line of box has the same width, at most max.
func checkBox(t *testing.T, box string, max int) {
	t.Helper()
	lines := strings.Split(box, "\n")
	w := ansi.StringWidth(lines[0])
	if w > max {
		t.Fatalf("box is %d cells wide, more than %d:\n%s", w, max, box)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw != w {
			t.Fatalf("line %d is %d cells wide, line 0 is %d:\n%s", i, lw, w, box)
		}
	}
}

func TestConfirmViewGolden(t *testing.T) {
	for _, width := range []int{80, 40} {
		for name, warning := range map[string]string{"warning": "This cannot be undone.", "plain": ""} {
			t.Run(fmt.Sprintf("%d_%s", width, name), func(t *testing.T) {
				box := confirmBox(warning, nil).View(width)
				checkBox(t, box, min(width-4, 60))
				if strings.ContainsRune(box, '\x1b') {
					t.Fatalf("ESC in box under the ASCII profile: %q", box)
				}
				if !strings.Contains(box, "y confirm · n/esc cancel") && width >= 40 {
					t.Fatalf("box lacks the answer hint:\n%s", box)
				}
				if got := strings.Contains(box, "⚠ WARNING:"); got != (warning != "") {
					t.Fatalf("warning marker shown = %v, want %v:\n%s", got, warning != "", box)
				}
				golden.RequireEqual(t, []byte(box))
			})
		}
	}
}

func TestConfirmViewASCII(t *testing.T) {
	box := confirmBox("gone for good", styles.New(lipgloss.DefaultRenderer(), true)).View(60)
	for _, want := range []string{"+---", "! WARNING: gone for good", "y confirm | n/esc cancel"} {
		if !strings.Contains(box, want) {
			t.Fatalf("ASCII box lacks %q:\n%s", want, box)
		}
	}
	for _, r := range box {
		if r > 0x7e && r != '…' {
			t.Fatalf("ASCII box has %q:\n%s", r, box)
		}
	}
}

func TestConfirmViewAnyWidth(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	st := styles.New(r, false)
	for width := 0; width <= 120; width++ {
		box := confirmBox("careful", st).View(width)
		if width == 60 && !strings.Contains(box, "\x1b[38;2;") {
			t.Fatalf("the box is not drawn with its styles' true-colour renderer: %q", box)
		}
		if box == "" {
			if width >= 5 {
				t.Fatalf("no box at width %d", width)
			}
			continue
		}
		checkBox(t, box, width)
		for _, seq := range []string{"\x1b]", "\x1b[31m"} {
			if strings.Contains(box, seq) {
				t.Fatalf("width %d: untrusted sequence %q survived: %q", width, seq, box)
			}
		}
	}
}

const overlayBG = "0123456789abcdefghij\n" +
	"東京東京東京東京東京\n" +
	"short\n" +
	"a line that is far too long to fit"

func TestOverlayGolden(t *testing.T) {
	box := "+----+\n|box!|\n+----+"
	out := Overlay(overlayBG, box, 20, 6)
	lines := strings.Split(out, "\n")
	if len(lines) != 6 {
		t.Fatalf("%d lines, want 6:\n%s", len(lines), out)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != 20 {
			t.Fatalf("line %d is %d cells, want 20: %q", i, w, l)
		}
	}
	// Box 6x3 centred on 20x6: columns 7-12, rows 1-3.
	if got := ansi.Strip(lines[2]); got != "short  |box!|       " {
		t.Fatalf("row 2 = %q", got)
	}
	if got := ansi.Strip(lines[0]); got != "0123456789abcdefghij" {
		t.Fatalf("row 0 above the box changed: %q", got)
	}
	golden.RequireEqual(t, []byte(out))
}

func TestOverlayWideCharsAtEdges(t *testing.T) {
	// Box columns 7-12 split 東 characters (2 cells each, at 6-7 and 12-13)
	// on both edges: each half is replaced by a space.
	out := Overlay("東京東京東京東京東京", "[box]!", 20, 1)
	if got := ansi.Strip(out); got != "東京東 [box]! 京東京" {
		t.Fatalf("got %q", got)
	}
	if w := ansi.StringWidth(out); w != 20 {
		t.Fatalf("width %d", w)
	}
}

func TestOverlayResetsBackgroundStyle(t *testing.T) {
	out := Overlay("\x1b[7m"+strings.Repeat("x", 20), "BOX", 20, 1)
	i := strings.Index(out, "BOX")
	if i < 0 || !strings.HasSuffix(out[:i], "\x1b[m") {
		t.Fatalf("background style not reset before the box: %q", out)
	}
	if !strings.Contains(out[i:], "\x1b[7m") {
		t.Fatalf("background style not restored after the box: %q", out)
	}
}

func TestOverlayOversizedAndDegenerate(t *testing.T) {
	big := strings.Repeat(strings.Repeat("#", 30)+"\n", 10)
	out := Overlay("bg", big, 12, 4)
	for i, l := range strings.Split(out, "\n") {
		if l != strings.Repeat("#", 12) {
			t.Fatalf("line %d = %q, want the box cut to the screen", i, l)
		}
	}
	if Overlay("bg", "box", 0, 5) != "" || Overlay("bg", "box", 5, 0) != "" {
		t.Fatal("empty screen should render nothing")
	}
}
