package client_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// onePerPage makes a walk take one page per item, so every list is paged.
var onePerPage = client.ListOptions{FirstPageSize: 1, PageSize: 1}

// listAll lists r one item a page and hands the items, by name, to check.
func listAll[T any](t *testing.T, c *client.Client, r client.Resource, name func(T) string, check func(t *testing.T, byName map[string]T)) {
	t.Helper()
	items, err := client.ListAll[T](context.Background(), c, r, onePerPage)
	if err != nil {
		t.Fatalf("list %s: %v", r, err)
	}
	byName := map[string]T{}
	for _, item := range items {
		byName[name(item)] = item
	}
	if len(byName) != len(items) || len(items) == 0 {
		t.Fatalf("%s: %d items, %d names", r, len(items), len(byName))
	}
	t.Run(string(r), func(t *testing.T) { check(t, byName) })
}

// TestListsOfEveryResource decodes the seeded items of each collection a
// list view shows, as recordings 200-234 show them.
func TestListsOfEveryResource(t *testing.T) {
	c, _ := loggedIn(t, fakebackend.Options{Recorded: true})
	listAll(t, c, client.Handlers, func(h client.Handler) string { return h.Metadata.Name }, func(t *testing.T, got map[string]client.Handler) {
		pipe, set := got["pipe-logger"], got["notify-all"]
		if pipe.Type != "pipe" || pipe.Command != "cat > /dev/null" || pipe.Timeout != 10 ||
			!slices.Equal(pipe.Filters, []string{"is_incident"}) || pipe.Metadata.Labels["team"] != "ops" || pipe.Metadata.Namespace != "default" {
			t.Errorf("pipe handler %+v", pipe)
		}
		if set.Type != "set" || !slices.Equal(set.Handlers, []string{"pipe-logger"}) || set.Command != "" {
			t.Errorf("set handler %+v", set)
		}
	})
	listAll(t, c, client.Filters, func(f client.EventFilter) string { return f.Metadata.Name }, func(t *testing.T, got map[string]client.EventFilter) {
		if f := got["filter-repeats"]; f.Action != "deny" || !slices.Equal(f.Expressions, []string{"event.check.occurrences > 3"}) {
			t.Errorf("filter %+v", f)
		}
		if f := got["filter-incidents-only"]; f.Action != "allow" || !slices.Equal(f.Expressions, []string{"event.check.status != 0"}) {
			t.Errorf("filter %+v", f)
		}
	})
	listAll(t, c, client.Mutators, func(m client.Mutator) string { return m.Metadata.Name }, func(t *testing.T, got map[string]client.Mutator) {
		if m := got["mutator-output-only"]; m.Command != "jq -c .check.output" || m.Timeout != 5 || m.Type != "" {
			t.Errorf("mutator %+v", m)
		}
	})
	listAll(t, c, client.Assets, func(a client.Asset) string { return a.Metadata.Name }, func(t *testing.T, got map[string]client.Asset) {
		a := got["check-plugins"]
		if !strings.HasSuffix(a.URL, "/check-plugins_1.0.0_linux_amd64.tar.gz") || !strings.HasPrefix(a.Sha512, "4f926bf4328f") ||
			!slices.Equal(a.Filters, []string{"entity.system.os == 'linux'"}) || a.Builds != nil {
			t.Errorf("asset %+v", a)
		}
	})
	listAll(t, c, client.Hooks, func(h client.Hook) string { return h.Metadata.Name }, func(t *testing.T, got map[string]client.Hook) {
		if h := got["hook-ps-aux"]; h.Command != "ps aux" || h.Timeout != 10 || h.Stdin {
			t.Errorf("hook %+v", h)
		}
	})
	listAll(t, c, client.Pipelines, func(p client.Pipeline) string { return p.Metadata.Name }, func(t *testing.T, got map[string]client.Pipeline) {
		p := got["pipeline-incidents"]
		want := []client.PipelineWorkflow{{
			Name:    "incidents-to-logger",
			Filters: []client.ResourceRef{{Name: "filter-incidents-only", Type: "EventFilter", APIVersion: "core/v2"}},
			Mutator: &client.ResourceRef{Name: "mutator-output-only", Type: "Mutator", APIVersion: "core/v2"},
			Handler: &client.ResourceRef{Name: "pipe-logger", Type: "Handler", APIVersion: "core/v2"},
		}}
		if !reflect.DeepEqual(p.Workflows, want) {
			t.Errorf("workflows %+v", p.Workflows)
		}
	})
	listAll(t, c, client.Users, func(u client.User) string { return u.Username }, func(t *testing.T, got map[string]client.User) {
		if !slices.Equal(got["admin"].Groups, []string{"cluster-admins"}) || got["viewer"].Groups != nil || got["operator1"].Disabled {
			t.Errorf("users %+v", got)
		}
	})
	listAll(t, c, client.Roles, func(r client.Role) string { return r.Metadata.Name }, func(t *testing.T, got map[string]client.Role) {
		want := []client.Rule{
			{Verbs: []string{"get", "list", "update"}, Resources: []string{"events"}},
			{Verbs: []string{"get", "list"}, Resources: []string{"checks", "entities"}},
		}
		if r := got["event-resolver"]; !reflect.DeepEqual(r.Rules, want) {
			t.Errorf("role %+v", r)
		}
		if _, ok := got["system:pipeline"]; !ok {
			t.Errorf("no system:pipeline role in %v", got)
		}
	})
	listAll(t, c, client.RoleBindings, func(b client.RoleBinding) string { return b.Metadata.Name }, func(t *testing.T, got map[string]client.RoleBinding) {
		b := got["ops-event-resolver"]
		if b.RoleRef != (client.RoleRef{Type: "Role", Name: "event-resolver"}) || !slices.Equal(b.Subjects, []client.Subject{{Type: "Group", Name: "ops"}}) {
			t.Errorf("role binding %+v", b)
		}
	})
	listAll(t, c, client.ClusterRoles, func(r client.ClusterRole) string { return r.Metadata.Name }, func(t *testing.T, got map[string]client.ClusterRole) {
		for _, name := range []string{"admin", "cluster-admin", "edit", "view", "system:agent", "system:user", "handler-reader"} {
			if _, ok := got[name]; !ok {
				t.Errorf("no cluster role %s", name)
			}
		}
		if r := got["cluster-admin"]; len(r.Rules) != 1 || r.Rules[0].Verbs[0] != "*" || r.Rules[0].Resources[0] != "*" || r.Metadata.Namespace != "" {
			t.Errorf("cluster-admin %+v", r)
		}
	})
	listAll(t, c, client.ClusterRoleBindings, func(b client.ClusterRoleBinding) string { return b.Metadata.Name }, func(t *testing.T, got map[string]client.ClusterRoleBinding) {
		b := got["viewer-view"]
		if b.RoleRef != (client.RoleRef{Type: "ClusterRole", Name: "view"}) || !slices.Equal(b.Subjects, []client.Subject{{Type: "User", Name: "viewer"}}) {
			t.Errorf("cluster role binding %+v", b)
		}
	})
}

// TestListsOfRealisticResources covers what the recorded set lacks: a
// handler with a mutator, an asset with builds, a disabled user, and a
// namespaced list across namespaces.
func TestListsOfRealisticResources(t *testing.T) {
	c, _ := loggedIn(t, fakebackend.Options{})
	ctx := context.Background()
	handlers, err := client.ListAll[client.Handler](ctx, c, client.Handlers, client.ListOptions{AllNamespaces: true, FirstPageSize: 2, PageSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	namespaces := map[string]int{}
	for _, h := range handlers {
		namespaces[h.Metadata.Namespace]++
		switch h.Metadata.Name {
		case "slack":
			if h.Mutator != "add-runbook" || !slices.Equal(h.RuntimeAssets, []string{"sensu-slack-handler"}) ||
				!slices.Equal(h.Secrets, []client.SecretRef{{Name: "SLACK_WEBHOOK_URL", Secret: "slack-webhook"}}) {
				t.Errorf("slack handler %+v", h)
			}
		case "pagerduty":
			if len(h.EnvVars) != 1 || !strings.HasPrefix(h.EnvVars[0], "PAGERDUTY_TOKEN=") {
				t.Errorf("pagerduty handler %+v", h)
			}
		case "graphite":
			if h.Type != "tcp" || h.Socket == nil || *h.Socket != (client.HandlerSocket{Host: "graphite.example.invalid", Port: 2003}) {
				t.Errorf("graphite handler %+v", h)
			}
		}
	}
	if namespaces["default"] != 6 || namespaces["prod-eu"] != 3 {
		t.Errorf("handlers per namespace %v", namespaces)
	}
	assets, err := client.ListAll[client.Asset](ctx, c, client.Assets, client.ListOptions{Namespace: "prod-eu"})
	if err != nil || len(assets) != 1 {
		t.Fatalf("assets %+v, %v", assets, err)
	}
	if b := assets[0].Builds; len(b) != 2 || !strings.HasSuffix(b[1].URL, "arm64.tar.gz") || len(b[1].Sha512) != 128 ||
		!slices.Contains(b[1].Filters, "entity.system.arch == 'arm64'") {
		t.Errorf("builds %+v", b)
	}
	users, err := client.ListAll[client.User](ctx, c, client.Users, onePerPage)
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(users, func(u client.User) bool { return u.Username == "carol" }); i < 0 || !users[i].Disabled {
		t.Errorf("users %+v", users)
	}
	mutators, err := client.ListAll[client.Mutator](ctx, c, client.Mutators, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(mutators, func(m client.Mutator) bool { return m.Type == "javascript" }); i < 0 ||
		!strings.HasPrefix(mutators[i].Eval, "return JSON.stringify(") || mutators[i].Command != "" {
		t.Errorf("no javascript mutator with an eval in %+v", mutators)
	}
}

func TestClusterWideResourcesIgnoreTheNamespace(t *testing.T) {
	c, err := client.New(client.Config{URL: "http://sensu:8080", Namespace: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	for r, want := range map[client.Resource]string{
		client.ClusterRoles:        "/api/core/v2/clusterroles",
		client.ClusterRoleBindings: "/api/core/v2/clusterrolebindings",
		client.Users:               "/api/core/v2/users",
		client.Roles:               "/api/core/v2/namespaces/dev/roles",
		client.Pipelines:           "/api/core/v2/namespaces/dev/pipelines",
	} {
		if got := c.ListPath(r, client.ListOptions{}); got != want {
			t.Errorf("ListPath(%s) = %s, want %s", r, got, want)
		}
	}
	if got := c.ItemPath(client.ClusterRoles, "", "system:agent"); got != "/api/core/v2/clusterroles/system:agent" {
		t.Errorf("ItemPath = %s", got)
	}
}

// TestSetCheckPublishKeepsEveryField: PUT replaces a whole check (264-266),
// so switching publish must send back the fields the client does not model.
func TestSetCheckPublishKeepsEveryField(t *testing.T) {
	c, _ := loggedIn(t, fakebackend.Options{Recorded: true})
	ctx := context.Background()
	path := c.ItemPath(client.Checks, "default", "check-ok")
	raw, err := c.GetRaw(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var before map[string]any
	json.Unmarshal(raw, &before)
	// Fields that client.Check has no place for.
	before["output_metric_format"] = "nagios_perfdata"
	before["env_vars"] = []any{"PATH=/opt/plugins"}
	before["low_flap_threshold"], before["high_flap_threshold"] = 20.0, 60.0
	putRaw(t, c, path, before)

	if err := c.SetCheckPublish(ctx, "default", "check-ok", false); err != nil {
		t.Fatal(err)
	}
	after := getMap(t, c, path)
	if after["publish"] != false {
		t.Fatalf("publish is %v after SetCheckPublish(false)", after["publish"])
	}
	delete(before, "publish")
	delete(after, "publish")
	if !reflect.DeepEqual(after, before) {
		t.Errorf("fields changed:\nbefore %v\nafter  %v", before, after)
	}
	if err := c.SetCheckPublish(ctx, "default", "check-ok", true); err != nil || getMap(t, c, path)["publish"] != true {
		t.Errorf("publish again: %v", err)
	}
	if err := c.SetCheckPublish(ctx, "default", "no-such-check", true); client.KindOf(err) != client.KindNotFound {
		t.Errorf("missing check: %v", err)
	}
}

func TestSetCheckPublishReadOnlySendsNothing(t *testing.T) {
	b := fakebackend.New(fakebackend.Options{Recorded: true})
	tr := &fakebackend.Transport{Handler: b}
	c, err := client.New(client.Config{URL: "http://sensu", Transport: tr, ReadOnly: true, APIKey: "unused"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetCheckPublish(context.Background(), "default", "check-ok", false); client.KindOf(err) != client.KindReadOnly {
		t.Fatalf("read-only SetCheckPublish: %v", err)
	}
	if n := tr.APICalls(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func putRaw(t *testing.T, c *client.Client, path string, body map[string]any) {
	t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPut, c.URL()+path, strings.NewReader(string(data)))
	req.Header.Set("Authorization", "Bearer "+c.CurrentTokens().Access)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("PUT %s: %s", path, resp.Status)
	}
}

func getMap(t *testing.T, c *client.Client, path string) map[string]any {
	t.Helper()
	raw, err := c.GetRaw(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDeleteCheck(t *testing.T) {
	c, _ := loggedIn(t, fakebackend.Options{Recorded: true})
	ctx := context.Background()
	if err := c.DeleteCheck(ctx, "default", "check-ok"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetRaw(ctx, c.ItemPath(client.Checks, "default", "check-ok")); client.KindOf(err) != client.KindNotFound {
		t.Errorf("GET after delete: %v", err)
	}
	if err := c.DeleteCheck(ctx, "default", "check-ok"); client.KindOf(err) != client.KindNotFound {
		t.Errorf("second delete: %v", err)
	}
}

// TestDeleteEntityTakesItsEvents follows recordings 255-257.
func TestDeleteEntityTakesItsEvents(t *testing.T) {
	c, _ := loggedIn(t, fakebackend.Options{Recorded: true})
	ctx := context.Background()
	eventsOf := func() map[string]int {
		events, err := client.ListAll[client.Event](ctx, c, client.Events, client.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		n := map[string]int{}
		for _, e := range events {
			n[e.Entity.Metadata.Name]++
		}
		return n
	}
	before := eventsOf()
	if before["agent-1"] == 0 || before["agent-2"] == 0 {
		t.Fatalf("events per entity %v", before)
	}
	if err := c.DeleteEntity(ctx, "default", "agent-1"); err != nil {
		t.Fatal(err)
	}
	if after := eventsOf(); after["agent-1"] != 0 || after["agent-2"] != before["agent-2"] {
		t.Errorf("events per entity %v after deleting agent-1, %v before", after, before)
	}
	if _, err := c.GetRaw(ctx, c.ItemPath(client.Entities, "default", "agent-1")); client.KindOf(err) != client.KindNotFound {
		t.Errorf("GET after delete: %v", err)
	}
	if err := c.DeleteEntity(ctx, "default", "agent-1"); client.KindOf(err) != client.KindNotFound {
		t.Errorf("second delete: %v", err)
	}
}

func TestHealthOfTheFake(t *testing.T) {
	b, url := newFake(t, fakebackend.Options{})
	c, err := client.New(client.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	h, err := c.Health(ctx)
	if err != nil || !h.Healthy || h.Problems != nil {
		t.Fatalf("healthy backend: %+v, %v", h, err)
	}
	b.SetFaults(fakebackend.Faults{Unhealthy: "context deadline exceeded"})
	h, err = c.Health(ctx)
	if err != nil || h.Healthy || !slices.Equal(h.Problems, []string{"etcd member default: context deadline exceeded"}) {
		t.Fatalf("unhealthy backend: %+v, %v", h, err)
	}
	v, err := c.Version(ctx)
	if err != nil || v.Backend != "6.9.2" {
		t.Fatalf("version %+v, %v", v, err)
	}
}

// TestHealthJudgesEveryStore reads /health bodies the fake does not send:
// alarms, PostgreSQL stores (in use or not) and broken answers.
func TestHealthJudgesEveryStore(t *testing.T) {
	const member = `{"MemberID":1,"MemberIDHex":"1","Name":"default","Err":"","Healthy":true}`
	tests := map[string]struct {
		body     string
		healthy  bool
		problems []string
		kind     client.Kind
	}{
		"healthy etcd": {body: `{"Alarms":null,"ClusterHealth":[` + member + `]}`, healthy: true},
		"one member of two down": {
			body:     `{"ClusterHealth":[` + member + `,{"MemberIDHex":"b71f","Name":"","Err":"","Healthy":false}]}`,
			problems: []string{"etcd member b71f: unhealthy"},
		},
		"no space alarm": {
			body:     `{"Alarms":[{"memberID":13195394291058371180,"alarm":1}],"ClusterHealth":[` + member + `]}`,
			problems: []string{"etcd alarm NOSPACE on member b71f75320dc06a6c"},
		},
		"PostgreSQL in use and down": {
			body:     `{"ClusterHealth":[` + member + `],"PostgresHealth":[{"Name":"events-db","Active":true,"Healthy":false}]}`,
			problems: []string{"PostgreSQL store events-db: unhealthy"},
		},
		"PostgreSQL configured, not in use": {
			body:    `{"ClusterHealth":[` + member + `],"PostgresHealth":[{"Name":"my-postgres","Active":false,"Healthy":false}]}`,
			healthy: true,
		},
		"no member":    {body: `{"ClusterHealth":[]}`, problems: []string{"no etcd member reported its health"}},
		"not JSON":     {body: `<html>`, kind: client.KindMalformed},
		"server error": {body: `oops`, kind: client.KindServer},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.kind == client.KindServer {
					w.WriteHeader(http.StatusInternalServerError)
				}
				w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			c, err := client.New(client.Config{URL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			h, err := c.Health(context.Background())
			if client.KindOf(err) != tc.kind {
				t.Fatalf("error %v, want kind %v", err, tc.kind)
			}
			if h.Healthy != tc.healthy || !slices.Equal(h.Problems, tc.problems) {
				t.Errorf("got %+v, want healthy %v with %q", h, tc.healthy, tc.problems)
			}
		})
	}
}
