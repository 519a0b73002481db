package serve

import (
	"fmt"
	"io"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/config"
	"github.com/sensu-tui/sensu-tui/ui"
	"github.com/sensu-tui/sensu-tui/views"
)

// Why a session ended, for the log line and the user.
const (
	endClosed     = "closed" // by the user: quit, or the client went away
	endIdle       = "idle"
	endMaxSession = "max-session"
	endShutdown   = "shutdown"
	endFull       = "server-full"
	endRevoked    = "key-revoked"
	endInput      = "input-limit"
)

// tracked is an ssh.Session carrying its own state down the middleware
// chain. The ssh.Context is per connection and may be shared by several
// sessions, so per-session state cannot live there.
type tracked struct {
	ssh.Session
	state *sessionState

	windowsOnce sync.Once
	windows     <-chan ssh.Window // clamped window changes (see Pty)
}

type sessionState struct {
	start       time.Time
	fingerprint string

	mu sync.Mutex
	// end and farewell say why the server ended the session; "" until it does.
	end, farewell string
	// quit asks the program to quit; nil until the program exists.
	quit   func()
	timers []*time.Timer
}

// finish records why the session ends, keeping the first reason, and asks
// the program to quit.
func (st *sessionState) finish(end, farewell string) {
	st.mu.Lock()
	if st.end != "" {
		st.mu.Unlock()
		return
	}
	st.end, st.farewell = end, farewell
	quit := st.quit
	st.mu.Unlock()
	if quit != nil {
		quit()
	}
}

func (st *sessionState) outcome() (end, farewell string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.end == "" {
		return endClosed, ""
	}
	return st.end, st.farewell
}

func (st *sessionState) stop() {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, t := range st.timers {
		t.Stop()
	}
}

func stateOf(s ssh.Session) *sessionState {
	if t, ok := s.(*tracked); ok {
		return t.state
	}
	return &sessionState{start: time.Now()} // only if the chain is mis-assembled
}

// logSessions is the outermost middleware: it gives each session its state
// and writes one line when it closes. The line names the user, address, key
// and duration, never a credential.
func (s *server) logSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		st := &sessionState{start: time.Now()}
		if k := sess.PublicKey(); k != nil {
			st.fingerprint = gossh.FingerprintSHA256(k)
		}
		defer func() {
			st.stop()
			end, _ := st.outcome()
			s.logger.Printf("session closed: user=%q remote=%s key=%s duration=%s end=%s",
				sess.User(), sess.RemoteAddr(), st.fingerprint, time.Since(st.start).Round(time.Millisecond), end)
		}()
		next(&tracked{Session: sess, state: st})
	}
}

// limitSessions turns sessions away once MaxSessions are open.
func (s *server) limitSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		st := stateOf(sess)
		if !s.sessions.add(st) {
			st.finish(endFull, "")
			wish.Fatalln(sess, fmt.Sprintf("sensu-tui: server full (%d sessions), try again later", s.opts.MaxSessions))
			return
		}
		defer s.sessions.remove(st)
		next(sess)
	}
}

// sayFarewell runs after the program has left the alternate screen and
// tells the user why the server ended the session, if it did.
func (s *server) sayFarewell(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		next(sess)
		if _, farewell := stateOf(sess).outcome(); farewell != "" {
			wish.Fatalln(sess, "sensu-tui: "+farewell)
		}
	}
}

// program builds a session's own dashboard: its own model, login view,
// window size (the bubbletea middleware forwards window changes) and colour
// profile. It returns nil, which skips the program, when the key was
// removed from the key files since it logged in.
func (s *server) program(sess ssh.Session) *tea.Program {
	st := stateOf(sess)
	keys, err := s.keys.load()
	if err != nil || !keys.allows(st.fingerprint) {
		if err != nil {
			s.logger.Printf("reloading keys: %v", err)
		}
		st.finish(endRevoked, "your key is no longer authorised here.")
		return nil
	}
	// Frames and OSC52 clipboard writes share the channel, whole.
	out := ui.NewSyncWriter(sess)
	opts := ui.Options{
		Env:    views.Env{Refresh: s.opts.Refresh, Styles: sessionStyles(sess, s.opts.ASCII)},
		Output: out,
		// No ProfilePath: nothing a user types is saved on the server, and
		// :ctx finds no contexts to switch to.
		Login:    views.LoginOptions{Creds: config.Credentials{URL: s.opts.APIURL}, NewClient: s.newClient},
		ReadOnly: s.opts.ReadOnly,
	}
	if m, ok := keys.mapped[st.fingerprint]; ok {
		cfg := m.clientConfig()
		cfg.ReadOnly = s.opts.ReadOnly
		if c, err := s.newClient(cfg); err == nil {
			opts.Env.Client = c
		} else {
			opts.Login.Creds = config.Credentials{URL: m.URL, Namespace: m.Namespace}
			opts.Login.Message = "The server's key map entry for your key does not work: " + err.Error()
		}
	}
	in := &activityReader{r: newInputGuard(sess, func() {
		st.finish(endInput, fmt.Sprintf("the session sent more input than a dashboard needs (%d MiB).", maxSessionInput>>20))
	})}
	p := tea.NewProgram(ui.New(opts),
		tea.WithInput(in), tea.WithOutput(out), tea.WithAltScreen(), tea.WithFPS(ui.FPS),
		// The server owns SIGINT and SIGTERM, not each session.
		tea.WithoutSignalHandler())

	st.mu.Lock()
	defer st.mu.Unlock()
	if st.end != "" {
		return nil // the server began shutting down meanwhile
	}
	st.quit = func() { go p.Quit() } // Quit blocks until the program runs
	if d := s.opts.IdleTimeout; d > 0 {
		idle := time.AfterFunc(d, func() { st.finish(endIdle, fmt.Sprintf("disconnected after %s without input.", d)) })
		in.touched = func() { idle.Reset(d) }
		st.timers = append(st.timers, idle)
	}
	if d := s.opts.MaxSession; d > 0 {
		st.timers = append(st.timers, time.AfterFunc(d, func() {
			st.finish(endMaxSession, fmt.Sprintf("the session reached its %s limit; connect again to go on.", d))
		}))
	}
	return p
}

// newClient builds a session's client. Sessions with the same credentials,
// the key map's or a key typed at the login, share their polls: eight of
// them cost the backend the requests of one.
func (s *server) newClient(cfg client.Config) (*client.Client, error) {
	cfg.Shared = s.shared
	return client.New(cfg)
}

// activityReader reports every read of user input: the connection's own
// idle timeout never fires while the dashboard redraws, so idleness is
// measured on input alone.
type activityReader struct {
	r       io.Reader
	touched func()
}

func (a *activityReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 && a.touched != nil {
		a.touched()
	}
	return n, err
}

// registry counts open sessions and can end them all.
type registry struct {
	max int

	mu   sync.Mutex
	open map[*sessionState]bool
}

func (r *registry) add(st *sessionState) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.open) >= r.max {
		return false
	}
	if r.open == nil {
		r.open = map[*sessionState]bool{}
	}
	r.open[st] = true
	return true
}

func (r *registry) remove(st *sessionState) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.open, st)
}

// endAll asks every open session to quit with a word to its user.
func (r *registry) endAll(end, farewell string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for st := range r.open {
		st.finish(end, farewell)
	}
}
