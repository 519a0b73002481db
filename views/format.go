package views

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// ago is a compact relative time ("42s", "5m", "3h", "2d"); "-" for never.
func ago(now time.Time, unix int64) string {
	if unix <= 0 {
		return "-"
	}
	d := now.Sub(time.Unix(unix, 0))
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

// stamp is an absolute time with its relative age, for detail pages.
func stamp(now time.Time, unix int64) string {
	if unix <= 0 {
		return "never"
	}
	return time.Unix(unix, 0).UTC().Format("2006-01-02 15:04:05 UTC") + " (" + ago(now, unix) + " ago)"
}

// firstLine is the first non-empty line of a possibly multi-line output.
func firstLine(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if t := strings.TrimSpace(line); t != "" {
			return t
		}
	}
	return ""
}

// labels renders a label map in a stable order.
func labels(m map[string]string) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return strings.Join(parts, ", ")
}

// list joins names, with "-" for an empty list.
func list(items []string) string {
	if len(items) == 0 {
		return "-"
	}
	return strings.Join(items, ",")
}

// facts lays out "label: value" pairs as aligned lines for detail pages.
// A value of several lines continues under its first line.
func facts(pairs ...string) string {
	width := 0
	for i := 0; i < len(pairs); i += 2 {
		width = max(width, len(pairs[i]))
	}
	indent := "\n" + strings.Repeat(" ", width+3)
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		fmt.Fprintf(&b, "%-*s  %s\n", width+1, pairs[i]+":", strings.ReplaceAll(pairs[i+1], "\n", indent))
	}
	return b.String()
}

// human is a duration without zero tails: "1h", "1h30m", "45m".
func human(d time.Duration) string {
	s := d.Round(time.Minute).String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// lastSeen is when an entity was last heard from: its own last_seen, or,
// for an entity that keeps none (a proxy entity), the newest timestamp of
// its events. fromEvents tells the second case.
func lastSeen(entity, events int64) (at int64, fromEvents bool) {
	if entity > 0 {
		return entity, false
	}
	return events, events > 0
}

// lastSeenText is lastSeen for a detail page, saying where the time comes
// from when the entity keeps none; source names the events ("this event").
// It stays short enough not to wrap at 80 columns.
func lastSeenText(now time.Time, entity, events int64, source string) string {
	at, fromEvents := lastSeen(entity, events)
	if !fromEvents {
		return stamp(now, at)
	}
	return stamp(now, at) + ", from " + source
}
