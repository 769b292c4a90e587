package app_test

import (
	"errors"
	"testing"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
)

// TestHaltHeight: the app signals a planned halt once it has committed the
// halt height, not before (a coordinated upgrade, `kpd start --halt-height`).
func TestHaltHeight(t *testing.T) {
	c := apptest.New(t, apptest.WithAppOptions(app.Options{HaltHeight: 3}))
	for c.Height < 3 {
		select {
		case <-c.App.Halted():
			t.Fatalf("halted at height %d, before the halt height", c.Height)
		default:
		}
		c.Block()
	}
	select {
	case <-c.App.Halted():
	default:
		t.Fatal("not halted after committing the halt height")
	}
	if !errors.Is(c.App.HaltError(), app.ErrHaltHeight) {
		t.Fatalf("halt error %v", c.App.HaltError())
	}
}
