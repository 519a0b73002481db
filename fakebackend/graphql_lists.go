package fakebackend

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// pageInfo is an OffsetPageInfo: the window a list field was asked for and
// how many items matched. The arithmetic is the real backend's, odd values
// included: a negative limit has a negative nextOffset, and previousOffset
// may point past the end.
type pageInfo struct {
	offset, limit int
	total         int  // what totalCount reports
	partial       bool // totalCount stopped counting
}

func (p pageInfo) hasNext() bool { return p.offset+p.limit < p.total }

func (p pageInfo) nextOffset() int {
	if p.hasNext() {
		return p.offset + p.limit
	}
	return 0
}

func (p pageInfo) hasPrevious() bool { return p.offset > 0 }

func (p pageInfo) previousOffset() int {
	if p.hasPrevious() {
		return max(0, p.offset-p.limit)
	}
	return 0
}

// window is where the page lies in n items; empty for a negative or zero
// limit and for an offset outside the list.
func (p pageInfo) window(n int) (lo, hi int) {
	lo = min(max(p.offset, 0), n)
	hi = min(max(p.offset+p.limit, 0), n)
	return lo, max(lo, hi)
}

// connection is one page of a list field and its page info.
type connection struct {
	nodes []any
	info  pageInfo
}

var (
	errFilterFormat = errors.New("filters must have the format KEY:VAL")
	errFilterKey    = errors.New("no filter could be matched with the given statement")
)

// filterKeys maps the KEY of a "KEY:VALUE" statement to what builds its
// test from VALUE. A list with no keys rejects every statement.
type filterKeys[T any] map[string]func(value string) (func(T) bool, error)

// compileFilters turns statements into one test that all must pass.
func compileFilters[T any](statements []string, keys filterKeys[T]) (func(T) bool, error) {
	tests := make([]func(T) bool, 0, len(statements))
	for _, st := range statements {
		key, value, ok := strings.Cut(st, ":")
		if !ok {
			return nil, errFilterFormat
		}
		build, ok := keys[key]
		if !ok {
			return nil, errFilterKey
		}
		test, err := build(value)
		if err != nil {
			return nil, err
		}
		tests = append(tests, test)
	}
	return func(v T) bool {
		for _, test := range tests {
			if !test(v) {
				return false
			}
		}
		return true
	}, nil
}

// boolFilter matches a boolean VALUE, failing as strconv.ParseBool does.
func boolFilter[T any](field func(T) bool) func(string) (func(T) bool, error) {
	return func(value string) (func(T) bool, error) {
		want, err := strconv.ParseBool(value)
		if err != nil {
			return nil, err
		}
		return func(v T) bool { return field(v) == want }, nil
	}
}

// exactFilter matches a VALUE equal to field.
func exactFilter[T any](field func(T) string) func(string) (func(T) bool, error) {
	return func(value string) (func(T) bool, error) {
		return func(v T) bool { return field(v) == value }, nil
	}
}

// containsFilter matches a VALUE found in list.
func containsFilter[T any](list func(T) []string) func(string) (func(T) bool, error) {
	return func(value string) (func(T) bool, error) {
		return func(v T) bool { return slices.Contains(list(v), value) }, nil
	}
}

// listArgs are the arguments every list field takes.
type listArgs struct {
	offset, limit int
	order         string
	filters       []string
}

func listArgsOf(args map[string]any) listArgs {
	a := listArgs{}
	a.offset, _ = args["offset"].(int)
	a.limit, _ = args["limit"].(int)
	a.order, _ = args["orderBy"].(string)
	a.filters = stringsArg(args["filters"])
	return a
}

func stringsArg(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s, ok := s.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// listPage filters items, and sorts and cuts out the page only when the
// page holds something: a count costs one pass and no copy. The store's
// own order is never touched; sorting works on a copy of the pointers.
// order must never call two items equal.
func listPage[T any](items []T, a listArgs, keys filterKeys[T], order func(a, b T) int, node func(T) any) (connection, error) {
	match, err := compileFilters(a.filters, keys)
	if err != nil {
		return connection{}, err
	}
	matched := items
	if len(a.filters) > 0 {
		matched = nil
		for _, v := range items {
			if match(v) {
				matched = append(matched, v)
			}
		}
	}
	c := connection{info: pageInfo{offset: a.offset, limit: a.limit, total: len(matched)}}
	lo, hi := c.info.window(len(matched))
	if lo == hi {
		return c, nil
	}
	if len(a.filters) == 0 {
		matched = slices.Clone(matched)
	}
	slices.SortFunc(matched, order) // every order ends on a unique key
	c.nodes = make([]any, 0, hi-lo)
	for _, v := range matched[lo:hi] {
		c.nodes = append(c.nodes, node(v))
	}
	return c, nil
}

// byName orders named resources by name, descending when desc.
func byName[T keyed](desc bool) func(a, b T) int {
	return func(a, b T) int {
		if desc {
			return strings.Compare(b.key(), a.key())
		}
		return strings.Compare(a.key(), b.key())
	}
}

// The EventsListOrder values.
const (
	orderSeverity   = "SEVERITY"
	orderLastOK     = "LASTOK"
	orderNewest     = "NEWEST"
	orderOldest     = "OLDEST"
	orderEntity     = "ENTITY"
	orderEntityDesc = "ENTITY_DESC"
)

// eventOrder is how namespace.events sorts. Every order ends on entity
// then check name, so equal keys never leave the order to chance. Each
// step returns early: a sort of 10,000 events compares 100,000 pairs.
func eventOrder(order string) func(a, b *event) int {
	switch order {
	case orderLastOK:
		// Incidents (status not 0) first, then the most recent OK.
		return func(a, b *event) int {
			if c := cmp.Compare(boolRank(a.status != 0), boolRank(b.status != 0)); c != 0 {
				return c
			}
			return byLastOK(a, b)
		}
	case orderNewest:
		return func(a, b *event) int {
			if c := cmp.Compare(b.timestamp, a.timestamp); c != 0 {
				return c
			}
			return byComponents(a, b)
		}
	case orderOldest:
		return func(a, b *event) int {
			if c := cmp.Compare(a.timestamp, b.timestamp); c != 0 {
				return c
			}
			return byComponents(a, b)
		}
	case orderEntity:
		return byComponents
	case orderEntityDesc:
		return func(a, b *event) int { return byComponents(b, a) }
	default:
		// Critical, warning, unknown, OK; then the most recent OK.
		return func(a, b *event) int {
			if c := cmp.Compare(severityRank(a.status), severityRank(b.status)); c != 0 {
				return c
			}
			return byLastOK(a, b)
		}
	}
}

// byLastOK puts the most recent OK first, then orders by name.
func byLastOK(a, b *event) int {
	if c := cmp.Compare(b.lastOK, a.lastOK); c != 0 {
		return c
	}
	return byComponents(a, b)
}

func byComponents(a, b *event) int {
	if c := strings.Compare(a.entity.Metadata.Name, b.entity.Metadata.Name); c != 0 {
		return c
	}
	return strings.Compare(a.check.Metadata.Name, b.check.Metadata.Name)
}

// severityRank puts critical first, then warning, unknown and OK.
func severityRank(status uint32) int {
	switch status {
	case 2:
		return 0
	case 1:
		return 1
	case 0:
		return 3
	default:
		return 2
	}
}

func boolRank(first bool) int {
	if first {
		return 0
	}
	return 1
}

// eventFilterKeys are the statements namespace.events understands. An
// unknown status word matches nothing, without an error.
func eventFilterKeys(ns *namespace, now int64) filterKeys[*event] {
	return filterKeys[*event]{
		"status": func(word string) (func(*event) bool, error) {
			return func(e *event) bool { return statusIs(word, e.status) }, nil
		},
		"check":    exactFilter(func(e *event) string { return e.check.Metadata.Name }),
		"entity":   exactFilter(func(e *event) string { return e.entity.Metadata.Name }),
		"silenced": boolFilter(func(e *event) bool { return len(ns.silencedBy(e, now)) > 0 }),
	}
}

func statusIs(word string, status uint32) bool {
	switch word {
	case "passing":
		return status == 0
	case "warning":
		return status == 1
	case "critical":
		return status == 2
	case "unknown":
		return status > 2
	case "incident":
		return status != 0
	}
	return false
}

// events answers namespace.events. The backend reads at most eventCap
// events of a namespace, the first in key order, so neither the page nor
// totalCount ever sees the rest.
func (c *gqlCall) events(ns *namespace, a listArgs) (connection, error) {
	c.b.eventReads.Add(1)
	items := ns.events.items
	if len(items) > c.b.eventCap {
		items = items[:c.b.eventCap]
	}
	now := c.now.Unix()
	return listPage(items, a, eventFilterKeys(ns, now), eventOrder(a.order), func(e *event) any { return eventNode{ns, e} })
}

// entityCountLimit is where totalCount stops counting an unfiltered entity
// list and sets partialCount instead; the nodes themselves are not capped.
const entityCountLimit = 500

var entityFilterKeys = filterKeys[*entityJSON]{
	"class":        exactFilter(func(e *entityJSON) string { return e.EntityClass }),
	"subscription": containsFilter(func(e *entityJSON) []string { return e.Subscriptions }),
}

func (c *gqlCall) entities(ns *namespace, a listArgs) (connection, error) {
	order := byName[*entityJSON](a.order == "ID_DESC")
	if a.order == "LASTSEEN" {
		order = func(x, y *entityJSON) int {
			return cmp.Or(cmp.Compare(y.LastSeen, x.LastSeen), strings.Compare(x.key(), y.key()))
		}
	}
	conn, err := listPage(ns.entities.items, a, entityFilterKeys, order, func(e *entityJSON) any { return entityNode{ns, e} })
	if err == nil && len(a.filters) == 0 && conn.info.total > entityCountLimit {
		conn.info.total, conn.info.partial = entityCountLimit, true
	}
	return conn, err
}

var checkFilterKeys = filterKeys[*checkDef]{
	"subscription": containsFilter(func(c *checkDef) []string { return c.Subscriptions }),
	"published":    boolFilter(func(c *checkDef) bool { return c.Publish }),
}

func (c *gqlCall) checks(ns *namespace, a listArgs) (connection, error) {
	return listPage(ns.checks.items, a, checkFilterKeys, byName[*checkDef](a.order != "NAME"), func(d *checkDef) any { return checkNode{ns, d} })
}

var silenceFilterKeys = filterKeys[*silenceJSON]{
	"check":        exactFilter(func(s *silenceJSON) string { return s.Check }),
	"subscription": exactFilter(func(s *silenceJSON) string { return s.Subscription }),
}

func (c *gqlCall) silences(ns *namespace, a listArgs) (connection, error) {
	order := byName[*silenceJSON](a.order == "ID_DESC")
	switch a.order {
	case "BEGIN":
		order = func(x, y *silenceJSON) int {
			return cmp.Or(cmp.Compare(x.Begin, y.Begin), strings.Compare(x.key(), y.key()))
		}
	case "BEGIN_DESC":
		order = func(x, y *silenceJSON) int {
			return cmp.Or(cmp.Compare(y.Begin, x.Begin), strings.Compare(x.key(), y.key()))
		}
	}
	return listPage(ns.activeSilences(c.now.Unix(), nil), a, silenceFilterKeys, order, func(s *silenceJSON) any { return silenceNode{ns, s} })
}

func (c *gqlCall) handlers(ns *namespace, a listArgs) (connection, error) {
	return listPage(objectsOf[*handlerJSON](ns, "handlers"), a, nil, byName[*handlerJSON](a.order != "NAME"), func(h *handlerJSON) any { return handlerNode{ns, h} })
}

func (c *gqlCall) eventFilters(ns *namespace, a listArgs) (connection, error) {
	return listPage(objectsOf[*filterJSON](ns, "filters"), a, nil, byName[*filterJSON](a.order != "NAME"), func(f *filterJSON) any { return filterNode{ns, f} })
}

func (c *gqlCall) mutators(ns *namespace, a listArgs) (connection, error) {
	return listPage(objectsOf[*mutatorJSON](ns, "mutators"), a, nil, byName[*mutatorJSON](a.order != "NAME"), func(m *mutatorJSON) any { return mutatorNode{ns, m} })
}
