package client_test

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// restEvents walks default's events over REST twice: as the summaries a
// list keeps, and whole, for the fields the orders need.
func restEvents(t *testing.T, c *client.Client) (summaries map[string]*client.EventSummary, events []client.Event) {
	t.Helper()
	ctx := context.Background()
	rows, err := client.ListAll[*client.EventSummary](ctx, c, client.Events, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	summaries = map[string]*client.EventSummary{}
	for _, r := range rows {
		summaries[r.Key()] = r
	}
	events, err = client.ListAll[client.Event](ctx, c, client.Events, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return summaries, events
}

// restOrder is each order as the README defines it, over REST events.
func restOrder(order client.EventOrder) func(a, b client.Event) int {
	names := func(a, b client.Event) int {
		return cmp.Or(strings.Compare(a.Entity.Metadata.Name, b.Entity.Metadata.Name), strings.Compare(a.Check.Metadata.Name, b.Check.Metadata.Name))
	}
	severity := func(e client.Event) int {
		switch e.Check.Status {
		case 2:
			return 0
		case 1:
			return 1
		case 0:
			return 3
		}
		return 2
	}
	notIncident := func(e client.Event) bool { return e.Check.Status == 0 }
	switch order {
	case client.OrderLastOK:
		return func(a, b client.Event) int {
			return cmp.Or(compareBool(notIncident(a), notIncident(b)), cmp.Compare(b.Check.LastOK, a.Check.LastOK), names(a, b))
		}
	case client.OrderNewest:
		return func(a, b client.Event) int { return cmp.Or(cmp.Compare(b.Timestamp, a.Timestamp), names(a, b)) }
	case client.OrderOldest:
		return func(a, b client.Event) int { return cmp.Or(cmp.Compare(a.Timestamp, b.Timestamp), names(a, b)) }
	case client.OrderEntity:
		return names
	case client.OrderEntityDesc:
		return func(a, b client.Event) int { return names(b, a) }
	}
	return func(a, b client.Event) int {
		return cmp.Or(cmp.Compare(severity(a), severity(b)), cmp.Compare(b.Check.LastOK, a.Check.LastOK), names(a, b))
	}
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// TestEventPageMatchesRESTWalk: a page in each order holds the summaries
// the REST walk gives, in the order the README defines, with the details
// REST has too.
func TestEventPageMatchesRESTWalk(t *testing.T) {
	c, _ := loggedIn(t, fakebackend.Options{Seed: 3})
	summaries, events := restEvents(t, c)
	orders := []client.EventOrder{client.OrderSeverity, client.OrderLastOK, client.OrderNewest, client.OrderOldest, client.OrderEntity, client.OrderEntityDesc}
	for _, order := range orders {
		t.Run(string(order), func(t *testing.T) {
			sorted := slices.Clone(events)
			slices.SortStableFunc(sorted, restOrder(order))
			const offset, limit = 7, 40
			page, err := c.EventPage(context.Background(), client.EventQuery{OrderBy: order, Offset: offset, Limit: limit})
			if err != nil {
				t.Fatal(err)
			}
			want := sorted[offset : offset+limit]
			if len(page.Events) != limit || len(page.Details) != limit {
				t.Fatalf("%d events, %d details; want %d", len(page.Events), len(page.Details), limit)
			}
			for i, got := range page.Events {
				if got.Key() != want[i].Key() {
					t.Fatalf("event %d is %s, REST sorted %s gives %s", offset+i, got.Key(), order, want[i].Key())
				}
				if !reflect.DeepEqual(got, summaries[got.Key()]) {
					t.Errorf("%s:\n GraphQL %+v\n REST    %+v", got.Key(), *got, *summaries[got.Key()])
				}
				w := want[i]
				details := client.EventDetails{State: w.Check.State, Executed: w.Check.Executed, LastOK: w.Check.LastOK, Silenced: w.Check.Silenced,
					EntityClass: w.Entity.EntityClass, LastSeen: w.Entity.LastSeen}
				if !reflect.DeepEqual(page.Details[i], details) {
					t.Errorf("%s details %+v, REST %+v", got.Key(), page.Details[i], details)
				}
			}
			if page.TotalCount != len(events) || !page.HasNextPage || page.NextOffset != offset+limit || !page.Complete || page.PartialCount {
				t.Errorf("page info %+v, complete %v; %d events", page.PageInfo, page.Complete, len(events))
			}
		})
	}
	page, err := c.EventPage(context.Background(), client.EventQuery{})
	if err != nil || len(page.Events) != client.DefaultEventPageLimit {
		t.Errorf("a query with no limit gave %d events, %v; want %d", len(page.Events), err, client.DefaultEventPageLimit)
	}
}

func TestEventPageFilters(t *testing.T) {
	c, _ := loggedIn(t, fakebackend.Options{Seed: 3})
	summaries, _ := restEvents(t, c)
	var critical *client.EventSummary
	for _, s := range summaries {
		if s.Check.Status == 2 && (critical == nil || s.Key() < critical.Key()) {
			critical = s
		}
	}
	status := func(keep func(uint32) bool) func(*client.EventSummary) bool {
		return func(s *client.EventSummary) bool { return keep(s.Check.Status) }
	}
	tests := []struct {
		filters []string
		keep    func(*client.EventSummary) bool
	}{
		{[]string{"status:incident"}, status(func(s uint32) bool { return s != 0 })},
		{[]string{"status:critical"}, status(func(s uint32) bool { return s == 2 })},
		{[]string{"status:warning"}, status(func(s uint32) bool { return s == 1 })},
		{[]string{"status:unknown"}, status(func(s uint32) bool { return s > 2 })},
		{[]string{"status:passing"}, status(func(s uint32) bool { return s == 0 })},
		{[]string{"silenced:true"}, func(s *client.EventSummary) bool { return s.Check.IsSilenced }},
		{[]string{"check:" + critical.Check.Metadata.Name}, func(s *client.EventSummary) bool { return s.Check.Metadata.Name == critical.Check.Metadata.Name }},
		{[]string{"entity:" + critical.Entity.Metadata.Name, "status:critical"}, func(s *client.EventSummary) bool {
			return s.Entity.Metadata.Name == critical.Entity.Metadata.Name && s.Check.Status == 2
		}},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.filters, ","), func(t *testing.T) {
			var want []string
			for key, s := range summaries {
				if tc.keep(s) {
					want = append(want, key)
				}
			}
			if len(want) == 0 {
				t.Fatal("no event matches: the seeded data does not test this filter")
			}
			page, err := c.EventPage(context.Background(), client.EventQuery{Filters: tc.filters, OrderBy: client.OrderEntity, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			got := make([]string, len(page.Events))
			for i, e := range page.Events {
				got[i] = e.Key()
			}
			slices.Sort(want)
			if page.TotalCount != len(want) || !slices.Equal(got, want) {
				t.Errorf("totalCount %d, events %v; want %v", page.TotalCount, got, want)
			}
		})
	}
}

// TestEventPagePaging walks the pages by NextOffset: together they are the
// whole sorted list, once.
func TestEventPagePaging(t *testing.T) {
	c, _ := loggedIn(t, fakebackend.Options{Seed: 3})
	all, err := c.EventPage(context.Background(), client.EventQuery{OrderBy: client.OrderLastOK, Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	var walked []string
	q := client.EventQuery{OrderBy: client.OrderLastOK, Limit: 64}
	for pages := 0; ; pages++ {
		if pages > len(all.Events) {
			t.Fatal("the pages do not end")
		}
		page, err := c.EventPage(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Events {
			walked = append(walked, e.Key())
		}
		if !page.HasNextPage {
			if page.NextOffset != 0 {
				t.Errorf("the last page's NextOffset is %d", page.NextOffset)
			}
			break
		}
		q.Offset = page.NextOffset
	}
	var want []string
	for _, e := range all.Events {
		want = append(want, e.Key())
	}
	if !slices.Equal(walked, want) {
		t.Errorf("pages of 64 gave %d events, one page %d, or in another order", len(walked), len(want))
	}
	// A negative offset is taken as 0: the backend would answer an empty page.
	page, err := c.EventPage(context.Background(), client.EventQuery{OrderBy: client.OrderLastOK, Limit: 3, Offset: -10})
	if err != nil || len(page.Events) != 3 || page.Events[0].Key() != want[0] {
		t.Errorf("offset -10: %d events, %v", len(page.Events), err)
	}
}

func TestEventCounts(t *testing.T) {
	c, _ := loggedIn(t, fakebackend.Options{Seed: 3})
	summaries, _ := restEvents(t, c)
	var want client.EventCounts
	for _, s := range summaries {
		want.Total++
		switch st := s.Check.Status; {
		case st == 0:
			want.OK++
		case st == 1:
			want.Warning++
		case st == 2:
			want.Critical++
		default:
			want.Unknown++
		}
		if s.Check.IsSilenced {
			want.Silenced++
		}
	}
	want.Incident = want.Total - want.OK
	want.Complete = true
	if want.Unknown == 0 || want.Silenced == 0 || want.Warning == 0 {
		t.Fatalf("the seeded data leaves counts at 0: %+v", want)
	}
	got, err := c.EventCounts(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("counts %+v, REST %+v", got, want)
	}
}

// TestGraphQLEventCap: past the backend's cap, pages and counts say they
// are not complete.
func TestGraphQLEventCap(t *testing.T) {
	for _, tc := range []struct {
		cap      int
		total    int
		complete bool
	}{{100, 100, false}, {1000, 300, true}} {
		t.Run(fmt.Sprint(tc.cap), func(t *testing.T) {
			_, url := newFake(t, fakebackend.Options{Events: 300, GraphQLEventCap: tc.cap})
			c, err := client.New(client.Config{URL: url, GraphQLEventCap: tc.cap})
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Login(context.Background(), fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
				t.Fatal(err)
			}
			counts, err := c.EventCounts(context.Background(), "default")
			if err != nil || counts.Total != tc.total || counts.Complete != tc.complete {
				t.Errorf("counts %+v, %v; want total %d, complete %v", counts, err, tc.total, tc.complete)
			}
			// A filtered page counts fewer events, yet still tells.
			page, err := c.EventPage(context.Background(), client.EventQuery{Filters: []string{"status:critical"}})
			if err != nil || page.Complete != tc.complete || page.TotalCount >= tc.total {
				t.Errorf("page %+v, complete %v, %v", page.PageInfo, page.Complete, err)
			}
		})
	}
}

func TestGraphQLErrors(t *testing.T) {
	c, _ := loggedIn(t, fakebackend.Options{Recorded: true})
	viewer, _ := loggedInAs(t, fakebackend.Options{Recorded: true}, fakebackend.ViewerUser, fakebackend.ViewerPassword)
	anonymous, err := client.New(client.Config{URL: c.URL()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := map[string]struct {
		run  func() error
		kind client.Kind
		text string
	}{
		"a filter without KEY:": {func() error {
			_, err := c.EventPage(ctx, client.EventQuery{Filters: []string{"disk"}})
			return err
		}, client.KindGraphQL, "filters must have the format KEY:VAL (at namespace.events)"},
		"an unknown filter key": {func() error {
			_, err := c.EventPage(ctx, client.EventQuery{Filters: []string{"fieldSelector:x"}})
			return err
		}, client.KindGraphQL, "no filter could be matched with the given statement"},
		"an unknown order": {func() error {
			_, err := c.EventPage(ctx, client.EventQuery{OrderBy: "BOGUS"})
			return err
		}, client.KindGraphQL, `got invalid value "BOGUS"`},
		"a missing namespace": {func() error {
			_, err := c.EventPage(ctx, client.EventQuery{Namespace: "nope"})
			return err
		}, client.KindNotFound, `namespace "nope" does not exist`},
		"a namespace the user may not read": {func() error {
			_, err := viewer.EventCounts(ctx, "dev")
			return err
		}, client.KindNotFound, `namespace "dev"`},
		"no credentials": {func() error {
			_, err := anonymous.EventCounts(ctx, "default")
			return err
		}, client.KindUnauthorized, "without credentials"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := tc.run()
			if client.KindOf(err) != tc.kind || err == nil || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("got %v (kind %v), want kind %v saying %q", err, client.KindOf(err), tc.kind, tc.text)
			}
		})
	}
	if _, err := viewer.EventCounts(ctx, "default"); err != nil {
		t.Errorf("the viewer may count default's events: %v", err)
	}
}

// loggedInAs returns a client logged in as user on a fresh fake backend.
func loggedInAs(t *testing.T, opts fakebackend.Options, user, password string) (*client.Client, *fakebackend.Backend) {
	t.Helper()
	b, url := newFake(t, opts)
	c, err := client.New(client.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(context.Background(), user, password); err != nil {
		t.Fatalf("login: %v", err)
	}
	return c, b
}

// TestGraphQLGoesThroughDo: token refresh, read-only mode and the JSON
// content type apply to GraphQL as to REST.
func TestGraphQLGoesThroughDo(t *testing.T) {
	b := fakebackend.New(fakebackend.Options{Recorded: true})
	var mu sync.Mutex
	var contentTypes []string
	transport := &fakebackend.Transport{Handler: b, Observe: func(r *http.Request) {
		if r.URL.Path == "/graphql" {
			mu.Lock()
			contentTypes = append(contentTypes, r.Header.Get("Content-Type"))
			mu.Unlock()
		}
	}}
	c, err := client.New(client.Config{URL: "http://sensu.test", Transport: transport, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := c.EventCounts(ctx, "default"); err != nil {
		t.Fatalf("a read-only client may query: %v", err)
	}
	b.ExpireAccessTokens()
	if _, err := c.EventPage(ctx, client.EventQuery{}); err != nil {
		t.Fatalf("after the token expired: %v", err)
	}
	if n := b.RefreshCount(); n != 1 {
		t.Errorf("%d refreshes, want 1", n)
	}
	if len(contentTypes) != 3 || slices.ContainsFunc(contentTypes, func(ct string) bool { return ct != "application/json" }) {
		t.Errorf("content types sent: %v", contentTypes)
	}
	if err := c.ResolveEvent(ctx, "default", "agent-1", "check-false"); client.KindOf(err) != client.KindReadOnly {
		t.Errorf("read-only mode let a change through: %v", err)
	}
}

func TestGraphQLWithAPIKey(t *testing.T) {
	admin, _ := loggedIn(t, fakebackend.Options{Recorded: true})
	key, err := admin.GrantAPIKey(context.Background(), fakebackend.AdminUser)
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(client.Config{URL: admin.URL(), APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	counts, err := c.EventCounts(context.Background(), "default")
	if err != nil || counts.Total != 11 {
		t.Errorf("with an API key: %+v, %v", counts, err)
	}
}

// TestEventPageWithCounts: the window a view polls is one request that
// asks the backend for no events list it does not need: each makes a real
// backend read the whole namespace. Its counts are the namespace's.
func TestEventPageWithCounts(t *testing.T) {
	tests := map[string]struct {
		filters []string
		reads   int64 // the page, critical, warning, unknown; and the namespace's count when narrowed
	}{
		"every event":  {nil, 4},
		"not passing":  {[]string{"status:incident"}, 5},
		"without them": {nil, 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c, b := loggedIn(t, fakebackend.Options{})
			want, err := c.EventCounts(context.Background(), "default")
			if err != nil {
				t.Fatal(err)
			}
			before := b.EventReads()
			counts := name != "without them"
			page, err := c.EventPage(context.Background(), client.EventQuery{Filters: tc.filters, Limit: 20, Counts: counts})
			if err != nil {
				t.Fatal(err)
			}
			if got := b.EventReads() - before; got != tc.reads {
				t.Errorf("the page read the namespace %d times, want %d", got, tc.reads)
			}
			if !counts {
				if page.Counts != nil {
					t.Errorf("counts %+v, not asked for", page.Counts)
				}
				return
			}
			want.Silenced = 0 // not asked for with a page
			if page.Counts == nil || *page.Counts != want {
				t.Errorf("counts %+v, want %+v", page.Counts, want)
			}
			if !page.Complete {
				t.Error("a small namespace's page is not complete")
			}
		})
	}
}
