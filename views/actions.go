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

// step is one request of an action, named for the report.
type step struct {
	name      string
	namespace string
	do        func(context.Context, *client.Client) error
}

// act runs do on each item in turn; see run.
func act[T any](r *Resource[T], verb, past string, items []T, do func(context.Context, *client.Client, T) error) tea.Cmd {
	steps := make([]step, len(items))
	for i, it := range items {
		steps[i] = step{name: r.spec.Key(it), do: func(ctx context.Context, c *client.Client) error { return do(ctx, c, it) }}
		if r.spec.Namespace != nil {
			steps[i].namespace = r.spec.Namespace(it)
		}
	}
	return r.run(verb, past, steps, msgs.Created{})
}

// run runs the steps in order, then reports one line: what was done, or
// the first failure and how far it got. verb names the action ("resolve"),
// past is its past tense ("Resolved"); created, when set, names the item
// the action makes, to select once its list has it. The report
// is routed back to this view under an id of its own, so it arrives
// whichever view is showing by then.
func (r *Resource[T]) run(verb, past string, steps []step, created msgs.Created) tea.Cmd {
	c, route := r.env.Client, r.actionRoute()
	return func() tea.Msg {
		names := make([]string, len(steps))
		for i, s := range steps {
			names[i] = s.name
		}
		done := msgs.ActionDoneMsg{Route: route, Verb: verb, Targets: names}
		for i, s := range steps {
			ctx, cancel := c.Bound(context.Background())
			err := s.do(ctx, c)
			cancel()
			if err != nil {
				progress := ""
				if i > 0 {
					progress = fmt.Sprintf(" (%d of %d done)", i, len(steps))
				}
				done.Err = fmt.Errorf("%s %s: %s%s", verb, s.name, explainAction(err, verb, s.namespace), progress)
				return done
			}
		}
		done.Text, done.Created = past+" "+Describe(names), created
		return done
	}
}

// actionRoute is the route of a new action of this view, which it expects
// the report of.
func (r *Resource[T]) actionRoute() msgs.Route {
	route := msgs.Route{View: r.spec.Name, ID: msgs.NewID()}
	r.actions[route.ID] = true
	return route
}

// announce reports an action done outside run, such as a grant that shows
// its result in its own dialog.
func (r *Resource[T]) announce(done msgs.ActionDoneMsg) tea.Cmd {
	done.Route = r.actionRoute()
	return func() tea.Msg { return done }
}

// Describe names up to three items and counts the rest.
func Describe(names []string) string {
	if len(names) <= 3 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:3], ", "), len(names)-3)
}

// describe names items for a dialog's title, by their names.
func (r *Resource[T]) describe(items []T) string {
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = r.spec.ItemName(it)
	}
	return Describe(names)
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

// onAction takes the end of an action this view started: the root has
// reported it already, and selects what it created. The list reloads to show what changed, at once if
// the view is showing, or else when it next is.
func (r *Resource[T]) onAction(msg msgs.ActionDoneMsg) tea.Cmd {
	if !r.actions[msg.Route.ID] {
		return nil
	}
	delete(r.actions, msg.Route.ID)
	clear(r.marks)
	if !r.active {
		return nil
	}
	return r.load()
}

func flash(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return msgs.FlashMsg{Text: text, Error: isErr} }
}
