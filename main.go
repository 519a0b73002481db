// Command sensu-tui is a terminal dashboard for the Sensu Go monitoring backend.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sensu-tui/sensu-tui/bench"
	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/config"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/serve"
	"github.com/sensu-tui/sensu-tui/ui"
	"github.com/sensu-tui/sensu-tui/ui/styles"
	"github.com/sensu-tui/sensu-tui/views"
)

const usage = `sensu-tui: a terminal dashboard for Sensu Go

Usage:
  sensu-tui [flags]                 open the dashboard
  sensu-tui --demo                  open it on built-in demo data
  sensu-tui fake-backend [flags]    serve a fake Sensu API for testing
  sensu-tui serve [flags]           serve the dashboard over SSH
  sensu-tui bench [flags]           measure how fast a backend's events load

Dashboard flags:
`

// version is the release, set when building with
// -ldflags "-X main.version=v1.2.3"; see versionString.
var version string

// versionString is version, or else the module's version from the build
// information (what "go install module@v1.2.3" records), or else "dev".
func versionString() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "fake-backend":
			return runFakeBackend(args[1:], stdout, stderr)
		case "serve":
			return serve.Run(args[1:], stdout, stderr)
		case "bench":
			return bench.Run(args[1:], stdout, stderr, serveFakeBackendProcess)
		}
	}
	return runDashboard(args, stdout, stderr)
}

type dashboardFlags struct {
	creds         config.Flags
	demo          bool
	demoEvents    int
	refresh       time.Duration
	timeout       time.Duration
	pageSize      int
	firstPageSize int
	startView     string
	readOnly      bool
	labelSelector string
	fieldSelector string
	logFile       string
	noGraphQL     bool
	version       bool
}

func parseDashboardFlags(args []string, stderr io.Writer) (dashboardFlags, error) {
	var f dashboardFlags
	fs := flag.NewFlagSet("sensu-tui", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	f.creds.Register(fs)
	fs.BoolVar(&f.demo, "demo", false, "open the dashboard on a built-in fake backend with demo data")
	fs.IntVar(&f.demoEvents, "demo-events", 0, "with --demo: number of events in namespace default (0 = the small seed set)")
	fs.DurationVar(&f.refresh, "refresh", views.DefaultRefresh, "how often views poll the API")
	fs.DurationVar(&f.timeout, "timeout", client.DefaultTimeout, "timeout for each API request")
	fs.IntVar(&f.pageSize, "page-size", client.DefaultPageSize, "items per page after the first")
	fs.IntVar(&f.firstPageSize, "first-page-size", client.DefaultFirstPageSize, "items in the first page, so rows show sooner")
	fs.StringVar(&f.startView, "view", views.Names()[0], "view to open first: "+strings.Join(views.Names(), ", "))
	fs.BoolVar(&f.readOnly, "read-only", false, "switch off every action that changes the server")
	fs.BoolVar(&f.noGraphQL, "no-graphql", false, "walk every list over REST instead of asking GraphQL for the rows on screen")
	fs.StringVar(&f.logFile, "log-file", "", "write a debug log of API requests here (no headers, no secrets)")
	fs.StringVar(&f.fieldSelector, "field-selector", "", "only show resources whose fields match, e.g. 'event.check.status == 2'")
	fs.StringVar(&f.labelSelector, "label-selector", "", "only show resources whose labels match, e.g. 'team == dev && env in [prod]'")
	fs.BoolVar(&f.version, "version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return f, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if f.refresh < time.Second {
		return f, errors.New("--refresh must be at least 1s")
	}
	view, ok := views.Find(f.startView)
	if !ok {
		return f, fmt.Errorf("--view %q is not a view: choose one of %s", f.startView, strings.Join(views.Names(), ", "))
	}
	f.startView = view.Name
	return f, nil
}

func runDashboard(args []string, stdout, stderr io.Writer) int {
	f, err := parseDashboardFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "sensu-tui:", err)
		return 2
	}
	if f.version {
		fmt.Fprintln(stdout, "sensu-tui", versionString())
		return 0
	}
	newClient, closeLog, logWarning, err := clientMaker(f)
	if err != nil {
		fmt.Fprintln(stderr, "sensu-tui:", err)
		return 1
	}
	defer closeLog()
	if logWarning != "" {
		fmt.Fprintln(stderr, "sensu-tui: warning:", logWarning)
	}
	opts, stop, err := dashboardOptions(f, newClient, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "sensu-tui:", err)
		return 1
	}
	defer stop()
	if logWarning != "" {
		opts.Warnings = append(opts.Warnings, logWarning)
	}
	out := ui.NewSyncWriter(os.Stdout)
	opts.Output = out
	r := lipgloss.DefaultRenderer()
	opts.Env.Styles = styles.New(r, styles.DetectASCII(os.Getenv))
	// Ask the terminal for its background now: the query would race Bubble Tea's input reader later.
	r.HasDarkBackground()
	p := tea.NewProgram(ui.New(opts), tea.WithOutput(out), tea.WithAltScreen(), tea.WithFPS(ui.FPS))
	if _, err := p.Run(); err != nil {
		fmt.Fprintln(stderr, "sensu-tui:", err)
		return 1
	}
	return 0
}

// dashboardOptions works out the connection: a demo backend, saved or given
// credentials, or nothing (then the login view opens).
func dashboardOptions(f dashboardFlags, newClient func(client.Config) (*client.Client, error), stderr io.Writer) (ui.Options, func(), error) {
	selector, err := client.ParseSelector(f.labelSelector)
	if err != nil {
		return ui.Options{}, nil, fmt.Errorf("--label-selector: %w", err)
	}
	fields, err := client.ParseSelector(f.fieldSelector)
	if err != nil {
		return ui.Options{}, nil, fmt.Errorf("--field-selector: %w", err)
	}
	env := views.Env{Refresh: f.refresh, PageSize: f.pageSize, FirstPageSize: f.firstPageSize, Selector: selector, FieldSelector: fields,
		WalkOnly: f.noGraphQL}
	profilePath := f.creds.ProfilePath
	if profilePath == "" {
		profilePath = config.DefaultProfilePath(os.Getenv)
	}
	opts := ui.Options{StartView: f.startView, ReadOnly: f.readOnly}
	if f.demo {
		c, stop, err := startDemo(f, newClient)
		if err != nil {
			return opts, nil, err
		}
		env.Client, env.Username = c, fakebackend.AdminUser
		opts.Env, opts.Demo = env, true
		opts.Login = views.LoginOptions{Creds: config.Credentials{URL: c.URL(), Username: fakebackend.AdminUser}, NewClient: newClient}
		return opts, stop, nil
	}
	creds, warnings, err := config.Resolve(f.creds, os.Getenv)
	for _, w := range warnings {
		fmt.Fprintln(stderr, "sensu-tui: warning:", w)
	}
	opts.Warnings = warnings
	if err != nil {
		return opts, nil, err
	}
	opts.Login = views.LoginOptions{Creds: creds, ProfilePath: profilePath, NewClient: newClient}
	opts.Context = creds.Context
	opts.ReadOnly = opts.ReadOnly || creds.ReadOnly
	creds.ReadOnly = opts.ReadOnly
	env.Username = creds.Username
	if creds.CanConnect() {
		c, err := connect(creds, profilePath, newClient)
		if err != nil {
			// The login view explains; starting up must not fail on a bad password.
			fmt.Fprintln(stderr, "sensu-tui:", err)
		} else {
			env.Client = c
		}
	}
	opts.Env = env
	return opts, func() {}, nil
}

// connect builds a client from resolved credentials. A password (only ever
// from SENSU_PASSWORD) is exchanged for tokens at once and then forgotten;
// tokens that came from the profile are saved back there when refreshed.
func connect(creds config.Credentials, profilePath string, newClient func(client.Config) (*client.Client, error)) (*client.Client, error) {
	cfg := creds.ClientConfig()
	if creds.CredentialSource == config.SourceProfile && creds.Tokens != nil && creds.Context != "" {
		cfg.OnTokens = config.TokenSaver(profilePath, creds.Context, creds.ToContext())
	}
	c, err := newClient(cfg)
	if err != nil || creds.Password == "" || creds.APIKey != "" || creds.Tokens != nil {
		return c, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), client.DefaultTimeout)
	defer cancel()
	if err := c.Login(ctx, creds.Username, creds.Password); err != nil {
		return nil, fmt.Errorf("logging in as %s from SENSU_PASSWORD: %w", creds.Username, err)
	}
	return c, nil
}

// clientMaker builds every client the dashboard makes, at start-up, after a
// login and after :ctx, with the flags that apply to all of them. It warns,
// as for the profile, when an existing log file is readable by others.
func clientMaker(f dashboardFlags) (func(client.Config) (*client.Client, error), func(), string, error) {
	var logger *log.Logger
	closeLog := func() {}
	warning := ""
	if f.logFile != "" {
		file, err := os.OpenFile(f.logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, nil, "", fmt.Errorf("--log-file: %w", err)
		}
		warning = config.ReadableWarning(f.logFile, "debug log (--log-file)", "the API requests made")
		logger = log.New(file, "", log.LstdFlags|log.Lmicroseconds)
		closeLog = func() { file.Close() }
	}
	return func(cfg client.Config) (*client.Client, error) {
		if cfg.Timeout == 0 {
			cfg.Timeout = f.timeout
		}
		cfg.ReadOnly = cfg.ReadOnly || f.readOnly
		cfg.Log = logger
		return client.New(cfg)
	}, closeLog, warning, nil
}

// startDemo serves the fake backend on a loopback port and logs in to it.
func startDemo(f dashboardFlags, newClient func(client.Config) (*client.Client, error)) (*client.Client, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, fmt.Errorf("starting the demo backend: %w", err)
	}
	srv := &http.Server{Handler: fakebackend.New(fakebackend.Options{Events: f.demoEvents}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	stop := func() { srv.Close() }
	c, err := newClient(client.Config{URL: "http://" + ln.Addr().String(), Namespace: f.creds.Namespace})
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
		err = c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword)
		cancel()
	}
	if err != nil {
		stop()
		return nil, nil, fmt.Errorf("logging in to the demo backend: %w", err)
	}
	return c, stop, nil
}

// serveFakeBackendProcess runs "sensu-tui fake-backend" in a child process
// for bench --demo-events: a real backend does not share the dashboard's
// CPU time with it on the same garbage collector.
func serveFakeBackendProcess(events int, latency time.Duration) (string, func(), error) {
	self, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(self, "fake-backend", "--listen", "127.0.0.1:0",
		"--events", strconv.Itoa(events), "--latency", latency.String())
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		cmd.Process.Signal(os.Interrupt)
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	}
	// Its first line names the address it listens on.
	line, err := bufio.NewReader(out).ReadString('\n')
	_, url, found := strings.Cut(strings.TrimSpace(line), " on ")
	if err != nil || !found {
		stop()
		return "", nil, fmt.Errorf("the fake backend did not say where it listens: %q", line)
	}
	return url, stop, nil
}

func runFakeBackend(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sensu-tui fake-backend", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on")
	events := fs.Int("events", 0, "number of events in namespace default, up to 100000 (0 = the small seed set)")
	seed := fs.Int64("seed", 1, "seed for the generated data")
	lifetime := fs.Duration("token-lifetime", 5*time.Minute, "access token lifetime")
	latency := fs.Duration("latency", 0, "fault: delay before every answer")
	errorRate := fs.Float64("error-rate", 0, "fault: fraction of /api requests answered 500")
	dropRate := fs.Float64("drop-rate", 0, "fault: fraction of /api requests whose connection is dropped")
	malformedRate := fs.Float64("malformed-rate", 0, "fault: fraction of list answers with a broken body")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *events < 0 || *events > 100000 {
		fmt.Fprintln(stderr, "sensu-tui fake-backend: --events must be between 0 and 100000")
		return 2
	}
	backend := fakebackend.New(fakebackend.Options{Seed: *seed, Events: *events, TokenLifetime: *lifetime})
	backend.SetFaults(fakebackend.Faults{Latency: *latency, ErrorRate: *errorRate, DropRate: *dropRate, MalformedRate: *malformedRate})
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(stderr, "sensu-tui fake-backend:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Fake Sensu API on http://%s\n", ln.Addr())
	fmt.Fprintf(stdout, "Log in as %s / %s (read-only: %s / %s)\n",
		fakebackend.AdminUser, fakebackend.AdminPassword, fakebackend.ViewerUser, fakebackend.ViewerPassword)
	srv := &http.Server{Handler: backend, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "sensu-tui fake-backend:", err)
		return 1
	}
	return 0
}
