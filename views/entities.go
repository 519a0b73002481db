package views

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// entityRow is an entity with the number of its current non-OK events
// and the time of its newest event.
type entityRow struct {
	client.Entity
	Events    int   `json:"-"`
	NonOK     int   `json:"-"`
	LastEvent int64 `json:"-"`
	// Counted is set once a walk over the events has filled in the above.
	Counted bool `json:"-"`
}

// seenAgo is the LAST SEEN cell: "…" for an entity that keeps no last
// seen until its events have been walked, rather than "-" for never.
func (e entityRow) seenAgo(now time.Time) string {
	if e.LastSeen <= 0 && !e.Counted {
		return "…"
	}
	return ago(now, e.seen())
}

// seen is when the entity was last heard from: see lastSeen.
func (e entityRow) seen() int64 {
	at, _ := lastSeen(e.LastSeen, e.LastEvent)
	return at
}

func entityKey(e entityRow) string { return e.Metadata.Namespace + "/" + e.Metadata.Name }

// Entities lists entities and acts on them: silence, delete.
type Entities struct {
	*Resource[entityRow]
	keys keymap.Entities
}

// NewEntities builds the entities view.
func NewEntities(env Env) *Entities {
	spec := Spec[entityRow]{
		Name:     "entities",
		Noun:     "entities",
		Singular: "entity",
		Resource: client.Entities,
		Columns: []table.Column{
			{Title: "NAME", Width: 12, Flex: 2},
			{Title: "CLASS", Width: 6},
			{Title: "SUBSCRIPTIONS", Width: 12, Flex: 3},
			{Title: "SYSTEM", Width: 10, Flex: 1},
			{Title: "LAST SEEN", Width: 9, AlignRight: true},
			{Title: "NOT OK", Width: 6, AlignRight: true},
		},
		Key: entityKey,
		Cells: func(e entityRow, now time.Time) []table.Cell {
			return []table.Cell{
				{Text: e.Metadata.Name},
				{Text: e.EntityClass},
				{Text: list(e.Subscriptions)},
				{Text: strings.TrimSpace(e.System.Platform + " " + e.System.PlatformVersion)},
				{Text: e.seenAgo(now)},
				{Text: counted(e.NonOK, e.Counted)},
			}
		},
		Sorts: []Sort[entityRow]{
			{Name: "name", Column: "NAME", Compare: func(a, b entityRow) int { return strings.Compare(a.Metadata.Name, b.Metadata.Name) }},
			{Name: "not OK", Column: "NOT OK", Descending: true, Compare: func(a, b entityRow) int { return cmp.Compare(b.NonOK, a.NonOK) }},
			{Name: "last seen", Column: "LAST SEEN", Descending: true, Compare: func(a, b entityRow) int { return cmp.Compare(a.seen(), b.seen()) }},
		},
		Search: func(e entityRow) ([]string, string) {
			return append([]string{e.Metadata.Name, e.EntityClass, labels(e.Metadata.Labels)}, e.Subscriptions...), e.System.Hostname
		},
		Detail: func(e entityRow, now time.Time) string {
			return facts(
				"Name", e.Metadata.Name,
				"Namespace", e.Metadata.Namespace,
				"Class", e.EntityClass,
				"Subscriptions", list(e.Subscriptions),
				"Last seen", lastSeenText(now, e.LastSeen, e.LastEvent, "its newest event"),
				"Host", e.System.Hostname,
				"OS", strings.TrimSpace(e.System.OS+" "+e.System.Platform+" "+e.System.PlatformVersion+" "+e.System.Arch),
				"Agent", e.SensuAgentVersion,
				"Labels", labels(e.Metadata.Labels),
				"Not OK events", counted(e.NonOK, e.Counted),
			)
		},
		Namespace: func(e entityRow) string { return e.Metadata.Namespace },
		Labels:    func(e entityRow) map[string]string { return e.Metadata.Labels },
		Fields: func(e entityRow) map[string]string {
			return map[string]string{"entity.name": e.Metadata.Name, "entity.namespace": e.Metadata.Namespace,
				"entity.entity_class": e.EntityClass, "entity.subscriptions": strings.Join(e.Subscriptions, ",")}
		},
		ItemName: func(e entityRow) string { return e.Metadata.Name },
		Drill: func(e entityRow, scope Scope) msgs.DrillMsg {
			return eventsOf("event.entity.name", e.Metadata.Name, e.Metadata.Namespace, scope)
		},
		Enrich: tallyEvents(func(e *client.EventSummary) string { return e.Namespace() + "/" + e.Entity.Metadata.Name },
			entityKey, func(e *entityRow, t eventTally) {
				e.Events, e.NonOK, e.LastEvent, e.Counted = t.events, t.nonOK, t.newest, true
			}),
	}
	v := &Entities{Resource: NewResource(spec, env, keymap.DefaultTable().DrillsDown("its events")), keys: keymap.DefaultEntities()}
	v.Extend(actionsExtension(v.onKey, v.keys))
	return v
}

func (v *Entities) onKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, v.keys.Silence):
		return v.askSilence(), true
	case key.Matches(msg, v.keys.Delete):
		return v.askDelete(), true
	}
	return nil, false
}

// askSilence silences every check on each entity.
func (v *Entities) askSilence() tea.Cmd {
	entities := v.Selection()
	if len(entities) == 0 {
		return nil
	}
	scope := silenceScope{label: "every check on this entity"}
	for _, e := range entities {
		scope.targets = append(scope.targets, silenceTarget{namespace: e.Metadata.Namespace, subscription: "entity:" + e.Metadata.Name})
	}
	return v.openSilence("Silence "+v.describe(entities), []silenceScope{scope})
}

// askDelete deletes entities, and Sensu deletes their events with them.
func (v *Entities) askDelete() tea.Cmd {
	entities := v.Selection()
	if len(entities) == 0 {
		return nil
	}
	events, counted := 0, true
	for _, e := range entities {
		events += e.Events
		counted = counted && e.Counted
	}
	what, its := fmt.Sprintf("%d entities", len(entities)), "their"
	if len(entities) == 1 {
		e := entities[0]
		what, its = fmt.Sprintf("entity %s from namespace %s", e.Metadata.Name, e.Metadata.Namespace), "its"
	}
	goneEvents := "all " + its + " events"
	if counted {
		goneEvents = its + " " + plural(events, "event")
	}
	body := fmt.Sprintf("Delete %s and %s? Sensu deletes an entity's events with it. "+
		"An agent that is still running registers its entity again.", what, goneEvents)
	v.Ask(newConfirm(v.env.Styles, "Delete "+v.describe(entities), body, "This cannot be undone.", func() tea.Cmd {
		return act(v.Resource, "delete", "Deleted", entities, func(ctx context.Context, c *client.Client, e entityRow) error {
			return c.DeleteEntity(ctx, e.Metadata.Namespace, e.Metadata.Name)
		})
	}))
	return nil
}
