package client

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"syscall"
	"testing"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// BenchmarkDecode decodes the pages of a whole events list, in pages of the
// default size: into the summaries the events view keeps, and with
// encoding/json into full events.
//
//	go test ./client -run '^$' -bench Decode -benchmem
func BenchmarkDecode(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		pages := fakePages(b, fakebackend.Options{Events: n}, false, strconv.Itoa(DefaultPageSize))
		size := 0
		for _, p := range pages {
			size += len(p)
		}
		b.Run(fmt.Sprintf("events=%d/summary", n), func(b *testing.B) {
			b.SetBytes(int64(size))
			perPage(b, len(pages), func() {
				d := newSummaryDecoder()
				for _, p := range pages {
					if _, err := d.page("/", p); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
		b.Run(fmt.Sprintf("events=%d/full-event", n), func(b *testing.B) {
			b.SetBytes(int64(size))
			perPage(b, len(pages), func() {
				for _, p := range pages {
					var page []Event
					if err := json.Unmarshal(p, &page); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// perPage runs body, which decodes pages pages, b.N times and reports the
// allocations per page, and the CPU time per run, which other processes
// on the machine disturb less than the time.
func perPage(b *testing.B, pages int, body func()) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu := cpuTime()
	for b.Loop() {
		body()
	}
	cpu = cpuTime() - cpu
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N*pages), "allocs/page")
	b.ReportMetric(float64(cpu)/1e6/float64(b.N), "cpu-ms/op")
}

// cpuTime is the CPU time used by the whole process so far, in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
