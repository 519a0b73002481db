package views

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/config"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/msgs"
	"github.com/sensu-tui/sensu-tui/ui/sanitize"
	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// LoginOptions configures the login form.
type LoginOptions struct {
	// Creds prefills the URL, namespace, username and API key; the form
	// starts in API-key mode when a key is given. Its TLS settings and
	// timeout are used for the login. Its password is ignored: the form
	// never holds a password it was not typed.
	Creds config.Credentials
	// ProfilePath is where the "save" toggle writes; "" disables saving.
	ProfilePath string
	// Message is shown above the form, e.g. "Session expired: log in again".
	Message string
	// NewClient builds the API client; nil means client.New.
	NewClient func(client.Config) (*client.Client, error)
	// Styles draw the form; nil means styles.Default.
	Styles *styles.Styles
}

// Login is the login form: API URL, namespace, and either a username and
// password or an API key.
//
// Enter submits from any field; when something is missing, every problem is
// shown next to its field and the cursor moves to the first one. The
// password leaves the model when the request is sent. It is typed again only
// when the server refused it: after a network failure it is put back, so a
// retry over a flaky link needs just another enter. A rejected API key is
// cleared in the same way, since it is known to be useless.
type Login struct {
	keys   keymap.Login
	cancel key.Binding
	st     *styles.Styles

	inputs    [fieldCount]textinput.Model
	fieldErrs [fieldCount]string
	focus     loginField
	mode      loginMode
	save      bool

	creds       config.Credentials
	profilePath string
	message     string
	newClient   func(client.Config) (*client.Client, error)

	spinner spinner.Model
	// gen numbers login attempts; a reply from an older attempt is dropped.
	gen        int
	pending    bool
	pendingURL string
	stop       context.CancelFunc
	loggedIn   bool
	err        string

	width, height int
}

type loginMode int

const (
	passwordMode loginMode = iota
	apiKeyMode
)

type loginField int

const (
	fieldURL loginField = iota
	fieldNamespace
	fieldUsername
	fieldPassword
	fieldAPIKey
	fieldCount
)

var fieldLabels = [fieldCount]string{
	fieldURL:       "API URL",
	fieldNamespace: "Namespace",
	fieldUsername:  "Username",
	fieldPassword:  "Password",
	fieldAPIKey:    "API key",
}

// Layout of the form: the box never grows past maxLoginWidth, so the form
// stays readable on a wide terminal, and never shrinks below minLoginWidth.
const (
	maxLoginWidth = 60
	minLoginWidth = 30
	markerWidth   = 2  // "> " before the focused field
	labelWidth    = 11 // longest label plus a gap
	boxChrome     = 4  // border and one column of padding on each side
	legendWidth   = 8  // "ctrl+t  " before a key's description
)

// loginResultMsg is the answer to one login attempt.
type loginResultMsg struct {
	gen      int
	client   *client.Client
	username string
	err      error
	// password comes back only after a failure that says nothing about it,
	// so a retry does not need it typed again.
	password string
	saveErr  error
}

// NewLogin builds the login form from opts.
func NewLogin(opts LoginOptions) Login {
	m := Login{
		keys:        keymap.DefaultLogin(),
		cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		creds:       opts.Creds,
		profilePath: opts.ProfilePath,
		message:     opts.Message,
		newClient:   opts.NewClient,
		spinner:     spinner.New(spinner.WithSpinner(spinner.Line)),
		st:          opts.Styles,
	}
	if m.newClient == nil {
		m.newClient = client.New
	}
	if m.st == nil {
		m.st = styles.Default()
	}
	for f := range fieldCount {
		in := m.st.NewTextInput()
		in.Prompt = ""
		// A blinking cursor repaints twice a second for nothing over SSH.
		in.Cursor.SetMode(cursor.CursorStatic)
		m.inputs[f] = in
	}
	secret := '•'
	if m.st.ASCII() {
		secret = '*'
	}
	for _, f := range []loginField{fieldPassword, fieldAPIKey} {
		m.inputs[f].EchoMode = textinput.EchoPassword
		m.inputs[f].EchoCharacter = secret
	}
	m.inputs[fieldURL].SetValue(opts.Creds.URL)
	ns := opts.Creds.Namespace
	if ns == "" {
		ns = client.DefaultNamespace
	}
	m.inputs[fieldNamespace].SetValue(ns)
	m.inputs[fieldUsername].SetValue(opts.Creds.Username)
	m.inputs[fieldAPIKey].SetValue(opts.Creds.APIKey)
	if opts.Creds.APIKey != "" {
		m.mode = apiKeyMode
	}

	// Start on the first empty field, so a prefilled form asks only for
	// what is missing (usually the password).
	order := m.order()
	m.focus = order[len(order)-1]
	for _, f := range order {
		if m.inputs[f].Value() == "" {
			m.focus = f
			break
		}
	}
	m.inputs[m.focus].Focus()
	m.SetSize(0, 0)
	m.syncKeys()
	return m
}

// Init starts nothing: the form waits for the user.
func (m Login) Init() tea.Cmd { return nil }

// Update handles keys and login replies.
func (m Login) Update(msg tea.Msg) (Login, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
		return m, nil
	case loginResultMsg:
		if msg.gen != m.gen || !m.pending {
			return m, nil
		}
		return m.finish(msg)
	case spinner.TickMsg:
		if !m.pending {
			return m, nil // lets the old tick loop die
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case tea.KeyMsg:
		return m.handleKey(msg)
	}
	if m.pending || m.loggedIn {
		return m, nil
	}
	var cmd tea.Cmd
	m.inputs[m.focus], cmd = m.inputs[m.focus].Update(msg)
	return m, cmd
}

func (m Login) handleKey(msg tea.KeyMsg) (Login, tea.Cmd) {
	if key.Matches(msg, m.keys.Quit) {
		if m.stop != nil {
			m.stop()
		}
		return m, tea.Quit
	}
	if m.pending {
		if key.Matches(msg, m.cancel) {
			m.stop()
			m.gen++
			m.pending = false
			m.err = "Login canceled."
			f := m.focus
			if m.mode == passwordMode {
				f = fieldPassword // it left the form with the request
			}
			m.focusField(f)
			m.syncKeys()
		}
		return m, nil // the form is disabled while a login is in flight
	}
	if m.loggedIn {
		return m, nil
	}
	switch {
	case key.Matches(msg, m.keys.Submit):
		return m.submit()
	case key.Matches(msg, m.keys.Next):
		m.focusField(m.step(1))
		return m, nil
	case key.Matches(msg, m.keys.Prev):
		m.focusField(m.step(-1))
		return m, nil
	case key.Matches(msg, m.keys.SwitchMode):
		m.switchMode()
		return m, nil
	case key.Matches(msg, m.keys.Save):
		m.save = !m.save
		return m, nil
	}
	var cmd tea.Cmd
	before := m.inputs[m.focus].Value()
	m.inputs[m.focus], cmd = m.inputs[m.focus].Update(msg)
	if m.inputs[m.focus].Value() != before {
		m.fieldErrs[m.focus] = "" // the user is fixing it
	}
	return m, cmd
}

// order lists the fields the current mode shows, top to bottom.
func (m Login) order() []loginField {
	if m.mode == apiKeyMode {
		return []loginField{fieldURL, fieldNamespace, fieldAPIKey}
	}
	return []loginField{fieldURL, fieldNamespace, fieldUsername, fieldPassword}
}

// step is the field delta places away from the focused one, wrapping around.
func (m Login) step(delta int) loginField {
	order := m.order()
	for i, f := range order {
		if f == m.focus {
			return order[(i+delta+len(order))%len(order)]
		}
	}
	return order[0]
}

func (m *Login) focusField(f loginField) {
	for i := range m.inputs {
		m.inputs[i].Blur()
	}
	m.focus = f
	m.inputs[f].Focus()
}

// switchMode flips between password and API key. Typed values stay in their
// inputs, so switching back loses nothing.
func (m *Login) switchMode() {
	if m.mode == passwordMode {
		m.mode = apiKeyMode
	} else {
		m.mode = passwordMode
	}
	m.err = ""
	for _, f := range []loginField{fieldUsername, fieldPassword, fieldAPIKey} {
		m.fieldErrs[f] = ""
	}
	switch {
	case m.focus == fieldURL || m.focus == fieldNamespace:
		m.focusField(m.focus)
	case m.mode == apiKeyMode:
		m.focusField(fieldAPIKey)
	case m.inputs[fieldUsername].Value() == "":
		m.focusField(fieldUsername)
	default:
		m.focusField(fieldPassword)
	}
	m.syncKeys()
}

// syncKeys enables the bindings that do something now, so help lists no
// dead keys.
func (m *Login) syncKeys() {
	idle := !m.pending && !m.loggedIn
	for _, b := range []*key.Binding{&m.keys.Next, &m.keys.Prev, &m.keys.Submit, &m.keys.SwitchMode} {
		b.SetEnabled(idle)
	}
	m.keys.Save.SetEnabled(idle && m.profilePath != "")
	m.cancel.SetEnabled(m.pending)
}

// validate checks the form, records a message per bad field and returns
// the normalised URL.
func (m *Login) validate() (string, bool) {
	m.fieldErrs = [fieldCount]string{}
	u, problem := normaliseURL(m.inputs[fieldURL].Value())
	m.fieldErrs[fieldURL] = problem
	if m.mode == apiKeyMode {
		if strings.TrimSpace(m.inputs[fieldAPIKey].Value()) == "" {
			m.fieldErrs[fieldAPIKey] = "Enter an API key."
		}
	} else {
		if strings.TrimSpace(m.inputs[fieldUsername].Value()) == "" {
			m.fieldErrs[fieldUsername] = "Enter a username."
		}
		if m.inputs[fieldPassword].Value() == "" {
			m.fieldErrs[fieldPassword] = "Enter the password."
		}
	}
	for _, f := range m.order() {
		if m.fieldErrs[f] != "" {
			m.focusField(f)
			return "", false
		}
	}
	return u, true
}

// normaliseURL applies the client's rules, so the form can explain a bad
// URL before anything is sent; problem is "" when the URL is good.
func normaliseURL(raw string) (u, problem string) {
	u, err := client.NormaliseURL(raw)
	if err != nil {
		msg := err.Error()
		return "", sentence(strings.ToUpper(msg[:1]) + msg[1:])
	}
	return u, ""
}

// loginAttempt is everything one login needs, copied out of the model so
// the command shares nothing with it.
type loginAttempt struct {
	gen       int
	cfg       client.Config
	newClient func(client.Config) (*client.Client, error)
	mode      loginMode
	username  string
	password  string
	// saver is nil when saving is off.
	saver *profileSaver
}

func (m Login) submit() (Login, tea.Cmd) {
	m.err = ""
	u, ok := m.validate()
	if !ok {
		return m, nil
	}
	timeout := m.creds.Timeout
	if timeout <= 0 {
		timeout = client.DefaultTimeout
	}
	cfg := m.creds.ClientConfig()
	cfg.URL = u
	cfg.Namespace = strings.TrimSpace(m.inputs[fieldNamespace].Value())
	cfg.Timeout = timeout
	cfg.Tokens, cfg.APIKey = nil, ""
	a := loginAttempt{gen: m.gen + 1, newClient: m.newClient, mode: m.mode}
	if m.mode == apiKeyMode {
		cfg.APIKey = strings.TrimSpace(m.inputs[fieldAPIKey].Value())
	} else {
		a.username = strings.TrimSpace(m.inputs[fieldUsername].Value())
		a.password = m.inputs[fieldPassword].Value()
		m.inputs[fieldPassword].SetValue("")
	}
	if m.save && m.profilePath != "" {
		a.saver = &profileSaver{path: m.profilePath, name: config.ContextName(u), base: config.Context{
			URL:                   u,
			Namespace:             cfg.Namespace,
			Username:              a.username,
			TrustedCAFile:         cfg.TrustedCAFile,
			InsecureSkipTLSVerify: cfg.InsecureSkipTLSVerify,
		}}
		// Set before the client exists, so refreshed tokens are saved too.
		cfg.OnTokens = a.saver.onTokens
	}
	a.cfg = cfg

	ctx, stop := context.WithTimeout(context.Background(), timeout)
	m.gen = a.gen
	m.stop = stop
	m.pending = true
	m.pendingURL = u
	for i := range m.inputs {
		m.inputs[i].Blur()
	}
	m.syncKeys()
	return m, tea.Batch(m.spinner.Tick, loginCmd(ctx, stop, a))
}

// loginCmd logs in and, when asked, saves the profile.
func loginCmd(ctx context.Context, stop context.CancelFunc, a loginAttempt) tea.Cmd {
	return func() tea.Msg {
		defer stop()
		res := loginResultMsg{gen: a.gen, username: a.username}
		c, err := a.login(ctx)
		if err != nil {
			res.err = err
			if !rejectedCredentials(err) {
				res.password = a.password
			}
			return res
		}
		res.client = c
		if a.saver != nil {
			res.saveErr = a.saver.saveFirst(c)
		}
		return res
	}
}

func (a loginAttempt) login(ctx context.Context) (*client.Client, error) {
	c, err := a.newClient(a.cfg)
	if err != nil {
		return nil, err
	}
	if a.mode == apiKeyMode {
		if a.cfg.APIKey != "" {
			c.UseAPIKey(a.cfg.APIKey)
		}
		err := c.VerifyAPI(ctx)
		// Forbidden means the key was accepted but may not list
		// namespaces, which a namespace-scoped key may well be denied.
		if err != nil && client.KindOf(err) != client.KindForbidden {
			return nil, err
		}
		return c, nil
	}
	// /version first: a web server that is not Sensu may answer /auth
	// with a 401, which would read as a wrong password.
	if _, err := c.Version(ctx); err != nil {
		return nil, err
	}
	if err := c.Login(ctx, a.username, a.password); err != nil {
		return nil, err
	}
	return c, nil
}

// rejectedCredentials reports whether the server refused the password or
// key itself, as opposed to never judging it.
func rejectedCredentials(err error) bool {
	return client.KindOf(err) == client.KindUnauthorized
}

func (m Login) finish(msg loginResultMsg) (Login, tea.Cmd) {
	m.pending = false
	m.stop = nil
	if msg.err != nil {
		m.err = describeLoginError(msg.err, m.mode, m.pendingURL)
		switch {
		case !rejectedCredentials(msg.err):
			if m.mode == passwordMode && m.inputs[fieldPassword].Value() == "" {
				m.inputs[fieldPassword].SetValue(msg.password)
			}
			m.focusField(m.focus)
		case m.mode == apiKeyMode:
			m.inputs[fieldAPIKey].SetValue("")
			m.focusField(fieldAPIKey)
		default:
			m.focusField(fieldPassword)
		}
		m.syncKeys()
		return m, nil
	}
	m.loggedIn = true
	m.syncKeys()
	loggedIn := msgs.LoggedInMsg{Client: msg.client, Username: msg.username}
	if msg.saveErr == nil {
		return m, func() tea.Msg { return loggedIn }
	}
	flash := msgs.FlashMsg{
		Text:  "Logged in, but the profile was not saved: " + sanitize.Line(msg.saveErr.Error()),
		Error: true,
	}
	// In order, so the flash lands on the view the root switches to.
	return m, tea.Sequence(
		func() tea.Msg { return loggedIn },
		func() tea.Msg { return flash },
	)
}

// describeLoginError says what went wrong in terms of what to do about it.
func describeLoginError(err error, mode loginMode, u string) string {
	var ce *client.Error
	cause := err.Error()
	if errors.As(err, &ce) {
		cause = ce.Message
	}
	cause = sanitize.Line(cause)
	u = sanitize.Line(u)
	switch client.KindOf(err) {
	case client.KindUnauthorized:
		if mode == apiKeyMode {
			return "The API key was rejected (revoked or unknown)."
		}
		return "Wrong username or password."
	case client.KindUnreachable:
		return sentence(fmt.Sprintf("Cannot reach %s: %s", u, strings.TrimPrefix(cause, "cannot reach the server: ")))
	case client.KindTLS:
		msg := "TLS problem: " + strings.TrimPrefix(cause, "TLS ")
		// The CA hint helps only with a certificate the client does not trust.
		if strings.Contains(cause, "not trusted") {
			return sentence(msg) + " Use --trusted-ca-file for a private CA."
		}
		return sentence(msg)
	case client.KindMalformed:
		return u + " does not look like a Sensu API."
	case client.KindTimeout:
		return u + " did not answer in time."
	}
	return sentence(sanitize.Line(err.Error()))
}

// sentence ends s with a full stop unless it already ends a sentence.
func sentence(s string) string {
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?") {
		return s
	}
	return s + "."
}

// profileSaver writes one context into the profile, after the login and
// again on every token refresh.
type profileSaver struct {
	path string
	name string
	base config.Context

	mu sync.Mutex
	// armed is set once the login's own save has run, so the tokens that
	// Login announces are not saved twice.
	armed bool
}

// saveFirst saves the context for a client that has just logged in.
func (s *profileSaver) saveFirst(c *client.Client) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.armed = true
	ctx := s.base
	if key := c.APIKey(); key != "" {
		ctx.APIKey = key
	} else {
		t := c.CurrentTokens()
		ctx.Tokens = &t
	}
	return s.write(ctx)
}

// onTokens re-saves refreshed tokens. A failure cannot be shown from here;
// it costs at most a new login on the next start.
func (s *profileSaver) onTokens(t client.Tokens) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.armed {
		return
	}
	ctx := s.base
	ctx.Tokens = &t
	_ = s.write(ctx)
}

func (s *profileSaver) write(ctx config.Context) error {
	return config.UpdateContext(s.path, s.name, ctx)
}

// SetSize fits the form into a width×height area.
func (m *Login) SetSize(width, height int) {
	m.width, m.height = width, height
	w := m.inputWidth()
	for i := range m.inputs {
		m.inputs[i].Width = w
	}
}

func (m Login) boxWidth() int {
	w := maxLoginWidth
	if m.width > 0 && m.width < w {
		w = max(m.width, minLoginWidth)
	}
	return w
}

func (m Login) contentWidth() int { return m.boxWidth() - boxChrome }

// inputWidth leaves one cell for the cursor after the text.
func (m Login) inputWidth() int {
	return max(m.contentWidth()-markerWidth-labelWidth-1, 4)
}

// View draws the form centred in the area given to SetSize.
func (m Login) View() string {
	cw := m.contentWidth()
	wrap := m.st.NewStyle().Width(cw)
	var lines []string
	add := func(s ...string) { lines = append(lines, s...) }

	add(m.st.Title.Render("sensu-tui"+m.st.Separator()+"log in"), "")
	if m.message != "" {
		add(m.st.Warning.Render(wrap.Render(sanitize.Line(m.message))), "")
	}
	indent := strings.Repeat(" ", markerWidth+labelWidth)
	fieldErr := m.st.NewStyle().Width(cw - len(indent))
	for _, f := range m.order() {
		marker := "  "
		if f == m.focus && !m.pending && !m.loggedIn {
			marker = "> "
		}
		label := fmt.Sprintf("%-*s", labelWidth, fieldLabels[f])
		if f == m.focus {
			label = m.st.Title.Render(label)
		} else {
			label = m.st.Muted.Render(label)
		}
		add(marker + label + m.inputs[f].View())
		if e := m.fieldErrs[f]; e != "" {
			for _, l := range strings.Split(fieldErr.Render("! "+e), "\n") {
				add(indent + m.st.Error.Render(l))
			}
		}
	}
	add("")
	// legend describes a key; paragraphs after the first are indented
	// under the description so the profile path reads as one piece.
	legend := func(k string, paras ...string) {
		prefix := fmt.Sprintf("%-*s", legendWidth, k)
		for i, p := range paras {
			indent := legendWidth
			if i > 0 {
				indent += 4
			}
			for _, l := range strings.Split(m.st.NewStyle().Width(cw-indent).Render(p), "\n") {
				add(m.st.Muted.Render(prefix + strings.Repeat(" ", indent-len(prefix)) + l))
				prefix = ""
			}
		}
	}
	if m.mode == apiKeyMode {
		legend("ctrl+t", "Log in with a username and password instead")
	} else {
		legend("ctrl+t", "Log in with an API key instead")
	}
	if m.profilePath != "" {
		box, what := "[ ]", "tokens"
		if m.save {
			box = "[x]"
		}
		if m.mode == apiKeyMode {
			what = "API key"
		}
		// The path goes on a line of its own so that it is not split.
		legend("ctrl+s", fmt.Sprintf("%s Save URL, namespace and %s to", box, what),
			sanitize.Line(shortPath(m.profilePath))+" (0600)")
	}
	switch {
	case m.pending:
		add("", wrap.Render(m.spinner.View()+" Logging in to "+sanitize.Line(m.pendingURL)+m.ellipsis()))
	case m.loggedIn:
		add("", m.st.Success.Render("Logged in."))
	case m.err != "":
		add("", m.st.Error.Render(wrap.Render("! "+m.err)))
	}

	if m.height > 0 && len(lines)+2 > m.height {
		// Short terminal: the spacing goes before anything the user needs.
		lines = slices.DeleteFunc(lines, func(l string) bool { return l == "" })
	}

	box := m.st.Box.
		Width(m.boxWidth() - 2).
		Render(strings.Join(lines, "\n"))
	if m.width <= 0 || m.height <= 0 {
		return box
	}
	return m.st.Renderer().Place(m.width, m.height, lipgloss.Center, lipgloss.Center, box)
}

func (m Login) ellipsis() string {
	if m.st.ASCII() {
		return "..."
	}
	return "…"
}

// shortPath writes the home directory as ~ to save width.
func shortPath(p string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return p
	}
	if rel, err := filepath.Rel(home, p); err == nil && !strings.HasPrefix(rel, "..") && rel != "." {
		return filepath.Join("~", rel)
	}
	return p
}

// ShortHelp lists the keys that work now.
func (m Login) ShortHelp() []key.Binding {
	if m.pending {
		return []key.Binding{m.cancel, m.keys.Quit}
	}
	return []key.Binding{m.keys.Submit, m.keys.Next, m.keys.SwitchMode, m.keys.Save, m.keys.Quit}
}

// FullHelp lists every key of the form, grouped.
func (m Login) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{m.keys.Submit, m.keys.Next, m.keys.Prev},
		{m.keys.SwitchMode, m.keys.Save, m.cancel, m.keys.Quit},
	}
}
