// Package codec is the JSON form of kpledger's proto messages (DESIGN §4):
// gogoproto jsonpb with proto (snake_case) field names and every field shown.
// Genesis app_state sections are read with it, strictly: an unknown field is an
// error.
package codec

import (
	"bytes"

	"github.com/cosmos/gogoproto/jsonpb"
	"github.com/cosmos/gogoproto/proto"
)

// MarshalJSON renders a message as indented JSON with proto field names.
func MarshalJSON(msg proto.Message) ([]byte, error) {
	var buf bytes.Buffer
	m := jsonpb.Marshaler{OrigName: true, EmitDefaults: true, Indent: "  "}
	if err := m.Marshal(&buf, msg); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalJSON reads a message from JSON, refusing unknown fields.
func UnmarshalJSON(bz []byte, into proto.Message) error {
	return (&jsonpb.Unmarshaler{}).Unmarshal(bytes.NewReader(bz), into)
}
