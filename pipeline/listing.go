// Package pipeline turns pages of a Sensu list into what a list view shows:
// it builds sorted listings while the pages arrive, indexes what the filter
// searches, and filters. It knows nothing about the terminal, so it is
// tested and measured on its own.
package pipeline

import (
	"slices"
	"strings"
)

// Spec is what the pipeline needs to know of one kind of item.
type Spec[T any] struct {
	// Key identifies an item across loads.
	Key func(T) string
	// Search is what the filter looks at: names (short fields, each matched
	// fuzzily) and free text (matched as a substring only, since long text
	// contains almost any short pattern as a subsequence).
	Search func(T) (names []string, text string)
	// Labels are what label selectors test; nil when the items have none.
	Labels func(T) map[string]string
	// Fields are what field selectors test, by Sensu's field names
	// ("event.check.status"); lists are joined with commas. nil for none.
	Fields func(T) map[string]string
	// Summary, when set, is the header summary of a whole list, and
	// ShortSummary a shorter form of it for a narrow terminal.
	Summary, ShortSummary func(items []T) string
}

// Listing is a loaded list in display order, with the distinct lower-cased
// names its entries refer to and the header summary of its items.
type Listing[T any] struct {
	Entries []Entry[T]
	Names   Names
	// Summary and Short are the header summary of the items, in full and short.
	Summary, Short string
}

// Items is every item of the listing, in order.
func (l *Listing[T]) Items() []T {
	out := make([]T, len(l.Entries))
	for i, e := range l.Entries {
		out[i] = e.Item
	}
	return out
}

// Sort puts the listing in a new order; equal items keep theirs.
func (l *Listing[T]) Sort(compare func(a, b T) int) { sortEntries(l.Entries, compare) }

// Entry is one loaded item with its lower-cased search fields: names, as
// indexes into the listing's Names, each matched on its own so that a fuzzy
// match never spans two of them; and free text.
type Entry[T any] struct {
	Item  T
	names []int32
	text  string
}

// Names are a listing's distinct search names. Thousands of events share an
// entity or a check, so the filter matches each name once, not once per event.
type Names []string

// Len and String let the fuzzy matcher read Names as its source.
func (n Names) Len() int            { return len(n) }
func (n Names) String(i int) string { return n[i] }

// Build makes the sorted listing of items at once.
func Build[T any](spec Spec[T], compare func(a, b T) int, items []T) *Listing[T] {
	b := NewLister(spec, compare, len(items))
	b.Add(items)
	return b.List()
}

// Lister builds a listing from pages of items. Each page becomes a sorted
// run as it arrives and is merged with the runs before it no longer than
// itself, as a binary counter carries, so that most of the sorting is done
// while the next page is fetched and little is left for the end.
//
// An item seen twice keeps its first copy: a server that ignores a continue
// token it cannot decode answers with page 1 again. Sensu lists come in key
// order, so while keys keep increasing no item can repeat, and a set of keys
// is only built once they do not.
type Lister[T any] struct {
	spec    Spec[T]
	compare func(a, b T) int
	last    string              // the last key, while keys increase
	seen    map[string]struct{} // every key, once they did not
	ids     map[string]int32    // search name as given → index in names
	names   Names
	entries []Entry[T]
	runs    []int // where each sorted run ends in entries
	scratch []Entry[T]
	slab    []int32
}

// NewLister starts a list of about size items: sizing for them at once
// saves growing the entries step by step. A nil compare keeps the order the
// items come in.
func NewLister[T any](spec Spec[T], compare func(a, b T) int, size int) *Lister[T] {
	return &Lister[T]{spec: spec, compare: compare, ids: map[string]int32{}, entries: make([]Entry[T], 0, size)}
}

// Len is the number of distinct items added so far.
func (b *Lister[T]) Len() int { return len(b.entries) }

// fresh reports whether no item with key k was added before.
func (b *Lister[T]) fresh(k string) bool {
	if b.seen == nil {
		if len(b.entries) == 0 || k > b.last {
			b.last = k
			return true
		}
		b.seen = make(map[string]struct{}, 2*len(b.entries))
		for _, e := range b.entries {
			b.seen[b.spec.Key(e.Item)] = struct{}{}
		}
	}
	n := len(b.seen)
	b.seen[k] = struct{}{}
	return len(b.seen) > n
}

// Add indexes and sorts one page of items.
func (b *Lister[T]) Add(items []T) {
	start := len(b.entries)
	for _, it := range items {
		if !b.fresh(b.spec.Key(it)) {
			continue
		}
		searchNames, text := b.spec.Search(it)
		if cap(b.slab)-len(b.slab) < len(searchNames) {
			// A new chunk, not a bigger copy: earlier entries keep theirs.
			b.slab = make([]int32, 0, max(4096, len(searchNames)))
		}
		first := len(b.slab)
		for _, name := range searchNames {
			id, ok := b.ids[name]
			if !ok {
				id = int32(len(b.names))
				b.ids[name] = id
				b.names = append(b.names, strings.ToLower(name))
			}
			b.slab = append(b.slab, id)
		}
		b.entries = append(b.entries, Entry[T]{Item: it, names: b.slab[first:len(b.slab):len(b.slab)], text: strings.ToLower(text)})
	}
	if len(b.entries) > start {
		sortEntries(b.entries[start:], b.compare)
		b.runs = append(b.runs, len(b.entries))
		b.merge(false)
	}
}

// merge merges the last run into the one before it while that one is no
// longer, or, when all is set, until one run is left.
func (b *Lister[T]) merge(all bool) {
	if b.compare == nil {
		return
	}
	for n := len(b.runs); n >= 2; n = len(b.runs) {
		start := 0
		if n >= 3 {
			start = b.runs[n-3]
		}
		mid, end := b.runs[n-2], b.runs[n-1]
		if !all && mid-start > end-mid {
			return
		}
		b.scratch = mergeRuns(b.entries[start:end], mid-start, b.scratch, b.compare)
		b.runs = append(b.runs[:n-2], end)
	}
}

// List merges the sorted runs into a listing; the lister is done then.
func (b *Lister[T]) List() *Listing[T] {
	b.merge(true)
	l := &Listing[T]{Entries: b.entries, Names: b.names}
	if b.spec.Summary != nil || b.spec.ShortSummary != nil {
		items := l.Items()
		if b.spec.Summary != nil {
			l.Summary = b.spec.Summary(items)
		}
		if b.spec.ShortSummary != nil {
			l.Short = b.spec.ShortSummary(items)
		}
	}
	return l
}

func sortEntries[T any](entries []Entry[T], compare func(a, b T) int) {
	if compare == nil {
		return
	}
	slices.SortStableFunc(entries, func(a, b Entry[T]) int { return compare(a.Item, b.Item) })
}

// mergeRuns merges the sorted runs entries[:mid] and entries[mid:] in
// place, the first run first on ties, which is what a stable sort of the
// whole gives. It copies the first run to scratch, and returns scratch for
// the next merge.
func mergeRuns[T any](entries []Entry[T], mid int, scratch []Entry[T], compare func(a, b T) int) []Entry[T] {
	first := append(scratch[:0], entries[:mid]...)
	i, j, k := 0, mid, 0
	for i < len(first) && j < len(entries) {
		if compare(entries[j].Item, first[i].Item) < 0 {
			entries[k] = entries[j]
			j++
		} else {
			entries[k] = first[i]
			i++
		}
		k++
	}
	copy(entries[k:], first[i:])
	clear(first) // the entries are in place again: scratch must not keep them alive
	return first
}
