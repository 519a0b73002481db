package client

import (
	"bytes"
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

// Health reports whether /health answers; it needs no credentials.
func (c *Client) Health(ctx context.Context) error {
	_, err := c.do(ctx, request{method: http.MethodGet, path: "/health", noAuth: true})
	return err
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

// ResolveEvent does what sensuctl does: GET the event, set status 0, an
// output naming the tool and executed=timestamp=now, then PUT it back whole.
// The event travels as generic JSON so fields this client does not model survive.
func (c *Client) ResolveEvent(ctx context.Context, ns, entity, check string) error {
	p := c.EventPath(ns, entity, check)
	raw, err := c.GetRaw(ctx, p)
	if err != nil {
		return err
	}
	var event map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&event); err != nil {
		return decode(http.MethodGet, p, raw, &event)
	}
	checkObj, ok := event["check"].(map[string]any)
	if !ok {
		return &Error{Kind: KindMalformed, Method: http.MethodGet, Path: p, Message: "event has no check"}
	}
	now := c.now().Unix()
	checkObj["status"] = 0
	checkObj["output"] = "Resolved manually by " + ResolvedBy
	checkObj["executed"] = now
	event["timestamp"] = now
	_, err = c.do(ctx, request{method: http.MethodPut, path: p, body: event})
	return err
}

// DeleteEvent removes one event.
func (c *Client) DeleteEvent(ctx context.Context, ns, entity, check string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: c.EventPath(ns, entity, check)})
	return err
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
	_, err := c.do(ctx, request{method: http.MethodDelete, path: c.ItemPath(Silences, ns, name)})
	return err
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
	_, err := c.do(ctx, request{method: http.MethodDelete, path: apiKeysPath + "/" + url.PathEscape(key)})
	return err
}
