package client_test

import (
	"context"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// pagedServer answers list requests from a script: page n (0-based) gets
// items[n] and, when cont[n] is not empty, that Sensu-Continue token.
type pagedServer struct {
	items    []string
	cont     []string
	requests []string
	calls    atomic.Int32
}

func (p *pagedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(p.calls.Add(1)) - 1
	p.requests = append(p.requests, r.URL.RawQuery)
	if n >= len(p.items) {
		n = len(p.items) - 1
	}
	if p.cont[n] != "" {
		w.Header().Set("Sensu-Continue", p.cont[n])
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, p.items[n])
}

func walkCount(t *testing.T, h http.Handler, opts client.ListOptions) (int, error) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	c, err := client.New(client.Config{URL: srv.URL, APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = client.Walk(context.Background(), c, client.Checks, opts, func(page []client.Check) error {
		n += len(page)
		return nil
	})
	return n, err
}

func TestWalkSurvivesPagingTraps(t *testing.T) {
	two := `[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]`
	tests := map[string]struct {
		server    *pagedServer
		wantItems int
		wantCalls int
	}{
		"stops without a continue header": {
			server:    &pagedServer{items: []string{two}, cont: []string{""}},
			wantItems: 2, wantCalls: 1,
		},
		"follows tokens to the last page": {
			server:    &pagedServer{items: []string{two, two, two}, cont: []string{"t1", "t2", ""}},
			wantItems: 6, wantCalls: 3,
		},
		"stops on an empty page that still has a token (limit=-1 trap)": {
			server:    &pagedServer{items: []string{two, `[]`}, cont: []string{"t1", "t1"}},
			wantItems: 2, wantCalls: 2,
		},
		"stops on a token it has seen before": {
			server:    &pagedServer{items: []string{two, two, two, two}, cont: []string{"t1", "t2", "t1", "t2"}},
			wantItems: 6, wantCalls: 3,
		},
		"stops when the server repeats the same token forever": {
			server:    &pagedServer{items: []string{two}, cont: []string{"same"}},
			wantItems: 4, wantCalls: 2,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			n, err := walkCount(t, tc.server, client.ListOptions{FirstPageSize: 2, PageSize: 2})
			if err != nil {
				t.Fatal(err)
			}
			if n != tc.wantItems || int(tc.server.calls.Load()) != tc.wantCalls {
				t.Fatalf("%d items in %d calls, want %d in %d", n, tc.server.calls.Load(), tc.wantItems, tc.wantCalls)
			}
		})
	}
}

func TestWalkNeverSendsANegativeLimit(t *testing.T) {
	for _, size := range []int{-1, 0, -500} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			s := &pagedServer{items: []string{`[{}]`, `[{}]`}, cont: []string{"t1", ""}}
			if _, err := walkCount(t, s, client.ListOptions{FirstPageSize: size, PageSize: size}); err != nil {
				t.Fatal(err)
			}
			for _, q := range s.requests {
				limit := queryValue(q, "limit")
				if n, err := strconv.Atoi(limit); err != nil || n <= 0 {
					t.Fatalf("sent limit %q in %q", limit, q)
				}
			}
		})
	}
}

func TestWalkSendsSmallFirstPageThenBigOnes(t *testing.T) {
	s := &pagedServer{items: []string{`[{}]`, `[{}]`, `[{}]`}, cont: []string{"t1", "t2", ""}}
	if _, err := walkCount(t, s, client.ListOptions{FirstPageSize: 50, PageSize: 700, LabelSelector: "team==dev"}); err != nil {
		t.Fatal(err)
	}
	want := []string{"50", "700", "700"}
	for i, q := range s.requests {
		if queryValue(q, "limit") != want[i] || queryValue(q, "labelSelector") != "team==dev" {
			t.Fatalf("request %d: %q", i, q)
		}
	}
	if queryValue(s.requests[1], "continue") != "t1" || queryValue(s.requests[2], "continue") != "t2" {
		t.Fatalf("continue tokens not passed on: %v", s.requests)
	}
}

func queryValue(rawQuery, name string) string {
	for part := range strings.SplitSeq(rawQuery, "&") {
		if k, v, ok := strings.Cut(part, "="); ok && k == name {
			v = strings.ReplaceAll(v, "%3D", "=")
			return v
		}
	}
	return ""
}

func TestWalkStopsWhenCancelledMidway(t *testing.T) {
	c, _ := loggedIn(t, fakebackend.Options{Events: 5000})
	ctx, cancel := context.WithCancel(context.Background())
	pages := 0
	err := client.Walk(ctx, c, client.Events, client.ListOptions{FirstPageSize: 100, PageSize: 100}, func(page []client.Event) error {
		pages++
		if pages == 3 {
			cancel()
		}
		return nil
	})
	if client.KindOf(err) != client.KindCanceled || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want a canceled error", err)
	}
	if pages != 3 {
		t.Fatalf("%d pages delivered after cancelling on the 3rd", pages)
	}
}

func TestWalkOverTenThousandEvents(t *testing.T) {
	c, _ := loggedIn(t, fakebackend.Options{Events: 10000})
	seen := map[string]bool{}
	pages := 0
	err := client.Walk(context.Background(), c, client.Events, client.ListOptions{}, func(page []client.Event) error {
		pages++
		for _, e := range page {
			seen[e.Key()] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// One first page of 100, then pages of 500.
	if len(seen) != 10000 || pages != 1+(10000-100+client.DefaultPageSize-1)/client.DefaultPageSize {
		t.Fatalf("%d distinct events in %d pages", len(seen), pages)
	}
}

func TestErrorShapes(t *testing.T) {
	tests := map[string]struct {
		status   int
		body     string
		wantKind client.Kind
		wantCode int
		wantMsg  string
	}{
		"message then code": {404, `{"message":"not found","code":2}`, client.KindNotFound, 2, "not found"},
		"code then message": {404, "{\"code\":2,\"message\":\"not found\"}\n", client.KindNotFound, 2, "not found"},
		"capitalised":       {401, `{"Code":5,"Message":"invalid credentials"}`, client.KindUnauthorized, 5, "invalid credentials"},
		"plain text":        {400, "user does not exist\n", client.KindBadRequest, -1, "user does not exist"},
		"conflict":          {409, `{"message":"resource already exists","code":3}`, client.KindConflict, 3, "resource already exists"},
		"forbidden":         {403, `{"Code":4,"Message":"unauthorized to perform action"}`, client.KindForbidden, 4, "unauthorized to perform action"},
		"server error":      {500, `{"message":"EOF","code":0}`, client.KindServer, 0, "EOF"},
		"empty body":        {502, ``, client.KindServer, -1, "Bad Gateway"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			}))
			defer srv.Close()
			c, _ := client.New(client.Config{URL: srv.URL, APIKey: "k"})
			_, err := c.GetAPIKey(context.Background(), "x")
			var e *client.Error
			if !errors.As(err, &e) {
				t.Fatalf("got %T %v", err, err)
			}
			if e.Kind != tc.wantKind || e.Status != tc.status || e.Code != tc.wantCode || e.Message != tc.wantMsg {
				t.Fatalf("got kind %v status %d code %d message %q", e.Kind, e.Status, e.Code, e.Message)
			}
		})
	}
}

func TestHostileServers(t *testing.T) {
	tests := map[string]struct {
		handler  http.HandlerFunc
		cfg      client.Config
		wantKind client.Kind
	}{
		"malformed JSON": {
			handler:  func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `[{"metadata":`) },
			wantKind: client.KindMalformed,
		},
		"endless body": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				chunk := []byte(strings.Repeat("[", 4096))
				for r.Context().Err() == nil {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			},
			cfg:      client.Config{MaxBodyBytes: 1 << 20},
			wantKind: client.KindMalformed,
		},
		"dropped connection": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
			},
			wantKind: client.KindUnreachable,
		},
		"too slow": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			},
			cfg:      client.Config{Timeout: 200 * time.Millisecond},
			wantKind: client.KindTimeout,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			cfg := tc.cfg
			cfg.URL, cfg.APIKey = srv.URL, "k"
			c, err := client.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = client.ListAll[client.Event](context.Background(), c, client.Events, client.ListOptions{})
			if client.KindOf(err) != tc.wantKind {
				t.Fatalf("got %v (kind %v), want kind %v", err, client.KindOf(err), tc.wantKind)
			}
		})
	}
}

func TestPrivateCA(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"sensu_backend":"6.9.2"}`)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the rejected handshake is expected
	srv.StartTLS()
	defer srv.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		cfg      client.Config
		wantKind client.Kind
	}{
		"trusted CA file":     {client.Config{TrustedCAFile: caFile}, client.KindUnknown},
		"system roots only":   {client.Config{}, client.KindTLS},
		"verification is off": {client.Config{InsecureSkipTLSVerify: true}, client.KindUnknown},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.URL = srv.URL
			c, err := client.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Version(context.Background())
			if client.KindOf(err) != tc.wantKind {
				t.Fatalf("got %v (kind %v), want kind %v", err, client.KindOf(err), tc.wantKind)
			}
			if c.Insecure() != cfg.InsecureSkipTLSVerify {
				t.Fatal("Insecure() does not report the setting")
			}
		})
	}
}

func TestSecretsStayOutOfErrorsAndLogs(t *testing.T) {
	var logged strings.Builder
	b, url := newFake(t, fakebackend.Options{})
	c, err := client.New(client.Config{URL: url, Log: log.New(&logged, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Login(ctx, fakebackend.AdminUser, "not-the-password"); err == nil {
		t.Fatal("wrong password accepted")
	}
	if err := c.Login(ctx, fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	key, err := c.GrantAPIKey(ctx, fakebackend.AdminUser)
	if err != nil {
		t.Fatal(err)
	}
	keyed, _ := client.New(client.Config{URL: url, APIKey: key, Log: log.New(&logged, "", 0)})
	if _, err := client.ListAll[client.Event](ctx, keyed, client.Events, client.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := c.RevokeAPIKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	_, getErr := c.GetAPIKey(ctx, key)
	revokeErr := c.RevokeAPIKey(ctx, key)
	b.ExpireAccessTokens()
	if _, err := client.ListAll[client.Check](ctx, c, client.Checks, client.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	tokens := c.CurrentTokens()
	secrets := map[string]string{"password": fakebackend.AdminPassword, "wrong password": "not-the-password",
		"API key": key, "access token": tokens.Access, "refresh token": tokens.Refresh}
	texts := map[string]string{"log": logged.String(), "get error": getErr.Error(), "revoke error": revokeErr.Error()}
	if !strings.Contains(logged.String(), "GET /api/core/v2/namespaces/default/events") || !strings.Contains(texts["get error"], key[len(key)-4:]) {
		t.Fatalf("the log or the errors lost what they are for:\n%s\n%s", logged.String(), texts["get error"])
	}
	for where, text := range texts {
		for what, secret := range secrets {
			if secret != "" && strings.Contains(text, secret) {
				t.Errorf("the %s contains the %s:\n%s", where, what, text)
			}
		}
	}
}
