package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ErrMalformed marks a configuration file that exists but cannot be parsed.
var ErrMalformed = errors.New("malformed configuration file")

// readJSON decodes the file at path into v. A missing file is not an error
// (found is false). Errors name the file but never quote its content, which
// may hold tokens.
func readJSON(path string, v any) (found bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err // *PathError: names the file, no content
	}
	if err := json.Unmarshal(data, v); err != nil {
		return true, malformed(path, err)
	}
	return true, nil
}

// malformed rebuilds a JSON error from its position and type alone, because
// encoding/json messages can quote bytes of the file.
func malformed(path string, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	detail := "not valid JSON"
	switch {
	case errors.As(err, &syntax):
		detail = fmt.Sprintf("invalid JSON near byte %d", syntax.Offset)
	case errors.As(err, &typ) && typ.Field != "":
		detail = fmt.Sprintf("field %q holds a %s, want %s", typ.Field, typ.Value, typ.Type)
	case errors.As(err, &typ):
		detail = fmt.Sprintf("holds a %s, want a JSON object", typ.Value)
	}
	return fmt.Errorf("%w %s: %s; fix or remove it", ErrMalformed, path, detail)
}

// ReadableWarning says how to close a file that other users can read or
// write: what names the file and holds says what in it is private. It is
// "" when the file is private or missing, and on Windows, where mode bits
// do not describe ACLs.
func ReadableWarning(path, what, holds string) string {
	if runtime.GOOS == "windows" {
		return ""
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o077 == 0 {
		return ""
	}
	// The fix leads: a narrow status line cuts the end.
	return fmt.Sprintf("run chmod 600 %s: this %s holds %s and is readable by other users (mode %04o)",
		path, what, holds, fi.Mode().Perm())
}

// permissionWarnings flags a credentials file that other users can read, and
// a directory that lets them in. what says whose file it is.
func permissionWarnings(path, what string) []string {
	if runtime.GOOS == "windows" {
		return nil // mode bits do not describe Windows ACLs
	}
	var out []string
	if w := ReadableWarning(path, what, "credentials"); w != "" {
		out = append(out, w)
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o077 != 0 {
		out = append(out, fmt.Sprintf("run chmod 700 %s: this directory holding the %s is open to other users (mode %04o)",
			dir, what, fi.Mode().Perm()))
	}
	return out
}

// parseServer parses an API URL the way the client does, assuming http://
// when no scheme is given.
func parseServer(raw string) (*url.URL, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, false
	}
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, false
	}
	return u, true
}

// serverKey reduces a URL to what identifies the server, so that
// "HTTP://Sensu:80/" and "sensu" compare equal.
func serverKey(raw string) string {
	u, ok := parseServer(raw)
	if !ok {
		return strings.TrimRight(strings.TrimSpace(raw), "/")
	}
	scheme := strings.ToLower(u.Scheme)
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" || strings.Contains(host, ":") {
		host = net.JoinHostPort(host, port)
		host = strings.TrimSuffix(host, ":") // IPv6 without a port keeps its brackets
	}
	return scheme + "://" + host + strings.TrimRight(u.EscapedPath(), "/")
}

func sameServer(a, b string) bool {
	return a != "" && b != "" && serverKey(a) == serverKey(b)
}

// displayURL is a URL fit for a message: any user:password part is masked.
func displayURL(raw string) string {
	if raw == "" {
		return "(none)"
	}
	if u, err := url.Parse(strings.TrimSpace(raw)); err == nil {
		return u.Redacted()
	}
	return "(unparsable URL)"
}
