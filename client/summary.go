package client

import (
	"encoding/json"
	"net/http"
	"slices"
	"unicode"
	"unicode/utf8"
)

// MaxSummaryOutput caps EventSummary.Check.Output, so that a list's memory
// does not grow with the length of check outputs.
const MaxSummaryOutput = 256

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
// fields a summary keeps, with a streaming jsontext.Decoder, and skips the
// rest without building them, which is several times faster than
// encoding/json on Sensu's large events. Across the pages of one walk it
// shares one copy of each name, label set and subscription list, since
// thousands of events share an entity or a check.
type summaryDecoder struct {
	strs   map[string]string
	labels map[string]map[string]string // by their JSON
	subs   map[string][]string          // by their JSON
	reader textReader
}

func newSummaryDecoder() *summaryDecoder {
	return &summaryDecoder{strs: map[string]string{}, labels: map[string]map[string]string{}, subs: map[string][]string{}}
}

// page decodes one list page. Anything the reader does not accept is
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

// fast decodes a page with the reader alone.
func (d *summaryDecoder) fast(body []byte) ([]*EventSummary, bool) {
	p := &pageState{}
	if !d.reader.read(d, body, p) {
		return nil, false
	}
	return p.rows(), true
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

// add starts the next event.
func (p *pageState) add() (*EventSummary, *eventRefs) {
	p.events = append(p.events, EventSummary{})
	p.refs = append(p.refs, eventRefs{})
	return &p.events[len(p.events)-1], &p.refs[len(p.refs)-1]
}

// expect makes room for n events like the first one read: the events of
// a page are alike.
func (p *pageState) expect(n int) {
	p.events = slices.Grow(p.events, n)
	p.refs = slices.Grow(p.refs, n)
	p.text = slices.Grow(p.text, n*len(p.text))
	p.history = slices.Grow(p.history, n*len(p.history))
}

// span appends b to the page text and returns where it is.
func (p *pageState) span(b []byte) [2]int32 {
	start := len(p.text)
	p.text = append(p.text, b...)
	return [2]int32{int32(start), int32(len(p.text))}
}

// output keeps what a summary shows of a check output.
func (p *pageState) output(refs *eventRefs, out []byte) {
	refs.output = p.span(summaryOutput(out))
}

// status appends one past result's status to the page's histories.
func (p *pageState) status(s uint32) {
	p.history = append(p.history, uint8(min(s, 255)))
}

// historyFrom ends an event's history, begun when the histories were start long.
func (p *pageState) historyFrom(refs *eventRefs, start int) {
	refs.history = [2]int32{int32(start), int32(len(p.history))}
}

// end finishes an event once all of it is read: the event's namespace,
// else its entity's, is the namespace of both parts, and it makes the key.
func (p *pageState) end(e *EventSummary, refs *eventRefs, eventNS, entityNS string) {
	if eventNS == "" {
		eventNS = entityNS
	}
	e.Entity.Metadata.Namespace, e.Check.Metadata.Namespace = eventNS, eventNS
	start := len(p.text)
	p.text = append(append(append(append(append(p.text, eventNS...), '/'), e.Entity.Metadata.Name...), '/'), e.Check.Metadata.Name...)
	refs.key = [2]int32{int32(start), int32(len(p.text))}
}

// rows turns the page into its summaries.
func (p *pageState) rows() []*EventSummary {
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
	return rows
}

// str returns the shared copy of a string.
func (d *summaryDecoder) str(b []byte) string {
	if v, ok := d.strs[string(b)]; ok {
		return v
	}
	v := string(b)
	d.strs[v] = v
	return v
}

// labelSet returns the shared copy of the label map whose JSON is raw.
func (d *summaryDecoder) labelSet(raw []byte) (map[string]string, bool) {
	if m, ok := d.labels[string(raw)]; ok {
		return m, true
	}
	var m map[string]string
	if json.Unmarshal(raw, &m) != nil {
		return nil, false
	}
	d.labels[string(raw)] = m
	return m, true
}

// strings returns the shared copy of the list of strings whose JSON is raw.
func (d *summaryDecoder) strings(raw []byte) ([]string, bool) {
	if l, ok := d.subs[string(raw)]; ok {
		return l, true
	}
	var l []string
	if json.Unmarshal(raw, &l) != nil {
		return nil, false
	}
	d.subs[string(raw)] = l
	return l, true
}
