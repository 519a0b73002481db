package fakebackend

import (
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"slices"
)

// The simple resources of the recorded backend (recordings 200-233), and a
// few more for the realistic data set.

// sensuctlMeta is the metadata of an object created with sensuctl by admin.
func sensuctlMeta(name, ns, team string) objectMeta {
	return objectMeta{Name: name, Namespace: ns, Labels: managedBy(team), CreatedBy: AdminUser}
}

func rule(verbs, resources []string) ruleJSON {
	return ruleJSON{Verbs: verbs, Resources: resources}
}

var (
	getList = []string{"get", "list"}
	anyVerb = []string{"*"}
	// configResources are what the built-in edit role may change.
	configResources = []string{"assets", "checks", "entities", "events", "filters", "handlers", "hooks", "mutators", "silenced"}
)

// viewRole is the built-in view cluster role. Every user here who is not a
// cluster admin reads its namespaces with it.
var viewRole = roleJSON{
	Rules:    []ruleJSON{rule(getList, append(slices.Clone(configResources), "namespaces"))},
	Metadata: objectMeta{Name: "view"},
}

// viewable reports whether the view role lets its holder read resource.
func viewable(resource string) bool {
	for _, r := range viewRole.Rules {
		if slices.Contains(r.Verbs, "get") && slices.Contains(r.Resources, resource) {
			return true
		}
	}
	return false
}

// builtinClusterRoles are the cluster roles every Sensu backend has.
var builtinClusterRoles = []*roleJSON{
	{
		Rules: []ruleJSON{
			rule(anyVerb, append(slices.Clone(configResources), "roles", "rolebindings")),
			rule(getList, []string{"namespaces"}),
		},
		Metadata: objectMeta{Name: "admin"},
	},
	{Rules: []ruleJSON{rule(anyVerb, anyVerb)}, Metadata: objectMeta{Name: "cluster-admin"}},
	{
		Rules:    []ruleJSON{rule(anyVerb, configResources), rule(getList, []string{"namespaces"})},
		Metadata: objectMeta{Name: "edit"},
	},
	{Rules: []ruleJSON{rule(anyVerb, []string{"events"})}, Metadata: objectMeta{Name: "system:agent"}},
	{Rules: []ruleJSON{rule([]string{"get", "update"}, []string{"localselfuser"})}, Metadata: objectMeta{Name: "system:user"}},
	&viewRole,
}

// builtinBinding binds a built-in role to a group, named as Sensu names it.
func builtinBinding(name, roleType, role, group string) *bindingJSON {
	return &bindingJSON{
		Subjects: []subjectJSON{{Type: "Group", Name: group}},
		RoleRef:  roleRefJSON{Type: roleType, Name: role},
		Metadata: objectMeta{Name: name},
	}
}

// clusterObjects seeds the cluster roles and bindings: the built-in ones
// and those the recordings made.
func (s *seeder) clusterObjects() {
	s.b.cluster = newObjects(clusterKinds)
	roles, bindings := s.b.cluster["clusterroles"], s.b.cluster["clusterrolebindings"]
	for _, r := range builtinClusterRoles {
		roles.put(r)
	}
	roles.put(&roleJSON{
		Rules:    []ruleJSON{rule(getList, []string{"handlers", "filters", "mutators"})},
		Metadata: sensuctlMeta("handler-reader", "", ""),
	})
	bindings.put(builtinBinding("cluster-admin", "ClusterRole", "cluster-admin", "cluster-admins"))
	bindings.put(builtinBinding("system:agent", "ClusterRole", "system:agent", "system:agents"))
	bindings.put(builtinBinding("system:user", "ClusterRole", "system:user", implicitGroup))
	bindings.put(&bindingJSON{
		Subjects: []subjectJSON{{Type: "Group", Name: "ops"}},
		RoleRef:  roleRefJSON{Type: "ClusterRole", Name: "handler-reader"},
		Metadata: sensuctlMeta("ops-handler-reader", "", ""),
	})
	bindings.put(&bindingJSON{
		Subjects: []subjectJSON{{Type: "User", Name: ViewerUser}},
		RoleRef:  roleRefJSON{Type: "ClusterRole", Name: "view"},
		Metadata: sensuctlMeta("viewer-view", "", ""),
	})
}

// namespaceObjects gives a new namespace what Sensu gives every namespace:
// the system:pipeline role and its binding.
func namespaceObjects(ns string) objects {
	o := newObjects(namespacedKinds)
	o["roles"].put(&roleJSON{
		Rules:    []ruleJSON{rule(getList, []string{"events"})},
		Metadata: objectMeta{Name: "system:pipeline", Namespace: ns},
	})
	binding := builtinBinding("system:pipeline", "Role", "system:pipeline", "system:pipeline")
	binding.Metadata.Namespace = ns
	o["rolebindings"].put(binding)
	return o
}

func ref(name, kind string) *refJSON {
	return &refJSON{Name: name, Type: kind, APIVersion: "core/v2"}
}

// recordedObjects seeds the pipeline configuration and roles recordings
// 200-227 list in default.
func (s *seeder) recordedObjects(ns *namespace) {
	o, name := ns.objects, ns.name
	o["handlers"].put(&handlerJSON{Metadata: sensuctlMeta("notify-all", name, ""), Type: "set", Handlers: []string{"pipe-logger"}})
	o["handlers"].put(&handlerJSON{
		Metadata: sensuctlMeta("pipe-logger", name, "ops"), Type: "pipe",
		Command: "cat > /dev/null", Timeout: 10, Filters: []string{"is_incident"},
	})
	o["filters"].put(&filterJSON{Metadata: sensuctlMeta("filter-incidents-only", name, ""), Action: "allow", Expressions: []string{"event.check.status != 0"}})
	o["filters"].put(&filterJSON{Metadata: sensuctlMeta("filter-repeats", name, ""), Action: "deny", Expressions: []string{"event.check.occurrences > 3"}})
	o["mutators"].put(&mutatorJSON{Metadata: sensuctlMeta("mutator-output-only", name, ""), Command: "jq -c .check.output", Timeout: 5})
	o["assets"].put(&assetJSON{
		URL:      "https://assets.example.invalid/check-plugins_1.0.0_linux_amd64.tar.gz",
		Sha512:   "4f926bf4328fbad2b9cac873d117f771914f4b837c9c85584c38ccf55a3ef3c2e8d154812246e5dda4a87450576b2c58ad9ab40c9e2edc31b288d066b195b21b",
		Filters:  []string{"entity.system.os == 'linux'"},
		Metadata: sensuctlMeta("check-plugins", name, ""),
	})
	o["hooks"].put(&hookJSON{Metadata: sensuctlMeta("hook-ps-aux", name, ""), Command: "ps aux", Timeout: 10})
	o["pipelines"].put(&pipelineJSON{
		Metadata: sensuctlMeta("pipeline-incidents", name, ""),
		Workflows: []workflowJSON{{
			Name:    "incidents-to-logger",
			Filters: []refJSON{*ref("filter-incidents-only", "EventFilter")},
			Mutator: ref("mutator-output-only", "Mutator"),
			Handler: ref("pipe-logger", "Handler"),
		}},
	})
	o["roles"].put(&roleJSON{
		Rules: []ruleJSON{
			rule([]string{"get", "list", "update"}, []string{"events"}),
			rule(getList, []string{"checks", "entities"}),
		},
		Metadata: sensuctlMeta("event-resolver", name, ""),
	})
	o["rolebindings"].put(&bindingJSON{
		Subjects: []subjectJSON{{Type: "Group", Name: "ops"}},
		RoleRef:  roleRefJSON{Type: "Role", Name: "event-resolver"},
		Metadata: sensuctlMeta("ops-event-resolver", name, ""),
	})
}

// assetBuild is one platform's build of a plugin, with a made-up but
// well-formed checksum.
func assetBuild(url, arch string) assetBuildJSON {
	sum := sha512.Sum512([]byte(url))
	return assetBuildJSON{
		URL:     url,
		Sha512:  hex.EncodeToString(sum[:]),
		Filters: []string{"entity.system.os == 'linux'", "entity.system.arch == '" + arch + "'"},
	}
}

// realisticObjects adds notification handlers, a multi-build asset, a
// hook and a pipeline that routes to them; default also gets a tcp handler
// and a javascript mutator.
func (s *seeder) realisticObjects(def, prod *namespace) {
	for _, ns := range []*namespace{def, prod} {
		o, name := ns.objects, ns.name
		o["handlers"].put(&handlerJSON{
			Metadata: sensuctlMeta("slack", name, "ops"), Type: "pipe", Mutator: "add-runbook",
			Command: "sensu-slack-handler --channel '#alerts'", Timeout: 30,
			Filters: []string{"is_incident", "not_silenced"}, RuntimeAssets: []string{"sensu-slack-handler"},
			Secrets: json.RawMessage(`[{"name":"SLACK_WEBHOOK_URL","secret":"slack-webhook"}]`),
		})
		o["handlers"].put(&handlerJSON{
			Metadata: sensuctlMeta("pagerduty", name, "ops"), Type: "pipe",
			Command: "sensu-pagerduty-handler --dedup-key '{{ .Entity.Name }}-{{ .Check.Name }}'", Timeout: 10,
			Filters: []string{"is_incident", "business-hours"}, EnvVars: []string{"PAGERDUTY_TOKEN=e93facc04764012d7bfb002500d5d1a6"},
		})
		o["handlers"].put(&handlerJSON{Metadata: sensuctlMeta("ops-alerts", name, "ops"), Type: "set", Handlers: []string{"slack", "pagerduty"}})
		o["filters"].put(&filterJSON{
			Metadata: sensuctlMeta("business-hours", name, "ops"), Action: "allow",
			Expressions: []string{"hour(event.timestamp) >= 9", "hour(event.timestamp) < 17", "weekday(event.timestamp) < 5"},
		})
		o["mutators"].put(&mutatorJSON{Metadata: sensuctlMeta("add-runbook", name, "ops"), Command: "add-runbook-url --base https://wiki.example.com/runbooks", Timeout: 5})
		if name == def.name {
			o["handlers"].put(&handlerJSON{
				Metadata: sensuctlMeta("graphite", name, "ops"), Type: "tcp", Timeout: 5,
				Socket: &socketJSON{Host: "graphite.example.invalid", Port: 2003}, Mutator: "only-check-output",
			})
			o["mutators"].put(&mutatorJSON{
				Metadata: sensuctlMeta("only-check-output", name, "ops"), Type: "javascript", Timeout: 2,
				Eval: "return JSON.stringify({entity: event.entity.metadata.name, output: event.check.output})",
			})
		}
		const release = "https://assets.example.invalid/sensu-slack-handler_1.5.0_linux_"
		o["assets"].put(&assetJSON{
			Builds:   []assetBuildJSON{assetBuild(release+"amd64.tar.gz", "amd64"), assetBuild(release+"arm64.tar.gz", "arm64")},
			Metadata: sensuctlMeta("sensu-slack-handler", name, "ops"),
		})
		o["hooks"].put(&hookJSON{Metadata: sensuctlMeta("nginx-status", name, "web"), Command: "systemctl status nginx --no-pager", Timeout: 10})
		o["pipelines"].put(&pipelineJSON{
			Metadata: sensuctlMeta("page-on-call", name, "ops"),
			Workflows: []workflowJSON{
				{Name: "chat", Filters: []refJSON{*ref("is_incident", "EventFilter")}, Mutator: ref("add-runbook", "Mutator"), Handler: ref("slack", "Handler")},
				{Name: "page", Filters: []refJSON{*ref("is_incident", "EventFilter"), *ref("business-hours", "EventFilter")}, Handler: ref("pagerduty", "Handler")},
			},
		})
	}
}
