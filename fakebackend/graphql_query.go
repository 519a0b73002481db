package fakebackend

import (
	"cmp"
	"slices"
	"strings"

	"github.com/graphql-go/graphql"
)

// queryTypes are the object types the root query fields return.
type queryTypes struct {
	namespace, event, entity, checkConfig, handler, mutator, eventFilter *graphql.Object
	node                                                                 *graphql.Interface
}

func nsArg() *graphql.ArgumentConfig { return &graphql.ArgumentConfig{Type: nonNullString} }

// lookup is a root field that finds one item of a kind by namespace and
// name: null, not an error, when the caller may not read the namespace or
// nothing has that name.
func lookup(t graphql.Output, kind string) *graphql.Field {
	return callField(t, graphql.FieldConfigArgument{"namespace": nsArg(), "name": nsArg()}, func(c *gqlCall, _ any, args map[string]any) (any, error) {
		ns, ok := c.readable(args["namespace"].(string))
		if !ok {
			return nil, nil
		}
		return ns.nodeOf(kind, args["name"].(string), c.now.Unix()), nil
	})
}

func queryFields(t queryTypes) graphql.Fields {
	userType := graphql.NewObject(graphql.ObjectConfig{Name: "User", Fields: graphql.Fields{
		"username":    field(nonNullString, func(u *user) any { return u.name }),
		"groups":      field(nonNullStrings, func(u *user) any { return orEmpty(u.groups) }),
		"disabled":    field(nonNullBool, func(u *user) any { return u.disabled }),
		"hasPassword": field(nonNullBool, func(u *user) any { return u.password != "" }),
	}})
	viewer := graphql.NewObject(graphql.ObjectConfig{Name: "Viewer", Fields: graphql.Fields{
		"namespaces": field(graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.namespace))), func(c *gqlCall) any {
			var out []any
			for _, ns := range c.b.namespaces {
				if c.who.canRead(ns.name, "namespaces") {
					out = append(out, ns)
				}
			}
			return orEmpty(out)
		}),
		// Users need cluster-wide rights to read, so a viewer sees null.
		"user": field(userType, func(c *gqlCall) any {
			if u, ok := c.b.users.get(c.who.user); ok && c.who.admin {
				return u
			}
			return nil
		}),
	}})
	suggestions := graphql.NewObject(graphql.ObjectConfig{Name: "SuggestionResultSet", Fields: graphql.Fields{
		"values": field(nonNullStrings, func(v []string) any { return v }),
	}})
	return graphql.Fields{
		"viewer": callField(viewer, nil, func(c *gqlCall, _ any, _ map[string]any) (any, error) {
			if c.anonymous {
				return nil, nil
			}
			return c, nil
		}),
		"namespace": callField(t.namespace, graphql.FieldConfigArgument{"name": nsArg()}, func(c *gqlCall, _ any, args map[string]any) (any, error) {
			if ns, ok := c.readable(args["name"].(string)); ok {
				return ns, nil
			}
			return nil, nil
		}),
		"event": callField(t.event, graphql.FieldConfigArgument{"namespace": nsArg(), "entity": nsArg(), "check": nsArg()}, func(c *gqlCall, _ any, args map[string]any) (any, error) {
			ns, ok := c.readable(args["namespace"].(string))
			if !ok {
				return nil, nil
			}
			return ns.nodeOf("events", eventKey(args["entity"].(string), args["check"].(string)), c.now.Unix()), nil
		}),
		"entity":      lookup(t.entity, "entities"),
		"check":       lookup(t.checkConfig, "checks"),
		"handler":     lookup(t.handler, "handlers"),
		"mutator":     lookup(t.mutator, "mutators"),
		"eventFilter": lookup(t.eventFilter, "filters"),
		"node": callField(t.node, graphql.FieldConfigArgument{"id": {Type: nonNullID}}, func(c *gqlCall, _ any, args map[string]any) (any, error) {
			return c.node(args["id"].(string)), nil
		}),
		"suggest": callField(suggestions, graphql.FieldConfigArgument{
			"namespace": nsArg(),
			"ref":       {Type: nonNullString},
			"q":         {Type: graphql.String},
			"order":     {Type: enum("SuggestionOrder", "ALPHA_ASC", "ALPHA_DESC", "FREQUENCY"), DefaultValue: "FREQUENCY"},
			"limit":     {Type: graphql.Int, DefaultValue: 10},
		}, func(c *gqlCall, _ any, args map[string]any) (any, error) {
			ns, ok := c.readable(args["namespace"].(string))
			if !ok {
				return nil, nil
			}
			q, _ := args["q"].(string)
			return suggest(ns, args["ref"].(string), q, args["order"].(string), args["limit"].(int)), nil
		}),
		"versions": field(graphql.NewNonNull(versionsType), func(any) any { return struct{}{} }),
		"health":   field(graphql.NewNonNull(healthType), func(any) any { return struct{}{} }),
	}
}

// node finds what a global ID names, if the caller may read it.
func (c *gqlCall) node(id string) any {
	p, ok := parseID(id)
	if !ok {
		return nil
	}
	if p.kind == "namespaces" {
		if ns, ok := c.readable(p.name); ok {
			return ns
		}
		return nil
	}
	ns, ok := c.readable(p.ns)
	if !ok {
		return nil
	}
	return ns.nodeOf(p.kind, p.name, c.now.Unix())
}

// nodeOf finds the item of a kind, as global IDs name kinds, or nil.
func (ns *namespace) nodeOf(kind, name string, now int64) any {
	switch kind {
	case "events":
		return ifFound(func(e *event) any { return eventNode{ns, e} })(ns.events.get(name))
	case "entities":
		return ifFound(func(e *entityJSON) any { return entityNode{ns, e} })(ns.entities.get(name))
	case "checks":
		return ifFound(func(d *checkDef) any { return checkNode{ns, d} })(ns.checks.get(name))
	case "silences":
		if s, ok := ns.silences.get(name); ok && !s.expired(now) {
			return silenceNode{ns, s}
		}
	case "handlers":
		return ifFound(func(h *handlerJSON) any { return handlerNode{ns, h} })(objectOf[*handlerJSON](ns, "handlers", name))
	case "filters":
		return ifFound(func(f *filterJSON) any { return filterNode{ns, f} })(objectOf[*filterJSON](ns, "filters", name))
	case "mutators":
		return ifFound(func(m *mutatorJSON) any { return mutatorNode{ns, m} })(objectOf[*mutatorJSON](ns, "mutators", name))
	}
	return nil
}

// ifFound turns the answer of an index lookup into a node, or nil.
func ifFound[T any](node func(T) any) func(T, bool) any {
	return func(v T, ok bool) any {
		if !ok {
			return nil
		}
		return node(v)
	}
}

// suggest lists the values of a field that contain q, as the web UI's
// filter menus ask for them; FREQUENCY puts the most used values first.
func suggest(ns *namespace, ref, q, order string, limit int) []string {
	var values []string
	switch ref {
	case "core/v2/check_config/metadata/name":
		for _, d := range ns.checks.items {
			values = append(values, d.Metadata.Name)
		}
	case "core/v2/check_config/subscriptions":
		for _, d := range ns.checks.items {
			values = append(values, d.Subscriptions...)
		}
	case "core/v2/entity/metadata/name":
		for _, e := range ns.entities.items {
			values = append(values, e.Metadata.Name)
		}
	case "core/v2/entity/subscriptions":
		for _, e := range ns.entities.items {
			values = append(values, e.Subscriptions...)
		}
	}
	count := map[string]int{}
	var found []string
	for _, v := range values {
		if strings.Contains(v, q) {
			if count[v] == 0 {
				found = append(found, v)
			}
			count[v]++
		}
	}
	switch order {
	case "ALPHA_ASC":
		slices.Sort(found)
	case "ALPHA_DESC":
		slices.Sort(found)
		slices.Reverse(found)
	default:
		slices.SortStableFunc(found, func(a, b string) int { return cmp.Compare(count[b], count[a]) })
	}
	return orEmpty(found[:min(len(found), max(limit, 0))])
}

// The answers of versions and health, as recorded; they need no login.
var (
	versionsType = graphql.NewObject(graphql.ObjectConfig{Name: "Versions", Fields: graphql.Fields{
		"etcd": field(graphql.NewObject(graphql.ObjectConfig{Name: "EtcdVersions", Fields: graphql.Fields{
			"server":  field(graphql.String, func(any) any { return "3.5.5" }),
			"cluster": field(graphql.String, func(any) any { return "3.5.0" }),
		}}), func(any) any { return struct{}{} }),
		"backend": field(graphql.NewObject(graphql.ObjectConfig{Name: "SensuBackendVersion", Fields: graphql.Fields{
			"version":   field(graphql.String, func(any) any { return "6.9.2" }),
			"buildSHA":  field(graphql.String, func(any) any { return "68bd01cd26d6c5ca9e999fb30c5c51862f3e6b63" }),
			"buildDate": field(graphql.String, func(any) any { return "2026-11-30T00:34:47Z" }),
		}}), func(any) any { return struct{}{} }),
	}})
	healthType = graphql.NewObject(graphql.ObjectConfig{Name: "ClusterHealth", Fields: graphql.Fields{
		"etcd": &graphql.Field{
			Type: graphql.NewObject(graphql.ObjectConfig{Name: "EtcdClusterHealth", Fields: graphql.Fields{
				"alarms": field(graphql.NewNonNull(graphql.NewList(graphql.NewObject(graphql.ObjectConfig{Name: "EtcdAlarmMember", Fields: graphql.Fields{
					"memberID": field(nonNullString, func(any) any { return "" }),
					"alarm":    field(nonNullString, func(any) any { return "" }),
				}}))), func(any) any { return []any{} }),
				"members": field(graphql.NewNonNull(graphql.NewList(graphql.NewObject(graphql.ObjectConfig{Name: "EtcdClusterMemberHealth", Fields: graphql.Fields{
					"memberID": field(nonNullString, func(any) any { return "13195394291058371180" }),
					"name":     field(nonNullString, func(any) any { return "default" }),
					"err":      field(nonNullString, func(any) any { return "" }),
					"healthy":  field(nonNullBool, func(any) any { return true }),
				}}))), func(any) any { return []any{struct{}{}} }),
			}}),
			Args:    graphql.FieldConfigArgument{"timeout": {Type: graphql.Int, DefaultValue: 3000}},
			Resolve: func(graphql.ResolveParams) (any, error) { return struct{}{}, nil },
		},
	}})
)
