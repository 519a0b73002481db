package client

import (
	"context"
	"net/url"
	"strconv"
	"strings"
)

// Resource names a listable Sensu collection.
type Resource string

// The collections the dashboard lists.
const (
	Events     Resource = "events"
	Checks     Resource = "checks"
	Entities   Resource = "entities"
	Silences   Resource = "silenced"
	Namespaces Resource = "namespaces"
	Users      Resource = "users"
	APIKeys    Resource = "apikeys"
)

// Namespaced reports whether the collection lives inside a namespace.
func (r Resource) Namespaced() bool {
	switch r {
	case Namespaces, Users, APIKeys:
		return false
	}
	return true
}

// Default page sizes. Each page costs the server about 20 ms, so big pages
// load fastest; a small first page puts rows on screen sooner.
const (
	DefaultPageSize      = 500
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
// error from onPage, or cancellation of ctx.
func Walk[T any](ctx context.Context, c *Client, r Resource, opts ListOptions, onPage func([]T) error) error {
	path := c.ListPath(r, opts)
	seen := map[string]bool{}
	token := ""
	limit := positiveOr(opts.FirstPageSize, DefaultFirstPageSize)
	for {
		if err := ctx.Err(); err != nil {
			return transportError("GET", path, err)
		}
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
		var page []T
		header, err := c.getJSON(ctx, path, query, &page)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		if err := onPage(page); err != nil {
			return err
		}
		next := header.Get("Sensu-Continue")
		if next == "" || seen[next] {
			return nil
		}
		seen[next] = true
		token = next
		limit = positiveOr(opts.PageSize, DefaultPageSize)
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
