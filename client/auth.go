package client

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Login exchanges a username and password for tokens (GET /auth with Basic
// auth). The password is used for this one request and never kept.
func (c *Client) Login(ctx context.Context, username, password string) error {
	r := c.http.R().SetContext(ctx).SetDoNotParseResponse(true).SetBasicAuth(username, password)
	res, err := r.Execute(http.MethodGet, c.base+"/auth")
	if err != nil {
		return transportError(http.MethodGet, "/auth", err)
	}
	raw := res.RawBody()
	defer raw.Close()
	resp, err := c.readCapped(http.MethodGet, "/auth", res.StatusCode(), res.Header(), raw, nil)
	if err != nil {
		return err
	}
	if resp.status == http.StatusNotFound {
		return notSensu("/auth", "no /auth endpoint")
	}
	if resp.status >= 400 {
		e := parseAPIError(http.MethodGet, "/auth", resp.status, resp.body)
		if e.Kind == KindUnauthorized {
			e.Message = "wrong username or password"
		}
		return e
	}
	tokens, err := parseTokens("/auth", resp.body)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.tokens, c.issued, c.apiKey, c.expired = tokens, c.now(), "", false
	c.mu.Unlock()
	c.announce(tokens)
	return nil
}

// UseAPIKey switches the client to API-key authentication.
func (c *Client) UseAPIKey(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.apiKey, c.tokens, c.expired = key, Tokens{}, false
}

// VerifyAPI checks that the URL serves a Sensu API and that the current
// credentials are accepted, so a login form can say which of the two is wrong.
func (c *Client) VerifyAPI(ctx context.Context) error {
	if _, err := c.Version(ctx); err != nil {
		return err
	}
	var namespaces []Namespace
	_, err := c.getJSON(ctx, "/api/core/v2/namespaces", nil, &namespaces)
	return err
}

func parseTokens(path string, body []byte) (Tokens, error) {
	var t Tokens
	if err := json.Unmarshal(body, &t); err != nil || t.Access == "" || t.Refresh == "" {
		return Tokens{}, notSensu(path, "the answer to "+path+" holds no tokens")
	}
	return t, nil
}

func notSensu(path, why string) *Error {
	return &Error{Kind: KindMalformed, Method: http.MethodGet, Path: path,
		Message: "not a Sensu API: " + why}
}

// refreshIfDue refreshes ahead of expiry so a request rarely meets a 401.
func (c *Client) refreshIfDue(ctx context.Context) error {
	c.mu.Lock()
	t, issued, expired := c.tokens, c.issued, c.expired
	c.mu.Unlock()
	if expired {
		return sessionExpired(nil)
	}
	if t.Access == "" || t.ExpiresAt == 0 {
		return nil
	}
	expiry := time.Unix(t.ExpiresAt, 0)
	if c.now().Add(refreshMargin(expiry.Sub(issued))).Before(expiry) {
		return nil
	}
	return c.refresh(ctx, t.Access)
}

// refreshMargin is how long before expiry a token with this lifetime is
// refreshed: a third of the lifetime, at most maxRefreshMargin. A fixed
// margin as long as the lifetime would refresh before every request.
func refreshMargin(lifetime time.Duration) time.Duration {
	return min(max(lifetime, 0)/3, maxRefreshMargin)
}

// refresh replaces the access token that failed (stale). Only one refresh
// runs at a time; a caller that waited finds the token already replaced and
// returns at once. A refresh the server refuses ends the session for good,
// so nothing retries in a loop.
func (c *Client) refresh(ctx context.Context, stale string) error {
	select {
	case c.refreshSlot <- struct{}{}:
	case <-ctx.Done():
		return transportError(http.MethodPost, "/auth/token", ctx.Err())
	}
	defer func() { <-c.refreshSlot }()

	c.mu.Lock()
	current, expired := c.tokens, c.expired
	c.mu.Unlock()
	switch {
	case expired:
		return sessionExpired(nil)
	case current.Access != stale:
		return nil // someone else refreshed while we waited
	case current.Refresh == "":
		return c.expire(nil)
	}

	r := c.http.R().SetContext(ctx).SetDoNotParseResponse(true).
		SetHeader("Authorization", "Bearer "+current.Access).
		SetHeader("Content-Type", "application/json").
		SetBody(map[string]string{"refresh_token": current.Refresh})
	res, err := r.Execute(http.MethodPost, c.base+"/auth/token")
	if err != nil {
		// A network failure is not a verdict on the session: the next request may try again.
		return transportError(http.MethodPost, "/auth/token", err)
	}
	raw := res.RawBody()
	defer raw.Close()
	resp, err := c.readCapped(http.MethodPost, "/auth/token", res.StatusCode(), res.Header(), raw, nil)
	if err != nil {
		return err
	}
	if resp.status >= 500 {
		return parseAPIError(http.MethodPost, "/auth/token", resp.status, resp.body)
	}
	if resp.status >= 400 {
		return c.expire(parseAPIError(http.MethodPost, "/auth/token", resp.status, resp.body))
	}
	fresh, err := parseTokens("/auth/token", resp.body)
	if err != nil {
		return c.expire(err)
	}
	c.mu.Lock()
	c.tokens, c.issued = fresh, c.now()
	c.mu.Unlock()
	c.announce(fresh)
	return nil
}

func (c *Client) expire(cause error) error {
	c.mu.Lock()
	c.expired = true
	c.mu.Unlock()
	return sessionExpired(cause)
}

func (c *Client) announce(t Tokens) {
	if c.onTokens != nil {
		c.onTokens(t)
	}
}
