package store

import (
	"bytes"
	"fmt"
	"math/rand"
	"sort"
	"testing"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/iavl"
	iavldb "github.com/cosmos/iavl/db"
)

func newTree(t *testing.T) *iavl.MutableTree {
	t.Helper()
	tree := iavl.NewMutableTree(iavldb.NewWrapper(dbm.NewMemDB()), 1000, false, iavl.NewNopLogger())
	if _, err := tree.Load(); err != nil {
		t.Fatal(err)
	}
	return tree
}

func collect(it Iterator) []string {
	defer it.Close()
	var out []string
	for ; it.Valid(); it.Next() {
		out = append(out, string(it.Key())+"="+string(it.Value()))
	}
	return out
}

// TestBufferMatchesModel drives random writes through a buffer and through a
// plain map, then compares reads and iteration in both directions, before and
// after Write.
func TestBufferMatchesModel(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for round := 0; round < 50; round++ {
		tree := NewTree(newTree(t))
		model := map[string]string{}
		for i := 0; i < 30; i++ {
			k, v := fmt.Sprintf("k%02d", rng.Intn(40)), fmt.Sprintf("p%d", i)
			tree.Set([]byte(k), []byte(v))
			model[k] = v
		}
		buf := NewBuffer(tree)
		for i := 0; i < 40; i++ {
			k := fmt.Sprintf("k%02d", rng.Intn(40))
			if rng.Intn(3) == 0 {
				buf.Delete([]byte(k))
				delete(model, k)
			} else {
				v := fmt.Sprintf("b%d", i)
				buf.Set([]byte(k), []byte(v))
				model[k] = v
			}
		}
		start, end := []byte(fmt.Sprintf("k%02d", rng.Intn(20))), []byte(fmt.Sprintf("k%02d", 20+rng.Intn(20)))
		want := modelRange(model, start, end)
		for _, s := range []KVStore{buf, tree} {
			if s == KVStore(tree) {
				buf.Write()
			}
			if got := collect(s.Iterator(start, end)); !equal(got, want) {
				t.Fatalf("round %d: ascending\n got %v\nwant %v", round, got, want)
			}
			rev := collect(s.ReverseIterator(start, end))
			for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
				rev[i], rev[j] = rev[j], rev[i]
			}
			if !equal(rev, want) {
				t.Fatalf("round %d: descending\n got %v\nwant %v", round, rev, want)
			}
			for k, v := range model {
				if got := s.Get([]byte(k)); string(got) != v {
					t.Fatalf("round %d: Get(%s) = %q, want %q", round, k, got, v)
				}
			}
		}
	}
}

func modelRange(model map[string]string, start, end []byte) []string {
	var out []string
	for k, v := range model {
		if inRange([]byte(k), start, end) {
			out = append(out, k+"="+v)
		}
	}
	sort.Strings(out)
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDiscardLeavesParentUnchanged(t *testing.T) {
	tree := NewTree(newTree(t))
	tree.Set([]byte("a"), []byte("1"))
	buf := NewBuffer(tree)
	buf.Set([]byte("a"), []byte("2"))
	buf.Set([]byte("b"), []byte("3"))
	buf.Discard()
	if got := tree.Get([]byte("a")); string(got) != "1" || tree.Has([]byte("b")) {
		t.Fatalf("parent changed: a=%q b present=%v", got, tree.Has([]byte("b")))
	}
}

func TestPrefixConfinesKeys(t *testing.T) {
	tree := NewTree(newTree(t))
	tree.Set([]byte{0x0F, 'z'}, []byte("before"))
	tree.Set([]byte{0x11, 'a'}, []byte("after"))
	p := NewPrefix(tree, []byte{0x10})
	p.Set([]byte("b"), []byte("2"))
	p.Set([]byte("a"), []byte("1"))
	if got := collect(p.Iterator(nil, nil)); !equal(got, []string{"a=1", "b=2"}) {
		t.Fatalf("prefix iteration = %v", got)
	}
	if got := collect(p.ReverseIterator([]byte("a"), []byte("b"))); !equal(got, []string{"a=1"}) {
		t.Fatalf("bounded reverse = %v", got)
	}
	if !bytes.Equal(tree.Get([]byte{0x10, 'a'}), []byte("1")) {
		t.Fatal("prefix not applied to the parent's key")
	}
}

func TestPrefixEnd(t *testing.T) {
	cases := []struct{ in, want []byte }{
		{[]byte{0x10}, []byte{0x11}},
		{[]byte{0x10, 0xFF}, []byte{0x11}},
		{[]byte{0xFF, 0xFF}, nil},
	}
	for _, c := range cases {
		if got := PrefixEnd(c.in); !bytes.Equal(got, c.want) {
			t.Errorf("PrefixEnd(%x) = %x, want %x", c.in, got, c.want)
		}
	}
}

// TestReadCacheKeepsTheTreesHash: reads, writes and deletes through a read
// cache read what the tree holds and leave the tree with the hash of the
// same writes made on it directly (the order of writes shapes an IAVL tree).
func TestReadCacheKeepsTheTreesHash(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	direct, cachedTree := newTree(t), newTree(t)
	plain, cached := NewTree(direct), NewReadCache(NewTree(cachedTree))
	for i := 0; i < 3000; i++ {
		key := []byte(fmt.Sprintf("k%03d", rng.Intn(200)))
		switch rng.Intn(4) {
		case 0:
			v := []byte(fmt.Sprint(i))
			plain.Set(key, v)
			cached.Set(key, v)
		case 1:
			plain.Delete(key)
			cached.Delete(key)
		default:
			if got, want := cached.Get(key), plain.Get(key); !bytes.Equal(got, want) || cached.Has(key) != (want != nil) {
				t.Fatalf("step %d: Get(%s) = %q, the tree holds %q", i, key, got, want)
			}
		}
	}
	if a, b := collect(plain.Iterator(nil, nil)), collect(cached.Iterator(nil, nil)); fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatal("iterators differ")
	}
	if !bytes.Equal(direct.WorkingHash(), cachedTree.WorkingHash()) {
		t.Fatal("the tree written through the cache has another hash")
	}
}
