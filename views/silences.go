package views

import (
	"cmp"
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// Silences lists silences and clears them.
type Silences struct {
	*Resource[client.Silence]
	keys keymap.Silences
}

// NewSilences builds the silences view.
func NewSilences(env Env) *Silences {
	spec := Spec[client.Silence]{
		Name:     "silences",
		Noun:     "silences",
		Singular: "silence",
		Resource: client.Silences,
		Columns: []table.Column{
			{Title: "NAME", Width: 14, Flex: 2},
			{Title: "SUBSCRIPTION", Width: 10, Flex: 1},
			{Title: "CHECK", Width: 8, Flex: 1},
			{Title: "REASON", Width: 10, Flex: 3},
			{Title: "CREATOR", Width: 8},
			{Title: "LEFT", Width: 10, AlignRight: true},
		},
		Key: func(s client.Silence) string { return s.Metadata.Namespace + "/" + s.Metadata.Name },
		Cells: func(s client.Silence, now time.Time) []table.Cell {
			return []table.Cell{
				{Text: s.Metadata.Name},
				{Text: orAll(s.Subscription)},
				{Text: orAll(s.Check)},
				{Text: s.Reason},
				{Text: s.Creator},
				{Text: timeLeft(s, now)},
			}
		},
		Sorts: []Sort[client.Silence]{
			{Name: "name", Column: "NAME", Compare: func(a, b client.Silence) int { return strings.Compare(a.Metadata.Name, b.Metadata.Name) }},
			{Name: "ends", Column: "LEFT", Compare: func(a, b client.Silence) int { return cmp.Compare(endsBy(a), endsBy(b)) }},
		},
		Search: func(s client.Silence) ([]string, string) {
			return []string{s.Metadata.Name, s.Creator}, s.Reason
		},
		Detail: func(s client.Silence, now time.Time) string {
			return facts(
				"Name", s.Metadata.Name,
				"Namespace", s.Metadata.Namespace,
				"Subscription", orAll(s.Subscription),
				"Check", orAll(s.Check),
				"Reason", s.Reason,
				"Creator", s.Creator,
				"Began", stamp(now, s.Begin),
				"Ends", timeLeft(s, now),
			)
		},
		Namespace: func(s client.Silence) string { return s.Metadata.Namespace },
		Fields: func(s client.Silence) map[string]string {
			return map[string]string{"silenced.name": s.Metadata.Name, "silenced.namespace": s.Metadata.Namespace,
				"silenced.check": s.Check, "silenced.subscription": s.Subscription, "silenced.creator": s.Creator,
				"silenced.expire_on_resolve": strconv.FormatBool(s.ExpireOnResolve)}
		},
		ItemName: func(s client.Silence) string { return s.Metadata.Name },
	}
	v := &Silences{Resource: NewResource(spec, env, keymap.DefaultTable()), keys: keymap.DefaultSilences()}
	v.Extend(Extension{
		Keys:     v.onKey,
		Help:     []key.Binding{v.keys.Clear},
		FullHelp: []key.Binding{v.keys.Clear},
		Mutating: []key.Binding{v.keys.Clear},
	})
	return v
}

func (v *Silences) onKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	if !key.Matches(msg, v.keys.Clear) {
		return nil, false
	}
	silences := v.Selection()
	if len(silences) == 0 {
		return nil, true
	}
	names := make([]string, len(silences))
	for i, s := range silences {
		names[i] = s.Metadata.Name
	}
	body := "Clear " + plural(len(silences), "silence") + " (" + Describe(names) + ")? Handlers run again for what they covered."
	v.Ask(newConfirm(v.env.Styles, "Clear "+Describe(names), body, "", func() tea.Cmd {
		return act(v.Resource, "clear silence", "Cleared", silences, func(ctx context.Context, c *client.Client, s client.Silence) error {
			return c.DeleteSilence(ctx, s.Metadata.Namespace, s.Metadata.Name)
		})
	}))
	return nil, true
}

func orAll(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

// endsBy is when a silence ends, for sorting; silences with no end sort last.
func endsBy(s client.Silence) int64 {
	if s.ExpireAt > 0 {
		return s.ExpireAt
	}
	return 1 << 62
}

func timeLeft(s client.Silence, now time.Time) string {
	switch {
	case s.ExpireAt > 0:
		left := time.Unix(s.ExpireAt, 0).Sub(now).Round(time.Minute)
		if left <= 0 {
			return "expired"
		}
		if s.ExpireOnResolve {
			return human(left) + " or resolve"
		}
		return human(left)
	case s.ExpireOnResolve:
		return "until resolved"
	}
	return "never"
}
