// Package ui holds the root model: tabs, header, status line, help, the
// filter and command prompts, the activity log, and the switch between
// login and dashboard. The root owns the views' lifecycle and routes every
// asynchronous reply to the view it belongs to.
package ui

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/aymanbagabas/go-osc52/v2"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/line"
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
	// Output is the writer the program draws on; clipboard (OSC52) writes
	// go to it between frames. nil switches copying off.
	Output io.Writer
	// HealthEvery is how often the header asks the backend about its
	// health (DefaultHealthEvery when 0). When negative the header asks
	// neither health nor version, which keeps test screens stable.
	HealthEvery time.Duration
}

// Model is the root Bubble Tea model.
type Model struct {
	opts     Options
	keys     keymap.Global
	numbered []views.Entry // the views with a number key, in order
	viewKeys []key.Binding // their number keys
	// tabLines are the tab bar, full and compact, for the view showing:
	// drawn once per view shown, not at every frame.
	tabLines struct{ active, full, compact string }
	help     help.Model
	st       *styles.Styles
	// views holds the views built so far for the current connection and
	// namespace, by name; active names the one showing. The login screen
	// covers them while login != nil.
	views  map[string]views.View
	active string
	login  *views.Login
	// history is where each drill-down began, the latest last: esc on a
	// list goes back to it.
	history []visit

	picker *picker

	filter     textinput.Model
	filtering  bool
	command    textinput.Model
	commanding bool
	showHelp   bool
	helpScroll int // first help line shown when help is taller than the screen
	showLog    bool
	logScroll  int
	activity   activityLog

	flash   msgs.FlashMsg
	flashID int

	backend backendInfo
	// completing is the : prompt's tab cycle; contexts what it completes
	// after ctx, read when it opens.
	completing completion
	contexts   []string

	width, height int
}

type flashExpiredMsg struct{ id int }

// visit is a place in the navigation history: a view, the filter it had
// and where the user was in it, and the view the drill-down went to.
type visit struct {
	view, filter string
	at           views.Place
	to           string
}

// maxHistory bounds the navigation history; the oldest places go first.
const maxHistory = 50

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
	if _, ok := views.Find(opts.StartView); !ok {
		opts.StartView = views.Names()[0]
	}
	if opts.Env.Styles == nil {
		opts.Env.Styles = styles.Default()
	}
	opts.Login.Styles = opts.Env.Styles
	st := opts.Env.Styles
	m := &Model{opts: opts, keys: keymap.DefaultGlobal(), help: st.NewHelp(), st: st}
	for _, e := range views.Registry() {
		if e.Number > 0 {
			m.numbered = append(m.numbered, e)
			m.viewKeys = append(m.viewKeys, keymap.ViewKey(e.Number, e.Name))
		}
	}
	m.filter = newPrompt(st, "/", "filter: entity, check, output, labels; ! inverts")
	m.command = newPrompt(st, ":", strings.Join(views.Names(), ", ")+", ns [name], ctx [name], log, q")
	if opts.Env.Client != nil && opts.Env.Client.HasCredentials() {
		m.replaceViews(opts.StartView)
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

func newPrompt(st *styles.Styles, prompt, placeholder string) textinput.Model {
	in := st.NewTextInput()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.CharLimit = 256
	return in
}

// replaceViews is the one place where the views of one connection and
// namespace end: after a login, a context switch or a namespace switch.
// Every walk and timer of the old views is cancelled, and the new views
// draw their ids from the same process-wide counter, so no reply meant for
// an old view can be taken by a new one. show names the view to show.
func (m *Model) replaceViews(show string) {
	for _, v := range m.views {
		v.Deactivate()
	}
	m.views = map[string]views.View{}
	m.history = nil // its places were in the views that end here
	m.active = ""
	m.ensure(show)
	m.active = show
}

// ensure builds the named view if this connection has not shown it yet.
func (m *Model) ensure(name string) views.View {
	if v, ok := m.views[name]; ok {
		return v
	}
	e, ok := views.Find(name)
	if !ok {
		return nil
	}
	v := e.New(m.opts.Env)
	v.SetSize(m.width, max(m.height-chromeLines, 1))
	v.SetFilter(m.filter.Value()) // before it loads: no load to start
	m.views[e.Name] = v
	return v
}

// current is the view showing, or nil at the login screen before any login.
func (m *Model) current() views.View { return m.views[m.active] }

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
	return tea.Batch(warn, m.current().Activate(), m.connected())
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
	case msgs.CopyMsg:
		return m, m.copy(msg)
	case msgs.SwitchViewMsg:
		return m, m.switchTo(msg.Name)
	case msgs.ClearFilterMsg:
		m.filter.SetValue("")
		return m, m.current().SetFilter("")
	case msgs.DrillMsg:
		return m, m.drill(msg)
	case msgs.BackMsg:
		return m, m.back()
	case msgs.ActionDoneMsg:
		return m, m.actionDone(msg)
	case msgs.Routed:
		return m, m.deliver(msg.RouteTo().View, msg)
	case namespacesMsg:
		return m, m.onNamespaces(msg)
	case versionMsg, healthMsg, healthTickMsg:
		return m, m.onBackend(msg)
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

// deliver hands a routed message to the view it names, shown or not. A
// view of a connection or namespace that has been left is gone, and so is
// what it was waiting for; a view of the same name since built has ids of
// its own and drops the message.
func (m *Model) deliver(name string, msg tea.Msg) tea.Cmd {
	v, ok := m.views[name]
	if !ok {
		return nil
	}
	return v.Update(msg)
}

// actionDone reports an action in the status line and the activity log,
// whichever view is showing, then lets the view that started it reload,
// and the view that lists what it created select it.
func (m *Model) actionDone(msg msgs.ActionDoneMsg) tea.Cmd {
	m.activity.add(m.now(), msg)
	report := msgs.FlashMsg{Text: msg.Text}
	if msg.Err != nil {
		report = msgs.FlashMsg{Text: msg.Err.Error(), Error: true}
	}
	cmd := m.deliver(msg.Route.View, msg)
	if c := msg.Created; c.Key != "" && msg.Err == nil {
		if v := m.ensure(c.View); v != nil {
			v.SelectKey(c.Key)
		}
	}
	return tea.Batch(m.setFlash(report), cmd)
}

// copy puts text on the user's clipboard with OSC52, which the terminal
// honours even across SSH (inside tmux it needs `set -g set-clipboard on`).
// It writes from the program's goroutine to the program's own output.
func (m *Model) copy(msg msgs.CopyMsg) tea.Cmd {
	if m.opts.Output == nil {
		return m.setFlash(msgs.FlashMsg{Text: "Copying is not available here.", Error: true})
	}
	if _, err := osc52.New(msg.Text).WriteTo(m.opts.Output); err != nil {
		return m.setFlash(msgs.FlashMsg{Text: "Copy failed: " + err.Error(), Error: true})
	}
	return m.setFlash(msgs.FlashMsg{Text: "Copied " + msg.What + " to the clipboard (OSC52)."})
}

func (m *Model) now() time.Time {
	if m.opts.Env.Now != nil {
		return m.opts.Env.Now()
	}
	return time.Now()
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

// forward hands a message that names no view to whichever screen is showing.
func (m *Model) forward(msg tea.Msg) tea.Cmd {
	if m.login != nil {
		var cmd tea.Cmd
		*m.login, cmd = m.login.Update(msg)
		return cmd
	}
	if m.current() == nil {
		return nil
	}
	return m.deliver(m.active, msg)
}

func (m *Model) loggedIn(msg msgs.LoggedInMsg) tea.Cmd {
	show := m.active
	if show == "" {
		show = m.opts.StartView
	}
	m.login = nil
	m.opts.Env.Client = msg.Client
	if msg.Username != "" {
		m.opts.Env.Username = msg.Username
	}
	m.replaceViews(show)
	return tea.Batch(m.current().Activate(), m.connected())
}

// toLogin covers the dashboard with the login view, prefilled with the
// current connection, and remembers which view to come back to.
func (m *Model) toLogin(reason string) tea.Cmd {
	if m.login != nil {
		return nil
	}
	if v := m.current(); v != nil {
		v.Deactivate()
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

// clearFlash takes the flash message off, and its timer with it.
func (m *Model) clearFlash() {
	m.flashID++
	m.flash = msgs.FlashMsg{}
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
	case m.showHelp:
		if quit := m.overlayKey(msg, &m.showHelp, &m.helpScroll); quit {
			return m.quit()
		}
		return nil
	case m.showLog:
		if quit := m.overlayKey(msg, &m.showLog, &m.logScroll); quit {
			return m.quit()
		}
		return nil
	case m.filtering:
		return m.onFilterKey(msg)
	case m.commanding:
		return m.onCommandKey(msg)
	case msg.String() == "ctrl+c":
		return m.quit()
	case m.current().Capturing():
		return m.forward(msg)
	}
	keys := m.globalKeys()
	switch {
	case key.Matches(msg, keys.Quit):
		return m.quit()
	case key.Matches(msg, keys.Help):
		m.showHelp, m.helpScroll = true, 0
		return nil
	case key.Matches(msg, keys.Filter):
		m.filtering = true
		return m.filter.Focus()
	case key.Matches(msg, keys.Command):
		return m.openCommand()
	case key.Matches(msg, keys.Namespace):
		return m.pickNamespace()
	}
	for i, b := range m.viewKeys {
		if key.Matches(msg, b) {
			return m.switchTo(m.numbered[i].Name)
		}
	}
	return m.forward(msg)
}

// globalKeys are the root's bindings where the user is: a page takes / and
// N for its search, a list takes esc for clearing.
func (m *Model) globalKeys() keymap.Global {
	if m.current().InPage() {
		return m.keys.OnPage()
	}
	return m.keys.OnList()
}

// overlayKey handles a key while help or the activity log covers the
// screen: up and down scroll it, any other key closes it. It reports
// whether the key was a quit, which still works from there.
func (m *Model) overlayKey(msg tea.KeyMsg, shown *bool, scroll *int) (quit bool) {
	switch msg.Type {
	case tea.KeyUp:
		*scroll--
		return false
	case tea.KeyDown:
		*scroll++
		return false
	}
	*shown = false
	return key.Matches(msg, m.keys.Quit)
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
		return m.current().SetFilter("")
	case "ctrl+c":
		return m.quit()
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	return tea.Batch(cmd, m.current().SetFilter(m.filter.Value()))
}

func (m *Model) onCommandKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		m.commanding = false
		m.command.Blur()
		m.clearFlash() // a message of an earlier command says nothing about this one
		return m.run(strings.TrimSpace(m.command.Value()))
	case "esc":
		m.commanding = false
		m.command.Blur()
		return nil
	case "ctrl+c":
		return m.quit()
	case "tab":
		m.complete(1)
		return nil
	case "shift+tab":
		m.complete(-1)
		return nil
	}
	var cmd tea.Cmd
	m.command, cmd = m.command.Update(msg)
	return cmd
}

// openCommand opens the : prompt, and looks up what it completes: the
// profile's contexts, and the user's namespaces unless known already.
func (m *Model) openCommand() tea.Cmd {
	m.commanding = true
	m.command.SetValue("")
	m.completing = completion{}
	m.contexts, _ = m.contextNames() // none to complete without a profile
	focus := m.command.Focus()
	if m.backend.namespaces == nil {
		return tea.Batch(focus, m.listNamespaces(""))
	}
	return focus
}

func (m *Model) run(command string) tea.Cmd {
	verb, arg, _ := strings.Cut(command, " ")
	arg = strings.TrimSpace(arg)
	switch strings.ToLower(verb) {
	case "":
		return nil
	case "q", "quit", "q!":
		return m.quit()
	case "log", "activity":
		m.showLog, m.logScroll = true, 0
		return nil
	case "ns", "namespace": // :namespaces is the namespaces view
		if arg != "" {
			return m.switchNamespace(arg)
		}
		return m.pickNamespace()
	case "ctx", "context", "contexts":
		if arg != "" {
			return m.useContext(arg)
		}
		return m.pickContext()
	}
	if e, ok := views.Find(verb); ok {
		return m.switchTo(e.Name)
	}
	return m.setFlash(msgs.FlashMsg{Text: fmt.Sprintf("Unknown command %q: ? lists every view; also :ns, :ctx, :log, :q",
		command), Error: true})
}

func (m *Model) switchTo(name string) tea.Cmd {
	if name == m.active {
		return nil
	}
	v := m.ensure(name)
	if v == nil {
		return nil
	}
	m.current().Deactivate()
	m.active = name
	v.SetFilter(m.filter.Value()) // Activate loads it anyway
	v.SetBack(m.backTo())
	return v.Activate()
}

// drill takes the user where d says, after noting where they are so that
// esc brings them back: the view, its filter and the row.
func (m *Model) drill(d msgs.DrillMsg) tea.Cmd {
	if _, ok := views.Find(d.View); !ok || m.current() == nil {
		return nil
	}
	here := visit{view: m.active, filter: m.filter.Value(), at: m.current().Place(), to: d.View}
	if len(m.history) == maxHistory {
		m.history = slices.Delete(m.history, 0, 1)
	}
	m.history = append(m.history, here)
	cmd := m.show(d.View, d.Filter)
	if d.Key == "" {
		return cmd
	}
	return tea.Batch(cmd, m.current().Return(views.Place{Key: d.Key, Detail: d.Detail}))
}

// back returns to where the drill-down that led to the view showing
// began, if one did.
func (m *Model) back() tea.Cmd {
	if m.backTo() == "" {
		return nil
	}
	to := m.history[len(m.history)-1]
	m.history = m.history[:len(m.history)-1]
	return tea.Batch(m.show(to.view, to.filter), m.current().Return(to.at))
}

// backTo is the view esc on the list showing goes back to: the one the
// drill-down that led to it began in. A view the user went to another way
// (its number, a command) has none: esc clears the filter there.
func (m *Model) backTo() string {
	if n := len(m.history); n > 0 && m.history[n-1].to == m.active {
		return m.history[n-1].view
	}
	return ""
}

// show makes name the active view with the given filter.
func (m *Model) show(name, filter string) tea.Cmd {
	m.filter.SetValue(filter)
	if name == m.active {
		m.current().SetBack(m.backTo())
		return m.current().SetFilter(filter)
	}
	return m.switchTo(name)
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
		// The login form is drawn for one status line.
		return m.login.View() + "\n" + m.flashLines()[0] + "\n" + fitLine(m.help.ShortHelpView(m.login.ShortHelp()), m.width)
	}
	body := m.current().View()
	if m.picker != nil {
		body = modal.Overlay(body, m.picker.view(m.width), m.width, max(m.height-chromeLines, 1))
	}
	// A status that takes more than its line, and the hint above a prompt,
	// take the last lines of the body.
	status := append(m.promptLines(), m.statusLines()...)
	body = cutLines(body, len(status)-1)
	screen := strings.Join(append(append([]string{m.tabs(), m.header(), body}, status...), m.helpBar()), "\n")
	switch {
	case m.showHelp:
		// Help may be taller than the body: it covers the whole screen.
		screen = modal.Overlay(screen, m.fullHelp(), m.width, m.height)
	case m.showLog:
		screen = modal.Overlay(screen, m.activityView(), m.width, m.height)
	}
	return screen
}

// tabs is the top line: the tabs, where the dashboard points and who is
// logged in, and what is unusual about it. A narrow terminal shrinks the
// tabs to their numbers and then drops the URL, the version and the user
// before anything that warns.
func (m *Model) tabs() string {
	if m.tabLines.active != m.active || m.tabLines.full == "" {
		m.tabLines.active, m.tabLines.full, m.tabLines.compact = m.active, m.tabLine(false), m.tabLine(true)
	}
	parts := append([]line.Part{{Text: m.tabLines.full, Short: m.tabLines.compact, Priority: 3, Keep: true}}, m.badges()...)
	return line.Fit(parts, m.width, " ", m.st.Ellipsis())
}

// tabLine draws a tab for every numbered view, and one for the view
// showing when it has no number.
func (m *Model) tabLine(compact bool) string {
	var parts []string
	if !compact {
		parts = append(parts, m.st.Title.Render("sensu-tui"))
	}
	numbered := false
	for _, e := range m.numbered {
		label := fmt.Sprintf("%d %s", e.Number, e.Name)
		switch {
		case e.Name == m.active:
			numbered = true
			parts = append(parts, m.st.ActiveTab.Render("["+label+"]"))
		case compact:
			parts = append(parts, m.st.Tab.Render(fmt.Sprint(e.Number)))
		default:
			parts = append(parts, m.st.Tab.Render(" "+label+" "))
		}
	}
	if !numbered {
		parts = append(parts, m.st.ActiveTab.Render("["+m.active+"]"))
	}
	return strings.Join(parts, " ")
}

// badges say where the dashboard points, who uses it, and what is unusual
// about it: warnings never give way.
func (m *Model) badges() []line.Part {
	c := m.opts.Env.Client
	ns := sanitize.Line(c.Namespace())
	if m.opts.Env.Scope.AllNamespaces {
		ns = "*all*"
	}
	badges := []line.Part{{Text: m.st.Muted.Render("ns:") + ns}}
	if m.opts.Context != "" {
		badges = append(badges, line.Part{Text: m.st.Muted.Render("ctx:") + sanitize.Line(m.opts.Context), Priority: 1})
	}
	if u := m.opts.Env.Username; u != "" {
		badges = append(badges, line.Part{Text: m.st.Muted.Render("user:") + sanitize.Line(u), Priority: 2})
	}
	if c.ReadOnly() {
		badges = append(badges, line.Part{Text: m.st.Warning.Render("READ-ONLY")})
	}
	if m.opts.Demo {
		badges = append(badges, line.Part{Text: m.st.DemoBadge.Render("DEMO DATA")})
	}
	if c.Insecure() {
		badges = append(badges, line.Part{Text: m.st.Error.Render(m.st.WarningSign() + " TLS VERIFY OFF")})
	}
	if h := m.backend.health; h != nil && !h.Healthy {
		mark := m.st.WarningSign() + " UNHEALTHY"
		problems := make([]string, len(h.Problems))
		for i, p := range h.Problems {
			problems[i] = sanitize.Line(p)
		}
		badges = append(badges, line.Part{Text: m.st.Error.Render(mark + ": " + strings.Join(problems, "; ")),
			Short: m.st.Error.Render(mark), Priority: 2, Keep: true})
	}
	if v := m.backend.version; v != "" {
		badges = append(badges, line.Part{Text: m.st.Muted.Render("sensu " + sanitize.Line(v)), Priority: 2, Right: true})
	}
	badges = append(badges, line.Part{Text: m.st.Muted.Render(sanitize.Line(c.URL())), Priority: 4, Right: true})
	return badges
}

// header is the view's status, fitted to the terminal: what matters least
// gives way first, so what stays keeps its meaning.
func (m *Model) header() string {
	parts := m.current().StatusParts()
	if m.filtering {
		parts = line.Without(parts, views.FilterPart) // the prompt shows it
	}
	return line.Fit(parts, m.width, m.st.Separator(), m.st.Ellipsis())
}

// statusLines is the status line: the prompt being typed, the flash
// message, or the view's problem. A message too long for one line takes
// two rather than lose its end.
func (m *Model) statusLines() []string {
	switch {
	case m.filtering:
		return []string{m.filter.View()}
	case m.commanding:
		return []string{m.command.View()}
	case m.flash.Text != "":
		return m.flashLines()
	}
	if p := m.current().Problem(); p != "" {
		return m.wrapped(m.st.Error, m.st.WarningSign()+" "+p)
	}
	return []string{""}
}

// maxStatusLines is how many lines a message may take.
const maxStatusLines = 2

// wrapped breaks text into at most two lines of the terminal's width, at
// spaces where it can, each drawn with style.
func (m *Model) wrapped(style lipgloss.Style, text string) []string {
	lines := wrapWords(sanitize.Line(text), m.width)
	if len(lines) > maxStatusLines {
		lines[maxStatusLines-1] = strings.Join(lines[maxStatusLines-1:], " ")
		lines = lines[:maxStatusLines]
	}
	for i, l := range lines {
		lines[i] = fitLine(style.Render(l), m.width)
	}
	return lines
}

// flashLines is the current flash message, or a blank line.
func (m *Model) flashLines() []string {
	switch {
	case m.flash.Text == "":
		return []string{fitLine("", m.width)}
	case m.flash.Error:
		return m.wrapped(m.st.Error, "✖ "+m.flash.Text)
	}
	return m.wrapped(m.st.Success, "✔ "+m.flash.Text)
}

func (m *Model) helpBar() string {
	v := m.current()
	if m.picker != nil {
		return fitLine(m.help.ShortHelpView(m.picker.shortHelp()), m.width)
	}
	switch {
	case m.filtering:
		return fitLine(m.help.ShortHelpView(keymap.DefaultFilterPrompt().ShortHelp()), m.width)
	case m.commanding:
		return fitLine(m.help.ShortHelpView(keymap.DefaultCommandPrompt().ShortHelp()), m.width)
	}
	bindings := v.ShortHelp()
	keys := m.globalKeys()
	switch {
	case v.Capturing():
	case v.InPage():
		// q goes back to the list there, which the page's own help says.
		bindings = append([]key.Binding{keys.Help}, append(bindings, keys.Command)...)
	default:
		// Help leads, so a narrow terminal still shows where the other keys
		// are; after a drill-down, so does the way back.
		lead := []key.Binding{keys.Help}
		if to := m.backTo(); to != "" {
			lead = append(lead, keys.BackTo(to))
		}
		bindings = append(lead, append(bindings, keys.Filter, keys.Command, keys.Quit)...)
	}
	return fitLine(m.help.ShortHelpView(bindings), m.width)
}

func (m *Model) fullHelp() string {
	groups := append([][]key.Binding{m.viewKeys}, m.current().FullHelp()...)
	groups = append(groups, m.globalKeys().FullHelp()...)
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
		row = append(row, m.st.NewStyle().PaddingRight(3).Render(col))
		rowWidth += w
	}
	rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	text := m.st.Title.Render("Keys: "+m.active) + "\n\n" + strings.Join(rows, "\n\n") +
		"\n\n" + m.st.Title.Render("Views") + " (:name or an alias)\n" + m.viewList(inner) + "\n\n" + m.syntaxHelp(inner)
	// As wide as the screen allows, so the box stays put as help changes.
	return m.st.Modal.Width(inner + 2).Render(m.scrolledText(strings.Split(text, "\n"), &m.helpScroll))
}

// viewList is one line per view: its number key, name, what it shows and
// its aliases, each cut to width.
func (m *Model) viewList(width int) string {
	nameWidth := 0
	for _, name := range views.Names() {
		nameWidth = max(nameWidth, len(name))
	}
	var b strings.Builder
	for _, e := range views.Registry() {
		number := " "
		if e.Number > 0 {
			number = fmt.Sprint(e.Number)
		}
		aliases := ""
		if len(e.Aliases) > 0 {
			aliases = " (" + strings.Join(e.Aliases, ", ") + ")"
		}
		line := fmt.Sprintf("%s  %-*s %s%s", number, nameWidth, e.Name, e.About, m.st.Muted.Render(aliases))
		b.WriteString(styles.Truncate(line, width, "…") + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// scrolled boxes lines as a modal at most the screen's height: a taller
// text shows the part scroll points to, and says it scrolls.
func (m *Model) scrolled(lines []string, scroll *int) string {
	return m.st.Modal.Render(m.scrolledText(lines, scroll))
}

// scrolledText is what scrolled boxes.
func (m *Model) scrolledText(lines []string, scroll *int) string {
	hint := "any key closes"
	// Two border lines and the hint must fit too.
	if room := max(m.height-3, 1); len(lines) > room {
		*scroll = min(max(*scroll, 0), len(lines)-room)
		lines = lines[*scroll : *scroll+room]
		hint = "↑↓ scroll · any other key closes"
	} else {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n") + "\n" + m.st.Muted.Render(hint)
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

// wrapWords breaks text into lines of at most width cells at its spaces
// only (a name such as sensu-system stays whole), keeping runs of spaces;
// a word wider than a line is cut across lines.
func wrapWords(text string, width int) []string {
	var lines []string
	cur, started := "", false
	for _, word := range strings.Split(text, " ") {
		switch {
		case !started:
			cur, started = word, true
		case styles.Width(cur)+1+styles.Width(word) <= width:
			cur += " " + word
		default:
			lines = append(lines, cur)
			cur = word
		}
		for styles.Width(cur) > width {
			head := styles.Truncate(cur, width, "")
			lines = append(lines, head)
			cur = cur[len(head):]
		}
	}
	return append(lines, cur)
}

// cutLines drops the last n lines of text, keeping at least one.
func cutLines(text string, n int) string {
	for range n {
		i := strings.LastIndexByte(text, '\n')
		if i < 0 {
			break
		}
		text = text[:i]
	}
	return text
}

// fitLine cuts or pads a screen line to exactly width cells.
func fitLine(s string, width int) string { return styles.Fit(s, width, "…") }
