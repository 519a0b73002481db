package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/sensu-tui/sensu-tui/fakebackend"
)

// slowSummaries is the reference: encoding/json into full events, then Summarize.
func slowSummaries(body []byte) ([]*EventSummary, error) {
	var events []Event
	if err := json.Unmarshal(body, &events); err != nil {
		return nil, err
	}
	rows := make([]*EventSummary, len(events))
	for i := range events {
		rows[i] = Summarize(&events[i])
	}
	return rows, nil
}

// requireSameSummaries decodes body both ways and fails on any difference.
func requireSameSummaries(t *testing.T, body []byte) {
	t.Helper()
	want, err := slowSummaries(body)
	if err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	got, ok := newSummaryDecoder().fast(body)
	if !ok {
		t.Fatalf("the reader refused valid JSON: %.300s", body)
	}
	if len(got) != len(want) {
		t.Fatalf("%d summaries, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("summary %d:\n got %+v\nwant %+v", i, *got[i], *want[i])
		}
	}
}

// fakePages fetches every page of the events list of a fake backend.
func fakePages(t testing.TB, opts fakebackend.Options, allNamespaces bool, limit string) [][]byte {
	t.Helper()
	srv := httptest.NewServer(fakebackend.New(opts))
	defer srv.Close()
	c, err := New(Config{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(context.Background(), fakebackend.AdminUser, fakebackend.AdminPassword); err != nil {
		t.Fatal(err)
	}
	var pages [][]byte
	token := ""
	for {
		u := srv.URL + c.ListPath(Events, ListOptions{AllNamespaces: allNamespaces}) + "?limit=" + limit
		if token != "" {
			u += "&continue=" + token
		}
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Authorization", "Bearer "+c.CurrentTokens().Access)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		pages = append(pages, body)
		if token = resp.Header.Get("Sensu-Continue"); token == "" {
			return pages
		}
	}
}

func TestSummaryDecoderMatchesEncodingJSON(t *testing.T) {
	tests := map[string]struct {
		opts fakebackend.Options
		all  bool
	}{
		"seeded data, all namespaces": {fakebackend.Options{}, true},
		"recorded data":               {fakebackend.Options{Recorded: true}, false},
		"synthetic events":            {fakebackend.Options{Events: 1500}, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			for _, page := range fakePages(t, tc.opts, tc.all, "500") {
				requireSameSummaries(t, page)
			}
		})
	}
}

// oddEvents are valid event lists that a real backend hardly sends but
// that must decode exactly as encoding/json decodes them.
var oddEvents = []string{
	`[]`,
	`null`,
	` [ ] `,
	`[{}]`,
	`[null]`,
	`[{"check":null,"entity":null,"metadata":null,"timestamp":null}]`,
	`[{"check":{"metadata":{"name":"c","labels":null},"status":null,"output":null,"history":null,"subscriptions":null,"is_silenced":null}}]`,
	`[{"entity":{"metadata":{"name":"e","namespace":"entity-ns"}},"check":{"metadata":{"name":"c"}}}]`,
	`[{"metadata":{"namespace":"ev"},"entity":{"metadata":{"name":"e","namespace":"other"}}}]`,
	`[{"check":{"output":"\n\t  first line\r\nsecond line\u2028third","status":2}}]`,
	`[{"check":{"output":"\u00a0\u0085 nbsp then text \ud83d\ude00 \ud83d x \udc00 \ud83d\u0041 \/ \" \\ \b\f"}}]`,
	"[{\"check\":{\"output\":\"invalid \xff\xfe utf-8 \xe2\x82 cut\"}}]",
	`[{"check":{"output":"` + strings.Repeat("é", 200) + `"}}]`,
	`[{"check":{"output":"` + strings.Repeat("a", 255) + `€tail"}}]`,
	`[{"check":{"history":[{"status":1},{"status":300,"executed":5},null,{}],"status":4294967295,"occurrences":-42}}]`,
	`[{"check":{"history":[{"status":1}],"output":"a"},"timestamp":-9223372036854775807}]`,
	`[{"check":{"subscriptions":["a","b\u0000"],"metadata":{"labels":{"k":"v","\u00e9":"\ud83d\ude00"}}}}]`,
	`[{"unknown":{"deep":[1,-2.5e10,0.1,true,false,null,"s",{"x":[[]]}]},"check":{"command":"x","duration":1.5e-3}}]`,
	`[{"check":{"metadata":{"name":"n\u0041me"}},"entity":{"metadata":{"name":"caf\u00e9"}}},{"timestamp":1}]`,
	`[{"check":{"state":"flapping"}},{"check":{"state":"fl\u0061pping"}},{"check":{"state":null}},{"check":{"state":"Flapping"}}]`,
}

// TestSummaryFlapping: only the state "flapping" marks a summary flapping.
func TestSummaryFlapping(t *testing.T) {
	tests := []struct {
		state string
		want  bool
	}{
		{"flapping", true},
		{"fl\\u0061pping", true},
		{"failing", false},
		{"passing", false},
		{"Flapping", false},
		{"", false},
	}
	for _, tc := range tests {
		body := []byte(`[{"check":{"state":"` + tc.state + `","status":2}}]`)
		rows, err := newSummaryDecoder().page("/p", body)
		if err != nil {
			t.Fatal(err)
		}
		if rows[0].Check.Flapping != tc.want {
			t.Errorf("state %q: flapping %v, want %v", tc.state, rows[0].Check.Flapping, tc.want)
		}
		requireSameSummaries(t, body)
	}
}

func TestSummaryDecoderOddEvents(t *testing.T) {
	for _, body := range oddEvents {
		requireSameSummaries(t, []byte(body))
	}
}

// TestSummaryDecoderFallsBack: what the reader refuses is decoded by
// encoding/json, with the same results and the same errors.
func TestSummaryDecoderFallsBack(t *testing.T) {
	valid := map[string]string{
		"capitalised key":   `[{"Check":{"Status":2},"entity":{"metadata":{"name":"e"}}}]`,
		"min int64":         `[{"timestamp":-9223372036854775808}]`,
		"non-ASCII key":     `[{"chec\u212a":{"status":1}}]`,
		"escaped field key": `[{"che\u0063k":{"status":1}}]`,
		// encoding/json decodes a repeated member into the first one.
		"repeated history":       `[{"check":{"history":[{"status":1,"executed":5}],"history":[{}]}}]`,
		"repeated labels":        `[{"check":{"metadata":{"labels":{"a":"1"},"labels":{"b":"2"}}}}]`,
		"repeated check":         `[{"check":{"metadata":{"labels":{"a":"1"}}},"check":{"metadata":{"labels":{"b":"2"}}}}]`,
		"repeated, null element": `[{"check":{"history":[{"status":5}]},"check":{"history":[null]}}]`,
		"repeated subscriptions": `[{"check":{"subscriptions":["a","b"],"subscriptions":["c"]}}]`,
	}
	for name, body := range valid {
		t.Run(name, func(t *testing.T) {
			want, err := slowSummaries([]byte(body))
			if err != nil {
				t.Fatal(err)
			}
			got, err := newSummaryDecoder().page("/p", []byte(body))
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("got %+v, %v; want %+v", got, err, want)
			}
		})
	}
	broken := []string{
		`[{"check":{"status":"2"}}]`,
		`[{"timestamp":1e3}]`,
		`[{"check":{"status":-1}}]`,
		`[{"check":{"status":1.5}}]`,
		`[{"check":{"status":4294967296}}]`,
		`[{"check":{"metadata":{"labels":{"k":1}}}}]`,
		`[{"check":{"subscriptions":[1]}}]`,
		`[{"check":{"history":[1]}}]`,
		`[{"check":{"output":"cut`,
		`[{"check":{"output":"bad \x escape"}}]`,
		`[{"check":{}},]`,
		`[{"check":{"a":01}}]`,
		`[{"check":{"a":tru}}]`,
		`[{"check":{"a":[1 2]}}]`,
		`[{"check" {"a":1}}]`,
		`{"not":"a list"}`,
		`[] trailing`,
		"[{\"check\":{\"output\":\"control \x01 char\"}}]",
		"[{\"check\":{\"output\":\"control \x01 before an escape \\n\"}}]",
		"[{\"check\":{\"command\":\"raw new\nline before an escape \\t\"}}]",
	}
	for _, body := range broken {
		if _, err := newSummaryDecoder().page("/p", []byte(body)); KindOf(err) != KindMalformed {
			t.Errorf("%s: got %v, want a malformed error", body, err)
		}
	}
}

func TestSummaryDecoderSharesNames(t *testing.T) {
	pages := fakePages(t, fakebackend.Options{Events: 1000}, false, "300")
	d := newSummaryDecoder()
	var rows []*EventSummary
	for _, p := range pages {
		page, err := d.page("/p", p)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, page...)
	}
	first, last := rows[0], rows[len(rows)-1]
	if first.Check.Metadata.Name != "synth-check-000" || last.Check.Metadata.Name != "synth-check-099" {
		t.Fatalf("unexpected rows %s, %s", first.Key(), last.Key())
	}
	same := rows[100] // synth-001/synth-check-000, on another page than rows[0]
	if reflect.ValueOf(same.Entity.Metadata.Labels).UnsafePointer() != reflect.ValueOf(first.Entity.Metadata.Labels).UnsafePointer() {
		t.Error("equal label sets are not shared")
	}
	if unsafe.StringData(same.Check.Metadata.Name) != unsafe.StringData(first.Check.Metadata.Name) {
		t.Error("equal check names are not shared")
	}
}

// FuzzSummaryDecoder feeds arbitrary bytes to the decoder a walk uses,
// with names shared from an earlier page as in a walk. It must never
// panic, never accept broken JSON, and on any valid JSON array of events
// agree with encoding/json on every field a summary keeps. (It may accept
// wrong types in fields a summary does not keep, where encoding/json fails.)
func FuzzSummaryDecoder(f *testing.F) {
	for _, body := range oddEvents {
		f.Add([]byte(body))
	}
	f.Add([]byte(`[{"check":{"metadata":{"labels":{"a":"1"}},"status":1},"entity":{"metadata":{"labels":{"a":"1"}}}}]`))
	recorded := fakePages(f, fakebackend.Options{Recorded: true}, false, "4")
	for _, page := range recorded {
		f.Add(page)
	}
	f.Add([]byte(`[{"check":{"command":5,"status":1}}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		walk := newSummaryDecoder()
		if _, err := walk.page("/events", recorded[0]); err != nil {
			t.Fatal(err)
		}
		got, gotErr := walk.page("/events", body)
		want, wantErr := slowSummaries(body)
		switch {
		case wantErr == nil && gotErr != nil:
			t.Fatalf("the decoder refused what encoding/json reads (%v): %q", gotErr, body)
		case wantErr == nil && !reflect.DeepEqual(got, want):
			t.Fatalf("decoders differ on %q:\n got %+v\nwant %+v", body, got, want)
		case gotErr == nil && !json.Valid(body):
			// Wrong types in fields a summary does not keep are let
			// through; broken JSON never is.
			t.Fatalf("the decoder accepted invalid JSON: %q", body)
		}
	})
}
