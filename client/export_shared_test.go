package client

import "time"

// SetSharedClock sets the clock a Shared ages its answers by.
func SetSharedClock(s *Shared, now func() time.Time) { s.now = now }
