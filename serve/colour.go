package serve

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"

	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// sessionStyles builds a session's styles on a lipgloss renderer of its
// own, so every session draws for its own terminal. The colour profile comes
// from the client's TERM, COLORTERM, NO_COLOR and CLICOLOR (OpenSSH sends
// only TERM unless told to with SendEnv or SetEnv). The background comes
// from COLORFGBG, else it is taken to be dark: asking the terminal would
// leave a client that never answers on a blank screen until it types, and
// the query would eat that key.
func sessionStyles(sess ssh.Session, ascii bool) *styles.Styles {
	r := sessionRenderer(sess)
	r.SetHasDarkBackground(darkBackground(getenv(sess.Environ(), "COLORFGBG")))
	if r.ColorProfile() == termenv.Ascii {
		// lipgloss's Ascii profile drops bold, underline and reverse video
		// along with the colours; the cursor row needs its reverse video.
		r.SetColorProfile(termenv.ANSI)
		return styles.NewMonochrome(r, ascii)
	}
	return styles.New(r, ascii)
}

// sessionRenderer is a renderer for the session's terminal, its profile
// read from the session's variables and its PTY's TERM. Unlike wish's
// MakeRenderer it asks the terminal nothing.
func sessionRenderer(sess ssh.Session) *lipgloss.Renderer {
	pty, _, ok := sess.Pty()
	if !ok || pty.Term == "" || pty.Term == "dumb" {
		return lipgloss.NewRenderer(sess, termenv.WithProfile(termenv.Ascii))
	}
	env := environ(append(sess.Environ(), "TERM="+pty.Term))
	return lipgloss.NewRenderer(sess, termenv.WithEnvironment(env), termenv.WithUnsafe())
}

// environ is a session's variables as termenv reads them.
type environ []string

func (e environ) Environ() []string        { return e }
func (e environ) Getenv(key string) string { return getenv(e, key) }

// darkBackground reads COLORFGBG ("15;0": foreground;background, or
// "15;default;0"), which rxvt and others set: background colours 7 and 9
// to 15 are light. Without it the background is taken to be dark.
func darkBackground(v string) bool {
	if v == "" {
		return true
	}
	parts := strings.Split(v, ";")
	bg, err := strconv.Atoi(parts[len(parts)-1])
	if err != nil {
		return true
	}
	return bg != 7 && (bg < 9 || bg > 15)
}

// getenv is the last value of key in environ: the PTY's own variables,
// which ssh.Session.Environ appends, win over ones sent before them.
func getenv(environ []string, key string) string {
	for i := len(environ) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(environ[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}
