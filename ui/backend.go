package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
)

// DefaultHealthEvery is how often the header asks the backend about its
// health: a slow poll, since /health asks every etcd member.
const DefaultHealthEvery = time.Minute

// backendInfo is what the header says about the backend of one
// connection: its version, asked once, and its health, polled slowly.
type backendInfo struct {
	conn    uint64 // the connection the answers belong to
	version string
	health  *client.HealthInfo // nil until known
	// namespaces are those the user can see, for :ns; nil until known.
	namespaces []string
}

// versionMsg and healthMsg bring the answers for one connection; those of
// a connection since left are dropped.
type versionMsg struct {
	conn    uint64
	version string
}

type healthMsg struct {
	conn uint64
	info client.HealthInfo
	err  error
}

// healthTickMsg is the time to ask about the health again.
type healthTickMsg struct{ conn uint64 }

// connected starts over for a new connection: the version once, the
// health now and then every HealthEvery.
func (m *Model) connected() tea.Cmd {
	m.backend = backendInfo{conn: msgs.NewID()}
	if m.opts.HealthEvery < 0 {
		return nil
	}
	return tea.Batch(m.askVersion(), m.askHealth())
}

// onBackend handles the header's own messages.
func (m *Model) onBackend(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case versionMsg:
		if msg.conn == m.backend.conn {
			m.backend.version = msg.version
		}
	case healthMsg:
		if msg.conn != m.backend.conn {
			return nil
		}
		was := m.backend.health
		m.backend.health = nil
		if msg.err == nil {
			m.backend.health = &msg.info
		}
		conn := msg.conn
		next := tea.Tick(m.healthEvery(), func(time.Time) tea.Msg { return healthTickMsg{conn: conn} })
		if h := m.backend.health; h != nil && !h.Healthy && (was == nil || !slices.Equal(was.Problems, h.Problems)) {
			// The header may have room for the mark only: say why once, in full.
			text := "The cluster is unhealthy: " + strings.Join(h.Problems, "; ")
			return tea.Batch(next, m.setFlash(msgs.FlashMsg{Text: text, Error: true}))
		}
		return next
	case healthTickMsg:
		if msg.conn != m.backend.conn {
			return nil
		}
		if m.backend.version == "" {
			// The first try failed: the backend may be back.
			return tea.Batch(m.askVersion(), m.askHealth())
		}
		return m.askHealth()
	}
	return nil
}

func (m *Model) healthEvery() time.Duration {
	if m.opts.HealthEvery > 0 {
		return m.opts.HealthEvery
	}
	return DefaultHealthEvery
}

func (m *Model) askVersion() tea.Cmd {
	return m.ask(func(ctx context.Context, c *client.Client, conn uint64) tea.Msg {
		v, err := c.Version(ctx)
		if err != nil {
			return nil
		}
		return versionMsg{conn: conn, version: v.Backend}
	})
}

func (m *Model) askHealth() tea.Cmd {
	return m.ask(func(ctx context.Context, c *client.Client, conn uint64) tea.Msg {
		info, err := c.Health(ctx)
		return healthMsg{conn: conn, info: info, err: err}
	})
}

// ask makes one request of the connection in the background, bounded by
// --timeout; the answer names the connection it belongs to.
func (m *Model) ask(request func(ctx context.Context, c *client.Client, conn uint64) tea.Msg) tea.Cmd {
	c, conn := m.opts.Env.Client, m.backend.conn
	if c == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := c.Bound(context.Background())
		defer cancel()
		return request(ctx, c, conn)
	}
}
