package refusal

import (
	"errors"
	"fmt"
	"testing"
)

func TestWrappedRefusalKeepsItsCode(t *testing.T) {
	errTest := Register("test", 99999, "test refusal")
	defer delete(registered, 99999)

	err := fmt.Errorf("context: %w", errTest.Wrapf("number %q", "BW-1"))
	if !errors.Is(err, errTest) {
		t.Fatal("errors.Is lost the refusal")
	}
	space, code, log := ABCIInfo(err)
	if space != "test" || code != 99999 || log != `context: test refusal: number "BW-1"` {
		t.Fatalf("ABCIInfo = %q %d %q", space, code, log)
	}
}

func TestPlainErrorIsInternal(t *testing.T) {
	_, code, _ := ABCIInfo(errors.New("disk on fire"))
	if code != CodeInternal {
		t.Fatalf("code = %d, want %d", code, CodeInternal)
	}
}

func TestDuplicateCodePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("registering code 1 twice did not panic")
		}
	}()
	Register("other", CodeInternal, "again")
}
