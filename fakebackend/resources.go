package fakebackend

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
)

func (u *user) view() *userJSON {
	return &userJSON{Username: u.name, Groups: u.groups, Disabled: u.disabled}
}

func (b *Backend) getCheck(c *call) {
	b.serveOne(c, "not found", b.inNamespaceOf(c, func(ns *namespace) (any, bool) {
		def, ok := ns.checks.get(c.params["check"])
		if !ok {
			return nil, false
		}
		return &def.checkJSON, true
	}))
}

func (b *Backend) getEntity(c *call) {
	b.serveOne(c, "not found", b.inNamespaceOf(c, func(ns *namespace) (any, bool) {
		return ns.entities.get(c.params["entity"])
	}))
}

// deleteEntity removes the entity and, as a real backend does, its events.
func (b *Backend) deleteEntity(c *call) {
	b.serveDelete(c, func() bool {
		ns, ok := b.namespace(c.ns())
		if !ok || !ns.entities.remove(c.params["entity"]) {
			return false
		}
		lo, hi := ns.eventsOf(c.params["entity"])
		ns.events.items = slices.Delete(ns.events.items, lo, hi)
		return true
	})
}

// putEntity answers PUT .../entities/{entity}: the body creates or
// replaces the entity, which comes back as stored with 200, where other
// PUTs answer 201 with nothing. Events deleted with an entity stay gone.
func (b *Backend) putEntity(c *call) {
	var in entityJSON
	if !decodeNamed(c, &in, &in.Metadata, c.params["entity"]) {
		return
	}
	if in.EntityClass == "" {
		writeError(c.w, http.StatusBadRequest, codeInvalidArgument, "entity class must not be empty")
		return
	}
	b.mu.Lock()
	ns, ok := b.namespace(c.ns())
	if ok {
		ns.entities.put(&in)
	}
	b.mu.Unlock()
	if !ok {
		writeError(c.w, http.StatusNotFound, codeNotFound, "namespace not found")
		return
	}
	body, err := json.Marshal(&in)
	if err != nil {
		writeError(c.w, http.StatusInternalServerError, codeInternal, err.Error())
		return
	}
	writeBody(c.w, http.StatusOK, contentJSON, body)
}

// putCheck answers PUT .../checks/{check}: the body creates the check or
// replaces all of it, which is how publish is switched; 201 with an empty
// body. A replaced check runs as before when executed; a new one passes
// with no output.
func (b *Backend) putCheck(c *call) {
	var in checkJSON
	if !decodeNamed(c, &in, &in.Metadata, c.params["check"]) {
		return
	}
	b.changeIn(c, func(ns *namespace) {
		def := &checkDef{checkJSON: *normalizedCheck(in, ns.name), outcomes: []outcome{{0, ""}}}
		def.Metadata.CreatedBy = c.who.user
		if old, ok := ns.checks.get(def.Metadata.Name); ok {
			def.outcomes = old.outcomes
		}
		ns.checks.put(def)
		writeEmpty(c.w, http.StatusCreated, contentJSON)
	})
}

// deleteCheck removes a check definition; its events stay.
func (b *Backend) deleteCheck(c *call) {
	b.serveDelete(c, func() bool {
		ns, ok := b.namespace(c.ns())
		return ok && ns.checks.remove(c.params["check"])
	})
}

// decodeNamed reads the JSON body of a PUT into v, whose metadata is meta,
// and names it after the URL: a body may leave out its name and namespace
// but not contradict them. It answers 400 itself and reports false when
// the body will not do.
func decodeNamed(c *call, v any, meta *objectMeta, name string) bool {
	if err := c.decode(v); err != nil {
		writeError(c.w, http.StatusBadRequest, codeInvalidArgument, err.Error())
		return false
	}
	for _, m := range []struct{ what, sent, url string }{{"name", meta.Name, name}, {"namespace", meta.Namespace, c.ns()}} {
		if m.sent != "" && m.sent != m.url {
			writeError(c.w, http.StatusBadRequest, codeInvalidArgument,
				fmt.Sprintf("the %s of the resource (%s) does not match the %s on the request (%s)", m.what, m.sent, m.what, m.url))
			return false
		}
	}
	meta.Name, meta.Namespace = name, c.ns()
	return true
}

// listNamespaces shows only the namespaces the caller may read.
func (b *Backend) listNamespaces(c *call) {
	b.serveList(c, parsePage(c.r, keyTokens), keyTokens, func() []segment {
		var visible index[*namespaceJSON]
		for _, ns := range b.namespaces {
			if c.who.canRead(ns.name, "namespaces") {
				visible.items = append(visible.items, &namespaceJSON{Name: ns.name})
			}
		}
		return []segment{segmentOf("", &visible, asAny[*namespaceJSON])}
	})
}

func (b *Backend) getNamespace(c *call) {
	b.serveOne(c, "not found", b.inNamespaceOf(c, func(ns *namespace) (any, bool) {
		return &namespaceJSON{Name: ns.name}, true
	}))
}

func (b *Backend) listUsers(c *call) {
	b.serveList(c, parsePage(c.r, keyTokens), keyTokens, func() []segment {
		return []segment{segmentOf("", &b.users, func(u *user) any { return u.view() })}
	})
}

func (b *Backend) getUser(c *call) {
	b.serveOne(c, "not found", func() (any, bool) {
		u, ok := b.users.get(c.params["user"])
		if !ok {
			return nil, false
		}
		return u.view(), true
	})
}

func (b *Backend) listAPIKeys(c *call) {
	b.serveList(c, parsePage(c.r, keyTokens), keyTokens, func() []segment {
		return []segment{segmentOf("", &b.apiKeys, asAny[*apiKeyJSON])}
	})
}

func (b *Backend) getAPIKey(c *call) {
	b.serveOne(c, "not found", func() (any, bool) { return b.apiKeys.get(c.params["key"]) })
}

// createAPIKey grants a key to a user; the key's name is the secret and is
// only given back in Location.
func (b *Backend) createAPIKey(c *call) {
	var in struct {
		Username string `json:"username"`
	}
	if err := c.decode(&in); err != nil {
		writePlain(c.w, http.StatusBadRequest, err.Error())
		return
	}
	if _, ok := b.users.get(in.Username); !ok {
		writePlain(c.w, http.StatusBadRequest, "user does not exist")
		return
	}
	key := &apiKeyJSON{
		Metadata:  objectMeta{Name: randomUUID(), CreatedBy: c.who.user},
		Username:  in.Username,
		CreatedAt: c.now.Unix(),
	}
	b.mu.Lock()
	b.apiKeys.put(key)
	b.mu.Unlock()
	c.w.Header().Set("Location", "/api/core/v2/apikeys/"+key.Metadata.Name)
	writeEmpty(c.w, http.StatusCreated, "")
}

func (b *Backend) deleteAPIKey(c *call) {
	b.serveDelete(c, func() bool { return b.apiKeys.remove(c.params["key"]) })
}
