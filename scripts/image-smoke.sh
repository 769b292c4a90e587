#!/usr/bin/env bash
# Smoke test of the container image (make image-smoke, CI): `kpd version`,
# then a 1-validator node started inside the image on a home the host's kpd
# made, until it has committed blocks; then SIGTERM must stop it.
set -euo pipefail
image=${1:?usage: scripts/image-smoke.sh IMAGE}
kpd=${KPD:-build/kpd}
buildah="buildah --storage-driver vfs"
chain_id="kpledger-smoke-$$"

# A base port whose p2p, RPC and serve ports nothing listens on.
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
base_port=
for _ in $(seq 50); do
  p=$((20000 + 10 * (RANDOM % 1000)))
  if ! in_use "$p" && ! in_use $((p + 1)) && ! in_use $((p + 2)); then base_port=$p; break; fi
done
[ -n "$base_port" ] || { echo "no free ports"; exit 1; }
rpc="tcp://127.0.0.1:$((base_port + 1))"

dir=$(mktemp -d)
ctr=$($buildah from --pull-never "$image")
# buildah run hides a bind mount on a path the image declares a VOLUME
# (podman and docker do not): the working container drops the declaration.
$buildah config --volume /kpd- "$ctr"
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  $buildah rm "$ctr" >/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

$buildah run --isolation chroot "$ctr" -- /usr/local/bin/kpd version

$kpd testnet init --validators 1 --participants BW --output "$dir/net" --base-port "$base_port" \
  --chain-id "$chain_id" --empty-block-interval 1s --timeout-commit 200ms >/dev/null
chown -R 10001:10001 "$dir/net/node0"
$buildah run --isolation chroot --network host -v "$dir/net/node0:/kpd" "$ctr" \
  -- /usr/local/bin/kpd start --home /kpd >"$dir/node.log" 2>&1 &
pid=$!

height=0
for _ in $(seq 120); do
  if out=$($kpd comet trust-point --node "$rpc" -o json 2>/dev/null) && grep -q "\"chain_id\":\"$chain_id\"" <<<"$out"; then
    height=$(sed -n 's/.*"height":"\([0-9]*\)".*/\1/p' <<<"$out")
    [ "${height:-0}" -ge 3 ] && break
  fi
  sleep 0.5
done
if [ "${height:-0}" -lt 3 ]; then
  echo "the node in the image did not reach height 3; its log:"; tail -30 "$dir/node.log"; exit 1
fi
echo "the node in the image committed block $height"

kill -0 "$pid" 2>/dev/null || { echo "the node in the image exited early; its log:"; tail -30 "$dir/node.log"; exit 1; }

# Graceful stop: SIGTERM to kpd itself (buildah run ends its child with
# SIGKILL when signalled; podman and docker deliver the signal to kpd).
node=
frontier=$pid
while [ -n "$frontier" ] && [ -z "$node" ]; do
  next=
  for p in $frontier; do
    for c in $(pgrep -P "$p" || true); do
      if [ "$(cat "/proc/$c/comm" 2>/dev/null)" = kpd ]; then node=$c; fi
      next="$next $c"
    done
  done
  frontier=$next
done
[ -n "$node" ] || { echo "no kpd process under buildah run $pid"; exit 1; }
kill -TERM "$node"
for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then echo "the node did not stop on SIGTERM"; tail -30 "$dir/node.log"; exit 1; fi
wait "$pid" || { echo "the node exited with an error:"; tail -10 "$dir/node.log"; exit 1; }
pid=
grep -q "stopping kpledger node" "$dir/node.log" || { echo "no graceful stop in the log"; tail -5 "$dir/node.log"; exit 1; }
echo "image smoke test passed: kpd version, a 1-validator node, a graceful stop"
