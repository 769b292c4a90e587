// Package bench is `kpd bench`: kpledger's throughput and latency measured
// side by side with CometBFT's kvstore example, in one run, on the same
// machine, with the same node settings (DESIGN: timings on shared machines
// drift, so every figure has its reference next to it).
//
// Definitions:
//   - committed tx/s counts code-0 transactions in the blocks committed during
//     a step's window: a step offers a fixed rate for 30 s (StepDuration) and
//     its first 5 s (Warmup) are dropped;
//   - saturation is the highest committed rate over the steps of an
//     offered-rate ladder (70%, 90%, 110% and 130% of the capacity a probe
//     of short doubling steps found, and on by 20% while the top step still
//     commits 95% of what it is offered), run twice;
//   - commit latency of a transaction is from the moment the load generator
//     sends it to the moment node 0 first reports the block holding it
//     (polled every 10 ms); p50, p99 and max at 50% and 90% of saturation;
//   - the CPU split over a step's window: the nodes' CPU time (/proc), of
//     which the app's in CheckTx, FinalizeBlock and Commit (the CPU time of
//     the calling thread, from --bench-timings), the rest counted as
//     CometBFT's (with the databases' background compactions); and the load
//     generator's own CPU time;
//   - a customs officer's verification is `kpd query certificate verify
//     NUMBER -o json` run as a new process, one after another on random
//     committed certificates, against node 1 with node 0's genesis as the
//     light client's root of trust, beside kpledger's 4-validator 50% step;
//     p50 and p99 of those started in the window;
//   - resident memory is each node's VmRSS (/proc/PID/status) at the end
//     of a step's window; with 1,000,000 certificates (the growth
//     measure, full runs) also the time from `kpd start` to its RPC
//     answering, which includes reading the whole app state once
//     (node.CheckStorage);
//   - disk per year of the KP's load (57,000 certificates, each issued,
//     handed over and confirmed) is derived from measured bytes, as
//     DiskPerYear says.
//
// One load generator drives both apps: it pre-builds and pre-signs every
// transaction of a step before the step starts and pins each signer to one
// node. kpledger's load is the real workload — issue → transfer → confirm
// lifecycles of certificates with realistic fields, from many issuers,
// exporters and importers across the participants, each step citing only
// certificates committed before it; kvstore's is ~250-byte key=value
// transactions.
//
// Node settings, the same for both apps: mempool 5000, kv tx indexer, log
// level info, timeout_commit 100 ms with one validator and 1 s with four.
package bench
