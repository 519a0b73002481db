package client

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// Resource names a listable Sensu collection.
type Resource string

// The collections the dashboard lists.
const (
	Events              Resource = "events"
	Checks              Resource = "checks"
	Entities            Resource = "entities"
	Silences            Resource = "silenced"
	Handlers            Resource = "handlers"
	Filters             Resource = "filters"
	Mutators            Resource = "mutators"
	Assets              Resource = "assets"
	Hooks               Resource = "hooks"
	Pipelines           Resource = "pipelines"
	Roles               Resource = "roles"
	RoleBindings        Resource = "rolebindings"
	Namespaces          Resource = "namespaces"
	Users               Resource = "users"
	APIKeys             Resource = "apikeys"
	ClusterRoles        Resource = "clusterroles"
	ClusterRoleBindings Resource = "clusterrolebindings"
)

// Namespaced reports whether the collection lives inside a namespace.
func (r Resource) Namespaced() bool {
	switch r {
	case Namespaces, Users, APIKeys, ClusterRoles, ClusterRoleBindings:
		return false
	}
	return true
}

// Default page sizes. Each page costs a real backend about 15-20 ms on top
// of the events themselves, so big pages load fastest: at 10,000 events,
// pages of 2000 took 250 ms where pages of 500 took 585 ms (fake backend,
// 20 ms a page). A small first page puts rows on screen sooner.
const (
	DefaultPageSize      = 2000
	DefaultFirstPageSize = 100
)

// ListOptions shapes a paged walk.
type ListOptions struct {
	// Namespace overrides the client's namespace; ignored when AllNamespaces is set.
	Namespace     string
	AllNamespaces bool
	// FirstPageSize and PageSize are item limits; 0 or less picks the defaults.
	FirstPageSize int
	PageSize      int
	// Selectors are only an optimisation: the community edition ignores them.
	LabelSelector string
	FieldSelector string
}

// ListPath is the URL path of a collection, honouring the namespace options.
func (c *Client) ListPath(r Resource, opts ListOptions) string {
	if !r.Namespaced() || opts.AllNamespaces {
		return "/api/core/v2/" + string(r)
	}
	return c.namespacePath(opts.Namespace) + "/" + string(r)
}

func (c *Client) namespacePath(ns string) string {
	if ns == "" {
		ns = c.Namespace()
	}
	return "/api/core/v2/namespaces/" + url.PathEscape(ns)
}

// Walk lists a collection page by page, handing each page to onPage as it
// arrives. It never sends a negative limit, and it stops on a missing
// Sensu-Continue header, a token it has seen before, an empty page, an
// error from onPage, or cancellation of ctx. While a page is decoded and
// handed over, the next one is already being fetched. T = *EventSummary
// decodes only what a list keeps, several times faster than other types.
func Walk[T any](ctx context.Context, c *Client, r Resource, opts ListOptions, onPage func([]T) error) error {
	path := c.ListPath(r, opts)
	decode := pageDecoder[T](path)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Pages are read into two buffers in turn: one is decoded while the
	// next page arrives in the other. Decoding copies what it keeps.
	bufs := [2]*bytes.Buffer{c.pages.get(), c.pages.get()}
	var next <-chan fetched // the page being fetched, if any
	defer func() {
		// Only once no fetch can still be writing into them.
		cancel()
		if next != nil {
			<-next
		}
		c.pages.put(bufs[0])
		c.pages.put(bufs[1])
	}()
	fetch := func(token string, limit int, into *bytes.Buffer, expect int) <-chan fetched {
		// Grown once to the size expected, rather than doubling up to it.
		into.Grow(expect + expect/8)
		query := url.Values{"limit": {strconv.Itoa(limit)}}
		if token != "" {
			query.Set("continue", token)
		}
		if opts.LabelSelector != "" {
			query.Set("labelSelector", opts.LabelSelector)
		}
		if opts.FieldSelector != "" {
			query.Set("fieldSelector", opts.FieldSelector)
		}
		done := make(chan fetched, 1)
		go func() {
			resp, err := c.do(ctx, request{method: http.MethodGet, path: path, query: query, into: into})
			done <- fetched{resp, err}
		}()
		return done
	}
	seen := map[string]bool{}
	limit := positiveOr(opts.FirstPageSize, DefaultFirstPageSize)
	next = fetch("", limit, bufs[0], 0)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return transportError("GET", path, err)
		}
		f := <-next
		next = nil
		if f.err != nil {
			return f.err
		}
		token := f.resp.header.Get("Sensu-Continue")
		more := token != "" && !seen[token] && !emptyList(f.resp.body)
		if more {
			seen[token] = true
			// A full page of this size tells the size of the next one.
			expect := len(f.resp.body) / limit
			limit = positiveOr(opts.PageSize, DefaultPageSize)
			next = fetch(token, limit, bufs[n%2], min(expect*limit, int(c.maxBody)))
		}
		page, err := decode(f.resp.body)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return transportError("GET", path, err)
		}
		if err := onPage(page); err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
}

// pageBuffers keeps the buffers of finished walks for the next walk of the
// same client: asking the OS for megabytes and zeroing them on every poll
// costs more than decoding them. A sync.Pool would not keep them: a busy
// garbage collector empties it between polls.
type pageBuffers struct {
	mu   sync.Mutex
	free []*bytes.Buffer
}

// Two buffers serve a walk; an odd huge page should not pin its memory.
const (
	keptPageBuffers = 2
	maxKeptPage     = 16 << 20
)

func (p *pageBuffers) get() *bytes.Buffer {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		b := p.free[n-1]
		p.free = p.free[:n-1]
		return b
	}
	return new(bytes.Buffer)
}

func (p *pageBuffers) put(b *bytes.Buffer) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b.Cap() <= maxKeptPage && len(p.free) < keptPageBuffers {
		b.Reset()
		p.free = append(p.free, b)
	}
}

// fetched is one page's answer.
type fetched struct {
	resp *response
	err  error
}

// emptyList is true for a body that decodes to no items, so that no
// request is made for a page after it.
func emptyList(body []byte) bool {
	b := bytes.TrimSpace(body)
	return string(b) == "[]" || string(b) == "null"
}

// pageDecoder decodes list pages of T; one decoder serves a whole walk.
func pageDecoder[T any](path string) func([]byte) ([]T, error) {
	if _, ok := any([]T(nil)).([]*EventSummary); ok {
		d := newSummaryDecoder()
		return func(body []byte) ([]T, error) {
			rows, err := d.page(path, body)
			return any(rows).([]T), err
		}
	}
	return func(body []byte) ([]T, error) {
		var page []T
		err := decode(http.MethodGet, path, body, &page)
		return page, err
	}
}

// ListAll walks a whole collection into one slice.
func ListAll[T any](ctx context.Context, c *Client, r Resource, opts ListOptions) ([]T, error) {
	var all []T
	err := Walk(ctx, c, r, opts, func(page []T) error {
		all = append(all, page...)
		return nil
	})
	return all, err
}

func positiveOr(n, fallback int) int {
	if n > 0 {
		return n
	}
	return fallback
}

// ItemPath is the URL path of one item. For events, name is "entity/check".
// Each segment is escaped, "*" too, as silence names need.
func (c *Client) ItemPath(r Resource, ns, name string) string {
	segments := strings.Split(name, "/")
	for i, s := range segments {
		segments[i] = strings.ReplaceAll(url.PathEscape(s), "*", "%2A")
	}
	base := "/api/core/v2/" + string(r)
	if r.Namespaced() {
		base = c.namespacePath(ns) + "/" + string(r)
	}
	return base + "/" + strings.Join(segments, "/")
}
