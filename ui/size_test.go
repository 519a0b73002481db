package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// TestHugeWindowsAreBounded: a window size is whatever the terminal (over
// SSH, any client) claims. The login view is laid out at no more than
// MaxWidth x MaxHeight, however large the claim: at 65535x65535 it took
// gigabytes. The moderate claim comes first, so that without the bound the
// test fails before it tries the ones that would exhaust memory.
func TestHugeWindowsAreBounded(t *testing.T) {
	m := New(Options{})
	for _, size := range []struct{ w, h int }{{5000, 2000}, {65535, 65535}, {4294967295, 4294967295}} {
		updated, _ := m.Update(tea.WindowSizeMsg{Width: size.w, Height: size.h})
		m = updated.(*Model)
		view := m.View()
		lines := strings.Split(view, "\n")
		if len(lines) > MaxHeight {
			t.Fatalf("at %dx%d the view is %d lines, want at most %d", size.w, size.h, len(lines), MaxHeight)
		}
		for i, line := range lines {
			if w := ansi.StringWidth(line); w > MaxWidth {
				t.Fatalf("at %dx%d line %d is %d cells wide, want at most %d", size.w, size.h, i, w, MaxWidth)
			}
		}
		if !strings.Contains(view, "Username") {
			t.Fatalf("at %dx%d the login view is not shown:\n%.500s", size.w, size.h, view)
		}
	}
}
