package module

import (
	"fmt"

	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/core/envelope"
)

// Msg is a transaction message: a gogoproto message that checks itself without
// state.
type Msg interface {
	proto.Message
	Marshal() ([]byte, error)
	Unmarshal([]byte) error
	ValidateBasic() error
}

// TypeURL is the type URL of a message inside google.protobuf.Any: "/" and the
// message's full proto name.
func TypeURL(msg proto.Message) string { return "/" + proto.MessageName(msg) }

// MsgRoute is everything the app knows of one message type.
type MsgRoute struct {
	TypeURL string
	// Roles are the roles allowed to sign the message.
	Roles  []envelope.Role
	New    func() Msg
	handle func(ctx *Context, msg Msg) error
}

// Handle runs the message's handler.
func (r *MsgRoute) Handle(ctx *Context, msg Msg) error { return r.handle(ctx, msg) }

// Allows reports whether a signer's role may sign the message.
func (r *MsgRoute) Allows(role envelope.Role) bool {
	for _, allowed := range r.Roles {
		if role == allowed {
			return true
		}
	}
	return false
}

// MsgRouter maps type URLs to message routes.
type MsgRouter struct {
	routes map[string]*MsgRoute
	order  []string
}

// NewMsgRouter returns an empty router.
func NewMsgRouter() *MsgRouter { return &MsgRouter{routes: map[string]*MsgRoute{}} }

// HandleMsg registers a message type, the roles that may sign it and its handler.
func HandleMsg[M any, PM interface {
	*M
	Msg
}](r *MsgRouter, roles []envelope.Role, handler func(ctx *Context, msg PM) error) {
	url := TypeURL(PM(new(M)))
	if _, dup := r.routes[url]; dup {
		panic(fmt.Sprintf("ledger: message %s registered twice", url))
	}
	if len(roles) == 0 {
		panic(fmt.Sprintf("ledger: message %s has no signer role", url))
	}
	r.routes[url] = &MsgRoute{
		TypeURL: url,
		Roles:   roles,
		New:     func() Msg { return PM(new(M)) },
		handle:  func(ctx *Context, msg Msg) error { return handler(ctx, msg.(PM)) },
	}
	r.order = append(r.order, url)
}

// Route returns the route of a type URL, or nil.
func (r *MsgRouter) Route(typeURL string) *MsgRoute { return r.routes[typeURL] }

// TypeURLs lists the registered type URLs in registration order.
func (r *MsgRouter) TypeURLs() []string { return append([]string(nil), r.order...) }

// Marshaler is a query response.
type Marshaler interface {
	proto.Message
	Marshal() ([]byte, error)
}

// Paths the app answers itself, beside the modules' /kpledger.<module>.v1.Query/<Method>.
const (
	// StoreKeyPath returns the raw value at the key in data, with an ICS23 proof
	// when asked (store keys are a public contract).
	StoreKeyPath = "/store/key"
	// ProofOpType names the ICS23 IAVL proof in a query's ProofOps.
	ProofOpType = "ics23:iavl"
	// MaxScan bounds the store entries one call of a list query examines.
	// A filter that matches few of them ends the call with a short page,
	// even an empty one, and a continuation key: no query's work grows with
	// the state.
	MaxScan = 1000
)

// QueryRouter maps query paths to handlers.
type QueryRouter struct {
	routes map[string]func(ctx *QueryContext, request []byte) (Marshaler, error)
	order  []string
}

// NewQueryRouter returns an empty router.
func NewQueryRouter() *QueryRouter {
	return &QueryRouter{routes: map[string]func(*QueryContext, []byte) (Marshaler, error){}}
}

// HandleQuery registers a query method at /<proto package>.Query/<method>; the
// request arrives as proto bytes in the ABCI query's data.
func HandleQuery[Req any, PReq interface {
	*Req
	proto.Message
	Unmarshal([]byte) error
}, Resp Marshaler](r *QueryRouter, path string, handler func(ctx *QueryContext, req PReq) (Resp, error)) {
	if _, dup := r.routes[path]; dup {
		panic(fmt.Sprintf("ledger: query %s registered twice", path))
	}
	r.routes[path] = func(ctx *QueryContext, data []byte) (Marshaler, error) {
		req := PReq(new(Req))
		if err := req.Unmarshal(data); err != nil {
			return nil, ErrBadQueryRequest.Wrapf("%s: %v", path, err)
		}
		return handler(ctx, req)
	}
	r.order = append(r.order, path)
}

// Route returns the handler of a path, or nil.
func (r *QueryRouter) Route(path string) func(ctx *QueryContext, request []byte) (Marshaler, error) {
	return r.routes[path]
}

// Paths lists the registered paths in registration order.
func (r *QueryRouter) Paths() []string { return append([]string(nil), r.order...) }
