package client

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-resty/resty/v2"
)

// maxRedirects is how many same-origin redirects one request follows, as
// many as net/http follows by default.
const maxRedirects = 10

// maxLocationBytes caps how much of a refused Location an error repeats.
const maxLocationBytes = 200

// RedirectError is a redirect to another origin that the client refused
// to follow. Credentials are bound to the origin they were configured for
// (scheme, host and port); net/http would re-send the Authorization header
// to the same host on another port, and a body such as a refresh token to
// any host on a 307, so no request at all goes to another origin.
type RedirectError struct {
	// Location is where the server pointed, without userinfo, query or fragment.
	Location string
}

func (e *RedirectError) Error() string {
	return "the server redirected to another address, " + e.Location + "; the request was not sent there"
}

// stayOn is the client's redirect policy: same-origin redirects are
// followed (up to maxRedirects), any other is refused before a byte is
// sent to it.
func stayOn(home string) resty.RedirectPolicy {
	return resty.RedirectPolicyFunc(func(req *http.Request, via []*http.Request) error {
		if origin(req.URL) != home {
			return &RedirectError{Location: withoutSecrets(req.URL)}
		}
		if len(via) >= maxRedirects {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	})
}

// origin is a URL's scheme, host and port, with the scheme's default port
// filled in and letters in lower case, so that equal origins compare equal.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// sameOrigin reports whether two URLs share an origin; unparsable ones never do.
func sameOrigin(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	return errA == nil && errB == nil && origin(ua) == origin(ub)
}

// withoutSecrets is u as an error may show it: no userinfo, query or
// fragment, which could hold credentials, and at most maxLocationBytes.
func withoutSecrets(u *url.URL) string {
	shown := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	s := shown.String()
	if len(s) > maxLocationBytes {
		s = strings.ToValidUTF8(s[:maxLocationBytes], "") + "…"
	}
	return s
}
