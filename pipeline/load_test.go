package pipeline

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func pagesOf(pages ...[]string) func(ctx context.Context, onPage func([]string) error) error {
	return func(ctx context.Context, onPage func([]string) error) error {
		for _, p := range pages {
			if err := onPage(p); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestLoadRun(t *testing.T) {
	desc := func(a, b string) int { return -compareStrings(a, b) }
	tests := map[string]struct {
		load      Load[string]
		wantFirst []string // the first page, when shown on its own
		wantFinal []string
		wantErr   bool
	}{
		"first page then the sorted whole": {
			load:      Load[string]{Spec: stringSpec(), Compare: desc, ShowFirst: true, Fetch: pagesOf([]string{"a", "c"}, []string{"b", "d"})},
			wantFirst: []string{"c", "a"},
			wantFinal: []string{"d", "c", "b", "a"},
		},
		"a poll sends only the whole": {
			load:      Load[string]{Spec: stringSpec(), Compare: desc, Fetch: pagesOf([]string{"a", "c"}, []string{"b"})},
			wantFinal: []string{"c", "b", "a"},
		},
		"enrich sees the whole list first": {
			load: Load[string]{Spec: stringSpec(), Compare: desc, Fetch: pagesOf([]string{"a"}, []string{"b"}),
				Enrich: func(_ context.Context, items []string) error {
					for i := range items {
						items[i] += "!"
					}
					return nil
				}},
			wantFinal: []string{"b!", "a!"},
		},
		"an error ends the load": {
			load: Load[string]{Spec: stringSpec(), Fetch: func(ctx context.Context, onPage func([]string) error) error {
				onPage([]string{"a"})
				return errors.New("boom")
			}},
			wantErr: true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got []Update[string]
			tc.load.Run(context.Background(), func(u Update[string], wait bool) bool {
				got = append(got, u)
				return true
			})
			var first, final []string
			for _, u := range got {
				switch {
				case u.Final:
					if u.List != nil {
						final = u.List.Items()
					}
					if (u.Err != nil) != tc.wantErr {
						t.Fatalf("error %v, want error: %v", u.Err, tc.wantErr)
					}
				case u.List != nil:
					first = u.List.Items()
				}
			}
			if !got[len(got)-1].Final {
				t.Fatalf("the last update is not final: %+v", got)
			}
			if !slices.Equal(first, tc.wantFirst) || !slices.Equal(final, tc.wantFinal) {
				t.Fatalf("first %v final %v, want %v and %v", first, final, tc.wantFirst, tc.wantFinal)
			}
		})
	}
}

// TestLoadCanceledSendsNothingMore: once the view gives up on a load, the
// load sends no final list it would have to throw away.
func TestLoadCanceledSendsNothingMore(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	sent := 0
	Load[string]{Spec: stringSpec(), ShowFirst: true, Fetch: func(ctx context.Context, onPage func([]string) error) error {
		onPage([]string{"a"})
		cancel()
		return ctx.Err()
	}}.Run(ctx, func(u Update[string], wait bool) bool {
		sent++
		return true
	})
	if sent != 1 {
		t.Fatalf("%d updates sent, want only the first page", sent)
	}
}
