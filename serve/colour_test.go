package serve

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// fakeSession is as much of an SSH session with an emulated PTY as
// sessionStyles uses; like a terminal, it answers device attribute
// requests with answer.
type fakeSession struct {
	ssh.Session
	term   string
	env    []string
	answer string

	in    *io.PipeReader
	reply *io.PipeWriter
	once  sync.Once
}

func newFakeSession(term, answer string, env ...string) *fakeSession {
	in, reply := io.Pipe()
	return &fakeSession{term: term, env: env, answer: answer, in: in, reply: reply}
}

func (f *fakeSession) Environ() []string {
	return append(append([]string(nil), f.env...), "TERM="+f.term)
}
func (f *fakeSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	return ssh.Pty{Term: f.term}, nil, true
}
func (f *fakeSession) Context() ssh.Context       { return noValues{} }
func (f *fakeSession) Read(p []byte) (int, error) { return f.in.Read(p) }

func (f *fakeSession) Write(p []byte) (int, error) {
	if strings.Contains(string(p), ansi.RequestPrimaryDeviceAttributes) {
		f.once.Do(func() { go io.WriteString(f.reply, f.answer) })
	}
	return len(p), nil
}

// noValues is a session context holding nothing.
type noValues struct{ ssh.Context }

func (noValues) Value(any) any { return nil }

// TestSessionStyles: each session's renderer takes its colour profile from
// the session's environment and its background from COLORFGBG, without
// asking the terminal; a terminal without colour keeps bold and reverse video.
func TestSessionStyles(t *testing.T) {
	tests := map[string]struct {
		term   string
		env    []string
		answer string
		want   termenv.Profile
		colour bool
		dark   bool
	}{
		"256 colours":      {"xterm-256color", nil, answerAttributes, termenv.ANSI256, true, true},
		"16 colours":       {"xterm", nil, answerAttributes, termenv.ANSI, true, true},
		"true colour":      {"xterm-256color", []string{"COLORTERM=truecolor"}, answerAttributes, termenv.TrueColor, true, true},
		"NO_COLOR":         {"xterm-256color", []string{"NO_COLOR=1"}, answerAttributes, termenv.ANSI, false, true},
		"CLICOLOR=0":       {"xterm-256color", []string{"CLICOLOR=0"}, answerAttributes, termenv.ANSI, false, true},
		"dumb":             {"dumb", nil, "", termenv.ANSI, false, true},
		"unknown terminal": {"vt100", nil, answerAttributes, termenv.ANSI, false, true},
		"COLORFGBG light":  {"xterm-256color", []string{"COLORFGBG=0;15"}, "", termenv.ANSI256, true, false},
		"COLORFGBG dark":   {"xterm-256color", []string{"COLORFGBG=15;0"}, "", termenv.ANSI256, true, true},
		"three parts":      {"xterm-256color", []string{"COLORFGBG=0;default;7"}, "", termenv.ANSI256, true, false},
		"no answer asked":  {"xterm-256color", nil, "", termenv.ANSI256, true, true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			done := make(chan struct{})
			go func() {
				defer close(done)
				st := sessionStyles(newFakeSession(tc.term, tc.answer, tc.env...), true)
				r := st.Renderer()
				if got := r.ColorProfile(); got != tc.want {
					t.Errorf("profile %s, want %s", got.Name(), tc.want.Name())
				}
				if got := r.HasDarkBackground(); got != tc.dark {
					t.Errorf("dark background %v, want %v", got, tc.dark)
				}
				_, isColour := st.Error.GetForeground().(lipgloss.AdaptiveColor)
				if isColour != tc.colour {
					t.Errorf("errors in colour: %v, want %v", isColour, tc.colour)
				}
				if !strings.Contains(st.Selected.Render("x"), "\x1b[7m") {
					t.Error("the selected row has no reverse video")
				}
				if !st.ASCII() {
					t.Error("the server's ASCII choice was lost")
				}
			}()
			select {
			case <-done:
			case <-time.After(waitLimit):
				t.Fatal("sessionStyles never returned")
			}
		})
	}
}
