// Package line fits a one-line summary made of parts into a terminal's
// width. Each part says how much it matters: when the line is too long the
// least important parts first take their short form, then give way, so
// what stays keeps its meaning instead of being cut mid-word.
package line

import (
	"slices"
	"strings"

	"github.com/sensu-tui/sensu-tui/ui/styles"
)

// Part is one piece of a line. Text may be styled.
type Part struct {
	Text string
	// Short, when set, is a shorter form used before the part gives way.
	Short string
	// Priority says which parts give way first: the highest first, the
	// rightmost on a tie. 0 parts are never dropped: they are shortened
	// last, and cut only when nothing else is left to give.
	Priority int
	// Keep parts take their short form at their Priority but are never
	// dropped.
	Keep bool
	// Right parts are drawn at the right end of the line.
	Right bool
	// Key names a part for a caller that leaves some out (Without).
	Key string
}

// Without is parts without those named key.
func Without(parts []Part, key string) []Part {
	out := make([]Part, 0, len(parts))
	for _, p := range parts {
		if p.Key != key {
			out = append(out, p)
		}
	}
	return out
}

// form is how a part is drawn.
type form int

const (
	full form = iota
	short
	dropped
)

// Join is every part in full, left then right, separated by sep.
func Join(parts []Part, sep string) string {
	texts := make([]string, 0, len(parts))
	for _, p := range parts {
		if p.Text != "" {
			texts = append(texts, p.Text)
		}
	}
	return strings.Join(texts, sep)
}

// Fit draws the parts in exactly width cells: the left parts from the
// start separated by sep, the right parts at the end. While they do not
// fit, parts take their short form and then give way, level by level from
// the highest Priority; whatever a shortened line has room for again comes
// back, the most important first. A line of parts that cannot give way is
// cut with ellipsis.
func Fit(parts []Part, width int, sep, ellipsis string) string {
	forms := make([]form, len(parts))
	for i, p := range parts {
		if p.Text == "" {
			forms[i] = dropped
		}
	}
	fits := func() bool { return measure(parts, forms, sep) <= width }
	if !fits() {
		shrink(parts, forms, fits)
		restore(parts, forms, fits)
	}
	return styles.Fit(render(parts, forms, width, sep), width, ellipsis)
}

// shrink shortens and drops parts, level by level, until they fit.
func shrink(parts []Part, forms []form, fits func() bool) {
	for _, level := range levels(parts) {
		for i := len(parts) - 1; i >= 0; i-- {
			if parts[i].Priority == level && parts[i].Short != "" && forms[i] == full {
				forms[i] = short
				if fits() {
					return
				}
			}
		}
		if level == 0 {
			return
		}
		for i := len(parts) - 1; i >= 0; i-- {
			if parts[i].Priority == level && !parts[i].Keep && forms[i] != dropped {
				forms[i] = dropped
				if fits() {
					return
				}
			}
		}
	}
}

// restore brings parts back while the line fits, the most important
// first, each in full if it fits and else in its short form.
func restore(parts []Part, forms []form, fits func() bool) {
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return parts[a].Priority - parts[b].Priority })
	for _, i := range order {
		if parts[i].Text == "" || forms[i] == full {
			continue
		}
		was := forms[i]
		if forms[i] = full; fits() {
			continue
		}
		forms[i] = was
		if was == dropped && parts[i].Short != "" {
			if forms[i] = short; !fits() {
				forms[i] = dropped
			}
		}
	}
}

// levels are the priorities of the parts, highest first.
func levels(parts []Part) []int {
	var out []int
	for _, p := range parts {
		if !slices.Contains(out, p.Priority) {
			out = append(out, p.Priority)
		}
	}
	slices.Sort(out)
	slices.Reverse(out)
	if !slices.Contains(out, 0) {
		out = append(out, 0)
	}
	return out
}

func text(p Part, f form) string {
	if f == short && p.Short != "" {
		return p.Short
	}
	return p.Text
}

// sides joins the parts drawn on each side.
func sides(parts []Part, forms []form, sep string) (left, right string) {
	var l, r []string
	for i, p := range parts {
		if forms[i] == dropped {
			continue
		}
		if p.Right {
			r = append(r, text(p, forms[i]))
		} else {
			l = append(l, text(p, forms[i]))
		}
	}
	return strings.Join(l, sep), strings.Join(r, sep)
}

// measure is the width the line needs, with a space at least between the sides.
func measure(parts []Part, forms []form, sep string) int {
	left, right := sides(parts, forms, sep)
	if right == "" {
		return styles.Width(left)
	}
	if left == "" {
		return styles.Width(right)
	}
	return styles.Width(left) + 1 + styles.Width(right)
}

func render(parts []Part, forms []form, width int, sep string) string {
	left, right := sides(parts, forms, sep)
	if right == "" {
		return left
	}
	gap := max(width-styles.Width(left)-styles.Width(right), 1)
	return left + strings.Repeat(" ", gap) + right
}
