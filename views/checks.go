package views

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// checkRow is a check definition with the number of its current non-OK
// events, which only a walk over the events can tell.
type checkRow struct {
	client.Check
	NonOK int `json:"-"`
	// Counted is set once the walk has counted NonOK: a row of a first
	// page, shown before the walk, has no count yet.
	Counted bool `json:"-"`
}

func checkKey(c checkRow) string { return c.Metadata.Namespace + "/" + c.Metadata.Name }

// Checks lists check definitions and acts on them: execute, silence,
// publish or unpublish, delete.
type Checks struct {
	*Resource[checkRow]
	keys keymap.Checks
}

// NewChecks builds the checks view.
func NewChecks(env Env) *Checks {
	spec := Spec[checkRow]{
		Name:     "checks",
		Noun:     "checks",
		Singular: "check",
		Resource: client.Checks,
		Columns: []table.Column{
			{Title: "NAME", Width: 12, Flex: 2},
			{Title: "COMMAND", Width: 12, Flex: 3},
			{Title: "SCHEDULE", Width: 8},
			{Title: "SUBSCRIPTIONS", Width: 10, Flex: 2},
			{Title: "HANDLERS", Width: 8, Flex: 1},
			{Title: "PUB", Width: 3},
			{Title: "NOT OK", Width: 6, AlignRight: true},
		},
		Key:   checkKey,
		Cells: checkCells,
		Sorts: []Sort[checkRow]{
			{Name: "name", Column: "NAME", Compare: func(a, b checkRow) int { return strings.Compare(a.Metadata.Name, b.Metadata.Name) }},
			{Name: "not OK", Column: "NOT OK", Descending: true, Compare: func(a, b checkRow) int { return cmp.Compare(b.NonOK, a.NonOK) }},
			{Name: "interval", Column: "SCHEDULE", Compare: func(a, b checkRow) int { return cmp.Compare(a.Interval, b.Interval) }},
		},
		Search: func(c checkRow) ([]string, string) {
			return append([]string{c.Metadata.Name, labels(c.Metadata.Labels)}, c.Subscriptions...), c.Command
		},
		Detail: checkDetail,
		Enrich: tallyEvents(func(e *client.EventSummary) string { return e.Namespace() + "/" + e.Check.Metadata.Name },
			checkKey, func(c *checkRow, t eventTally) { c.NonOK, c.Counted = t.nonOK, true }),
		Namespace: func(c checkRow) string { return c.Metadata.Namespace },
		Labels:    func(c checkRow) map[string]string { return c.Metadata.Labels },
		Fields: func(c checkRow) map[string]string {
			return map[string]string{"check.name": c.Metadata.Name, "check.namespace": c.Metadata.Namespace,
				"check.publish": strconv.FormatBool(c.Publish), "check.subscriptions": strings.Join(c.Subscriptions, ","),
				"check.handlers": strings.Join(c.Handlers, ",")}
		},
		ItemName: func(c checkRow) string { return c.Metadata.Name },
		Drill: func(c checkRow, scope Scope) msgs.DrillMsg {
			return eventsOf("event.check.name", c.Metadata.Name, c.Metadata.Namespace, scope)
		},
	}
	v := &Checks{Resource: NewResource(spec, env, keymap.DefaultTable().DrillsDown("its events")), keys: keymap.DefaultChecks()}
	v.Extend(actionsExtension(v.onKey, v.keys))
	return v
}

// actionKeys are a view's bindings for its actions, all of which change the server.
type actionKeys interface {
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	Mutating() []key.Binding
}

// actionsExtension adds a view's actions, on keys handled by onKey.
func actionsExtension(onKey func(tea.KeyMsg) (tea.Cmd, bool), keys actionKeys) Extension {
	return Extension{Keys: onKey, Help: keys.ShortHelp(), FullHelp: slices.Concat(keys.FullHelp()...), Mutating: keys.Mutating()}
}

func (v *Checks) onKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, v.keys.Execute):
		return v.askExecute(), true
	case key.Matches(msg, v.keys.Silence):
		return v.askSilence(), true
	case key.Matches(msg, v.keys.Publish):
		return v.askPublish(), true
	case key.Matches(msg, v.keys.Delete):
		return v.askDelete(), true
	}
	return nil, false
}

// askExecute asks why, then to run each check now on its subscriptions.
func (v *Checks) askExecute() tea.Cmd {
	checks := v.Selection()
	if len(checks) == 0 {
		return nil
	}
	title := "Execute " + v.describe(checks)
	fallback := "run from " + client.ResolvedBy
	if v.env.Username != "" {
		fallback += " by " + v.env.Username
	}
	v.Ask(newReasonDialog(v.env.Styles, title, fallback, func(reason string) Dialog {
		reruns := make([]rerun, len(checks))
		steps := make([]step, len(checks))
		for i, c := range checks {
			reruns[i] = rerun{namespace: c.Metadata.Namespace,
				req: client.ExecuteRequest{Check: c.Metadata.Name, Subscriptions: c.Subscriptions, Reason: reason}}
			steps[i] = step{name: c.Metadata.Name, namespace: c.Metadata.Namespace, do: reruns[i].execute}
		}
		body := describeReruns(reruns) + "\nReason: " + reason
		return newConfirm(v.env.Styles, title, body, "", func() tea.Cmd {
			return v.run("execute", "Asked to run", steps, msgs.Created{})
		})
	}))
	return textinput.Blink
}

// askSilence silences each check everywhere: on every entity.
func (v *Checks) askSilence() tea.Cmd {
	checks := v.Selection()
	if len(checks) == 0 {
		return nil
	}
	scope := silenceScope{label: "this check everywhere"}
	for _, c := range checks {
		scope.targets = append(scope.targets, silenceTarget{namespace: c.Metadata.Namespace, check: c.Metadata.Name})
	}
	return v.openSilence("Silence "+v.describe(checks), []silenceScope{scope})
}

// askPublish switches each check between scheduled and not.
func (v *Checks) askPublish() tea.Cmd {
	checks := v.Selection()
	if len(checks) == 0 {
		return nil
	}
	published := 0
	lines := make([]string, len(checks))
	for i, c := range checks {
		if c.Publish {
			published++
			lines[i] = fmt.Sprintf("Unpublish %s (namespace %s): Sensu stops scheduling it; it can still be executed.",
				c.Metadata.Name, c.Metadata.Namespace)
		} else {
			lines[i] = fmt.Sprintf("Publish %s (namespace %s): Sensu schedules it (%s) on %s.",
				c.Metadata.Name, c.Metadata.Namespace, interval(c.Check), list(c.Subscriptions))
		}
	}
	verb, past := "publish/unpublish", "Switched publishing of"
	switch published {
	case len(checks):
		verb, past = "unpublish", "Unpublished"
	case 0:
		verb, past = "publish", "Published"
	}
	title := strings.ToUpper(verb[:1]) + verb[1:] + " " + v.describe(checks)
	v.Ask(newConfirm(v.env.Styles, title, strings.Join(lines, "\n"), "", func() tea.Cmd {
		return act(v.Resource, verb, past, checks, func(ctx context.Context, c *client.Client, ch checkRow) error {
			return c.SetCheckPublish(ctx, ch.Metadata.Namespace, ch.Metadata.Name, !ch.Publish)
		})
	}))
	return nil
}

// askDelete deletes check definitions; their events stay.
func (v *Checks) askDelete() tea.Cmd {
	checks := v.Selection()
	if len(checks) == 0 {
		return nil
	}
	body := fmt.Sprintf("Delete the definition of %s from the server? Sensu stops scheduling it and it can no longer be executed; "+
		"its events stay until they are deleted.", plural(len(checks), "check"))
	if len(checks) == 1 {
		c := checks[0]
		body = fmt.Sprintf("Delete check %s from namespace %s? Sensu stops scheduling it and it can no longer be executed; "+
			"its events stay until they are deleted.", c.Metadata.Name, c.Metadata.Namespace)
	}
	v.Ask(newConfirm(v.env.Styles, "Delete "+v.describe(checks), body, "This cannot be undone.", func() tea.Cmd {
		return act(v.Resource, "delete", "Deleted", checks, func(ctx context.Context, c *client.Client, ch checkRow) error {
			return c.DeleteCheck(ctx, ch.Metadata.Namespace, ch.Metadata.Name)
		})
	}))
	return nil
}

func checkCells(c checkRow, _ time.Time) []table.Cell {
	published := "no"
	if c.Publish {
		published = "yes"
	}
	return []table.Cell{
		{Text: c.Metadata.Name},
		{Text: c.Command},
		{Text: interval(c.Check)},
		{Text: list(c.Subscriptions)},
		{Text: list(c.Handlers)},
		{Text: published},
		{Text: counted(c.NonOK, c.Counted)},
	}
}

func checkDetail(c checkRow, _ time.Time) string {
	return facts(
		"Name", c.Metadata.Name,
		"Namespace", c.Metadata.Namespace,
		"Command", c.Command,
		"Schedule", interval(c.Check),
		"Timeout", strconv.FormatUint(uint64(c.Timeout), 10)+"s",
		"TTL", strconv.FormatInt(c.TTL, 10)+"s",
		"Subscriptions", list(c.Subscriptions),
		"Handlers", list(c.Handlers),
		"Published", strconv.FormatBool(c.Publish),
		"Round robin", strconv.FormatBool(c.RoundRobin),
		"Proxy entity", c.ProxyEntity,
		"Labels", labels(c.Metadata.Labels),
		"Not OK events", counted(c.NonOK, c.Counted),
	)
}

// eventsOf is the way from an entity or a check to its events: the events
// view with a field selector that matches its name exactly, and its
// namespace too when the list spans them all.
func eventsOf(field, name, namespace string, scope Scope) msgs.DrillMsg {
	selector := field + " == " + name
	if scope.AllNamespaces {
		selector += " && event.namespace == " + namespace
	}
	return msgs.DrillMsg{View: "events", Filter: "f:" + selector}
}

// counted is a count, or "…" until it is known.
func counted(n int, known bool) string {
	if !known {
		return "…"
	}
	return strconv.Itoa(n)
}

// eventTally is what a walk over the events tells of one item.
type eventTally struct {
	events int   // its current events
	nonOK  int   // those of them not OK
	newest int64 // the newest timestamp of its events
}

// tallyEvents is an Enrich that tallies each item's events in one walk
// over the events, decoded as summaries since only the status, time and
// names matter. eventKey and itemKey must agree for an event and its item.
func tallyEvents[T any](eventKey func(*client.EventSummary) string, itemKey func(T) string, set func(*T, eventTally)) func(context.Context, *client.Client, client.ListOptions, []T) error {
	return func(ctx context.Context, c *client.Client, opts client.ListOptions, items []T) error {
		tallies := map[string]eventTally{}
		opts.FirstPageSize = opts.PageSize
		err := client.Walk(ctx, c, client.Events, opts, func(page []*client.EventSummary) error {
			for _, e := range page {
				k := eventKey(e)
				t := tallies[k]
				t.events++
				if e.Check.Status != client.StatusOK {
					t.nonOK++
				}
				t.newest = max(t.newest, e.Timestamp)
				tallies[k] = t
			}
			return nil
		})
		if err != nil {
			return err
		}
		for i := range items {
			set(&items[i], tallies[itemKey(items[i])])
		}
		return nil
	}
}
