package fakebackend

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"
)

// The GraphQL endpoint runs on graphql-go/graphql, the engine Sensu's own
// backend is built on (through a fork), so parse, validation and coercion
// errors read as they do in the recordings without being imitated here.

// DefaultGraphQLEventCap is how many events of one namespace the GraphQL
// endpoint reads at most; events past it, in key order, are not seen.
const DefaultGraphQLEventCap = 50000

// anonymousMaxDepth is how deep a query without credentials may nest fields.
const anonymousMaxDepth = 5

// gqlOperation is one element of a /graphql body.
type gqlOperation struct {
	Query         string         `json:"query"`
	Variables     map[string]any `json:"variables"`
	OperationName string         `json:"operationName"`
}

// gqlAnswer is the envelope Sensu wraps every result in: auth tells whether
// the request carried valid credentials, and errors is null, not absent,
// when there are none.
type gqlAnswer struct {
	Auth   bool                       `json:"auth"`
	Data   any                        `json:"data"`
	Errors []gqlerrors.FormattedError `json:"errors"`
}

// gqlCall is what the resolvers of one request need: who asks, and when.
type gqlCall struct {
	b         *Backend
	who       principal
	anonymous bool
	now       time.Time
}

type gqlCallKey struct{}

func callOf(ctx context.Context) *gqlCall { return ctx.Value(gqlCallKey{}).(*gqlCall) }

// serveGraphQL answers /graphql in the order the real backend does: only
// POST is routed, bad credentials never reach GraphQL, and a body that is
// not an operation or a batch of them is a REST-style 500.
func (b *Backend) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeEmpty(w, http.StatusMethodNotAllowed, "")
		return
	}
	call := &gqlCall{b: b, now: b.now()}
	switch scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " "); scheme {
	case "Bearer", "Key":
		who, fail := b.authenticate(r)
		if fail != nil {
			writeAuthError(w, fail.status, fail.code, fail.message)
			return
		}
		call.who = who
	default:
		// No header, or Basic: the query runs without claims.
		call.anonymous = true
	}
	if formEncoded(r) {
		writeError(w, http.StatusInternalServerError, codeInternal, "EOF")
		return
	}
	var raw json.RawMessage
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<20)).Decode(&raw); err != nil {
		writeError(w, http.StatusInternalServerError, codeInternal, err.Error())
		return
	}
	var answer any
	switch raw[0] {
	case '{':
		var op gqlOperation
		if err := json.Unmarshal(raw, &op); err != nil {
			writeError(w, http.StatusInternalServerError, codeInternal, err.Error())
			return
		}
		answer = b.runGraphQL(r.Context(), call, op)
	case '[':
		var ops []gqlOperation
		if err := json.Unmarshal(raw, &ops); err != nil {
			writeError(w, http.StatusInternalServerError, codeInternal, err.Error())
			return
		}
		answers := make([]gqlAnswer, len(ops))
		for i, op := range ops {
			answers[i] = b.runGraphQL(r.Context(), call, op)
		}
		answer = answers
	default:
		writeError(w, http.StatusInternalServerError, codeInternal, "received unexpected request body")
		return
	}
	body, err := json.Marshal(answer)
	if err != nil {
		writeError(w, http.StatusInternalServerError, codeInternal, err.Error())
		return
	}
	writeBody(w, http.StatusOK, contentJSON, body)
}

// runGraphQL parses, checks and executes one operation. Queries hold the
// read lock and mutations the write lock for the whole execution, so a
// result is one consistent view of the store.
func (b *Backend) runGraphQL(ctx context.Context, call *gqlCall, op gqlOperation) gqlAnswer {
	answer := gqlAnswer{Auth: !call.anonymous}
	src := source.NewSource(&source.Source{Body: []byte(op.Query), Name: "GraphQL request"})
	doc, err := parser.Parse(parser.ParseParams{Source: src})
	if err != nil {
		answer.Errors = gqlerrors.FormatErrors(err)
		return answer
	}
	if call.anonymous {
		if deep := tooDeep(doc, anonymousMaxDepth); deep != nil {
			answer.Errors = []gqlerrors.FormattedError{gqlerrors.FormatError(gqlerrors.NewError("Max depth exceeded", []ast.Node{deep}, "", src, nil, nil))}
			return answer
		}
	}
	schema := gqlSchema()
	if v := graphql.ValidateDocument(&schema, doc, nil); !v.IsValid {
		answer.Errors = v.Errors
		return answer
	}
	if isMutation(doc, op.OperationName) {
		b.mu.Lock()
		defer b.mu.Unlock()
	} else {
		b.mu.RLock()
		defer b.mu.RUnlock()
	}
	res := graphql.Execute(graphql.ExecuteParams{
		Schema:        schema,
		Root:          struct{}{},
		AST:           doc,
		OperationName: op.OperationName,
		Args:          op.Variables,
		Context:       context.WithValue(ctx, gqlCallKey{}, call),
	})
	answer.Data = res.Data
	if len(res.Errors) > 0 {
		answer.Errors = res.Errors
	}
	return answer
}

// isMutation reports whether the operation that will run is a mutation.
func isMutation(doc *ast.Document, name string) bool {
	for _, def := range doc.Definitions {
		op, ok := def.(*ast.OperationDefinition)
		if !ok || name != "" && (op.Name == nil || op.Name.Value != name) {
			continue
		}
		return op.Operation == ast.OperationTypeMutation
	}
	return false
}

// tooDeep returns the first field nested deeper than max, following
// fragment spreads, or nil.
func tooDeep(doc *ast.Document, max int) *ast.Field {
	fragments := map[string]*ast.FragmentDefinition{}
	for _, def := range doc.Definitions {
		if f, ok := def.(*ast.FragmentDefinition); ok && f.Name != nil {
			fragments[f.Name.Value] = f
		}
	}
	var walk func(set *ast.SelectionSet, depth int, seen map[string]bool) *ast.Field
	walk = func(set *ast.SelectionSet, depth int, seen map[string]bool) *ast.Field {
		if set == nil {
			return nil
		}
		for _, sel := range set.Selections {
			switch s := sel.(type) {
			case *ast.Field:
				if depth+1 > max {
					return s
				}
				if deep := walk(s.SelectionSet, depth+1, seen); deep != nil {
					return deep
				}
			case *ast.InlineFragment:
				if deep := walk(s.SelectionSet, depth, seen); deep != nil {
					return deep
				}
			case *ast.FragmentSpread:
				f := fragments[s.Name.Value]
				if f == nil || seen[f.Name.Value] {
					continue
				}
				seen[f.Name.Value] = true
				deep := walk(f.SelectionSet, depth, seen)
				delete(seen, f.Name.Value)
				if deep != nil {
					return deep
				}
			}
		}
		return nil
	}
	for _, def := range doc.Definitions {
		if op, ok := def.(*ast.OperationDefinition); ok {
			if deep := walk(op.SelectionSet, 0, map[string]bool{}); deep != nil {
				return deep
			}
		}
	}
	return nil
}
