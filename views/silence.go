package views

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/sanitize"
)

// eventSilenceScopes are what a silence can cover, relative to one event.
var eventSilenceScopes = []struct {
	label string
	of    func(*client.EventSummary) (subscription, check string)
}{
	{"this check on this entity", func(e *client.EventSummary) (string, string) {
		return "entity:" + e.Entity.Metadata.Name, e.Check.Metadata.Name
	}},
	{"every check on this entity", func(e *client.EventSummary) (string, string) { return "entity:" + e.Entity.Metadata.Name, "" }},
	{"this check everywhere", func(e *client.EventSummary) (string, string) { return "", e.Check.Metadata.Name }},
}

// silenceScope is one choice of what a silence covers: its label, and the
// silence each selected item asks for under it.
type silenceScope struct {
	label   string
	targets []silenceTarget
}

// silenceTarget is one silence to create: a subscription and/or a check.
type silenceTarget struct {
	namespace, subscription, check string
}

// silenceDurations are the offered lengths; 0 means until resolved, -1 custom.
var silenceDurations = []struct {
	label string
	d     time.Duration
}{
	{"1h", time.Hour}, {"4h", 4 * time.Hour}, {"24h", 24 * time.Hour}, {"until resolved", 0}, {"custom", -1},
}

type silenceField int

const (
	fieldScope silenceField = iota
	fieldDuration
	fieldCustom
	fieldReason
)

// silenceDialog asks for a silence's scope, duration and reason, then
// shows exactly what it will create and waits for "y". Events, checks and
// entities open it with the scopes that make sense for them.
type silenceDialog struct {
	env      Env
	title    string
	scopes   []silenceScope
	run      func(steps []step, created msgs.Created) tea.Cmd
	scope    int
	duration int
	custom   textinput.Model
	reason   textinput.Model
	focus    silenceField
	err      string
	planned  []client.SilenceRequest // set once the form is filled: the confirm step
	answer   keymap.Confirm
	keys     keymap.Form
}

func (v *Events) askSilence() tea.Cmd {
	events := v.Selection()
	if len(events) == 0 {
		return nil
	}
	scopes := make([]silenceScope, len(eventSilenceScopes))
	for i, sc := range eventSilenceScopes {
		scopes[i].label = sc.label
		for _, e := range events {
			sub, check := sc.of(e)
			scopes[i].targets = append(scopes[i].targets, silenceTarget{e.Namespace(), sub, check})
		}
	}
	return v.openSilence("Silence "+eventNames(events), scopes)
}

// openSilence opens the silence dialog over the list; the silences it
// creates are this view's action.
func (r *Resource[T]) openSilence(title string, scopes []silenceScope) tea.Cmd {
	custom := r.env.Styles.NewTextInput()
	custom.Prompt = ""
	custom.Placeholder = "e.g. 90m or 2h30m"
	custom.CharLimit = 16
	reason := r.env.Styles.NewTextInput()
	reason.Prompt = ""
	reason.Placeholder = "why (required)"
	reason.CharLimit = 256
	d := &silenceDialog{env: r.env, title: title, scopes: scopes, custom: custom, reason: reason, focus: fieldReason,
		answer: keymap.DefaultConfirm(), keys: keymap.DefaultForm(),
		run: func(steps []step, created msgs.Created) tea.Cmd {
			return r.run("silence", "Created silence", steps, created)
		}}
	d.reason.Focus()
	r.Ask(d)
	return textinput.Blink
}

func (d *silenceDialog) fields() []silenceField {
	if silenceDurations[d.duration].d < 0 {
		return []silenceField{fieldScope, fieldDuration, fieldCustom, fieldReason}
	}
	return []silenceField{fieldScope, fieldDuration, fieldReason}
}

func (d *silenceDialog) move(delta int) {
	fields := d.fields()
	i := max(slices.Index(fields, d.focus), 0)
	d.focus = fields[(i+delta+len(fields))%len(fields)]
	d.custom.Blur()
	d.reason.Blur()
	switch d.focus {
	case fieldCustom:
		d.custom.Focus()
	case fieldReason:
		d.reason.Focus()
	}
}

func (d *silenceDialog) Update(msg tea.Msg) (Dialog, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return d, nil
	}
	if d.planned != nil {
		switch {
		case key.Matches(k, d.answer.Yes):
			return nil, d.create()
		case key.Matches(k, d.answer.No):
			d.planned = nil // back to the form, keeping what was typed
		}
		return d, nil
	}
	switch {
	case key.Matches(k, d.keys.Cancel):
		return nil, nil
	case key.Matches(k, d.keys.Next):
		d.move(1)
		return d, nil
	case key.Matches(k, d.keys.Prev):
		d.move(-1)
		return d, nil
	case key.Matches(k, d.keys.Submit):
		d.review()
		return d, nil
	case d.focus == fieldScope && (key.Matches(k, d.keys.Left) || key.Matches(k, d.keys.Right)):
		d.scope = cycle(d.scope, len(d.scopes), key.Matches(k, d.keys.Right))
		return d, nil
	case d.focus == fieldDuration && (key.Matches(k, d.keys.Left) || key.Matches(k, d.keys.Right)):
		d.duration = cycle(d.duration, len(silenceDurations), key.Matches(k, d.keys.Right))
		return d, nil
	}
	var cmd tea.Cmd
	switch d.focus {
	case fieldCustom:
		d.custom, cmd = d.custom.Update(msg)
	case fieldReason:
		d.reason, cmd = d.reason.Update(msg)
	}
	d.err = ""
	return d, cmd
}

func cycle(i, n int, forward bool) int {
	if forward {
		return (i + 1) % n
	}
	return (i - 1 + n) % n
}

// review checks the form and, when it is complete, plans the silences.
func (d *silenceDialog) review() {
	reason := strings.TrimSpace(d.reason.Value())
	if reason == "" {
		d.err = "A reason is required: say why, for whoever sees this silence next."
		return
	}
	req := client.SilenceRequest{Reason: reason, Creator: d.env.Username}
	switch length := silenceDurations[d.duration].d; {
	case length == 0:
		req.ExpireOnResolve = true
	case length < 0:
		custom, err := time.ParseDuration(strings.TrimSpace(d.custom.Value()))
		if err != nil || custom < time.Minute {
			d.err = "Custom duration: give a length of at least 1m, such as 90m or 2h30m."
			return
		}
		req.ExpireSeconds = int64(custom.Seconds())
	default:
		req.ExpireSeconds = int64(length.Seconds())
	}
	d.planned = nil
	seen := map[string]bool{}
	for _, t := range d.scopes[d.scope].targets {
		r := req
		r.Namespace, r.Subscription, r.Check = t.namespace, t.subscription, t.check
		name := r.Namespace + "/" + client.SilenceName(r.Subscription, r.Check)
		if !seen[name] {
			seen[name] = true
			d.planned = append(d.planned, r)
		}
	}
}

func (d *silenceDialog) create() tea.Cmd {
	steps := make([]step, len(d.planned))
	for i, r := range d.planned {
		steps[i] = step{name: client.SilenceName(r.Subscription, r.Check), namespace: r.Namespace,
			do: func(ctx context.Context, c *client.Client) error { return c.CreateSilence(ctx, r) }}
	}
	// The silences view selects the first new silence when it shows it.
	first := d.planned[0]
	created := msgs.Created{View: "silences", Key: first.Namespace + "/" + client.SilenceName(first.Subscription, first.Check)}
	return d.run(steps, created)
}

func (d *silenceDialog) View(width int) string {
	w := min(max(width-4, 30), 72)
	st := d.env.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(sanitize.Line(d.title)) + "\n\n")
	if d.planned != nil {
		for _, r := range d.planned {
			b.WriteString(fmt.Sprintf("Create silence %s in namespace %s\n", sanitize.Line(client.SilenceName(r.Subscription, r.Check)), sanitize.Line(r.Namespace)))
		}
		b.WriteString("\n" + describeExpiry(d.planned[0]) + "\nReason: " + sanitize.Line(d.planned[0].Reason) + "\n\n")
		b.WriteString(st.Muted.Render(helpLine(d.reviewKeys()...)))
		return st.Modal.Width(w).Render(b.String())
	}
	for i, scope := range d.scopes {
		label, marker := "", "  "
		if i == 0 {
			label, marker = "Scope", d.marker(fieldScope)
		}
		choice := "( ) "
		if i == d.scope {
			choice = "(•) "
		}
		b.WriteString(fmt.Sprintf("%s%-8s %s%s\n", marker, label, choice, scope.label))
	}
	durations := make([]string, len(silenceDurations))
	for i, o := range silenceDurations {
		durations[i] = " " + o.label + " "
		if i == d.duration {
			durations[i] = "[" + o.label + "]"
		}
	}
	b.WriteString(fmt.Sprintf("%s%-8s %s\n", d.marker(fieldDuration), "For", strings.Join(durations, "")))
	if silenceDurations[d.duration].d < 0 {
		d.custom.Width = w - 14
		b.WriteString(d.marker(fieldCustom) + "Length   " + d.custom.View() + "\n")
	}
	d.reason.Width = w - 14
	b.WriteString(d.marker(fieldReason) + "Reason   " + d.reason.View() + "\n")
	if d.err != "" {
		b.WriteString("\n" + st.Error.Render("✖ "+d.err) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render(helpLine(d.keys.ShortHelp()...)))
	return st.Modal.Width(w).Render(b.String())
}

func (d *silenceDialog) marker(f silenceField) string {
	if d.focus == f {
		return "> "
	}
	return "  "
}

// reviewKeys are the answers at the review step, where "no" goes back to the form.
func (d *silenceDialog) reviewKeys() []key.Binding {
	back := d.answer.No
	back.SetHelp(back.Help().Key, "back to the form")
	return []key.Binding{d.answer.Yes, back}
}

func describeExpiry(r client.SilenceRequest) string {
	switch {
	case r.ExpireOnResolve:
		return "Until the event resolves."
	case r.ExpireSeconds > 0:
		return "For " + human(time.Duration(r.ExpireSeconds)*time.Second) + "."
	}
	return "With no end."
}

func (d *silenceDialog) ShortHelp() []key.Binding {
	if d.planned != nil {
		return d.reviewKeys()
	}
	return d.keys.ShortHelp()
}
