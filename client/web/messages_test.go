package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kpledger/kpledger/core/envelope"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// TestMessages: every fixed text a page can show exists in the five
// languages, with the same fmt verbs in each.
func TestMessages(t *testing.T) {
	used := map[string]bool{}
	literal := regexp.MustCompile(`\.[TF] "([^"]+)"|"((?:title|detail|field|nav|chart|unit|mining|trade)\.[a-z_.]+)"`)
	templates, _ := fs.Glob(assets, "templates/*.html")
	code, _ := filepath.Glob("*.go")
	for _, path := range append(templates, code...) {
		if strings.HasSuffix(path, "_test.go") || path == "messages.go" {
			continue
		}
		bz, err := fs.ReadFile(assets, path)
		if err != nil {
			bz, err = os.ReadFile(path)
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(bz), -1) {
			used[m[1]+m[2]] = true
		}
	}
	if len(used) < 50 {
		t.Fatalf("found %d keys in the templates and the code: the pattern is wrong", len(used))
	}
	// Keys made of a prefix and a value of the ledger.
	names := func(prefix string, values map[int32]string, name func(int32) string) {
		for v := range values {
			if v != 0 {
				used[prefix+name(v)] = true
			}
		}
	}
	names("status.", certtypes.CertificateStatus_name, func(v int32) string { return certtypes.CertificateStatus(v).Name() })
	names("event.", certtypes.EventKind_name, func(v int32) string { return certtypes.EventKind(v).Name() })
	names("kind.", participanttypes.ParticipantKind_name, func(v int32) string { return participanttypes.ParticipantKind(v).Name() })
	names("pstatus.", participanttypes.ParticipantStatus_name, func(v int32) string { return participanttypes.ParticipantStatus(v).Name() })
	names("okind.", participanttypes.ObserverKind_name, func(v int32) string { return participanttypes.ObserverKind(v).Name() })
	names("kstatus.", participanttypes.KeyStatus_name, func(v int32) string { return participanttypes.KeyStatus(v).Name() })
	names("role.", envelope.Role_name, func(v int32) string { return envelope.Role(v).Name() })
	names("rule.", stattypes.Rule_name, func(v int32) string { return stattypes.Rule(v).Name() })
	names("proposal.", plenarytypes.ProposalStatus_name, func(v int32) string { return plenarytypes.ProposalStatus(v).Name() })
	names("vote.", plenarytypes.VoteOption_name, func(v int32) string { return plenarytypes.VoteOption(v).Name() })
	names("procedure.", plenarytypes.Procedure_name, func(v int32) string { return plenarytypes.Procedure(v).Name() })
	names("followup.", stattypes.FlagStatus_name, func(v int32) string { return stattypes.FlagStatus(v).Name() })
	used["followup.open"] = true // the zero status: a flag nobody has followed up yet
	for _, v := range verdicts {
		used["verdict."+v], used["verdict.explain."+v] = true, true
	}
	for _, f := range append(comparable, "at", "qr.chain", "qr.issuance", "qr.signature") {
		used["field."+f] = true
	}
	keys := make([]string, 0, len(used))
	for k := range used {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	verbs := regexp.MustCompile(`%[a-z]`)
	for _, k := range keys {
		m, ok := messages[k]
		if !ok {
			t.Errorf("no text for %q", k)
			continue
		}
		want := verbs.FindAllString(m[0], -1)
		for i, text := range m {
			if text == "" {
				t.Errorf("%q has no %s text", k, languageNames[i])
			}
			if got := verbs.FindAllString(text, -1); len(got) != len(want) {
				t.Errorf("%q in %s has verbs %v, in English %v", k, languageNames[i], got, want)
			}
		}
	}
	for k := range messages {
		if !used[k] {
			t.Errorf("%q is never shown", k)
		}
	}
}
