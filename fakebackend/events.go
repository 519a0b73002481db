package fakebackend

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"time"
)

func (b *Backend) findEvent(nsName, entity, check string, now int64) (any, bool) {
	ns, ok := b.namespace(nsName)
	if !ok {
		return nil, false
	}
	e, ok := ns.events.get(eventKey(entity, check))
	if !ok {
		return nil, false
	}
	return ns.view(e, now), true
}

func (b *Backend) getEvent(c *call) {
	b.serveOne(c, "not found", func() (any, bool) {
		return b.findEvent(c.ns(), c.params["entity"], c.params["check"], c.now.Unix())
	})
}

// listEntityEvents answers GET .../events/{entity}: the run of event keys
// that start with "entity/".
func (b *Backend) listEntityEvents(c *call) {
	b.serveList(c, parsePage(c.r, keyTokens), keyTokens, func() []segment {
		ns, ok := b.namespace(c.ns())
		if !ok {
			return nil
		}
		lo, hi := ns.eventsOf(c.params["entity"])
		run := &index[*event]{items: ns.events.items[lo:hi]}
		now := c.now.Unix()
		return []segment{segmentOf("", run, func(e *event) any { return ns.view(e, now) })}
	})
}

// eventsOf locates the events of entity: the run of event keys that start
// with "entity/".
func (ns *namespace) eventsOf(entity string) (lo, hi int) {
	return ns.events.from(entity + "/"), ns.events.from(entity + "0") // '0' follows '/'
}

func (b *Backend) deleteEvent(c *call) {
	b.serveDelete(c, func() bool {
		ns, ok := b.namespace(c.ns())
		return ok && ns.events.remove(eventKey(c.params["entity"], c.params["check"]))
	})
}

// putEvent answers POST .../events and PUT or POST .../events/{entity}/{check}:
// the body's check result goes through the event pipeline, and an unknown
// entity becomes a proxy entity.
func (b *Backend) putEvent(c *call) {
	var in eventJSON
	if err := c.decode(&in); err != nil {
		writeError(c.w, http.StatusBadRequest, codeInvalidArgument, err.Error())
		return
	}
	switch {
	case in.Entity == nil:
		writeError(c.w, http.StatusBadRequest, codeInvalidArgument, "event must contain an entity")
		return
	case in.Check == nil:
		writeError(c.w, http.StatusBadRequest, codeInvalidArgument, "event must contain a check")
		return
	}
	if entity := c.params["entity"]; entity != "" {
		in.Entity.Metadata.Name = entity
		in.Check.Metadata.Name = c.params["check"]
	}
	if in.Entity.Metadata.Name == "" || in.Check.Metadata.Name == "" {
		writeError(c.w, http.StatusBadRequest, codeInvalidArgument, "name must not be empty")
		return
	}

	b.changeIn(c, func(ns *namespace) {
		entity, ok := ns.entities.get(in.Entity.Metadata.Name)
		switch {
		case !ok:
			entity = proxyEntity(in.Entity, ns.name, c.who.user)
			ns.entities.put(entity)
		case entity.EntityClass != "proxy":
			// An agent's event keeps its own copy of the entity, stamped with
			// who sent it; a proxy's shows the entity as stored.
			stamped := *entity
			stamped.Metadata.CreatedBy = c.who.user
			entity = &stamped
		}
		e := ns.eventFor(entity, in.Check.Metadata.Name)
		e.bareMeta = in.Metadata.Namespace == ""
		e.check = normalizedCheck(checkJSON{checkSpec: in.Check.checkSpec, checkTail: in.Check.checkTail, Pipelines: in.Check.Pipelines}, ns.name)
		e.output, e.executed, e.issued, e.duration = in.Check.Output, in.Check.Executed, in.Check.Issued, in.Check.Duration
		e.scheduler, e.processedBy = in.Check.Scheduler, in.Check.ProcessedBy
		e.createdBy = c.who.user
		e.timestamp = in.Timestamp
		if e.timestamp == 0 {
			e.timestamp = c.now.Unix()
		}
		ns.recordResult(e, in.Check.Status, c.now.Unix())
		writeEmpty(c.w, http.StatusCreated, contentJSON)
	})
}

// eventFor returns the stored event of entity and check, creating it.
func (ns *namespace) eventFor(entity *entityJSON, check string) *event {
	path := eventKey(entity.Metadata.Name, check)
	if e, ok := ns.events.get(path); ok {
		e.entity = entity
		return e
	}
	e := &event{path: path, uuid: uuidFrom(randomUint64(), randomUint64()), entity: entity}
	ns.events.put(e)
	return e
}

// recordResult runs the pipeline on a new status and resolves silences that
// expire on resolve.
func (ns *namespace) recordResult(e *event, status uint32, now int64) {
	e.record(status, e.executed)
	if status == 0 {
		ns.resolveSilences(e, now)
	}
}

// proxyEntity is the entity the backend creates for an event whose entity it
// does not know.
func proxyEntity(in *entityJSON, ns, creator string) *entityJSON {
	e := *in
	if e.EntityClass == "" {
		e.EntityClass = "proxy"
	}
	sub := "entity:" + e.Metadata.Name
	if !slices.Contains(e.Subscriptions, sub) {
		e.Subscriptions = append(slices.Clip(e.Subscriptions), sub)
	}
	e.Metadata.Namespace = ns
	e.Metadata.CreatedBy = creator
	return &e
}

// normalizedCheck fills in what the backend always sets on a check.
func normalizedCheck(c checkJSON, ns string) *checkJSON {
	if c.Handlers == nil {
		c.Handlers = []string{}
	}
	if c.Subscriptions == nil {
		c.Subscriptions = []string{}
	}
	if c.Pipelines == nil {
		c.Pipelines = []json.RawMessage{}
	}
	c.Metadata.Namespace = ns
	c.Metadata.CreatedBy = ""
	return &c
}

// executeCheck answers POST .../checks/{check}/execute. The check runs at
// once on every entity subscribed to the requested (or its own)
// subscriptions, so its events are there when the client looks.
func (b *Backend) executeCheck(c *call) {
	var req executeJSON
	if err := c.decode(&req); err != nil {
		writeError(c.w, http.StatusInternalServerError, codeInternal, err.Error())
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	ns, ok := b.namespace(c.ns())
	var def *checkDef
	if ok {
		def, ok = ns.checks.get(c.params["check"])
	}
	if !ok {
		writeError(c.w, http.StatusNotFound, codeNotFound, "not found")
		return
	}
	issued := b.execute(ns, def, req, c.now)
	writeBody(c.w, http.StatusAccepted, contentPlain, fmt.Appendf(nil, `{"issued":%d}`, issued))
}

// execute records an accepted execution of def and returns when it was
// issued. The caller holds the write lock.
func (b *Backend) execute(ns *namespace, def *checkDef, req executeJSON, now time.Time) int64 {
	issued := now.Unix()
	b.executions = append(b.executions, ExecuteRequest{
		Namespace:     ns.name,
		Check:         def.Metadata.Name,
		Subscriptions: slices.Clone(req.Subscriptions),
		Reason:        req.Reason,
		Creator:       req.Creator,
		Issued:        issued,
	})
	spec := def.checkJSON
	if len(req.Subscriptions) > 0 {
		spec.Subscriptions = slices.Clone(req.Subscriptions)
	}
	snapshot := normalizedCheck(spec, ns.name)
	for _, entity := range ns.entities.items {
		if intersects(snapshot.Subscriptions, entity.Subscriptions) {
			ns.run(def, snapshot, entity, now)
		}
	}
	return issued
}

// run records one simulated execution of def on entity.
func (ns *namespace) run(def *checkDef, snapshot *checkJSON, entity *entityJSON, now time.Time) {
	e := ns.eventFor(entity, def.Metadata.Name)
	result := def.outcomeFor(entity.Metadata.Name, len(e.history))
	e.check = snapshot
	e.output = result.render(entity.Metadata.Name, now)
	e.executed, e.issued, e.timestamp = now.Unix(), now.Unix(), now.Unix()
	e.duration = 0.001 + float64(len(e.history)%7)/1000
	e.scheduler = ""
	e.processedBy = ""
	if entity.EntityClass == "agent" {
		e.processedBy = entity.Metadata.Name
	}
	ns.recordResult(e, result.status, now.Unix())
}

// outcomeFor picks a result deterministically from the entity and round.
func (d *checkDef) outcomeFor(entity string, round int) outcome {
	h := fnv.New32a()
	h.Write([]byte(entity))
	return d.outcomes[(h.Sum32()+uint32(round))%uint32(len(d.outcomes))]
}

func (o outcome) render(entity string, at time.Time) string {
	if !strings.Contains(o.output, "{") {
		return o.output
	}
	return strings.NewReplacer("{entity}", entity, "{time}", at.UTC().Format("2006-01-02 15:04:05 -0700 MST")).Replace(o.output)
}

// SendResult delivers a check result for entity and check in namespace ns,
// as an agent's event arrives through the API, sent by admin; an unknown
// entity becomes a proxy entity. Tests use it to make things happen.
func (b *Backend) SendResult(ns, entity, check string, status uint32, executed int64) error {
	return b.SendCheckResult(ns, entity, check, map[string]any{
		"status": status, "output": fmt.Sprintf("status %d from a test", status), "executed": executed, "interval": 60}, executed)
}

// SendCheckResult is SendResult with the check's own fields (status,
// output, executed, command, flap thresholds…), to which it adds the
// check's metadata; timestamp is the event's.
func (b *Backend) SendCheckResult(ns, entity, check string, fields map[string]any, timestamp int64) error {
	c := map[string]any{"metadata": map[string]any{"name": check, "namespace": ns}}
	for k, v := range fields {
		if k != "metadata" {
			c[k] = v
		}
	}
	body, _ := json.Marshal(map[string]any{
		"entity":    map[string]any{"entity_class": "proxy", "metadata": map[string]any{"name": entity, "namespace": ns}},
		"check":     c,
		"timestamp": timestamp,
	})
	admin, _ := b.users.get(AdminUser)
	token, _ := b.issue(admin, "fake", false)
	req := httptest.NewRequest(http.MethodPut, "/api/core/v2/namespaces/"+url.PathEscape(ns)+"/events/"+
		url.PathEscape(entity)+"/"+url.PathEscape(check), bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	b.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		return fmt.Errorf("PUT event %s/%s: %d %s", entity, check, rec.Code, rec.Body)
	}
	return nil
}
