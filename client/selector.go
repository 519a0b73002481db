package client

import (
	"fmt"
	"strings"
)

// Selector is a parsed label selector in Sensu's syntax: requirements such
// as `region == eu`, `team != web`, `env in [prod, staging]`,
// `env notin [dev]` or `role matches db`, joined by "&&". The community
// edition ignores selectors sent to it, so callers apply Matches themselves.
type Selector struct {
	text string
	reqs []requirement
}

type requirement struct {
	key, op string
	values  []string
}

// operators, longest first so "!=" is not read as "=".
var operators = []string{"==", "!=", " notin ", " in ", " matches "}

// ParseSelector reads a selector; the empty string selects everything.
func ParseSelector(text string) (Selector, error) {
	s := Selector{text: strings.TrimSpace(text)}
	if s.text == "" {
		return s, nil
	}
	for part := range strings.SplitSeq(s.text, "&&") {
		r, err := parseRequirement(strings.TrimSpace(part))
		if err != nil {
			return Selector{}, err
		}
		s.reqs = append(s.reqs, r)
	}
	return s, nil
}

func parseRequirement(part string) (requirement, error) {
	for _, op := range operators {
		key, value, ok := strings.Cut(part, op)
		if !ok {
			continue
		}
		r := requirement{key: strings.TrimSpace(key), op: strings.TrimSpace(op)}
		value = strings.TrimSpace(value)
		if r.op == "in" || r.op == "notin" {
			if !strings.HasPrefix(value, "[") || !strings.HasSuffix(value, "]") {
				return requirement{}, fmt.Errorf("selector %q: %s needs a list such as [a, b]", part, r.op)
			}
			for v := range strings.SplitSeq(value[1:len(value)-1], ",") {
				r.values = append(r.values, unquote(v))
			}
		} else {
			r.values = []string{unquote(value)}
		}
		if r.key == "" || (len(r.values) == 1 && r.values[0] == "" && r.op != "==" && r.op != "!=") {
			return requirement{}, fmt.Errorf("selector %q: a key and a value are needed", part)
		}
		return r, nil
	}
	return requirement{}, fmt.Errorf("selector %q: use ==, !=, in, notin or matches", part)
}

func unquote(s string) string {
	return strings.Trim(strings.TrimSpace(s), `"'`)
}

// Matches reports whether labels satisfy every requirement.
func (s Selector) Matches(labels map[string]string) bool {
	for _, r := range s.reqs {
		value, has := labels[r.key]
		switch r.op {
		case "==":
			if !has || value != r.values[0] {
				return false
			}
		case "!=":
			if has && value == r.values[0] {
				return false
			}
		case "in":
			if !has || !contains(r.values, value) {
				return false
			}
		case "notin":
			if has && contains(r.values, value) {
				return false
			}
		case "matches":
			if !has || !strings.Contains(value, r.values[0]) {
				return false
			}
		}
	}
	return true
}

// Keys are the keys the selector tests, in the order written.
func (s Selector) Keys() []string {
	keys := make([]string, len(s.reqs))
	for i, r := range s.reqs {
		keys[i] = r.key
	}
	return keys
}

// Empty reports whether the selector selects everything.
func (s Selector) Empty() bool { return len(s.reqs) == 0 }

// String is the selector as the server is sent it.
func (s Selector) String() string { return s.text }

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
