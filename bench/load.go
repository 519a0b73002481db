package bench

import (
	"context"
	"errors"
	"io"
	"runtime"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/views"
)

// Frame is the size the events view is drawn at: a 120x40 terminal less
// the dashboard's tab bar, header, status line and help bar.
const (
	FrameWidth  = 120
	FrameHeight = 36
)

// FullLoad loads the events view the way the dashboard walks a list: the
// paged walk, decoding, search fields and sorting off the UI goroutine, and
// a frame drawn after every message, in a Bubble Tea program without a
// terminal. It returns once the whole list is in the view, with the view.
func FullLoad(ctx context.Context, env views.Env) (Walked, *views.Events, error) {
	env.WalkOnly = true
	v := views.NewEvents(env)
	v.SetSize(FrameWidth, FrameHeight)
	w, err := runLoad(ctx, v)
	if err != nil {
		return Walked{}, nil, err
	}
	w.Items = len(v.Items())
	return w, v, nil
}

// Poll is one steady-state poll of the events view as it opens: after a
// first load, the next one, timed, with the bytes read counts. Where the
// backend serves GraphQL that is a window; else a walk.
func Poll(ctx context.Context, env views.Env, read func() int64) (bytes int64, took time.Duration, err error) {
	v := views.NewEvents(env)
	v.SetSize(FrameWidth, FrameHeight)
	if _, err := runLoad(ctx, v); err != nil {
		return 0, 0, err
	}
	before := read()
	w, err := runLoad(ctx, v)
	return read() - before, w.Total, err
}

// runLoad runs one load of v in a program without a terminal, drawing a
// frame after every message, as the dashboard does.
func runLoad(ctx context.Context, v *views.Events) (Walked, error) {
	h := &loadHost{v: v}
	p := tea.NewProgram(h, tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(io.Discard),
		tea.WithoutRenderer(), tea.WithoutSignalHandler())
	_, err := p.Run()
	v.Deactivate()
	// The program lives on in its commands' goroutines (the poll timer)
	// for a while: it must not keep the view.
	h.v = nil
	if err != nil {
		return Walked{}, err
	}
	if problem := v.Problem(); problem != "" {
		return Walked{}, errors.New(problem)
	}
	return Walked{FirstPage: h.first, Total: h.total}, nil
}

// loadHost runs one events view as the root model does, and quits when
// its load is over.
type loadHost struct {
	v            *views.Events
	start        time.Time
	first, total time.Duration
	frame        string
}

func (h *loadHost) Init() tea.Cmd {
	h.start = time.Now()
	return h.v.Activate()
}

func (h *loadHost) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := h.v.Update(msg)
	h.frame = drawFrame(h.v)
	if _, ok := h.v.Selected(); ok && h.first == 0 {
		h.first = time.Since(h.start)
	}
	if !h.v.Loading() {
		h.total = time.Since(h.start)
		return h, tea.Quit
	}
	return h, cmd
}

func (h *loadHost) View() string { return h.frame }

// drawFrame is the view's part of a dashboard frame: its header line and its body.
func drawFrame(v *views.Events) string { return v.Status() + "\n" + v.View() }

// FrameCost is the mean time to draw the view's part of a frame.
func FrameCost(v *views.Events, frames int) time.Duration {
	start := time.Now()
	for range frames {
		drawFrame(v)
	}
	return time.Since(start) / time.Duration(frames)
}

// HeapInUse is the live heap after a full collection.
func HeapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
