package fakebackend

import "net/http"

// listKind describes one kind of namespaced resource list.
type listKind struct {
	tokens  tokenCodec
	unpaged bool // the silenced list ignores limit and continue
	segment func(ns *namespace, prefix string, now int64) segment
}

var (
	eventList = listKind{tokens: keyTokens, segment: func(ns *namespace, prefix string, now int64) segment {
		return segmentOf(prefix, &ns.events, func(e *event) any { return ns.view(e, now) })
	}}
	checkList = listKind{tokens: keyTokens, segment: func(ns *namespace, prefix string, _ int64) segment {
		return segmentOf(prefix, &ns.checks, func(c *checkDef) any { return &c.checkJSON })
	}}
	entityList = listKind{tokens: entityTokens, segment: func(ns *namespace, prefix string, _ int64) segment {
		return segmentOf(prefix, &ns.entities, asAny[*entityJSON])
	}}
	silenceList = listKind{unpaged: true, tokens: keyTokens, segment: func(ns *namespace, prefix string, now int64) segment {
		return silenceSegment(prefix, ns.activeSilences(now, nil))
	}}
)

func asAny[T any](v T) any { return v }

func silenceSegment(prefix string, silences []*silenceJSON) segment {
	return segmentOf(prefix, &index[*silenceJSON]{items: silences}, asAny[*silenceJSON])
}

func (k listKind) page(r *http.Request) page {
	if k.unpaged {
		return page{}
	}
	return parsePage(r, k.tokens)
}

// listIn answers a list in {ns}; an unknown namespace is an empty list.
func listIn(k listKind) handler {
	return func(b *Backend, c *call) {
		b.serveList(c, k.page(c.r), k.tokens, func() []segment {
			ns, ok := b.namespace(c.ns())
			if !ok {
				return nil
			}
			return []segment{k.segment(ns, "", c.now.Unix())}
		})
	}
}

// listAcross answers a list over every namespace, keyed "/ns/key".
func listAcross(k listKind) handler {
	return func(b *Backend, c *call) {
		b.serveList(c, k.page(c.r), k.tokens, func() []segment {
			segs := make([]segment, len(b.crossOrder))
			for i, ns := range b.crossOrder {
				segs[i] = k.segment(ns, "/"+ns.name+"/", c.now.Unix())
			}
			return segs
		})
	}
}

// serveList pages through the listing that segments builds under the read
// lock, then answers a bare JSON array with Sensu-Continue when more remain.
func (b *Backend) serveList(c *call, p page, tokens tokenCodec, segments func() []segment) {
	b.mu.RLock()
	items, next := paginate(segments(), p)
	body, err := marshalList(items)
	b.mu.RUnlock()
	if err != nil {
		writeError(c.w, http.StatusInternalServerError, codeInternal, err.Error())
		return
	}
	if next != "" {
		c.w.Header().Set("Sensu-Continue", tokens.encode(next))
	}
	writeBody(c.w, http.StatusOK, contentJSON, b.garble(body))
}

// serveOne answers the resource find returns, or 404 with message missing.
func (b *Backend) serveOne(c *call, missing string, find func() (any, bool)) {
	body, ok := b.readJSON(find)
	if !ok {
		writeError(c.w, http.StatusNotFound, codeNotFound, missing)
		return
	}
	writeResource(c.w, body)
}

// serveDelete answers a DELETE: 204, or 404 when remove finds nothing.
func (b *Backend) serveDelete(c *call, remove func() bool) {
	b.mu.Lock()
	ok := remove()
	b.mu.Unlock()
	if !ok {
		writeError(c.w, http.StatusNotFound, codeNotFound, "not found")
		return
	}
	writeEmpty(c.w, http.StatusNoContent, contentJSON)
}

// changeIn runs change on namespace {ns} under the write lock, or answers
// 404 when there is no such namespace.
func (b *Backend) changeIn(c *call, change func(ns *namespace)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	ns, ok := b.namespace(c.ns())
	if !ok {
		writeError(c.w, http.StatusNotFound, codeNotFound, "namespace not found")
		return
	}
	change(ns)
}

// inNamespaceOf runs find on namespace {ns} if it exists.
func (b *Backend) inNamespaceOf(c *call, find func(ns *namespace) (any, bool)) func() (any, bool) {
	return func() (any, bool) {
		ns, ok := b.namespace(c.ns())
		if !ok {
			return nil, false
		}
		return find(ns)
	}
}
