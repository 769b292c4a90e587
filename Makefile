# kpledger — see README.md. Every target works offline once the Go modules are
# in the cache.

GO        ?= go
BUILD_DIR ?= build
KPD       := $(BUILD_DIR)/kpd
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X github.com/kpledger/kpledger/app.Version=$(VERSION)

LOCALNET_DIR        ?= localnet
LOCALNET_VALIDATORS ?= 4
LOCALNET_BASE_PORT  ?= 26600

# Benchmarks (not part of test or CI): the full run rewrites the committed
# report that bench-quick compares against.
BENCH_REPORT ?= docs/bench/report.json

.PHONY: all build install image image-smoke test test-web test-faults kp2005-net fuzz-short demo demo-stop vet fmt-check proto-gen proto-check localnet-start localnet-stop bench bench-quick clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(KPD) ./cmd/kpd

install:
	$(GO) install -ldflags "$(LDFLAGS)" ./cmd/kpd

## image: the container image (Containerfile): a static kpd on an empty base,
## built offline with buildah (vfs storage, chroot isolation: no daemon, no
## privileges beyond a root shell).
IMAGE     ?= kpledger/kpd:$(VERSION)
BUILDAH   ?= buildah --storage-driver vfs
image:
	rm -rf $(BUILD_DIR)/image && mkdir -p $(BUILD_DIR)/image/home
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS) -s -w" -o $(BUILD_DIR)/image/kpd ./cmd/kpd
	$(BUILDAH) bud --isolation chroot --layers=false -f Containerfile -t $(IMAGE) $(BUILD_DIR)/image

## image-smoke: run `kpd version` and a 1-validator node inside the image.
image-smoke: image build
	scripts/image-smoke.sh $(IMAGE)

## test: vet, formatting, and every unit, keeper, app and network test; what
## reads the state beside block execution (queries, the metrics' state gauges)
## once more under the race detector.
test: vet fmt-check
	$(GO) test -timeout 9m ./...
	$(GO) test -race -run '^(TestQueriesBesideBlocks|TestStateGaugesBesideBlocks|TestSnapshotsWhileCommitting)$$' -count=1 ./app

## test-web: kpd serve in a real browser, Debian's chromium-headless-shell
## (KPD_CHROME to name another): a 1-validator network, a certificate's page,
## the statistics' charts, the French page; screenshots in SCREENSHOTS. Under
## a minute with kpd built; the timeout leaves room for another worktree's
## cluster holding the machine's network-test lock.
SCREENSHOTS ?= $(BUILD_DIR)/screenshots
test-web:
	$(GO) vet -tags browser ./e2e/
	KPD_SCREENSHOTS=$(abspath $(SCREENSHOTS)) $(GO) test -tags browser -count=1 -timeout 5m -run '^TestBrowser$$' -v ./e2e/

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## test-faults: the fault suite (e2e/faults, build tag faults), at most 8
## minutes: a 4-validator network under certificate load through crashes,
## a freeze, a torn WAL and partitions, and 7 validators losing a third;
## prints its tables (also appended to FAULTS_REPORT).
FAULTS_REPORT ?= $(BUILD_DIR)/faults-report.md
test-faults:
	$(GO) vet -tags faults ./e2e/faults
	@mkdir -p $(dir $(FAULTS_REPORT)) && rm -f $(FAULTS_REPORT)
	FAULTS_REPORT=$(abspath $(FAULTS_REPORT)) $(GO) test -tags faults -count=1 -timeout 8m -v ./e2e/faults

## kp2005-net: the 2005 network at scale, not in CI (about 10 minutes, 46
## kpd processes): 45 validators and Chinese Taipei's full node; 14 stopped
## (blocks go on), a 15th (the chain halts), all restarted (all agree);
## prints its table (also written to KP2005_NET_REPORT).
KP2005_NET_REPORT ?= $(BUILD_DIR)/kp2005-net-report.md
kp2005-net:
	$(GO) vet -tags kp2005net ./e2e/kp2005net
	@mkdir -p $(dir $(KP2005_NET_REPORT))
	KP2005_NET_REPORT=$(abspath $(KP2005_NET_REPORT)) $(GO) test -tags kp2005net -count=1 -timeout 60m -v ./e2e/kp2005net

## fuzz-short: every fuzz target, the two that take whole transactions for
## FUZZTIME executions each (CI; 80,000 is 15-30 s on 2 cores), the others
## for FUZZTIME_PARTS (the whole run at most 2 minutes). A count, not a
## duration: Go 1.26's fuzz coordinator can fail a duration run with
## "context deadline exceeded" at its end (golang/go#75804, fixed in Go 1.27).
## Their seed corpora (f.Add, testdata/fuzz) run with every `make test`.
FUZZTIME ?= 80000x
FUZZTIME_PARTS ?= 4000x
fuzz-short:
	$(GO) test ./core/envelope -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME)
	$(GO) test ./app -run '^$$' -fuzz '^FuzzCheckTxAndFinalize$$' -fuzztime $(FUZZTIME)
	$(GO) test ./core/envelope -run '^$$' -fuzz '^FuzzSignBytes$$' -fuzztime $(FUZZTIME_PARTS)
	$(GO) test ./app -run '^$$' -fuzz '^FuzzValidateBasic$$' -fuzztime $(FUZZTIME_PARTS)
	$(GO) test ./app -run '^$$' -fuzz '^FuzzQuery$$' -fuzztime $(FUZZTIME_PARTS)
	$(GO) test ./core/format -run '^$$' -fuzz '^FuzzParseHundredths$$' -fuzztime $(FUZZTIME_PARTS)
	$(GO) test ./core/format -run '^$$' -fuzz '^FuzzUnmarshalJSON$$' -fuzztime $(FUZZTIME_PARTS)
	$(GO) test ./x/certificate/client -run '^$$' -fuzz '^FuzzFlags$$' -fuzztime $(FUZZTIME_PARTS)

## proto-gen: regenerate the gogoproto code from proto/ (Debian's protoc).
proto-gen:
	scripts/protogen.sh

## proto-check: fail when the committed generated code is stale.
proto-check:
	scripts/protogen.sh --check

## demo: a fresh 4-validator network (BW, ZA, RU, EU) and the life of KP certificates.
DEMO_DIR ?= demo
demo: build
	$(KPD) demo --output $(DEMO_DIR)

demo-stop:
	@if [ -f $(DEMO_DIR)/network.json ]; then $(KPD) testnet stop --output $(DEMO_DIR); else echo "no demo network in $(DEMO_DIR)"; fi

## localnet-start: a 4-validator network on 127.0.0.1, in ./localnet (made once;
## `rm -rf localnet` for a fresh chain).
localnet-start: build
	@if [ ! -f $(LOCALNET_DIR)/network.json ]; then \
	  $(KPD) testnet init --output $(LOCALNET_DIR) --validators $(LOCALNET_VALIDATORS) --base-port $(LOCALNET_BASE_PORT); fi
	$(KPD) testnet start --output $(LOCALNET_DIR)

## localnet-stop: SIGTERM every node, SIGKILL after 10 s.
localnet-stop:
	@if [ -f $(LOCALNET_DIR)/network.json ]; then $(KPD) testnet stop --output $(LOCALNET_DIR); \
	  else echo "no network in $(LOCALNET_DIR)"; fi

## bench: about fifty minutes on 2 cores: ladders to saturation, latency at 50%
## and 90%, CPU split, replay, storage, growth to 1,000,000 certificates;
## kpledger beside CometBFT's kvstore; rewrites the committed report
## and the README's Performance figures (between its kpd bench markers).
bench: build
	$(KPD) bench --report $(BENCH_REPORT) --readme README.md

## bench-quick: about 15 minutes, indicative: a short ladder above the last
## full run's saturations, 130% and 50% of the saturation it found, 15 s
## steps, replay of its own chain (its size said), storage, growth
## as the full run measured it; prints every target with PASS or FAIL.
bench-quick: build
	$(KPD) bench --quick --baseline $(BENCH_REPORT) --report $(BUILD_DIR)/bench-quick.json

clean:
	rm -rf $(BUILD_DIR)
