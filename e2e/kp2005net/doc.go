// Package kp2005net runs the 2005 network at scale (`make kp2005-net`, not
// in CI; its test carries the build tag kp2005net): the networks/kp2005
// genesis with all 45 voting participants as validators and Chinese
// Taipei's full node, 46 kpd processes on 127.0.0.1 with settings that fit
// 2 cores (GOMAXPROCS=1 each, pex off, a ring of 6 persistent peers, a 10 s
// proposal timeout, error-level logs), certificates flowing between four
// authorities. It stops 14 validators (blocks go on), a 15th (the chain
// halts without forking), restarts them (it resumes and all nodes agree),
// and prints a table of what was injected and what was observed. CI runs
// the 7-validator variant in `make test-faults`.
package kp2005net
