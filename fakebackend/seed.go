package fakebackend

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// seeder fills a new backend with deterministic data: the same seed and
// clock give the same JSON.
type seeder struct {
	b          *Backend
	rng        *rand.Rand
	now        time.Time
	keepalives map[string]*checkJSON // one shared keepalive check per namespace
}

func seed(b *Backend, opts Options) {
	s := &seeder{
		b:          b,
		rng:        rand.New(rand.NewPCG(uint64(opts.Seed), 0xda7a)),
		now:        opts.Now(),
		keepalives: map[string]*checkJSON{},
	}
	users := realisticUsers
	if opts.Recorded || opts.RecordedGraphQL {
		users = recordedUsers
	}
	for _, list := range [][]user{baseUsers, users} {
		for i := range list {
			b.users.put(&list[i])
		}
	}
	s.clusterObjects()
	switch {
	case opts.RecordedGraphQL:
		s.recordedGraphQL()
	case opts.Recorded:
		s.recorded()
	default:
		s.recorded()
		s.realistic()
	}
	if opts.Events > 0 {
		s.synthetic(s.namespace("default"), opts.Events)
	}
	for _, ns := range b.namespaces {
		ns.events.sortAll()
		ns.entities.sortAll()
		ns.checks.sortAll()
		ns.silences.sortAll()
	}
}

// checkTemplate describes a check and how its runs turn out.
type checkTemplate struct {
	name, command string
	interval      uint32
	unpublished   bool
	subscriptions []string
	labels        map[string]string
	low, high     uint32 // flap thresholds
	outcomes      []outcome
}

func managedBy(team string) map[string]string {
	labels := map[string]string{"sensu.io/managed_by": "sensuctl"}
	if team != "" {
		labels["team"] = team
	}
	return labels
}

// times repeats o n times, to weight outcomes.
func times(n int, o outcome) []outcome { return slices.Repeat([]outcome{o}, n) }

// recordedChecks are the checks of the recorded backend, by namespace.
var recordedChecks = map[string][]checkTemplate{
	"default": {
		{name: "check-adhoc", command: "echo adhoc run", interval: 3600, unpublished: true, subscriptions: []string{"linux"}, labels: managedBy(""), outcomes: []outcome{{0, "adhoc run\n"}}},
		{name: "check-crit", command: "echo critical: disk full; exit 2", interval: 30, subscriptions: []string{"db"}, labels: managedBy("db"), outcomes: []outcome{{2, "critical: disk full\n"}}},
		{name: "check-false", command: "false", interval: 30, subscriptions: []string{"linux"}, labels: managedBy("dev"), outcomes: []outcome{{1, ""}}},
		{name: "check-ok", command: "echo all good", interval: 30, subscriptions: []string{"linux"}, labels: managedBy("ops"), outcomes: []outcome{{0, "all good\n"}}},
		{name: "check-true", command: "true", interval: 30, subscriptions: []string{"db"}, labels: managedBy(""), outcomes: []outcome{{0, ""}}},
		{name: "check-unknown", command: "echo unknown; exit 3", interval: 60, subscriptions: []string{"linux"}, labels: managedBy(""), outcomes: []outcome{{3, "unknown\n"}}},
		{name: "check-warn", command: "echo warn; exit 1", interval: 30, subscriptions: []string{"web"}, labels: managedBy("web"), outcomes: []outcome{{1, "warn\n"}}},
	},
	"dev": {
		{name: "dev-http", command: "echo HTTP CRITICAL: connection refused; exit 2", interval: 30, subscriptions: []string{"linux"}, labels: managedBy(""), outcomes: []outcome{{2, "HTTP CRITICAL: connection refused\n"}}},
		{name: "dev-ok", command: "echo ok", interval: 30, subscriptions: []string{"linux"}, labels: managedBy(""), outcomes: []outcome{{0, "ok\n"}}},
	},
}

// catalog holds the checks of the realistic data set.
var catalog = map[string]checkTemplate{
	"disk-usage": {
		name: "disk-usage", command: "check-disk-usage -w 80 -c 90", interval: 60, subscriptions: []string{"base"}, labels: managedBy("ops"),
		outcomes: slices.Concat(
			times(6, outcome{0, "DISK OK - free space: / 18342 MB (62%); /var 9120 MB (71%);\n/     38% used\n/var  29% used\n/boot 21% used\n"}),
			[]outcome{
				{1, "DISK WARNING - free space: /var 1843 MB (14%);\n/     61% used\n/var  86% used (warning)\n/boot 22% used\n"},
				{2, "DISK CRITICAL - free space: / 402 MB (4%);\n/     96% used (critical)\n/var  40% used\n/boot 22% used\n"},
			}),
	},
	"load-average": {
		name: "load-average", command: "check-load -w 4,3,2 -c 8,6,4", interval: 30, subscriptions: []string{"base"}, labels: managedBy("ops"),
		outcomes: slices.Concat(
			times(5, outcome{0, "OK - load average: 0.42, 0.37, 0.31\n"}),
			[]outcome{{1, "WARNING - load average: 4.12, 3.20, 2.05\n"}, {2, "CRITICAL - load average: 9.87, 7.41, 5.02\n"}}),
	},
	"http-endpoint": {
		name: "http-endpoint", command: "check-http -u http://localhost/healthz", interval: 30, subscriptions: []string{"nginx"}, labels: managedBy("web"), low: 20, high: 40,
		outcomes: slices.Concat(
			times(5, outcome{0, "HTTP OK: HTTP/1.1 200 OK - 612 bytes in 0.004 second response time\n"}),
			[]outcome{
				{2, "HTTP CRITICAL: HTTP/1.1 503 Service Unavailable - 154 bytes in 0.002 second response time\n"},
				{127, "sh: 1: check-http: not found\n"},
			}),
	},
	"pg-replication": {
		name: "pg-replication", command: "check-pg-replication --max-lag 30", interval: 60, subscriptions: []string{"postgres"}, labels: managedBy("db"),
		outcomes: slices.Concat(
			times(4, outcome{0, "OK: replication lag 0.3s\n"}),
			[]outcome{
				{1, "WARNING: replication lag 42s\n"},
				{2, "CRITICAL: replica not streaming\nlast WAL received 14 minutes ago\n"},
				{3, "UNKNOWN: could not connect to server: Connection refused\n\tIs the server running on host \"localhost\" (127.0.0.1) and accepting\n\tTCP/IP connections on port 5432?\n"},
			}),
	},
	"redis-ping": {
		name: "redis-ping", command: "redis-cli ping", interval: 30, subscriptions: []string{"redis"}, labels: managedBy("cache"),
		outcomes: append(times(5, outcome{0, "PONG\n"}), outcome{2, "Could not connect to Redis at 127.0.0.1:6379: Connection refused\n"}),
	},
	"snmp-ping": {
		name: "snmp-ping", command: "check-ping -H {{ .labels.address }}", interval: 60, subscriptions: []string{"network"}, labels: managedBy("net"),
		outcomes: append(times(3, outcome{0, "PING OK - Packet loss = 0%, RTA = 1.12 ms\n"}), outcome{2, "PING CRITICAL - Packet loss = 100%\n"}),
	},
}

var (
	aliveKeepalive = outcome{0, "Keepalive last sent from {entity} at {time}"}
	deadKeepalive  = outcome{2, "No keepalive sent from {entity} for 180 seconds (>= 120)"}
	defaultRedact  = []string{"password", "passwd", "pass", "api_key", "api_token", "access_key", "secret_key", "private_key", "secret"}
)

// recordedSystem is the host every recorded agent ran on.
var recordedSystem = systemJSON{
	Hostname: "vm", OS: "linux", Platform: "debian", PlatformFamily: "debian", PlatformVersion: "12.11",
	Network: networkJSON{Interfaces: []interfaceJSON{
		{Name: "lo", Addresses: []string{"127.0.0.1/8", "::1/128"}},
		{Name: "ifb0", MAC: "1a:87:66:64:a0:5f"},
		{Name: "ifb1", MAC: "7e:e7:77:18:d4:1b"},
		{Name: "eth0", MAC: "02:fc:00:00:00:01", Addresses: []string{"192.0.2.2/24", "fd00::2/64", "fe80::fc:ff:fe00:1/64"}},
	}},
	Arch: "amd64", LibCType: "glibc", VMRole: "guest",
}

// recorded seeds the data set the recordings were made against.
func (s *seeder) recorded() {
	for _, name := range []string{"default", "dev", "prod-eu", "sensu-system", "staging"} {
		s.namespace(name)
	}
	def, dev := s.namespace("default"), s.namespace("dev")
	s.recordedObjects(def)
	for _, t := range recordedChecks["default"] {
		s.check(def, t)
	}
	for _, t := range recordedChecks["dev"] {
		s.check(dev, t)
	}
	s.agent(def, "agent-1", recordedSystem, []string{"linux", "web"}, map[string]string{"env": "prod", "role": "web"}, true)
	s.agent(def, "agent-2", recordedSystem, []string{"linux", "db"}, map[string]string{"env": "staging", "role": "db"}, true)
	s.agent(dev, "agent-dev-1", recordedSystem, []string{"linux"}, map[string]string{"env": "dev"}, true)
	s.namespace("sensu-system").entities.put(&entityJSON{
		EntityClass: "backend",
		System:      recordedSystem,
		Metadata:    objectMeta{Name: "vm", Namespace: "sensu-system"},
	})
}

// realistic adds a few hundred hosts, more checks and some silences.
func (s *seeder) realistic() {
	def, dev, prod, staging := s.namespace("default"), s.namespace("dev"), s.namespace("prod-eu"), s.namespace("staging")
	s.checks(def, "disk-usage", "load-average", "http-endpoint", "pg-replication", "redis-ping", "snmp-ping")
	s.checks(dev, "disk-usage", "load-average")
	s.checks(prod, "disk-usage", "load-average", "http-endpoint", "pg-replication")
	s.checks(staging, "disk-usage", "http-endpoint")
	s.realisticObjects(def, prod)

	s.hosts(def, "web-%03d", 80, []string{"base", "nginx"}, map[string]string{"env": "prod", "role": "web"})
	s.hosts(def, "db-%03d", 40, []string{"base", "postgres"}, map[string]string{"env": "prod", "role": "db"})
	s.hosts(def, "cache-%03d", 30, []string{"base", "redis"}, map[string]string{"env": "prod", "role": "cache"})
	for i := 1; i <= 4; i++ {
		s.proxy(def, fmt.Sprintf("switch-%02d", i), []string{"network"}, map[string]string{"address": fmt.Sprintf("10.0.0.%d", i)})
	}
	s.hosts(dev, "dev-box-%02d", 40, []string{"base"}, map[string]string{"env": "dev"})
	s.hosts(prod, "prod-web-%02d", 60, []string{"base", "nginx"}, map[string]string{"env": "prod", "region": "eu", "role": "web"})
	s.hosts(prod, "prod-db-%02d", 20, []string{"base", "postgres"}, map[string]string{"env": "prod", "region": "eu", "role": "db"})

	s.silence(def, silenceJSON{Subscription: "entity:db-007", Reason: "disk replacement", Creator: "alice", Begin: s.ago(2 * time.Hour)})
	s.silence(def, silenceJSON{Subscription: "entity:web-012", Check: "http-endpoint", Reason: "deploy in progress", Expire: 3600, Begin: s.ago(10 * time.Minute)})
	s.silence(prod, silenceJSON{Subscription: "postgres", Check: "pg-replication", Reason: "replica rebuild", Expire: 7200, ExpireOnResolve: true, Begin: s.ago(30 * time.Minute)})
}

func (s *seeder) ago(d time.Duration) int64 { return s.now.Add(-d).Unix() }

func (s *seeder) namespace(name string) *namespace {
	if ns, ok := s.b.namespace(name); ok {
		return ns
	}
	ns := &namespace{name: name, objects: namespaceObjects(name)}
	i, _ := slices.BinarySearchFunc(s.b.namespaces, name, func(n *namespace, name string) int { return strings.Compare(n.name, name) })
	s.b.namespaces = slices.Insert(s.b.namespaces, i, ns)
	return ns
}

func (s *seeder) checks(ns *namespace, names ...string) {
	for _, name := range names {
		s.check(ns, catalog[name])
	}
}

func (s *seeder) check(ns *namespace, t checkTemplate) *checkDef {
	def := &checkDef{outcomes: t.outcomes}
	def.checkJSON = *normalizedCheck(checkJSON{
		checkSpec: checkSpec{
			Command:           t.command,
			HighFlapThreshold: t.high,
			Interval:          t.interval,
			LowFlapThreshold:  t.low,
			Publish:           !t.unpublished,
			Subscriptions:     t.subscriptions,
		},
		checkTail: checkTail{Metadata: objectMeta{Name: t.name, Labels: t.labels}},
	}, ns.name)
	def.Metadata.CreatedBy = AdminUser
	ns.checks.put(def)
	return def
}

// hosts adds count agents named from pattern, each with its checks run.
func (s *seeder) hosts(ns *namespace, pattern string, count int, subs []string, labels map[string]string) {
	for i := 1; i <= count; i++ {
		name := fmt.Sprintf(pattern, i)
		s.agent(ns, name, s.system(name), subs, labels, s.rng.IntN(30) > 0)
	}
}

// agent adds an agent entity and the events of every published check it is
// subscribed to, plus its keepalive.
func (s *seeder) agent(ns *namespace, name string, sys systemJSON, subs []string, labels map[string]string, alive bool) {
	e := &entityJSON{
		EntityClass:       "agent",
		System:            sys,
		Subscriptions:     append(slices.Clone(subs), "entity:"+name),
		User:              "agent",
		Redact:            defaultRedact,
		Metadata:          objectMeta{Name: name, Namespace: ns.name, Labels: labels},
		SensuAgentVersion: "6.9.2",
	}
	ns.entities.put(e)
	s.scheduled(ns, e)
	keepalive := aliveKeepalive
	if !alive {
		keepalive = deadKeepalive
	}
	ev := s.history(ns, e, s.keepalive(ns.name), []outcome{aliveKeepalive, keepalive}, 20)
	ev.scheduler, ev.duration, ev.processedBy = "etcd", 0, ""
	e.LastSeen = ev.lastOK
	if e.LastSeen == 0 {
		e.LastSeen = ev.executed - 180
	}
}

func (s *seeder) proxy(ns *namespace, name string, subs []string, labels map[string]string) {
	e := proxyEntity(&entityJSON{Subscriptions: slices.Clone(subs), Metadata: objectMeta{Name: name, Labels: labels}}, ns.name, AdminUser)
	ns.entities.put(e)
	s.scheduled(ns, e)
}

// scheduled runs the published checks that match the entity's subscriptions.
func (s *seeder) scheduled(ns *namespace, e *entityJSON) {
	for _, def := range ns.checks.items {
		if def.Publish && intersects(def.Subscriptions, e.Subscriptions) {
			final := def.outcomes[s.rng.IntN(len(def.outcomes))]
			s.history(ns, e, &def.checkJSON, []outcome{def.outcomes[s.rng.IntN(len(def.outcomes))], final}, def.Interval)
		}
	}
}

// keepalive is the check behind keepalive events; it is not listed.
func (s *seeder) keepalive(ns string) *checkJSON {
	if c, ok := s.keepalives[ns]; ok {
		return c
	}
	c := normalizedCheck(checkJSON{
		checkSpec: checkSpec{Handlers: []string{"keepalive"}, Interval: 20, Timeout: 120},
		checkTail: checkTail{Metadata: objectMeta{Name: "keepalive"}},
	}, ns)
	s.keepalives[ns] = c
	return c
}

// history builds an event from a past of results: a run of earlier results
// then the final one, or, for checks with flap thresholds, sometimes a
// flapping alternation. Every result goes through the event pipeline.
func (s *seeder) history(ns *namespace, entity *entityJSON, check *checkJSON, earlierFinal []outcome, interval uint32) *event {
	earlier, final := earlierFinal[0], earlierFinal[1]
	n := 2 + s.rng.IntN(maxHistory-1)
	results := make([]outcome, n)
	flapping := check.HighFlapThreshold > 0 && earlier.status != final.status && s.rng.IntN(4) == 0
	if flapping {
		results = make([]outcome, maxHistory)
	}
	run := 1 + s.rng.IntN(len(results))
	for i := range results {
		switch {
		case flapping && i%2 == 0, !flapping && i >= len(results)-run:
			results[i] = final
		default:
			results[i] = earlier
		}
	}
	results[len(results)-1] = final

	e := s.newEvent(entity, check, len(results))
	if entity.EntityClass == "agent" {
		e.processedBy = entity.Metadata.Name
	}
	step := int64(interval)
	last := s.now.Unix() - s.rng.Int64N(step)
	for i, r := range results {
		e.executed = last - int64(len(results)-1-i)*step
		e.output = r.render(entity.Metadata.Name, time.Unix(e.executed, 0))
		e.record(r.status, e.executed)
	}
	e.issued, e.timestamp = e.executed, e.executed
	ns.events.items = append(ns.events.items, e)
	return e
}

// newEvent starts the event of check on entity, for n results to come.
func (s *seeder) newEvent(entity *entityJSON, check *checkJSON, n int) *event {
	return &event{
		path:      eventKey(entity.Metadata.Name, check.Metadata.Name),
		uuid:      uuidFrom(s.rng.Uint64(), s.rng.Uint64()),
		entity:    entity,
		check:     check,
		scheduler: "memory",
		duration:  math.Round((0.0005+s.rng.Float64()*0.002)*1e9) / 1e9,
		sequence:  int64(n),
		history:   make([]historyJSON, 0, n),
	}
}

// system invents the host facts of a seeded agent.
func (s *seeder) system(name string) systemJSON {
	platforms := [][3]string{{"debian", "debian", "12.11"}, {"ubuntu", "debian", "22.04"}, {"rocky", "rhel", "9.4"}}
	p := platforms[s.rng.IntN(len(platforms))]
	a, b := s.rng.IntN(250)+1, s.rng.IntN(250)+1
	return systemJSON{
		Hostname: name, OS: "linux", Platform: p[0], PlatformFamily: p[1], PlatformVersion: p[2],
		Network: networkJSON{Interfaces: []interfaceJSON{
			{Name: "lo", Addresses: []string{"127.0.0.1/8", "::1/128"}},
			{Name: "eth0", MAC: fmt.Sprintf("02:fc:00:00:%02x:%02x", a, b), Addresses: []string{
				fmt.Sprintf("10.%d.%d.%d/24", s.rng.IntN(4), a, b),
				fmt.Sprintf("fe80::fc:ff:fe00:%x/64", a<<8|b),
			}},
		}},
		Arch: "amd64", LibCType: "glibc", VMRole: "guest",
	}
}

func (s *seeder) silence(ns *namespace, in silenceJSON) {
	sil, _ := newSilence(in, ns.name, AdminUser, s.now)
	ns.silences.put(sil)
}

// synthetic replaces the events of ns with n generated ones, 100 checks per
// proxy entity, named like the recorded load test: synth-000/synth-check-000.
func (s *seeder) synthetic(ns *namespace, n int) {
	const checksPerEntity = 100
	labels := map[string]string{"synthetic": "true"}
	checks := make([]*checkJSON, checksPerEntity)
	for i := range checks {
		checks[i] = normalizedCheck(checkJSON{
			checkSpec: checkSpec{Interval: 60},
			checkTail: checkTail{Metadata: objectMeta{Name: fmt.Sprintf("synth-check-%03d", i), Labels: labels}},
		}, ns.name)
	}
	statuses := []uint32{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 3}
	history := make([]historyJSON, n) // one backing array instead of n small ones
	ns.events.items = make([]*event, 0, n)
	stamp := s.now.Unix()
	var entity *entityJSON
	for i := range n {
		check := checks[i%checksPerEntity]
		if i%checksPerEntity == 0 {
			entity = proxyEntity(&entityJSON{Metadata: objectMeta{Name: fmt.Sprintf("synth-%03d", i/checksPerEntity), Labels: labels}}, ns.name, AdminUser)
			ns.entities.put(entity)
		}
		status := statuses[s.rng.IntN(len(statuses))]
		e := &event{
			path:      eventKey(entity.Metadata.Name, check.Metadata.Name),
			uuid:      uuidFrom(s.rng.Uint64(), s.rng.Uint64()),
			entity:    entity,
			check:     check,
			output:    fmt.Sprintf("synthetic output %d for %s/%s", status, entity.Metadata.Name, check.Metadata.Name),
			history:   history[i : i : i+1],
			createdBy: AdminUser,
			timestamp: stamp,
		}
		e.record(status, 0)
		ns.events.items = append(ns.events.items, e)
	}
}
