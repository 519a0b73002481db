package fakebackend

import "net/http"

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

// deleteEntity removes the entity only; its events stay until deleted, as
// on a real backend.
func (b *Backend) deleteEntity(c *call) {
	b.serveDelete(c, func() bool {
		ns, ok := b.namespace(c.ns())
		return ok && ns.entities.remove(c.params["entity"])
	})
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
