package client

import (
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"net/http"
	"slices"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxSummaryOutput caps EventSummary.Check.Output, so that a list's memory
// does not grow with the length of check outputs.
const MaxSummaryOutput = 256

// maxDepth bounds the nesting the summary decoder accepts, as encoding/json does.
const maxDepth = 10000

// Summarize keeps what a list needs of a full event.
func Summarize(e *Event) *EventSummary {
	ns := e.Namespace()
	s := &EventSummary{
		Timestamp: e.Timestamp,
		Entity:    EntitySummary{Metadata: SummaryMeta{Name: e.Entity.Metadata.Name, Namespace: ns, Labels: e.Entity.Metadata.Labels}},
		Check: CheckSummary{
			Metadata:      SummaryMeta{Name: e.Check.Metadata.Name, Namespace: ns, Labels: e.Check.Metadata.Labels},
			Status:        e.Check.Status,
			IsSilenced:    e.Check.IsSilenced,
			Flapping:      e.Check.State == StateFlapping,
			Occurrences:   e.Check.Occurrences,
			LastOK:        e.Check.LastOK,
			Output:        summaryOutput(e.Check.Output),
			Subscriptions: e.Check.Subscriptions,
		},
	}
	if len(e.Check.History) > 0 {
		s.Check.History = make([]uint8, len(e.Check.History))
		for i, h := range e.Check.History {
			s.Check.History[i] = uint8(min(h.Status, 255))
		}
	}
	s.key = s.Key()
	return s
}

// summaryOutput drops leading white space and keeps at most
// MaxSummaryOutput bytes, cut between characters.
func summaryOutput[S string | []byte](out S) S {
	for len(out) > 0 {
		r, size := utf8.DecodeRuneInString(string(out[:min(len(out), utf8.UTFMax)]))
		if !unicode.IsSpace(r) {
			break
		}
		out = out[size:]
	}
	if len(out) <= MaxSummaryOutput {
		return out
	}
	n := MaxSummaryOutput
	for n > 0 && !utf8.RuneStart(out[n]) {
		n--
	}
	return out[:n]
}

// summaryDecoder turns event list pages into summaries. It reads only the
// fields a summary keeps and skips the rest without building them, which
// is several times faster than encoding/json on Sensu's large events.
// Across the pages of one walk it shares one copy of each name, label set
// and subscription list, since thousands of events share an entity or a check.
type summaryDecoder struct {
	strs   map[string]string
	labels map[string]map[string]string // by their JSON
	subs   map[string][]string          // by their JSON
}

func newSummaryDecoder() *summaryDecoder {
	return &summaryDecoder{strs: map[string]string{}, labels: map[string]map[string]string{}, subs: map[string][]string{}}
}

// page decodes one list page. Anything the fast reader does not accept is
// decoded again by encoding/json, so odd but valid JSON still works and
// broken JSON fails the way it does everywhere else.
func (d *summaryDecoder) page(path string, body []byte) ([]*EventSummary, error) {
	if rows, ok := d.fast(body); ok {
		return rows, nil
	}
	var events []Event
	if err := decode(http.MethodGet, path, body, &events); err != nil {
		return nil, err
	}
	rows := make([]*EventSummary, len(events))
	for i := range events {
		rows[i] = Summarize(&events[i])
	}
	return rows, nil
}

// pageState is one page being decoded. The strings unique to each event
// (key and output) go into one buffer that becomes one string, and the
// histories into one byte slice: a few allocations per page, not per event.
type pageState struct {
	events  []EventSummary
	refs    []eventRefs
	text    []byte
	history []uint8
}

// eventRefs locate one event's output, key and history in the page buffers.
type eventRefs struct {
	output, key, history [2]int32
}

func (d *summaryDecoder) fast(body []byte) ([]*EventSummary, bool) {
	s := &scanner{b: body}
	p := &pageState{}
	for a := s.array(); a.next(); {
		start := s.i
		p.events = append(p.events, EventSummary{})
		p.refs = append(p.refs, eventRefs{})
		d.event(s, p)
		if len(p.events) == 1 && s.i > start {
			// Events of a page are alike: size the page from its first.
			n := len(body) / (s.i - start)
			p.events = slices.Grow(p.events, n)
			p.refs = slices.Grow(p.refs, n)
			p.text = slices.Grow(p.text, n*len(p.text))
			p.history = slices.Grow(p.history, n*len(p.history))
		}
	}
	if !s.end() {
		return nil, false
	}
	text := string(p.text)
	rows := make([]*EventSummary, len(p.events))
	for i := range p.events {
		e, r := &p.events[i], p.refs[i]
		e.Check.Output = text[r.output[0]:r.output[1]]
		e.key = text[r.key[0]:r.key[1]]
		if r.history[1] > r.history[0] {
			e.Check.History = p.history[r.history[0]:r.history[1]:r.history[1]]
		}
		rows[i] = e
	}
	return rows, true
}

// span appends b to the page text and returns where it is.
func (p *pageState) span(b []byte) [2]int32 {
	start := len(p.text)
	p.text = append(p.text, b...)
	return [2]int32{int32(start), int32(len(p.text))}
}

// event reads the last event of p.events.
func (d *summaryDecoder) event(s *scanner, p *pageState) {
	e, refs := &p.events[len(p.events)-1], &p.refs[len(p.refs)-1]
	var eventNS, entityNS string
	for o := s.object(); o.next(); {
		switch k := s.key(); string(k) {
		case "timestamp":
			e.Timestamp = s.int64()
		case "metadata":
			for o := s.object(); o.next(); {
				if k := s.key(); string(k) == "namespace" {
					eventNS = d.str(s)
				} else {
					s.other()
				}
			}
		case "entity":
			for o := s.object(); o.next(); {
				if k := s.key(); string(k) == "metadata" {
					entityNS = d.meta(s, &e.Entity.Metadata)
				} else {
					s.other()
				}
			}
		case "check":
			d.check(s, p, &e.Check, refs)
		default:
			s.other()
		}
	}
	if eventNS == "" {
		eventNS = entityNS
	}
	e.Entity.Metadata.Namespace, e.Check.Metadata.Namespace = eventNS, eventNS
	key := append(append(append(append(s.tmp[:0], eventNS...), '/'), e.Entity.Metadata.Name...), '/')
	s.tmp = append(key, e.Check.Metadata.Name...)
	refs.key = p.span(s.tmp)
}

func (d *summaryDecoder) check(s *scanner, p *pageState, c *CheckSummary, refs *eventRefs) {
	for o := s.object(); o.next(); {
		switch k := s.key(); string(k) {
		case "metadata":
			d.meta(s, &c.Metadata)
		case "status":
			c.Status = s.uint32()
		case "is_silenced":
			c.IsSilenced = s.bool()
		case "state":
			c.Flapping = string(s.text()) == StateFlapping
		case "occurrences":
			c.Occurrences = s.int64()
		case "last_ok":
			c.LastOK = s.int64()
		case "output":
			refs.output = p.span(summaryOutput(s.text()))
		case "subscriptions":
			c.Subscriptions = d.strings(s)
		case "history":
			start := len(p.history)
			for a := s.array(); a.next(); {
				var status uint32
				for o := s.object(); o.next(); {
					if k := s.key(); string(k) == "status" {
						status = s.uint32()
					} else {
						s.other()
					}
				}
				p.history = append(p.history, uint8(min(status, 255)))
			}
			refs.history = [2]int32{int32(start), int32(len(p.history))}
		default:
			s.other()
		}
	}
}

// meta reads name, namespace and labels, and returns the namespace.
func (d *summaryDecoder) meta(s *scanner, m *SummaryMeta) (ns string) {
	for o := s.object(); o.next(); {
		switch k := s.key(); string(k) {
		case "name":
			m.Name = d.str(s)
		case "namespace":
			ns = d.str(s)
		case "labels":
			m.Labels = d.labelSet(s)
		default:
			s.other()
		}
	}
	return ns
}

// str reads a string and returns the shared copy of it.
func (d *summaryDecoder) str(s *scanner) string {
	b := s.text()
	if v, ok := d.strs[string(b)]; ok {
		return v
	}
	v := string(b)
	d.strs[v] = v
	return v
}

// labelSet reads a label map and returns the shared copy of it.
func (d *summaryDecoder) labelSet(s *scanner) map[string]string {
	raw := s.raw()
	if m, ok := d.labels[string(raw)]; ok || s.bad {
		return m
	}
	var m map[string]string
	if json.Unmarshal(raw, &m) != nil {
		s.fail()
		return nil
	}
	d.labels[string(raw)] = m
	return m
}

// strings reads a list of strings and returns the shared copy of it.
func (d *summaryDecoder) strings(s *scanner) []string {
	raw := s.raw()
	if l, ok := d.subs[string(raw)]; ok || s.bad {
		return l
	}
	var l []string
	if json.Unmarshal(raw, &l) != nil {
		s.fail()
		return nil
	}
	d.subs[string(raw)] = l
	return l
}

// scanner reads JSON from a byte slice. The first error moves it to the
// end and sets bad, so callers check once, at the end.
type scanner struct {
	b   []byte
	i   int
	bad bool
	tmp []byte // unescaped text and keys, reused
	// oddKey is set when the last key had capitals, escapes or non-ASCII.
	oddKey bool
}

func (s *scanner) fail() {
	s.bad = true
	s.i = len(s.b)
}

// peek skips white space and returns the next byte, 0 at the end.
func (s *scanner) peek() byte {
	for s.i < len(s.b) {
		switch c := s.b[s.i]; c {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return c
		}
	}
	return 0
}

func (s *scanner) consume(c byte) bool {
	if s.peek() == c {
		s.i++
		return true
	}
	return false
}

// end reports whether the whole input was read without error.
func (s *scanner) end() bool {
	s.peek()
	return !s.bad && s.i == len(s.b)
}

// null reads a null if one comes next.
func (s *scanner) null() bool {
	if s.peek() != 'n' {
		return false
	}
	s.literal("null")
	return !s.bad
}

func (s *scanner) literal(lit string) {
	if len(s.b)-s.i < len(lit) || string(s.b[s.i:s.i+len(lit)]) != lit {
		s.fail()
		return
	}
	s.i += len(lit)
}

// seq walks the members of an object or the elements of an array.
type seq struct {
	s     *scanner
	close byte
	n     int
	done  bool
}

// object starts reading an object; null reads as an empty one.
func (s *scanner) object() seq { return s.open('{', '}') }

// array starts reading an array; null reads as an empty one.
func (s *scanner) array() seq { return s.open('[', ']') }

func (s *scanner) open(open, close byte) seq {
	if s.null() {
		return seq{done: true}
	}
	if !s.consume(open) {
		s.fail()
		return seq{done: true}
	}
	return seq{s: s, close: close}
}

// next moves to the next member or element; for an object, key() then
// reads the member's key.
func (q *seq) next() bool {
	if q.done {
		return false
	}
	s := q.s
	c := s.peek()
	if c == q.close {
		s.i++
		q.done = true
		return false
	}
	if q.n > 0 {
		if c != ',' {
			s.fail()
			return false
		}
		s.i++
	}
	q.n++
	return !s.bad
}

// key reads a member's key and its colon. The bytes are valid until the
// next read of text.
func (s *scanner) key() []byte {
	if s.peek() != '"' {
		s.fail()
		return nil
	}
	end, plain := keyEnd(s.b, s.i)
	if end < 0 {
		s.fail()
		return nil
	}
	k := s.b[s.i+1 : end-1]
	s.oddKey = !plain
	if !plain {
		s.tmp = unescape(s.tmp[:0], k)
		k = s.tmp
	}
	s.i = end
	if !s.consume(':') {
		s.fail()
		return nil
	}
	return k
}

// plainByte marks the bytes a string holds as they are: not a quote, a
// backslash, a control character or part of a multi-byte character.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// stringEnd checks the string whose opening quote is at b[i] and returns
// the index just past its closing quote, or -1; plain tells whether its
// contents are already its value (no escapes, only ASCII).
func stringEnd(b []byte, i int) (end int, plain bool) {
	i++
	plain = true
	for {
		// Eight bytes at a time, to the first that needs a look.
		for i+8 <= len(b) {
			if m := special(binary.LittleEndian.Uint64(b[i:])); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		if i >= len(b) {
			return -1, false
		}
		c := b[i]
		switch {
		case plainByte[c]:
			i++
		case c == '"':
			return i + 1, plain
		case c == '\\':
			plain = false
			if i+1 >= len(b) {
				return -1, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if hex4(b[i+2:]) < 0 {
					return -1, false
				}
				i += 6
			default:
				return -1, false
			}
		case c < 0x20:
			return -1, false
		default: // part of a multi-byte character
			plain = false
			i++
		}
	}
}

// keyEnd is stringEnd for keys: plain tells whether the key is only
// lower-case ASCII without escapes, the keys the decoder knows to skip.
func keyEnd(b []byte, i int) (end int, plain bool) {
	for j := i + 1; j+8 <= len(b); j += 8 {
		x := binary.LittleEndian.Uint64(b[j:])
		if m := special(x) | upper(x); m != 0 {
			if j += bits.TrailingZeros64(m) / 8; b[j] == '"' {
				return j + 1, true
			}
			break
		}
	}
	end, plain = stringEnd(b, i)
	if plain {
		for _, c := range b[i+1 : max(end-1, i+1)] {
			if 'A' <= c && c <= 'Z' {
				return end, false
			}
		}
	}
	return end, plain
}

// upper has the high bit set in each of eight ASCII bytes that is a capital
// letter; a byte not ASCII may mark the bytes after it wrongly.
func upper(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return (x + ones*(0x80-'A')) &^ (x + ones*(0x80-'Z'-1)) & highs
}

// special has the high bit set in each of eight bytes that is a quote, a
// backslash, a control character or not ASCII; bytes after the first so
// marked may be marked wrongly.
func special(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote := x ^ (ones * '"')
	slash := x ^ (ones * '\\')
	zeroQuote := (quote - ones) &^ quote
	zeroSlash := (slash - ones) &^ slash
	control := (x - ones*0x20) &^ x
	return (zeroQuote | zeroSlash | control | x) & highs
}

// scan reads a string and returns what is between its quotes, and whether
// that is already the string's value.
func (s *scanner) scan() (raw []byte, plain bool) {
	if s.peek() != '"' {
		s.fail()
		return nil, false
	}
	end, plain := stringEnd(s.b, s.i)
	if end < 0 {
		s.fail()
		return nil, false
	}
	raw, s.i = s.b[s.i+1:end-1], end
	return raw, plain
}

// text reads a string's value; null reads as "". Invalid UTF-8 becomes
// U+FFFD, as in encoding/json. Unless the string needed no decoding, the
// bytes are valid until the next read of text.
func (s *scanner) text() []byte {
	if s.null() {
		return nil
	}
	raw, plain := s.scan()
	if plain || s.bad {
		return raw
	}
	s.tmp = unescape(s.tmp[:0], raw)
	return s.tmp
}

// unescape appends the value of a scanned string to dst.
func unescape(dst, raw []byte) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\':
			switch raw[i+1] {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				r := rune(hex4(raw[i+2:]))
				i += 6
				if utf16.IsSurrogate(r) {
					if i+1 < len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
						if dec := utf16.DecodeRune(r, rune(hex4(raw[i+2:]))); dec != unicode.ReplacementChar {
							dst = utf8.AppendRune(dst, dec)
							i += 6
							continue
						}
					}
					r = unicode.ReplacementChar
				}
				dst = utf8.AppendRune(dst, r)
				continue
			default: // '"', '\\', '/'
				dst = append(dst, raw[i+1])
			}
			i += 2
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			i++
		default:
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 {
				dst = utf8.AppendRune(dst, r)
			} else {
				dst = append(dst, raw[i:i+size]...)
			}
			i += size
		}
	}
	return dst
}

// hex4 is the value of four hex digits at the start of b, or -1.
func hex4(b []byte) int {
	if len(b) < 4 {
		return -1
	}
	v := 0
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		v = v<<4 | int(c)
	}
	return v
}

// digits reads an integer that fits in max (and, when signed, its
// negative); null reads as 0. Fractions and exponents are refused, as
// encoding/json refuses them for integer fields.
func (s *scanner) digits(signed bool, max uint64) (v uint64, neg bool) {
	if s.null() {
		return 0, false
	}
	s.peek()
	if signed && s.i < len(s.b) && s.b[s.i] == '-' {
		neg = true
		s.i++
	}
	start := s.i
	for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
		d := uint64(s.b[s.i] - '0')
		if v > (max-d)/10 {
			s.fail()
			return 0, false
		}
		v = v*10 + d
		s.i++
	}
	n := s.i - start
	if n == 0 || (n > 1 && s.b[start] == '0') {
		s.fail()
		return 0, false
	}
	if s.i < len(s.b) {
		switch s.b[s.i] {
		case '.', 'e', 'E':
			s.fail()
			return 0, false
		}
	}
	return v, neg
}

func (s *scanner) int64() int64 {
	v, neg := s.digits(true, 1<<63-1)
	if neg {
		return -int64(v)
	}
	return int64(v)
}

func (s *scanner) uint32() uint32 {
	v, _ := s.digits(false, 1<<32-1)
	return uint32(v)
}

func (s *scanner) bool() bool {
	switch s.peek() {
	case 't':
		s.literal("true")
		return !s.bad
	case 'f':
		s.literal("false")
	case 'n':
		s.literal("null")
	default:
		s.fail()
	}
	return false
}

// raw skips a value and returns its JSON.
func (s *scanner) raw() []byte {
	s.peek()
	start := s.i
	s.skip()
	return s.b[start:s.i]
}

// other skips the value of a member the summary does not keep. An odd key
// fails instead: encoding/json matches keys regardless of case, so it might
// be a field the summary does keep.
func (s *scanner) other() {
	if s.oddKey {
		s.fail()
		return
	}
	// Most values skipped are scalars: no need for the general loop.
	b, i := s.b, s.i
	if i < len(b) {
		switch c := b[i]; {
		case c == '"':
			i, _ = stringEnd(b, i)
		case c == '-' || ('0' <= c && c <= '9'):
			i = numberEnd(b, i)
		case c == 't':
			i = literalEnd(b, i, "true")
		case c == 'f':
			i = literalEnd(b, i, "false")
		case c == 'n':
			i = literalEnd(b, i, "null")
		default:
			s.skip()
			return
		}
		if i < 0 {
			s.fail()
			return
		}
		s.i = i
		return
	}
	s.skip()
}

// skip reads a value, checking its syntax, and drops it. It is one loop
// with a stack of bits rather than a recursion, as most of an event is
// skipped.
func (s *scanner) skip() {
	b, i := s.b, s.i
	var objects uint64 // bit d is set when the container at depth d is an object
	var deeper []bool  // the same past depth 64
	depth := 0
	value := true // a value comes next, else what follows one
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			s.fail()
			return
		}
		c := b[i]
		if value {
			switch c {
			case '"':
				i, _ = stringEnd(b, i)
			case '{', '[':
				if depth >= maxDepth {
					s.fail()
					return
				}
				if depth < 64 {
					objects = objects&^(1<<depth) | uint64(boolBit(c == '{'))<<depth
				} else {
					deeper = append(deeper[:depth-64], c == '{')
				}
				depth++
				i++
				for i < len(b) && isSpace(b[i]) {
					i++
				}
				if i < len(b) && b[i] == c+2 { // '}' or ']': empty
					i++
					depth--
					value = false
				} else if c == '{' {
					i = memberValue(b, i)
				}
			case 't':
				i = literalEnd(b, i, "true")
				value = false
			case 'f':
				i = literalEnd(b, i, "false")
				value = false
			case 'n':
				i = literalEnd(b, i, "null")
				value = false
			default:
				i = numberEnd(b, i)
				value = false
			}
			if c == '"' {
				value = false
			}
		} else {
			if depth == 0 {
				s.i = i
				return
			}
			object := objects&(1<<(depth-1)) != 0
			if depth > 64 {
				object = deeper[depth-65]
			}
			switch {
			case (c == '}' && object) || (c == ']' && !object):
				i++
				depth--
			case c == ',' && object:
				i = memberValue(b, i+1)
				value = true
			case c == ',':
				i++
				value = true
			default:
				s.fail()
				return
			}
		}
		if i < 0 {
			s.fail()
			return
		}
		if depth == 0 && !value {
			s.i = i
			return
		}
	}
}

// memberValue reads a member's key and colon at b[i] and returns the index
// of its value, or -1.
func memberValue(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	if i >= len(b) || b[i] != '"' {
		return -1
	}
	if i, _ = stringEnd(b, i); i < 0 {
		return -1
	}
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	if i >= len(b) || b[i] != ':' {
		return -1
	}
	return i + 1
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func boolBit(v bool) int {
	if v {
		return 1
	}
	return 0
}

// literalEnd returns the index past lit at b[i], or -1.
func literalEnd(b []byte, i int, lit string) int {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return -1
	}
	return i + len(lit)
}

// numberEnd returns the index past the number at b[i], or -1.
func numberEnd(b []byte, i int) int {
	digits := func() bool {
		start := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if !digits() {
		return -1
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return -1
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return -1
		}
	}
	return i
}
