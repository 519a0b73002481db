package e2e

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
	"github.com/sensu-tui/sensu-tui/views"
)

// listedNames asks the backend, as admin, for the names of every item of
// a collection in namespace default, in the order it lists them.
func listedNames(t *testing.T, b *fakebackend.Backend, r client.Resource) []string {
	t.Helper()
	c, err := client.New(client.Config{URL: "http://fake", Transport: &fakebackend.Transport{Handler: b}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	items, err := client.ListAll[json.RawMessage](ctx, c, r, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(items))
	for i, raw := range items {
		var item struct {
			Metadata struct{ Name string }
			Username string
			Name     string
		}
		if err := json.Unmarshal(raw, &item); err != nil {
			t.Fatal(err)
		}
		names[i] = cmp.Or(item.Metadata.Name, item.Username, item.Name)
	}
	return names
}

// rowNames are the first cells of the table rows on screen: the lines
// under the column titles, up to the first blank line.
func rowNames(t *testing.T, screen string) []string {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) < 4 {
		t.Fatalf("no table on screen:\n%s", screen)
	}
	var names []string
	for _, line := range lines[3:] {
		fields := strings.Fields(strings.TrimPrefix(line, ">"))
		if len(fields) == 0 {
			break
		}
		names = append(names, fields[0])
	}
	return names
}

// resourceOf is the collection a registry view lists, by its name.
var resourceOf = map[string]client.Resource{
	"handlers": client.Handlers, "filters": client.Filters, "mutators": client.Mutators, "assets": client.Assets,
	"hooks": client.Hooks, "users": client.Users, "roles": client.Roles, "rolebindings": client.RoleBindings,
	"clusterroles": client.ClusterRoles, "clusterrolebindings": client.ClusterRoleBindings, "namespaces": client.Namespaces,
}

// TestAdminViewsShowWhatTheAPILists opens every view without a number key
// by its :command, and checks that its rows are exactly the names the
// API lists, in its order; enter opens the first row's details and y its
// raw resource.
func TestAdminViewsShowWhatTheAPILists(t *testing.T) {
	term, backend, _ := dashboard(t)
	for _, e := range views.Registry() {
		if e.Number > 0 {
			continue
		}
		r, ok := resourceOf[e.Name]
		if !ok {
			t.Fatalf("no collection known for view %s", e.Name)
		}
		want := listedNames(t, backend, r)
		term.Keys(":")
		term.Type(e.Name)
		term.Keys("Enter")
		screen := term.WaitFor("["+e.Name+"]", fmt.Sprintf("1/%d · ", len(want)), "updated")
		if got := rowNames(t, screen); !slices.Equal(got, want) {
			t.Errorf(":%s shows %v, the API lists %v:\n%s", e.Name, got, want, screen)
		}
		term.Keys("Enter")
		page := strings.Split(term.WaitFor("esc/q back"), "\n")
		if title := strings.TrimSpace(page[2]); title != want[0] && title != "default/"+want[0] {
			t.Errorf("enter on :%s opened %q, not the details of %s", e.Name, title, want[0])
		}
		term.Keys("Escape", "y")
		term.WaitFor("(raw) · JSON", `"`+want[0]+`"`)
		term.Keys("Escape")
		term.WaitFor(fmt.Sprintf("1/%d · ", len(want)))
	}
}

// TestViewerIsToldWhyUsersAreHidden logs in as the seeded viewer, who may
// read handlers in default but not users, which are cluster-wide.
func TestViewerIsToldWhyUsersAreHidden(t *testing.T) {
	requireTmux(t)
	srv := httptest.NewServer(fakebackend.New(fakebackend.Options{}))
	t.Cleanup(srv.Close)
	env := append(baseEnv(t), "SENSU_API_URL="+srv.URL, "SENSU_USERNAME="+fakebackend.ViewerUser,
		"SENSU_PASSWORD="+fakebackend.ViewerPassword)
	term := newTerminal(t, 100, 30, env, "--view", "handlers")
	term.WaitFor("[handlers]", "pagerduty", "updated")
	term.Keys(":")
	term.Type("users")
	term.Keys("Enter")
	screen := term.WaitFor("[users]", "Could not load users: permission denied")
	// The message wraps; a line may break after the hyphen of cluster-wide.
	text := strings.Join(strings.Fields(screen), " ")
	for _, want := range []string{"your user may not list users anywhere: they are cluster-",
		"so only a cluster role binding can allow it; ask a cluster admin"} {
		if !strings.Contains(text, want) {
			t.Errorf("the viewer is not told %q:\n%s", want, screen)
		}
	}
}
