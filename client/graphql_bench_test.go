package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/internal/counting"
)

// BenchmarkEventPageVsWalk compares, on the fake backend with 10,000
// events over loopback, one GraphQL page of 50 events in severity order
// with its totalCount against the REST walk of the whole namespace, in
// pages of 2,000 decoded into summaries, that it replaces. wire-B/op is
// the response bytes of one operation.
//
//	go test ./client -run '^$' -bench EventPageVsWalk -benchmem
func BenchmarkEventPageVsWalk(b *testing.B) {
	srv := httptest.NewServer(fakebackend.New(fakebackend.Options{Events: 10000}))
	defer srv.Close()
	counter := &counting.Transport{Next: http.DefaultTransport}
	c, err := client.New(client.Config{URL: srv.URL, Transport: counter})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		b.Fatal(err)
	}
	measure := func(b *testing.B, op func() int) {
		before := counter.Read()
		runs := 0
		for b.Loop() {
			if n := op(); n == 0 {
				b.Fatal("no events")
			}
			runs++
		}
		b.ReportMetric(float64(counter.Read()-before)/float64(runs), "wire-B/op")
	}
	b.Run("graphql-page-50", func(b *testing.B) {
		measure(b, func() int {
			page, err := c.EventPage(ctx, client.EventQuery{OrderBy: client.OrderSeverity, Limit: 50})
			if err != nil || page.TotalCount != 10000 {
				b.Fatal(page.TotalCount, err)
			}
			return len(page.Events)
		})
	})
	b.Run("rest-walk", func(b *testing.B) {
		measure(b, func() int {
			all, err := client.ListAll[*client.EventSummary](ctx, c, client.Events, client.ListOptions{})
			if err != nil {
				b.Fatal(err)
			}
			return len(all)
		})
	})
}
