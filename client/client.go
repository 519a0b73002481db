// Package client talks to the Sensu Go HTTP API. It knows nothing about the
// terminal UI: views call it from commands and render what it returns.
package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"
)

// Defaults for Config fields left at their zero value.
const (
	DefaultTimeout      = 15 * time.Second
	DefaultMaxBodyBytes = 64 << 20
	DefaultNamespace    = "default"
	// maxRefreshMargin is the most a token is refreshed ahead of its
	// expiry, so that a request never leaves with a token that dies in
	// flight; shorter-lived tokens get a third of their lifetime (see
	// refreshMargin).
	maxRefreshMargin = 15 * time.Second
)

// Config describes one connection to a Sensu backend and how to authenticate.
// Exactly one of APIKey, Tokens or a later Login supplies credentials.
type Config struct {
	URL                   string
	Namespace             string
	Timeout               time.Duration
	TrustedCAFile         string
	InsecureSkipTLSVerify bool
	APIKey                string
	Tokens                *Tokens
	// MaxBodyBytes caps every response body read into memory.
	MaxBodyBytes int64
	// Now is the clock used for token expiry; tests inject their own.
	Now func() time.Time
	// OnTokens is told about every new token pair, so a caller can save it.
	OnTokens func(Tokens)
	// Transport replaces the HTTP transport, for tests that count or fault requests.
	Transport http.RoundTripper
	// ReadOnly refuses every mutating request before it leaves the client.
	ReadOnly bool
	// Log, when set, gets one line per request: method, path with secrets
	// masked, status, size and duration. Headers and bodies are never logged.
	Log *log.Logger
	// Shared, when set, shares this client's reads with the other clients
	// given the same Shared and the same credentials.
	Shared *Shared
	// GraphQLEventCap is how many events of a namespace the backend's
	// GraphQL reads at most; counts that reach it are reported incomplete.
	// 0 means DefaultGraphQLEventCap.
	GraphQLEventCap int
}

// Tokens is an access/refresh token pair as /auth and /auth/token return it.
type Tokens struct {
	Access    string `json:"access_token"`
	ExpiresAt int64  `json:"expires_at"`
	Refresh   string `json:"refresh_token"`
}

// Client is safe for concurrent use by many commands at once.
type Client struct {
	http     *resty.Client
	base     string
	maxBody  int64
	pages    pageBuffers // kept between walks
	now      func() time.Time
	onTokens func(Tokens)
	insecure bool
	readOnly bool
	log      *log.Logger
	timeout  time.Duration
	// graphQLOff is set once GraphQL proved unusable on this connection.
	graphQLOff atomic.Bool
	shared     *Shared
	// graphQLEventCap is Config.GraphQLEventCap.
	graphQLEventCap int

	mu        sync.Mutex
	namespace string
	apiKey    string
	tokens    Tokens
	issued    time.Time // when tokens arrived, by c.now; zero if not known
	expired   bool      // set once a refresh fails: no further refresh is tried

	// refreshSlot admits one refresh at a time; waiters can still give up on their context.
	refreshSlot chan struct{}
}

// New checks the configuration and builds a client. It does not contact the server.
func New(cfg Config) (*Client, error) {
	base, err := NormaliseURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	tlsCfg, err := tlsConfig(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:            base,
		maxBody:         cfg.MaxBodyBytes,
		now:             cfg.Now,
		onTokens:        cfg.OnTokens,
		insecure:        cfg.InsecureSkipTLSVerify,
		readOnly:        cfg.ReadOnly,
		log:             cfg.Log,
		graphQLEventCap: cfg.GraphQLEventCap,
		namespace:       cfg.Namespace,
		apiKey:          cfg.APIKey,
		refreshSlot:     make(chan struct{}, 1),
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBodyBytes
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.namespace == "" {
		c.namespace = DefaultNamespace
	}
	if cfg.Tokens != nil {
		// When stored tokens were issued is not known (c.issued stays
		// zero), so they get the full margin until their first refresh.
		c.tokens = *cfg.Tokens
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	c.timeout = timeout
	c.shared = cfg.Shared
	home, _ := url.Parse(base) // NormaliseURL parsed it already
	c.http = resty.New().
		SetLogger(silentLogger{}).
		SetTimeout(timeout).
		SetTLSClientConfig(tlsCfg).
		SetRedirectPolicy(stayOn(origin(home))).
		SetHeader("User-Agent", "sensu-tui")
	if cfg.Transport != nil {
		c.http.SetTransport(cfg.Transport)
		c.http.SetTimeout(timeout)
	}
	return c, nil
}

// NormaliseURL checks an API URL and puts it in the form the client uses:
// http:// when no scheme is given, no trailing slash. Its errors are
// short and plain, for a login form to show.
func NormaliseURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", errors.New("enter the API URL, e.g. https://sensu.example.com:8080")
	}
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "", errors.New("not a valid URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return "", errors.New("the URL must start with http:// or https://")
	case u.Host == "" || u.Hostname() == "":
		return "", errors.New("the URL has no host name")
	}
	return strings.TrimRight(u.String(), "/"), nil
}

func tlsConfig(cfg Config) (*tls.Config, error) {
	t := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.InsecureSkipTLSVerify}
	if cfg.TrustedCAFile == "" {
		return t, nil
	}
	pem, err := os.ReadFile(cfg.TrustedCAFile)
	if err != nil {
		return nil, fmt.Errorf("reading trusted CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("trusted CA file %s holds no PEM certificate", cfg.TrustedCAFile)
	}
	t.RootCAs = pool
	return t, nil
}

// silentLogger keeps resty from writing warnings onto the terminal the UI draws on.
type silentLogger struct{}

func (silentLogger) Errorf(string, ...any) {}
func (silentLogger) Warnf(string, ...any)  {}
func (silentLogger) Debugf(string, ...any) {}

// URL is the normalised API URL.
func (c *Client) URL() string { return c.base }

// Timeout is how long one request may take (--timeout).
func (c *Client) Timeout() time.Duration { return c.timeout }

// Bound bounds parent by the client's --timeout, for one request or one
// action's few.
func (c *Client) Bound(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, c.timeout)
}

// ReadOnly reports whether mutating requests are refused.
func (c *Client) ReadOnly() bool { return c.readOnly }

// Insecure reports whether TLS verification is switched off, so the UI can say so loudly.
func (c *Client) Insecure() bool { return c.insecure }

// Namespace is the namespace namespaced calls use by default.
func (c *Client) Namespace() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.namespace
}

// SetNamespace changes the default namespace.
func (c *Client) SetNamespace(ns string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.namespace = ns
}

// APIKey is the key this client authenticates with, or "".
func (c *Client) APIKey() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.apiKey
}

// CurrentTokens is the token pair in use, or a zero Tokens with API-key auth.
func (c *Client) CurrentTokens() Tokens {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tokens
}

// HasCredentials reports whether the client has something to authenticate with.
func (c *Client) HasCredentials() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.apiKey != "" || c.tokens.Access != ""
}

// request is one API call; the zero value of each optional field means "none".
type request struct {
	method string
	path   string
	query  url.Values
	body   any
	// noAuth skips the Authorization header (health, version).
	noAuth bool
	// safe marks a request that changes nothing although it is not a GET,
	// such as a GraphQL query: read-only mode lets it through.
	safe bool
	// into, when set, receives the body instead of fresh memory, so that a
	// paged walk reads all its pages into the same two buffers.
	into *bytes.Buffer
}

// response is what callers need from an answer: its status, headers and the capped body.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends req with credentials. On a 401 with token auth it refreshes once
// and retries once; a failed refresh ends the session.
func (c *Client) do(ctx context.Context, req request) (*response, error) {
	if err := c.refuseIfReadOnly(req); err != nil {
		return nil, err
	}
	if !req.noAuth {
		if err := c.refreshIfDue(ctx); err != nil {
			return nil, err
		}
	}
	auth := c.authHeader(req.noAuth)
	if c.shared == nil || req.noAuth {
		return c.exchange(ctx, req, auth)
	}
	id := identity(c.base, auth)
	if shareable(req) {
		return c.shared.read(readKey(id, req), func() (*response, error) { return c.exchange(ctx, req, auth) })
	}
	resp, err := c.exchange(ctx, req, auth)
	c.shared.forget(id) // a change, or an attempt at one: the next reads go to the server
	return resp, err
}

// exchange sends req with auth, refreshing the token once on a 401.
func (c *Client) exchange(ctx context.Context, req request, auth string) (*response, error) {
	resp, err := c.send(ctx, req, auth)
	if err != nil {
		return nil, err
	}
	if resp.status == http.StatusUnauthorized && strings.HasPrefix(auth, "Bearer ") {
		if err := c.refresh(ctx, strings.TrimPrefix(auth, "Bearer ")); err != nil {
			return nil, err
		}
		if resp, err = c.send(ctx, req, c.authHeader(false)); err != nil {
			return nil, err
		}
	}
	if resp.status >= 400 {
		e := parseAPIError(req.method, req.path, resp.status, resp.body)
		e.RetryAfter = retryAfter(resp.status, resp.header, c.now())
		return resp, e
	}
	return resp, nil
}

// refuseIfReadOnly fails a request that would change something when the
// client is read-only: anything but a GET or a request marked safe.
func (c *Client) refuseIfReadOnly(req request) error {
	if c.readOnly && req.method != http.MethodGet && !req.safe {
		return &Error{Kind: KindReadOnly, Method: req.method, Path: req.path,
			Message: "read-only mode: changes are switched off (--read-only)"}
	}
	return nil
}

func (c *Client) authHeader(none bool) string {
	if none {
		return ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.apiKey != "":
		return "Key " + c.apiKey
	case c.tokens.Access != "":
		return "Bearer " + c.tokens.Access
	}
	return ""
}

// send performs one HTTP exchange and reads at most maxBody bytes of the answer.
func (c *Client) send(ctx context.Context, req request, auth string) (*response, error) {
	r := c.http.R().SetContext(ctx).SetDoNotParseResponse(true)
	if auth != "" {
		r.SetHeader("Authorization", auth)
	}
	if req.query != nil {
		r.SetQueryParamsFromValues(req.query)
	}
	if req.body != nil {
		// Sensu eats a body not labelled JSON as a form and answers 500 EOF.
		r.SetHeader("Content-Type", "application/json").SetBody(req.body)
	}
	start := time.Now()
	res, err := r.Execute(req.method, c.base+req.path)
	if err != nil {
		err := transportError(req.method, req.path, err)
		c.logf("%s %s failed after %s: %s", req.method, RedactPath(req.path), time.Since(start).Round(time.Millisecond), err.Message)
		return nil, err
	}
	raw := res.RawBody()
	defer raw.Close()
	resp, err := c.readCapped(req.method, req.path, res.StatusCode(), res.Header(), raw, req.into)
	if err == nil {
		c.logf("%s %s %d %dB %s", req.method, RedactPath(req.path), resp.status, len(resp.body), time.Since(start).Round(time.Millisecond))
	}
	return resp, err
}

func (c *Client) logf(format string, args ...any) {
	if c.log != nil {
		c.log.Printf(format, args...)
	}
}

// readCapped reads at most maxBody bytes, so an endless body cannot exhaust memory.
func (c *Client) readCapped(method, path string, status int, header http.Header, raw io.Reader, into *bytes.Buffer) (*response, error) {
	limited := io.LimitReader(raw, c.maxBody+1)
	var body []byte
	var err error
	if into != nil {
		into.Reset()
		_, err = into.ReadFrom(limited)
		body = into.Bytes()
	} else {
		body, err = io.ReadAll(limited)
	}
	if err != nil {
		return nil, transportError(method, path, err)
	}
	if int64(len(body)) > c.maxBody {
		return nil, &Error{Kind: KindMalformed, Method: method, Path: path,
			Message: fmt.Sprintf("response larger than %d bytes", c.maxBody)}
	}
	return &response{status: status, header: header, body: body}, nil
}

// getJSON GETs path and decodes the JSON answer into out.
func (c *Client) getJSON(ctx context.Context, path string, query url.Values, out any) (http.Header, error) {
	resp, err := c.do(ctx, request{method: http.MethodGet, path: path, query: query})
	if err != nil {
		return nil, err
	}
	if err := decode(http.MethodGet, path, resp.body, out); err != nil {
		return nil, err
	}
	return resp.header, nil
}

func decode(method, path string, body []byte, out any) error {
	if err := json.Unmarshal(body, out); err != nil {
		return &Error{Kind: KindMalformed, Method: method, Path: path,
			Message: "malformed JSON in response: " + err.Error(), Err: err}
	}
	return nil
}
