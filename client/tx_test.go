package client

import (
	"context"
	"strings"
	"testing"
	"time"
)

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

// TestOneKeyAtATime: a second command with the same key waits for the
// first's lock and gives up after its wait; another key is not held up; the
// lock is free again once the first is done.
func TestOneKeyAtATime(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	unlock, err := lockSigner(ctx, dir, "bw-issuer", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lockSigner(ctx, dir, "bw-issuer", 3*lockPollInterval); err == nil || !strings.Contains(err.Error(), "another command") {
		t.Fatalf("a second lock of the same key: %v", err)
	}
	other, err := lockSigner(ctx, dir, "bw-admin", 0)
	if err != nil {
		t.Fatalf("another key: %v", err)
	}
	other()
	unlock()
	again, err := lockSigner(ctx, dir, "bw-issuer", 0)
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	again()
}
