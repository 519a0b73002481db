package serve

import (
	"bytes"
	"io"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sensu-tui/sensu-tui/ui"
)

// Everything an SSH client sends is bounded before it reaches the
// dashboard, so that one session cannot take the server's memory:
//
//   - its window size, at the pty request and at every window change, to
//     what a screen shows (ui.MaxWidth x ui.MaxHeight);
//   - its environment and terminal type, before the ssh package keeps them;
//   - its keyboard input: in short reads, without bracketed-paste markers,
//     at a typist's pace beyond a burst, and in total.
const (
	// maxEnvVars and maxEnvBytes bound the variables a session may set
	// (OpenSSH sends LANG and those named by SendEnv); each is kept for
	// the whole session.
	maxEnvVars  = 32
	maxEnvBytes = 1 << 10
	// maxPtyRequest bounds a pty request: a terminal type, four sizes and
	// the terminal modes fit in a few hundred bytes.
	maxPtyRequest = 4 << 10
	// maxInputRead is less than the 256-byte buffer Bubble Tea reads into:
	// a read that fills it makes Bubble Tea keep what it read and read
	// again, so a stream of letters would grow without bound.
	maxInputRead = 128
	// inputBurst and inputRate pace input: a paste of a URL or a password
	// goes through at once, a flood at a key repeat's pace.
	inputBurst = 16 << 10
	inputRate  = 1 << 10 // bytes a second
	// maxSessionInput ends a session that has sent this much input: more
	// than 8 hours of held-down keys, and a bound on what a text field
	// without a limit (the login form's) can be made to hold.
	maxSessionInput = 4 << 20
)

// clampWindow bounds a window size the client claims.
func clampWindow(w ssh.Window) ssh.Window {
	w.Width, w.Height = min(w.Width, ui.MaxWidth), min(w.Height, ui.MaxHeight)
	return w
}

// Pty is the session's terminal with its size clamped, and its window
// changes clamped as they arrive. The bubbletea middleware takes both from
// here, so the program never sees a size beyond clampWindow. Only the
// newest change waits to be taken: a flood of changes queues nothing.
func (t *tracked) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	pty, changes, ok := t.Session.Pty()
	pty.Window = clampWindow(pty.Window)
	t.windowsOnce.Do(func() {
		if changes != nil {
			t.windows = newestWindows(changes)
		}
	})
	return pty, t.windows, ok
}

// newestWindows passes on clamped window sizes, replacing one not yet
// taken by a newer one. It ends when in is closed, with the session.
func newestWindows(in <-chan ssh.Window) <-chan ssh.Window {
	out := make(chan ssh.Window, 1)
	go func() {
		defer close(out)
		for w := range in {
			w = clampWindow(w)
			select {
			case out <- w:
			default:
				// The program has not taken the last size: drop it. This
				// goroutine is the only sender, so there is room after.
				select {
				case <-out:
				default:
				}
				out <- w
			}
		}
	}()
	return out
}

// guardSessions is the "session" channel handler: the ssh package's own,
// behind a filter of the channel's requests.
func guardSessions(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	ssh.DefaultSessionHandler(srv, conn, guardedChannel{newChan}, ctx)
}

// guardedChannel refuses, before the ssh package keeps them, environment
// variables past maxEnvVars or longer than maxEnvBytes, and a pty request
// longer than maxPtyRequest.
type guardedChannel struct{ gossh.NewChannel }

func (c guardedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		envs := 0
		for req := range reqs {
			refuse := false
			switch req.Type {
			case "env":
				envs++
				refuse = envs > maxEnvVars || len(req.Payload) > maxEnvBytes
			case "pty-req":
				refuse = len(req.Payload) > maxPtyRequest
			}
			if refuse {
				req.Reply(false, nil)
				continue
			}
			out <- req
		}
	}()
	return ch, out, nil
}

// inputGuard stands between a session's input and Bubble Tea. Bubble Tea
// keeps an unfinished bracketed paste, and a read that fills its buffer,
// until more input completes it, scanning all of it again on each read:
// "\x1b[200~" and no end grows without bound. So reads are short, paste
// markers are taken out (a paste arrives as typed text), input beyond a
// burst is paced, and a session that sends more than maxSessionInput in
// all has its input ended and over called.
type inputGuard struct {
	r    io.Reader
	over func()
	now  func() time.Time
	wait func(time.Duration)

	mu      sync.Mutex
	buf     [maxInputRead]byte
	pending []byte // read and cleaned, not yet handed on
	total   int64
	tokens  float64
	last    time.Time
}

func newInputGuard(r io.Reader, over func()) *inputGuard {
	return &inputGuard{r: r, over: over, now: time.Now, wait: time.Sleep, tokens: inputBurst}
}

var pasteMarkers = [][]byte{[]byte("\x1b[200~"), []byte("\x1b[201~")}

func (g *inputGuard) Read(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for len(g.pending) == 0 {
		n, err := g.r.Read(g.buf[:])
		g.total += int64(n)
		if g.total > maxSessionInput {
			g.over()
			return 0, io.EOF
		}
		g.pace(n)
		g.pending = withoutMarkers(g.buf[:n])
		if err != nil && len(g.pending) == 0 {
			return 0, err
		}
	}
	n := copy(p[:min(len(p), maxInputRead)], g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

// pace waits until n bytes fit the input rate, past the burst.
func (g *inputGuard) pace(n int) {
	now := g.now()
	if !g.last.IsZero() {
		g.tokens = min(g.tokens+now.Sub(g.last).Seconds()*inputRate, inputBurst)
	}
	g.last = now
	g.tokens -= float64(n)
	if g.tokens < 0 {
		d := time.Duration(-g.tokens / inputRate * float64(time.Second))
		g.wait(d)
		g.last, g.tokens = g.last.Add(d), 0
	}
}

// withoutMarkers removes bracketed-paste markers, again until none is
// left, so that removing one cannot join the pieces of another.
func withoutMarkers(b []byte) []byte {
	for {
		found := false
		for _, m := range pasteMarkers {
			if bytes.Contains(b, m) {
				b = bytes.ReplaceAll(b, m, nil)
				found = true
			}
		}
		if !found {
			return b
		}
	}
}
