package client

import (
	"context"
	"fmt"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
)

// Request is a query request: a proto message.
type Request interface{ Marshal() ([]byte, error) }

// Response is a query answer: a proto message.
type Response interface{ Unmarshal([]byte) error }

// QueryError is a query the app refused.
type QueryError struct {
	Path      string
	Code      uint32
	Codespace string
	Log       string
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("%s (code %d, %s)", e.Log, e.Code, e.Codespace)
}

// Query asks the app at --height and decodes the answer; it returns the height
// the answer is from.
func (c *Context) Query(ctx context.Context, path string, req Request, resp Response) (int64, error) {
	return c.queryAt(ctx, c.Height, path, req, resp)
}

func (c *Context) queryAt(ctx context.Context, height int64, path string, req Request, resp Response) (int64, error) {
	rpc, err := c.RPC()
	if err != nil {
		return 0, err
	}
	data, err := req.Marshal()
	if err != nil {
		return 0, err
	}
	res, err := rpc.ABCIQueryWithOptions(ctx, path, data, rpcclient.ABCIQueryOptions{Height: height})
	if err != nil {
		return 0, fmt.Errorf("query %s on %s: %w", path, c.Node, err)
	}
	if res.Response.Code != 0 {
		return res.Response.Height, &QueryError{Path: path, Code: res.Response.Code, Codespace: res.Response.Codespace, Log: res.Response.Log}
	}
	if err := resp.Unmarshal(res.Response.Value); err != nil {
		return 0, fmt.Errorf("decode the answer to %s: %w", path, err)
	}
	return res.Response.Height, nil
}
