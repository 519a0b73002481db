package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// GraphQL: the backend's /graphql endpoint sorts, filters and counts a
// namespace's events on the server, so a page of them costs kilobytes
// where the REST walk costs the whole namespace. Requests are plain typed
// structs with fixed query strings; they go through Client.do like every
// REST call, so read-only mode, logging, timeouts, body caps and token
// refresh apply.

const graphQLPath = "/graphql"

// DefaultGraphQLEventCap is how many events of one namespace Sensu Go's
// GraphQL reads at most: past it, lists and counts see only the first
// events in key order.
const DefaultGraphQLEventCap = 50000

// DefaultEventPageLimit is the page size of an EventQuery without one.
const DefaultEventPageLimit = 50

// EventOrder is the order of an event page.
type EventOrder string

// The orders the backend knows.
const (
	// OrderSeverity: critical, warning, unknown, OK; then the most recent
	// OK first; then entity and check name. The backend's default.
	OrderSeverity EventOrder = "SEVERITY"
	// OrderLastOK: incidents first, then the most recent OK first. The web
	// UI's default.
	OrderLastOK EventOrder = "LASTOK"
	// OrderNewest and OrderOldest sort by timestamp.
	OrderNewest EventOrder = "NEWEST"
	OrderOldest EventOrder = "OLDEST"
	// OrderEntity and OrderEntityDesc sort by entity, then check name.
	OrderEntity     EventOrder = "ENTITY"
	OrderEntityDesc EventOrder = "ENTITY_DESC"
)

// EventQuery asks for one page of a namespace's events.
type EventQuery struct {
	// Namespace is "" for the client's namespace.
	Namespace string
	// Filters must all match. The backend knows "status:passing",
	// "status:warning", "status:critical", "status:unknown",
	// "status:incident" (not OK), "check:NAME", "entity:NAME" (exact names)
	// and "silenced:true" or "false"; anything else is a KindGraphQL error.
	Filters []string
	// OrderBy is "" for the backend's default, OrderSeverity.
	OrderBy EventOrder
	// Limit is the page size; 0 or less means DefaultEventPageLimit, since
	// the backend takes a limit of 0 as no events at all.
	Limit int
	// Offset is where the page starts; less than 0 means 0, since the
	// backend answers a negative offset with an empty page.
	Offset int
	// Counts asks, in the same request, for the namespace's counts by
	// status (EventPage.Counts), as the header shows them.
	Counts bool
}

// PageInfo is where a page lies in the whole list.
type PageInfo struct {
	// TotalCount is how many events match, as far as the backend read.
	TotalCount int
	// PartialCount is set when the backend stopped counting.
	PartialCount bool
	HasNextPage  bool
	// NextOffset is the next page's Offset; 0 on the last page.
	NextOffset int
}

// EventDetails is what an event page tells about an event beyond its
// summary.
type EventDetails struct {
	State       string // passing, failing or flapping
	Executed    int64  // Unix seconds
	LastOK      int64  // Unix seconds; 0 when never OK
	Silenced    []string
	EntityClass string
	LastSeen    int64 // Unix seconds; 0 for proxy entities
}

// EventPage is one sorted, filtered page of events.
type EventPage struct {
	// Events are the same summaries a REST walk gives.
	Events []*EventSummary
	// Details[i] belongs to Events[i].
	Details []EventDetails
	PageInfo
	// Complete is false when the namespace may hold more events than the
	// backend reads (Config.GraphQLEventCap): the page and TotalCount then
	// come from the first events only.
	Complete bool
	// Counts are the namespace's counts by status, when the query asked;
	// its Silenced is not asked for.
	Counts *EventCounts
}

// EventCounts are the events of a namespace by status.
type EventCounts struct {
	Total, Critical, Warning, Unknown, OK int
	// Incident is every event that is not OK.
	Incident int
	// Silenced counts events with a silence, whatever their status.
	Silenced int
	// Complete is false when the namespace may hold more events than the
	// backend reads (Config.GraphQLEventCap): then every count is of the
	// first events only.
	Complete bool
}

// graphQLRequest is the body of POST /graphql.
type graphQLRequest struct {
	Query         string         `json:"query"`
	Variables     map[string]any `json:"variables,omitempty"`
	OperationName string         `json:"operationName,omitempty"`
}

// graphQLResponse is Sensu's envelope: auth tells whether the request
// carried valid credentials; errors come with HTTP 200.
type graphQLResponse struct {
	Auth   bool            `json:"auth"`
	Data   json.RawMessage `json:"data"`
	Errors []graphQLError  `json:"errors"`
}

type graphQLError struct {
	Message string `json:"message"`
	Path    []any  `json:"path"`
}

// eventPageQuery asks for a page and, when the page is narrowed, under the
// alias unfiltered, the namespace's event count, which tells whether the
// backend read them all; with counts, the counts by status too. Every
// events list makes the backend read the whole namespace, so the query
// asks for no list it does not need: an unnarrowed page's own count is
// the namespace's, and OK is the rest.
const eventPageQuery = `query EventPage($namespace: String!, $filters: [String!], $order: EventsListOrder, $limit: Int, $offset: Int, $narrowed: Boolean!, $counts: Boolean!) {
  namespace(name: $namespace) {
    events(filters: $filters, orderBy: $order, limit: $limit, offset: $offset) {
      nodes {
        namespace
        timestamp
        entity { name entityClass lastSeen metadata { labels { key val } } }
        check {
          name status state output occurrences executed lastOK isSilenced silenced subscriptions
          history { status }
          metadata { labels { key val } }
        }
      }
      pageInfo { totalCount partialCount hasNextPage nextOffset }
    }
    unfiltered: events(limit: 0) @include(if: $narrowed) { pageInfo { totalCount } }
    critical: events(limit: 0, filters: ["status:critical"]) @include(if: $counts) { pageInfo { totalCount } }
    warning: events(limit: 0, filters: ["status:warning"]) @include(if: $counts) { pageInfo { totalCount } }
    unknown: events(limit: 0, filters: ["status:unknown"]) @include(if: $counts) { pageInfo { totalCount } }
  }
}`

// eventCountsQuery counts by status in one request: limit 0 asks for no
// events, only totalCount.
const eventCountsQuery = `query EventCounts($namespace: String!) {
  namespace(name: $namespace) {
    all: events(limit: 0) { pageInfo { totalCount } }
    critical: events(limit: 0, filters: ["status:critical"]) { pageInfo { totalCount } }
    warning: events(limit: 0, filters: ["status:warning"]) { pageInfo { totalCount } }
    unknown: events(limit: 0, filters: ["status:unknown"]) { pageInfo { totalCount } }
    silenced: events(limit: 0, filters: ["silenced:true"]) { pageInfo { totalCount } }
  }
}`

// gqlTime is a DateTime: RFC 3339 text, or null for never. It decodes to
// Unix seconds, 0 for null, as the REST fields are.
type gqlTime int64

func (t *gqlTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = 0
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return err
	}
	*t = gqlTime(at.Unix())
	return nil
}

type gqlMeta struct {
	Labels []struct {
		Key string `json:"key"`
		Val string `json:"val"`
	} `json:"labels"`
}

// labels is nil for no labels, as a REST event without labels decodes.
func (m gqlMeta) labels() map[string]string {
	if len(m.Labels) == 0 {
		return nil
	}
	out := make(map[string]string, len(m.Labels))
	for _, kv := range m.Labels {
		out[kv.Key] = kv.Val
	}
	return out
}

type gqlEventNode struct {
	Namespace string  `json:"namespace"`
	Timestamp gqlTime `json:"timestamp"`
	Entity    struct {
		Name        string  `json:"name"`
		EntityClass string  `json:"entityClass"`
		LastSeen    gqlTime `json:"lastSeen"`
		Metadata    gqlMeta `json:"metadata"`
	} `json:"entity"`
	Check struct {
		Name          string   `json:"name"`
		Status        uint32   `json:"status"`
		State         string   `json:"state"`
		Output        string   `json:"output"`
		Occurrences   int64    `json:"occurrences"`
		Executed      gqlTime  `json:"executed"`
		LastOK        gqlTime  `json:"lastOK"`
		IsSilenced    bool     `json:"isSilenced"`
		Silenced      []string `json:"silenced"`
		Subscriptions []string `json:"subscriptions"`
		History       []struct {
			Status uint32 `json:"status"`
		} `json:"history"`
		Metadata gqlMeta `json:"metadata"`
	} `json:"check"`
}

type gqlCount struct {
	PageInfo struct {
		TotalCount int `json:"totalCount"`
	} `json:"pageInfo"`
}

// event rebuilds the REST event the node stands for, so that Summarize
// makes of it exactly what a REST walk makes.
func (n *gqlEventNode) event() *Event {
	e := &Event{Metadata: ObjectMeta{Namespace: n.Namespace}, Timestamp: int64(n.Timestamp)}
	e.Entity.Metadata = ObjectMeta{Name: n.Entity.Name, Namespace: n.Namespace, Labels: n.Entity.Metadata.labels()}
	e.Entity.EntityClass, e.Entity.LastSeen = n.Entity.EntityClass, int64(n.Entity.LastSeen)
	c := &e.Check
	c.Metadata = ObjectMeta{Name: n.Check.Name, Namespace: n.Namespace, Labels: n.Check.Metadata.labels()}
	c.Status, c.State, c.Output, c.Occurrences = n.Check.Status, n.Check.State, n.Check.Output, n.Check.Occurrences
	c.Executed, c.LastOK = int64(n.Check.Executed), int64(n.Check.LastOK)
	c.IsSilenced, c.Subscriptions = n.Check.IsSilenced, n.Check.Subscriptions
	if len(n.Check.Silenced) > 0 {
		c.Silenced = n.Check.Silenced
	}
	for _, h := range n.Check.History {
		c.History = append(c.History, CheckHistory{Status: h.Status})
	}
	return e
}

func (c *Client) eventCap() int {
	if c.graphQLEventCap > 0 {
		return c.graphQLEventCap
	}
	return DefaultGraphQLEventCap
}

// EventPage asks the backend for one sorted, filtered page of events and
// the count of all that match.
func (c *Client) EventPage(ctx context.Context, q EventQuery) (EventPage, error) {
	ns := q.Namespace
	if ns == "" {
		ns = c.Namespace()
	}
	vars := map[string]any{
		"namespace": ns,
		"filters":   q.Filters,
		"limit":     positiveOr(q.Limit, DefaultEventPageLimit),
		"offset":    max(q.Offset, 0),
		"narrowed":  len(q.Filters) > 0,
		"counts":    q.Counts,
	}
	if q.Filters == nil {
		vars["filters"] = []string{}
	}
	if q.OrderBy != "" {
		vars["order"] = q.OrderBy
	}
	var data struct {
		Namespace *struct {
			Events struct {
				Nodes    []gqlEventNode `json:"nodes"`
				PageInfo struct {
					TotalCount   int  `json:"totalCount"`
					PartialCount bool `json:"partialCount"`
					HasNextPage  bool `json:"hasNextPage"`
					NextOffset   int  `json:"nextOffset"`
				} `json:"pageInfo"`
			} `json:"events"`
			Unfiltered gqlCount `json:"unfiltered"`
			Critical   gqlCount `json:"critical"`
			Warning    gqlCount `json:"warning"`
			Unknown    gqlCount `json:"unknown"`
		} `json:"namespace"`
	}
	if err := c.graphQL(ctx, "EventPage", eventPageQuery, vars, &data); err != nil {
		return EventPage{}, err
	}
	if data.Namespace == nil {
		return EventPage{}, noNamespace(ns)
	}
	n, events := data.Namespace, data.Namespace.Events
	total := events.PageInfo.TotalCount
	if len(q.Filters) > 0 {
		total = n.Unfiltered.PageInfo.TotalCount
	}
	page := EventPage{
		Events:   make([]*EventSummary, len(events.Nodes)),
		Details:  make([]EventDetails, len(events.Nodes)),
		PageInfo: PageInfo(events.PageInfo),
		Complete: total < c.eventCap(),
	}
	if q.Counts {
		page.Counts = c.counts(total, n.Critical, n.Warning, n.Unknown)
	}
	for i := range events.Nodes {
		e := events.Nodes[i].event()
		page.Events[i] = Summarize(e)
		page.Details[i] = EventDetails{
			State:       e.Check.State,
			Executed:    e.Check.Executed,
			LastOK:      e.Check.LastOK,
			Silenced:    e.Check.Silenced,
			EntityClass: e.Entity.EntityClass,
			LastSeen:    e.Entity.LastSeen,
		}
	}
	return page, nil
}

// EventCounts counts a namespace's events by status in one request.
func (c *Client) EventCounts(ctx context.Context, namespace string) (EventCounts, error) {
	if namespace == "" {
		namespace = c.Namespace()
	}
	var data struct {
		Namespace *struct {
			All      gqlCount `json:"all"`
			Critical gqlCount `json:"critical"`
			Warning  gqlCount `json:"warning"`
			Unknown  gqlCount `json:"unknown"`
			Silenced gqlCount `json:"silenced"`
		} `json:"namespace"`
	}
	if err := c.graphQL(ctx, "EventCounts", eventCountsQuery, map[string]any{"namespace": namespace}, &data); err != nil {
		return EventCounts{}, err
	}
	n := data.Namespace
	if n == nil {
		return EventCounts{}, noNamespace(namespace)
	}
	counts := c.counts(n.All.PageInfo.TotalCount, n.Critical, n.Warning, n.Unknown)
	counts.Silenced = n.Silenced.PageInfo.TotalCount
	return *counts, nil
}

// counts makes EventCounts of a namespace's total and its counts by status.
func (c *Client) counts(total int, critical, warning, unknown gqlCount) *EventCounts {
	counts := &EventCounts{
		Total:    total,
		Critical: critical.PageInfo.TotalCount,
		Warning:  warning.PageInfo.TotalCount,
		Unknown:  unknown.PageInfo.TotalCount,
	}
	counts.Incident = counts.Critical + counts.Warning + counts.Unknown
	counts.OK = counts.Total - counts.Incident
	counts.Complete = counts.Total < c.eventCap()
	return counts
}

// noNamespace is a null namespace in an authenticated answer: the backend
// says the same for one that does not exist and one the user may not read.
func noNamespace(ns string) *Error {
	return &Error{Kind: KindNotFound, Status: http.StatusOK, Code: -1, Method: http.MethodPost, Path: graphQLPath,
		Message: fmt.Sprintf("namespace %q does not exist or this user may not read it", ns)}
}

// graphQL sends one query and decodes its data into out. An answer with
// errors is a KindGraphQL error, and one the backend ran without
// credentials (auth false, data all null) is KindUnauthorized, so neither
// passes for an empty result.
func (c *Client) graphQL(ctx context.Context, operation, query string, vars map[string]any, out any) error {
	resp, err := c.do(ctx, request{
		method: http.MethodPost,
		path:   graphQLPath,
		body:   graphQLRequest{Query: query, Variables: vars, OperationName: operation},
		safe:   true, // a query, not a mutation
	})
	if err != nil {
		return err
	}
	var answer graphQLResponse
	if err := decode(http.MethodPost, graphQLPath, resp.body, &answer); err != nil {
		return err
	}
	if !answer.Auth {
		return &Error{Kind: KindUnauthorized, Status: resp.status, Code: -1, Method: http.MethodPost, Path: graphQLPath,
			Message: "the backend ran the query without credentials: log in"}
	}
	if len(answer.Errors) > 0 {
		return graphQLFailure(resp.status, answer.Errors)
	}
	return decode(http.MethodPost, graphQLPath, answer.Data, out)
}

// graphQLFailure keeps the server's messages, each with where it arose.
func graphQLFailure(status int, errs []graphQLError) *Error {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Message
		if len(e.Path) > 0 {
			parts := make([]string, len(e.Path))
			for j, p := range e.Path {
				parts[j] = fmt.Sprint(p)
			}
			msgs[i] += " (at " + strings.Join(parts, ".") + ")"
		}
	}
	msg := strings.Join(msgs, "; ")
	if len(msg) > 512 {
		msg = msg[:512] + "…"
	}
	return &Error{Kind: KindGraphQL, Status: status, Code: -1, Method: http.MethodPost, Path: graphQLPath, Message: msg}
}

// GraphQLOff reports whether GraphQL proved unusable on this connection,
// so that lists are walked over REST instead.
func (c *Client) GraphQLOff() bool { return c.graphQLOff.Load() }

// DisableGraphQL records that GraphQL is unusable on this connection. It
// reports whether it was in use until now, so the caller says so once.
func (c *Client) DisableGraphQL() bool { return !c.graphQLOff.Swap(true) }

// GraphQLUnusable tells whether a GraphQL call failed because the endpoint
// will not serve this client: missing or refused (404, 405, 400, 501),
// answering with errors, not in JSON, redirected away, running without the
// credentials sent, or not knowing the namespace. A passing failure (the
// network, a timeout, 429, 5xx) is not: it is retried like any other.
func GraphQLUnusable(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.Path != graphQLPath {
		return false
	}
	switch {
	case e.Kind == KindGraphQL, e.Kind == KindMalformed, e.Kind == KindRedirected:
		return true
	case e.Status == http.StatusOK:
		return e.Kind == KindUnauthorized || e.Kind == KindNotFound
	}
	switch e.Status {
	case http.StatusBadRequest, http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotImplemented:
		return true
	}
	return false
}

// GraphQLNoNamespace tells whether a GraphQL call found no namespace it
// could read: a REST walk answers that as an empty list.
func GraphQLNoNamespace(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Path == graphQLPath && e.Kind == KindNotFound && e.Status == http.StatusOK
}
