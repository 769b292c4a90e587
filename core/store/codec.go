package store

// Record is a value kept in the store: a gogoproto message.
type Record interface {
	Marshal() ([]byte, error)
	Unmarshal([]byte) error
}

// Load reads the record at key into into; false when the key is absent. State
// written by the app always decodes, so a decode failure is a Failure.
func Load(s KVStore, key []byte, into Record) bool {
	bz := s.Get(key)
	if bz == nil {
		return false
	}
	if err := into.Unmarshal(bz); err != nil {
		panic(Failure{Err: err})
	}
	return true
}

// Save writes a record at key.
func Save(s KVStore, key []byte, value Record) {
	bz, err := value.Marshal()
	if err != nil {
		panic(Failure{Err: err})
	}
	s.Set(key, bz)
}

// LoadAll reads every record under prefix, in key order.
func LoadAll[T any, PT interface {
	*T
	Record
}](s KVStore, prefix []byte) []T {
	it := s.Iterator(prefix, PrefixEnd(prefix))
	defer it.Close()
	var out []T
	for ; it.Valid(); it.Next() {
		var v T
		if err := PT(&v).Unmarshal(it.Value()); err != nil {
			panic(Failure{Err: err})
		}
		out = append(out, v)
	}
	return out
}
