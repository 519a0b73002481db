package fakebackend

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
)

// Error codes of the Sensu API.
const (
	codeInternal        = 0
	codeInvalidArgument = 1
	codeNotFound        = 2
	codeAlreadyExists   = 3
	codePermission      = 4
	codeUnauthenticated = 5
)

const (
	contentJSON  = "application/json"
	contentPlain = "text/plain; charset=utf-8"
)

// The real backend has four error shapes, each from a different layer; every
// one is labelled text/plain whatever it holds.

// writeError is the API handlers' shape: {"message","code"}.
func writeError(w http.ResponseWriter, status, code int, msg string) {
	body, _ := json.Marshal(struct {
		Message string `json:"message"`
		Code    int    `json:"code"`
	}{msg, code})
	w.Header().Set("X-Content-Type-Options", "nosniff")
	writeBody(w, status, contentPlain, body)
}

// writeAuthError is the authentication and authorization layer's shape:
// {"Code","Message"}.
func writeAuthError(w http.ResponseWriter, status, code int, msg string) {
	body, _ := json.Marshal(struct {
		Code    int    `json:"Code"`
		Message string `json:"Message"`
	}{code, msg})
	writeBody(w, status, contentPlain, body)
}

// writeRouteNotFound is the router's shape for a path it does not know:
// {"code","message"} plus a newline.
func writeRouteNotFound(w http.ResponseWriter) {
	writeBody(w, http.StatusNotFound, contentPlain, []byte(`{"code":2,"message":"not found"}`+"\n"))
}

// writePlain is a bare text answer, as http.Error writes it.
func writePlain(w http.ResponseWriter, status int, msg string) {
	http.Error(w, msg, status)
}

func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.WriteHeader(status)
	w.Write(body)
}

// writeEmpty answers with no body; contentType may be "".
func writeEmpty(w http.ResponseWriter, status int, contentType string) {
	writeBody(w, status, contentType, nil)
}

// writeResource answers one marshalled resource with an Etag, as single GETs
// do.
func writeResource(w http.ResponseWriter, body []byte) {
	h := fnv.New64a()
	h.Write(body)
	w.Header().Set("Etag", fmt.Sprintf(`"%x"`, h.Sum64()))
	writeBody(w, http.StatusOK, contentJSON, body)
}

// marshalList encodes items as a bare JSON array.
func marshalList(items []any) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(2 + len(items)*1024) // events are about 1.3 KB; avoid regrowing
	buf.WriteByte('[')
	enc := json.NewEncoder(&buf)
	for i, item := range items {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(item); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1) // Encode ends each value with a newline
	}
	buf.WriteByte(']')
	return buf.Bytes(), nil
}
