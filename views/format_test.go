package views

import (
	"testing"
	"time"
)

func TestHuman(t *testing.T) {
	tests := map[time.Duration]string{
		time.Hour:                       "1h",
		90 * time.Minute:                "1h30m",
		45 * time.Minute:                "45m",
		24 * time.Hour:                  "24h",
		59*time.Minute + 40*time.Second: "1h",
	}
	for d, want := range tests {
		if got := human(d); got != want {
			t.Errorf("human(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestAgo(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	tests := map[int64]string{
		0:                   "-",
		1_000_000 - 42:      "42s",
		1_000_000 - 300:     "5m",
		1_000_000 - 7200:    "2h",
		1_000_000 - 3*86400: "3d",
		1_000_000 + 50:      "0s",
	}
	for unix, want := range tests {
		if got := ago(now, unix); got != want {
			t.Errorf("ago(%d) = %q, want %q", unix, got, want)
		}
	}
}
