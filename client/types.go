package client

// The resource types hold the fields a dashboard shows. Unknown fields in the
// server's JSON are ignored, so newer backends still decode.

// ObjectMeta is the metadata every Sensu resource carries.
type ObjectMeta struct {
	Name        string            `json:"name,omitempty"`
	Namespace   string            `json:"namespace,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
	CreatedBy   string            `json:"created_by,omitempty"`
}

// StateFlapping is the state of a check whose status changes too often.
const StateFlapping = "flapping"

// Check status values; anything else is "unknown".
const (
	StatusOK       = 0
	StatusWarning  = 1
	StatusCritical = 2
)

// Event is a check result for one entity.
type Event struct {
	Metadata  ObjectMeta `json:"metadata"`
	ID        string     `json:"id,omitempty"`
	Timestamp int64      `json:"timestamp"`
	Entity    Entity     `json:"entity"`
	Check     Check      `json:"check"`
}

// Namespace is where the event lives: the event's own metadata, else its entity's.
func (e *Event) Namespace() string {
	if e.Metadata.Namespace != "" {
		return e.Metadata.Namespace
	}
	return e.Entity.Metadata.Namespace
}

// Key identifies an event uniquely across namespaces.
func (e *Event) Key() string {
	return e.Namespace() + "/" + e.Entity.Metadata.Name + "/" + e.Check.Metadata.Name
}

// Check is both a check definition and, inside an event, its latest result.
type Check struct {
	Metadata      ObjectMeta `json:"metadata"`
	Command       string     `json:"command,omitempty"`
	Interval      uint32     `json:"interval,omitempty"`
	Cron          string     `json:"cron,omitempty"`
	Subscriptions []string   `json:"subscriptions,omitempty"`
	Handlers      []string   `json:"handlers,omitempty"`
	Publish       bool       `json:"publish"`
	Timeout       uint32     `json:"timeout,omitempty"`
	TTL           int64      `json:"ttl,omitempty"`
	ProxyEntity   string     `json:"proxy_entity_name,omitempty"`
	RoundRobin    bool       `json:"round_robin,omitempty"`

	// Result fields, set inside an event.
	Status      uint32         `json:"status"`
	Output      string         `json:"output,omitempty"`
	State       string         `json:"state,omitempty"`
	Occurrences int64          `json:"occurrences,omitempty"`
	LastOK      int64          `json:"last_ok,omitempty"`
	Executed    int64          `json:"executed,omitempty"`
	Issued      int64          `json:"issued,omitempty"`
	Duration    float64        `json:"duration,omitempty"`
	History     []CheckHistory `json:"history,omitempty"`
	IsSilenced  bool           `json:"is_silenced,omitempty"`
	Silenced    []string       `json:"silenced,omitempty"`
}

// CheckHistory is one past result in Check.History (oldest first, at most 21).
type CheckHistory struct {
	Status   uint32 `json:"status"`
	Executed int64  `json:"executed"`
}

// Entity is an agent or proxy entity.
type Entity struct {
	Metadata          ObjectMeta   `json:"metadata"`
	EntityClass       string       `json:"entity_class,omitempty"`
	Subscriptions     []string     `json:"subscriptions,omitempty"`
	LastSeen          int64        `json:"last_seen,omitempty"`
	User              string       `json:"user,omitempty"`
	System            EntitySystem `json:"system"`
	SensuAgentVersion string       `json:"sensu_agent_version,omitempty"`
}

// EntitySystem is the host facts an agent reports.
type EntitySystem struct {
	Hostname        string `json:"hostname,omitempty"`
	OS              string `json:"os,omitempty"`
	Platform        string `json:"platform,omitempty"`
	PlatformVersion string `json:"platform_version,omitempty"`
	Arch            string `json:"arch,omitempty"`
}

// Silence suppresses handling for a subscription and/or check.
type Silence struct {
	Metadata        ObjectMeta `json:"metadata"`
	Subscription    string     `json:"subscription,omitempty"`
	Check           string     `json:"check,omitempty"`
	Reason          string     `json:"reason,omitempty"`
	Creator         string     `json:"creator,omitempty"`
	Expire          int64      `json:"expire,omitempty"`
	ExpireAt        int64      `json:"expire_at,omitempty"`
	ExpireOnResolve bool       `json:"expire_on_resolve"`
	Begin           int64      `json:"begin,omitempty"`
}

// Namespace is a Sensu namespace.
type Namespace struct {
	Name string `json:"name"`
}

// User is a Sensu user; the password never appears in answers.
type User struct {
	Username string   `json:"username"`
	Groups   []string `json:"groups,omitempty"`
	Disabled bool     `json:"disabled"`
}

// Handler passes events on: a pipe handler runs Command, a set hands them to
// each of Handlers, a tcp or udp handler writes them to Socket.
type Handler struct {
	Metadata      ObjectMeta     `json:"metadata"`
	Type          string         `json:"type"`
	Command       string         `json:"command,omitempty"`
	Timeout       uint32         `json:"timeout,omitempty"`
	Filters       []string       `json:"filters,omitempty"`
	Mutator       string         `json:"mutator,omitempty"`
	Handlers      []string       `json:"handlers,omitempty"`
	Socket        *HandlerSocket `json:"socket,omitempty"`
	RuntimeAssets []string       `json:"runtime_assets,omitempty"`
	// EnvVars are "NAME=value" pairs; values may be credentials.
	EnvVars []string    `json:"env_vars,omitempty"`
	Secrets []SecretRef `json:"secrets,omitempty"`
}

// HandlerSocket is where a tcp or udp handler sends events.
type HandlerSocket struct {
	Host string `json:"host"`
	Port uint32 `json:"port"`
}

// SecretRef makes a secret from a secrets provider an environment
// variable: Name is the variable, Secret the secret's name. Neither is the
// secret itself.
type SecretRef struct {
	Name   string `json:"name"`
	Secret string `json:"secret"`
}

// EventFilter lets an event through to a handler (Action "allow") or stops
// it ("deny") when all its expressions hold.
type EventFilter struct {
	Metadata      ObjectMeta `json:"metadata"`
	Action        string     `json:"action"`
	Expressions   []string   `json:"expressions,omitempty"`
	RuntimeAssets []string   `json:"runtime_assets,omitempty"`
}

// Mutator rewrites an event before a handler gets it. Type is "" or "pipe"
// for a Command, "javascript" for an Eval expression.
type Mutator struct {
	Metadata      ObjectMeta  `json:"metadata"`
	Command       string      `json:"command,omitempty"`
	Eval          string      `json:"eval,omitempty"`
	Timeout       uint32      `json:"timeout,omitempty"`
	Type          string      `json:"type,omitempty"`
	RuntimeAssets []string    `json:"runtime_assets,omitempty"`
	EnvVars       []string    `json:"env_vars,omitempty"`
	Secrets       []SecretRef `json:"secrets,omitempty"`
}

// Asset is a plugin archive that agents download when a check needs it:
// one URL, or one build per platform.
type Asset struct {
	Metadata ObjectMeta   `json:"metadata"`
	URL      string       `json:"url,omitempty"`
	Sha512   string       `json:"sha512,omitempty"`
	Filters  []string     `json:"filters,omitempty"`
	Builds   []AssetBuild `json:"builds,omitempty"`
	// Headers go with the download; values may be credentials.
	Headers map[string]string `json:"headers,omitempty"`
}

// AssetBuild is one platform's archive of an Asset; Filters pick the platform.
type AssetBuild struct {
	URL     string            `json:"url"`
	Sha512  string            `json:"sha512"`
	Filters []string          `json:"filters,omitempty"`
	Headers map[string]string `json:"headers,omitempty"`
}

// Hook is a command an agent runs after a check, to add context to its result.
type Hook struct {
	Metadata      ObjectMeta `json:"metadata"`
	Command       string     `json:"command"`
	Timeout       uint32     `json:"timeout,omitempty"`
	Stdin         bool       `json:"stdin"`
	RuntimeAssets []string   `json:"runtime_assets,omitempty"`
}

// Pipeline routes events through workflows, each a chain of filters, an
// optional mutator and a handler.
type Pipeline struct {
	Metadata  ObjectMeta         `json:"metadata"`
	Workflows []PipelineWorkflow `json:"workflows"`
}

// PipelineWorkflow is one route of a Pipeline.
type PipelineWorkflow struct {
	Name    string        `json:"name"`
	Filters []ResourceRef `json:"filters,omitempty"`
	Mutator *ResourceRef  `json:"mutator,omitempty"`
	Handler *ResourceRef  `json:"handler,omitempty"`
}

// ResourceRef names another resource, such as {pipe-logger, Handler, core/v2}.
type ResourceRef struct {
	Name       string `json:"name"`
	Type       string `json:"type"`
	APIVersion string `json:"api_version"`
}

// Role grants its rules within its namespace.
type Role struct {
	Metadata ObjectMeta `json:"metadata"`
	Rules    []Rule     `json:"rules"`
}

// ClusterRole grants its rules in every namespace and over cluster-wide
// resources; it has a Role's shape, without a namespace.
type ClusterRole = Role

// Rule allows Verbs on Resources ("*" for all); ResourceNames, when set,
// narrows it to those names.
type Rule struct {
	Verbs         []string `json:"verbs"`
	Resources     []string `json:"resources"`
	ResourceNames []string `json:"resource_names,omitempty"`
}

// RoleBinding gives the rules of RoleRef to its subjects in its namespace.
type RoleBinding struct {
	Metadata ObjectMeta `json:"metadata"`
	RoleRef  RoleRef    `json:"role_ref"`
	Subjects []Subject  `json:"subjects"`
}

// ClusterRoleBinding gives a cluster role's rules to its subjects
// everywhere; it has a RoleBinding's shape, without a namespace.
type ClusterRoleBinding = RoleBinding

// RoleRef names the role of a binding; Type is Role or ClusterRole.
type RoleRef struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// Subject is whom a binding is for; Type is User or Group.
type Subject struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// APIKey is a granted key. Its name is the secret itself.
type APIKey struct {
	Metadata  ObjectMeta `json:"metadata"`
	Username  string     `json:"username"`
	CreatedAt int64      `json:"created_at"`
}

// VersionInfo is what /version reports.
type VersionInfo struct {
	Backend string `json:"sensu_backend"`
}

// HealthInfo is what /health says about the backend's stores.
type HealthInfo struct {
	// Healthy is true when every etcd member and every PostgreSQL store in
	// use is healthy and etcd raises no alarm.
	Healthy bool
	// Problems says why not, one short line each. They quote the server:
	// sanitize them before display.
	Problems []string
}

// EventSummary is the part of an event that a list of thousands keeps: what
// it shows, filters, sorts and acts on. It has Event's shape, so the same
// code reads e.Check.Status from either; the rest of an event (command,
// handlers, entity facts, the whole output) comes from GetEvent on demand.
type EventSummary struct {
	Timestamp int64
	Entity    EntitySummary
	Check     CheckSummary
	key       string // set when decoded, since lists compare keys often
}

// SummaryMeta is the metadata a summary keeps. Namespace is the event's.
type SummaryMeta struct {
	Name      string
	Namespace string
	Labels    map[string]string
}

// EntitySummary is the entity part of an EventSummary.
type EntitySummary struct {
	Metadata SummaryMeta
}

// CheckSummary is the check part of an EventSummary.
type CheckSummary struct {
	Metadata   SummaryMeta
	Status     uint32
	IsSilenced bool
	// Flapping is whether the check's state is "flapping": its status
	// changes too often for one result to mean much.
	Flapping    bool
	Occurrences int64
	// LastOK is when the check last passed, in Unix seconds; 0 for never.
	// The backend's severity order breaks ties on it.
	LastOK int64
	// Output is only the first non-empty line, trimmed and capped at
	// MaxSummaryOutput bytes.
	Output string
	// History is the statuses of the past results, oldest first, each capped at 255.
	History []uint8
	// Subscriptions are the check's, for re-running it where it runs.
	Subscriptions []string
}

// Namespace is where the event lives.
func (e *EventSummary) Namespace() string { return e.Entity.Metadata.Namespace }

// Key identifies an event uniquely across namespaces, like Event.Key.
func (e *EventSummary) Key() string {
	if e.key != "" {
		return e.key
	}
	return e.Namespace() + "/" + e.Entity.Metadata.Name + "/" + e.Check.Metadata.Name
}
