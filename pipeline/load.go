package pipeline

import (
	"context"
	"time"
)

// Update is one step of a load: the first page, a progress count, or the end.
type Update[T any] struct {
	// Progress is how many items have arrived so far.
	Progress int
	// List is the first page (not Final) or the whole sorted list (Final, no Err).
	List *Listing[T]
	// Final marks the last update of a load.
	Final bool
	Err   error
}

// Load is one walk of a list, with everything it needs copied in, so that
// the goroutine running it shares nothing with the view that started it.
type Load[T any] struct {
	Spec    Spec[T]
	Compare func(a, b T) int
	// SizeHint is the last list's length, as a guess of this one's.
	SizeHint int
	// ShowFirst sends the first page on its own, for a list with nothing on screen yet.
	ShowFirst bool
	// Fetch walks the list, handing over each page as it arrives.
	Fetch func(ctx context.Context, onPage func([]T) error) error
	// Enrich, when set, adds facts from other resources to the complete list
	// before it is indexed.
	Enrich func(ctx context.Context, items []T) error
}

// ProgressEvery spaces the progress counts of a load: each one redraws the
// screen, which would cost a busy backend's client more than the decoding.
const ProgressEvery = 100 * time.Millisecond

// Run walks the list, building and sorting the entries of each page while
// the next page is fetched, and merges the sorted pages at the end. send
// delivers an update: when wait is false it may refuse one the receiver
// has no room for, and progress counts are then skipped, so a busy UI
// never holds the walk up. It reports whether the update was delivered.
// Nothing is sent once ctx is done.
func (l Load[T]) Run(ctx context.Context, send func(u Update[T], wait bool) bool) {
	b := NewLister(l.Spec, l.Compare, l.SizeHint)
	var all []T // kept only when Enrich needs the whole list before entries are built
	count := 0
	showFirst := l.ShowFirst
	var progressed time.Time
	err := l.Fetch(ctx, func(page []T) error {
		count += len(page)
		if l.Enrich != nil {
			all = append(all, page...)
		} else {
			b.Add(page)
		}
		if showFirst {
			showFirst = false
			progressed = time.Now()
			if !send(Update[T]{Progress: count, List: Build(l.Spec, l.Compare, page)}, true) {
				return ctx.Err()
			}
		} else if time.Since(progressed) >= ProgressEvery && send(Update[T]{Progress: count}, false) {
			progressed = time.Now()
		}
		return nil
	})
	if err == nil && l.Enrich != nil {
		err = l.Enrich(ctx, all)
		b.Add(all)
	}
	if ctx.Err() != nil {
		return
	}
	u := Update[T]{Final: true, Err: err, Progress: count}
	if err == nil {
		u.List = b.List()
	}
	send(u, true)
}
