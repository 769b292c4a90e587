package audit

import (
	"encoding/binary"
	"fmt"

	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
)

// scanAppDB reads every record of a node's application database in the
// order it is stored, so that each of its blocks passes its checksum: the
// replay compares the node's tree only where it leads (the root of every
// height, every key of the last), and a byte flipped in a node that only an
// older height reaches would pass unseen. An unreadable record is named by
// the height of the last tree node read before it.
func scanAppDB(home string) error {
	comet, err := node.LoadCometConfig(home)
	if err != nil {
		return err
	}
	conf, err := node.LoadAppConfig(home)
	if err != nil {
		return err
	}
	db, err := node.OpenStateDB("application", conf.DBBackend, comet.DBDir())
	if err != nil {
		return fmt.Errorf("the node's application database (%s/application.db) cannot be opened: %w", comet.DBDir(), err)
	}
	defer db.Close()
	it, err := db.Iterator(nil, nil)
	if err != nil {
		return err
	}
	var last []byte
	records := 0
	for ; it.Valid(); it.Next() {
		last = append(last[:0], it.Key()...)
		_ = it.Value()
		records++
	}
	err = it.Error()
	if cerr := it.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		return nil
	}
	where := "before its first record"
	if last != nil {
		where = fmt.Sprintf("after record %d (key %X)", records, last)
		// IAVL's node keys are 's', the version (the height) and a nonce.
		if len(last) == 13 && last[0] == 's' {
			where = fmt.Sprintf("after a tree node of height %d (key %X)", binary.BigEndian.Uint64(last[1:9]), last)
		}
	}
	return fmt.Errorf("the node's application database (%s/application.db) cannot be read %s: %w", comet.DBDir(), where, err)
}
