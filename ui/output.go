package ui

import (
	"io"
	"sync"

	"github.com/charmbracelet/x/term"
)

// NewSyncWriter wraps the writer a program draws on, to share it with the
// clipboard: Bubble Tea writes frames from its renderer's goroutine and the
// root writes OSC52 sequences from the program's, so each write is made
// whole. A terminal stays a terminal (term.File), so Bubble Tea still reads
// its size.
func NewSyncWriter(w io.Writer) io.Writer {
	s := &syncWriter{w: w}
	if f, ok := w.(term.File); ok {
		return &syncFile{File: f, syncWriter: s}
	}
	return s
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// syncFile is a terminal whose writes go through syncWriter.
type syncFile struct {
	term.File
	*syncWriter
}

func (s *syncFile) Write(p []byte) (int, error) { return s.syncWriter.Write(p) }
