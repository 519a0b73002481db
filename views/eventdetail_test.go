package views

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// runs is a history of the given statuses, a minute apart, ending a
// minute before viewTestNow.
func runs(statuses ...uint32) []client.CheckHistory {
	h := make([]client.CheckHistory, len(statuses))
	for i, s := range statuses {
		h[i] = client.CheckHistory{Status: s, Executed: viewTestNow.Add(-time.Duration(len(statuses)-i) * time.Minute).Unix()}
	}
	return h
}

func TestSince(t *testing.T) {
	cases := []struct {
		name    string
		status  uint32
		history []client.CheckHistory
		want    string
	}{
		{"failing after OK", 2, runs(0, 0, 1, 2, 2), "2026-11-22 04:27:00 UTC (3m ago), the last 3 runs"},
		{"a warning starts the streak", 2, runs(0, 1, 2), "2026-11-22 04:28:00 UTC (2m ago), the last 2 runs"},
		{"failing since the last run", 2, runs(0, 0, 2), "2026-11-22 04:29:00 UTC (1m ago), the last run"},
		{"failing through the whole history", 2, runs(2, 1, 2), "at least 2026-11-22 04:27:00 UTC (3m ago), all 3 runs"},
		{"passing after failing", 0, runs(2, 0, 0), "2026-11-22 04:28:00 UTC (2m ago), the last 2 runs"},
		{"passing through the whole history", 0, runs(0, 0), "at least 2026-11-22 04:28:00 UTC (2m ago), all 2 runs"},
		{"no history", 2, nil, "unknown: the history does not show it"},
		{"history behind the status", 0, runs(0, 2), "unknown: the history does not show it"},
	}
	for _, tc := range cases {
		c := client.Check{Status: tc.status, History: tc.history}
		if got := since(viewTestNow, c); got != tc.want {
			t.Errorf("%s: since = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestEventDetailFold: whatever the output's length, the status, the
// failing-since line, the output's first lines and every run of the
// history fit in the page's height; the rest comes after them.
func TestEventDetailFold(t *testing.T) {
	st := styles.Default()
	long := strings.Repeat("a line of output that goes on and on and on for well over eighty columns of text\n", 40)
	for _, size := range []struct{ w, h int }{{80, 19}, {120, 35}, {40, 12}} {
		for _, output := range []string{"", "one line", long} {
			for _, n := range []int{1, 5, 21} {
				name := fmt.Sprintf("%dx%d, %d output lines, %d runs", size.w, size.h, strings.Count(output, "\n"), n)
				statuses := make([]uint32, n)
				for i := range statuses {
					statuses[i] = uint32(i % 3)
				}
				var e client.Event
				e.Check = client.Check{Status: statuses[n-1], Output: output, History: runs(statuses...)}
				lines := strings.Split(eventDetail(st, e, Frame{Now: viewTestNow, Width: size.w, Height: size.h}), "\n")
				last := 0
				for i, line := range lines {
					if styles.Width(line) > size.w && i < size.h {
						t.Errorf("%s: line %d is %d cells wide: %q", name, i, styles.Width(line), line)
					}
					if strings.Contains(line, time.Unix(e.Check.History[n-1].Executed, 0).UTC().Format("15:04:05")) &&
						strings.HasPrefix(line, "  ") {
						last = i
					}
				}
				if !strings.HasPrefix(lines[1], "Failing since:") && !strings.HasPrefix(lines[1], "OK since:") {
					t.Errorf("%s: the second line is %q", name, lines[1])
				}
				if size.h >= 19 && last >= size.h {
					t.Errorf("%s: the last run is on line %d, below the fold at %d", name, last+1, size.h)
				}
				if size.h >= 19 && output == long && !strings.Contains(strings.Join(lines[:size.h], "\n"), "a line of output") {
					t.Errorf("%s: no output above the fold", name)
				}
				if output == long && !strings.Contains(strings.Join(lines, "\n"), "Output, all of it:") {
					t.Errorf("%s: the whole output is not on the page", name)
				}
			}
		}
	}
}
