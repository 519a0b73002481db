package fakebackend

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// The schema is the subset of Sensu Go 6.9.2's that the recordings and the
// client use, with the same type, field, argument and enum names, so that
// validation accepts and rejects the same documents. Resolvers read the
// store the REST routes serve, through the gqlCall in the context.

// The sources of object types: a store item and the namespace it is in.
type (
	eventNode struct {
		ns *namespace
		e  *event
	}
	entityNode struct {
		ns *namespace
		e  *entityJSON
	}
	checkNode struct {
		ns *namespace
		c  *checkDef
	}
	silenceNode struct {
		ns *namespace
		s  *silenceJSON
	}
	handlerNode struct {
		ns *namespace
		h  *handlerJSON
	}
	filterNode struct {
		ns *namespace
		f  *filterJSON
	}
	mutatorNode struct {
		ns *namespace
		m  *mutatorJSON
	}
)

// payloadError is one entry of a mutation payload's errors list.
type payloadError struct{ code, input, message string }

var gqlSchema = sync.OnceValue(func() graphql.Schema {
	s, err := buildSchema()
	if err != nil {
		panic("fakebackend: GraphQL schema: " + err.Error())
	}
	// An enum builds its lookup tables the first time it parses or
	// serialises a value, unguarded: build them now, before requests share
	// the schema.
	for _, t := range s.TypeMap() {
		if e, ok := t.(*graphql.Enum); ok && len(e.Values()) > 0 {
			v := e.Values()[0]
			e.ParseValue(v.Name)
			e.Serialize(v.Value)
		}
	}
	return s
})

// field builds a field whose value comes from its typed source alone.
func field[S any](t graphql.Output, get func(S) any) *graphql.Field {
	return &graphql.Field{Type: t, Resolve: func(p graphql.ResolveParams) (any, error) { return get(p.Source.(S)), nil }}
}

// callField builds a field that needs the request and its arguments.
func callField[S any](t graphql.Output, args graphql.FieldConfigArgument, get func(c *gqlCall, src S, args map[string]any) (any, error)) *graphql.Field {
	return &graphql.Field{Type: t, Args: args, Resolve: func(p graphql.ResolveParams) (any, error) {
		src, _ := p.Source.(S)
		return get(callOf(p.Context), src, p.Args)
	}}
}

var (
	nonNullString  = graphql.NewNonNull(graphql.String)
	nonNullInt     = graphql.NewNonNull(graphql.Int)
	nonNullBool    = graphql.NewNonNull(graphql.Boolean)
	nonNullID      = graphql.NewNonNull(graphql.ID)
	nonNullStrings = graphql.NewNonNull(graphql.NewList(nonNullString))
)

// dateTime is Sensu's DateTime: RFC 3339 in UTC, and null for a zero time.
// Stored times are Unix seconds.
var dateTime = graphql.NewScalar(graphql.ScalarConfig{
	Name: "DateTime",
	Serialize: func(v any) any {
		if t, ok := v.(int64); ok && t != 0 {
			return time.Unix(t, 0).UTC().Format(time.RFC3339)
		}
		return nil
	},
	ParseValue: func(v any) any {
		if s, ok := v.(string); ok {
			return parseDateTime(s)
		}
		return nil
	},
	ParseLiteral: func(v ast.Value) any {
		if s, ok := v.(*ast.StringValue); ok {
			return parseDateTime(s.Value)
		}
		return nil
	},
})

func parseDateTime(s string) any {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil
	}
	return t.Unix()
}

func enum(name string, values ...string) *graphql.Enum {
	m := graphql.EnumValueConfigMap{}
	for _, v := range values {
		m[v] = &graphql.EnumValueConfig{Value: v}
	}
	return graphql.NewEnum(graphql.EnumConfig{Name: name, Values: m})
}

// Global IDs, as Sensu spells them.
func globalID(kind, ns, name string) string { return "srn:" + kind + ":" + ns + ":" + name }

func eventID(ns, entity, check string) string {
	pair, _ := json.Marshal([]string{entity, check})
	return globalID("events", ns, "check/"+base64.StdEncoding.EncodeToString(pair))
}

// parsedID is a global ID taken apart; for events, name is "entity/check".
type parsedID struct{ kind, ns, name string }

func parseID(id string) (parsedID, bool) {
	parts := strings.SplitN(id, ":", 4)
	if len(parts) < 3 || parts[0] != "srn" {
		return parsedID{}, false
	}
	if parts[1] == "namespaces" {
		return parsedID{kind: parts[1], name: strings.Join(parts[2:], ":")}, true
	}
	if len(parts) != 4 {
		return parsedID{}, false
	}
	p := parsedID{kind: parts[1], ns: parts[2], name: parts[3]}
	if p.kind == "events" {
		encoded, ok := strings.CutPrefix(p.name, "check/")
		raw, err := base64.StdEncoding.DecodeString(encoded)
		var pair []string
		if !ok || err != nil || json.Unmarshal(raw, &pair) != nil || len(pair) != 2 {
			return parsedID{}, false
		}
		p.name = eventKey(pair[0], pair[1])
	}
	return p, true
}

// readable returns namespace name when the caller may read it.
func (c *gqlCall) readable(name string) (*namespace, bool) {
	if c.anonymous || !c.who.canRead(name, "namespaces") {
		return nil, false
	}
	return c.b.namespace(name)
}

// kvPairs lists a label or annotation map as Sensu's [{key, val}], by key.
func kvPairs(m map[string]string) []any {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = [2]string{k, m[k]}
	}
	return out
}

// coveredBy lists the active silences that cover the event.
func (ns *namespace) coveredBy(e *event, now int64) []any {
	var out []any
	for _, s := range ns.silences.items {
		if s.active(now) && s.silences(e.entity.Subscriptions, e.entity.Metadata.Name, e.check.Metadata.Name) {
			out = append(out, silenceNode{ns, s})
		}
	}
	return orEmpty(out)
}

func orEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// handlerList resolves handler names to the handlers that exist.
func (ns *namespace) handlerList(names []string) []any {
	out := []any{}
	for _, name := range names {
		if h, ok := objectOf[*handlerJSON](ns, "handlers", name); ok {
			out = append(out, handlerNode{ns, h})
		}
	}
	return out
}

func buildSchema() (graphql.Schema, error) {
	kvPair := graphql.NewObject(graphql.ObjectConfig{Name: "KVPairString", Fields: graphql.Fields{
		"key": field(nonNullString, func(p [2]string) any { return p[0] }),
		"val": field(nonNullString, func(p [2]string) any { return p[1] }),
	}})
	metaType := graphql.NewObject(graphql.ObjectConfig{Name: "ObjectMeta", Fields: graphql.Fields{
		"name":        field(nonNullString, func(m objectMeta) any { return m.Name }),
		"namespace":   field(nonNullString, func(m objectMeta) any { return m.Namespace }),
		"labels":      field(graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(kvPair))), func(m objectMeta) any { return kvPairs(m.Labels) }),
		"annotations": field(graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(kvPair))), func(m objectMeta) any { return kvPairs(m.Annotations) }),
		"createdBy":   field(nonNullString, func(m objectMeta) any { return m.CreatedBy }),
	}})
	pageInfoType := graphql.NewObject(graphql.ObjectConfig{Name: "OffsetPageInfo", Fields: graphql.Fields{
		"hasNextPage":     field(nonNullBool, func(p pageInfo) any { return p.hasNext() }),
		"hasPreviousPage": field(nonNullBool, func(p pageInfo) any { return p.hasPrevious() }),
		"nextOffset":      field(nonNullInt, func(p pageInfo) any { return p.nextOffset() }),
		"previousOffset":  field(nonNullInt, func(p pageInfo) any { return p.previousOffset() }),
		"totalCount":      field(nonNullInt, func(p pageInfo) any { return p.total }),
		"partialCount":    field(nonNullBool, func(p pageInfo) any { return p.partial }),
	}})
	connectionOf := func(name string, node graphql.Output) *graphql.Object {
		return graphql.NewObject(graphql.ObjectConfig{Name: name, Fields: graphql.Fields{
			"nodes":    field(graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(node))), func(c connection) any { return orEmpty(c.nodes) }),
			"pageInfo": field(graphql.NewNonNull(pageInfoType), func(c connection) any { return c.info }),
		}})
	}

	node := graphql.NewInterface(graphql.InterfaceConfig{Name: "Node", Fields: graphql.Fields{"id": &graphql.Field{Type: nonNullID}}})
	nodeTypes := map[string]*graphql.Object{}
	node.ResolveType = func(p graphql.ResolveTypeParams) *graphql.Object {
		switch p.Value.(type) {
		case eventNode:
			return nodeTypes["Event"]
		case entityNode:
			return nodeTypes["Entity"]
		case checkNode:
			return nodeTypes["CheckConfig"]
		case silenceNode:
			return nodeTypes["Silenced"]
		case handlerNode:
			return nodeTypes["Handler"]
		case filterNode:
			return nodeTypes["EventFilter"]
		case mutatorNode:
			return nodeTypes["Mutator"]
		case *namespace:
			return nodeTypes["Namespace"]
		}
		return nil
	}
	object := func(name string, fields graphql.Fields) *graphql.Object {
		o := graphql.NewObject(graphql.ObjectConfig{Name: name, Interfaces: []*graphql.Interface{node}, Fields: fields})
		nodeTypes[name] = o
		return o
	}

	mutator := object("Mutator", resourceFields("mutators", metaType, func(n mutatorNode) (*namespace, objectMeta) { return n.ns, n.m.Metadata }, graphql.Fields{
		"command": field(nonNullString, func(n mutatorNode) any { return n.m.Command }),
		"timeout": field(graphql.Int, func(n mutatorNode) any { return int(n.m.Timeout) }),
	}))
	handler := object("Handler", resourceFields("handlers", metaType, func(n handlerNode) (*namespace, objectMeta) { return n.ns, n.h.Metadata }, graphql.Fields{
		"type":    field(nonNullString, func(n handlerNode) any { return n.h.Type }),
		"command": field(graphql.String, func(n handlerNode) any { return n.h.Command }),
		"timeout": field(graphql.Int, func(n handlerNode) any { return int(n.h.Timeout) }),
		"filters": field(graphql.NewNonNull(graphql.NewList(graphql.String)), func(n handlerNode) any { return orEmpty(n.h.Filters) }),
		"mutator": field(mutator, func(n handlerNode) any {
			if m, ok := objectOf[*mutatorJSON](n.ns, "mutators", n.h.Mutator); ok {
				return mutatorNode{n.ns, m}
			}
			return nil
		}),
	}))
	handler.AddFieldConfig("handlers", field(graphql.NewNonNull(graphql.NewList(handler)), func(n handlerNode) any { return n.ns.handlerList(n.h.Handlers) }))
	eventFilter := object("EventFilter", resourceFields("filters", metaType, func(n filterNode) (*namespace, objectMeta) { return n.ns, n.f.Metadata }, graphql.Fields{
		"action":      field(graphql.NewNonNull(enumOfStored("EventFilterAction", "allow", "deny")), func(n filterNode) any { return n.f.Action }),
		"expressions": field(nonNullStrings, func(n filterNode) any { return orEmpty(n.f.Expressions) }),
	}))

	checkConfig := object("CheckConfig", resourceFields("checks", metaType, func(n checkNode) (*namespace, objectMeta) { return n.ns, n.c.Metadata }, checkSpecFields(handler, func(src any) (*namespace, *checkJSON) {
		n := src.(checkNode)
		return n.ns, &n.c.checkJSON
	})))

	silenced := object("Silenced", resourceFields("silences", metaType, func(n silenceNode) (*namespace, objectMeta) { return n.ns, n.s.Metadata }, graphql.Fields{
		"subscription":    field(graphql.String, func(n silenceNode) any { return n.s.Subscription }),
		"reason":          field(graphql.String, func(n silenceNode) any { return n.s.Reason }),
		"creator":         field(nonNullString, func(n silenceNode) any { return n.s.Creator }),
		"begin":           field(dateTime, func(n silenceNode) any { return n.s.Begin }),
		"expire":          field(nonNullInt, func(n silenceNode) any { return int(n.s.Expire) }),
		"expireAt":        field(dateTime, func(n silenceNode) any { return n.s.ExpireAt }),
		"expires":         field(dateTime, func(n silenceNode) any { return n.s.ExpireAt }),
		"expireOnResolve": field(nonNullBool, func(n silenceNode) any { return n.s.ExpireOnResolve }),
		"check": field(checkConfig, func(n silenceNode) any {
			if def, ok := n.ns.checks.get(n.s.Check); ok {
				return checkNode{n.ns, def}
			}
			return nil
		}),
	}))
	silencedList := graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(silenced)))
	checkConfig.AddFieldConfig("silences", callField(silencedList, nil, func(c *gqlCall, n checkNode, _ map[string]any) (any, error) {
		return orEmpty(checkSilences(n.ns, n.c.Metadata.Name, c.now.Unix())), nil
	}))
	checkConfig.AddFieldConfig("isSilenced", callField(nonNullBool, nil, func(c *gqlCall, n checkNode, _ map[string]any) (any, error) {
		return len(checkSilences(n.ns, n.c.Metadata.Name, c.now.Unix())) > 0, nil
	}))

	system := graphql.NewObject(graphql.ObjectConfig{Name: "System", Fields: graphql.Fields{
		"hostname":        field(nonNullString, func(s systemJSON) any { return s.Hostname }),
		"os":              field(nonNullString, func(s systemJSON) any { return s.OS }),
		"platform":        field(nonNullString, func(s systemJSON) any { return s.Platform }),
		"platformFamily":  field(nonNullString, func(s systemJSON) any { return s.PlatformFamily }),
		"platformVersion": field(nonNullString, func(s systemJSON) any { return s.PlatformVersion }),
		"arch":            field(nonNullString, func(s systemJSON) any { return s.Arch }),
	}})
	history := graphql.NewObject(graphql.ObjectConfig{Name: "CheckHistory", Fields: graphql.Fields{
		"status":   field(nonNullInt, func(h historyJSON) any { return int(h.Status) }),
		"executed": field(dateTime, func(h historyJSON) any { return h.Executed }),
	}})

	// Check is the check inside an event: its spec plus the last result.
	checkFields := checkSpecFields(handler, func(src any) (*namespace, *checkJSON) {
		n := src.(eventNode)
		return n.ns, n.e.check
	})
	resultFields := graphql.Fields{
		"nodeId":               field(nonNullID, func(n eventNode) any { return globalID("checks", n.ns.name, n.e.check.Metadata.Name) }),
		"metadata":             field(graphql.NewNonNull(metaType), func(n eventNode) any { return n.e.check.Metadata }),
		"status":               field(nonNullInt, func(n eventNode) any { return int(n.e.status) }),
		"state":                field(graphql.String, func(n eventNode) any { return n.e.state }),
		"output":               field(nonNullString, func(n eventNode) any { return n.e.output }),
		"executed":             field(dateTime, func(n eventNode) any { return n.e.executed }),
		"issued":               field(dateTime, func(n eventNode) any { return n.e.issued }),
		"duration":             field(graphql.Float, func(n eventNode) any { return n.e.duration }),
		"lastOK":               field(dateTime, func(n eventNode) any { return n.e.lastOK }),
		"occurrences":          field(nonNullInt, func(n eventNode) any { return int(n.e.occurrences) }),
		"occurrencesWatermark": field(nonNullInt, func(n eventNode) any { return int(n.e.watermark) }),
		"totalStateChange":     field(graphql.Int, func(n eventNode) any { return int(n.e.stateChange) }),
		"history":              field(graphql.NewNonNull(graphql.NewList(history)), func(n eventNode) any { return orEmpty(n.e.history) }),
		"silenced": callField(graphql.NewNonNull(graphql.NewList(graphql.String)), nil, func(c *gqlCall, n eventNode, _ map[string]any) (any, error) {
			return orEmpty(n.ns.silencedBy(n.e, c.now.Unix())), nil
		}),
		"isSilenced": callField(nonNullBool, nil, func(c *gqlCall, n eventNode, _ map[string]any) (any, error) {
			return len(n.ns.silencedBy(n.e, c.now.Unix())) > 0, nil
		}),
	}
	for name, f := range resultFields {
		checkFields[name] = f
	}
	check := graphql.NewObject(graphql.ObjectConfig{Name: "Check", Fields: checkFields})

	eventsListOrder := enum("EventsListOrder", orderEntity, orderEntityDesc, orderLastOK, orderNewest, orderOldest, orderSeverity)
	entity := object("Entity", resourceFields("entities", metaType, func(n entityNode) (*namespace, objectMeta) { return n.ns, n.e.Metadata }, graphql.Fields{
		"entityClass":       field(nonNullString, func(n entityNode) any { return n.e.EntityClass }),
		"system":            field(graphql.NewNonNull(system), func(n entityNode) any { return n.e.System }),
		"subscriptions":     field(nonNullStrings, func(n entityNode) any { return orEmpty(n.e.Subscriptions) }),
		"lastSeen":          field(dateTime, func(n entityNode) any { return n.e.LastSeen }),
		"user":              field(graphql.String, func(n entityNode) any { return n.e.User }),
		"sensuAgentVersion": field(nonNullString, func(n entityNode) any { return n.e.SensuAgentVersion }),
		"status": field(nonNullInt, func(n entityNode) any {
			worst := uint32(0)
			for _, e := range n.ns.entityEvents(n.e.Metadata.Name) {
				worst = max(worst, e.status)
			}
			return int(worst)
		}),
		"silences": callField(silencedList, nil, func(c *gqlCall, n entityNode, _ map[string]any) (any, error) {
			return orEmpty(entitySilences(n.ns, n.e, c.now.Unix())), nil
		}),
		"isSilenced": callField(nonNullBool, nil, func(c *gqlCall, n entityNode, _ map[string]any) (any, error) {
			return len(entitySilences(n.ns, n.e, c.now.Unix())) > 0, nil
		}),
	}))

	eventType := object("Event", graphql.Fields{
		"id":           field(nonNullID, func(n eventNode) any { return eventID(n.ns.name, n.e.entity.Metadata.Name, n.e.check.Metadata.Name) }),
		"namespace":    field(nonNullString, func(n eventNode) any { return n.ns.name }),
		"timestamp":    field(graphql.NewNonNull(dateTime), func(n eventNode) any { return n.e.timestamp }),
		"entity":       field(entity, func(n eventNode) any { return entityNode{n.ns, n.e.entity} }),
		"check":        field(check, func(n eventNode) any { return n }),
		"isIncident":   field(nonNullBool, func(n eventNode) any { return n.e.status != 0 }),
		"isResolution": field(nonNullBool, func(n eventNode) any { return n.e.status == 0 && previousStatus(n.e) != 0 }),
		// On a stored event the last history entry is its own result, so
		// the "previous" status is the current one, as on the real backend.
		"isNewIncident": field(nonNullBool, func(n eventNode) any { return n.e.status != 0 && previousStatus(n.e) == 0 }),
		"wasSilenced":   field(nonNullBool, func(eventNode) any { return false }),
		"isSilenced": callField(nonNullBool, nil, func(c *gqlCall, n eventNode, _ map[string]any) (any, error) {
			return len(n.ns.silencedBy(n.e, c.now.Unix())) > 0, nil
		}),
		"silences": callField(silencedList, nil, func(c *gqlCall, n eventNode, _ map[string]any) (any, error) {
			return n.ns.coveredBy(n.e, c.now.Unix()), nil
		}),
		// The real backend cannot serialise this field: every read fails.
		"silenced": &graphql.Field{Type: graphql.NewList(graphql.String), Resolve: func(graphql.ResolveParams) (any, error) {
			return nil, errors.New("unable to coerce value for field 'silenced'")
		}},
	})
	entity.AddFieldConfig("events", callField(graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(eventType))), graphql.FieldConfigArgument{
		"orderBy": {Type: eventsListOrder, DefaultValue: orderSeverity},
		"filters": {Type: graphql.NewList(nonNullString), DefaultValue: []any{}},
	}, func(c *gqlCall, n entityNode, args map[string]any) (any, error) {
		a := listArgsOf(args)
		a.limit = len(n.ns.events.items)
		conn, err := listPage(n.ns.entityEvents(n.e.Metadata.Name), a, eventFilterKeys(n.ns, c.now.Unix()), eventOrder(a.order), func(e *event) any { return eventNode{n.ns, e} })
		return orEmpty(conn.nodes), err
	}))

	listField := func(conn *graphql.Object, order *graphql.Enum, defaultOrder string, list func(c *gqlCall, ns *namespace, a listArgs) (connection, error)) *graphql.Field {
		return callField(graphql.NewNonNull(conn), graphql.FieldConfigArgument{
			"offset":  {Type: graphql.Int, DefaultValue: 0},
			"limit":   {Type: graphql.Int, DefaultValue: 10},
			"orderBy": {Type: order, DefaultValue: defaultOrder},
			"filters": {Type: graphql.NewList(nonNullString), DefaultValue: []any{}},
		}, func(c *gqlCall, ns *namespace, args map[string]any) (any, error) {
			return list(c, ns, listArgsOf(args))
		})
	}
	eventsField := listField(connectionOf("EventConnection", eventType), eventsListOrder, orderSeverity, (*gqlCall).events)
	eventsField.Args["filter"] = &graphql.ArgumentConfig{Type: graphql.String} // deprecated, ignored
	namespaceType := object("Namespace", graphql.Fields{
		"id":           field(nonNullID, func(ns *namespace) any { return "srn:namespaces:" + ns.name }),
		"name":         field(nonNullString, func(ns *namespace) any { return ns.name }),
		"events":       eventsField,
		"entities":     listField(connectionOf("EntityConnection", entity), enum("EntityListOrder", "ID", "ID_DESC", "LASTSEEN"), "ID", (*gqlCall).entities),
		"checks":       listField(connectionOf("CheckConfigConnection", checkConfig), enum("CheckListOrder", "NAME", "NAME_DESC"), "NAME_DESC", (*gqlCall).checks),
		"silences":     listField(connectionOf("SilencedConnection", silenced), enum("SilencesListOrder", "ID", "ID_DESC", "BEGIN", "BEGIN_DESC"), "ID", (*gqlCall).silences),
		"handlers":     listField(connectionOf("HandlerConnection", handler), enum("HandlerListOrder", "NAME", "NAME_DESC"), "NAME_DESC", (*gqlCall).handlers),
		"eventFilters": listField(connectionOf("EventFilterConnection", eventFilter), enum("EventFilterListOrder", "NAME", "NAME_DESC"), "NAME_DESC", (*gqlCall).eventFilters),
		"mutators":     listField(connectionOf("MutatorConnection", mutator), enum("MutatorListOrder", "NAME", "NAME_DESC"), "NAME_DESC", (*gqlCall).mutators),
	})

	query := graphql.NewObject(graphql.ObjectConfig{Name: "Query", Fields: queryFields(queryTypes{
		namespace: namespaceType, event: eventType, entity: entity, checkConfig: checkConfig,
		handler: handler, mutator: mutator, eventFilter: eventFilter, node: node,
	})})
	mutations, types := mutationFields(mutationTypes{event: eventType, checkConfig: checkConfig, silenced: silenced, node: node})
	mutation := graphql.NewObject(graphql.ObjectConfig{Name: "Mutation", Fields: mutations})
	for _, t := range nodeTypes {
		types = append(types, t)
	}
	return graphql.NewSchema(graphql.SchemaConfig{Query: query, Mutation: mutation, Types: types})
}

// resourceFields adds the fields every namespaced resource has to fields;
// meta finds the resource's namespace and metadata in the source.
func resourceFields[S any](kind string, metaType *graphql.Object, meta func(S) (*namespace, objectMeta), fields graphql.Fields) graphql.Fields {
	fields["id"] = field(nonNullID, func(src S) any {
		ns, m := meta(src)
		return globalID(kind, ns.name, m.Name)
	})
	fields["namespace"] = field(nonNullString, func(src S) any {
		ns, _ := meta(src)
		return ns.name
	})
	fields["name"] = field(nonNullString, func(src S) any {
		_, m := meta(src)
		return m.Name
	})
	fields["metadata"] = field(graphql.NewNonNull(metaType), func(src S) any {
		_, m := meta(src)
		return m
	})
	return fields
}

// enumOfStored is an enum whose stored values are the lower-case names.
func enumOfStored(name string, stored ...string) *graphql.Enum {
	m := graphql.EnumValueConfigMap{}
	for _, v := range stored {
		m[strings.ToUpper(v)] = &graphql.EnumValueConfig{Value: v}
	}
	return graphql.NewEnum(graphql.EnumConfig{Name: name, Values: m})
}

// checkSpecFields are the fields a check definition and the check inside an
// event share; spec finds them in the field's source.
func checkSpecFields(handler *graphql.Object, spec func(src any) (*namespace, *checkJSON)) graphql.Fields {
	get := func(t graphql.Output, f func(*checkJSON) any) *graphql.Field {
		return &graphql.Field{Type: t, Resolve: func(p graphql.ResolveParams) (any, error) {
			_, c := spec(p.Source)
			return f(c), nil
		}}
	}
	return graphql.Fields{
		"name":              get(nonNullString, func(c *checkJSON) any { return c.Metadata.Name }),
		"command":           get(graphql.String, func(c *checkJSON) any { return c.Command }),
		"interval":          get(nonNullInt, func(c *checkJSON) any { return int(c.Interval) }),
		"cron":              get(graphql.String, func(*checkJSON) any { return "" }), // the fake schedules by interval only
		"publish":           get(nonNullBool, func(c *checkJSON) any { return c.Publish }),
		"subscriptions":     get(nonNullStrings, func(c *checkJSON) any { return orEmpty(c.Subscriptions) }),
		"timeout":           get(nonNullInt, func(c *checkJSON) any { return int(c.Timeout) }),
		"ttl":               get(nonNullInt, func(c *checkJSON) any { return int(c.TTL) }),
		"proxyEntityName":   get(graphql.String, func(c *checkJSON) any { return c.ProxyEntityName }),
		"roundRobin":        get(nonNullBool, func(c *checkJSON) any { return c.RoundRobin }),
		"stdin":             get(nonNullBool, func(c *checkJSON) any { return c.Stdin }),
		"highFlapThreshold": get(graphql.Int, func(c *checkJSON) any { return int(c.HighFlapThreshold) }),
		"lowFlapThreshold":  get(graphql.Int, func(c *checkJSON) any { return int(c.LowFlapThreshold) }),
		"handlers": &graphql.Field{
			Type: graphql.NewNonNull(graphql.NewList(handler)),
			Resolve: func(p graphql.ResolveParams) (any, error) {
				ns, c := spec(p.Source)
				return ns.handlerList(c.Handlers), nil
			},
		},
	}
}

// previousStatus is the status of the last history entry, or 0.
func previousStatus(e *event) uint32 {
	if n := len(e.history); n > 0 {
		return e.history[n-1].Status
	}
	return 0
}

// entityEvents is the run of events whose key starts with "entity/".
func (ns *namespace) entityEvents(entity string) []*event {
	prefix := entity + "/"
	lo, hi := ns.events.from(prefix), ns.events.from(entity+"0") // '0' follows '/'
	return ns.events.items[lo:hi]
}

// checkSilences lists the active silences that name the check or any check.
func checkSilences(ns *namespace, check string, now int64) []any {
	var out []any
	for _, s := range ns.silences.items {
		if s.active(now) && (s.Check == check || s.Check == "*" || s.Check == "" && s.Subscription == "*") {
			out = append(out, silenceNode{ns, s})
		}
	}
	return out
}

// entitySilences lists the active silences of the entity's own
// subscription entity:NAME, for any check.
func entitySilences(ns *namespace, e *entityJSON, now int64) []any {
	var out []any
	for _, s := range ns.silences.items {
		if s.active(now) && (s.Check == "" || s.Check == "*") && s.silences(e.Subscriptions, e.Metadata.Name, "") {
			out = append(out, silenceNode{ns, s})
		}
	}
	return out
}
