package views

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/sanitize"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// choice is one way to carry out an action, with exactly what it will do.
type choice struct {
	label string
	does  string
	run   func() tea.Cmd
}

// choiceDialog asks which way to carry out an action and runs it only on
// an explicit "y", like every confirm dialog.
type choiceDialog struct {
	title   string
	choices []choice
	picked  int
	pick    keymap.Picker
	answer  keymap.Confirm
	st      *styles.Styles
}

func newChoice(st *styles.Styles, title string, choices []choice) *choiceDialog {
	return &choiceDialog{title: title, choices: choices, pick: keymap.DefaultPicker(), answer: keymap.DefaultConfirm(), st: st}
}

func (d *choiceDialog) Update(msg tea.Msg) (Dialog, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return d, nil
	}
	switch {
	case key.Matches(k, d.answer.Yes):
		return nil, d.choices[d.picked].run()
	case key.Matches(k, d.answer.No):
		return nil, nil
	case key.Matches(k, d.pick.Up):
		d.picked = (d.picked - 1 + len(d.choices)) % len(d.choices)
	case key.Matches(k, d.pick.Down):
		d.picked = (d.picked + 1) % len(d.choices)
	}
	return d, nil
}

func (d *choiceDialog) View(width int) string {
	w := min(max(width-4, 24), 70)
	var b strings.Builder
	b.WriteString(d.st.Title.Render(sanitize.Line(d.title)) + "\n\n")
	for i, c := range d.choices {
		marker := "( ) "
		if i == d.picked {
			marker = "(•) "
		}
		b.WriteString(marker + c.label + "\n")
	}
	b.WriteString("\n" + sanitize.Text(d.choices[d.picked].does) + "\n\n")
	b.WriteString(d.st.Muted.Render(helpLine(d.pick.Down, d.answer.Yes, d.answer.No)))
	return d.st.Modal.Width(w).Render(b.String())
}

func (d *choiceDialog) ShortHelp() []key.Binding {
	return []key.Binding{d.pick.Up, d.pick.Down, d.answer.Yes, d.answer.No}
}

// rerun is one execute request: a check in a namespace on some subscriptions.
type rerun struct {
	namespace string
	req       client.ExecuteRequest
}

// askRerun offers to run the selected events' checks again, either on
// their entities only or on all of each check's subscriptions.
func (v *Events) askRerun() tea.Cmd {
	events := v.Selection()
	if len(events) == 0 {
		return nil
	}
	onEntities := groupReruns(events, func(e *client.EventSummary) []string { return []string{"entity:" + e.Entity.Metadata.Name} })
	onSubscriptions := groupReruns(events, func(e *client.EventSummary) []string { return e.Check.Subscriptions })
	run := func(reruns []rerun) func() tea.Cmd {
		steps := make([]step, len(reruns))
		for i, r := range reruns {
			steps[i] = step{name: r.req.Check, namespace: r.namespace, do: r.execute}
		}
		return func() tea.Cmd { return v.run("re-run", "Asked to run", steps, msgs.Created{}) }
	}
	v.Ask(newChoice(v.env.Styles, "Re-run "+eventNames(events), []choice{
		{label: "on these entities only", does: describeReruns(onEntities), run: run(onEntities)},
		{label: "on all of the check's subscriptions", does: describeReruns(onSubscriptions), run: run(onSubscriptions)},
	}))
	return nil
}

// execute asks Sensu to run the check now. Sensu answers a check that has
// events but no definition, as a proxy check's results may, with only
// "not found": the error says what that means and what to do instead.
func (r rerun) execute(ctx context.Context, c *client.Client) error {
	err := c.ExecuteCheck(ctx, r.namespace, r.req)
	if client.KindOf(err) == client.KindNotFound {
		return fmt.Errorf("check %s is not defined in namespace %s, so Sensu cannot run it: its results are sent in by an agent or through the API. "+
			"Define the check there, or run what sends its results", r.req.Check, r.namespace)
	}
	return err
}

// groupReruns makes one request per check and namespace, with the union of the subscriptions.
func groupReruns(events []*client.EventSummary, subscriptions func(*client.EventSummary) []string) []rerun {
	var out []rerun
	for _, e := range events {
		i := slices.IndexFunc(out, func(r rerun) bool {
			return r.namespace == e.Namespace() && r.req.Check == e.Check.Metadata.Name
		})
		if i < 0 {
			out = append(out, rerun{namespace: e.Namespace(), req: client.ExecuteRequest{Check: e.Check.Metadata.Name, Reason: "re-run from " + client.ResolvedBy}})
			i = len(out) - 1
		}
		for _, s := range subscriptions(e) {
			if !slices.Contains(out[i].req.Subscriptions, s) {
				out[i].req.Subscriptions = append(out[i].req.Subscriptions, s)
			}
		}
	}
	return out
}

func describeReruns(reruns []rerun) string {
	lines := make([]string, len(reruns))
	for i, r := range reruns {
		target := "every subscription of the check"
		if len(r.req.Subscriptions) > 0 {
			target = strings.Join(r.req.Subscriptions, ", ")
		}
		lines[i] = fmt.Sprintf("Run %s (namespace %s) on %s.", r.req.Check, r.namespace, target)
	}
	return strings.Join(lines, "\n")
}
