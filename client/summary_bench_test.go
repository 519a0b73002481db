package client

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// BenchmarkDecode decodes the pages of a whole events list, 500 events a
// page: into the summaries the events view keeps, and with encoding/json
// into full events, as before.
//
//	go test ./client -run '^$' -bench Decode -benchmem
func BenchmarkDecode(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		pages := fakePages(b, fakebackend.Options{Events: n}, false, "500")
		size := 0
		for _, p := range pages {
			size += len(p)
		}
		b.Run(fmt.Sprintf("events=%d/summary", n), func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				d := newSummaryDecoder()
				for _, p := range pages {
					if _, err := d.page("/", p); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(fmt.Sprintf("events=%d/full-event", n), func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, p := range pages {
					var page []Event
					if err := json.Unmarshal(p, &page); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
