package views

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
)

// actionMsg reports the end of an action on one or more items.
type actionMsg struct {
	view string
	text string
	err  error
}

// step is one request of an action, named for the report.
type step struct {
	name      string
	namespace string
	do        func(context.Context, *client.Client) error
}

// act runs do on each item in turn; see runSteps.
func act[T any](r *Resource[T], verb, past string, items []T, do func(context.Context, *client.Client, T) error) tea.Cmd {
	steps := make([]step, len(items))
	for i, it := range items {
		steps[i] = step{name: r.spec.Key(it), do: func(ctx context.Context, c *client.Client) error { return do(ctx, c, it) }}
		if r.spec.Namespace != nil {
			steps[i].namespace = r.spec.Namespace(it)
		}
	}
	return runSteps(r.env.Client, r.spec.Name, verb, past, steps)
}

// runSteps runs the steps in order, then reports one line: what was done,
// or the first failure and how far it got. verb names the action
// ("resolve"), past is its past tense ("Resolved").
func runSteps(c *client.Client, view, verb, past string, steps []step) tea.Cmd {
	return func() tea.Msg {
		names := make([]string, len(steps))
		for i, s := range steps {
			names[i] = s.name
			ctx, cancel := context.WithTimeout(context.Background(), client.DefaultTimeout)
			err := s.do(ctx, c)
			cancel()
			if err != nil {
				done := ""
				if i > 0 {
					done = fmt.Sprintf(" (%d of %d done)", i, len(steps))
				}
				return actionMsg{view: view, err: fmt.Errorf("%s %s: %s%s", verb, s.name, explainAction(err, verb, s.namespace), done)}
			}
		}
		return actionMsg{view: view, text: past + " " + describe(names)}
	}
}

// describe names up to three items and counts the rest.
func describe(names []string) string {
	if len(names) <= 3 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:3], ", "), len(names)-3)
}

// explainAction turns a failed action's error into what the user can do about it.
func explainAction(err error, verb, namespace string) string {
	var e *client.Error
	if errors.As(err, &e) {
		switch e.Kind {
		case client.KindForbidden:
			where := ""
			if namespace != "" {
				where = fmt.Sprintf(" in namespace %q", namespace)
			}
			return fmt.Sprintf("permission denied: your user may not %s%s", verb, where)
		case client.KindReadOnly:
			return "read-only mode is on"
		}
	}
	return errText(err)
}

// onAction reports an action in the status line and reloads the list.
func (r *Resource[T]) onAction(msg actionMsg) tea.Cmd {
	clear(r.marks)
	report := msgs.FlashMsg{Text: msg.text}
	if msg.err != nil {
		report = msgs.FlashMsg{Text: msg.err.Error(), Error: true}
	}
	return tea.Batch(func() tea.Msg { return report }, r.load())
}

func flash(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return msgs.FlashMsg{Text: text, Error: isErr} }
}
