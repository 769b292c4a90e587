package app_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/core/module"
)

// protoServices lists "/<package>.<Service>/<Method>" for every method of the
// project's proto services called name ("Query", "Msg"), and for Msg the
// type URL of each request.
func protoServices(name string) (paths, requests []string) {
	proto.HybridResolver.RangeFiles(func(f protoreflect.FileDescriptor) bool {
		if !strings.HasPrefix(string(f.Package()), "kpledger.") {
			return true
		}
		for i := 0; i < f.Services().Len(); i++ {
			s := f.Services().Get(i)
			if string(s.Name()) != name {
				continue
			}
			for j := 0; j < s.Methods().Len(); j++ {
				m := s.Methods().Get(j)
				paths = append(paths, "/"+string(s.FullName())+"/"+string(m.Name()))
				requests = append(requests, "/"+string(m.Input().FullName()))
			}
		}
		return true
	})
	slices.Sort(paths)
	slices.Sort(requests)
	return paths, requests
}

// TestQueryPathsAreTheProtoServices: the app answers exactly the methods of
// the project's Query services (and /store/key), so a path constant can
// neither name a method the proto lacks nor leave one unrouted.
func TestQueryPathsAreTheProtoServices(t *testing.T) {
	a, err := app.NewInMemory(app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	want, _ := protoServices("Query")
	want = append(want, module.StoreKeyPath)
	slices.Sort(want)
	got := a.QueryPaths()
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("routed query paths differ from the proto services:\nrouted: %v\nproto:  %v", got, want)
	}
	if len(want) < 30 {
		t.Errorf("only %d query methods found in the proto registry", len(want))
	}
}

// TestMessagesAreTheProtoServices: every request of the Msg services is a
// routed message, and every routed message is one.
func TestMessagesAreTheProtoServices(t *testing.T) {
	a, err := app.NewInMemory(app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	_, want := protoServices("Msg")
	got := a.MsgRouter().TypeURLs()
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("routed messages differ from the Msg services:\nrouted: %v\nproto:  %v", got, want)
	}
}
