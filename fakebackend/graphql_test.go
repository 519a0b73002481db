package fakebackend_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// gqlReply is a decoded /graphql answer.
type gqlReply struct {
	Auth   bool            `json:"auth"`
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message string `json:"message"`
		Path    []any  `json:"path"`
	} `json:"errors"`
}

// gql posts one operation with auth ("" for none) and decodes the answer.
func (f *fixture) gql(auth, query string, vars map[string]any) gqlReply {
	f.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	r := f.send(http.MethodPost, "/graphql", auth, string(body))
	expectStatus(f.t, r, http.StatusOK)
	var g gqlReply
	decode(f.t, r.body, &g)
	return g
}

func (f *fixture) adminGQL(query string, vars map[string]any) gqlReply {
	f.t.Helper()
	return f.gql("Bearer "+f.admin.AccessToken, query, vars)
}

// ok decodes the data of an answer that must have no errors.
func (g gqlReply) ok(t *testing.T, v any) {
	t.Helper()
	if len(g.Errors) > 0 {
		t.Fatalf("errors: %+v", g.Errors)
	}
	decode(t, g.Data, v)
}

// gqlEvent is what the tests read of an event node.
type gqlEvent struct {
	Timestamp string `json:"timestamp"`
	Entity    struct {
		Name string `json:"name"`
	} `json:"entity"`
	Check struct {
		Name       string  `json:"name"`
		Status     int     `json:"status"`
		LastOK     *string `json:"lastOK"`
		IsSilenced bool    `json:"isSilenced"`
	} `json:"check"`
}

func (e gqlEvent) key() string { return e.Entity.Name + "/" + e.Check.Name }

// lastOK is the event's last OK time, 0 when it never was OK.
func (e gqlEvent) lastOK(t *testing.T) int64 {
	if e.Check.LastOK == nil {
		return 0
	}
	at, err := time.Parse(time.RFC3339, *e.Check.LastOK)
	if err != nil {
		t.Fatal(err)
	}
	return at.Unix()
}

type gqlPage struct {
	Nodes    []gqlEvent `json:"nodes"`
	PageInfo struct {
		TotalCount      int  `json:"totalCount"`
		HasNextPage     bool `json:"hasNextPage"`
		HasPreviousPage bool `json:"hasPreviousPage"`
		NextOffset      int  `json:"nextOffset"`
		PreviousOffset  int  `json:"previousOffset"`
		PartialCount    bool `json:"partialCount"`
	} `json:"pageInfo"`
}

const eventsQuery = `query ($ns: String!, $limit: Int, $offset: Int, $order: EventsListOrder, $filters: [String!]) {
  namespace(name: $ns) { events(limit: $limit, offset: $offset, orderBy: $order, filters: $filters) {
    nodes { timestamp entity { name } check { name status lastOK isSilenced } }
    pageInfo { totalCount hasNextPage hasPreviousPage nextOffset previousOffset partialCount } } } }`

func (f *fixture) eventsPage(vars map[string]any) gqlPage {
	f.t.Helper()
	if vars["ns"] == nil {
		vars["ns"] = "default"
	}
	var data struct {
		Namespace *struct{ Events gqlPage } `json:"namespace"`
	}
	f.adminGQL(eventsQuery, vars).ok(f.t, &data)
	if data.Namespace == nil {
		f.t.Fatalf("namespace %v is null", vars["ns"])
	}
	return data.Namespace.Events
}

// restEvent is what the tests read of a REST event.
type restEvent struct {
	Check struct {
		Metadata   struct{ Name string } `json:"metadata"`
		Status     int                   `json:"status"`
		IsSilenced bool                  `json:"is_silenced"`
	} `json:"check"`
	Entity struct {
		Metadata struct{ Name string } `json:"metadata"`
	} `json:"entity"`
}

// restEvents lists the REST events of default, keyed entity/check.
func (f *fixture) restEvents() map[string]restEvent {
	f.t.Helper()
	var list []restEvent
	decode(f.t, f.get(defaultEvents).body, &list)
	out := map[string]restEvent{}
	for _, e := range list {
		out[e.Entity.Metadata.Name+"/"+e.Check.Metadata.Name] = e
	}
	return out
}

// TestGraphQLEventOrders checks each order against its definition, written
// here apart from the fake's own: every pair of neighbours must be in order.
func TestGraphQLEventOrders(t *testing.T) {
	f := start(t, fakebackend.Options{Seed: 3})
	rest := f.restEvents()
	severity := func(s int) int { return map[int]int{2: 0, 1: 1, 0: 3}[s] + map[bool]int{true: 2}[s > 2] }
	incident := func(s int) int { return map[bool]int{true: 0, false: 1}[s != 0] }
	names := func(a, b gqlEvent) int {
		return cmp.Or(strings.Compare(a.Entity.Name, b.Entity.Name), strings.Compare(a.Check.Name, b.Check.Name))
	}
	stamp := func(e gqlEvent) string { return e.Timestamp }
	orders := map[string]func(a, b gqlEvent) int{
		"SEVERITY": func(a, b gqlEvent) int {
			return cmp.Or(cmp.Compare(severity(a.Check.Status), severity(b.Check.Status)), cmp.Compare(b.lastOK(t), a.lastOK(t)), names(a, b))
		},
		"LASTOK": func(a, b gqlEvent) int {
			return cmp.Or(cmp.Compare(incident(a.Check.Status), incident(b.Check.Status)), cmp.Compare(b.lastOK(t), a.lastOK(t)), names(a, b))
		},
		"NEWEST":      func(a, b gqlEvent) int { return cmp.Or(strings.Compare(stamp(b), stamp(a)), names(a, b)) },
		"OLDEST":      func(a, b gqlEvent) int { return cmp.Or(strings.Compare(stamp(a), stamp(b)), names(a, b)) },
		"ENTITY":      names,
		"ENTITY_DESC": func(a, b gqlEvent) int { return names(b, a) },
	}
	for order, want := range orders {
		t.Run(order, func(t *testing.T) {
			page := f.eventsPage(map[string]any{"limit": 100000, "order": order})
			if len(page.Nodes) != len(rest) || page.PageInfo.TotalCount != len(rest) {
				t.Fatalf("%d nodes, totalCount %d; REST lists %d", len(page.Nodes), page.PageInfo.TotalCount, len(rest))
			}
			for i, e := range page.Nodes {
				if _, ok := rest[e.key()]; !ok {
					t.Fatalf("node %d, %s, is not a REST event", i, e.key())
				}
				if i > 0 && want(page.Nodes[i-1], e) > 0 {
					t.Fatalf("%s comes before %s", page.Nodes[i-1].key(), e.key())
				}
			}
		})
	}
	// With no order given, SEVERITY applies.
	page := f.eventsPage(map[string]any{"limit": 20})
	bySeverity := f.eventsPage(map[string]any{"limit": 20, "order": "SEVERITY"})
	if !slices.EqualFunc(page.Nodes, bySeverity.Nodes, func(a, b gqlEvent) bool { return a.key() == b.key() }) {
		t.Error("the default order is not SEVERITY")
	}
}

func TestGraphQLEventFilters(t *testing.T) {
	f := start(t, fakebackend.Options{Seed: 3})
	rest := f.restEvents()
	count := func(keep func(restEvent) bool) int {
		n := 0
		for _, e := range rest {
			if keep(e) {
				n++
			}
		}
		return n
	}
	var someCheck, someEntity string
	for _, e := range rest {
		if e.Check.Status == 2 {
			someCheck, someEntity = e.Check.Metadata.Name, e.Entity.Metadata.Name
		}
	}
	tests := []struct {
		filters []string
		want    int
	}{
		{[]string{"status:passing"}, count(func(e restEvent) bool { return e.Check.Status == 0 })},
		{[]string{"status:warning"}, count(func(e restEvent) bool { return e.Check.Status == 1 })},
		{[]string{"status:critical"}, count(func(e restEvent) bool { return e.Check.Status == 2 })},
		{[]string{"status:unknown"}, count(func(e restEvent) bool { return e.Check.Status > 2 })},
		{[]string{"status:incident"}, count(func(e restEvent) bool { return e.Check.Status != 0 })},
		{[]string{"status:bogus"}, 0},
		{[]string{"silenced:true"}, count(func(e restEvent) bool { return e.Check.IsSilenced })},
		{[]string{"silenced:false"}, count(func(e restEvent) bool { return !e.Check.IsSilenced })},
		{[]string{"check:" + someCheck}, count(func(e restEvent) bool { return e.Check.Metadata.Name == someCheck })},
		{[]string{"entity:" + someEntity}, count(func(e restEvent) bool { return e.Entity.Metadata.Name == someEntity })},
		{[]string{"status:critical", "check:" + someCheck}, count(func(e restEvent) bool { return e.Check.Status == 2 && e.Check.Metadata.Name == someCheck })},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.filters, ","), func(t *testing.T) {
			if tc.want == 0 && tc.filters[0] != "status:bogus" && tc.filters[0] != "status:unknown" {
				t.Fatalf("the seeded data has no event for %v: the case tests nothing", tc.filters)
			}
			page := f.eventsPage(map[string]any{"limit": 100000, "filters": tc.filters})
			if page.PageInfo.TotalCount != tc.want || len(page.Nodes) != tc.want {
				t.Errorf("totalCount %d, %d nodes; want %d", page.PageInfo.TotalCount, len(page.Nodes), tc.want)
			}
		})
	}
	if count(func(e restEvent) bool { return e.Check.IsSilenced }) == 0 {
		t.Error("no silenced event in the seeded data: silenced:true tests nothing")
	}
}

func TestGraphQLBadFilters(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	tests := map[string]string{
		"fieldSelector:event.check.status == 2": "no filter could be matched with the given statement",
		"disk":                                  "filters must have the format KEY:VAL",
		"silenced:maybe":                        `strconv.ParseBool: parsing "maybe": invalid syntax`,
	}
	for filter, want := range tests {
		t.Run(filter, func(t *testing.T) {
			g := f.adminGQL(eventsQuery, map[string]any{"ns": "default", "filters": []string{filter}})
			if len(g.Errors) != 1 || g.Errors[0].Message != want || fmt.Sprint(g.Errors[0].Path) != "[namespace events]" {
				t.Fatalf("errors %+v, want one %q at namespace.events", g.Errors, want)
			}
			if string(g.Data) != `{"namespace":null}` {
				t.Errorf("data %s, want namespace null", g.Data)
			}
		})
	}
}

// TestGraphQLPaging checks the page arithmetic the recordings show,
// including the odd answers to odd arguments.
func TestGraphQLPaging(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	const total = 11 // events in the recorded data set
	tests := []struct {
		offset, limit, nodes int
		hasNext, hasPrev     bool
		next, prev           int
	}{
		{0, 5, 5, true, false, 5, 0},
		{5, 5, 5, true, true, 10, 0},
		{10, 5, 1, false, true, 0, 5},  // the last page: nextOffset 0, not null
		{50, 5, 0, false, true, 0, 45}, // past the end: previousOffset points past it too
		{-5, 5, 0, true, false, 0, 0},  // a negative offset is not an error
		{0, -1, 0, true, false, -1, 0}, // nor a negative limit
		{0, 0, 0, true, false, 0, 0},   // limit 0 means none, not all
		{0, 100, 11, false, false, 0, 0},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("offset %d limit %d", tc.offset, tc.limit), func(t *testing.T) {
			p := f.eventsPage(map[string]any{"offset": tc.offset, "limit": tc.limit})
			info := p.PageInfo
			if len(p.Nodes) != tc.nodes || info.TotalCount != total || info.HasNextPage != tc.hasNext || info.HasPreviousPage != tc.hasPrev || info.NextOffset != tc.next || info.PreviousOffset != tc.prev || info.PartialCount {
				t.Errorf("%d nodes, %+v", len(p.Nodes), info)
			}
		})
	}
	// Pages in a row cover the list once.
	var seen []string
	for offset := 0; offset < total; offset += 4 {
		for _, e := range f.eventsPage(map[string]any{"offset": offset, "limit": 4, "order": "ENTITY"}).Nodes {
			seen = append(seen, e.key())
		}
	}
	if !slices.IsSorted(seen) || len(slices.Compact(slices.Clone(seen))) != total {
		t.Errorf("pages of 4 gave %v", seen)
	}
	// The default limit is 10.
	if n := len(f.eventsPage(map[string]any{}).Nodes); n != 10 {
		t.Errorf("no limit gave %d nodes, want 10", n)
	}
}

// TestGraphQLEventCap: GraphQL reads only the first events of a namespace,
// in key order, while REST lists them all.
func TestGraphQLEventCap(t *testing.T) {
	f := start(t, fakebackend.Options{Events: 300, GraphQLEventCap: 100})
	if n := len(f.get(defaultEvents).list(t)); n != 300 {
		t.Fatalf("REST lists %d events, want 300", n)
	}
	page := f.eventsPage(map[string]any{"limit": 1000, "order": "ENTITY"})
	if page.PageInfo.TotalCount != 100 || len(page.Nodes) != 100 {
		t.Fatalf("totalCount %d, %d nodes; want the cap, 100", page.PageInfo.TotalCount, len(page.Nodes))
	}
	if last := page.Nodes[99].key(); last != "synth-000/synth-check-099" {
		t.Errorf("the last node is %s, want the 100th event in key order", last)
	}
	filtered := f.eventsPage(map[string]any{"limit": 0, "filters": []string{"entity:synth-001"}})
	if filtered.PageInfo.TotalCount != 0 {
		t.Errorf("synth-001's events are past the cap but %d were counted", filtered.PageInfo.TotalCount)
	}
}

func TestGraphQLEntityCount(t *testing.T) {
	f := start(t, fakebackend.Options{RecordedGraphQL: true})
	query := `query ($filters: [String!]) { namespace(name: "default") { entities(limit: 2000, filters: $filters) { nodes { name } pageInfo { totalCount partialCount } } } }`
	type page struct {
		Namespace struct {
			Entities struct {
				Nodes    []struct{ Name string }
				PageInfo struct {
					TotalCount   int
					PartialCount bool
				}
			}
		}
	}
	var all, agents page
	f.adminGQL(query, nil).ok(t, &all)
	f.adminGQL(query, map[string]any{"filters": []string{"class:agent"}}).ok(t, &agents)
	if e := all.Namespace.Entities; len(e.Nodes) != 1003 || e.PageInfo.TotalCount != 500 || !e.PageInfo.PartialCount {
		t.Errorf("all entities: %d nodes, %+v; want 1003 nodes, totalCount 500, partial", len(e.Nodes), e.PageInfo)
	}
	if e := agents.Namespace.Entities; len(e.Nodes) != 3 || e.PageInfo.TotalCount != 3 || e.PageInfo.PartialCount {
		t.Errorf("agents: %d nodes, %+v; want an exact 3", len(e.Nodes), e.PageInfo)
	}
}

func TestGraphQLWithoutCredentials(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	for name, auth := range map[string]string{"no header": "", "basic": "Basic YWRtaW46UEBzc3cwcmQh"} {
		t.Run(name, func(t *testing.T) {
			g := f.gql(auth, `{ namespace(name: "default") { name } versions { backend { version } } }`, nil)
			if g.Auth || len(g.Errors) > 0 || !strings.Contains(string(g.Data), `"namespace":null`) || !strings.Contains(string(g.Data), `"6.9.2"`) {
				t.Errorf("auth %v, data %s, errors %+v", g.Auth, g.Data, g.Errors)
			}
		})
	}
	deep := `{ __schema { types { fields { type { name } } } } }`
	if g := f.gql("", deep, nil); len(g.Errors) > 0 {
		t.Errorf("5 levels without credentials: %+v", g.Errors)
	}
	deeper := `{ __schema { types { fields { type { ofType { name } } } } } }`
	if g := f.gql("", deeper, nil); len(g.Errors) != 1 || g.Errors[0].Message != "Max depth exceeded" {
		t.Errorf("6 levels without credentials: %+v", g.Errors)
	}
	if g := f.adminGQL(deeper, nil); len(g.Errors) > 0 {
		t.Errorf("6 levels with a token: %+v", g.Errors)
	}
	g := f.gql("", `mutation { deleteSilence(input: {id: "srn:silences:default:*:check-ok"}) { deletedId } }`, nil)
	if len(g.Errors) != 1 || g.Errors[0].Message != "no claims found in the request context" {
		t.Errorf("anonymous mutation: %+v", g.Errors)
	}
	for name, auth := range map[string]string{"garbage": "Bearer abc.def.ghi", "unknown key": "Key 00000000-0000-4000-8000-000000000000"} {
		r := f.send(http.MethodPost, "/graphql", auth, `{"query":"{ versions { backend { version } } }"}`)
		if r.status != http.StatusUnauthorized || r.text() != `{"Code":5,"Message":"invalid credentials"}` {
			t.Errorf("%s token: %d %s", name, r.status, r.text())
		}
	}
}

func TestGraphQLEndpointQuirks(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	bearer := "Bearer " + f.admin.AccessToken
	if r := f.send(http.MethodGet, "/graphql?query={versions{backend{version}}}", bearer, ""); r.status != http.StatusMethodNotAllowed || len(r.body) != 0 {
		t.Errorf("GET: %d %q", r.status, r.text())
	}
	for body, want := range map[string]string{
		`{query: not json}`: `{"message":"invalid character 'q' looking for beginning of object key string","code":0}`,
		`"x"`:               `{"message":"received unexpected request body","code":0}`,
	} {
		if r := f.send(http.MethodPost, "/graphql", bearer, body); r.status != http.StatusInternalServerError || r.text() != want {
			t.Errorf("body %s: %d %s", body, r.status, r.text())
		}
	}
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/graphql", strings.NewReader(`{"query":"{ versions { backend { version } } }"}`))
	req.Header.Set("Authorization", bearer)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("a form-encoded body: %s", resp.Status)
	}
	if g := f.adminGQL("", nil); len(g.Errors) != 1 || g.Errors[0].Message != "Must provide an operation." || string(g.Data) != "null" {
		t.Errorf("no query: %s %+v", g.Data, g.Errors)
	}
	r := f.send(http.MethodPost, "/graphql", bearer, `[{"query":"{ versions { backend { version } } }"},{"query":"{ namespace(name: \"nope\") { name } }"}]`)
	if r.text() != `[{"auth":true,"data":{"versions":{"backend":{"version":"6.9.2"}}},"errors":null},{"auth":true,"data":{"namespace":null},"errors":null}]` {
		t.Errorf("batch: %s", r.text())
	}
	g := f.adminGQL(`{ event(namespace: "default", entity: "agent-1", check: "check-ok") { id silenced check { silenced } } }`, nil)
	if len(g.Errors) != 1 || g.Errors[0].Message != "unable to coerce value for field 'silenced'" || !strings.Contains(string(g.Data), `"silenced":null`) {
		t.Errorf("Event.silenced: %s %+v", g.Data, g.Errors)
	}
}

func TestGraphQLViewerRights(t *testing.T) {
	f := start(t, fakebackend.Options{})
	viewer := login(t, f.srv.URL, fakebackend.ViewerUser, fakebackend.ViewerPassword)
	bearer := "Bearer " + viewer.AccessToken
	query := `{ viewer { user { username } namespaces { name } } dev: namespace(name: "dev") { name } default: namespace(name: "default") { events(limit: 0) { pageInfo { totalCount } } } }`
	var seen struct {
		Viewer struct {
			User       *struct{ Username string }
			Namespaces []struct{ Name string }
		}
		Dev     *struct{ Name string }
		Default *struct {
			Events struct{ PageInfo struct{ TotalCount int } }
		}
	}
	f.gql(bearer, query, nil).ok(t, &seen)
	if seen.Viewer.User != nil || len(seen.Viewer.Namespaces) != 1 || seen.Viewer.Namespaces[0].Name != "default" || seen.Dev != nil || seen.Default == nil || seen.Default.Events.PageInfo.TotalCount == 0 {
		t.Errorf("the viewer sees %+v", seen)
	}
	var admin struct {
		Viewer struct{ User *struct{ Username string } }
	}
	f.adminGQL(`{ viewer { user { username } } }`, nil).ok(t, &admin)
	if admin.Viewer.User == nil || admin.Viewer.User.Username != fakebackend.AdminUser {
		t.Errorf("the admin sees user %+v", admin.Viewer.User)
	}
	g := f.gql(bearer, `mutation { resolveEvent(input: {id: "srn:events:default:check/WyJhZ2VudC0xIiwiY2hlY2stb2siXQ=="}) { event { id } } }`, nil)
	if len(g.Errors) != 1 || g.Errors[0].Message != "request unauthorized" {
		t.Errorf("viewer resolveEvent: %+v", g.Errors)
	}
	g = f.gql(bearer, `mutation { executeCheck(input: {id: "srn:checks:default:check-ok"}) { errors { code input ... on StandardError { message } } } }`, nil)
	if len(g.Errors) != 0 || !strings.Contains(string(g.Data), `"code":"ERR_PERMISSION_DENIED"`) {
		t.Errorf("viewer executeCheck: %s %+v", g.Data, g.Errors)
	}
}

func TestGraphQLMutations(t *testing.T) {
	f := start(t, fakebackend.Options{Recorded: true})
	id := `srn:events:default:check/WyJhZ2VudC0yIiwiY2hlY2stY3JpdCJd` // agent-2/check-crit
	before := eventOf(t, f, "agent-2", "check-crit")

	var resolved struct {
		ResolveEvent struct {
			Event struct {
				Check struct {
					Status  int
					Output  string
					History []struct{ Status int }
				}
			}
		}
	}
	f.adminGQL(`mutation ($id: ID!) { resolveEvent(input: {id: $id, source: "tests"}) { event { check { status output history { status } } } } }`, map[string]any{"id": id}).ok(t, &resolved)
	answer := resolved.ResolveEvent.Event.Check
	after := eventOf(t, f, "agent-2", "check-crit")
	if answer.Status != 0 || answer.Output != "Resolved manually with tests" || len(answer.History) != len(before.Check.History) {
		t.Errorf("the answer: %+v, want status 0 and the history as it was", answer)
	}
	if after.Check.Status != 0 || after.Check.Output != "Resolved manually with tests" || len(after.Check.History) != min(len(before.Check.History)+1, 21) {
		t.Errorf("the stored event: %+v", after.Check)
	}
	g := f.adminGQL(`mutation { resolveEvent(input: {id: "srn:events:default:check/WyJuby1zdWNoIiwibm8tc3VjaCJd"}) { event { id } } }`, nil)
	if len(g.Errors) != 1 || !strings.Contains(g.Errors[0].Message, "nil pointer dereference") {
		t.Errorf("resolving a missing event: %+v", g.Errors)
	}

	create := `mutation ($props: SilenceInputs!) { createSilence(input: {namespace: "default", subscription: "entity:agent-1", check: "check-ok", props: $props}) { silence { name expire expireOnResolve reason } } }`
	in2h := f.clock.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)
	f.adminGQL(create, map[string]any{"props": map[string]any{"reason": "first", "expireOnResolve": false, "expireAt": in2h}}).ok(t, new(any))
	var stored struct {
		Reason          string `json:"reason"`
		ExpireOnResolve bool   `json:"expire_on_resolve"`
		ExpireAt        int64  `json:"expire_at"`
	}
	decode(t, f.get("/api/core/v2/namespaces/default/silenced/entity:agent-1:check-ok").body, &stored)
	if stored.Reason != "first" || stored.ExpireOnResolve || stored.ExpireAt != f.clock.Now().Add(2*time.Hour).Unix() {
		t.Errorf("REST sees %+v", stored)
	}
	// The same subscription and check again replace the silence, and what
	// is left out goes back to its default.
	f.adminGQL(create, map[string]any{"props": map[string]any{"reason": "second"}}).ok(t, new(any))
	decode(t, f.get("/api/core/v2/namespaces/default/silenced/entity:agent-1:check-ok").body, &stored)
	if stored.Reason != "second" || !stored.ExpireOnResolve || stored.ExpireAt != 0 {
		t.Errorf("after the second createSilence REST sees %+v", stored)
	}
	// The deprecated expire is taken as seconds since 1970: gone at once.
	f.adminGQL(strings.Replace(create, "agent-1", "agent-2", 1), map[string]any{"props": map[string]any{"expire": 3600}}).ok(t, new(any))
	expectStatus(t, f.get("/api/core/v2/namespaces/default/silenced/entity:agent-2:check-ok"), http.StatusNotFound)

	for range 2 { // deleting what is gone succeeds too
		f.adminGQL(`mutation { deleteSilence(input: {id: "srn:silences:default:entity:agent-1:check-ok"}) { deletedId } }`, nil).ok(t, new(any))
	}
	expectStatus(t, f.get("/api/core/v2/namespaces/default/silenced/entity:agent-1:check-ok"), http.StatusNotFound)

	var queued struct{ ExecuteCheck struct{ Errors []any } }
	f.adminGQL(`mutation { executeCheck(input: {id: "srn:checks:default:check-ok", subscriptions: ["entity:agent-1"], reason: "tests"}) { errors { code } } }`, nil).ok(t, &queued)
	runs := f.backend.ExecuteRequests()
	if len(queued.ExecuteCheck.Errors) != 0 || len(runs) != 1 || runs[0].Check != "check-ok" || runs[0].Reason != "tests" {
		t.Errorf("executeCheck: payload errors %v, executions %+v", queued.ExecuteCheck.Errors, runs)
	}
	g = f.adminGQL(`mutation { executeCheck(input: {id: "srn:checks:default:no-such-check"}) { errors { code input ... on StandardError { message } } } }`, nil)
	if len(g.Errors) != 0 || string(g.Data) != `{"executeCheck":{"errors":[{"code":"ERR_INTERNAL","input":"id","message":"error: code = 2 desc = not found"}]}}` {
		t.Errorf("executing a missing check: %s %+v", g.Data, g.Errors)
	}

	f.adminGQL(`mutation { updateCheck(input: {id: "srn:checks:default:check-ok", props: {publish: false}}) { check { publish } } }`, nil).ok(t, new(any))
	var check struct{ Publish bool }
	decode(t, f.get("/api/core/v2/namespaces/default/checks/check-ok").body, &check)
	if check.Publish {
		t.Error("updateCheck did not unpublish check-ok")
	}
	f.adminGQL(`mutation ($id: ID!) { deleteEvent(input: {id: $id}) { deletedId } }`, map[string]any{"id": id}).ok(t, new(any))
	expectStatus(t, f.get(defaultEvents+"/agent-2/check-crit"), http.StatusNotFound)
}

// TestConfigSharedByRESTAndGraphQL: handlers, event filters and mutators
// live in one store, so what one API creates or deletes the other sees.
func TestConfigSharedByRESTAndGraphQL(t *testing.T) {
	for _, k := range []struct{ kind, field, wrappedType, deletion, seeded, spec string }{
		{"handlers", "handlers", "Handler", "deleteHandler", "pipe-logger", `{"type":"pipe","command":"cat","timeout":5}`},
		{"filters", "eventFilters", "EventFilter", "deleteEventFilter", "filter-repeats", `{"action":"allow","expressions":["event.check.status == 0"]}`},
		{"mutators", "mutators", "Mutator", "deleteMutator", "mutator-output-only", `{"command":"cat","timeout":5}`},
	} {
		t.Run(k.kind, func(t *testing.T) {
			f := start(t, fakebackend.Options{Recorded: true})
			path := "/api/core/v2/namespaces/default/" + k.kind
			listed := func() []string {
				t.Helper()
				var got struct {
					Namespace map[string]struct{ Nodes []struct{ Name string } }
				}
				f.adminGQL(`{ namespace(name: "default") { `+k.field+` { nodes { name } } } }`, nil).ok(t, &got)
				var names []string
				for _, n := range got.Namespace[k.field].Nodes {
					names = append(names, n.Name)
				}
				return names
			}

			if !slices.Contains(listed(), k.seeded) {
				t.Fatalf("GraphQL does not list the seeded %s: %v", k.seeded, listed())
			}
			expectStatus(t, f.as(http.MethodDelete, path+"/"+k.seeded, ""), http.StatusNoContent)
			if names := listed(); slices.Contains(names, k.seeded) {
				t.Errorf("deleted over REST, %s is still in GraphQL's %s: %v", k.seeded, k.field, names)
			}

			raw := fmt.Sprintf(`{"type":%q,"api_version":"core/v2","metadata":{"name":"scratch","namespace":"default"},"spec":%s}`, k.wrappedType, k.spec)
			var put struct {
				PutWrapped struct{ Node struct{ ID string } }
			}
			f.adminGQL(`mutation ($raw: String!) { putWrapped(raw: $raw) { node { id } errors { code } } }`, map[string]any{"raw": raw}).ok(t, &put)
			id := "srn:" + k.kind + ":default:scratch"
			if put.PutWrapped.Node.ID != id {
				t.Fatalf("putWrapped made %q, want %q", put.PutWrapped.Node.ID, id)
			}
			expectStatus(t, f.get(path+"/scratch"), http.StatusOK)
			f.adminGQL(`mutation ($id: ID!) { `+k.deletion+`(input: {id: $id}) { deletedId } }`, map[string]any{"id": id}).ok(t, new(any))
			expectStatus(t, f.get(path+"/scratch"), http.StatusNotFound)
			if names := f.get(path).names(t); slices.Contains(names, "scratch") {
				t.Errorf("deleted over GraphQL, scratch is still in REST's %s: %v", k.kind, names)
			}

			expectStatus(t, f.as(http.MethodPut, path+"/from-rest", k.spec), http.StatusCreated)
			if names := listed(); !slices.Contains(names, "from-rest") {
				t.Errorf("put over REST, from-rest is not in GraphQL's %s: %v", k.field, names)
			}
			var stored struct {
				Metadata struct {
					Name, Namespace string
					CreatedBy       string `json:"created_by"`
				}
			}
			decode(t, f.get(path+"/from-rest").body, &stored)
			if m := stored.Metadata; m.Name != "from-rest" || m.Namespace != "default" || m.CreatedBy != fakebackend.AdminUser {
				t.Errorf("stored metadata %+v", m)
			}
		})
	}
}

// TestGraphQLConcurrentRequests runs queries while mutations change the
// store; with -race it checks the locking and the shared schema.
func TestGraphQLConcurrentRequests(t *testing.T) {
	f := start(t, fakebackend.Options{Seed: 3})
	bearer := "Bearer " + f.admin.AccessToken
	body := func(query string) string {
		b, _ := json.Marshal(map[string]string{"query": query})
		return string(b)
	}
	query := body(`{ namespace(name: "default") { events(limit: 5, filters: ["silenced:true"]) { nodes { check { name isSilenced } } pageInfo { totalCount } } } }`)
	create := body(`mutation { createSilence(input: {namespace: "default", subscription: "nginx", props: {reason: "load"}}) { silence { name } } }`)
	remove := body(`mutation { deleteSilence(input: {id: "srn:silences:default:nginx:*"}) { deletedId } }`)
	var wg sync.WaitGroup
	failures := make(chan string, 100)
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 10 {
				b := query
				if i == 0 {
					b = []string{create, remove}[j%2]
				}
				r := f.send(http.MethodPost, "/graphql", bearer, b)
				if r.status != http.StatusOK || strings.Contains(r.text(), `"errors":[`) {
					failures <- fmt.Sprintf("%d %s", r.status, clip(r.body))
				}
			}
		}()
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
}
