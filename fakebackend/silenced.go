package fakebackend

import (
	"net/http"
	"time"
)

// silenceName is how Sensu names a silence: subscription:check, * for a
// missing part.
func silenceName(subscription, check string) string {
	return orStar(subscription) + ":" + orStar(check)
}

func orStar(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

// newSilence validates a requested silence and fills in what the backend
// computes: name, begin, expire_at and creator.
func newSilence(in silenceJSON, ns, user string, now time.Time) (*silenceJSON, bool) {
	if in.Subscription == "" && in.Check == "" {
		return nil, false
	}
	s := in
	s.Metadata = objectMeta{
		Name:        silenceName(in.Subscription, in.Check),
		Namespace:   ns,
		Labels:      in.Metadata.Labels,
		Annotations: in.Metadata.Annotations,
		CreatedBy:   user,
	}
	if s.Begin == 0 {
		s.Begin = now.Unix()
	}
	switch {
	case s.Expire > 0:
		s.ExpireAt = s.Begin + s.Expire
	case s.ExpireAt > s.Begin:
		s.Expire = s.ExpireAt - s.Begin
	default:
		s.Expire, s.ExpireAt = -1, 0
	}
	if s.Creator == "" {
		s.Creator = user
	}
	return &s, true
}

// createSilence answers POST .../silenced: 201, or 409 if it exists.
func (b *Backend) createSilence(c *call) { b.storeSilence(c, false) }

// putSilence answers PUT .../silenced/{silence}: create or replace.
func (b *Backend) putSilence(c *call) { b.storeSilence(c, true) }

func (b *Backend) storeSilence(c *call, replace bool) {
	var in silenceJSON
	if err := c.decode(&in); err != nil {
		writeError(c.w, http.StatusBadRequest, codeInvalidArgument, err.Error())
		return
	}
	s, ok := newSilence(in, c.ns(), c.who.user, c.now)
	if !ok {
		writeError(c.w, http.StatusBadRequest, codeInvalidArgument, "must provide check or subscription")
		return
	}
	b.changeIn(c, func(ns *namespace) {
		if old, exists := ns.silences.get(s.Metadata.Name); exists && !replace && !old.expired(c.now.Unix()) {
			writeError(c.w, http.StatusConflict, codeAlreadyExists, "resource already exists")
			return
		}
		ns.silences.put(s)
		writeEmpty(c.w, http.StatusCreated, contentJSON)
	})
}

func (b *Backend) findSilence(nsName, name string, now int64) (any, bool) {
	ns, ok := b.namespace(nsName)
	if !ok {
		return nil, false
	}
	s, ok := ns.silences.get(name)
	if !ok || s.expired(now) {
		return nil, false
	}
	return s, true
}

func (b *Backend) getSilence(c *call) {
	b.serveOne(c, "silenced entry not found", func() (any, bool) {
		return b.findSilence(c.ns(), c.params["silence"], c.now.Unix())
	})
}

func (b *Backend) deleteSilence(c *call) {
	b.serveDelete(c, func() bool {
		ns, ok := b.namespace(c.ns())
		return ok && ns.silences.remove(c.params["silence"])
	})
}

func (b *Backend) listSilencedByCheck(c *call) {
	check := c.params["check"]
	b.listSilencedWhere(c, func(s *silenceJSON) bool { return s.Check == check })
}

func (b *Backend) listSilencedBySubscription(c *call) {
	sub := c.params["subscription"]
	b.listSilencedWhere(c, func(s *silenceJSON) bool { return s.Subscription == sub })
}

func (b *Backend) listSilencedWhere(c *call, keep func(*silenceJSON) bool) {
	b.serveList(c, page{}, keyTokens, func() []segment {
		ns, ok := b.namespace(c.ns())
		if !ok {
			return nil
		}
		return []segment{silenceSegment("", ns.activeSilences(c.now.Unix(), keep))}
	})
}
