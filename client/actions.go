package client

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path"
)

// ResolvedBy is the tool name written into a manually resolved event's output.
const ResolvedBy = "sensu-tui"

const apiKeysPath = "/api/core/v2/apikeys"

// Health reads /health, which needs no credentials, and judges what it
// says. The status is 200 however the stores are, so only the body tells;
// an error means /health could not be read at all.
func (c *Client) Health(ctx context.Context) (HealthInfo, error) {
	const p = "/health"
	resp, err := c.do(ctx, request{method: http.MethodGet, path: p, noAuth: true})
	if err != nil {
		return HealthInfo{}, err
	}
	var h healthBody
	if err := decode(http.MethodGet, p, resp.body, &h); err != nil {
		return HealthInfo{}, err
	}
	return h.judge(), nil
}

// healthBody is /health's answer: etcd's members and alarms, and the
// PostgreSQL stores of a backend that has them. Keys match whatever their case.
type healthBody struct {
	Alarms []struct {
		MemberID uint64 `json:"memberID"`
		Alarm    int    `json:"alarm"`
	}
	ClusterHealth []struct {
		MemberIDHex string
		Name        string
		Err         string
		Healthy     bool
	}
	PostgresHealth []struct {
		Name    string
		Active  bool
		Healthy bool
	}
}

// etcdAlarms names etcd's alarm types.
var etcdAlarms = map[int]string{1: "NOSPACE", 2: "CORRUPT"}

func (h *healthBody) judge() HealthInfo {
	var problems []string
	if len(h.ClusterHealth) == 0 {
		problems = append(problems, "no etcd member reported its health")
	}
	for _, m := range h.ClusterHealth {
		if m.Healthy {
			continue
		}
		name, why := cmp.Or(m.Name, m.MemberIDHex), cmp.Or(m.Err, "unhealthy")
		problems = append(problems, fmt.Sprintf("etcd member %s: %s", name, why))
	}
	for _, a := range h.Alarms {
		alarm := cmp.Or(etcdAlarms[a.Alarm], fmt.Sprintf("type %d", a.Alarm))
		problems = append(problems, fmt.Sprintf("etcd alarm %s on member %x", alarm, a.MemberID))
	}
	for _, p := range h.PostgresHealth {
		if p.Active && !p.Healthy {
			problems = append(problems, fmt.Sprintf("PostgreSQL store %s: unhealthy", p.Name))
		}
	}
	return HealthInfo{Healthy: len(problems) == 0, Problems: problems}
}

// Version reads /version and fails with a "not a Sensu API" error when the
// answer is not Sensu's, which is how a login tells a wrong URL apart.
func (c *Client) Version(ctx context.Context) (VersionInfo, error) {
	resp, err := c.do(ctx, request{method: http.MethodGet, path: "/version", noAuth: true})
	if err != nil {
		if KindOf(err) == KindNotFound || KindOf(err) == KindBadRequest || KindOf(err) == KindUnauthorized {
			return VersionInfo{}, notSensu("/version", "no Sensu version endpoint")
		}
		return VersionInfo{}, err
	}
	var v VersionInfo
	if json.Unmarshal(resp.body, &v) != nil || v.Backend == "" {
		return VersionInfo{}, notSensu("/version", "/version does not name a Sensu backend")
	}
	return v, nil
}

// GetRaw fetches one resource's JSON exactly as the server sent it.
func (c *Client) GetRaw(ctx context.Context, p string) ([]byte, error) {
	resp, err := c.do(ctx, request{method: http.MethodGet, path: p})
	if err != nil {
		return nil, err
	}
	return resp.body, nil
}

// EventPath is the URL path of one event.
func (c *Client) EventPath(ns, entity, check string) string {
	return c.namespacePath(ns) + "/events/" + url.PathEscape(entity) + "/" + url.PathEscape(check)
}

// GetEvent fetches one event.
func (c *Client) GetEvent(ctx context.Context, ns, entity, check string) (Event, error) {
	var e Event
	_, err := c.getJSON(ctx, c.EventPath(ns, entity, check), nil, &e)
	return e, err
}

// editJSON GETs the resource at p as generic JSON, lets edit change it and
// PUTs all of it back: Sensu's PUT replaces a whole resource, and generic
// JSON keeps the fields this client does not model.
func (c *Client) editJSON(ctx context.Context, p string, edit func(obj map[string]any) error) error {
	if err := c.refuseIfReadOnly(request{method: http.MethodPut, path: p}); err != nil {
		return err
	}
	raw, err := c.GetRaw(ctx, p)
	if err != nil {
		return err
	}
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return decode(http.MethodGet, p, raw, &obj)
	}
	if obj == nil {
		return &Error{Kind: KindMalformed, Method: http.MethodGet, Path: p, Message: "not a JSON object"}
	}
	if err := edit(obj); err != nil {
		return err
	}
	_, err = c.do(ctx, request{method: http.MethodPut, path: p, body: obj})
	return err
}

// ResolveEvent does what sensuctl does: GET the event, set status 0, an
// output naming the tool and executed=timestamp=now, then PUT it back whole.
func (c *Client) ResolveEvent(ctx context.Context, ns, entity, check string) error {
	p := c.EventPath(ns, entity, check)
	return c.editJSON(ctx, p, func(event map[string]any) error {
		checkObj, ok := event["check"].(map[string]any)
		if !ok {
			return &Error{Kind: KindMalformed, Method: http.MethodGet, Path: p, Message: "event has no check"}
		}
		now := c.now().Unix()
		checkObj["status"] = 0
		checkObj["output"] = "Resolved manually by " + ResolvedBy
		checkObj["executed"] = now
		event["timestamp"] = now
		return nil
	})
}

// deleteAt answers a DELETE of p.
func (c *Client) deleteAt(ctx context.Context, p string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: p})
	return err
}

// DeleteEvent removes one event.
func (c *Client) DeleteEvent(ctx context.Context, ns, entity, check string) error {
	return c.deleteAt(ctx, c.EventPath(ns, entity, check))
}

// SetCheckPublish switches whether a check is scheduled. Sensu has no call
// for that alone: the check is read, only publish changed, and all of it
// PUT back.
func (c *Client) SetCheckPublish(ctx context.Context, ns, name string, publish bool) error {
	return c.editJSON(ctx, c.ItemPath(Checks, ns, name), func(check map[string]any) error {
		check["publish"] = publish
		return nil
	})
}

// DeleteCheck removes a check definition; its events stay.
func (c *Client) DeleteCheck(ctx context.Context, ns, name string) error {
	return c.deleteAt(ctx, c.ItemPath(Checks, ns, name))
}

// DeleteEntity removes an entity, and Sensu removes its events with it. An
// agent that is still running registers it again.
func (c *Client) DeleteEntity(ctx context.Context, ns, name string) error {
	return c.deleteAt(ctx, c.ItemPath(Entities, ns, name))
}

// ExecuteRequest asks the scheduler to run a check now.
type ExecuteRequest struct {
	Check         string   `json:"check"`
	Subscriptions []string `json:"subscriptions,omitempty"`
	Reason        string   `json:"reason,omitempty"`
}

// ExecuteCheck runs a check ad hoc, optionally only on some subscriptions.
// It always sends a JSON body: without one Sensu answers 500.
func (c *Client) ExecuteCheck(ctx context.Context, ns string, req ExecuteRequest) error {
	p := c.namespacePath(ns) + "/checks/" + url.PathEscape(req.Check) + "/execute"
	_, err := c.do(ctx, request{method: http.MethodPost, path: p, body: req})
	return err
}

// SilenceRequest describes a new silence. At least one of Subscription and Check is needed.
type SilenceRequest struct {
	Namespace       string
	Subscription    string
	Check           string
	Reason          string
	Creator         string
	ExpireSeconds   int64 // 0 or less: no expiry
	ExpireOnResolve bool
}

// SilenceName is the name Sensu gives a silence: subscription:check, "*" for a missing part.
func SilenceName(subscription, check string) string {
	if subscription == "" {
		subscription = "*"
	}
	if check == "" {
		check = "*"
	}
	return subscription + ":" + check
}

// CreateSilence creates a silence; a duplicate gives a KindConflict error.
func (c *Client) CreateSilence(ctx context.Context, req SilenceRequest) error {
	if req.Subscription == "" && req.Check == "" {
		return &Error{Kind: KindBadRequest, Message: "a silence needs a subscription or a check"}
	}
	ns := req.Namespace
	if ns == "" {
		ns = c.Namespace()
	}
	body := Silence{
		Metadata:        ObjectMeta{Name: SilenceName(req.Subscription, req.Check), Namespace: ns},
		Subscription:    req.Subscription,
		Check:           req.Check,
		Reason:          req.Reason,
		Creator:         req.Creator,
		Expire:          req.ExpireSeconds,
		ExpireOnResolve: req.ExpireOnResolve,
	}
	if body.Expire <= 0 {
		body.Expire = -1
	}
	_, err := c.do(ctx, request{method: http.MethodPost, path: c.namespacePath(ns) + "/silenced", body: body})
	return err
}

// DeleteSilence removes a silence by name; "*" is escaped as Sensu expects.
func (c *Client) DeleteSilence(ctx context.Context, ns, name string) error {
	return c.deleteAt(ctx, c.ItemPath(Silences, ns, name))
}

// GrantAPIKey creates a key for username and returns the key, which Sensu
// sends only in the Location header.
func (c *Client) GrantAPIKey(ctx context.Context, username string) (string, error) {
	resp, err := c.do(ctx, request{method: http.MethodPost, path: apiKeysPath, body: map[string]string{"username": username}})
	if err != nil {
		return "", err
	}
	loc := resp.header.Get("Location")
	key := path.Base(loc)
	if loc == "" || key == "." || key == "/" || key == "apikeys" {
		return "", &Error{Kind: KindMalformed, Method: http.MethodPost, Path: apiKeysPath,
			Message: fmt.Sprintf("no key in the Location header (%q)", loc)}
	}
	return key, nil
}

// GetAPIKey fetches one key's record.
func (c *Client) GetAPIKey(ctx context.Context, key string) (APIKey, error) {
	var k APIKey
	_, err := c.getJSON(ctx, apiKeysPath+"/"+url.PathEscape(key), nil, &k)
	return k, err
}

// RevokeAPIKey deletes a key; later requests with it get 401.
func (c *Client) RevokeAPIKey(ctx context.Context, key string) error {
	return c.deleteAt(ctx, apiKeysPath+"/"+url.PathEscape(key))
}
