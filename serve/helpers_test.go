package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// waitLimit bounds every wait for the screen; generous for -race on a busy machine.
const waitLimit = 15 * time.Second

// userKey is an SSH key pair for a test user.
type userKey struct {
	signer gossh.Signer
	priv   ed25519.PrivateKey
}

func newUserKey(t *testing.T) userKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return userKey{signer: signer, priv: priv}
}

func (k userKey) fingerprint() string { return gossh.FingerprintSHA256(k.signer.PublicKey()) }

func (k userKey) authorizedLine() string {
	return string(gossh.MarshalAuthorizedKey(k.signer.PublicKey()))
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // the umask may have narrowed it
		t.Fatal(err)
	}
	return path
}

func authorizedKeys(t *testing.T, keys ...userKey) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("# test users\n")
	for _, k := range keys {
		b.WriteString(k.authorizedLine())
	}
	return writeFile(t, filepath.Join(t.TempDir(), "authorized_keys"), b.String(), 0o600)
}

// testOptions has a fresh host key path and a logger into logs.
func testOptions(t *testing.T, logs io.Writer) Options {
	t.Helper()
	if logs == nil {
		logs = io.Discard
	}
	return Options{
		Listen:      "127.0.0.1:0",
		HostKeyPath: filepath.Join(t.TempDir(), "host_key"),
		Logger:      log.New(logs, "", 0),
	}
}

// startServer serves opts on a free loopback port and returns its address.
func startServer(t *testing.T, opts Options) (string, *server) {
	t.Helper()
	s, err := newServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.ssh.Serve(ln)
	t.Cleanup(func() { s.ssh.Close() })
	return ln.Addr().String(), s
}

func dial(addr, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            user,
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	})
}

func dialKey(t *testing.T, addr string, k userKey) *gossh.Client {
	t.Helper()
	c, err := dial(addr, "tester", gossh.PublicKeys(k.signer))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// stream collects what a session writes.
type stream struct {
	mu  sync.Mutex
	buf bytes.Buffer
	// written, when set, runs after every write.
	written func()
}

func (s *stream) Write(p []byte) (int, error) {
	s.mu.Lock()
	n, err := s.buf.Write(p)
	s.mu.Unlock()
	if s.written != nil {
		s.written()
	}
	return n, err
}

func (s *stream) raw() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// text is everything written so far without escape sequences. Bubble Tea
// redraws a changed line whole, so text on one screen line stays together.
func (s *stream) text() string { return ansi.Strip(s.raw()) }

// terminal is one PTY session as a client sees it.
type terminal struct {
	t      *testing.T
	sess   *gossh.Session
	stdin  io.Writer
	stdout *stream
	stderr *stream
	done   chan struct{}

	// answer is what the terminal sends back when asked for its device
	// attributes (and maybe its background colour first).
	answer   string
	mu       sync.Mutex
	answered int // requests answered
}

// Answers of a terminal to the server's background colour query (OSC 11,
// then device attributes, which every terminal answers).
const (
	answerAttributes = "\x1b[?62;22c"
	answerLight      = "\x1b]11;rgb:ffff/ffff/ffff\x07" + answerAttributes
)

// openTerminal opens a PTY session running the shell; env may set TERM
// (default xterm-256color) and variables to send. The terminal answers
// device attribute requests but does not report its background colour.
func openTerminal(t *testing.T, c *gossh.Client, width, height int, env ...string) *terminal {
	t.Helper()
	return openTerminalAnswering(t, c, width, height, answerAttributes, env...)
}

// openTerminalAnswering is openTerminal for a terminal that sends answer to
// every device attributes request ("": answers nothing).
func openTerminalAnswering(t *testing.T, c *gossh.Client, width, height int, answer string, env ...string) *terminal {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	term := &terminal{t: t, sess: sess, stdout: &stream{}, stderr: &stream{}, done: make(chan struct{}), answer: answer}
	term.stdout.written = term.answerRequests
	sess.Stdout, sess.Stderr = term.stdout, term.stderr
	if term.stdin, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	termType := "xterm-256color"
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if k == "TERM" {
			termType = v // as OpenSSH sends it: in the PTY request
			continue
		}
		if err := sess.Setenv(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.RequestPty(termType, height, width, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sess.Wait()
		close(term.done)
	}()
	return term
}

// answerRequests answers the server's device attribute requests, as a
// terminal does.
func (term *terminal) answerRequests() {
	if term.answer == "" {
		return
	}
	asked := strings.Count(term.stdout.raw(), ansi.RequestPrimaryDeviceAttributes)
	term.mu.Lock()
	defer term.mu.Unlock()
	for ; term.answered < asked; term.answered++ {
		go io.WriteString(term.stdin, term.answer)
	}
}

// waitFor waits until the session has shown every want, and fails with what it showed if not.
func (term *terminal) waitFor(wants ...string) string {
	term.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		text := term.stdout.text() + term.stderr.text()
		missing := ""
		for _, w := range wants {
			if !strings.Contains(text, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return text
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the session never showed %q; it showed:\n%s", missing, tail(text))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitClosed waits for the server to end the session.
func (term *terminal) waitClosed() {
	term.t.Helper()
	select {
	case <-term.done:
	case <-time.After(waitLimit):
		term.t.Fatalf("the session did not end; it showed:\n%s", tail(term.stdout.text()))
	}
}

// typeText types s a character at a time, as a person would: Bubble Tea
// reads a burst of characters as one key message, which no binding matches.
func (term *terminal) typeText(s string) {
	term.t.Helper()
	for _, r := range s {
		if _, err := io.WriteString(term.stdin, string(r)); err != nil {
			term.t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func tail(s string) string {
	if len(s) > 4000 {
		return "…" + s[len(s)-4000:]
	}
	return s
}

// fakeSensu serves the fake backend and returns its URL and an admin client.
func fakeSensu(t *testing.T) (string, *client.Client) {
	t.Helper()
	srv := httptest.NewServer(fakebackend.New(fakebackend.Options{}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(context.Background(), fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	return srv.URL, c
}

func grantKey(t *testing.T, admin *client.Client, user string) string {
	t.Helper()
	key, err := admin.GrantAPIKey(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	return key
}
