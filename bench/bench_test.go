package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/views"
)

// Loading the events list at the sizes of big Sensu installations, from a
// fake backend served over loopback TCP in the same process:
//
//	go test ./bench -run '^$' -bench PageWalk -benchmem
//
// Compare full-load and walk with wire in the same run: the wire floor is a
// bare net/http loop over the same pages. cpu-ms/op counts every thread of
// the process, the fake backend's included. Decoding alone is
// BenchmarkDecode in package client.

var sizes = []int{1000, 10000, 100000}

// fake serves n synthetic events and returns a logged-in client for it.
func fake(b *testing.B, n int) (*client.Client, *http.Client) {
	b.Helper()
	srv := httptest.NewServer(fakebackend.New(fakebackend.Options{Events: n}))
	b.Cleanup(srv.Close)
	tr, _ := transport("", false)
	b.Cleanup(tr.CloseIdleConnections)
	c, err := client.New(client.Config{URL: srv.URL, Transport: tr})
	if err != nil {
		b.Fatal(err)
	}
	if err := login(context.Background(), c, fakebackend.AdminUser, fakebackend.AdminPassword, client.DefaultTimeout); err != nil {
		b.Fatal(err)
	}
	return c, &http.Client{Transport: tr}
}

// cpuTime is the CPU time used by the whole process so far, in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// loop runs body b.N times and reports the CPU time per run too.
func loop(b *testing.B, body func() error) {
	start := cpuTime()
	for b.Loop() {
		if err := body(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/1e6/float64(b.N), "cpu-ms/op")
}

// BenchmarkPageWalk walks the whole list three ways: the wire floor; the
// client's paged walk decoding summaries; and the full load of the events
// view, as the dashboard does it.
func BenchmarkPageWalk(b *testing.B) {
	for _, n := range sizes {
		c, hc := fake(b, n)
		listURL := c.URL() + c.ListPath(client.Events, client.ListOptions{})
		ctx := context.Background()
		b.Run(fmt.Sprintf("events=%d/wire", n), func(b *testing.B) {
			loop(b, func() error {
				_, err := WireFloor(ctx, hc, listURL, authHeader(c), client.DefaultFirstPageSize, client.DefaultPageSize)
				return err
			})
		})
		b.Run(fmt.Sprintf("events=%d/walk", n), func(b *testing.B) {
			loop(b, func() error {
				return client.Walk(ctx, c, client.Events, client.ListOptions{}, func([]*client.EventSummary) error { return nil })
			})
		})
		b.Run(fmt.Sprintf("events=%d/full-load", n), func(b *testing.B) {
			loop(b, func() error {
				_, _, err := FullLoad(ctx, views.Env{Client: c})
				return err
			})
		})
	}
}

func TestRunOnDemoBackend(t *testing.T) {
	var out, errs bytes.Buffer
	if code := Run([]string{"--demo-events", "700", "--runs", "2", "--first-page-size", "50", "--page-size", "200", "--json"}, &out, &errs, ServeInProcess); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	var res map[string]float64
	var window struct {
		PollWindow bool `json:"poll_window"`
	}
	if err := json.Unmarshal(out.Bytes(), &window); err != nil {
		t.Fatalf("%v in %q", err, out.String())
	}
	if err := json.Unmarshal(bytes.Replace(out.Bytes(), []byte(`"poll_window":true,`), nil, 1), &res); err != nil {
		t.Fatalf("%v in %q", err, out.String())
	}
	// A poll of the view as it opens asks GraphQL for a window: a few
	// kilobytes, where the walk reads every event.
	if !window.PollWindow || res["poll_bytes"] <= 0 || res["poll_bytes"] >= res["bytes"]/5 || res["poll_ms"] <= 0 {
		t.Errorf("poll: window %v, %v bytes in %v ms, against %v bytes for a walk", window.PollWindow, res["poll_bytes"], res["poll_ms"], res["bytes"])
	}
	want := map[string]float64{"events": 700, "pages": 5, "first_page_size": 50, "page_size": 200, "runs": 2}
	for k, v := range want {
		if res[k] != v {
			t.Errorf("%s = %v, want %v", k, res[k], v)
		}
	}
	for _, k := range []string{"bytes", "first_page_ms", "full_load_ms", "wire_floor_ms", "ratio", "heap_bytes_per_event", "view_ns_per_frame"} {
		if res[k] <= 0 {
			t.Errorf("%s = %v, want a positive figure", k, res[k])
		}
	}

	out.Reset()
	if code := Run([]string{"--demo-events", "300", "--runs", "1"}, &out, &errs, ServeInProcess); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	for _, field := range []string{"events", "300", "wire_floor_ms", "ratio", "heap_bytes_per_event"} {
		if !strings.Contains(out.String(), field) {
			t.Errorf("table without %q:\n%s", field, out.String())
		}
	}
}

func TestRunRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--runs", "0"}, {"--page-latency", "20ms"}, {"--demo-events", "100001"}, {"extra"}} {
		var out, errs bytes.Buffer
		if code := Run(args, &out, &errs, ServeInProcess); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
