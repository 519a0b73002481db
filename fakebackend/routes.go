package fakebackend

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// scope says which rights a route needs.
type scope int

const (
	inNamespace   scope = iota // reading needs read access to {ns}, anything else write access
	allNamespaces              // cross-namespace lists need cluster-wide rights
	clusterAdmin               // API keys, users, cluster roles and the cluster need cluster-wide rights
	ownUser                    // a user may read itself; anyone else needs cluster-wide rights
	anyone                     // the handler shows only what the caller may see
)

type handler func(*Backend, *call)

type route struct {
	parts    []string
	scope    scope
	resource string // what RBAC calls it: "events", "handlers", ...
	methods  map[string]handler
}

// call is one authenticated /api request.
type call struct {
	w      http.ResponseWriter
	r      *http.Request
	who    principal
	params map[string]string
	now    time.Time
}

func (c *call) ns() string { return c.params["ns"] }

// decode reads a JSON body.
func (c *call) decode(v any) error {
	return json.NewDecoder(http.MaxBytesReader(c.w, c.r.Body, 16<<20)).Decode(v)
}

func newRoute(path string, s scope, methods map[string]handler) route {
	parts := strings.Split(path, "/")
	resource := parts[0]
	if resource == "namespaces" && len(parts) > 2 {
		resource = parts[2]
	}
	return route{parts: parts, scope: s, resource: resource, methods: methods}
}

// routes are the /api/core/v2/ paths the fake knows; anything else is the
// router's 404.
var routes = append([]route{
	newRoute("namespaces", anyone, map[string]handler{http.MethodGet: (*Backend).listNamespaces}),
	newRoute("namespaces/{ns}", inNamespace, map[string]handler{http.MethodGet: (*Backend).getNamespace}),
	newRoute("namespaces/{ns}/events", inNamespace, map[string]handler{
		http.MethodGet:  listIn(eventList),
		http.MethodPost: (*Backend).putEvent,
	}),
	newRoute("namespaces/{ns}/events/{entity}", inNamespace, map[string]handler{http.MethodGet: (*Backend).listEntityEvents}),
	newRoute("namespaces/{ns}/events/{entity}/{check}", inNamespace, map[string]handler{
		http.MethodGet:    (*Backend).getEvent,
		http.MethodPut:    (*Backend).putEvent,
		http.MethodPost:   (*Backend).putEvent,
		http.MethodDelete: (*Backend).deleteEvent,
	}),
	newRoute("namespaces/{ns}/checks", inNamespace, map[string]handler{http.MethodGet: listIn(checkList)}),
	newRoute("namespaces/{ns}/checks/{check}", inNamespace, map[string]handler{
		http.MethodGet:    (*Backend).getCheck,
		http.MethodPut:    (*Backend).putCheck,
		http.MethodDelete: (*Backend).deleteCheck,
	}),
	newRoute("namespaces/{ns}/checks/{check}/execute", inNamespace, map[string]handler{http.MethodPost: (*Backend).executeCheck}),
	newRoute("namespaces/{ns}/entities", inNamespace, map[string]handler{http.MethodGet: listIn(entityList)}),
	newRoute("namespaces/{ns}/entities/{entity}", inNamespace, map[string]handler{
		http.MethodGet:    (*Backend).getEntity,
		http.MethodPut:    (*Backend).putEntity,
		http.MethodDelete: (*Backend).deleteEntity,
	}),
	newRoute("namespaces/{ns}/silenced", inNamespace, map[string]handler{
		http.MethodGet:  listIn(silenceList),
		http.MethodPost: (*Backend).createSilence,
	}),
	newRoute("namespaces/{ns}/silenced/checks/{check}", inNamespace, map[string]handler{http.MethodGet: (*Backend).listSilencedByCheck}),
	newRoute("namespaces/{ns}/silenced/subscriptions/{subscription}", inNamespace, map[string]handler{http.MethodGet: (*Backend).listSilencedBySubscription}),
	newRoute("namespaces/{ns}/silenced/{silence}", inNamespace, map[string]handler{
		http.MethodGet:    (*Backend).getSilence,
		http.MethodPut:    (*Backend).putSilence,
		http.MethodDelete: (*Backend).deleteSilence,
	}),
	newRoute("events", allNamespaces, map[string]handler{http.MethodGet: listAcross(eventList)}),
	newRoute("checks", allNamespaces, map[string]handler{http.MethodGet: listAcross(checkList)}),
	newRoute("entities", allNamespaces, map[string]handler{http.MethodGet: listAcross(entityList)}),
	newRoute("silenced", allNamespaces, map[string]handler{http.MethodGet: listAcross(silenceList)}),
	newRoute("apikeys", clusterAdmin, map[string]handler{
		http.MethodGet:  (*Backend).listAPIKeys,
		http.MethodPost: (*Backend).createAPIKey,
	}),
	newRoute("apikeys/{key}", clusterAdmin, map[string]handler{
		http.MethodGet:    (*Backend).getAPIKey,
		http.MethodDelete: (*Backend).deleteAPIKey,
	}),
	newRoute("users", clusterAdmin, map[string]handler{http.MethodGet: (*Backend).listUsers}),
	newRoute("users/{user}", ownUser, map[string]handler{http.MethodGet: (*Backend).getUser}),
	newRoute("cluster/members", clusterAdmin, map[string]handler{http.MethodGet: (*Backend).clusterMembers}),
	newRoute("cluster/id", clusterAdmin, map[string]handler{http.MethodGet: (*Backend).clusterID}),
}, objectRoutes()...)

// match finds the route of an escaped path below /api/core/v2/. Segments are
// unescaped one by one, so %2A in a silence name works like *.
func match(escaped string) (route, map[string]string, bool) {
	segs := strings.Split(escaped, "/")
	for i, s := range segs {
		u, err := url.PathUnescape(s)
		if err != nil {
			return route{}, nil, false
		}
		segs[i] = u
	}
next:
	for _, rt := range routes {
		if len(rt.parts) != len(segs) {
			continue
		}
		params := map[string]string{}
		for i, part := range rt.parts {
			switch {
			case strings.HasPrefix(part, "{"):
				if segs[i] == "" {
					continue next
				}
				params[strings.Trim(part, "{}")] = segs[i]
			case part != segs[i]:
				continue next
			}
		}
		return rt, params, true
	}
	return route{}, nil, false
}

func (rt route) allows(p principal, method string, params map[string]string) bool {
	switch rt.scope {
	case inNamespace:
		if method == http.MethodGet {
			return p.canRead(params["ns"], rt.resource)
		}
		return p.canWrite(params["ns"])
	case allNamespaces, clusterAdmin:
		return p.admin
	case ownUser:
		return p.admin || p.user != "" && p.user == params["user"]
	default:
		return true
	}
}

// serveAPI routes, authenticates and authorizes an /api request, in the
// order the real backend does: unknown paths are 404 even without
// credentials.
func (b *Backend) serveAPI(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/api/core/v2/")
	if !ok {
		writeRouteNotFound(w)
		return
	}
	rt, params, ok := match(rest)
	if !ok {
		writeRouteNotFound(w)
		return
	}
	handle, ok := rt.methods[r.Method]
	if !ok {
		writeEmpty(w, http.StatusMethodNotAllowed, "")
		return
	}
	who, fail := b.authenticate(r)
	if fail == nil && !rt.allows(who, r.Method, params) {
		fail = forbidden
	}
	if fail != nil {
		writeAuthError(w, fail.status, fail.code, fail.message)
		return
	}
	if formEncoded(r) {
		// The real backend parses such a body as a form, so the JSON
		// decoder finds nothing left to read.
		writeError(w, http.StatusInternalServerError, codeInternal, "EOF")
		return
	}
	handle(b, &call{w: w, r: r, who: who, params: params, now: b.now()})
}

func formEncoded(r *http.Request) bool {
	if r.Method != http.MethodPost && r.Method != http.MethodPut {
		return false
	}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mediaType == "application/x-www-form-urlencoded"
}
