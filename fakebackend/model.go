package fakebackend

import "encoding/json"

// The types in this file are the wire shapes of Sensu Go 6.9.2 resources. Field
// order, omitempty and null-versus-empty follow the recordings, so that a
// client sees the same JSON it would get from a real backend.

type objectMeta struct {
	Name        string            `json:"name,omitempty"`
	Namespace   string            `json:"namespace,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
	CreatedBy   string            `json:"created_by,omitempty"`
}

// checkSpec holds the leading fields shared by check definitions and the
// check inside an event.
type checkSpec struct {
	Command           string          `json:"command,omitempty"`
	Handlers          []string        `json:"handlers"`
	HighFlapThreshold uint32          `json:"high_flap_threshold"`
	Interval          uint32          `json:"interval"`
	LowFlapThreshold  uint32          `json:"low_flap_threshold"`
	Publish           bool            `json:"publish"`
	RuntimeAssets     []string        `json:"runtime_assets"`
	Subscriptions     []string        `json:"subscriptions"`
	ProxyEntityName   string          `json:"proxy_entity_name"`
	CheckHooks        json.RawMessage `json:"check_hooks"`
	Stdin             bool            `json:"stdin"`
	Subdue            json.RawMessage `json:"subdue"`
	TTL               int64           `json:"ttl"`
	Timeout           uint32          `json:"timeout"`
	RoundRobin        bool            `json:"round_robin"`
}

// checkTail holds the trailing fields shared by check definitions and the
// check inside an event.
type checkTail struct {
	OutputMetricFormat   string          `json:"output_metric_format"`
	OutputMetricHandlers []string        `json:"output_metric_handlers"`
	EnvVars              []string        `json:"env_vars"`
	Metadata             objectMeta      `json:"metadata"`
	Secrets              json.RawMessage `json:"secrets"`
}

type checkJSON struct {
	checkSpec
	checkTail
	Pipelines []json.RawMessage `json:"pipelines"`
}

type historyJSON struct {
	Status   uint32 `json:"status"`
	Executed int64  `json:"executed"`
}

type eventCheckJSON struct {
	checkSpec
	Duration             float64       `json:"duration,omitempty"`
	Executed             int64         `json:"executed"`
	History              []historyJSON `json:"history"`
	Issued               int64         `json:"issued"`
	Output               string        `json:"output"`
	State                string        `json:"state"`
	Status               uint32        `json:"status"`
	TotalStateChange     uint32        `json:"total_state_change"`
	LastOK               int64         `json:"last_ok"`
	Occurrences          int64         `json:"occurrences"`
	OccurrencesWatermark int64         `json:"occurrences_watermark"`
	Silenced             []string      `json:"silenced,omitempty"`
	checkTail
	IsSilenced  bool              `json:"is_silenced"`
	Scheduler   string            `json:"scheduler"`
	ProcessedBy string            `json:"processed_by,omitempty"`
	Pipelines   []json.RawMessage `json:"pipelines"`
}

type interfaceJSON struct {
	Name      string   `json:"name"`
	MAC       string   `json:"mac,omitempty"`
	Addresses []string `json:"addresses"`
}

type networkJSON struct {
	Interfaces []interfaceJSON `json:"interfaces"`
}

type systemJSON struct {
	Hostname        string          `json:"hostname,omitempty"`
	OS              string          `json:"os,omitempty"`
	Platform        string          `json:"platform,omitempty"`
	PlatformFamily  string          `json:"platform_family,omitempty"`
	PlatformVersion string          `json:"platform_version,omitempty"`
	Network         networkJSON     `json:"network"`
	Arch            string          `json:"arch,omitempty"`
	LibCType        string          `json:"libc_type"`
	VMSystem        string          `json:"vm_system"`
	VMRole          string          `json:"vm_role"`
	CloudProvider   string          `json:"cloud_provider"`
	Processes       json.RawMessage `json:"processes"`
}

type deregistrationJSON struct {
	Handler string `json:"handler,omitempty"`
}

type entityJSON struct {
	EntityClass       string             `json:"entity_class"`
	System            systemJSON         `json:"system"`
	Subscriptions     []string           `json:"subscriptions"`
	LastSeen          int64              `json:"last_seen"`
	Deregister        bool               `json:"deregister"`
	Deregistration    deregistrationJSON `json:"deregistration"`
	User              string             `json:"user,omitempty"`
	Redact            []string           `json:"redact,omitempty"`
	Metadata          objectMeta         `json:"metadata"`
	SensuAgentVersion string             `json:"sensu_agent_version"`
}

type eventJSON struct {
	Check     *eventCheckJSON   `json:"check"`
	Entity    *entityJSON       `json:"entity"`
	ID        string            `json:"id"`
	Metadata  objectMeta        `json:"metadata"`
	Pipelines []json.RawMessage `json:"pipelines"`
	Sequence  int64             `json:"sequence"`
	Timestamp int64             `json:"timestamp"`
}

type silenceJSON struct {
	Metadata        objectMeta `json:"metadata"`
	Expire          int64      `json:"expire"`
	ExpireOnResolve bool       `json:"expire_on_resolve"`
	Creator         string     `json:"creator"`
	Check           string     `json:"check,omitempty"`
	Reason          string     `json:"reason,omitempty"`
	Subscription    string     `json:"subscription,omitempty"`
	Begin           int64      `json:"begin"`
	ExpireAt        int64      `json:"expire_at"`
}

type apiKeyJSON struct {
	Metadata  objectMeta `json:"metadata"`
	Username  string     `json:"username"`
	CreatedAt int64      `json:"created_at"`
}

type namespaceJSON struct {
	Name string `json:"name"`
}

// userJSON has no groups key at all for a user without groups.
type userJSON struct {
	Username string   `json:"username"`
	Groups   []string `json:"groups,omitempty"`
	Disabled bool     `json:"disabled"`
}

// handlerJSON is a pipe handler (command) or a set (handlers); mutator and
// socket appear only when set.
type handlerJSON struct {
	Metadata      objectMeta      `json:"metadata"`
	Type          string          `json:"type"`
	Mutator       string          `json:"mutator,omitempty"`
	Command       string          `json:"command,omitempty"`
	Timeout       uint32          `json:"timeout"`
	Handlers      []string        `json:"handlers"`
	Filters       []string        `json:"filters"`
	Socket        *socketJSON     `json:"socket,omitempty"`
	EnvVars       []string        `json:"env_vars"`
	RuntimeAssets []string        `json:"runtime_assets"`
	Secrets       json.RawMessage `json:"secrets"`
}

// socketJSON is where a tcp or udp handler sends events.
type socketJSON struct {
	Host string `json:"host"`
	Port uint32 `json:"port"`
}

type filterJSON struct {
	Metadata      objectMeta `json:"metadata"`
	Action        string     `json:"action"`
	Expressions   []string   `json:"expressions"`
	RuntimeAssets []string   `json:"runtime_assets"`
}

// mutatorJSON leaves type and eval out for the default pipe mutator.
type mutatorJSON struct {
	Metadata      objectMeta      `json:"metadata"`
	Command       string          `json:"command"`
	Eval          string          `json:"eval,omitempty"`
	Timeout       uint32          `json:"timeout"`
	EnvVars       []string        `json:"env_vars"`
	RuntimeAssets []string        `json:"runtime_assets"`
	Secrets       json.RawMessage `json:"secrets"`
	Type          string          `json:"type,omitempty"`
}

type assetBuildJSON struct {
	URL     string   `json:"url"`
	Sha512  string   `json:"sha512"`
	Filters []string `json:"filters"`
}

// assetJSON puts metadata after the asset's own fields, as recorded.
type assetJSON struct {
	URL      string            `json:"url"`
	Sha512   string            `json:"sha512"`
	Filters  []string          `json:"filters"`
	Builds   []assetBuildJSON  `json:"builds"`
	Metadata objectMeta        `json:"metadata"`
	Headers  map[string]string `json:"headers"`
}

type hookJSON struct {
	Metadata      objectMeta `json:"metadata"`
	Command       string     `json:"command"`
	Timeout       uint32     `json:"timeout"`
	Stdin         bool       `json:"stdin"`
	RuntimeAssets []string   `json:"runtime_assets"`
}

// refJSON points a pipeline workflow at another resource.
type refJSON struct {
	Name       string `json:"name"`
	Type       string `json:"type"`
	APIVersion string `json:"api_version"`
}

type workflowJSON struct {
	Name    string    `json:"name"`
	Filters []refJSON `json:"filters"`
	Mutator *refJSON  `json:"mutator,omitempty"`
	Handler *refJSON  `json:"handler"`
}

type pipelineJSON struct {
	Metadata  objectMeta     `json:"metadata"`
	Workflows []workflowJSON `json:"workflows"`
}

type ruleJSON struct {
	Verbs         []string `json:"verbs"`
	Resources     []string `json:"resources"`
	ResourceNames []string `json:"resource_names"`
}

// roleJSON is a role or a cluster role; a cluster role has no namespace.
type roleJSON struct {
	Rules    []ruleJSON `json:"rules"`
	Metadata objectMeta `json:"metadata"`
}

type subjectJSON struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

type roleRefJSON struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// bindingJSON is a role binding or a cluster role binding.
type bindingJSON struct {
	Subjects []subjectJSON `json:"subjects"`
	RoleRef  roleRefJSON   `json:"role_ref"`
	Metadata objectMeta    `json:"metadata"`
}

type tokensJSON struct {
	AccessToken  string `json:"access_token"`
	ExpiresAt    int64  `json:"expires_at"`
	RefreshToken string `json:"refresh_token"`
}

type executeJSON struct {
	Check         string   `json:"check"`
	Subscriptions []string `json:"subscriptions"`
	Reason        string   `json:"reason"`
	Creator       string   `json:"creator"`
}
