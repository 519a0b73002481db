package fakebackend

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// segment is one sorted run of a listing. A namespaced list is a single
// segment without prefix; a cross-namespace list has one segment per
// namespace with the prefix "/ns/", which is how etcd orders those keys.
type segment struct {
	prefix string
	n      int
	key    func(i int) string
	item   func(i int) any
}

func segmentOf[T keyed](prefix string, x *index[T], item func(T) any) segment {
	items := x.items
	return segment{
		prefix: prefix,
		n:      len(items),
		key:    func(i int) string { return items[i].key() },
		item:   func(i int) any { return item(items[i]) },
	}
}

// startAt finds the first item whose full key is >= k.
func (s segment) startAt(k string) int {
	switch {
	case k <= s.prefix:
		return 0
	case strings.HasPrefix(k, s.prefix):
		rest := k[len(s.prefix):]
		return sort.Search(s.n, func(i int) bool { return s.key(i) >= rest })
	default:
		return s.n
	}
}

// page is what a request asked for.
type page struct {
	limit int    // 0 means everything; negative means everything plus a token
	start string // first key wanted, from the continue token
}

// tokenCodec turns the last key of a page into a Sensu-Continue token and back.
type tokenCodec struct {
	encode func(key string) string
	decode func(token string) (key string, ok bool)
}

// keyTokens are base64url(key + NUL): the NUL makes the token point just
// past the last key returned.
var keyTokens = tokenCodec{
	encode: func(k string) string { return base64.RawURLEncoding.EncodeToString([]byte(k + "\x00")) },
	decode: decodeBase64URL,
}

// entityTokens wrap the key twice, as the entity store pairs config and
// state cursors.
var entityTokens = tokenCodec{
	encode: func(k string) string {
		cursor := []byte(k + "\x00")
		wrapped, _ := json.Marshal(entityCursor{Config: cursor, State: cursor})
		return base64.RawURLEncoding.EncodeToString(wrapped)
	},
	decode: func(tok string) (string, bool) {
		raw, ok := decodeBase64URL(tok)
		if !ok {
			return "", false
		}
		var c entityCursor
		if json.Unmarshal([]byte(raw), &c) == nil && len(c.Config) > 0 {
			return string(c.Config), true
		}
		return raw, true
	},
}

type entityCursor struct {
	Config []byte `json:"ConfigContinue"`
	State  []byte `json:"StateContinue"`
}

func decodeBase64URL(tok string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(tok, "="))
	return string(b), err == nil
}

// parsePage reads limit and continue. A bad limit means no limit and a token
// that cannot be decoded means the first page, as on a real backend.
func parsePage(r *http.Request, codec tokenCodec) page {
	q := r.URL.Query()
	var p page
	p.limit, _ = strconv.Atoi(q.Get("limit"))
	if tok := q.Get("continue"); tok != "" {
		p.start, _ = codec.decode(tok)
	}
	return p
}

// paginate picks the items of one page and the key to continue after, ""
// when the listing is exhausted.
func paginate(segs []segment, p page) (items []any, next string) {
	var last string
	for _, s := range segs {
		for i := s.startAt(p.start); i < s.n; i++ {
			if p.limit > 0 && len(items) == p.limit {
				return items, last
			}
			items = append(items, s.item(i))
			last = s.prefix + s.key(i)
		}
	}
	if p.limit < 0 {
		return items, lastKey(segs)
	}
	return items, ""
}

// lastKey is where a negative limit points its token: past everything.
func lastKey(segs []segment) string {
	for i := len(segs) - 1; i >= 0; i-- {
		if s := segs[i]; s.n > 0 {
			return s.prefix + s.key(s.n-1)
		}
	}
	return ""
}
