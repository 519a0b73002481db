package views

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// entityRow is an entity with the number of its current non-OK events.
type entityRow struct {
	client.Entity
	NonOK int `json:"-"`
}

func entityKey(e entityRow) string { return e.Metadata.Namespace + "/" + e.Metadata.Name }

// NewEntities builds the entities view.
func NewEntities(env Env) *Resource[entityRow] {
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
				{Text: ago(now, e.LastSeen)},
				{Text: strconv.Itoa(e.NonOK)},
			}
		},
		Sorts: []Sort[entityRow]{
			{"name", func(a, b entityRow) int { return strings.Compare(a.Metadata.Name, b.Metadata.Name) }},
			{"not OK", func(a, b entityRow) int { return cmp.Compare(b.NonOK, a.NonOK) }},
			{"last seen", func(a, b entityRow) int { return cmp.Compare(a.LastSeen, b.LastSeen) }},
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
				"Last seen", stamp(now, e.LastSeen),
				"Host", e.System.Hostname,
				"OS", strings.TrimSpace(e.System.OS+" "+e.System.Platform+" "+e.System.PlatformVersion+" "+e.System.Arch),
				"Agent", e.SensuAgentVersion,
				"Labels", labels(e.Metadata.Labels),
				"Not OK events", strconv.Itoa(e.NonOK),
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
		Enrich: countNonOK(func(e *client.EventSummary) string { return e.Namespace() + "/" + e.Entity.Metadata.Name },
			entityKey, func(e *entityRow, n int) { e.NonOK = n }),
	}
	return NewResource(spec, env, keymap.DefaultTable().DrillsDown("its events"))
}
