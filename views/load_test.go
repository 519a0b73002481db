package views

import (
	"math/rand/v2"
	"slices"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
)

// TestMergeRunsIsAStableSort: pages sorted and merged as they arrive come
// out as a stable sort of the whole list would.
func TestMergeRunsIsAStableSort(t *testing.T) {
	type item struct{ key, seq int }
	compare := func(a, b item) int { return a.key - b.key }
	rng := rand.New(rand.NewPCG(1, 2))
	for _, pages := range [][]int{{}, {5}, {1, 1}, {100, 3}, {7, 0, 9, 2, 30}, {10, 10, 10, 10, 10, 10, 10}, {100, 500, 500, 500, 237}} {
		b := &lister[item]{compare: compare}
		seq := 0
		for _, n := range pages {
			start := len(b.entries)
			for range n {
				b.entries = append(b.entries, entry[item]{item: item{rng.IntN(8), seq}})
				seq++
			}
			if n > 0 {
				sortEntries(b.entries[start:], compare)
				b.runs = append(b.runs, len(b.entries))
				b.merge(false)
			}
		}
		want := slices.Clone(b.entries)
		slices.SortStableFunc(want, func(a, b entry[item]) int { return a.item.seq - b.item.seq })
		sortEntries(want, compare)
		b.merge(true)
		got := b.entries
		if !slices.EqualFunc(got, want, func(a, b entry[item]) bool { return a.item == b.item }) {
			t.Fatalf("pages %v: merged %v, want %v", pages, got, want)
		}
	}
}

// TestListerDropsRepeatedItems: a page served again keeps the first copy of
// its items, whatever order the keys come in.
func TestListerDropsRepeatedItems(t *testing.T) {
	spec := Spec[string]{Key: func(s string) string { return s }, Search: func(s string) ([]string, string) { return []string{s}, "" }}
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
		b := newLister(spec, nil, 0)
		for _, p := range tc.pages {
			b.add(p)
		}
		var got []string
		for _, e := range b.list().entries {
			got = append(got, e.item)
		}
		if !slices.Equal(got, tc.want) {
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
			entries := make([]entry[item], n)
			for i := range entries {
				entries[i].item = item{rng.IntN(keys), i}
			}
			want := slices.Clone(entries)
			slices.SortStableFunc(want, func(a, b entry[item]) int { return a.item.key - b.item.key })
			sortEntries(entries, compare)
			if !slices.EqualFunc(entries, want, func(a, b entry[item]) bool { return a.item == b.item }) {
				t.Fatalf("%d items, %d keys: not the stable order", n, keys)
			}
		}
	}
}

// TestSortChangedWhileLoading: a list sorted in the order the load started
// with is shown in the order chosen since, not under its name.
func TestSortChangedWhileLoading(t *testing.T) {
	events := []client.Event{
		filterEvent("web-01", "disk", "", nil),
		filterEvent("cache-01", "redis", "", nil),
		filterEvent("db-01", "pg", "", nil),
	}
	events[0].Check.Status = 2 // severity first puts web-01 on top
	v := NewEvents(Env{})
	started := v.order()
	list := walkJob[*client.EventSummary]{spec: v.spec, compare: v.compare()}.entries(summaries(events))
	v.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")}) // sort by entity
	v.Update(pageMsg[*client.EventSummary]{view: v.spec.Name, gen: v.gen, order: started, list: list, final: true})
	var got []string
	for _, e := range v.table.Items() {
		got = append(got, e.Entity.Metadata.Name)
	}
	if want := []string{"cache-01", "db-01", "web-01"}; !slices.Equal(got, want) {
		t.Fatalf("%s shows %v, want %v", v.Status(), got, want)
	}
}
