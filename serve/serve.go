// Package serve runs the dashboard as an SSH application: `sensu-tui serve`.
//
// Every SSH session gets a dashboard of its own, with its own login, window
// size, colour profile and Sensu connection. Only public-key authentication
// is offered, and only to keys in an authorized_keys file or a key map (see
// KeyMap); the server will not start without one of them. The server's own
// sensuctl or sensu-tui credentials are never used, and nothing a user types
// is saved on the server.
package serve

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/activeterm"
	"github.com/charmbracelet/wish/bubbletea"
	"github.com/charmbracelet/wish/recover"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/config"
	"github.com/sensu-tui/sensu-tui/views"
)

// Defaults of the serve flags.
const (
	DefaultListen      = "127.0.0.1:2222"
	DefaultIdleTimeout = 15 * time.Minute
	DefaultMaxSession  = 8 * time.Hour
	DefaultMaxSessions = 16
)

// hardStopGrace is how long the connection's own timeouts outlast the
// session's, so the session can restore the terminal and say why it ends
// before the connection is cut.
const hardStopGrace = 10 * time.Second

// ErrNoAuth is returned when neither an authorized-keys file nor a key map
// is given: a server anyone could enter is never started.
var ErrNoAuth = errors.New("no authentication configured: give --authorized-keys FILE and/or --key-map FILE")

// Options configure the SSH server.
type Options struct {
	// Listen is the address to listen on; "" means DefaultListen.
	Listen string
	// HostKeyPath is the server's private key, generated (ed25519, mode
	// 0600) when missing. It must not be open to group or others.
	HostKeyPath string
	// AuthorizedKeysPath is an OpenSSH authorized_keys file of keys that
	// may connect; each such user logs in to Sensu in the login view.
	AuthorizedKeysPath string
	// KeyMapPath is a KeyMap file: keys that land in the dashboard with an
	// API key of their own. It must be mode 0600.
	KeyMapPath string
	// ReadOnly makes every session read-only: its clients refuse changes
	// to Sensu and the views hide the keys that would make them.
	ReadOnly bool
	// IdleTimeout ends a session after this long without input; 0 never.
	IdleTimeout time.Duration
	// MaxSession ends a session after this long; 0 never.
	MaxSession time.Duration
	// MaxSessions caps concurrent sessions; 0 means DefaultMaxSessions.
	MaxSessions int
	// Refresh is how often views poll the API; 0 means views.DefaultRefresh.
	Refresh time.Duration
	// APIURL prefills the login view's API URL.
	APIURL string
	// ASCII draws symbols and borders in plain ASCII for every session of
	// this server.
	ASCII bool
	// Logger receives one line per closed session and the server's
	// problems; nil means the standard logger.
	Logger *log.Logger
}

// server is what the middlewares share.
type server struct {
	opts     Options
	keys     keyFiles
	logger   *log.Logger
	sessions *registry
	ssh      *ssh.Server
	// shared lets sessions with the same credentials share their polls.
	shared *client.Shared
}

// NewServer checks opts and builds the SSH server, which is ready for
// ListenAndServe or Serve. It refuses a configuration without any key
// (ErrNoAuth), a key map or host key open to other users, and a host key it
// cannot read or create.
func NewServer(opts Options) (*ssh.Server, error) {
	s, err := newServer(opts)
	if err != nil {
		return nil, err
	}
	return s.ssh, nil
}

func newServer(opts Options) (*server, error) {
	if opts.Listen == "" {
		opts.Listen = DefaultListen
	}
	if opts.MaxSessions <= 0 {
		opts.MaxSessions = DefaultMaxSessions
	}
	if opts.Logger == nil {
		opts.Logger = log.Default()
	}
	if opts.AuthorizedKeysPath == "" && opts.KeyMapPath == "" {
		return nil, ErrNoAuth
	}
	if opts.HostKeyPath == "" {
		return nil, errors.New("no host key path given (--host-key)")
	}
	s := &server{
		opts:     opts,
		keys:     keyFiles{authorizedKeys: opts.AuthorizedKeysPath, keyMap: opts.KeyMapPath},
		logger:   opts.Logger,
		sessions: &registry{max: opts.MaxSessions},
		shared:   client.NewShared(cmp.Or(opts.Refresh, views.DefaultRefresh), 0),
	}
	keys, err := s.keys.load()
	if err != nil {
		return nil, err
	}
	if keys.size() == 0 {
		return nil, fmt.Errorf("no keys in %s: nobody could log in",
			joinNonEmpty(opts.AuthorizedKeysPath, opts.KeyMapPath))
	}
	if err := keys.checkClients(); err != nil {
		return nil, err
	}
	hostKey, err := loadHostKey(opts.HostKeyPath)
	if err != nil {
		return nil, err
	}

	withGrace := func(d time.Duration) time.Duration {
		if d <= 0 {
			return 0
		}
		return d + hardStopGrace
	}
	s.ssh, err = wish.NewServer(
		wish.WithAddress(opts.Listen),
		func(srv *ssh.Server) error { srv.AddHostKey(hostKey); return nil },
		// Sessions only, with their requests bounded (see guardedChannel).
		func(srv *ssh.Server) error {
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": guardSessions}
			return nil
		},
		// Public keys only: no password or keyboard-interactive handler is
		// set, so neither method is offered.
		wish.WithPublicKeyAuth(s.authorise),
		// The connection's timeouts are the hard stop behind each session's
		// own; the idle one also ends a stalled handshake.
		wish.WithIdleTimeout(withGrace(opts.IdleTimeout)),
		wish.WithMaxTimeout(withGrace(opts.MaxSession)),
		wish.WithMiddleware(
			s.sayFarewell,
			// Middlewares run last to first: the log line wraps everything,
			// and recover keeps a panicking session from taking the server
			// down.
			recover.MiddlewareWithLogger(s.logger,
				// No minimum profile to force: each session's renderer fits its terminal.
				bubbletea.MiddlewareWithProgramHandler(s.program, termenv.Ascii),
				activeterm.Middleware(),
				s.limitSessions,
			),
			s.logSessions,
		),
	)
	if err != nil {
		return nil, err
	}
	s.ssh.ConnectionFailedCallback = func(conn net.Conn, err error) {
		s.logger.Printf("connection from %s failed: %v", conn.RemoteAddr(), err)
	}
	return s, nil
}

// authorise admits a key listed in the key files as they are now.
func (s *server) authorise(_ ssh.Context, key ssh.PublicKey) bool {
	keys, err := s.keys.load()
	if err != nil {
		s.logger.Printf("reloading keys, so refusing every key until fixed: %v", err)
		return false
	}
	return keys.allows(gossh.FingerprintSHA256(key))
}

// shutdown ends every session with a word to its user, waits briefly for
// them to close, then closes what is left.
func (s *server) shutdown(wait time.Duration) {
	s.sessions.endAll(endShutdown, "the server is shutting down.")
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := s.ssh.Shutdown(ctx); err != nil {
		s.ssh.Close()
	}
}

func joinNonEmpty(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " or " + b
}

const usage = `sensu-tui serve: the dashboard as an SSH application

Usage:
  sensu-tui serve --authorized-keys FILE [flags]
  sensu-tui serve --key-map FILE [flags]

Each SSH session gets its own dashboard and logs in to Sensu itself, unless
its key is in the key map, which opens the dashboard with an API key. Only
public keys are accepted, and at least one key file is required.

Flags:
`

// Run is `sensu-tui serve`: it parses args, serves until SIGINT or SIGTERM,
// and returns the exit status (2 for a bad command line or configuration).
func Run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, args, stdout, stderr)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "sensu-tui serve:", err)
		return 2
	}
	opts.Logger = log.New(stderr, "sensu-tui serve: ", log.LstdFlags)
	s, err := newServer(opts)
	if err != nil {
		fmt.Fprintln(stderr, "sensu-tui serve:", err)
		return 2
	}
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		fmt.Fprintln(stderr, "sensu-tui serve:", err)
		return 1
	}
	fmt.Fprintf(stdout, "sensu-tui serve: listening on %s (host key %s)\n",
		ln.Addr(), gossh.FingerprintSHA256(s.ssh.HostSigners[0].PublicKey()))
	served := make(chan error, 1)
	go func() { served <- s.ssh.Serve(ln) }()
	select {
	case err := <-served:
		fmt.Fprintln(stderr, "sensu-tui serve:", err)
		return 1
	case <-ctx.Done():
	}
	s.shutdown(3 * time.Second)
	<-served
	return 0
}

func parseFlags(args []string, stderr io.Writer) (Options, error) {
	var o Options
	fs := flag.NewFlagSet("sensu-tui serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.Listen, "listen", DefaultListen, "address to listen on")
	fs.StringVar(&o.HostKeyPath, "host-key", defaultHostKeyPath(), "SSH host key file, generated (ed25519, mode 0600) when missing")
	fs.StringVar(&o.AuthorizedKeysPath, "authorized-keys", "", "OpenSSH authorized_keys file of keys that may connect and log in")
	fs.StringVar(&o.KeyMapPath, "key-map", "", "YAML file (mode 0600) mapping key fingerprints to a Sensu URL, API key and namespace")
	fs.BoolVar(&o.ReadOnly, "read-only", false, "refuse every change to Sensu in every session")
	fs.DurationVar(&o.IdleTimeout, "idle-timeout", DefaultIdleTimeout, "end a session after this long without input (0 = never)")
	fs.DurationVar(&o.MaxSession, "max-session", DefaultMaxSession, "end a session after this long (0 = never)")
	fs.IntVar(&o.MaxSessions, "max-sessions", DefaultMaxSessions, "most sessions open at once")
	fs.DurationVar(&o.Refresh, "refresh", views.DefaultRefresh, "how often views poll the API")
	fs.StringVar(&o.APIURL, "api-url", "", "Sensu API URL to prefill in the login view")
	fs.BoolVar(&o.ASCII, "ascii", false, "draw symbols and borders in plain ASCII, for clients without UTF-8")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		fs.Usage()
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.HostKeyPath == "":
		return o, errors.New("--host-key is required (no $HOME or $XDG_CONFIG_HOME for a default)")
	case o.MaxSessions < 1:
		return o, errors.New("--max-sessions must be at least 1")
	case o.Refresh < time.Second:
		return o, errors.New("--refresh must be at least 1s")
	case o.IdleTimeout < 0 || o.MaxSession < 0:
		return o, errors.New("--idle-timeout and --max-session cannot be negative")
	}
	return o, nil
}

// defaultHostKeyPath sits next to the sensu-tui profile.
func defaultHostKeyPath() string {
	p := config.DefaultProfilePath(os.Getenv)
	if p == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(p), "ssh_host_ed25519_key")
}
