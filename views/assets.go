package views

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// NewAssets builds the assets view: where agents download each plugin
// archive from, and its checksum.
func NewAssets(env Env) *Resource[client.Asset] {
	return newAdmin(env, adminSpec[client.Asset]{
		name: "assets", noun: "assets", singular: "asset", resource: client.Assets,
		field: "asset",
		meta:  func(a client.Asset) client.ObjectMeta { return a.Metadata },
		columns: []table.Column{
			{Title: "URL", Width: 16, Flex: 4},
			{Title: "SHA512", Width: 8},
			{Title: "FILTERS", Width: 7, Flex: 1},
			{Title: "BUILDS", Width: 6, AlignRight: true},
		},
		cells: func(a client.Asset) []string {
			url, sum := a.URL, a.Sha512
			if len(a.Builds) > 0 && url == "" {
				// The first build stands for the others, which usually
				// differ only by platform; the builds column counts them.
				url, sum = a.Builds[0].URL, a.Builds[0].Sha512
			}
			builds := "-"
			if len(a.Builds) > 0 {
				builds = strconv.Itoa(len(a.Builds))
			}
			return []string{url, shortSum(sum), list(a.Filters), builds}
		},
		facts: func(a client.Asset) []string {
			pairs := []string{
				"URL", cmp.Or(a.URL, "-"),
				"SHA-512", cmp.Or(a.Sha512, "-"),
				"Filters", lines(a.Filters),
				"Headers", hiddenHeaders(a.Headers),
				"Builds", strconv.Itoa(len(a.Builds)),
			}
			for i, b := range a.Builds {
				pairs = append(pairs,
					fmt.Sprintf("Build %d URL", i+1), b.URL,
					"  SHA-512", b.Sha512,
					"  Filters", lines(b.Filters),
					"  Headers", hiddenHeaders(b.Headers))
			}
			return pairs
		},
		fields: func(a client.Asset) map[string]string {
			return map[string]string{"asset.filters": strings.Join(a.Filters, ",")}
		},
		search: func(a client.Asset) ([]string, string) {
			urls := []string{a.URL}
			for _, b := range a.Builds {
				urls = append(urls, b.URL)
			}
			return nil, strings.Join(urls, "\n")
		},
	})
}

// shortSum is the start of a checksum, enough to tell archives apart at a glance.
func shortSum(sum string) string {
	const keep = 8
	if len(sum) <= keep {
		return cmp.Or(sum, "-")
	}
	return sum[:keep]
}
