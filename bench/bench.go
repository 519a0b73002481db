// Package bench is the "sensu-tui bench" command: it measures how fast the
// events view loads from a Sensu backend, against the fastest any client
// could fetch the same pages, and how much memory and drawing the list costs.
package bench

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/config"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/internal/counting"
	"github.com/sensu-tui/sensu-tui/views"
)

const usage = `sensu-tui bench: how fast the events view loads from a Sensu backend

Usage:
  sensu-tui bench [flags]                        measure the backend you would connect to
  sensu-tui bench --demo-events 10000 [flags]    measure a fake backend in its own process

Each run walks the events list twice, back to back: once with a bare net/http
loop that only reads the pages (the wire floor), once the way the dashboard
loads it. Times are medians over the runs; ratio is the median of each run's
full_load_ms / wire_floor_ms. Memory and drawing are measured on one more load.

Flags:
`

// Result is what a benchmark measured; times are medians over the runs.
type Result struct {
	Events            int     `json:"events"`
	Bytes             int64   `json:"bytes"`
	Pages             int     `json:"pages"`
	FirstPageMS       float64 `json:"first_page_ms"`
	FullLoadMS        float64 `json:"full_load_ms"`
	WireFloorMS       float64 `json:"wire_floor_ms"`
	Ratio             float64 `json:"ratio"`
	HeapBytesPerEvent float64 `json:"heap_bytes_per_event"`
	ViewNSPerFrame    float64 `json:"view_ns_per_frame"`
	// PollBytes and PollMS are one steady-state poll of the events view as
	// it opens (median of the runs): a window from GraphQL where the
	// backend serves it (PollWindow), else a walk.
	PollBytes     int64   `json:"poll_bytes"`
	PollMS        float64 `json:"poll_ms"`
	PollWindow    bool    `json:"poll_window"`
	FirstPageSize int     `json:"first_page_size"`
	PageSize      int     `json:"page_size"`
	Runs          int     `json:"runs"`

	// Ranges over the runs, for the table.
	firstPage, fullLoad, wireFloor, ratio, poll [2]float64
}

type options struct {
	creds         config.Flags
	timeout       time.Duration
	pageSize      int
	firstPageSize int
	runs          int
	json          bool
	demoEvents    int
	pageLatency   time.Duration
}

// DemoServer starts a fake backend with events events, each answer delayed
// by latency, and returns its URL and a function that stops it.
type DemoServer func(events int, latency time.Duration) (url string, stop func(), err error)

// Run is the bench subcommand and returns its exit status; --demo-events
// measures a fake backend started by serve.
func Run(args []string, stdout, stderr io.Writer, serve DemoServer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "sensu-tui bench:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	t, err := connect(ctx, o, serve, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "sensu-tui bench:", err)
		return 1
	}
	defer t.close()
	if !o.json {
		fmt.Fprintf(stderr, "Measuring %s (namespace %s): %d runs…\n", t.client.URL(), t.client.Namespace(), o.runs)
	}
	res, err := Measure(ctx, t.client, t.http, t.read, o.firstPageSize, o.pageSize, o.runs)
	if err != nil {
		fmt.Fprintln(stderr, "sensu-tui bench:", err)
		return 1
	}
	if o.json {
		json.NewEncoder(stdout).Encode(res)
		return 0
	}
	writeTable(stdout, res)
	return 0
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("sensu-tui bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	o.creds.Register(fs)
	fs.DurationVar(&o.timeout, "timeout", client.DefaultTimeout, "timeout for each API request")
	fs.IntVar(&o.pageSize, "page-size", client.DefaultPageSize, "events per page after the first")
	fs.IntVar(&o.firstPageSize, "first-page-size", client.DefaultFirstPageSize, "events in the first page")
	fs.IntVar(&o.runs, "runs", 5, "number of measured runs")
	fs.BoolVar(&o.json, "json", false, "print one JSON object instead of a table")
	fs.IntVar(&o.demoEvents, "demo-events", 0, fmt.Sprintf("measure a fake backend with this many events (1 to %d) instead, started in its own process as a real backend runs", fakebackend.MaxEvents))
	fs.DurationVar(&o.pageLatency, "page-latency", 0, "with --demo-events: the fake backend's delay before every answer (a real one spends about 20ms per page)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		fs.Usage()
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.runs < 1:
		return o, errors.New("--runs must be at least 1")
	case o.pageSize < 1 || o.firstPageSize < 1:
		return o, errors.New("--page-size and --first-page-size must be at least 1")
	case o.demoEvents < 0 || o.demoEvents > fakebackend.MaxEvents:
		return o, fmt.Errorf("--demo-events must be between 1 and %d", fakebackend.MaxEvents)
	case o.pageLatency != 0 && o.demoEvents == 0:
		return o, errors.New("--page-latency only applies with --demo-events")
	}
	return o, nil
}

// target is the backend under test, with one transport shared by the
// client and the wire-floor loop so that both pay for the same connections.
type target struct {
	client *client.Client
	http   *http.Client
	read   func() int64 // bytes the client's answers held so far
	close  func()
}

func connect(ctx context.Context, o options, serve DemoServer, stderr io.Writer) (target, error) {
	if o.demoEvents > 0 {
		return startDemo(ctx, o, serve)
	}
	creds, warnings, err := config.Resolve(o.creds, os.Getenv)
	for _, w := range warnings {
		fmt.Fprintln(stderr, "sensu-tui bench: warning:", w)
	}
	if err != nil {
		return target{}, err
	}
	if !creds.CanConnect() {
		return target{}, errors.New("no credentials: give --api-url with --api-key (or --username and SENSU_PASSWORD), log in with sensuctl or sensu-tui first, or use --demo-events")
	}
	tr, err := transport(creds.TrustedCAFile, creds.InsecureSkipTLSVerify)
	if err != nil {
		return target{}, err
	}
	cfg := creds.ClientConfig()
	counted := &counting.Transport{Next: tr}
	cfg.Timeout, cfg.Transport = o.timeout, counted
	if creds.CredentialSource == config.SourceProfile && creds.Tokens != nil && creds.Context != "" {
		// Refreshed tokens must be saved, or the profile's refresh token goes stale.
		cfg.OnTokens = config.TokenSaver(cmp.Or(o.creds.ProfilePath, config.DefaultProfilePath(os.Getenv)), creds.Context, creds.ToContext())
	}
	c, err := client.New(cfg)
	if err != nil {
		return target{}, err
	}
	if creds.Password != "" && creds.APIKey == "" && creds.Tokens == nil {
		if err := login(ctx, c, creds.Username, creds.Password, o.timeout); err != nil {
			return target{}, err
		}
	}
	return target{client: c, http: &http.Client{Transport: tr, Timeout: o.timeout}, read: counted.Read, close: tr.CloseIdleConnections}, nil
}

// startDemo measures a fake backend with o.demoEvents events, so that
// figures can be reproduced without a Sensu backend.
func startDemo(ctx context.Context, o options, serve DemoServer) (target, error) {
	url, stopServer, err := serve(o.demoEvents, o.pageLatency)
	if err != nil {
		return target{}, fmt.Errorf("starting the fake backend: %w", err)
	}
	tr, _ := transport("", false)
	stop := func() {
		tr.CloseIdleConnections()
		stopServer()
	}
	counted := &counting.Transport{Next: tr}
	c, err := client.New(client.Config{URL: url, Namespace: o.creds.Namespace, Timeout: o.timeout, Transport: counted})
	if err == nil {
		err = login(ctx, c, fakebackend.AdminUser, fakebackend.AdminPassword, o.timeout)
	}
	if err != nil {
		stop()
		return target{}, err
	}
	return target{client: c, http: &http.Client{Transport: tr, Timeout: o.timeout}, read: counted.Read, close: stop}, nil
}

// ServeInProcess is a DemoServer in this process. A real backend has a
// process of its own; sharing this one's garbage collector makes the full
// load pay for the fake backend's garbage as well.
func ServeInProcess(events int, latency time.Duration) (string, func(), error) {
	backend := fakebackend.New(fakebackend.Options{Events: events})
	backend.SetFaults(fakebackend.Faults{Latency: latency})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: backend, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

func login(ctx context.Context, c *client.Client, username, password string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := c.Login(ctx, username, password); err != nil {
		return fmt.Errorf("logging in as %s: %w", username, err)
	}
	return nil
}

// transport is the HTTP transport both walks use.
func transport(caFile string, insecure bool) (*http.Transport, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: insecure}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("reading trusted CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("trusted CA file %s holds no PEM certificate", caFile)
		}
		tr.TLSClientConfig.RootCAs = pool
	}
	return tr, nil
}

// Measure runs the wire floor and the full load runs times each, back to
// back and in alternating order, after one untimed warm-up of each; then
// one more load for memory and drawing, and runs polls of the view as it
// opens. read tells how many bytes c's answers have held so far.
func Measure(ctx context.Context, c *client.Client, hc *http.Client, read func() int64, firstPageSize, pageSize, runs int) (Result, error) {
	env := views.Env{Client: c, PageSize: pageSize, FirstPageSize: firstPageSize}
	listURL := c.URL() + c.ListPath(client.Events, client.ListOptions{})
	wire := func() (Walked, error) {
		w, err := WireFloor(ctx, hc, listURL, authHeader(c), firstPageSize, pageSize)
		if err != nil {
			return w, fmt.Errorf("wire floor: %w", err)
		}
		return w, nil
	}
	load := func() (Walked, error) {
		w, _, err := FullLoad(ctx, env)
		if err != nil {
			return w, fmt.Errorf("full load: %w", err)
		}
		return w, nil
	}
	var wires, loads []Walked
	for i := -1; i < runs; i++ { // run -1 warms up
		var w, l Walked
		var err error
		if i%2 == 0 {
			if w, err = wire(); err == nil {
				l, err = load()
			}
		} else {
			if l, err = load(); err == nil {
				w, err = wire()
			}
		}
		if err != nil {
			return Result{}, err
		}
		if i >= 0 {
			wires, loads = append(wires, w), append(loads, l)
		}
	}

	before := HeapInUse()
	w, v, err := FullLoad(ctx, env)
	if err != nil {
		return Result{}, fmt.Errorf("full load: %w", err)
	}
	after := HeapInUse()
	frame := FrameCost(v, 200)

	res := Result{
		Events: w.Items, Bytes: wires[0].Bytes, Pages: wires[0].Pages,
		FirstPageSize: firstPageSize, PageSize: pageSize, Runs: runs,
		ViewNSPerFrame: float64(frame.Nanoseconds()),
	}
	if w.Items > 0 {
		res.HeapBytesPerEvent = float64(int64(after)-int64(before)) / float64(w.Items)
	}
	ms := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }
	var first, full, floor, ratio []float64
	for i := range loads {
		first = append(first, ms(loads[i].FirstPage))
		full = append(full, ms(loads[i].Total))
		floor = append(floor, ms(wires[i].Total))
		ratio = append(ratio, loads[i].Total.Seconds()/wires[i].Total.Seconds())
	}
	res.FirstPageMS, res.firstPage = stats(first)
	res.FullLoadMS, res.fullLoad = stats(full)
	res.WireFloorMS, res.wireFloor = stats(floor)
	res.Ratio, res.ratio = stats(ratio)

	var polls, pollBytes []float64
	for range runs {
		bytes, took, err := Poll(ctx, env, read)
		if err != nil {
			return Result{}, fmt.Errorf("poll: %w", err)
		}
		polls, pollBytes = append(polls, ms(took)), append(pollBytes, float64(bytes))
	}
	res.PollMS, res.poll = stats(polls)
	median, _ := stats(pollBytes)
	res.PollBytes, res.PollWindow = int64(median), !c.GraphQLOff()
	return res, nil
}

// stats is the median and the range of values.
func stats(values []float64) (median float64, span [2]float64) {
	v := slices.Sorted(slices.Values(values))
	n := len(v)
	median = v[n/2]
	if n%2 == 0 {
		median = (v[n/2-1] + v[n/2]) / 2
	}
	return median, [2]float64{v[0], v[n-1]}
}

// authHeader is what the client would send, for the wire-floor loop.
func authHeader(c *client.Client) string {
	if key := c.APIKey(); key != "" {
		return "Key " + key
	}
	return "Bearer " + c.CurrentTokens().Access
}

func writeTable(out io.Writer, r Result) {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "\tmedian\tmin\tmax\t\n")
	row := func(name, format string, median float64, span *[2]float64) {
		if span == nil {
			fmt.Fprintf(w, "%s\t"+format+"\t\t\t\n", name, median)
			return
		}
		fmt.Fprintf(w, "%s\t"+format+"\t"+format+"\t"+format+"\t\n", name, median, span[0], span[1])
	}
	row("events", "%.0f", float64(r.Events), nil)
	row("bytes", "%.0f", float64(r.Bytes), nil)
	row("pages", "%.0f", float64(r.Pages), nil)
	row("first_page_ms", "%.1f", r.FirstPageMS, &r.firstPage)
	row("full_load_ms", "%.1f", r.FullLoadMS, &r.fullLoad)
	row("wire_floor_ms", "%.1f", r.WireFloorMS, &r.wireFloor)
	row("ratio", "%.2f", r.Ratio, &r.ratio)
	row("heap_bytes_per_event", "%.0f", r.HeapBytesPerEvent, nil)
	row("view_ns_per_frame", "%.0f", r.ViewNSPerFrame, nil)
	row("poll_ms", "%.1f", r.PollMS, &r.poll)
	row("poll_bytes", "%.0f", float64(r.PollBytes), nil)
	w.Flush()
	fmt.Fprintf(out, "first page %d events, then pages of %d; %d runs\n", r.FirstPageSize, r.PageSize, r.Runs)
	if r.PollWindow {
		fmt.Fprintf(out, "a poll asks GraphQL for a window of rows and the counts: %.2f%% of the bytes of a walk, %.2f of its time\n",
			100*float64(r.PollBytes)/float64(max(r.Bytes, 1)), r.PollMS/max(r.FullLoadMS, 1e-9))
	} else {
		fmt.Fprintln(out, "the backend serves no GraphQL: a poll walks the whole list")
	}
}
