package fakebackend

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// The recorded backend is a one-member etcd cluster; these are its ids.
const (
	etcdClusterID = 2037210783374497686
	etcdMemberID  = 13195394291058371180
	etcdRaftTerm  = 2
	sensuID       = "1bd7434e-7fed-4ef8-9322-a549ffd5a039"
)

// Static answers, as recorded.
const (
	versionBody = `{"etcd":{"etcdserver":"3.5.5","etcdcluster":"3.5.0"},"sensu_backend":"6.9.2","api_groups":{"core/v2":"v2.16.0","core/v3":"v3.8.0"}}` + "\n"
	readyBody   = "ready\n"
	// contentMetrics is the Prometheus text format's content type.
	contentMetrics = "text/plain; version=0.0.4; charset=utf-8"
)

// metricsBody starts with the bytes recording 244 kept of a real /metrics
// answer (it cut the 305 KB body after 2048 bytes), completed to whole lines.
//
//go:embed metrics.txt
var metricsBody []byte

type etcdHeaderJSON struct {
	ClusterID uint64 `json:"cluster_id"`
	MemberID  uint64 `json:"member_id"`
	RaftTerm  uint64 `json:"raft_term"`
}

var etcdHeader = etcdHeaderJSON{ClusterID: etcdClusterID, MemberID: etcdMemberID, RaftTerm: etcdRaftTerm}

type memberHealthJSON struct {
	MemberID    uint64 `json:"MemberID"`
	MemberIDHex string `json:"MemberIDHex"`
	Name        string `json:"Name"`
	Err         string `json:"Err"`
	Healthy     bool   `json:"Healthy"`
}

// healthJSON is /health's answer. A backend with a PostgreSQL store adds
// PostgresHealth; the recorded one has none.
type healthJSON struct {
	Alarms        json.RawMessage    `json:"Alarms"`
	ClusterHealth []memberHealthJSON `json:"ClusterHealth"`
	Header        etcdHeaderJSON     `json:"Header"`
}

type memberJSON struct {
	ID         uint64   `json:"ID"`
	Name       string   `json:"name"`
	PeerURLs   []string `json:"peerURLs"`
	ClientURLs []string `json:"clientURLs"`
}

type membersJSON struct {
	Header  etcdHeaderJSON `json:"header"`
	Members []memberJSON   `json:"members"`
}

// encodeLine marshals v the way the backend's handlers do: HTML characters
// escaped and a newline at the end.
func encodeLine(v any) []byte {
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(v)
	return buf.Bytes()
}

// serveHealth answers /health: no credentials needed, any sent are
// ignored, and timeout must be a number of seconds when given. The
// Unhealthy fault marks the etcd member unhealthy; the answer stays 200,
// as a real backend's does, so only its body tells.
func (b *Backend) serveHealth(w http.ResponseWriter, r *http.Request) {
	if t := r.URL.Query().Get("timeout"); t != "" {
		if _, err := strconv.Atoi(t); err != nil {
			writePlain(w, http.StatusBadRequest, err.Error())
			return
		}
	}
	member := memberHealthJSON{
		MemberID:    etcdMemberID,
		MemberIDHex: fmt.Sprintf("%x", uint64(etcdMemberID)),
		Name:        "default",
		Healthy:     true,
	}
	if why := b.currentFaults().Unhealthy; why != "" {
		member.Err, member.Healthy = why, false
	}
	writeBody(w, http.StatusOK, contentPlain, encodeLine(healthJSON{
		Alarms:        json.RawMessage("null"),
		ClusterHealth: []memberHealthJSON{member},
		Header:        etcdHeader,
	}))
}

// serveOpen answers the paths that need no credentials, and reports
// whether path was one of them.
func (b *Backend) serveOpen(w http.ResponseWriter, r *http.Request) bool {
	switch r.URL.Path {
	case "/health":
		b.serveHealth(w, r)
	case "/version":
		writeBody(w, http.StatusOK, contentPlain, []byte(versionBody))
	case "/ready":
		writeBody(w, http.StatusOK, contentPlain, []byte(readyBody))
	case "/metrics":
		writeBody(w, http.StatusOK, contentMetrics, metricsBody)
	default:
		return false
	}
	return true
}

// clusterMembers answers GET /api/core/v2/cluster/members: etcd's member
// list, labelled text/plain like every answer that bypasses the API's
// JSON writer.
func (b *Backend) clusterMembers(c *call) {
	writeBody(c.w, http.StatusOK, contentPlain, encodeLine(membersJSON{
		Header: etcdHeader,
		Members: []memberJSON{{
			ID:         etcdMemberID,
			Name:       "default",
			PeerURLs:   []string{"http://127.0.0.1:2380"},
			ClientURLs: []string{"http://127.0.0.1:2379"},
		}},
	}))
}

// clusterID answers GET /api/core/v2/cluster/id: the id as a JSON string.
func (b *Backend) clusterID(c *call) {
	writeBody(c.w, http.StatusOK, contentPlain, encodeLine(sensuID))
}
