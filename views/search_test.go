package views

import (
	"fmt"
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/sensu-tui/sensu-tui/ui/styles"
)

func keys(s string) []tea.KeyMsg {
	var out []tea.KeyMsg
	for _, r := range s {
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return out
}

// colourPage is a page of 60 lines drawn in colour, so highlights show as
// escape codes a test can find.
func colourPage(t *testing.T) (*page, *styles.Styles) {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	st := styles.New(r, false)
	p := newPage(Env{Styles: st}, "k", "web-01/disk", 60, 11) // 10 lines of text on screen
	var b strings.Builder
	for i := range 60 {
		word := "quiet"
		if i%20 == 5 {
			word = "Disk FULL and disk slow" // two matches on lines 5, 25 and 45
		}
		fmt.Fprintf(&b, "line %02d %s\n", i, word)
	}
	p.setText(b.String())
	return p, st
}

func TestPageSearch(t *testing.T) {
	p, st := colourPage(t)
	send := func(msgs ...tea.KeyMsg) {
		for _, m := range msgs {
			if closed, _, _ := p.update(m); closed {
				t.Fatalf("the page closed on %q", m)
			}
		}
	}
	send(keys("/")...)
	if !p.typing() || !strings.Contains(p.view(), "/▏") {
		t.Fatalf("/ did not open the search: %q", strings.SplitN(p.view(), "\n", 2)[0])
	}
	send(keys("disk")...) // q, n and N are text while typing
	send(tea.KeyMsg{Type: tea.KeyEnter})
	title := strings.SplitN(p.view(), "\n", 2)[0]
	if p.typing() || !strings.Contains(title, `"disk" 1/6`) {
		t.Fatalf("after enter the title is %q, want the first of 6 matches", title)
	}
	current := st.CurrentMatch.Render("Disk")
	if !strings.Contains(p.view(), current) || !strings.Contains(p.view(), st.Match.Render("disk")) {
		t.Fatalf("matches not highlighted:\n%q", p.view())
	}
	steps := []struct {
		key       tea.KeyMsg
		want      string
		line      int // the line the current match is on, which must be on screen
		highlight string
	}{
		{keys("n")[0], `"disk" 2/6`, 5, st.CurrentMatch.Render("disk")},
		{keys("n")[0], `"disk" 3/6`, 25, st.CurrentMatch.Render("Disk")},
		{keys("N")[0], `"disk" 2/6`, 5, st.CurrentMatch.Render("disk")},
		{keys("N")[0], `"disk" 1/6`, 5, current},
		{keys("N")[0], `"disk" 6/6`, 45, st.CurrentMatch.Render("disk")}, // wraps around
	}
	for _, s := range steps {
		send(s.key)
		view := p.view()
		if !strings.Contains(view, s.want) {
			t.Fatalf("after %s the title is %q, want %s", s.key, strings.SplitN(view, "\n", 2)[0], s.want)
		}
		if !strings.Contains(view, fmt.Sprintf("line %02d", s.line)) || !strings.Contains(view, s.highlight) {
			t.Fatalf("after %s line %d with its current match is not on screen:\n%s", s.key, s.line, view)
		}
	}
	send(tea.KeyMsg{Type: tea.KeyEsc})
	if p.find.active() || strings.Contains(p.view(), "disk\"") || strings.Contains(p.view(), "\x1b[4") {
		t.Fatalf("the first esc did not clear the search: %q", p.view())
	}
	if closed, _, _ := p.update(tea.KeyMsg{Type: tea.KeyEsc}); !closed {
		t.Fatal("the second esc did not close the page")
	}
}

func TestPageSearchNoMatch(t *testing.T) {
	p, _ := colourPage(t)
	for _, k := range keys("/zzz") {
		p.update(k)
	}
	p.update(tea.KeyMsg{Type: tea.KeyEnter})
	if title := strings.SplitN(p.view(), "\n", 2)[0]; !strings.Contains(title, `no match for "zzz"`) {
		t.Fatalf("title %q", title)
	}
	// n with no match does nothing, and does not scroll.
	p.update(keys("n")[0])
	if p.vp.YOffset != 0 {
		t.Fatalf("n scrolled to %d", p.vp.YOffset)
	}
}
