package pipeline

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMergeRunsIsAStableSort: pages sorted and merged as they arrive come
// out as a stable sort of the whole list would.
func TestMergeRunsIsAStableSort(t *testing.T) {
	type item struct{ key, seq int }
	compare := func(a, b item) int { return a.key - b.key }
	rng := rand.New(rand.NewPCG(1, 2))
	for _, pages := range [][]int{{}, {5}, {1, 1}, {100, 3}, {7, 0, 9, 2, 30}, {10, 10, 10, 10, 10, 10, 10}, {100, 500, 500, 500, 237}} {
		b := &Lister[item]{compare: compare}
		seq := 0
		for _, n := range pages {
			start := len(b.entries)
			for range n {
				b.entries = append(b.entries, Entry[item]{Item: item{rng.IntN(8), seq}})
				seq++
			}
			if n > 0 {
				sortEntries(b.entries[start:], compare)
				b.runs = append(b.runs, len(b.entries))
				b.merge(false)
			}
		}
		want := slices.Clone(b.entries)
		slices.SortStableFunc(want, func(a, b Entry[item]) int { return a.Item.seq - b.Item.seq })
		sortEntries(want, compare)
		b.merge(true)
		got := b.entries
		if !slices.EqualFunc(got, want, func(a, b Entry[item]) bool { return a.Item == b.Item }) {
			t.Fatalf("pages %v: merged %v, want %v", pages, got, want)
		}
	}
}

func stringSpec() Spec[string] {
	return Spec[string]{Key: func(s string) string { return s }, Search: func(s string) ([]string, string) { return []string{s}, "" }}
}

// TestListerDropsRepeatedItems: a page served again keeps the first copy of
// its items, whatever order the keys come in.
func TestListerDropsRepeatedItems(t *testing.T) {
	tests := map[string]struct {
		pages [][]string
		want  []string
	}{
		"increasing keys":            {[][]string{{"a", "b"}, {"c", "d"}}, []string{"a", "b", "c", "d"}},
		"page 1 again":               {[][]string{{"a", "b"}, {"c"}, {"a", "b"}}, []string{"a", "b", "c"}},
		"unordered but unique":       {[][]string{{"b", "a"}, {"d", "c"}}, []string{"b", "a", "d", "c"}},
		"unordered with a repeat":    {[][]string{{"b", "a"}, {"c", "b"}, {"a"}}, []string{"b", "a", "c"}},
		"the same key twice at once": {[][]string{{"a", "a", "b"}}, []string{"a", "b"}},
	}
	for name, tc := range tests {
		b := NewLister(stringSpec(), nil, 0)
		for _, p := range tc.pages {
			b.Add(p)
		}
		if got := b.List().Items(); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", name, got, tc.want)
		}
	}
}

// TestSortEntriesIsStable: equal items keep their order, as the merged
// pages of a load expect.
func TestSortEntriesIsStable(t *testing.T) {
	type item struct{ key, seq int }
	compare := func(a, b item) int { return a.key - b.key }
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 13, 100, 5000} {
		for _, keys := range []int{1, 3, 1000} {
			entries := make([]Entry[item], n)
			for i := range entries {
				entries[i].Item = item{rng.IntN(keys), i}
			}
			want := slices.Clone(entries)
			slices.SortStableFunc(want, func(a, b Entry[item]) int { return a.Item.key - b.Item.key })
			sortEntries(entries, compare)
			if !slices.EqualFunc(entries, want, func(a, b Entry[item]) bool { return a.Item == b.Item }) {
				t.Fatalf("%d items, %d keys: not the stable order", n, keys)
			}
		}
	}
}

// TestListingSummary: the summary describes the whole list, in its order.
func TestListingSummary(t *testing.T) {
	spec := stringSpec()
	spec.Summary = func(items []string) string {
		out := ""
		for _, s := range items {
			out += s
		}
		return out
	}
	l := Build(spec, func(a, b string) int { return -compareStrings(a, b) }, []string{"a", "c", "b"})
	if l.Summary != "cba" {
		t.Fatalf("summary %q, want cba", l.Summary)
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
