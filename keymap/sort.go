package keymap

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// Sorting by a column, as in k9s: shift and a letter of the column sorts
// by it, and the same key again reverses the order. The letter is the
// column title's initial; where another key of the view already has that
// letter (S lists silences, R resolves, N picks a namespace, O reverses,
// G goes to the bottom), it is the next letter of the title that is free,
// then of the order's name. A column with no free letter has no key: o
// still reaches it.

// SortLetter is the key for sorting by a column: the first upper-case
// letter of names, in order, that taken does not hold; "" when none is free.
func SortLetter(taken map[string]bool, names ...string) string {
	for _, name := range names {
		for _, r := range strings.ToUpper(name) {
			if l := string(r); r >= 'A' && r <= 'Z' && !taken[l] {
				return l
			}
		}
	}
	return ""
}

// SortKey is the binding of letter, sorting in the named order.
func SortKey(letter, order string) key.Binding {
	return key.NewBinding(key.WithKeys(letter), key.WithHelp(letter, "sort by "+order))
}

// Letters are the upper-case letters the bindings use, which sort keys
// must leave alone.
func Letters(bindings ...key.Binding) map[string]bool {
	taken := map[string]bool{}
	for _, b := range bindings {
		for _, k := range b.Keys() {
			if len(k) == 1 && k[0] >= 'A' && k[0] <= 'Z' {
				taken[k] = true
			}
		}
	}
	return taken
}
