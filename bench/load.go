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

// FullLoad loads the events view the way the dashboard does: the paged
// walk, decoding, search fields and sorting off the UI goroutine, and a
// frame drawn after every message, in a Bubble Tea program without a
// terminal. It returns once the whole list is in the view, with the view.
func FullLoad(ctx context.Context, env views.Env) (Walked, *views.Events, error) {
	v := views.NewEvents(env)
	v.SetSize(FrameWidth, FrameHeight)
	h := &loadHost{v: v}
	p := tea.NewProgram(h, tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(io.Discard),
		tea.WithoutRenderer(), tea.WithoutSignalHandler())
	_, err := p.Run()
	v.Deactivate()
	// The program lives on in its commands' goroutines (the poll timer)
	// for a while: it must not keep the view.
	h.v = nil
	if err != nil {
		return Walked{}, nil, err
	}
	if problem := v.Problem(); problem != "" {
		return Walked{}, nil, errors.New(problem)
	}
	return Walked{Items: len(v.Items()), FirstPage: h.first, Total: h.total}, v, nil
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
