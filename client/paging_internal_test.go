package client

import (
	"bytes"
	"context"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// A poll walks the list again and again: each walk should read its pages
// into the buffers of the last one, sized once, not into fresh memory.
func TestWalkKeepsItsPageBuffers(t *testing.T) {
	srv := httptest.NewServer(fakebackend.New(fakebackend.Options{Events: 900}))
	defer srv.Close()
	c, err := New(Config{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	opts := ListOptions{FirstPageSize: 100, PageSize: 400}
	biggest := 0
	walk := func() {
		t.Helper()
		n := 0
		err := Walk(ctx, c, Events, opts, func(page []*EventSummary) error {
			n += len(page)
			return nil
		})
		if err != nil || n != 900 {
			t.Fatalf("walk: %d events, %v; want 900", n, err)
		}
	}
	for _, page := range fakePages(t, fakebackend.Options{Events: 900}, false, "400") {
		biggest = max(biggest, len(page))
	}

	walk()
	kept := slices.Clone(c.pages.free)
	if len(kept) != keptPageBuffers {
		t.Fatalf("after a walk the client keeps %d buffers, want %d", len(kept), keptPageBuffers)
	}
	if !slices.ContainsFunc(kept, func(b *bytes.Buffer) bool { return b.Cap() >= biggest }) {
		t.Fatalf("no kept buffer holds a page of %d bytes", biggest)
	}

	walk()
	for _, b := range kept {
		if !slices.Contains(c.pages.free, b) {
			t.Fatal("the second walk read into new buffers")
		}
	}
}
