#!/usr/bin/env bash
# protogen.sh regenerates the gogoproto Go code from proto/ — offline: Debian's
# protoc, its well-known types, and protoc-gen-gocosmos built from the module cache.
#
#   scripts/protogen.sh          write the generated files into the tree
#   scripts/protogen.sh --check  fail when the committed files differ from a fresh run
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
module=github.com/kpledger/kpledger

command -v protoc >/dev/null || { echo "protoc not found: apt-get install protobuf-compiler" >&2; exit 1; }
wkt=/usr/include
[ -f "$wkt/google/protobuf/any.proto" ] || { echo "google/protobuf/any.proto not found under $wkt (Debian package libprotobuf-dev)" >&2; exit 1; }
gogo=$(go list -m -f '{{.Dir}}' github.com/cosmos/gogoproto)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/bin/protoc-gen-gocosmos" github.com/cosmos/gogoproto/protoc-gen-gocosmos

out="$work/out"
mkdir -p "$out"
for dir in $(find proto -name '*.proto' -printf '%h\n' | sort -u); do
  PATH="$work/bin:$PATH" protoc \
    -I proto -I "$gogo" -I "$wkt" \
    --gocosmos_out="Mgoogle/protobuf/any.proto=github.com/cosmos/gogoproto/types:$out" \
    "$dir"/*.proto
done

generated="$out/$module"
if [ "${1:-}" = "--check" ]; then
  status=0
  while IFS= read -r f; do
    rel=${f#"$generated/"}
    if ! cmp -s "$f" "$rel"; then echo "stale: $rel (run make proto-gen)" >&2; status=1; fi
  done < <(find "$generated" -name '*.pb.go')
  while IFS= read -r f; do
    [ -f "$generated/$f" ] || { echo "orphaned: $f (its .proto is gone; run make proto-gen)" >&2; status=1; }
  done < <(git ls-files '*.pb.go')
  [ $status -eq 0 ] && echo "proto-check: generated code is up to date"
  exit $status
fi

find "$generated" -name '*.pb.go' | while IFS= read -r f; do
  rel=${f#"$generated/"}
  mkdir -p "$(dirname "$rel")"
  cp "$f" "$rel"
done
echo "proto-gen: wrote $(find "$generated" -name '*.pb.go' | wc -l) files"
