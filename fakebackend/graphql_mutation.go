package fakebackend

import (
	"encoding/json"
	"errors"
	"slices"

	"github.com/graphql-go/graphql"
)

// Mutations fail the way the recordings show: without credentials every one
// is refused before it looks at its input, a user without write rights gets
// "request unauthorized", and failures of executeCheck and putWrapped come
// in their payload instead. All answer HTTP 200.

var (
	errNoClaims     = errors.New("no claims found in the request context")
	errUnauthorized = errors.New("request unauthorized")
	// errNilPointer is what resolveEvent says about an event that does not
	// exist: the real backend dereferences the missing event.
	errNilPointer = errors.New("runtime error: invalid memory address or nil pointer dereference")
	errBadID      = errors.New("invalid global ID")
)

// payload is the answer of a mutation: what it made or removed, and the
// input's clientMutationId echoed.
type payload struct {
	mutationID any
	value      any
	errors     []payloadError
}

type mutationTypes struct {
	event, checkConfig, silenced *graphql.Object
	node                         *graphql.Interface
}

// mutationFields returns the Mutation fields and the types that only
// interfaces reach.
func mutationFields(t mutationTypes) (graphql.Fields, []graphql.Type) {
	errCode := enum("ErrCode", "ERR_INTERNAL", "ERR_NOT_FOUND", "ERR_ALREADY_EXISTS", "ERR_PERMISSION_DENIED")
	var standardError *graphql.Object
	errorType := graphql.NewInterface(graphql.InterfaceConfig{
		Name: "Error",
		Fields: graphql.Fields{
			"code":  &graphql.Field{Type: graphql.NewNonNull(errCode)},
			"input": &graphql.Field{Type: graphql.String},
		},
		ResolveType: func(graphql.ResolveTypeParams) *graphql.Object { return standardError },
	})
	standardError = graphql.NewObject(graphql.ObjectConfig{Name: "StandardError", Interfaces: []*graphql.Interface{errorType}, Fields: graphql.Fields{
		"code":    field(graphql.NewNonNull(errCode), func(e payloadError) any { return e.code }),
		"input":   field(graphql.String, func(e payloadError) any { return e.input }),
		"message": field(nonNullString, func(e payloadError) any { return e.message }),
	}})
	errorList := graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(errorType)))

	payloadOf := func(name, valueField string, valueType graphql.Output, withErrors bool) *graphql.Object {
		fields := graphql.Fields{"clientMutationId": field(graphql.String, func(p payload) any { return p.mutationID })}
		if valueField != "" {
			fields[valueField] = field(valueType, func(p payload) any { return p.value })
		}
		if withErrors {
			fields["errors"] = field(errorList, func(p payload) any { return orEmpty(p.errors) })
		}
		return graphql.NewObject(graphql.ObjectConfig{Name: name, Fields: fields})
	}
	input := func(name string, fields graphql.InputObjectConfigFieldMap) *graphql.ArgumentConfig {
		fields["clientMutationId"] = &graphql.InputObjectFieldConfig{Type: graphql.String}
		return &graphql.ArgumentConfig{Type: graphql.NewNonNull(graphql.NewInputObject(graphql.InputObjectConfig{Name: name, Fields: fields}))}
	}
	mutation := func(payloadType *graphql.Object, in *graphql.ArgumentConfig, run func(c *gqlCall, in map[string]any) (payload, error)) *graphql.Field {
		return callField(payloadType, graphql.FieldConfigArgument{"input": in}, func(c *gqlCall, _ any, args map[string]any) (any, error) {
			if c.anonymous {
				return nil, errNoClaims
			}
			in, _ := args["input"].(map[string]any)
			p, err := run(c, in)
			if err != nil {
				return nil, err
			}
			p.mutationID = in["clientMutationId"]
			return p, nil
		})
	}

	deletePayload := payloadOf("DeleteRecordPayload", "deletedId", nonNullID, false)
	deleteInput := input("DeleteRecordInput", graphql.InputObjectConfigFieldMap{"id": {Type: nonNullID}})
	deletion := func(kind string, remove func(ns *namespace, name string)) *graphql.Field {
		return mutation(deletePayload, deleteInput, func(c *gqlCall, in map[string]any) (payload, error) {
			id := in["id"].(string)
			ns, name, err := c.writableID(id, kind)
			if err != nil {
				return payload{}, err
			}
			if ns != nil {
				remove(ns, name) // a missing one "succeeds" too
			}
			return payload{value: id}, nil
		})
	}
	objectDeletion := func(kind string) *graphql.Field {
		return deletion(kind, func(ns *namespace, name string) { ns.objects[kind].remove(name) })
	}
	checkProps := graphql.NewInputObject(graphql.InputObjectConfig{Name: "CheckConfigInputs", Fields: graphql.InputObjectConfigFieldMap{
		"command":           {Type: graphql.String},
		"interval":          {Type: graphql.Int},
		"cron":              {Type: graphql.String},
		"publish":           {Type: graphql.Boolean},
		"subscriptions":     {Type: graphql.NewList(nonNullString)},
		"handlers":          {Type: graphql.NewList(nonNullString)},
		"timeout":           {Type: graphql.Int},
		"ttl":               {Type: graphql.Int},
		"proxyEntityName":   {Type: graphql.String},
		"roundRobin":        {Type: graphql.Boolean},
		"stdin":             {Type: graphql.Boolean},
		"lowFlapThreshold":  {Type: graphql.Int},
		"highFlapThreshold": {Type: graphql.Int},
	}})
	checkPayload := func(name string) *graphql.Object { return payloadOf(name, "check", t.checkConfig, false) }

	fields := graphql.Fields{
		"resolveEvent": mutation(payloadOf("ResolveEventPayload", "event", t.event, false), input("ResolveEventInput", graphql.InputObjectConfigFieldMap{
			"id":     {Type: nonNullID},
			"source": {Type: graphql.String, DefaultValue: "GraphQL"},
		}), (*gqlCall).resolveEvent),
		"executeCheck": mutation(payloadOf("ExecuteCheckPayload", "", nil, true), input("ExecuteCheckInput", graphql.InputObjectConfigFieldMap{
			"id":            {Type: nonNullID},
			"subscriptions": {Type: graphql.NewList(nonNullString)},
			"reason":        {Type: graphql.String},
		}), (*gqlCall).executeCheck),
		"createSilence": mutation(payloadOf("CreateSilencePayload", "silence", t.silenced, false), input("CreateSilenceInput", graphql.InputObjectConfigFieldMap{
			"namespace":    {Type: nonNullString},
			"check":        {Type: graphql.String},
			"subscription": {Type: graphql.String},
			"props": {Type: graphql.NewNonNull(graphql.NewInputObject(graphql.InputObjectConfig{Name: "SilenceInputs", Fields: graphql.InputObjectConfigFieldMap{
				"reason":          {Type: graphql.String},
				"expireOnResolve": {Type: graphql.Boolean, DefaultValue: true},
				"expire":          {Type: graphql.Int}, // deprecated: see createSilence
				"expireAt":        {Type: dateTime},
				"begin":           {Type: dateTime},
			}}))},
		}), (*gqlCall).createSilence),
		"updateCheck": mutation(checkPayload("UpdateCheckPayload"), input("UpdateCheckInput", graphql.InputObjectConfigFieldMap{
			"id":    {Type: nonNullID},
			"props": {Type: graphql.NewNonNull(checkProps)},
		}), (*gqlCall).updateCheck),
		"createCheck": mutation(checkPayload("CreateCheckPayload"), input("CreateCheckInput", graphql.InputObjectConfigFieldMap{
			"namespace": {Type: nonNullString},
			"name":      {Type: nonNullString},
			"props":     {Type: checkProps},
		}), (*gqlCall).createCheck),
		"deleteEvent":       deletion("events", func(ns *namespace, key string) { ns.events.remove(key) }),
		"deleteSilence":     deletion("silences", func(ns *namespace, name string) { ns.silences.remove(name) }),
		"deleteCheck":       deletion("checks", func(ns *namespace, name string) { ns.checks.remove(name) }),
		"deleteEntity":      deletion("entities", func(ns *namespace, name string) { ns.entities.remove(name) }),
		"deleteHandler":     objectDeletion("handlers"),
		"deleteEventFilter": objectDeletion("filters"),
		"deleteMutator":     objectDeletion("mutators"),
		"putWrapped": callField(payloadOf("PutWrappedPayload", "node", t.node, true), graphql.FieldConfigArgument{
			"raw":    {Type: nonNullString},
			"upsert": {Type: graphql.Boolean, DefaultValue: true},
		}, func(c *gqlCall, _ any, args map[string]any) (any, error) {
			if c.anonymous {
				return nil, errNoClaims
			}
			return c.putWrapped(args["raw"].(string), args["upsert"] == true)
		}),
	}
	return fields, []graphql.Type{standardError}
}

// writableID parses a global ID of kind and checks that the caller may
// change its namespace; ns is nil when the namespace does not exist.
func (c *gqlCall) writableID(id, kind string) (ns *namespace, name string, err error) {
	p, ok := parseID(id)
	if !ok || p.kind != kind {
		return nil, "", errBadID
	}
	if !c.who.canWrite(p.ns) {
		return nil, "", errUnauthorized
	}
	ns, _ = c.b.namespace(p.ns)
	return ns, p.name, nil
}

// writableItem finds what a global ID of kind names, in a namespace the
// caller may change; found is false when it does not exist.
func writableItem[T keyed](c *gqlCall, id, kind string, in func(*namespace) *index[T]) (ns *namespace, item T, found bool, err error) {
	ns, name, err := c.writableID(id, kind)
	if err != nil || ns == nil {
		return ns, item, false, err
	}
	item, found = in(ns).get(name)
	return ns, item, found, nil
}

func eventsOf(ns *namespace) *index[*event]    { return &ns.events }
func checksOf(ns *namespace) *index[*checkDef] { return &ns.checks }

// resolveEvent sets the event OK the way the web UI's Resolve does. The
// answer is the event as sent to the pipeline: its history does not have
// the new result yet, while the stored event does.
func (c *gqlCall) resolveEvent(in map[string]any) (payload, error) {
	ns, e, found, err := writableItem(c, in["id"].(string), "events", eventsOf)
	switch {
	case err != nil:
		return payload{}, err
	case !found:
		return payload{}, errNilPointer
	}
	source, _ := in["source"].(string)
	now := c.now.Unix()
	sent := *e
	sent.history = slices.Clone(e.history)
	sent.status, sent.output = 0, "Resolved manually with "+source
	sent.executed, sent.timestamp = now, now
	e.output, e.executed, e.timestamp = sent.output, now, now
	ns.recordResult(e, 0, now)
	return payload{value: eventNode{ns, &sent}}, nil
}

// executeCheck queues the check, which the fake runs at once. Its failures
// are in the payload, not in errors.
func (c *gqlCall) executeCheck(in map[string]any) (payload, error) {
	ns, def, found, err := writableItem(c, in["id"].(string), "checks", checksOf)
	switch {
	case errors.Is(err, errUnauthorized):
		return payload{errors: []payloadError{{"ERR_PERMISSION_DENIED", "id", err.Error()}}}, nil
	case err != nil:
		return payload{}, err
	case !found:
		return payload{errors: []payloadError{{"ERR_INTERNAL", "id", "error: code = 2 desc = not found"}}}, nil
	}
	reason, _ := in["reason"].(string)
	c.b.execute(ns, def, executeJSON{Subscriptions: stringsArg(in["subscriptions"]), Reason: reason, Creator: c.who.user}, c.now)
	return payload{}, nil
}

// writableNamespace checks that the caller may change namespace name, which
// must exist.
func (c *gqlCall) writableNamespace(name string) (*namespace, error) {
	if !c.who.canWrite(name) {
		return nil, errUnauthorized
	}
	ns, ok := c.b.namespace(name)
	if !ok {
		return nil, errors.New("namespace not found")
	}
	return ns, nil
}

// createSilence creates or silently replaces a silence. The deprecated
// props.expire is stored as an absolute expiry in seconds since 1970, so
// such a silence is gone at once, as on the real backend.
func (c *gqlCall) createSilence(in map[string]any) (payload, error) {
	ns, err := c.writableNamespace(in["namespace"].(string))
	if err != nil {
		return payload{}, err
	}
	props, _ := in["props"].(map[string]any)
	req := silenceJSON{ExpireOnResolve: props["expireOnResolve"] == true}
	req.Subscription, _ = in["subscription"].(string)
	req.Check, _ = in["check"].(string)
	req.Reason, _ = props["reason"].(string)
	req.Begin, _ = props["begin"].(int64)
	req.ExpireAt, _ = props["expireAt"].(int64)
	s, ok := newSilence(req, ns.name, c.who.user, c.now)
	if !ok {
		return payload{}, errors.New("must provide check or subscription")
	}
	if expire, ok := props["expire"].(int); ok && expire > 0 {
		s.Expire, s.ExpireAt = 0, int64(expire)
	}
	ns.silences.put(s)
	sent := *s
	sent.Expire = 0 // the payload echoes the input, which has no duration
	return payload{value: silenceNode{ns, &sent}}, nil
}

func (c *gqlCall) updateCheck(in map[string]any) (payload, error) {
	ns, def, found, err := writableItem(c, in["id"].(string), "checks", checksOf)
	switch {
	case err != nil:
		return payload{}, err
	case !found:
		return payload{}, errors.New("not found")
	}
	props, _ := in["props"].(map[string]any)
	applyCheckProps(&def.checkJSON, props)
	return payload{value: checkNode{ns, def}}, nil
}

func (c *gqlCall) createCheck(in map[string]any) (payload, error) {
	ns, err := c.writableNamespace(in["namespace"].(string))
	if err != nil {
		return payload{}, err
	}
	def := &checkDef{outcomes: []outcome{{0, ""}}}
	def.checkJSON = *normalizedCheck(checkJSON{checkTail: checkTail{Metadata: objectMeta{Name: in["name"].(string)}}}, ns.name)
	props, _ := in["props"].(map[string]any)
	applyCheckProps(&def.checkJSON, props)
	def.Metadata.CreatedBy = c.who.user
	ns.checks.put(def)
	return payload{value: checkNode{ns, def}}, nil
}

// applyCheckProps sets the fields props has; absent ones keep their value.
func applyCheckProps(c *checkJSON, props map[string]any) {
	for key, v := range props {
		switch key {
		case "command":
			c.Command, _ = v.(string)
		case "interval":
			c.Interval = uint32(intValue(v))
		case "publish":
			c.Publish = v == true
		case "subscriptions":
			c.Subscriptions = stringsArg(v)
		case "handlers":
			c.Handlers = stringsArg(v)
		case "timeout":
			c.Timeout = uint32(intValue(v))
		case "ttl":
			c.TTL = int64(intValue(v))
		case "proxyEntityName":
			c.ProxyEntityName, _ = v.(string)
		case "roundRobin":
			c.RoundRobin = v == true
		case "stdin":
			c.Stdin = v == true
		case "lowFlapThreshold":
			c.LowFlapThreshold = uint32(intValue(v))
		case "highFlapThreshold":
			c.HighFlapThreshold = uint32(intValue(v))
		}
	}
}

func intValue(v any) int {
	n, _ := v.(int)
	return max(n, 0)
}

// putSpec fills item from a wrapped spec and stores it in x, unless one of
// that name exists and upsert is false; it returns what node makes of the
// stored item, or nil when nothing was stored.
func putSpec[T keyed](x *index[keyed], item T, spec json.RawMessage, upsert bool, node func(T) any) (any, error) {
	if err := json.Unmarshal(spec, item); err != nil {
		return nil, err
	}
	if _, exists := x.get(item.key()); exists && !upsert {
		return nil, nil
	}
	x.put(item)
	return node(item), nil
}

// wrapped is a resource in sensuctl's wrapped form.
type wrapped struct {
	Type     string          `json:"type"`
	Metadata objectMeta      `json:"metadata"`
	Spec     json.RawMessage `json:"spec"`
}

// putWrapped stores a handler, event filter or mutator given in sensuctl's
// wrapped JSON. The real backend calls it deprecated but still runs it.
func (c *gqlCall) putWrapped(raw string, upsert bool) (any, error) {
	var w wrapped
	if err := json.Unmarshal([]byte(raw), &w); err != nil {
		return payload{errors: []payloadError{{"ERR_INTERNAL", "raw", err.Error()}}}, nil
	}
	ns, err := c.writableNamespace(w.Metadata.Namespace)
	if err != nil {
		return nil, err
	}
	w.Metadata.Namespace = ns.name
	var p payload
	switch w.Type {
	case "Handler":
		p.value, err = putSpec(ns.objects["handlers"], &handlerJSON{Metadata: w.Metadata}, w.Spec, upsert, func(h *handlerJSON) any { return handlerNode{ns, h} })
	case "EventFilter":
		p.value, err = putSpec(ns.objects["filters"], &filterJSON{Metadata: w.Metadata}, w.Spec, upsert, func(f *filterJSON) any { return filterNode{ns, f} })
	case "Mutator":
		p.value, err = putSpec(ns.objects["mutators"], &mutatorJSON{Metadata: w.Metadata}, w.Spec, upsert, func(m *mutatorJSON) any { return mutatorNode{ns, m} })
	default:
		err = errors.New("unsupported type " + w.Type)
	}
	switch {
	case err != nil:
		p.errors = []payloadError{{"ERR_INTERNAL", "raw", err.Error()}}
	case p.value == nil:
		p.errors = []payloadError{{"ERR_ALREADY_EXISTS", "raw", "resource already exists"}}
	}
	return p, nil
}
