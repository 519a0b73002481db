package fakebackend

// Handlers, event filters and mutators as the GraphQL endpoint lists,
// deletes and (through putWrapped) creates them. Their fields are the
// Sensu wire names, so a REST route can serve the same values.

type handlerJSON struct {
	Metadata objectMeta `json:"metadata"`
	Type     string     `json:"type"`
	Command  string     `json:"command,omitempty"`
	Timeout  uint32     `json:"timeout"`
	Handlers []string   `json:"handlers"`
	Filters  []string   `json:"filters"`
	Mutator  string     `json:"mutator,omitempty"`
}

type eventFilterJSON struct {
	Metadata    objectMeta `json:"metadata"`
	Action      string     `json:"action"`
	Expressions []string   `json:"expressions"`
}

type mutatorJSON struct {
	Metadata objectMeta `json:"metadata"`
	Command  string     `json:"command"`
	Timeout  uint32     `json:"timeout"`
}

func (h *handlerJSON) key() string     { return h.Metadata.Name }
func (f *eventFilterJSON) key() string { return f.Metadata.Name }
func (m *mutatorJSON) key() string     { return m.Metadata.Name }
