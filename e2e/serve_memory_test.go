package e2e

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Memory bounds for TestServeSurvivesHostileTerminals.
const (
	// serveRSSCeiling is what `sensu-tui serve` may hold with one hostile
	// session open: the idle server and a login view at the largest size
	// a session gets (500x200) take about 25 MB; the rest is room for the
	// garbage collector (GOGC doubles the live heap before it collects)
	// and for a second session. Before window sizes were bounded, one
	// 65535x65535 window took the server past 6 GB.
	serveRSSCeiling = 150 << 20
	// serveRSSKill stops a server that runs away, so that a failing test
	// does not take the machine down with it.
	serveRSSKill = 1 << 30
)

// serveProcess is `sensu-tui serve` running as its own process, as an
// operator runs it, with an authorised key for the test's SSH client.
type serveProcess struct {
	cmd    *exec.Cmd
	addr   string
	signer gossh.Signer

	mu      sync.Mutex
	peak    int64 // highest VmRSS seen, bytes
	killed  time.Time
	sampled chan struct{}
}

func startServe(t *testing.T) *serveProcess {
	t.Helper()
	dir := t.TempDir()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(keys, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "serve", "--listen", "127.0.0.1:0", "--authorized-keys", keys,
		"--host-key", filepath.Join(dir, "host_key"))
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProcess{cmd: cmd, signer: signer, sampled: make(chan struct{})}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if rest, ok := strings.CutPrefix(lines.Text(), "sensu-tui serve: listening on "); ok {
			p.addr, _, _ = strings.Cut(rest, " ")
			break
		}
	}
	if p.addr == "" {
		t.Fatal("sensu-tui serve did not say where it listens")
	}
	go io.Copy(io.Discard, out)
	go p.watch()
	return p
}

// rss is the process's resident set now, in bytes, from /proc.
func (p *serveProcess) rss() (int64, bool) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

// watch samples the resident set every 50 ms, keeps the peak, and kills a
// server that passes serveRSSKill.
func (p *serveProcess) watch() {
	first := true
	defer func() {
		if first {
			close(p.sampled)
		}
	}()
	for {
		rss, ok := p.rss()
		if !ok {
			return
		}
		p.mu.Lock()
		p.peak = max(p.peak, rss)
		if rss > serveRSSKill && p.killed.IsZero() {
			p.killed = time.Now()
			p.cmd.Process.Kill()
		}
		p.mu.Unlock()
		if first {
			close(p.sampled)
			first = false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// peakRSS is the highest resident set seen, and when the server was
// killed for passing serveRSSKill (zero if it was not).
func (p *serveProcess) peakRSS() (int64, time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak, p.killed
}

func (p *serveProcess) dial(t *testing.T) *gossh.Client {
	t.Helper()
	c, err := gossh.Dial("tcp", p.addr, &gossh.ClientConfig{
		User: "tester", Auth: []gossh.AuthMethod{gossh.PublicKeys(p.signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// shell opens a session with a pty of the given size, starts the dashboard
// in it and returns what it shows, as it comes; the caller must read it.
func shell(t *testing.T, c *gossh.Client, width, height int) (*gossh.Session, io.Reader, io.WriteCloser) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", height, width, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return sess, out, in
}

// waitForText reads r until it has shown want, and fails after limit.
func waitForText(t *testing.T, r io.Reader, want string, limit time.Duration) {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		var seen []byte
		buf := make([]byte, 4096)
		for {
			n, err := r.Read(buf)
			seen = append(seen, buf[:n]...)
			if bytes.Contains(seen, []byte(want)) || err != nil {
				found <- string(seen)
				io.Copy(io.Discard, r)
				return
			}
		}
	}()
	select {
	case seen := <-found:
		if !strings.Contains(seen, want) {
			t.Fatalf("the session ended without showing %q; it showed:\n%.2000q", want, seen)
		}
	case <-time.After(limit):
		t.Fatalf("the session did not show %q in %s", want, limit)
	}
}

// TestServeSurvivesHostileTerminals opens a session on a real `sensu-tui
// serve` with a 65535x65535 pty, resizes it to 65535x65535 and to
// 4294967295x4294967295 (the largest size SSH carries), pastes 8 MiB that
// never end their bracketed paste into it, and opens another session with
// 20,000 environment variables of 4 KiB. The server's resident set must
// stay under serveRSSCeiling, and a further session must still get the
// login view.
func TestServeSurvivesHostileTerminals(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("the server's memory is read from /proc, which this system lacks")
	}
	p := startServe(t)
	<-p.sampled
	idle, _ := p.peakRSS()
	start := time.Now()
	check := func(attack string) {
		t.Helper()
		peak, killed := p.peakRSS()
		t.Logf("after %s: serve RSS peak %d MB (idle %d MB, ceiling %d MB)", attack, peak>>20, idle>>20, serveRSSCeiling>>20)
		if !killed.IsZero() {
			t.Fatalf("serve passed %d MB %s after the first session opened, and was killed", serveRSSKill>>20, killed.Sub(start).Round(100*time.Millisecond))
		}
		if peak > serveRSSCeiling {
			t.Errorf("serve peaked at %d MB, over the %d MB ceiling", peak>>20, serveRSSCeiling>>20)
		}
	}

	sess, screen, stdin := shell(t, p.dial(t), 65535, 65535)
	go io.Copy(io.Discard, screen)
	time.Sleep(2 * time.Second)
	for _, size := range []int{65535, 4294967295} {
		if err := sess.WindowChange(size, size); err != nil {
			t.Logf("window change to %d: %v", size, err)
		}
		time.Sleep(3 * time.Second)
	}
	check("the window sizes")

	go func() {
		stdin.Write([]byte("\x1b[200~"))
		chunk := bytes.Repeat([]byte("a"), 64<<10)
		for range 128 {
			if _, err := stdin.Write(chunk); err != nil {
				return
			}
		}
	}()
	time.Sleep(8 * time.Second)
	check("an endless paste")

	envs, err := p.dial(t).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	value := strings.Repeat("v", 4<<10)
	refused := 0
	for i := range 20000 {
		if envs.Setenv(fmt.Sprintf("VAR%d", i), value) != nil {
			refused++
		}
	}
	envs.Close()
	time.Sleep(time.Second)
	check(fmt.Sprintf("20000 environment variables (%d refused)", refused))

	_, screen, _ = shell(t, p.dial(t), 100, 30)
	waitForText(t, screen, "Username", 15*time.Second)
}
