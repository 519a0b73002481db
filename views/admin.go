package views

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sensu-tui/sensu-tui/client"
	"github.com/sensu-tui/sensu-tui/keymap"
	"github.com/sensu-tui/sensu-tui/ui/table"
)

// adminSpec describes a read-only view of one kind of configuration, such
// as handlers or roles: a list with a name column first, a detail page with
// every field, the raw resource and the filter. What every such view shows
// the same way (the name, namespace, labels, annotations and creator, the
// key, the name sort, the name fields) newAdmin does once for all of them.
type adminSpec[T any] struct {
	name, noun, singular string
	resource             client.Resource
	// meta is the item's metadata; for kinds without any (users,
	// namespaces) a made-up one holding the name, with bare set.
	meta func(T) client.ObjectMeta
	bare bool
	// field is the kind's prefix in Sensu's field selectors ("handler");
	// nameField overrides field+".name" where Sensu names it otherwise.
	field, nameField string
	// nameTitle overrides the NAME column's title.
	nameTitle string
	// columns and cells come after the name; cells gives one text per column.
	columns []table.Column
	cells   func(T) []string
	// facts are label, value pairs for the detail page, after the name and
	// namespace and before the metadata.
	facts func(T) []string
	// fields are the kind's own field-selector fields, by their full names.
	fields func(T) map[string]string
	// search adds short names for the filter to match fuzzily, and text it
	// matches as a substring.
	search func(T) (names []string, text string)
}

// newAdmin builds the list view for an adminSpec.
func newAdmin[T any](env Env, a adminSpec[T]) *Resource[T] {
	namespaced := a.resource.Namespaced()
	key := func(item T) string {
		m := a.meta(item)
		if namespaced {
			return m.Namespace + "/" + m.Name
		}
		return m.Name
	}
	spec := Spec[T]{
		Name:     a.name,
		Noun:     a.noun,
		Singular: a.singular,
		Resource: a.resource,
		Columns:  append([]table.Column{{Title: cmp.Or(a.nameTitle, "NAME"), Width: 16, Flex: 1}}, a.columns...),
		Key:      key,
		Cells: func(item T, _ time.Time) []table.Cell {
			texts := a.cells(item)
			cells := make([]table.Cell, 0, len(texts)+1)
			cells = append(cells, table.Cell{Text: a.meta(item).Name})
			for _, text := range texts {
				cells = append(cells, table.Cell{Text: text})
			}
			return cells
		},
		// By namespace then name, as the server lists them.
		Sorts: []Sort[T]{{"name", func(x, y T) int { return strings.Compare(key(x), key(y)) }}},
		Search: func(item T) ([]string, string) {
			m := a.meta(item)
			names := []string{m.Name, labels(m.Labels)}
			if a.search == nil {
				return names, ""
			}
			more, text := a.search(item)
			return append(names, more...), text
		},
		Detail: func(item T, _ time.Time) string {
			m := a.meta(item)
			pairs := []string{cmp.Or(titleCase(a.nameTitle), "Name"), m.Name}
			if namespaced {
				pairs = append(pairs, "Namespace", m.Namespace)
			}
			if a.facts != nil {
				pairs = append(pairs, a.facts(item)...)
			}
			if !a.bare {
				pairs = append(pairs, "Labels", labels(m.Labels), "Annotations", labels(m.Annotations),
					"Created by", cmp.Or(m.CreatedBy, "-"))
			}
			return facts(pairs...)
		},
		Fields: func(item T) map[string]string {
			m := a.meta(item)
			fields := map[string]string{cmp.Or(a.nameField, a.field+".name"): m.Name}
			if namespaced {
				fields[a.field+".namespace"] = m.Namespace
			}
			if a.fields != nil {
				maps.Copy(fields, a.fields(item))
			}
			return fields
		},
		Labels:   func(item T) map[string]string { return a.meta(item).Labels },
		ItemName: func(item T) string { return a.meta(item).Name },
	}
	if namespaced {
		spec.Namespace = func(item T) string { return a.meta(item).Namespace }
	}
	return NewResource(spec, env, keymap.DefaultTable())
}

// titleCase is "USERNAME" as a detail label: "Username".
func titleCase(s string) string {
	if s == "" {
		return ""
	}
	return s[:1] + strings.ToLower(s[1:])
}

// seconds is a timeout in whole seconds; "-" when none is set.
func seconds(n uint32) string {
	if n == 0 {
		return "-"
	}
	return strconv.FormatUint(uint64(n), 10) + "s"
}

// lines lists items one a line, for detail pages; "-" for none.
func lines(items []string) string {
	if len(items) == 0 {
		return "-"
	}
	return strings.Join(items, "\n")
}

// hidden is the mark that stands for a value the detail page does not show.
const hidden = "••••"

// hiddenValues lists "NAME=value" pairs with the values hidden, since
// environment variables often carry credentials; the raw page (y) shows
// them when asked.
func hiddenValues(pairs []string) string {
	out := make([]string, len(pairs))
	for i, p := range pairs {
		if name, _, ok := strings.Cut(p, "="); ok {
			p = name + "=" + hidden
		}
		out[i] = p
	}
	return lines(out)
}

// hiddenHeaders lists HTTP headers by name with their values hidden, since
// they often carry tokens.
func hiddenHeaders(headers map[string]string) string {
	names := slices.Sorted(maps.Keys(headers))
	for i, name := range names {
		names[i] = name + ": " + hidden
	}
	return lines(names)
}

// secretRefs lists which secret each environment variable comes from.
func secretRefs(refs []client.SecretRef) string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Name + " from secret " + r.Secret
	}
	return lines(out)
}
