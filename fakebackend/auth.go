package fakebackend

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Credentials of the seeded users. The admin password is the one in the
// recordings; the viewer's name is from them too (its password is not).
const (
	AdminUser      = "admin"
	AdminPassword  = "P@ssw0rd!"
	ViewerUser     = "viewer"
	ViewerPassword = "viewer-pass"
)

// user is an account and what it may do: cluster admins may do anything,
// others may only read the namespaces listed.
type user struct {
	name, password string
	groups         []string
	disabled       bool
	admin          bool
	readable       []string
}

// baseUsers are the accounts of every backend. Every user is also in the
// group system:users, which its tokens name but the user list does not.
var baseUsers = []user{
	{name: AdminUser, password: AdminPassword, groups: []string{"cluster-admins"}, admin: true},
	{name: ViewerUser, password: ViewerPassword, readable: []string{"default"}},
}

// recordedUsers join them on a backend seeded as recorded, which lists the
// users the recordings list.
var recordedUsers = []user{
	{name: "agent", password: "agent-pass", groups: []string{"system:agents"}},
	{name: "operator1", password: "operator1-pass", groups: []string{"ops"}, readable: []string{"default"}},
}

// realisticUsers join them otherwise: another admin, a user of two
// namespaces and a disabled one.
var realisticUsers = []user{
	{name: "alice", password: "alice-pass", groups: []string{"ops"}, admin: true},
	{name: "bob", password: "bob-pass", groups: []string{"dev"}, readable: []string{"default", "dev"}},
	{name: "carol", password: "carol-pass", disabled: true, readable: []string{"default"}},
}

// implicitGroup is the group every user is in.
const implicitGroup = "system:users"

// principal is who a request acts as: a cluster admin, or a user who reads
// the namespaces listed with the built-in view cluster role.
type principal struct {
	user     string
	admin    bool
	readable []string
}

func (p principal) canRead(ns, resource string) bool {
	return p.admin || slices.Contains(p.readable, ns) && viewable(resource)
}

func (p principal) canWrite(string) bool { return p.admin }

func (u *user) principal() principal {
	return principal{user: u.name, admin: u.admin, readable: u.readable}
}

// session is what the backend remembers about a token it issued.
type session struct {
	user    string
	refresh bool
	expires time.Time // access tokens only
	revoked bool      // set by ExpireAccessTokens
}

func (s *session) expired(now time.Time) bool {
	return !s.refresh && (s.revoked || !now.Before(s.expires))
}

// checkPassword verifies Basic credentials of an enabled user.
func (b *Backend) checkPassword(name, password string) (*user, bool) {
	u, ok := b.users.get(name)
	if !ok || u.disabled || subtle.ConstantTimeCompare([]byte(u.password), []byte(password)) != 1 {
		return nil, false
	}
	return u, true
}

// serveAuth answers /auth, /auth/test, /auth/token and /auth/logout.
func (b *Backend) serveAuth(w http.ResponseWriter, r *http.Request) {
	scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	switch {
	case r.URL.Path == "/auth/logout":
		b.logout(w, cred)
	case scheme == "Bearer":
		// Any other /auth path with a Bearer takes the refresh path, so
		// /auth/test with a token answers 400 EOF like the real backend.
		b.refresh(w, r, cred)
	case r.URL.Path == "/auth":
		b.login(w, r)
	case r.URL.Path == "/auth/test":
		if _, ok := b.basicUser(r); !ok {
			writePlain(w, http.StatusUnauthorized, "Request unauthorized")
			return
		}
		writeEmpty(w, http.StatusOK, "")
	case r.URL.Path == "/auth/token":
		writePlain(w, http.StatusUnauthorized, "Request unauthorized")
	default:
		http.NotFound(w, r)
	}
}

func (b *Backend) basicUser(r *http.Request) (*user, bool) {
	name, password, ok := r.BasicAuth()
	if !ok {
		return nil, false
	}
	return b.checkPassword(name, password)
}

func (b *Backend) login(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := r.BasicAuth(); !ok {
		writePlain(w, http.StatusUnauthorized, "Request unauthorized")
		return
	}
	u, ok := b.basicUser(r)
	if !ok {
		writePlain(w, http.StatusUnauthorized, "Unauthorized")
		return
	}
	refresh, _ := b.issue(u, r.Host, true)
	b.answerTokens(w, u, r.Host, refresh)
}

// refresh swaps a refresh token for a new access token. The Bearer may be
// expired; the refresh token may also be any unexpired access token.
func (b *Backend) refresh(w http.ResponseWriter, r *http.Request, bearer string) {
	current, ok := b.session(bearer)
	if !ok {
		writePlain(w, http.StatusUnauthorized, "Request unauthorized")
		return
	}
	var body struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writePlain(w, http.StatusBadRequest, err.Error())
		return
	}
	given, ok := b.session(body.RefreshToken)
	if !ok || given.expired(b.now()) || given.user != current.user {
		writePlain(w, http.StatusUnauthorized, "Request unauthorized")
		return
	}
	u, ok := b.users.get(current.user)
	if !ok || u.disabled {
		writePlain(w, http.StatusUnauthorized, "Request unauthorized")
		return
	}
	b.authMu.Lock()
	b.refreshes++
	b.authMu.Unlock()
	b.answerTokens(w, u, r.Host, body.RefreshToken)
}

// logout answers 200 and, like the real backend, revokes nothing.
func (b *Backend) logout(w http.ResponseWriter, bearer string) {
	if _, ok := b.session(bearer); !ok {
		writePlain(w, http.StatusUnauthorized, "Request unauthorized")
		return
	}
	writeEmpty(w, http.StatusOK, "")
}

func (b *Backend) answerTokens(w http.ResponseWriter, u *user, host, refresh string) {
	access, s := b.issue(u, host, false)
	body, _ := json.Marshal(tokensJSON{AccessToken: access, ExpiresAt: s.expires.Unix(), RefreshToken: refresh})
	writeBody(w, http.StatusOK, contentJSON, append(body, '\n'))
}

// issue signs a new JWT for u and remembers it.
func (b *Backend) issue(u *user, host string, refresh bool) (string, session) {
	s := &session{user: u.name, refresh: refresh}
	claims := tokenClaims{JTI: randomHex(16), Subject: u.name}
	if refresh {
		claims.Provider = &provider{}
	} else {
		s.expires = b.now().Add(b.lifetime)
		claims.Expires = s.expires.Unix()
		claims.Issuer = "http://" + host
		claims.Groups = append(slices.Clone(u.groups), implicitGroup)
		claims.Provider = &provider{ID: "basic", UserID: u.name}
	}
	token := b.sign(claims)
	b.authMu.Lock()
	b.sessions[token] = s
	b.authMu.Unlock()
	return token, *s
}

// session returns a copy of what is known about token.
func (b *Backend) session(token string) (session, bool) {
	b.authMu.Lock()
	defer b.authMu.Unlock()
	s, ok := b.sessions[token]
	if !ok {
		return session{}, false
	}
	return *s, true
}

type tokenClaims struct {
	Expires  int64     `json:"exp,omitempty"`
	JTI      string    `json:"jti"`
	Issuer   string    `json:"iss,omitempty"`
	Subject  string    `json:"sub"`
	Groups   []string  `json:"groups"`
	Provider *provider `json:"provider"`
	APIKey   bool      `json:"api_key"`
}

type provider struct {
	ID     string `json:"provider_id"`
	Type   string `json:"provider_type"`
	UserID string `json:"user_id"`
}

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

func (b *Backend) sign(claims tokenClaims) string {
	payload, _ := json.Marshal(claims)
	unsigned := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	mac := hmac.New(sha256.New, b.secret)
	mac.Write([]byte(unsigned))
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func randomUint64() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.BigEndian.Uint64(b[:])
}

func randomUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return formatUUID(b)
}

// authFailure is why an /api request was refused.
type authFailure struct {
	status, code int
	message      string
}

var (
	badCredentials     = &authFailure{http.StatusUnauthorized, codeUnauthenticated, "bad credentials"}
	invalidCredentials = &authFailure{http.StatusUnauthorized, codeUnauthenticated, "invalid credentials"}
	forbidden          = &authFailure{http.StatusForbidden, codePermission, "unauthorized to perform action"}
)

// authenticate resolves the credentials of an /api request. A refresh token
// used as Bearer authenticates but carries no rights, not even over its own
// user, hence 403 later.
func (b *Backend) authenticate(r *http.Request) (principal, *authFailure) {
	scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	var name string
	switch scheme {
	case "Bearer":
		s, ok := b.session(cred)
		switch {
		case !ok || s.expired(b.now()):
			return principal{}, invalidCredentials
		case s.refresh:
			return principal{}, nil
		}
		name = s.user
	case "Key":
		b.mu.RLock()
		k, ok := b.apiKeys.get(cred)
		b.mu.RUnlock()
		if !ok {
			return principal{}, invalidCredentials
		}
		name = k.Username
	default:
		return principal{}, badCredentials
	}
	u, ok := b.users.get(name)
	if !ok || u.disabled {
		return principal{}, invalidCredentials
	}
	return u.principal(), nil
}
