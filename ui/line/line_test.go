package line

import (
	"strings"
	"testing"

	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// header is an events header line as the list view builds it.
var header = []Part{
	{Text: "1/615"},
	{Text: "filter: redis", Short: "/redis", Priority: 1},
	{Text: "✖ CRIT 69  ! WARN 52  ? UNKN 15  ✔ OK 479", Short: "✖69 !52 ?15 ✔479", Priority: 2},
	{Text: "30 of 615 events", Short: "30 of 615", Priority: 1},
	{Text: `selector "role = x": bad operator`},
	{Text: "sort: last seen (reversed)", Priority: 3},
	{Text: "updated 04:30:00", Priority: 1},
}

func TestFit(t *testing.T) {
	tests := []struct {
		name  string
		parts []Part
		width int
		want  string
	}{
		{"everything fits", header, 200,
			`1/615 · filter: redis · ✖ CRIT 69  ! WARN 52  ? UNKN 15  ✔ OK 479 · 30 of 615 events · selector "role = x": bad operator · sort: last seen (reversed) · updated 04:30:00`},
		{"the least important gives way first", header, 150,
			`1/615 · filter: redis · ✖ CRIT 69  ! WARN 52  ? UNKN 15  ✔ OK 479 · 30 of 615 events · selector "role = x": bad operator · updated 04:30:00`},
		{"then the summary is shortened", header, 120,
			`1/615 · filter: redis · ✖69 !52 ?15 ✔479 · 30 of 615 events · selector "role = x": bad operator · updated 04:30:00`},
		// The error keeps its place and its words; the rest gives way around it.
		{"80 columns", header, 80,
			`1/615 · filter: redis · 30 of 615 events · selector "role = x": bad operator`},
		{"60 columns", header, 60,
			`1/615 · filter: redis · selector "role = x": bad operator`},
		{"only what cannot give way, cut", header, 30,
			`1/615 · selector "role = x": …`},
		{"right parts at the end", []Part{
			{Text: "tabs"}, {Text: "v6.9.2", Right: true, Priority: 1}, {Text: "https://x", Right: true, Priority: 2},
		}, 30, "tabs        v6.9.2 · https://x"},
		{"right parts need a space before them", []Part{
			{Text: "tabs"}, {Text: "v6.9.2", Right: true, Priority: 1},
		}, 10, "tabs      "},
		{"kept parts shorten but stay", []Part{
			{Text: "long tabs here", Short: "tabs", Priority: 3, Keep: true}, {Text: "ns:x"}, {Text: "user:u", Priority: 2},
		}, 20, "tabs · ns:x · user:u"},
		{"what fits again after shortening comes back", []Part{
			{Text: "a-very-long-part", Short: "short", Priority: 2, Keep: true}, {Text: "drop-me", Priority: 3},
		}, 15, "short · drop-me"},
		{"a dropped part comes back short", []Part{
			{Text: "keep"}, {Text: "summary in full", Short: "summary", Priority: 2}, {Text: "updated", Priority: 1},
		}, 25, "keep · summary · updated "},
		{"empty parts take no separator", []Part{{Text: "a"}, {Text: ""}, {Text: "b"}}, 10, "a · b     "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Fit(tc.parts, tc.width, " · ", "…")
			if got != tc.want && strings.TrimRight(got, " ") != tc.want {
				t.Fatalf("Fit at %d:\n got %q\nwant %q", tc.width, got, tc.want)
			}
			if w := styles.Width(got); w != tc.width {
				t.Fatalf("line is %d cells, want %d: %q", w, tc.width, got)
			}
		})
	}
}

func TestWithout(t *testing.T) {
	got := Without([]Part{{Text: "a"}, {Text: "f", Key: "filter"}, {Text: "b"}}, "filter")
	if Join(got, " ") != "a b" {
		t.Fatalf("Without = %q", Join(got, " "))
	}
}

func TestJoin(t *testing.T) {
	got := Join([]Part{{Text: "a", Short: "x"}, {Text: ""}, {Text: "b", Right: true}}, " · ")
	if got != "a · b" {
		t.Fatalf("Join = %q", got)
	}
}
