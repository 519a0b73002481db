package views

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// shownKeys runs v with filter set until its list has loaded, and returns
// the keys of the rows it shows.
func shownKeys[T any](t *testing.T, v *Resource[T], filter string) []string {
	t.Helper()
	v.SetFilter(filter)
	var keys []string
	loaded := false
	r := runView(t, v, func() {
		loaded = v.loaded && !v.loading
		keys = keys[:0]
		for _, it := range v.table.Items() {
			keys = append(keys, v.spec.Key(it))
		}
	})
	r.waitFor("the list", func() bool { return loaded })
	var out []string
	r.locked(func() { out = slices.Clone(keys) })
	return out
}

// TestAdminViewsFilter: each view's fields, labels and search words reach
// the filter, by Sensu's field names.
func TestAdminViewsFilter(t *testing.T) {
	f := newViewFake(t, fakebackend.Options{})
	env := f.env(time.Hour)
	cases := []struct {
		name, filter string
		shown        func() []string
		want         []string
	}{
		{"handler type", "f:handler.type == tcp", func() []string { return shownKeys(t, NewHandlers(env), "f:handler.type == tcp") }, []string{"default/graphite"}},
		{"handler set members", "f:handler.handlers matches pagerduty", func() []string {
			return shownKeys(t, NewHandlers(env), "f:handler.handlers matches pagerduty")
		}, []string{"default/ops-alerts"}},
		{"filter action", "'deny", func() []string { return shownKeys(t, NewEventFilters(env), "'deny") }, []string{"default/filter-repeats"}},
		{"filter expression", "'occurrences", func() []string { return shownKeys(t, NewEventFilters(env), "'occurrences") }, []string{"default/filter-repeats"}},
		{"mutator type", "'javascript", func() []string { return shownKeys(t, NewMutators(env), "'javascript") }, []string{"default/only-check-output"}},
		{"asset build URL", "'arm64", func() []string { return shownKeys(t, NewAssets(env), "'arm64") }, []string{"default/sensu-slack-handler"}},
		{"hook command", "'nginx", func() []string { return shownKeys(t, NewHooks(env), "'nginx") }, []string{"default/nginx-status"}},
		{"disabled users", "f:user.disabled == true", func() []string { return shownKeys(t, NewUsers(env), "f:user.disabled == true") }, []string{"carol"}},
		{"user group", "f:user.groups matches dev", func() []string { return shownKeys(t, NewUsers(env), "f:user.groups matches dev") }, []string{"bob"}},
		{"role resources", "'entities", func() []string { return shownKeys(t, NewRoles(env), "'entities") }, []string{"default/event-resolver"}},
		{"role labels", "l:sensu.io/managed_by == sensuctl", func() []string {
			return shownKeys(t, NewRoles(env), "l:sensu.io/managed_by == sensuctl")
		}, []string{"default/event-resolver"}},
		{"binding role", "f:rolebinding.role_ref.name == event-resolver", func() []string {
			return shownKeys(t, NewRoleBindings(env), "f:rolebinding.role_ref.name == event-resolver")
		}, []string{"default/ops-event-resolver"}},
		{"cluster role", "f:clusterrole.name == view", func() []string { return shownKeys(t, NewClusterRoles(env), "f:clusterrole.name == view") }, []string{"view"}},
		{"cluster binding subject", "'viewer", func() []string { return shownKeys(t, NewClusterRoleBindings(env), "'viewer") }, []string{"viewer-view"}},
		{"namespace", "f:namespace.name == dev", func() []string { return shownKeys(t, NewNamespaces(env), "f:namespace.name == dev") }, []string{"dev"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.shown(); !slices.Equal(got, tc.want) {
				t.Errorf("filter %q shows %v, want %v", tc.filter, got, tc.want)
			}
		})
	}
}

// detailOf is the detail page of the item with key k, as the view's spec
// writes it for the server's copy of the item.
func detailOf[T any](t *testing.T, c *client.Client, v *Resource[T], k string) string {
	t.Helper()
	items, err := client.ListAll[T](context.Background(), c, v.spec.Resource, client.ListOptions{AllNamespaces: v.spec.Resource.Namespaced()})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if v.spec.Key(it) == k {
			return v.spec.Detail(it, viewTestNow)
		}
	}
	t.Fatalf("no %s %s", v.spec.Singular, k)
	return ""
}

// TestAdminDetails: detail pages show every field, lists one a line, and
// hide what may be a credential.
func TestAdminDetails(t *testing.T) {
	f := newViewFake(t, fakebackend.Options{})
	env := f.env(time.Hour)
	cases := []struct {
		name         string
		detail       string
		want, absent []string
	}{
		{"pipe handler", detailOf(t, f.c, NewHandlers(env), "default/pagerduty"),
			[]string{"Type:            pipe", "Command:         sensu-pagerduty-handler", "Filters:         is_incident\n                 business-hours",
				"Env vars:        PAGERDUTY_TOKEN=••••", "Namespace:       default", "Created by:      admin", "Labels:          sensu.io/managed_by=sensuctl, team=ops"},
			[]string{"e93facc0"}},
		{"tcp handler", detailOf(t, f.c, NewHandlers(env), "default/graphite"),
			[]string{"Type:            tcp", "Socket:          graphite.example.invalid:2003", "Mutator:         only-check-output", "Timeout:         5s"}, nil},
		{"handler secret", detailOf(t, f.c, NewHandlers(env), "default/slack"),
			[]string{"Secrets:         SLACK_WEBHOOK_URL from secret slack-webhook", "Runtime assets:  sensu-slack-handler"}, nil},
		{"event filter", detailOf(t, f.c, NewEventFilters(env), "default/business-hours"),
			[]string{"Action:          allow", "Expressions:     hour(event.timestamp) >= 9\n                 hour(event.timestamp) < 17\n"}, nil},
		{"javascript mutator", detailOf(t, f.c, NewMutators(env), "default/only-check-output"),
			[]string{"Type:            javascript", "Command:         -", "Eval:            return JSON.stringify("}, nil},
		{"pipe mutator", detailOf(t, f.c, NewMutators(env), "default/mutator-output-only"),
			[]string{"Type:            pipe", "Command:         jq -c .check.output", "Timeout:         5s"}, nil},
		{"asset with builds", detailOf(t, f.c, NewAssets(env), "default/sensu-slack-handler"),
			[]string{"URL:          -", "Builds:       2", "Build 2 URL:  https://assets.example.invalid/sensu-slack-handler_1.5.0_linux_arm64.tar.gz",
				"  Filters:    entity.system.os == 'linux'\n              entity.system.arch == 'arm64'"}, nil},
		{"asset", detailOf(t, f.c, NewAssets(env), "default/check-plugins"),
			[]string{"SHA-512:      4f926bf4328fbad2b9cac873d117f771914f4b837c9c85584c38ccf55a3ef3c2e8d154812246e5dda4a87450576b2c58ad9ab40c9e2edc31b288d066b195b21b"}, nil},
		{"hook", detailOf(t, f.c, NewHooks(env), "default/hook-ps-aux"),
			[]string{"Command:         ps aux", "Timeout:         10s", "Stdin:           false"}, nil},
		{"user", detailOf(t, f.c, NewUsers(env), "carol"),
			[]string{"Username:  carol", "Disabled:  true", "Groups:    -"}, []string{"Labels", "Created by"}},
		{"role", detailOf(t, f.c, NewRoles(env), "default/event-resolver"),
			[]string{"Rules:        get,list,update on events\n              get,list on checks,entities\n"}, nil},
		{"cluster role", detailOf(t, f.c, NewClusterRoles(env), "cluster-admin"),
			[]string{"Rules:        * on *"}, []string{"Namespace"}},
		{"role binding", detailOf(t, f.c, NewRoleBindings(env), "default/ops-event-resolver"),
			[]string{"Role:         Role/event-resolver", "Subjects:     Group/ops"}, nil},
		{"cluster role binding", detailOf(t, f.c, NewClusterRoleBindings(env), "viewer-view"),
			[]string{"Role:         ClusterRole/view", "Subjects:     User/viewer"}, nil},
		{"namespace", detailOf(t, f.c, NewNamespaces(env), "prod-eu"), []string{"Name:  prod-eu\n"}, []string{"Labels"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, w := range tc.want {
				if !strings.Contains(tc.detail, w) {
					t.Errorf("detail lacks %q:\n%s", w, tc.detail)
				}
			}
			for _, a := range tc.absent {
				if strings.Contains(tc.detail, a) {
					t.Errorf("detail shows %q:\n%s", a, tc.detail)
				}
			}
		})
	}
}

func TestRuleSummary(t *testing.T) {
	rules := []client.Rule{
		{Verbs: []string{"get", "list"}, Resources: []string{"checks", "entities"}},
		{Verbs: []string{"*"}, Resources: []string{"events"}, ResourceNames: []string{"a", "b"}},
	}
	if got, want := ruleSummary(rules, "; "), "get,list on checks,entities; * on events named a,b"; got != want {
		t.Errorf("ruleSummary = %q, want %q", got, want)
	}
	if got := ruleSummary(nil, "; "); got != "" {
		t.Errorf("ruleSummary(nil) = %q", got)
	}
}

func TestHiddenValues(t *testing.T) {
	got := hiddenValues([]string{"TOKEN=s3cr3t=with=equals", "PLAIN", "EMPTY="})
	if want := "TOKEN=••••\nPLAIN\nEMPTY=••••"; got != want {
		t.Errorf("hiddenValues = %q, want %q", got, want)
	}
	if got := hiddenHeaders(map[string]string{"X-B": "2", "Authorization": "Bearer abc"}); got != "Authorization: ••••\nX-B: ••••" {
		t.Errorf("hiddenHeaders = %q", got)
	}
	if hiddenValues(nil) != "-" || hiddenHeaders(nil) != "-" {
		t.Error("nothing to hide is not -")
	}
}

func TestExecutes(t *testing.T) {
	for _, tc := range []struct {
		h    client.Handler
		want string
	}{
		{client.Handler{Type: "pipe", Command: "cat"}, "cat"},
		{client.Handler{Type: "set", Handlers: []string{"a", "b"}}, "a,b"},
		{client.Handler{Type: "udp", Socket: &client.HandlerSocket{Host: "h", Port: 1}}, "h:1"},
		{client.Handler{Type: "set"}, "-"},
	} {
		if got := executes(tc.h); got != tc.want {
			t.Errorf("executes(%+v) = %q, want %q", tc.h, got, tc.want)
		}
	}
}

// TestRegistryNames: every name and alias opens exactly one view, and
// sensuctl's hyphenated names open the same views.
func TestRegistryNames(t *testing.T) {
	seen := map[string]string{}
	for _, e := range Registry() {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if other, ok := seen[n]; ok {
				t.Errorf("%q names both %s and %s", n, other, e.Name)
			}
			seen[n] = e.Name
		}
	}
	for in, want := range map[string]string{
		"cluster-role-binding": "clusterrolebindings", "role-binding": "rolebindings", "cluster-role": "clusterroles",
		"CRB": "clusterrolebindings", "hd": "handlers", "ef": "filters", "namespaces": "namespaces", "user": "users",
	} {
		if e, ok := Find(in); !ok || e.Name != want {
			t.Errorf("Find(%q) = %q, %v; want %s", in, e.Name, ok, want)
		}
	}
}

func TestWrapHanging(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		width    int
		want     string
	}{
		{"fits", "Name:  a", 20, "Name:  a"},
		{"under its value", "Command:  one two three four", 20, "Command:  one two\n          three four"},
		{"after commas", "Rules:  * on assets,checks,entities", 24, "Rules:  * on assets,\n        checks,entities"},
		{"own indentation", "    \"command\": \"one two three\"", 20, "    \"command\": \"one\n    two three\""},
		{"plain output", "CRITICAL: one two three", 12, "CRITICAL:\none two\nthree"},
		{"label too wide", "A long label here:  value", 10, "A long\nlabel\nhere:\nvalue"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := wrapHanging(tc.in, tc.width); got != tc.want {
				t.Errorf("wrapHanging(%q, %d) =\n%s\nwant\n%s", tc.in, tc.width, got, tc.want)
			}
		})
	}
}
