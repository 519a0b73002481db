package serve

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/sensu-tui/sensu-tui/ui"
)

// ptySession is a session with a pty of the client's claimed size.
type ptySession struct {
	ssh.Session
	pty     ssh.Pty
	changes chan ssh.Window
}

func (s ptySession) Pty() (ssh.Pty, <-chan ssh.Window, bool) { return s.pty, s.changes, true }

// TestWindowSizesAreClampedBeforeTheProgram: the pty's size and every
// window change reach the bubbletea middleware clamped, and a flood of
// changes is not queued: only the newest waits.
func TestWindowSizesAreClampedBeforeTheProgram(t *testing.T) {
	changes := make(chan ssh.Window)
	sess := &tracked{Session: ptySession{pty: ssh.Pty{Window: ssh.Window{Width: 65535, Height: 65535}}, changes: changes}}
	pty, windows, ok := sess.Pty()
	if !ok || pty.Window.Width != ui.MaxWidth || pty.Window.Height != ui.MaxHeight {
		t.Fatalf("the pty's window is %dx%d, want %dx%d", pty.Window.Width, pty.Window.Height, ui.MaxWidth, ui.MaxHeight)
	}
	if _, again, _ := sess.Pty(); again != windows {
		t.Fatal("a second Pty call gave another channel of window changes")
	}

	changes <- ssh.Window{Width: 4294967295, Height: 4294967295}
	if w := <-windows; w.Width != ui.MaxWidth || w.Height != ui.MaxHeight {
		t.Fatalf("a window change reached the program as %dx%d", w.Width, w.Height)
	}
	// Nobody reads windows while a thousand changes arrive: none may block.
	sent := make(chan struct{})
	go func() {
		for i := range 1000 {
			changes <- ssh.Window{Width: 100 + i, Height: 50 + 1000 - 1 - i}
		}
		close(sent)
	}()
	select {
	case <-sent:
	case <-time.After(5 * time.Second):
		t.Fatal("window changes queued up behind the program")
	}
	close(changes) // the session ends
	var got []ssh.Window
	for w := range windows {
		got = append(got, w)
	}
	// One size waits; one more may be in hand as the flood ends.
	if len(got) == 0 || len(got) > 2 {
		t.Fatalf("after the flood the program got %d sizes, want the newest alone (or two)", len(got))
	}
	if w := got[len(got)-1]; w.Width != ui.MaxWidth || w.Height != 50 {
		t.Fatalf("after the flood the program got %dx%d, want the newest, clamped: %dx50", w.Width, w.Height, ui.MaxWidth)
	}
}

// TestSessionRequestsAreBounded sends more and longer environment
// variables than a session may keep, and a terminal type too long to be
// one, to a real server.
func TestSessionRequestsAreBounded(t *testing.T) {
	alice := newUserKey(t)
	opts := testOptions(t, nil)
	opts.AuthorizedKeysPath = authorizedKeys(t, alice)
	addr, _ := startServer(t, opts)
	c := dialKey(t, addr, alice)

	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	accepted := 0
	for i := range maxEnvVars + 8 {
		if sess.Setenv("V"+strings.Repeat("x", i), "short") == nil {
			accepted++
		}
	}
	if accepted != maxEnvVars {
		t.Errorf("%d of %d variables accepted, want %d", accepted, maxEnvVars+8, maxEnvVars)
	}

	long, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer long.Close()
	if long.Setenv("LONG", strings.Repeat("v", maxEnvBytes)) == nil {
		t.Error("a variable longer than maxEnvBytes was accepted")
	}
	if long.Setenv("LANG", "C.UTF-8") != nil {
		t.Error("a short variable was refused after a long one")
	}
	if long.RequestPty(strings.Repeat("t", maxPtyRequest), 24, 80, nil) == nil {
		t.Error("a pty request longer than maxPtyRequest was accepted")
	}
	if err := long.RequestPty("xterm-256color", 24, 80, nil); err != nil {
		t.Errorf("a plain pty request after a refused one: %v", err)
	}
}

// fakeClock is a clock whose waits pass at once, adding up.
type fakeClock struct {
	now    time.Time
	waited time.Duration
}

func (c *fakeClock) guard(r io.Reader, over func()) *inputGuard {
	g := newInputGuard(r, over)
	g.now = func() time.Time { return c.now }
	g.wait = func(d time.Duration) { c.now = c.now.Add(d); c.waited += d }
	return g
}

// readAll reads g to the end in reads as big as Bubble Tea's, checking
// that each is short enough for Bubble Tea not to keep it.
func readAll(t *testing.T, g io.Reader) (string, error) {
	t.Helper()
	var out bytes.Buffer
	buf := make([]byte, 256)
	for {
		n, err := g.Read(buf)
		if n > maxInputRead {
			t.Fatalf("a read of %d bytes, want at most %d", n, maxInputRead)
		}
		out.Write(buf[:n])
		if err != nil {
			return out.String(), err
		}
	}
}

func TestInputGuard(t *testing.T) {
	t.Run("paste markers are taken out, even when taking one out joins another", func(t *testing.T) {
		clock := &fakeClock{now: time.Unix(0, 0)}
		in := "ab\x1b[200~cd\x1b[201~ef\x1b[20\x1b[200~0~gh"
		got, err := readAll(t, clock.guard(strings.NewReader(in), func() {}))
		if got != "abcdefgh" || !errors.Is(err, io.EOF) {
			t.Fatalf("got %q, %v; want \"abcdefgh\" and EOF", got, err)
		}
	})
	t.Run("an endless paste arrives as text in short reads", func(t *testing.T) {
		clock := &fakeClock{now: time.Unix(0, 0)}
		in := "\x1b[200~" + strings.Repeat("a", 1<<20)
		got, _ := readAll(t, clock.guard(strings.NewReader(in), func() {}))
		if got != strings.Repeat("a", 1<<20) {
			t.Fatalf("got %d bytes, want the paste's 1 MiB without its marker", len(got))
		}
	})
	t.Run("a burst passes at once, the rest at the input rate", func(t *testing.T) {
		clock := &fakeClock{now: time.Unix(0, 0)}
		readAll(t, clock.guard(strings.NewReader(strings.Repeat("k", inputBurst)), func() {}))
		if clock.waited != 0 {
			t.Fatalf("a burst of %d bytes waited %s", inputBurst, clock.waited)
		}
		readAll(t, clock.guard(strings.NewReader(strings.Repeat("k", inputBurst+2*inputRate)), func() {}))
		if clock.waited < 2*time.Second-10*time.Millisecond || clock.waited > 2*time.Second+10*time.Millisecond {
			t.Fatalf("%d bytes past the burst waited %s, want 2s", 2*inputRate, clock.waited)
		}
	})
	t.Run("input past the session's limit ends it", func(t *testing.T) {
		clock := &fakeClock{now: time.Unix(0, 0)}
		overs := 0
		got, err := readAll(t, clock.guard(strings.NewReader(strings.Repeat("k", maxSessionInput+1)), func() { overs++ }))
		if overs != 1 || !errors.Is(err, io.EOF) || len(got) > maxSessionInput {
			t.Fatalf("over called %d times, err %v, %d bytes passed; want once, EOF, at most %d", overs, err, len(got), maxSessionInput)
		}
	})
}
