package views

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/pipeline"
)

// The events view at the sizes of big Sensu installations. Compare each
// figure at 100,000 events with the one at 1,000:
//
//	go test ./views -run '^$' -bench Events -benchmem

var benchSizes = []int{1000, 10000, 100000}

// benchClient is a client of a fake backend with n synthetic events, served in process.
func benchClient(b *testing.B, n int) *client.Client {
	b.Helper()
	backend := fakebackend.New(fakebackend.Options{Events: n, Now: fixedViewNow})
	c, err := client.New(client.Config{URL: "http://fake", Transport: &fakebackend.Transport{Handler: backend}})
	if err != nil {
		b.Fatal(err)
	}
	if err := c.Login(context.Background(), fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		b.Fatal(err)
	}
	return c
}

// benchSummaries are n synthetic events as a full load decodes them.
func benchSummaries(b *testing.B, n int) (*client.Client, []*client.EventSummary) {
	b.Helper()
	c := benchClient(b, n)
	items, err := client.ListAll[*client.EventSummary](context.Background(), c, client.Events, client.ListOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return c, items
}

// benchEvents is an events view holding n events, drawn like a 120x40 terminal.
func benchEvents(b *testing.B, n int) *Events {
	b.Helper()
	c, items := benchSummaries(b, n)
	v := NewEvents(Env{Client: c, Now: fixedViewNow})
	v.SetSize(120, 36)
	fill(v.Resource, items)
	v.loaded = true
	return v
}

func forSizes(b *testing.B, run func(b *testing.B, v *Events)) {
	for _, n := range benchSizes {
		v := benchEvents(b, n)
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) { run(b, v) })
	}
}

// BenchmarkEventsView is one frame: the header line and the list.
func BenchmarkEventsView(b *testing.B) {
	forSizes(b, func(b *testing.B, v *Events) {
		for b.Loop() {
			_ = v.Status() + v.View()
		}
	})
}

// BenchmarkEventsCursor is a key press that moves the cursor down.
func BenchmarkEventsCursor(b *testing.B) {
	down := tea.KeyMsg{Type: tea.KeyDown}
	forSizes(b, func(b *testing.B, v *Events) {
		for b.Loop() {
			v.Update(down)
		}
	})
}

// BenchmarkEventsFilter is one keystroke in the filter: typing a check name
// one letter at a time, then clearing it.
func BenchmarkEventsFilter(b *testing.B) {
	typed := "synth-check-07"
	forSizes(b, func(b *testing.B, v *Events) {
		i := 0
		for b.Loop() {
			v.SetFilter(typed[:i%(len(typed)+1)])
			i++
		}
		v.SetFilter("")
	})
}

// BenchmarkEventsSort is the key press that sorts by the next column.
func BenchmarkEventsSort(b *testing.B) {
	next := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")}
	forSizes(b, func(b *testing.B, v *Events) {
		for b.Loop() {
			v.Update(next)
		}
	})
}

// BenchmarkEventsSwap is what a refresh costs the UI goroutine: the one
// message that puts the new list in the view.
func BenchmarkEventsSwap(b *testing.B) {
	for _, n := range benchSizes {
		v := benchEvents(b, n)
		_, items := benchSummaries(b, n)
		fresh := pipeline.Build(v.spec.data(), v.compare(), items)
		v.table.MoveDown(5)
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			for b.Loop() {
				v.loading = true
				v.onPage(pageMsg[*client.EventSummary]{route: v.route(), order: v.order(), update: pipeline.Update[*client.EventSummary]{List: fresh, Final: true}})
			}
		})
	}
}

// BenchmarkEventsHeap reports what the view keeps per event after a full
// load and a garbage collection (heap-B/event).
func BenchmarkEventsHeap(b *testing.B) {
	for _, n := range benchSizes[1:] {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			c := benchClient(b, n)
			var perEvent float64
			for b.Loop() {
				before := heapInUse()
				v := NewEvents(Env{Client: c, Now: fixedViewNow})
				for msg := v.load()(); msg != nil; {
					m, ok := msg.(pageMsg[*client.EventSummary])
					if !ok {
						// The load's batch: the first command waits for its pages.
						msg = msg.(tea.BatchMsg)[0]()
						continue
					}
					v.onPage(m)
					if m.update.Final {
						break
					}
					msg = waitFor(m.next)()
				}
				perEvent = float64(heapInUse()-before) / float64(len(v.Items()))
				runtime.KeepAlive(v)
			}
			b.ReportMetric(perEvent, "heap-B/event")
		})
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
