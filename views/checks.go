package views

import (
	"cmp"
	"context"
	"strconv"
	"strings"
	"time"

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
}

func checkKey(c checkRow) string { return c.Metadata.Namespace + "/" + c.Metadata.Name }

// NewChecks builds the checks view.
func NewChecks(env Env) *Resource[checkRow] {
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
			{"name", func(a, b checkRow) int { return strings.Compare(a.Metadata.Name, b.Metadata.Name) }},
			{"not OK", func(a, b checkRow) int { return cmp.Compare(b.NonOK, a.NonOK) }},
			{"interval", func(a, b checkRow) int { return cmp.Compare(a.Interval, b.Interval) }},
		},
		Search: func(c checkRow) ([]string, string) {
			return append([]string{c.Metadata.Name, labels(c.Metadata.Labels)}, c.Subscriptions...), c.Command
		},
		Detail: checkDetail,
		Enrich: countNonOK(func(e *client.EventSummary) string { return e.Namespace() + "/" + e.Check.Metadata.Name },
			checkKey, func(c *checkRow, n int) { c.NonOK = n }),
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
	return NewResource(spec, env, keymap.DefaultTable().DrillsDown("its events"))
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
		{Text: strconv.Itoa(c.NonOK)},
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
		"Not OK events", strconv.Itoa(c.NonOK),
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

// countNonOK is an Enrich that counts each item's current non-OK events in
// one walk over the events, decoded as summaries since only the status and
// names matter. eventKey and itemKey must agree for an event and its item.
func countNonOK[T any](eventKey func(*client.EventSummary) string, itemKey func(T) string, set func(*T, int)) func(context.Context, *client.Client, client.ListOptions, []T) error {
	return func(ctx context.Context, c *client.Client, opts client.ListOptions, items []T) error {
		counts := map[string]int{}
		opts.FirstPageSize = opts.PageSize
		err := client.Walk(ctx, c, client.Events, opts, func(page []*client.EventSummary) error {
			for _, e := range page {
				if e.Check.Status != client.StatusOK {
					counts[eventKey(e)]++
				}
			}
			return nil
		})
		for i := range items {
			set(&items[i], counts[itemKey(items[i])])
		}
		return err
	}
}
