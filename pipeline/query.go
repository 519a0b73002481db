package pipeline

import (
	"strings"

	"github.com/sahilm/fuzzy"

	"github.com/sensu-tui/sensu-tui/client"
)

// Query is a parsed filter. Words separated by spaces must all match, each
// against any field: fuzzily on names, as a substring of names and text. A
// leading "'" asks for substrings only, a leading "!" keeps what does not
// match; "l:" takes a label selector and "f:" a field selector instead.
type Query struct {
	words  []string
	invert bool
	exact  bool
	labels client.Selector
	fields client.Selector
	// Err is a selector that does not parse; such a query filters nothing.
	Err error
}

// ParseQuery reads what the user typed in the filter.
func ParseQuery(text string) Query {
	q := Query{}
	text = strings.TrimSpace(text)
	if sel, ok := strings.CutPrefix(text, "l:"); ok {
		q.labels, q.Err = client.ParseSelector(sel)
		return q
	}
	if sel, ok := strings.CutPrefix(text, "f:"); ok {
		q.fields, q.Err = client.ParseSelector(sel)
		return q
	}
	text = strings.ToLower(text)
	text, q.invert = strings.CutPrefix(text, "!")
	text, q.exact = strings.CutPrefix(text, "'")
	q.words = strings.Fields(text)
	return q
}

// Empty reports whether the query keeps everything.
func (q Query) Empty() bool {
	return len(q.words) == 0 && q.labels.Empty() && q.fields.Empty()
}

// Fields is the field selector of an "f:" query.
func (q Query) Fields() client.Selector { return q.fields }

// Words is the words of a text query, lower-cased.
func (q Query) Words() []string { return q.words }

// Filter is everything that narrows a list: the user's query, a view's own
// predicate (a status scope), and the selectors given at start-up, which
// the community edition ignores on the server.
type Filter[T any] struct {
	Query Query
	// Keep, when set, is a view's own predicate.
	Keep func(T) bool
	// Labels and Fields are the start-up selectors.
	Labels, Fields client.Selector
}

// Apply returns the items of l that the filter keeps, in order.
func (f Filter[T]) Apply(spec Spec[T], l *Listing[T]) []T {
	var hit []bool
	if len(f.Query.words) > 0 {
		hit = matching(f.Query, l)
	}
	// Labels may be built per item: only ask when there is a selector.
	selecting := spec.Labels != nil && (!f.Query.labels.Empty() || !f.Labels.Empty())
	selectingFields := spec.Fields != nil && (!f.Query.fields.Empty() || !f.Fields.Empty())
	shown := make([]T, 0, len(l.Entries))
	for i, e := range l.Entries {
		if hit != nil && hit[i] == f.Query.invert {
			continue
		}
		if f.Keep != nil && !f.Keep(e.Item) {
			continue
		}
		if selecting {
			labels := spec.Labels(e.Item)
			if !f.Query.labels.Matches(labels) || !f.Labels.Matches(labels) {
				continue
			}
		}
		if selectingFields {
			fields := spec.Fields(e.Item)
			if !f.Query.fields.Matches(fields) || !f.Fields.Matches(fields) {
				continue
			}
		}
		shown = append(shown, e.Item)
	}
	return shown
}

// matching marks the entries every word matches. Each distinct name is
// matched once per word, then each entry looks its names up.
func matching[T any](q Query, l *Listing[T]) []bool {
	hit := make([]bool, len(l.Entries))
	for i := range hit {
		hit[i] = true
	}
	named := make([]bool, len(l.Names))
	for _, word := range q.words {
		for i, n := range l.Names {
			named[i] = strings.Contains(n, word)
		}
		if !q.exact {
			for _, m := range fuzzy.FindFromNoSort(word, l.Names) {
				named[m.Index] = true
			}
		}
		for i, e := range l.Entries {
			if hit[i] {
				hit[i] = matchesEntry(e.names, e.text, named, word)
			}
		}
	}
	return hit
}

func matchesEntry(ids []int32, text string, named []bool, word string) bool {
	for _, id := range ids {
		if named[id] {
			return true
		}
	}
	return strings.Contains(text, word)
}
