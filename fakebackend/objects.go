package fakebackend

import "net/http"

// Simple resources are the pipeline's configuration and RBAC. Each is
// stored as its wire form, in an index per kind, per namespace or for the
// whole cluster, and served by the same few handlers whatever its kind.
// REST and GraphQL read and write the same indexes: a handler deleted
// through one is gone from the other.

// namespacedKinds are the simple kinds that live in a namespace, by their
// path segment, which is also their RBAC resource name.
var namespacedKinds = []string{"assets", "filters", "handlers", "hooks", "mutators", "pipelines", "rolebindings", "roles"}

// clusterKinds are the simple kinds that are cluster-wide.
var clusterKinds = []string{"clusterrolebindings", "clusterroles"}

// objects holds the simple resources of one scope, by kind.
type objects map[string]*index[keyed]

func newObjects(kinds []string) objects {
	o := make(objects, len(kinds))
	for _, k := range kinds {
		o[k] = &index[keyed]{}
	}
	return o
}

// objectOf finds the simple resource of kind named name in ns.
func objectOf[T keyed](ns *namespace, kind, name string) (T, bool) {
	v, ok := ns.objects[kind].get(name)
	t, isT := v.(T)
	return t, ok && isT
}

// objectsOf lists the simple resources of kind in ns, in key order.
func objectsOf[T keyed](ns *namespace, kind string) []T {
	items := ns.objects[kind].items
	out := make([]T, len(items))
	for i, v := range items {
		out[i] = v.(T)
	}
	return out
}

// stored is a simple resource that REST may also create and replace: its
// metadata is named after the URL.
type stored interface {
	keyed
	meta() *objectMeta
}

// writableKinds are the namespaced kinds that REST creates, replaces and
// deletes as well as reads, as GraphQL does, each with a maker of an empty
// one.
var writableKinds = map[string]func() stored{
	"filters":  func() stored { return &filterJSON{} },
	"handlers": func() stored { return &handlerJSON{} },
	"mutators": func() stored { return &mutatorJSON{} },
}

func (h *handlerJSON) meta() *objectMeta { return &h.Metadata }
func (f *filterJSON) meta() *objectMeta  { return &f.Metadata }
func (m *mutatorJSON) meta() *objectMeta { return &m.Metadata }

func (h *handlerJSON) key() string  { return h.Metadata.Name }
func (f *filterJSON) key() string   { return f.Metadata.Name }
func (m *mutatorJSON) key() string  { return m.Metadata.Name }
func (a *assetJSON) key() string    { return a.Metadata.Name }
func (h *hookJSON) key() string     { return h.Metadata.Name }
func (p *pipelineJSON) key() string { return p.Metadata.Name }
func (r *roleJSON) key() string     { return r.Metadata.Name }
func (r *bindingJSON) key() string  { return r.Metadata.Name }

// objectList lists a namespaced simple kind, in {ns} or across namespaces.
func objectList(kind string) listKind {
	return listKind{tokens: keyTokens, segment: func(ns *namespace, prefix string, _ int64) segment {
		return segmentOf(prefix, ns.objects[kind], asAny[keyed])
	}}
}

// listClusterObjects answers the list of a cluster-wide simple kind.
func listClusterObjects(kind string) handler {
	return func(b *Backend, c *call) {
		b.serveList(c, parsePage(c.r, keyTokens), keyTokens, func() []segment {
			return []segment{segmentOf("", b.cluster[kind], asAny[keyed])}
		})
	}
}

// getObject answers GET of one simple resource, in {ns} when the route
// has one, else cluster-wide.
func getObject(kind string) handler {
	return func(b *Backend, c *call) {
		b.serveOne(c, "not found", func() (any, bool) {
			scope := b.cluster
			if _, namespaced := c.params["ns"]; namespaced {
				ns, ok := b.namespace(c.ns())
				if !ok {
					return nil, false
				}
				scope = ns.objects
			}
			return scope[kind].get(c.params["name"])
		})
	}
}

// putObject answers PUT of one writable simple resource: the body creates
// or replaces it; 201 with an empty body, as for a check.
func putObject(kind string, fresh func() stored) handler {
	return func(b *Backend, c *call) {
		v := fresh()
		if !decodeNamed(c, v, v.meta(), c.params["name"]) {
			return
		}
		v.meta().CreatedBy = c.who.user
		b.changeIn(c, func(ns *namespace) {
			ns.objects[kind].put(v)
			writeEmpty(c.w, http.StatusCreated, contentJSON)
		})
	}
}

// deleteObject answers DELETE of one writable simple resource.
func deleteObject(kind string) handler {
	return func(b *Backend, c *call) {
		b.serveDelete(c, func() bool {
			ns, ok := b.namespace(c.ns())
			return ok && ns.objects[kind].remove(c.params["name"])
		})
	}
}

// objectRoutes are the routes of every simple kind: a namespaced kind is
// listed in a namespace or across them, and the writable ones are also
// put and deleted; a cluster-wide one needs cluster rights.
func objectRoutes() []route {
	var out []route
	for _, k := range namespacedKinds {
		one := map[string]handler{http.MethodGet: getObject(k)}
		if fresh, ok := writableKinds[k]; ok {
			one[http.MethodPut], one[http.MethodDelete] = putObject(k, fresh), deleteObject(k)
		}
		out = append(out,
			newRoute("namespaces/{ns}/"+k, inNamespace, map[string]handler{http.MethodGet: listIn(objectList(k))}),
			newRoute("namespaces/{ns}/"+k+"/{name}", inNamespace, one),
			newRoute(k, allNamespaces, map[string]handler{http.MethodGet: listAcross(objectList(k))}),
		)
	}
	for _, k := range clusterKinds {
		out = append(out,
			newRoute(k, clusterAdmin, map[string]handler{http.MethodGet: listClusterObjects(k)}),
			newRoute(k+"/{name}", clusterAdmin, map[string]handler{http.MethodGet: getObject(k)}),
		)
	}
	return out
}
