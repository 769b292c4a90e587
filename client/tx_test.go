package client

import "testing"

func TestParseCheckTxRefusal(t *testing.T) {
	text := `error in json rpc client, with http response metadata: (Status: 200 OK, Protocol HTTP/1.1). RPC error -32603 - Internal error: broadcast error on transaction validation: tx E4C9 is invalid: code=14, data=, log='signer's role may not sign this message: signer 5FA8 is exporter', codespace='app'`
	res, ok := parseCheckTxRefusal(text)
	if !ok || res.Code != 14 || res.Codespace != "app" || res.Log != "signer's role may not sign this message: signer 5FA8 is exporter" {
		t.Fatalf("parsed %+v %v", res, ok)
	}
	if _, ok := parseCheckTxRefusal("connection refused"); ok {
		t.Fatal("parsed a transport error as a refusal")
	}
}
