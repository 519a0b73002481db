package fakebackend

import "fmt"

// recordedGraphQL seeds the data set the 300-series recordings were made
// against, as far as their answers show it: the same namespaces, agents,
// checks, handlers, filters and mutators, and 10,000 proxy events on 1,000
// proxy entities, 10,021 events in all. Outputs and times are invented;
// what the shape of a replayed answer depends on is kept: which events lead
// each order, which of them were never OK (lastOK null), and that no event
// is unknown.
func (s *seeder) recordedGraphQL() {
	for _, name := range []string{"default", "dev", "production", "sensu-system", "staging"} {
		s.namespace(name)
	}
	def := s.namespace("default")
	for _, t := range graphqlChecks["default"] {
		s.check(def, t)
	}
	disk, _ := def.checks.get("check-disk")
	disk.Metadata.Annotations = map[string]string{"description": "Root and data volume usage", "runbook": "https://runbooks.example.internal/disk-full"}
	s.graphqlAgents(def)
	s.graphqlProxies(def)
	for _, name := range []string{"dev", "production", "staging"} {
		ns := s.namespace(name)
		for _, t := range graphqlChecks[name] {
			s.check(ns, t)
		}
		for _, p := range graphqlSmallNamespaces[name] {
			entity := proxyEntity(&entityJSON{Metadata: objectMeta{Name: p.entity}}, ns.name, AdminUser)
			ns.entities.put(entity)
			check, _ := ns.checks.get(p.check)
			s.seededEvent(ns, entity, &check.checkJSON, repeat(p.status, 3), p.output, s.now.Unix()-2900, 60)
		}
	}
	s.recordedObjects(def)
}

// graphqlChecks are the check definitions of the 300-series backend.
var graphqlChecks = map[string][]checkTemplate{
	"default": {
		{name: "check-cache-hitratio", command: `echo "WARNING: cache hit ratio 62% (threshold 80%)"; exit 1`, interval: 30, subscriptions: []string{"cache"}, labels: managedBy("cache"), outcomes: []outcome{{1, "WARNING: cache hit ratio 62% (threshold 80%)\n"}}},
		{name: "check-cpu", command: `echo "CPU OK: 12% user, 3% system, 85% idle"`, interval: 20, subscriptions: []string{"linux"}, labels: managedBy("ops"), outcomes: []outcome{{0, "CPU OK: 12% user, 3% system, 85% idle\n"}}},
		{name: "check-disk", command: `echo "CRITICAL: disk 97% full (/var/lib/postgresql 485G/500G)"; exit 2`, interval: 30, subscriptions: []string{"db"}, labels: map[string]string{"sensu.io/managed_by": "sensuctl", "severity": "high", "team": "ops"}, outcomes: []outcome{{2, "CRITICAL: disk 97% full (/var/lib/postgresql 485G/500G)\n"}}},
		{name: "check-echo-ok", command: "echo ok", interval: 15, subscriptions: []string{"linux"}, labels: managedBy(""), outcomes: []outcome{{0, "ok\n"}}},
		{name: "check-flap", command: "if [ $(( $(date +%s) / 10 % 2 )) -eq 0 ]; then echo \"OK: upstream api reachable\"; exit 0; else echo \"CRITICAL: upstream api unreachable (connection refused)\"; exit 2; fi", interval: 10, subscriptions: []string{"linux"}, labels: managedBy("ops"), outcomes: []outcome{{0, "OK: upstream api reachable\n"}, {2, "CRITICAL: upstream api unreachable (connection refused)\n"}}},
		{name: "check-http", command: `echo "HTTP OK: 200 in 0.012s"`, interval: 30, subscriptions: []string{"web"}, labels: managedBy("web"), outcomes: []outcome{{0, "HTTP OK: 200 in 0.012s\n"}}},
		{name: "check-memory", command: `echo "MEMORY OK: 41% used"`, interval: 30, subscriptions: []string{"cache"}, labels: managedBy("cache"), outcomes: []outcome{{0, "MEMORY OK: 41% used\n"}}},
		{name: "check-nginx", command: `echo "CRITICAL: nginx not running (pid file /run/nginx.pid missing)"; exit 2`, interval: 30, subscriptions: []string{"web"}, labels: managedBy("web"), outcomes: []outcome{{2, "CRITICAL: nginx not running (pid file /run/nginx.pid missing)\n"}}},
		{name: "check-replication", command: `echo "OK: replication lag 0.2s"`, interval: 30, subscriptions: []string{"db"}, labels: managedBy("db"), outcomes: []outcome{{0, "OK: replication lag 0.2s\n"}}},
		{name: "check-true", command: "true", interval: 10, subscriptions: []string{"linux"}, labels: managedBy(""), outcomes: []outcome{{0, ""}}},
	},
	"dev":        {{name: "check-build-agent", command: "check-build-agent", interval: 60, subscriptions: []string{"ci"}, outcomes: []outcome{{0, ""}}}},
	"production": {{name: "check-disk", command: "check-disk", interval: 60, subscriptions: []string{"db"}, outcomes: []outcome{{0, ""}}}, {name: "check-http", command: "check-http", interval: 60, subscriptions: []string{"web"}, outcomes: []outcome{{0, ""}}}, {name: "check-payments-api", command: "check-payments-api", interval: 60, subscriptions: []string{"payments"}, outcomes: []outcome{{0, ""}}}},
	"staging":    {{name: "check-http", command: "check-http", interval: 60, subscriptions: []string{"web"}, outcomes: []outcome{{0, ""}}}, {name: "check-migrations", command: "check-migrations", interval: 60, subscriptions: []string{"db"}, outcomes: []outcome{{0, ""}}}},
}

// smallEvent is one event of the small namespaces, on a proxy entity.
type smallEvent struct {
	entity, check string
	status        uint32
	output        string
}

var graphqlSmallNamespaces = map[string][]smallEvent{
	"dev": {
		{"dev-ci-01", "check-build-agent", 0, "OK: build agent idle"},
		{"dev-ci-02", "check-build-agent", 2, "CRITICAL: build agent offline"},
	},
	"production": {
		{"payments-api-01", "check-payments-api", 0, "OK: payments api answered in 41 ms"},
		{"prod-db-01", "check-disk", 1, "WARNING: disk 84% full (/var/lib/postgresql 420G/500G)"},
		{"prod-db-02", "check-disk", 2, "CRITICAL: disk 97% full (/var/lib/postgresql 485G/500G)"},
		{"prod-web-01", "check-http", 0, "HTTP OK: HTTP/1.1 200 OK - 612 bytes in 0.004 second response time"},
		{"prod-web-02", "check-http", 2, "CRITICAL: HTTP/1.1 503 Service Unavailable - 0 bytes in 10.002 second response time"},
	},
	"staging": {
		{"stg-db-01", "check-migrations", 2, "CRITICAL: 3 migrations pending"},
		{"stg-web-01", "check-http", 0, "HTTP OK: 200"},
		{"stg-web-02", "check-http", 1, "HTTP WARNING: slow response 2.4 s"},
	},
}

// graphqlAgents adds cache-01, db-01 and web-01 with seven events each.
// The newest five events, in this order, are web-01's check-cpu and
// check-nginx (never OK), then check-cpu of cache-01 and db-01 and db-01's
// check-echo-ok; check-flap has flapped and is OK now.
func (s *seeder) graphqlAgents(ns *namespace) {
	newest := []string{"web-01/check-cpu", "web-01/check-nginx", "cache-01/check-cpu", "db-01/check-cpu", "db-01/check-echo-ok"}
	age := map[string]int64{}
	for i, key := range newest {
		age[key] = int64(i)
	}
	next := int64(len(newest))
	for _, role := range []string{"cache", "db", "web"} {
		name := role + "-01"
		e := &entityJSON{
			EntityClass:       "agent",
			System:            recordedSystem,
			Subscriptions:     []string{"linux", role, "entity:" + name},
			User:              "agent",
			Redact:            defaultRedact,
			Metadata:          objectMeta{Name: name, Namespace: ns.name, Labels: map[string]string{"env": "lab", "role": role}},
			SensuAgentVersion: "6.9.2",
		}
		ns.entities.put(e)
		for _, def := range ns.checks.items {
			if !intersects(def.Subscriptions, e.Subscriptions) {
				continue
			}
			key := eventKey(name, def.Metadata.Name)
			a, ok := age[key]
			if !ok {
				a, next = next, next+1
			}
			statuses := repeat(def.outcomes[0].status, maxHistory)
			if len(def.outcomes) > 1 {
				// Alternating results that end OK.
				for i := range statuses {
					statuses[i] = def.outcomes[(len(statuses)-1-i)%2].status
				}
			}
			s.seededEvent(ns, e, &def.checkJSON, statuses, def.outcomes[0].output, s.now.Unix()-a, int64(def.Interval)).processedBy = name
		}
		keepalive := s.seededEvent(ns, e, s.keepalive(ns.name), repeat(0, maxHistory), "", s.now.Unix()-next, 20)
		keepalive.output = aliveKeepalive.render(name, s.now)
		keepalive.scheduler, keepalive.duration = "etcd", 0
		e.LastSeen = keepalive.executed
		next++
	}
}

// graphqlProxyChecks are the ten checks each proxy entity has an event of;
// they have no definition, like the recorded synthetic load.
var graphqlProxyChecks = []string{
	"check-backup-age", "check-cpu-load", "check-disk-usage", "check-http-latency", "check-log-errors",
	"check-memory-usage", "check-ntp-drift", "check-ping", "check-process-count", "check-ssl-cert",
}

// proxyResult is a proxy event whose results the recordings show.
type proxyResult struct {
	status uint32
	lastOK int64 // seconds before now; 0 means never OK
}

// graphqlProxyResults fix the events that lead the recorded orders: the
// only incidents that were OK before (two critical, three warning), and
// the first events of api-0001 and the last of worker-0100.
var graphqlProxyResults = map[string]proxyResult{
	"api-0003/check-ping":             {1, 2160},
	"api-0004/check-http-latency":     {1, 2340},
	"api-0004/check-ping":             {2, 2340},
	"api-0004/check-ssl-cert":         {1, 2340},
	"api-0009/check-cpu-load":         {2, 2440},
	"api-0001/check-backup-age":       {0, 0},
	"api-0001/check-cpu-load":         {0, 0},
	"api-0001/check-disk-usage":       {2, 0},
	"api-0001/check-http-latency":     {1, 0},
	"api-0001/check-log-errors":       {1, 0},
	"worker-0100/check-ssl-cert":      {0, 0},
	"worker-0100/check-process-count": {0, 0},
	"worker-0100/check-ping":          {1, 0},
	"worker-0100/check-ntp-drift":     {0, 0},
	"worker-0100/check-memory-usage":  {0, 0},
}

// graphqlProxies adds 100 proxy entities in each of ten groups, each with
// an event of every proxy check: about 70% OK, 20% warning, 10% critical.
// An incident has never been OK unless graphqlProxyResults says so, and OK
// events are the oldest: incidents are at most 50 minutes older than an
// hour ago, OK events up to an hour older.
func (s *seeder) graphqlProxies(ns *namespace) {
	hourAgo := s.now.Unix() - 3600
	for _, group := range []string{"api", "app", "cache", "db", "edge", "lb", "queue", "search", "storage", "worker"} {
		for i := 1; i <= 100; i++ {
			name := fmt.Sprintf("%s-%04d", group, i)
			entity := proxyEntity(&entityJSON{Metadata: objectMeta{Name: name}}, ns.name, AdminUser)
			ns.entities.put(entity)
			for _, checkName := range graphqlProxyChecks {
				check := normalizedCheck(checkJSON{
					checkSpec: checkSpec{Interval: 300, ProxyEntityName: name},
					checkTail: checkTail{Metadata: objectMeta{Name: checkName}},
				}, ns.name)
				var status uint32
				switch r := s.rng.IntN(100); {
				case r < 10:
					status = 2
				case r < 30:
					status = 1
				}
				fixed, isFixed := graphqlProxyResults[eventKey(name, checkName)]
				if isFixed {
					status = fixed.status
				}
				spread := int64(3600)
				if status != 0 {
					spread = 3000
				}
				last := hourAgo - s.rng.Int64N(spread)
				statuses := repeat(status, 1+s.rng.IntN(2))
				e := s.seededEvent(ns, entity, check, statuses, proxyOutput(checkName, status, name), last, 300)
				if fixed.lastOK > 0 {
					// OK once, between two incidents.
					e.history = e.history[:0]
					e.record(status, last-600)
					e.record(0, s.now.Unix()-fixed.lastOK)
					e.record(status, last)
				}
			}
		}
	}
}

func proxyOutput(check string, status uint32, entity string) string {
	word := [...]string{"OK", "WARNING", "CRITICAL"}[min(status, 2)]
	return fmt.Sprintf("%s %s: %s on %s\n", check, word, [...]string{"within limits", "above warning threshold", "above critical threshold"}[min(status, 2)], entity)
}

func repeat(status uint32, n int) []uint32 {
	out := make([]uint32, n)
	for i := range out {
		out[i] = status
	}
	return out
}

// seededEvent adds the event of check on entity whose results were
// statuses, one every step seconds, the last at unix time last.
func (s *seeder) seededEvent(ns *namespace, entity *entityJSON, check *checkJSON, statuses []uint32, output string, last, step int64) *event {
	e := s.newEvent(entity, check, len(statuses))
	e.output = output
	for i, status := range statuses {
		e.record(status, last-int64(len(statuses)-1-i)*step)
	}
	e.executed, e.issued, e.timestamp = last, last, last
	ns.events.items = append(ns.events.items, e)
	return e
}
