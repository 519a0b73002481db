package fakebackend

import (
	"encoding/hex"
	"slices"
	"sort"
	"strings"
)

// keyed is anything stored in an index: its key is its place in etcd order.
type keyed interface{ key() string }

// index keeps items sorted by key, so listing and paging never re-sort.
type index[T keyed] struct{ items []T }

// from returns the position of the first item whose key is >= k.
func (x *index[T]) from(k string) int {
	return sort.Search(len(x.items), func(i int) bool { return x.items[i].key() >= k })
}

func (x *index[T]) get(k string) (T, bool) {
	i := x.from(k)
	if i < len(x.items) && x.items[i].key() == k {
		return x.items[i], true
	}
	var zero T
	return zero, false
}

// put inserts v, replacing any item with the same key.
func (x *index[T]) put(v T) {
	k := v.key()
	i := x.from(k)
	if i < len(x.items) && x.items[i].key() == k {
		x.items[i] = v
		return
	}
	x.items = slices.Insert(x.items, i, v)
}

func (x *index[T]) remove(k string) bool {
	i := x.from(k)
	if i < len(x.items) && x.items[i].key() == k {
		x.items = slices.Delete(x.items, i, i+1)
		return true
	}
	return false
}

// sortAll orders items appended in bulk during seeding.
func (x *index[T]) sortAll() {
	slices.SortFunc(x.items, func(a, b T) int { return strings.Compare(a.key(), b.key()) })
}

func (e *entityJSON) key() string    { return e.Metadata.Name }
func (c *checkDef) key() string      { return c.Metadata.Name }
func (s *silenceJSON) key() string   { return s.Metadata.Name }
func (k *apiKeyJSON) key() string    { return k.Metadata.Name }
func (e *event) key() string         { return e.path }
func (u *user) key() string          { return u.name }
func (n *namespaceJSON) key() string { return n.Name }

// checkDef is a stored check definition plus how its runs turn out here.
type checkDef struct {
	checkJSON
	outcomes []outcome
}

// outcome is one possible result of running a check. The output may hold
// {entity} and {time} placeholders.
type outcome struct {
	status uint32
	output string
}

type namespace struct {
	name     string
	events   index[*event]
	entities index[*entityJSON]
	checks   index[*checkDef]
	silences index[*silenceJSON]
	objects  objects // handlers, filters, mutators, roles and the other simple kinds
}

// event is the compact stored form of an event; its JSON is built on demand.
type event struct {
	path        string // entity + "/" + check, the event's etcd key
	uuid        [16]byte
	entity      *entityJSON
	check       *checkJSON // snapshot of the check that produced the event
	status      uint32
	output      string
	executed    int64
	issued      int64
	duration    float64
	history     []historyJSON
	lastOK      int64
	occurrences int64
	watermark   int64
	stateChange uint32
	state       string
	scheduler   string
	processedBy string
	createdBy   string
	bareMeta    bool // sent without metadata.namespace, so shown without it
	sequence    int64
	timestamp   int64
}

const (
	statePassing  = "passing"
	stateFailing  = "failing"
	stateFlapping = "flapping"
	maxHistory    = 21
)

func eventKey(entity, check string) string { return entity + "/" + check }

// record folds one check result into the event the way the Sensu pipeline
// does: history, occurrences, last_ok, flap detection.
func (e *event) record(status uint32, executed int64) {
	repeat := len(e.history) > 0 && e.history[len(e.history)-1].Status == status
	e.history = append(e.history, historyJSON{Status: status, Executed: executed})
	if len(e.history) > maxHistory {
		e.history = slices.Delete(e.history, 0, len(e.history)-maxHistory)
	}
	if repeat {
		e.occurrences++
	} else {
		e.occurrences = 1
	}
	e.watermark = max(e.watermark, e.occurrences)
	e.status = status
	if status == 0 {
		e.lastOK = executed
	}
	e.stateChange = totalStateChange(e.history)
	e.state = nextState(e.state, e.stateChange, e.check.LowFlapThreshold, e.check.HighFlapThreshold, status)
}

// totalStateChange is Sensu's weighted percentage of status changes over a
// full history window.
func totalStateChange(history []historyJSON) uint32 {
	if len(history) < maxHistory {
		return 0
	}
	changes, weight := 0.0, 0.8
	for i := 1; i < len(history); i++ {
		if history[i].Status != history[i-1].Status {
			changes += weight
		}
		weight += 0.02
	}
	return uint32(changes / 20 * 100)
}

func nextState(prev string, change, low, high, status uint32) string {
	flapping := high > 0 && (change >= high || prev == stateFlapping && change > low)
	switch {
	case flapping:
		return stateFlapping
	case status == 0:
		return statePassing
	default:
		return stateFailing
	}
}

// active reports whether a silence applies at unix time now.
func (s *silenceJSON) active(now int64) bool {
	return s.Begin <= now && (s.ExpireAt == 0 || now < s.ExpireAt)
}

func (s *silenceJSON) expired(now int64) bool {
	return s.ExpireAt != 0 && now >= s.ExpireAt
}

// silences reports whether s silences check on an entity with subs.
func (s *silenceJSON) silences(subs []string, entity, check string) bool {
	if s.Check != "" && s.Check != "*" && s.Check != check {
		return false
	}
	if s.Subscription == "" || s.Subscription == "*" || s.Subscription == "entity:"+entity {
		return true
	}
	return slices.Contains(subs, s.Subscription)
}

// silencedBy lists the names of active silences that cover e.
func (ns *namespace) silencedBy(e *event, now int64) []string {
	var names []string
	for _, s := range ns.silences.items {
		if s.active(now) && s.silences(e.entity.Subscriptions, e.entity.Metadata.Name, e.check.Metadata.Name) {
			names = append(names, s.Metadata.Name)
		}
	}
	return names
}

// resolveSilences drops expire_on_resolve silences once their event is OK.
func (ns *namespace) resolveSilences(e *event, now int64) {
	for _, name := range ns.silencedBy(e, now) {
		if s, _ := ns.silences.get(name); s.ExpireOnResolve {
			ns.silences.remove(name)
		}
	}
}

// activeSilences lists the silences still in force, dropping expired ones.
func (ns *namespace) activeSilences(now int64, keep func(*silenceJSON) bool) []*silenceJSON {
	var out []*silenceJSON
	for _, s := range ns.silences.items {
		if !s.expired(now) && (keep == nil || keep(s)) {
			out = append(out, s)
		}
	}
	return out
}

// view builds the wire form of e.
func (ns *namespace) view(e *event, now int64) *eventJSON {
	c := &eventCheckJSON{
		checkSpec:            e.check.checkSpec,
		Duration:             e.duration,
		Executed:             e.executed,
		History:              e.history,
		Issued:               e.issued,
		Output:               e.output,
		State:                e.state,
		Status:               e.status,
		TotalStateChange:     e.stateChange,
		LastOK:               e.lastOK,
		Occurrences:          e.occurrences,
		OccurrencesWatermark: e.watermark,
		Silenced:             ns.silencedBy(e, now),
		checkTail:            e.check.checkTail,
		Scheduler:            e.scheduler,
		ProcessedBy:          e.processedBy,
		Pipelines:            e.check.Pipelines,
	}
	c.IsSilenced = len(c.Silenced) > 0
	c.Metadata.CreatedBy = e.createdBy
	meta := objectMeta{Namespace: ns.name, CreatedBy: e.createdBy}
	if e.bareMeta {
		meta.Namespace = ""
	}
	return &eventJSON{
		Check:     c,
		Entity:    e.entity,
		ID:        formatUUID(e.uuid),
		Metadata:  meta,
		Sequence:  e.sequence,
		Timestamp: e.timestamp,
	}
}

func formatUUID(u [16]byte) string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// uuidFrom makes a version-4 UUID out of 16 random bytes.
func uuidFrom(hi, lo uint64) [16]byte {
	var u [16]byte
	for i := range 8 {
		u[i] = byte(hi >> (56 - 8*i))
		u[8+i] = byte(lo >> (56 - 8*i))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

func intersects(a, b []string) bool {
	for _, s := range a {
		if slices.Contains(b, s) {
			return true
		}
	}
	return false
}
