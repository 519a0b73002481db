package client

import (
	"bytes"
	"encoding/json"
	"math"
	"unicode/utf8"

	"github.com/valyala/fastjson"
)

// fastReader reads pages with fastjson: the whole page is parsed into a
// tree of values, by one Parser that a walk reuses from page to page.
// fastjson parses leniently, so the page is validated first; nesting past
// fastjson's limit is refused, and so is a control character anywhere but
// at the ends of the page: fastjson.Validate misses one that stands in a
// string before an escape sequence. Sensu sends compact JSON, without any.
type fastReader struct {
	parser fastjson.Parser
	tmp    []byte // values as JSON, reused
	bad    bool
}

func (r *fastReader) read(d *summaryDecoder, body []byte, p *pageState) bool {
	if controlByte(body) || fastjson.ValidateBytes(body) != nil {
		return false
	}
	v, err := r.parser.ParseBytes(body)
	if err != nil {
		return false
	}
	r.bad = false
	switch v.Type() {
	case fastjson.TypeNull:
		return true
	case fastjson.TypeArray:
	default:
		return false
	}
	events, _ := v.Array()
	p.expect(len(events))
	for _, ev := range events {
		r.event(d, p, ev)
		if r.bad {
			return false
		}
	}
	return true
}

// controlByte reports whether body holds a byte below 0x20 other than
// white space at its ends.
func controlByte(body []byte) bool {
	for _, c := range bytes.Trim(body, " \t\r\n") {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// escapedSurrogate reports whether body may hold a \uXXXX escape of a
// UTF-16 surrogate (D800 to DFFF).
func escapedSurrogate(body []byte) bool {
	for {
		i := bytes.Index(body, []byte(`\u`))
		if i < 0 || i+4 > len(body) {
			return false
		}
		if c := body[i+2] | 0x20; c == 'd' {
			switch body[i+3] | 0x20 {
			case '8', '9', 'a', 'b', 'c', 'd', 'e', 'f':
				return true
			}
		}
		body = body[i+2:]
	}
}

func (r *fastReader) fail() { r.bad = true }

// object calls each with every member of an object; null is an empty one.
func (r *fastReader) object(v *fastjson.Value, each func(f field, v *fastjson.Value)) {
	switch v.Type() {
	case fastjson.TypeNull:
		return
	case fastjson.TypeObject:
	default:
		r.fail()
		return
	}
	o, _ := v.Object()
	var seen fields
	o.Visit(func(key []byte, v *fastjson.Value) {
		f, ok := seen.member(key)
		if !ok || (f == fieldOther && oddKey(key)) {
			r.fail()
		}
		if !r.bad {
			each(f, v)
		}
	})
}

// text is a string's value; null is "". fastjson unescapes strings, but
// keeps invalid UTF-8 and lone UTF-16 surrogates as they are, where
// encoding/json replaces them with U+FFFD: those rare strings are left to it.
func (r *fastReader) text(v *fastjson.Value) []byte {
	// Before any other use, fastjson writes a value back as it read it.
	raw := v.MarshalTo(r.tmp[:0])
	r.tmp = raw
	switch {
	case raw[0] == 'n':
		return nil
	case raw[0] != '"':
		r.fail()
		return nil
	}
	if in := raw[1 : len(raw)-1]; !escapedSurrogate(in) && utf8.Valid(in) {
		b, _ := v.StringBytes()
		return b
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		r.fail()
	}
	return []byte(s)
}

// integer is a number that fits in [lo, hi]; null is 0. Like
// encoding/json, it refuses fractions and exponents.
func (r *fastReader) integer(v *fastjson.Value, lo, hi int64) int64 {
	switch v.Type() {
	case fastjson.TypeNull:
		return 0
	case fastjson.TypeNumber:
		n, err := v.Int64()
		if err == nil && lo <= n && n <= hi {
			return n
		}
	}
	r.fail()
	return 0
}

func (r *fastReader) bool(v *fastjson.Value) bool {
	switch v.Type() {
	case fastjson.TypeTrue:
		return true
	case fastjson.TypeFalse, fastjson.TypeNull:
		return false
	}
	r.fail()
	return false
}

// shared returns the shared copy that share makes of v's JSON. Before any
// other use, fastjson writes a value back as it read it, escapes included.
func fastShared[T any](r *fastReader, v *fastjson.Value, share func([]byte) (T, bool)) T {
	r.tmp = v.MarshalTo(r.tmp[:0])
	s, ok := share(r.tmp)
	if !ok {
		r.fail()
	}
	return s
}

func (r *fastReader) event(d *summaryDecoder, p *pageState, v *fastjson.Value) {
	e, refs := p.add()
	var eventNS, entityNS string
	r.object(v, func(f field, v *fastjson.Value) {
		switch f {
		case fieldTimestamp:
			e.Timestamp = r.integer(v, math.MinInt64, math.MaxInt64)
		case fieldMetadata:
			r.object(v, func(f field, v *fastjson.Value) {
				if f == fieldNamespace {
					eventNS = d.str(r.text(v))
				}
			})
		case fieldEntity:
			r.object(v, func(f field, v *fastjson.Value) {
				if f == fieldMetadata {
					entityNS = r.meta(d, v, &e.Entity.Metadata)
				}
			})
		case fieldCheck:
			r.check(d, p, v, &e.Check, refs)
		}
	})
	p.end(e, refs, eventNS, entityNS)
}

func (r *fastReader) check(d *summaryDecoder, p *pageState, v *fastjson.Value, c *CheckSummary, refs *eventRefs) {
	r.object(v, func(f field, v *fastjson.Value) {
		switch f {
		case fieldMetadata:
			r.meta(d, v, &c.Metadata)
		case fieldStatus:
			c.Status = uint32(r.integer(v, 0, math.MaxUint32))
		case fieldIsSilenced:
			c.IsSilenced = r.bool(v)
		case fieldOccurrences:
			c.Occurrences = r.integer(v, math.MinInt64, math.MaxInt64)
		case fieldOutput:
			p.output(refs, r.text(v))
		case fieldSubscriptions:
			c.Subscriptions = fastShared(r, v, d.strings)
		case fieldHistory:
			start := len(p.history)
			switch v.Type() {
			case fastjson.TypeNull:
			case fastjson.TypeArray:
				past, _ := v.Array()
				for _, h := range past {
					var status int64
					r.object(h, func(f field, v *fastjson.Value) {
						if f == fieldStatus {
							status = r.integer(v, 0, math.MaxUint32)
						}
					})
					p.status(uint32(status))
				}
			default:
				r.fail()
			}
			p.historyFrom(refs, start)
		}
	})
}

// meta reads name, namespace and labels, and returns the namespace.
func (r *fastReader) meta(d *summaryDecoder, v *fastjson.Value, m *SummaryMeta) (ns string) {
	r.object(v, func(f field, v *fastjson.Value) {
		switch f {
		case fieldName:
			m.Name = d.str(r.text(v))
		case fieldNamespace:
			ns = d.str(r.text(v))
		case fieldLabels:
			m.Labels = fastShared(r, v, d.labelSet)
		}
	})
	return ns
}
