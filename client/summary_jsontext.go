package client

import (
	"bytes"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// textReader reads pages with a streaming jsontext.Decoder, one per walk.
// It returns false for anything it does not accept, which encoding/json
// then decodes instead. The first error stops it: every read after it
// fails, so callers check once.
type textReader struct {
	dec *jsontext.Decoder
	tmp []byte // unescaped strings, reused
	bad bool
}

// textOptions: repeated names are found by fields, only among those a
// summary keeps, as the decoder's own check would track every name; and
// invalid UTF-8 is let through, as encoding/json lets it through, to be
// replaced in the strings kept.
var textOptions = []jsontext.Options{jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)}

func (r *textReader) read(d *summaryDecoder, body []byte, p *pageState) bool {
	// A bytes.Buffer is read in place, not copied.
	if r.dec == nil {
		r.dec = jsontext.NewDecoder(bytes.NewBuffer(body), textOptions...)
	} else {
		r.dec.Reset(bytes.NewBuffer(body), textOptions...)
	}
	r.bad = false
	if r.open('[') {
		for r.more() {
			start := r.dec.InputOffset()
			r.event(d, p)
			if len(p.events) == 1 && r.dec.InputOffset() > start {
				p.expect(len(body) / int(r.dec.InputOffset()-start))
			}
		}
		r.close()
	}
	if r.bad {
		return false
	}
	_, err := r.dec.ReadToken()
	return err == io.EOF
}

// field is an object member a summary keeps, whatever object it is in.
type field uint8

const (
	fieldOther field = iota
	fieldTimestamp
	fieldMetadata
	fieldEntity
	fieldCheck
	fieldName
	fieldNamespace
	fieldLabels
	fieldStatus
	fieldIsSilenced
	fieldOccurrences
	fieldOutput
	fieldSubscriptions
	fieldHistory
	fieldLastOK
	fieldState
)

func fieldOf(key []byte) field {
	switch string(key) {
	case "timestamp":
		return fieldTimestamp
	case "metadata":
		return fieldMetadata
	case "entity":
		return fieldEntity
	case "check":
		return fieldCheck
	case "name":
		return fieldName
	case "namespace":
		return fieldNamespace
	case "labels":
		return fieldLabels
	case "status":
		return fieldStatus
	case "is_silenced":
		return fieldIsSilenced
	case "occurrences":
		return fieldOccurrences
	case "output":
		return fieldOutput
	case "subscriptions":
		return fieldSubscriptions
	case "history":
		return fieldHistory
	case "last_ok":
		return fieldLastOK
	case "state":
		return fieldState
	}
	return fieldOther
}

// fields are the members of one object seen so far. encoding/json decodes
// a repeated member into the first, merging maps and reusing slice
// elements; rather than copy that, the reader refuses a page that repeats one.
type fields uint16

// member notes the key of the object's next member and reports which field
// it is; ok is false if the field came before in the object.
func (s *fields) member(key []byte) (f field, ok bool) {
	f = fieldOf(key)
	if f == fieldOther {
		return f, true
	}
	bit := fields(1) << f
	if *s&bit != 0 {
		return f, false
	}
	*s |= bit
	return f, true
}

// oddKey reports whether encoding/json might match key, which is not a
// field's, to a field anyway: it matches keys regardless of case, and
// a backslash may start an escape yet to be decoded.
func oddKey(key []byte) bool {
	for _, c := range key {
		if ('A' <= c && c <= 'Z') || c >= utf8.RuneSelf || c == '\\' {
			return true
		}
	}
	return false
}

func (r *textReader) fail() { r.bad = true }

// open reads the start of an object or array, for kind '{' or '['; null
// reads as an empty one and returns false, as does anything else, which fails.
func (r *textReader) open(kind jsontext.Kind) bool {
	if r.bad {
		return false
	}
	switch r.dec.PeekKind() {
	case kind:
		if _, err := r.dec.ReadToken(); err != nil {
			r.fail()
			return false
		}
		return true
	case 'n':
		r.skip()
	default:
		r.fail()
	}
	return false
}

// more reports whether another member or element comes in the object or
// array being read.
func (r *textReader) more() bool {
	if r.bad {
		return false
	}
	switch r.dec.PeekKind() {
	case '}', ']':
		return false
	case 0:
		r.fail()
		return false
	}
	return true
}

// close reads the end of the object or array being read.
func (r *textReader) close() {
	if r.bad {
		return
	}
	if _, err := r.dec.ReadToken(); err != nil {
		r.fail()
	}
}

// raw reads the next value, or name, as it is, or returns nil after an
// error; it is valid until the next read.
func (r *textReader) raw() []byte {
	if r.bad {
		return nil
	}
	v, err := r.dec.ReadValue()
	if err != nil {
		r.fail()
		return nil
	}
	return v
}

func (r *textReader) skip() { r.raw() }

// shareValue reads a value and returns the shared copy that share makes of its JSON.
func shareValue[T any](r *textReader, share func([]byte) (T, bool)) T {
	var v T
	if raw := r.raw(); raw != nil {
		var ok bool
		if v, ok = share(raw); !ok {
			r.fail()
		}
	}
	return v
}

// member reads the name of an object's next member and which field it is;
// the value comes next.
func (r *textReader) member(seen *fields) field {
	raw := r.raw()
	key := raw
	if len(raw) >= 2 {
		key = raw[1 : len(raw)-1]
	}
	f, ok := seen.member(key)
	if f == fieldOther && oddKey(key) {
		// Escaped perhaps: what encoding/json sees may be a field.
		key = r.unquote(raw)
		if f, ok = seen.member(key); f == fieldOther && oddKey(key) {
			r.fail()
		}
	}
	if !ok {
		r.fail()
	}
	return f
}

// text reads a string's value; null reads as "". The bytes are valid
// until the next read.
func (r *textReader) text() []byte {
	v := r.raw()
	if len(v) == 0 || v[0] == 'n' {
		return nil
	}
	if v[0] != '"' {
		r.fail()
		return nil
	}
	return r.unquote(v)
}

// unquote is the value of a quoted string that the decoder accepted.
func (r *textReader) unquote(v []byte) []byte {
	if len(v) < 2 {
		return nil
	}
	if in := v[1 : len(v)-1]; bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in) {
		return in
	}
	// Its only errors left are invalid UTF-8 and lone surrogates, which
	// it replaces with U+FFFD as encoding/json does.
	r.tmp, _ = jsontext.AppendUnquote(r.tmp[:0], v)
	return r.tmp
}

// number reads an integer of bits bits; null reads as 0. Parsing as
// encoding/json parses refuses fractions, exponents and overflows.
func (r *textReader) number(signed bool, bits int) (v int64, u uint64) {
	raw := r.raw()
	if len(raw) == 0 || raw[0] == 'n' {
		return 0, 0
	}
	var err error
	if signed {
		v, err = strconv.ParseInt(string(raw), 10, bits)
	} else {
		u, err = strconv.ParseUint(string(raw), 10, bits)
	}
	if err != nil {
		r.fail()
	}
	return v, u
}

func (r *textReader) bool() bool {
	switch v := r.raw(); {
	case len(v) == 0 || v[0] == 'n' || v[0] == 'f':
		return false
	case v[0] == 't':
		return true
	}
	r.fail()
	return false
}

func (r *textReader) event(d *summaryDecoder, p *pageState) {
	e, refs := p.add()
	var eventNS, entityNS string
	var seen fields
	if r.open('{') {
		for r.more() {
			switch r.member(&seen) {
			case fieldTimestamp:
				e.Timestamp, _ = r.number(true, 64)
			case fieldMetadata:
				eventNS = r.eventMeta(d)
			case fieldEntity:
				entityNS = r.entity(d, &e.Entity)
			case fieldCheck:
				r.check(d, p, &e.Check, refs)
			default:
				r.skip()
			}
		}
		r.close()
	}
	p.end(e, refs, eventNS, entityNS)
}

// eventMeta reads an event's metadata and returns its namespace.
func (r *textReader) eventMeta(d *summaryDecoder) (ns string) {
	var seen fields
	if r.open('{') {
		for r.more() {
			if r.member(&seen) == fieldNamespace {
				ns = d.str(r.text())
			} else {
				r.skip()
			}
		}
		r.close()
	}
	return ns
}

// entity reads an event's entity and returns its namespace.
func (r *textReader) entity(d *summaryDecoder, e *EntitySummary) (ns string) {
	var seen fields
	if r.open('{') {
		for r.more() {
			if r.member(&seen) == fieldMetadata {
				ns = r.meta(d, &e.Metadata)
			} else {
				r.skip()
			}
		}
		r.close()
	}
	return ns
}

func (r *textReader) check(d *summaryDecoder, p *pageState, c *CheckSummary, refs *eventRefs) {
	var seen fields
	if !r.open('{') {
		return
	}
	for r.more() {
		switch r.member(&seen) {
		case fieldMetadata:
			r.meta(d, &c.Metadata)
		case fieldStatus:
			_, u := r.number(false, 32)
			c.Status = uint32(u)
		case fieldIsSilenced:
			c.IsSilenced = r.bool()
		case fieldOccurrences:
			c.Occurrences, _ = r.number(true, 64)
		case fieldLastOK:
			c.LastOK, _ = r.number(true, 64)
		case fieldState:
			c.Flapping = string(r.text()) == StateFlapping
		case fieldOutput:
			p.output(refs, r.text())
		case fieldSubscriptions:
			c.Subscriptions = shareValue(r, d.strings)
		case fieldHistory:
			start := len(p.history)
			if r.open('[') {
				for r.more() {
					p.status(r.pastStatus())
				}
				r.close()
			}
			p.historyFrom(refs, start)
		default:
			r.skip()
		}
	}
	r.close()
}

// pastStatus reads one element of a check's history and returns its status.
func (r *textReader) pastStatus() uint32 {
	var status uint64
	var seen fields
	if r.open('{') {
		for r.more() {
			if r.member(&seen) == fieldStatus {
				_, status = r.number(false, 32)
			} else {
				r.skip()
			}
		}
		r.close()
	}
	return uint32(status)
}

// meta reads name, namespace and labels, and returns the namespace.
func (r *textReader) meta(d *summaryDecoder, m *SummaryMeta) (ns string) {
	var seen fields
	if !r.open('{') {
		return ""
	}
	for r.more() {
		switch r.member(&seen) {
		case fieldName:
			m.Name = d.str(r.text())
		case fieldNamespace:
			ns = d.str(r.text())
		case fieldLabels:
			m.Labels = shareValue(r, d.labelSet)
		default:
			r.skip()
		}
	}
	r.close()
	return ns
}
