package serve

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"
)

// Colour per session.
//
// The views draw with ui/styles, whose lipgloss styles are bound to the
// process-wide default renderer, so one profile renders every session's
// frames. The server renders in true colour on a dark background and each
// session's output passes through a colourWriter, which rewrites the colour
// codes for that session's terminal: down to 256 or 16 colours exactly as
// lipgloss would have (termenv's own conversion), or none at all under
// NO_COLOR or a terminal without colour. Bold, underline and reverse stay, so
// the cursor row and the active tab still show; statuses carry symbols and
// labels anyway.

var renderOnce sync.Once

// setUpRenderer fixes what the default renderer would otherwise learn by
// querying the server's own terminal, which is nobody's.
func setUpRenderer() {
	renderOnce.Do(func() {
		lipgloss.SetColorProfile(termenv.TrueColor)
		lipgloss.SetHasDarkBackground(true)
	})
}

// sessionEnv is the client's environment as termenv reads it.
type sessionEnv []string

func (e sessionEnv) Environ() []string { return e }

// Getenv takes the last value, so the PTY's TERM, which ssh.Session.Environ
// appends, wins over one sent as a variable.
func (e sessionEnv) Getenv(key string) string {
	for i := len(e) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(e[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// sessionProfile is the colour profile of the client's terminal, from its
// TERM, COLORTERM, NO_COLOR and CLICOLOR variables (OpenSSH sends only TERM
// unless told to with SendEnv or SetEnv).
func sessionProfile(s ssh.Session) termenv.Profile {
	out := termenv.NewOutput(io.Discard, termenv.WithEnvironment(sessionEnv(s.Environ())), termenv.WithUnsafe())
	return out.EnvColorProfile()
}

// colourWriter rewrites the SGR colour codes of a true-colour stream for a
// terminal with a smaller profile.
type colourWriter struct {
	w       io.Writer
	profile termenv.Profile
	// held is an escape sequence cut off at the end of the last write.
	held []byte
}

// longestHeld bounds held: an unfinished sequence longer than any colour
// code is not one, and goes out as it is.
const longestHeld = 64

// newColourWriter returns w itself when the profile needs no rewriting.
func newColourWriter(w io.Writer, p termenv.Profile) io.Writer {
	if p == termenv.TrueColor {
		return w
	}
	return &colourWriter{w: w, profile: p}
}

func (c *colourWriter) Write(p []byte) (int, error) {
	in := p
	if len(c.held) > 0 {
		in = append(c.held, p...)
		c.held = nil
	}
	out := make([]byte, 0, len(in))
	for len(in) > 0 {
		esc := bytes.IndexByte(in, 0x1b)
		if esc < 0 {
			out = append(out, in...)
			break
		}
		out = append(out, in[:esc]...)
		in = in[esc:]
		if len(in) < 2 {
			c.held = append(c.held, in...)
			break
		}
		if in[1] != '[' {
			out = append(out, in[0])
			in = in[1:]
			continue
		}
		end := 2
		for end < len(in) && (in[end] >= '0' && in[end] <= '9' || in[end] == ';' || in[end] == ':') {
			end++
		}
		if end == len(in) {
			if len(in) <= longestHeld {
				c.held = append(c.held, in...)
			} else {
				out = append(out, in...)
			}
			break
		}
		if in[end] != 'm' {
			// Not SGR: the rest of it has no escape and is copied as text.
			out = append(out, in[:end]...)
			in = in[end:]
			continue
		}
		if params, keep := rewriteSGR(string(in[2:end]), c.profile); keep {
			out = append(out, "\x1b["...)
			out = append(out, params...)
			out = append(out, 'm')
		}
		in = in[end+1:]
	}
	if len(out) > 0 {
		if _, err := c.w.Write(out); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// rewriteSGR converts the colours among SGR parameters to profile p, which
// is below true colour. It reports false when nothing is left to send.
func rewriteSGR(params string, p termenv.Profile) (string, bool) {
	if params == "" || params == "0" {
		return params, true // reset
	}
	in := strings.Split(params, ";")
	out := make([]string, 0, len(in))
	for i := 0; i < len(in); i++ {
		tok := in[i]
		code, err := strconv.Atoi(tok)
		switch {
		case err != nil:
			// Colon sub-parameters (38:2::r:g:b) cannot be converted;
			// without colour they are dropped, otherwise passed on.
			if p != termenv.Ascii || !isColourCode(strings.SplitN(tok, ":", 2)[0]) {
				out = append(out, tok)
			}
		case code == 38 || code == 48 || code == 58:
			c, n := extendedColour(in[i+1:])
			i += n
			if c == nil || code == 58 {
				continue // underline colour: none of our styles set it
			}
			if seq := p.Convert(c).Sequence(code == 48); seq != "" {
				out = append(out, seq)
			}
		case isColourCode(tok):
			if p != termenv.Ascii {
				out = append(out, tok)
			}
		default:
			out = append(out, tok)
		}
	}
	if len(out) == 0 {
		return "", false
	}
	return strings.Join(out, ";"), true
}

// isColourCode reports whether an SGR code sets or resets a basic colour.
func isColourCode(tok string) bool {
	code, err := strconv.Atoi(tok)
	if err != nil {
		return false
	}
	switch {
	case code >= 30 && code <= 39, code >= 40 && code <= 49, code >= 90 && code <= 97, code >= 100 && code <= 107, code == 58, code == 59:
		return true
	}
	return false
}

// extendedColour reads the colour after a 38, 48 or 58 code ("5;N" or
// "2;R;G;B") and how many parameters it took.
func extendedColour(rest []string) (termenv.Color, int) {
	num := func(i int) (int, bool) {
		if i >= len(rest) {
			return 0, false
		}
		n, err := strconv.Atoi(rest[i])
		return n, err == nil && n >= 0 && n <= 255
	}
	if len(rest) == 0 {
		return nil, 0
	}
	switch rest[0] {
	case "5":
		n, ok := num(1)
		if !ok {
			return nil, min(len(rest), 2)
		}
		if n < 16 {
			return termenv.ANSIColor(n), 2
		}
		return termenv.ANSI256Color(n), 2
	case "2":
		r, okR := num(1)
		g, okG := num(2)
		b, okB := num(3)
		if !okR || !okG || !okB {
			return nil, min(len(rest), 4)
		}
		return termenv.RGBColor(fmt.Sprintf("#%02x%02x%02x", r, g, b)), 4
	}
	return nil, 1
}

// lockedWriter serialises writes to the session: the program's frames and
// OSC52 clipboard sequences come from different goroutines, and an SSH
// channel must not be written from two at once.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
