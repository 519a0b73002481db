package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Kind sorts errors by what the user should do about them.
type Kind int

// The kinds of error the client reports.
const (
	KindUnknown        Kind = iota
	KindUnauthorized        // bad credentials: log in again or fix the key
	KindForbidden           // the user lacks rights for this action or namespace
	KindNotFound            // the resource does not exist (any more)
	KindConflict            // the resource already exists
	KindBadRequest          // the server rejected what was sent
	KindServer              // 5xx
	KindSessionExpired      // a token refresh failed: only a new login helps
	KindUnreachable         // no connection: DNS, refused, reset, dropped
	KindTimeout             // no answer in time
	KindTLS                 // certificate or handshake problem
	KindMalformed           // the answer is not what a Sensu API sends
	KindCanceled            // the caller gave up
	KindReadOnly            // a change was refused locally: the client is read-only
	KindRedirected          // the server redirected to another origin, which the client does not follow
	KindGraphQL             // the GraphQL endpoint answered with errors (HTTP 200)
)

// Sensu's own error codes, as they appear in error bodies.
const (
	CodeInternal           = 0
	CodeInvalidArgument    = 1
	CodeNotFound           = 2
	CodeAlreadyExists      = 3
	CodePermissionDenied   = 4
	CodeUnauthenticated    = 5
	CodePaymentRequired    = 6
	CodePreconditionFailed = 7
	CodeDeadlineExceeded   = 8
)

// Error is every failure the client returns: an HTTP error answer, a transport
// failure or a malformed body. Status and Code are 0 when there was no answer
// or no Sensu code in it (Code is -1 when the body carried no code).
type Error struct {
	Kind    Kind
	Status  int
	Code    int
	Message string
	Method  string
	Path    string
	Err     error
	// RetryAfter is how long the server asked to wait before the next
	// try (Retry-After on a 429 or 503), at most maxRetryAfter; 0 when it
	// did not say.
	RetryAfter time.Duration
}

// ErrSessionExpired matches, with errors.Is, any error that means the login has run out.
var ErrSessionExpired = errors.New("session expired: log in again")

func (e *Error) Error() string {
	where := strings.TrimSpace(e.Method + " " + RedactPath(e.Path))
	if e.Status > 0 {
		return fmt.Sprintf("%s: %d %s: %s", where, e.Status, http.StatusText(e.Status), e.Message)
	}
	return fmt.Sprintf("%s: %s", where, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is(err, ErrSessionExpired) work on a typed Error.
func (e *Error) Is(target error) bool {
	return target == ErrSessionExpired && e.Kind == KindSessionExpired
}

// RedactPath masks the secret in a path: an API key's name is the key
// itself, so /api/core/v2/apikeys/<key> keeps only its last four characters.
func RedactPath(path string) string {
	prefix, key, ok := strings.Cut(path, apiKeysPath+"/")
	if !ok || key == "" {
		return path
	}
	if len(key) <= 4 {
		return prefix + apiKeysPath + "/****"
	}
	return prefix + apiKeysPath + "/****" + key[len(key)-4:]
}

// KindOf reports the Kind of any error; KindUnknown when it is not the client's.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	if errors.Is(err, context.Canceled) {
		return KindCanceled
	}
	return KindUnknown
}

// RetryAfter is how long err asks to wait before the next try: the
// server's Retry-After on a 429 or 503 answer, or 0.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// maxRetryAfter bounds a Retry-After, so that no value overflows a
// Duration; callers cap it further at their own longest wait.
const maxRetryAfter = time.Hour

// retryAfter reads a Retry-After header, delay-seconds or an HTTP date
// (measured from now), on the statuses that carry one.
func retryAfter(status int, header http.Header, now time.Time) time.Duration {
	if status != http.StatusTooManyRequests && status != http.StatusServiceUnavailable {
		return 0
	}
	value := strings.TrimSpace(header.Get("Retry-After"))
	if value == "" {
		return 0
	}
	// Out of range, ParseUint gives the largest number, which the cap cuts.
	if secs, err := strconv.ParseUint(value, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		return time.Duration(min(secs, uint64(maxRetryAfter/time.Second))) * time.Second
	}
	if at, err := http.ParseTime(value); err == nil {
		return min(max(at.Sub(now), 0), maxRetryAfter)
	}
	return 0
}

// errorBody covers the JSON error shapes Sensu sends: {"message","code"} and
// {"Code","Message"}. encoding/json matches keys case-insensitively, so one
// struct reads both.
type errorBody struct {
	Code    *int   `json:"code"`
	Message string `json:"message"`
}

// parseAPIError reads any of the four error-body shapes (two JSON key
// orders, the capitalised form, plain text) into an Error.
func parseAPIError(method, path string, status int, body []byte) *Error {
	e := &Error{Kind: kindForStatus(status), Status: status, Code: -1, Method: method, Path: path}
	trimmed := bytes.TrimSpace(body)
	var parsed errorBody
	if len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &parsed) == nil && (parsed.Message != "" || parsed.Code != nil) {
		e.Message = parsed.Message
		if parsed.Code != nil {
			e.Code = *parsed.Code
		}
	} else {
		e.Message = string(trimmed)
	}
	if len(e.Message) > 512 {
		e.Message = e.Message[:512] + "…"
	}
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	return e
}

func kindForStatus(status int) Kind {
	switch {
	case status == http.StatusUnauthorized:
		return KindUnauthorized
	case status == http.StatusForbidden:
		return KindForbidden
	case status == http.StatusNotFound:
		return KindNotFound
	case status == http.StatusConflict:
		return KindConflict
	case status >= 500:
		return KindServer
	case status >= 400:
		return KindBadRequest
	}
	return KindUnknown
}

// transportError classifies a failure that produced no HTTP answer.
func transportError(method, path string, err error) *Error {
	e := &Error{Method: method, Path: path, Err: err}
	var netErr net.Error
	var certInvalid x509.CertificateInvalidError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var recordHeader tls.RecordHeaderError
	var certVerify *tls.CertificateVerificationError
	var redirect *RedirectError
	switch {
	case errors.As(err, &redirect):
		e.Kind, e.Message = KindRedirected, redirect.Error()
	case errors.Is(err, context.Canceled):
		e.Kind, e.Message = KindCanceled, "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		e.Kind, e.Message = KindTimeout, "no answer in time"
	case errors.As(err, &certVerify), errors.As(err, &unknownAuthority), errors.As(err, &certInvalid), errors.As(err, &hostname):
		e.Kind, e.Message = KindTLS, "TLS certificate not trusted: "+rootCause(err)
	case errors.As(err, &recordHeader):
		e.Kind, e.Message = KindTLS, "TLS handshake failed: the server does not speak TLS (try http://)"
	case errors.As(err, &netErr) && netErr.Timeout():
		e.Kind, e.Message = KindTimeout, "no answer in time"
	case strings.Contains(err.Error(), "tls:"):
		e.Kind, e.Message = KindTLS, "TLS handshake failed: "+rootCause(err)
	default:
		e.Kind, e.Message = KindUnreachable, "cannot reach the server: "+rootCause(err)
	}
	return e
}

// rootCause drops the "Get \"url\":" wrapping that net/http adds.
func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// sessionExpired builds the error every caller gets once a refresh has failed.
func sessionExpired(cause error) *Error {
	msg := "session expired: log in again"
	return &Error{Kind: KindSessionExpired, Status: http.StatusUnauthorized, Code: CodeUnauthenticated,
		Method: "POST", Path: "/auth/token", Message: msg, Err: cause}
}
