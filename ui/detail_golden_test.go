package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// Golden tests for the event detail page: regenerate with
// `go test ./ui -run TestEventDetailGolden -update`.

// result is one run of a check, as an agent reports it.
type result struct {
	status uint32
	output string
	at     time.Time
}

// putRuns sends a check's results in turn, so that the backend builds the
// event's history from them. Flap thresholds make a flapping check.
func putRuns(t *testing.T, f *fake, entity, check string, flapping bool, runs []result) {
	t.Helper()
	for _, r := range runs {
		fields := map[string]any{"command": "check-" + check, "interval": 60, "subscriptions": []string{"app"},
			"handlers": []string{"pagerduty"}, "status": r.status, "output": r.output, "executed": r.at.Unix()}
		if flapping {
			fields["low_flap_threshold"], fields["high_flap_threshold"] = 20, 40
		}
		if err := f.b.SendCheckResult("default", entity, check, fields, r.at.Unix()); err != nil {
			t.Fatal(err)
		}
	}
}

// runsOf makes results a minute apart, the last one a minute before the
// test clock, with the given statuses and one output for all.
func runsOf(output string, statuses ...uint32) []result {
	out := make([]result, len(statuses))
	for i, s := range statuses {
		out[i] = result{status: s, output: output, at: testNow.Add(-time.Duration(len(statuses)-i) * time.Minute)}
	}
	return out
}

// longOutput is 30 lines, the first far wider than any terminal.
func longOutput() string {
	lines := []string{"CRITICAL: 3 of 12 backends down: " + strings.Repeat("backend-a=timeout backend-b=refused ", 6)}
	for i := 1; i < 30; i++ {
		lines = append(lines, fmt.Sprintf("backend-%02d: %s", i, map[bool]string{true: "down (connection refused)", false: "up, 12 ms"}[i%4 == 0]))
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestEventDetailGolden(t *testing.T) {
	cases := []struct {
		name, entity string
		flapping     bool
		runs         []result
		wants        []string // on the first screen, whatever its size
	}{
		{"long-output", "app-long", false, runsOf(longOutput(), 0, 0, 0, 1, 2, 2, 2, 2),
			[]string{"Failing since:  2026-11-22 04:25:00 UTC (5m ago), the last 5 runs", "Output:", "more",
				"▁ 04:22:00", "█ 04:29:00"}},
		{"passing", "app-ok", false, runsOf("OK: all 12 backends up\n", 2, 2, 0, 0, 0, 0),
			[]string{"OK since:       2026-11-22 04:26:00 UTC (4m ago), the last 4 runs", "Last OK:        2026-11-22 04:29:00"}},
		{"flapping", "app-flap", true, runsOf("CRITICAL: backend-3 timeout\n",
			0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 2),
			[]string{"flapping", "the last 2 runs", "█ 04:29:00"}},
	}
	for _, tc := range cases {
		for _, sz := range sizes {
			t.Run(tc.name+"/"+sizeName(sz.w, sz.h), func(t *testing.T) {
				t.Parallel()
				f := newFake(t, fakebackend.Options{})
				c := f.admin(t)
				putRuns(t, f, tc.entity, "backends", tc.flapping, tc.runs)
				s := start(t, New(Options{Env: env(c)}), sz.w, sz.h)
				s.waitFor("events loaded", loaded)
				s.filterTo("'" + tc.entity)
				s.send(typeKey(tea.KeyEnter))
				s.waitText(append([]string{"default/" + tc.entity + "/backends", "History:"}, tc.wants...)...)
				view := s.final()
				if lines := strings.Split(view, "\n"); len(lines) != sz.h {
					t.Errorf("%d lines on a %d-line terminal", len(lines), sz.h)
				}
				requireGolden(t, view)
			})
		}
	}
}
