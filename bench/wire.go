package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Walked is what one walk over a collection moved and how long it took.
type Walked struct {
	Items int // items decoded; the wire floor does not decode, so it leaves this 0
	Pages int
	Bytes int64
	// FirstPage is the time to the first page (to the first rows on screen,
	// for a full load); Total the time to the end of the walk.
	FirstPage, Total time.Duration
}

// WireFloor fetches the pages a dashboard load fetches, with the same limit
// and continue sequence, using plain net/http and reading every body to
// io.Discard: the fastest any client could walk the list.
func WireFloor(ctx context.Context, hc *http.Client, listURL, auth string, firstPage, pageSize int) (Walked, error) {
	var w Walked
	start := time.Now()
	token, limit := "", firstPage
	seen := map[string]bool{}
	for {
		q := url.Values{"limit": {strconv.Itoa(limit)}}
		if token != "" {
			q.Set("continue", token)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, listURL+"?"+q.Encode(), nil)
		if err != nil {
			return w, err
		}
		req.Header.Set("Authorization", auth)
		resp, err := hc.Do(req)
		if err != nil {
			return w, err
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return w, err
		}
		if resp.StatusCode != http.StatusOK {
			return w, fmt.Errorf("GET %s: %s", listURL, resp.Status)
		}
		w.Pages++
		w.Bytes += n
		if w.Pages == 1 {
			w.FirstPage = time.Since(start)
		}
		// An empty page is "[]": the dashboard stops there too.
		next := resp.Header.Get("Sensu-Continue")
		if n <= int64(len("[]\n")) || next == "" || seen[next] {
			break
		}
		seen[next] = true
		token, limit = next, pageSize
	}
	w.Total = time.Since(start)
	return w, nil
}
