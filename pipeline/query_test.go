package pipeline

import (
	"slices"
	"testing"

	"github.com/sensu-tui/sensu-tui/client"
)

type host struct {
	entity, check, output string
	labels                map[string]string
}

var hostSpec = Spec[host]{
	Key: func(h host) string { return h.entity + "/" + h.check },
	Search: func(h host) ([]string, string) {
		names := []string{h.entity, h.check}
		for k, v := range h.labels {
			names = append(names, k+"="+v)
		}
		return names, h.output
	},
	Labels: func(h host) map[string]string { return h.labels },
	Fields: func(h host) map[string]string {
		return map[string]string{"event.entity.name": h.entity, "event.check.name": h.check}
	},
}

var hosts = []host{
	{"cache-01", "redis-ping", "Could not connect to Redis: connection refused", map[string]string{"team": "cache"}},
	{"web-01", "disk-usage", "DISK CRITICAL - free space: / 402 MB on /dev/sda1 inodes", map[string]string{"team": "web"}},
	{"db-01", "pg-replication", "CRITICAL: replica not streaming", nil},
	{"web-046", "disk-usage", "DISK WARNING", map[string]string{"team": "web"}},
	{"web-046", "load-average", "load 12.3", map[string]string{"team": "web"}},
}

func TestQuery(t *testing.T) {
	tests := map[string]struct {
		query string
		want  []string
	}{
		"empty shows everything":             {"", []string{"cache-01/redis-ping", "web-01/disk-usage", "db-01/pg-replication", "web-046/disk-usage", "web-046/load-average"}},
		"name substring":                     {"redis", []string{"cache-01/redis-ping"}},
		"long output is not matched fuzzily": {"cntrefused", nil},
		"fuzzy on a check name":              {"pgrep", []string{"db-01/pg-replication"}},
		"fuzzy on an entity name":            {"wb01", []string{"web-01/disk-usage"}},
		"exact substring switches fuzzy off": {"'pgrep", nil},
		"substring of the output":            {"connection refused", []string{"cache-01/redis-ping"}},
		"labels":                             {"team=cache", []string{"cache-01/redis-ping"}},
		"inverted":                           {"!web", []string{"cache-01/redis-ping", "db-01/pg-replication"}},
		"case does not matter":               {"REDIS", []string{"cache-01/redis-ping"}},
		"inverted exact":                     {"!'critical", []string{"cache-01/redis-ping", "web-046/disk-usage", "web-046/load-average"}},
		"two words must both match":          {"web-046 disk", []string{"web-046/disk-usage"}},
		"each word may match another field":  {"disk warning", []string{"web-046/disk-usage"}},
		"a word that matches nothing":        {"web-046 nosuchthing", nil},
		"extra spaces between words":         {"  web-046   load ", []string{"web-046/load-average"}},
		"inverted words":                     {"!web-046 disk", []string{"cache-01/redis-ping", "web-01/disk-usage", "db-01/pg-replication", "web-046/load-average"}},
		"label selector":                     {"l:team == web", []string{"web-01/disk-usage", "web-046/disk-usage", "web-046/load-average"}},
		"label selector with a list":         {"l:team in [cache]", []string{"cache-01/redis-ping"}},
		"broken selector filters nothing":    {"l:team", []string{"cache-01/redis-ping", "web-01/disk-usage", "db-01/pg-replication", "web-046/disk-usage", "web-046/load-average"}},
		"field selector":                     {"f:event.check.name == pg-replication", []string{"db-01/pg-replication"}},
		"field selector on the entity":       {"f:event.entity.name in [web-01, db-01]", []string{"web-01/disk-usage", "db-01/pg-replication"}},
	}
	l := Build(hostSpec, nil, hosts)
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			q := ParseQuery(tc.query)
			var got []string
			for _, h := range (Filter[host]{Query: q}).Apply(hostSpec, l) {
				got = append(got, hostSpec.Key(h))
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("filter %q shows %v, want %v", tc.query, got, tc.want)
			}
			if broken := q.Err != nil; broken != (name == "broken selector filters nothing") {
				t.Fatalf("filter %q: error %v", tc.query, q.Err)
			}
		})
	}
}

// TestFilterCombines: the view's own predicate and the start-up selectors
// narrow the list together with the query.
func TestFilterCombines(t *testing.T) {
	l := Build(hostSpec, nil, hosts)
	team, _ := client.ParseSelector("team == web")
	fields, _ := client.ParseSelector("event.check.name == disk-usage")
	f := Filter[host]{
		Query:  ParseQuery("disk"),
		Keep:   func(h host) bool { return h.entity != "web-01" },
		Labels: team,
		Fields: fields,
	}
	got := f.Apply(hostSpec, l)
	if len(got) != 1 || got[0].entity != "web-046" || got[0].check != "disk-usage" {
		t.Fatalf("kept %v, want only web-046/disk-usage", got)
	}
}

func TestQueryEmpty(t *testing.T) {
	for text, want := range map[string]bool{"": true, "   ": true, "!": true, "'": true, "web": false, "l:a == b": false, "f:x == y": false} {
		if got := ParseQuery(text).Empty(); got != want {
			t.Errorf("ParseQuery(%q).Empty() = %v, want %v", text, got, want)
		}
	}
}
