package views

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// checkRow is a check definition with the number of its current non-OK
// events, which only a walk over the events can tell.
type checkRow struct {
	client.Check
	NonOK int `json:"-"`
}

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
		Key:   func(c checkRow) string { return c.Metadata.Namespace + "/" + c.Metadata.Name },
		Cells: checkCells,
		Sorts: []Sort[checkRow]{
			{"name", func(a, b checkRow) bool { return a.Metadata.Name < b.Metadata.Name }},
			{"not OK", func(a, b checkRow) bool { return a.NonOK > b.NonOK }},
			{"interval", func(a, b checkRow) bool { return a.Interval < b.Interval }},
		},
		Search: func(c checkRow) ([]string, string) {
			return append([]string{c.Metadata.Name, labels(c.Metadata.Labels)}, c.Subscriptions...), c.Command
		},
		Detail:    checkDetail,
		Enrich:    countNonOK,
		Namespace: func(c checkRow) string { return c.Metadata.Namespace },
		Labels:    func(c checkRow) map[string]string { return c.Metadata.Labels },
		Fields: func(c checkRow) map[string]string {
			return map[string]string{"check.name": c.Metadata.Name, "check.namespace": c.Metadata.Namespace,
				"check.publish": strconv.FormatBool(c.Publish), "check.subscriptions": strings.Join(c.Subscriptions, ","),
				"check.handlers": strings.Join(c.Handlers, ",")}
		},
		ItemName: func(c checkRow) string { return c.Metadata.Name },
	}
	return NewResource(spec, env, keymap.DefaultTable())
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

// countNonOK walks the events once and counts the non-OK ones per check.
func countNonOK(ctx context.Context, c *client.Client, opts client.ListOptions, checks []checkRow) error {
	counts, err := nonOKCounts(ctx, c, opts, func(e client.Event) string { return e.Namespace() + "/" + e.Check.Metadata.Name })
	for i := range checks {
		checks[i].NonOK = counts[checks[i].Metadata.Namespace+"/"+checks[i].Metadata.Name]
	}
	return err
}

// nonOKCounts counts the non-OK events per key, in the same namespaces as the list.
func nonOKCounts(ctx context.Context, c *client.Client, opts client.ListOptions, keyOf func(client.Event) string) (map[string]int, error) {
	counts := map[string]int{}
	opts.FirstPageSize = opts.PageSize
	err := client.Walk(ctx, c, client.Events, opts, func(page []client.Event) error {
		for _, e := range page {
			if e.Check.Status != client.StatusOK {
				counts[keyOf(e)]++
			}
		}
		return nil
	})
	return counts, err
}
