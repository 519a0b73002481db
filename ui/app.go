// Package ui holds the root model: tabs, header, status line, help, the
// filter and command prompts, and the switch between login and dashboard.
package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/modal"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/sanitize"
	"github.com/sensu-tui/sensu-tui/ui/styles"
	"github.com/sensu-tui/sensu-tui/views"
)

// flashFor is how long a flash message stays in the status line.
const flashFor = 6 * time.Second

// Smallest usable terminal; below it a notice beats garbage.
const minWidth, minHeight = 40, 10

// MaxWidth and MaxHeight bound the window the dashboard lays out. The size
// comes from the terminal, which over SSH is anyone's to claim: laid out
// at 65535x65535, one login view took gigabytes. No screen shows more.
const MaxWidth, MaxHeight = 500, 200

// chromeLines is the rows outside the view body: tabs, header, status line and help bar.
const chromeLines = 4

// Options configure the root model.
type Options struct {
	Env views.Env
	// Login prefills the login view and tells where to save the profile.
	Login views.LoginOptions
	// Demo marks the screen as showing demo data.
	Demo bool
	// StartView is the view to open first ("events" when empty).
	StartView string
	// Context names the profile context in use, shown in the tab bar.
	Context string
	// ReadOnly makes every client built later (after :ctx or a new login) read-only too.
	ReadOnly bool
	// Warnings found at start-up, such as a credentials file others can read.
	Warnings []string
}

// Model is the root Bubble Tea model.
type Model struct {
	opts  Options
	keys  keymap.Global
	help  help.Model
	views []views.View
	// active indexes views; the login screen covers it while login != nil.
	active int
	login  *views.Login

	picker *picker

	filter     textinput.Model
	filtering  bool
	command    textinput.Model
	commanding bool
	showHelp   bool
	helpScroll int // first help line shown when help is taller than the screen

	flash   msgs.FlashMsg
	flashID int

	width, height int
}

type flashExpiredMsg struct{ id int }

// New builds the root model. With a client that has credentials the
// dashboard opens at once; otherwise the login view does.
func New(opts Options) *Model {
	if opts.Env.Scope == nil {
		opts.Env.Scope = &views.Scope{}
	}
	if opts.Login.NewClient == nil {
		opts.Login.NewClient = client.New
	}
	if opts.ReadOnly {
		opts.Login.NewClient = readOnlyClients(opts.Login.NewClient)
	}
	m := &Model{opts: opts, keys: keymap.DefaultGlobal(), help: help.New()}
	m.filter = newPrompt("/", "filter: entity, check, output, labels; ! inverts")
	m.command = newPrompt(":", "events, checks, apikeys, entities, silences, ns [name], ctx [name], q")
	if opts.Env.Client != nil && opts.Env.Client.HasCredentials() {
		m.buildViews()
		m.active = max(m.indexOf(opts.StartView), 0)
	} else {
		l := views.NewLogin(opts.Login)
		m.login = &l
	}
	return m
}

// FPS caps redraws. Bubble Tea wakes up FPS times a second even when
// nothing changes, and each frame a second costs about 0.03% of a core: at
// 10, an idle dashboard polling 10,000 events every 10 s uses 0.7 to 0.9%
// of a core, where 15 took 0.85 to 1.1%. A key press shows within 100 ms.
const FPS = 10

// readOnlyClients makes the login view's clients read-only as well.
func readOnlyClients(next func(client.Config) (*client.Client, error)) func(client.Config) (*client.Client, error) {
	return func(cfg client.Config) (*client.Client, error) {
		cfg.ReadOnly = true
		return next(cfg)
	}
}

func newPrompt(prompt, placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.CharLimit = 256
	return in
}

func (m *Model) buildViews() {
	env := m.opts.Env
	m.views = []views.View{views.NewEvents(env), views.NewChecks(env), views.NewAPIKeys(env),
		views.NewEntities(env), views.NewSilences(env)}
	m.resize()
}

func (m *Model) indexOf(name string) int {
	for i, v := range m.views {
		if v.Name() == name {
			return i
		}
	}
	return -1
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd {
	var warn tea.Cmd
	if len(m.opts.Warnings) > 0 {
		// The alternate screen hides what start-up printed: say it here too.
		warn = m.setFlash(msgs.FlashMsg{Text: "Warning: " + strings.Join(m.opts.Warnings, "; "), Error: true})
	}
	if m.login != nil {
		return tea.Batch(warn, m.login.Init())
	}
	return tea.Batch(warn, m.views[m.active].Activate())
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = min(msg.Width, MaxWidth), min(msg.Height, MaxHeight)
		m.resize()
		return m, nil
	case msgs.LoggedInMsg:
		return m, m.loggedIn(msg)
	case msgs.SessionExpiredMsg:
		return m, m.toLogin(msg.Reason)
	case msgs.FlashMsg:
		return m, m.setFlash(msg)
	case msgs.SwitchViewMsg:
		return m, m.switchTo(msg.Name)
	case namespacesMsg:
		if m.picker != nil && m.picker.title == namespacePickerTitle {
			m.picker.loading = false
			m.picker.choices = append([]string{allNamespaces}, msg.names...)
			if msg.err != nil {
				m.picker.err = "cannot list namespaces: " + msg.err.Error()
			}
		}
		return m, nil
	case flashExpiredMsg:
		if msg.id == m.flashID {
			m.flash = msgs.FlashMsg{}
		}
		return m, nil
	case tea.KeyMsg:
		return m, m.onKeys(msg)
	}
	return m, m.forward(msg)
}

// onKeys handles each key of msg in turn. Keys that arrive together, as
// typing does over a slow SSH link, reach Bubble Tea as one message: "/web"
// would be no key at all where it should open the filter and type "web".
// A paste stays whole.
func (m *Model) onKeys(msg tea.KeyMsg) tea.Cmd {
	if msg.Type != tea.KeyRunes || len(msg.Runes) < 2 || msg.Paste {
		return m.onKey(msg)
	}
	cmds := make([]tea.Cmd, 0, len(msg.Runes))
	for _, r := range msg.Runes {
		cmds = append(cmds, m.onKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
	}
	return tea.Batch(cmds...)
}

// forward hands a message to whichever screen is showing.
func (m *Model) forward(msg tea.Msg) tea.Cmd {
	if m.login != nil {
		var cmd tea.Cmd
		*m.login, cmd = m.login.Update(msg)
		return cmd
	}
	if len(m.views) == 0 {
		return nil
	}
	var cmd tea.Cmd
	m.views[m.active], cmd = m.views[m.active].Update(msg)
	return cmd
}

func (m *Model) loggedIn(msg msgs.LoggedInMsg) tea.Cmd {
	previous := ""
	if len(m.views) > 0 {
		previous = m.views[m.active].Name()
	}
	m.login = nil
	m.opts.Env.Client = msg.Client
	if msg.Username != "" {
		m.opts.Env.Username = msg.Username
	}
	m.buildViews()
	m.active = max(m.indexOf(previous), m.indexOf(m.opts.StartView), 0)
	return m.views[m.active].Activate()
}

// toLogin covers the dashboard with the login view, prefilled with the
// current connection, and remembers which view to come back to.
func (m *Model) toLogin(reason string) tea.Cmd {
	if m.login != nil {
		return nil
	}
	if len(m.views) > 0 {
		m.views[m.active].Deactivate()
	}
	opts := m.opts.Login
	opts.Message = reason
	if c := m.opts.Env.Client; c != nil {
		opts.Creds.URL, opts.Creds.Namespace = c.URL(), c.Namespace()
		opts.Creds.APIKey = ""
		opts.Creds.Tokens = nil
	}
	if m.opts.Env.Username != "" {
		opts.Creds.Username = m.opts.Env.Username
	}
	l := views.NewLogin(opts)
	l.SetSize(m.width, m.height-2)
	m.login = &l
	return l.Init()
}

func (m *Model) setFlash(f msgs.FlashMsg) tea.Cmd {
	m.flashID++
	m.flash = f
	id := m.flashID
	return tea.Tick(flashFor, func(time.Time) tea.Msg { return flashExpiredMsg{id: id} })
}

func (m *Model) onKey(msg tea.KeyMsg) tea.Cmd {
	if m.login != nil {
		return m.forward(msg)
	}
	switch {
	case m.picker != nil:
		done, cmd := m.picker.update(msg)
		if done {
			m.picker = nil
		}
		return cmd
	case m.showHelp && (msg.Type == tea.KeyUp || msg.Type == tea.KeyDown):
		if msg.Type == tea.KeyUp {
			m.helpScroll--
		} else {
			m.helpScroll++
		}
		return nil
	case m.showHelp:
		// Any other key closes help; quitting still works from it.
		m.showHelp = false
		if key.Matches(msg, m.keys.Quit) {
			return m.quit()
		}
		return nil
	case m.filtering:
		return m.onFilterKey(msg)
	case m.commanding:
		return m.onCommandKey(msg)
	case msg.String() == "ctrl+c":
		return m.quit()
	case m.views[m.active].Capturing():
		return m.forward(msg)
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case key.Matches(msg, m.keys.Help):
		m.showHelp, m.helpScroll = true, 0
		return nil
	case key.Matches(msg, m.keys.Filter):
		m.filtering = true
		return m.filter.Focus()
	case key.Matches(msg, m.keys.Command):
		m.commanding = true
		m.command.SetValue("")
		return m.command.Focus()
	case key.Matches(msg, m.keys.Events):
		return m.switchTo("events")
	case key.Matches(msg, m.keys.Checks):
		return m.switchTo("checks")
	case key.Matches(msg, m.keys.APIKeys):
		return m.switchTo("apikeys")
	case key.Matches(msg, m.keys.Entities):
		return m.switchTo("entities")
	case key.Matches(msg, m.keys.Silences):
		return m.switchTo("silences")
	case key.Matches(msg, m.keys.Namespace):
		return m.pickNamespace()
	}
	return m.forward(msg)
}

func (m *Model) onFilterKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		m.filtering = false
		m.filter.Blur()
		return nil
	case "esc":
		m.filtering = false
		m.filter.Blur()
		m.filter.SetValue("")
		m.views[m.active].SetFilter("")
		return nil
	case "ctrl+c":
		return m.quit()
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	m.views[m.active].SetFilter(m.filter.Value())
	return cmd
}

func (m *Model) onCommandKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		m.commanding = false
		m.command.Blur()
		return m.run(strings.TrimSpace(m.command.Value()))
	case "esc":
		m.commanding = false
		m.command.Blur()
		return nil
	case "ctrl+c":
		return m.quit()
	}
	var cmd tea.Cmd
	m.command, cmd = m.command.Update(msg)
	return cmd
}

// commands maps each :command, with its aliases, to a view name.
var commands = map[string]string{
	"events": "events", "event": "events", "ev": "events", "e": "events",
	"checks": "checks", "check": "checks", "ch": "checks", "c": "checks",
	"apikeys": "apikeys", "apikey": "apikeys", "keys": "apikeys", "ak": "apikeys",
	"entities": "entities", "entity": "entities", "ent": "entities", "en": "entities",
	"silences": "silences", "silenced": "silences", "silence": "silences", "sil": "silences",
}

func (m *Model) run(command string) tea.Cmd {
	verb, arg, _ := strings.Cut(command, " ")
	arg = strings.TrimSpace(arg)
	switch strings.ToLower(verb) {
	case "":
		return nil
	case "q", "quit", "q!":
		return m.quit()
	case "ns", "namespace", "namespaces":
		if arg != "" {
			return m.useNamespace(arg)
		}
		return m.pickNamespace()
	case "ctx", "context", "contexts":
		if arg != "" {
			return m.useContext(arg)
		}
		return m.pickContext()
	}
	if name, ok := commands[strings.ToLower(verb)]; ok {
		return m.switchTo(name)
	}
	return m.setFlash(msgs.FlashMsg{Text: fmt.Sprintf("Unknown command %q: try :events, :checks, :apikeys, :entities, :silences, :ns, :ctx or :q", command), Error: true})
}

func (m *Model) switchTo(name string) tea.Cmd {
	i := m.indexOf(name)
	if i < 0 || i == m.active {
		return nil
	}
	m.views[m.active].Deactivate()
	m.active = i
	m.views[i].SetFilter(m.filter.Value())
	return m.views[i].Activate()
}

func (m *Model) quit() tea.Cmd {
	for _, v := range m.views {
		v.Deactivate()
	}
	return tea.Quit
}

func (m *Model) resize() {
	if m.login != nil {
		m.login.SetSize(m.width, m.height-2) // the status line and help bar take the last two
	}
	bodyHeight := max(m.height-chromeLines, 1)
	for _, v := range m.views {
		v.SetSize(m.width, bodyHeight)
	}
	m.help.Width = m.width
	m.filter.Width = max(m.width-4, 10)
	m.command.Width = max(m.width-4, 10)
}

// View implements tea.Model.
func (m *Model) View() string {
	if m.width == 0 {
		return ""
	}
	if m.width < minWidth || m.height < minHeight {
		return fmt.Sprintf("Terminal too small (%dx%d).\nsensu-tui needs at least %dx%d.", m.width, m.height, minWidth, minHeight)
	}
	if m.login != nil {
		return m.login.View() + "\n" + m.flashLine() + "\n" + fitLine(m.help.ShortHelpView(m.login.ShortHelp()), m.width)
	}
	v := m.views[m.active]
	body := v.View()
	if m.picker != nil {
		body = modal.Overlay(body, m.picker.view(m.width), m.width, max(m.height-chromeLines, 1))
	}
	screen := strings.Join([]string{m.tabs(), m.header(), body, m.statusLine(), m.helpBar()}, "\n")
	if m.showHelp {
		// Help may be taller than the body: it covers the whole screen.
		screen = modal.Overlay(screen, m.fullHelp(), m.width, m.height)
	}
	return screen
}

func (m *Model) tabs() string {
	badges := m.badges()
	line := m.tabLine(false, badges)
	if ansi.StringWidth(line) > m.width {
		// Narrow terminal: inactive tabs shrink to their numbers, badges stay.
		line = m.tabLine(true, badges)
	}
	if right := sanitize.Line(m.opts.Env.Client.URL()); ansi.StringWidth(line)+ansi.StringWidth(right)+2 <= m.width {
		line += strings.Repeat(" ", m.width-ansi.StringWidth(line)-ansi.StringWidth(right)) + styles.Muted.Render(right)
	}
	return fitLine(line, m.width)
}

func (m *Model) tabLine(compact bool, badges []string) string {
	var parts []string
	if !compact {
		parts = append(parts, styles.Title.Render("sensu-tui"))
	}
	for i, v := range m.views {
		label := fmt.Sprintf("%d %s", i+1, v.Name())
		switch {
		case i == m.active:
			parts = append(parts, styles.ActiveTab.Render("["+label+"]"))
		case compact:
			parts = append(parts, styles.Tab.Render(fmt.Sprint(i+1)))
		default:
			parts = append(parts, styles.Tab.Render(" "+label+" "))
		}
	}
	return strings.Join(append(parts, badges...), " ")
}

// badges say where the dashboard points and what is unusual about it.
func (m *Model) badges() []string {
	c := m.opts.Env.Client
	ns := sanitize.Line(c.Namespace())
	if m.opts.Env.Scope.AllNamespaces {
		ns = "*all*"
	}
	badges := []string{styles.Muted.Render("ns:") + ns}
	if m.opts.Context != "" {
		badges = append(badges, styles.Muted.Render("ctx:")+sanitize.Line(m.opts.Context))
	}
	if c.ReadOnly() {
		badges = append(badges, styles.Warning.Render("READ-ONLY"))
	}
	if m.opts.Demo {
		badges = append(badges, styles.DemoBadge.Render("DEMO DATA"))
	}
	if c.Insecure() {
		badges = append(badges, styles.Error.Render("⚠ TLS VERIFY OFF"))
	}
	return badges
}

func (m *Model) header() string {
	line := m.views[m.active].Status()
	if q := m.filter.Value(); q != "" && !m.filtering {
		// The filter leads: a narrow terminal cuts the end of the line.
		line = styles.Warning.Render("filter: "+sanitize.Line(q)) + " · " + line
	}
	return fitLine(line, m.width)
}

func (m *Model) statusLine() string {
	switch {
	case m.filtering:
		return m.filter.View()
	case m.commanding:
		return m.command.View()
	case m.flash.Text != "":
		return m.flashLine()
	}
	if p, ok := m.views[m.active].(interface{ Problem() string }); ok && p.Problem() != "" {
		return fitLine(styles.Error.Render("⚠ "+p.Problem()), m.width)
	}
	return ""
}

// flashLine is the current flash message, or a blank line.
func (m *Model) flashLine() string {
	switch {
	case m.flash.Text == "":
		return fitLine("", m.width)
	case m.flash.Error:
		return fitLine(styles.Error.Render("✖ "+sanitize.Line(m.flash.Text)), m.width)
	}
	return fitLine(styles.Success.Render("✔ "+sanitize.Line(m.flash.Text)), m.width)
}

func (m *Model) helpBar() string {
	v := m.views[m.active]
	if m.picker != nil {
		return fitLine(m.help.ShortHelpView(m.picker.shortHelp()), m.width)
	}
	bindings := v.ShortHelp()
	if !v.Capturing() {
		// Help leads, so a narrow terminal still shows where the other keys are.
		bindings = append([]key.Binding{m.keys.Help}, append(bindings, m.keys.Filter, m.keys.Command, m.keys.Quit)...)
	}
	return fitLine(m.help.ShortHelpView(bindings), m.width)
}

func (m *Model) fullHelp() string {
	groups := append([][]key.Binding{m.keys.FullHelp()[0]}, m.views[m.active].FullHelp()...)
	if more := m.keys.FullHelp(); len(more) > 1 {
		groups = append(groups, more[1:]...)
	}
	groups = uniqueBindings(groups)
	h := m.help
	h.ShowAll = true
	// Each group is a column; columns wrap onto new rows to fit narrow terminals.
	inner := max(m.width-6, 20)
	var rows []string
	var row []string
	rowWidth := 0
	for _, g := range groups {
		col := h.FullHelpView([][]key.Binding{g})
		w := lipgloss.Width(col) + 3
		if rowWidth > 0 && rowWidth+w > inner {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, rowWidth = nil, 0
		}
		row = append(row, lipgloss.NewStyle().PaddingRight(3).Render(col))
		rowWidth += w
	}
	rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	lines := strings.Split(styles.Title.Render("Keys: "+m.views[m.active].Name())+"\n\n"+strings.Join(rows, "\n\n"), "\n")
	hint := "any key closes"
	// Two border lines and the hint must fit too; a taller help scrolls.
	if room := max(m.height-3, 1); len(lines) > room {
		m.helpScroll = min(max(m.helpScroll, 0), len(lines)-room)
		lines = lines[m.helpScroll : m.helpScroll+room]
		hint = "↑↓ scroll · any other key closes"
	} else {
		lines = append(lines, "")
	}
	return styles.Modal.Render(strings.Join(lines, "\n") + "\n" + styles.Muted.Render(hint))
}

// uniqueBindings drops bindings already listed in an earlier group, so keys
// shared by the view and the root appear once.
func uniqueBindings(groups [][]key.Binding) [][]key.Binding {
	seen := map[string]bool{}
	var out [][]key.Binding
	for _, g := range groups {
		var kept []key.Binding
		for _, b := range g {
			if id := b.Help().Key; b.Enabled() && !seen[id] {
				seen[id] = true
				kept = append(kept, b)
			}
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	return out
}

// fitLine cuts or pads a screen line to exactly width cells.
func fitLine(s string, width int) string { return styles.Fit(s, width, "…") }
