package serve

import (
	"io"
	"sync"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"

	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// sessionStyles builds a session's styles on a lipgloss renderer of its
// own, so every session draws for its own terminal. The colour profile comes
// from the client's TERM, COLORTERM, NO_COLOR and CLICOLOR (OpenSSH sends
// only TERM unless told to with SendEnv or SetEnv). The background comes
// from asking the terminal, else from COLORFGBG, else it is taken to be
// dark. wish's MakeRenderer asks, and waits for the answer before the
// program starts; it cannot give up on a read from the session, so a client
// that answers nothing (every terminal emulator answers) waits until it
// sends something, which the query takes.
func sessionStyles(sess ssh.Session, ascii bool) *styles.Styles {
	r := bubbletea.MakeRenderer(sess)
	if r.ColorProfile() == termenv.Ascii {
		// lipgloss's Ascii profile drops bold, underline and reverse video
		// along with the colours; the cursor row needs its reverse video.
		r.SetColorProfile(termenv.ANSI)
		return styles.NewMonochrome(r, ascii)
	}
	r.HasDarkBackground() // settle it now rather than in the first frame
	return styles.New(r, ascii)
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
