package keeper_test

import (
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// cdiResolution is the 2005 resolution on Côte d'Ivoire, put in English.
func cdiResolution() types.Decision {
	return types.Decision{Content: &types.Decision_Text{Text: &types.TextDecision{
		Kind: types.TextKind_TEXT_KIND_RESOLUTION, Title: "Resolution on Côte d'Ivoire", Language: "en",
		Text: "The Plenary resolves that rough diamonds from Côte d'Ivoire be kept out of legitimate trade.",
	}}}
}

var translations = map[string]string{
	"fr": "La Plénière décide que les diamants bruts de Côte d'Ivoire soient tenus à l'écart du commerce légitime.",
	"pt": "O Plenário decide que os diamantes em bruto da Côte d'Ivoire sejam mantidos fora do comércio legítimo.",
	"es": "El Plenario resuelve que los diamantes en bruto de Côte d'Ivoire se mantengan fuera del comercio legítimo.",
	"ru": "Пленарное заседание постановляет не допускать необработанные алмазы из Кот-д'Ивуара в законную торговлю.",
}

func translate(id uint64, lang string) *types.MsgTranslate {
	return &types.MsgTranslate{ProposalId: id, Language: lang, Text: translations[lang]}
}

// TestAdoptedWithTheFifthLanguage: a resolution passes, and is adopted only
// in the block that records its text in the fifth official language (rule 26).
func TestAdoptedWithTheFifthLanguage(t *testing.T) {
	c := newChain(t)
	c.Block()
	p, _ := decide(t, c, cdiResolution())
	if p.Status != passed || fmt.Sprint(p.Languages) != "[en]" {
		t.Fatalf("after the vote: %s in %v", p.Status.Name(), p.Languages)
	}
	for _, lang := range []string{"fr", "pt", "es"} {
		c.DeliverOK(admin(p.Proposer), translate(p.Id, lang))
		if got, _ := c.Proposal(p.Id); got.Status != passed {
			t.Fatalf("with %d languages: %s", len(got.Languages), got.Status.Name())
		}
	}
	c.DeliverOK(admin(p.Proposer), translate(p.Id, "ru"))
	got, _ := c.Proposal(p.Id)
	if got.Status != types.ProposalStatus_PROPOSAL_STATUS_ADOPTED || got.AdoptedAt != c.Time.Unix() || len(got.Languages) != 5 {
		t.Fatalf("with five languages: %s at %d in %v", got.Status.Name(), got.AdoptedAt, got.Languages)
	}

	var fr types.QueryDecisionResponse
	c.MustQuery(types.QueryDecision, &types.QueryDecisionRequest{Id: p.Id, Language: "fr"}, &fr)
	hash := sha256.Sum256([]byte(translations["fr"]))
	if fr.Text.Text != translations["fr"] || string(fr.Text.TextHash) != string(hash[:]) || fr.Text.Participant != p.Proposer || fr.Text.Version != 1 {
		t.Fatalf("the French text %+v", fr.Text)
	}
	var en types.QueryDecisionResponse
	c.MustQuery(types.QueryDecision, &types.QueryDecisionRequest{Id: p.Id, Language: "en"}, &en)
	if en.Text.Text == "" || en.Text.Participant != got.Proposer {
		t.Fatalf("the original text %+v", en.Text)
	}
}

// TestTranslationsWhileVoting: translations recorded while the vote is open
// count; the resolution is adopted at once when it passes with all five.
func TestTranslationsWhileVoting(t *testing.T) {
	c := newChain(t)
	c.Block()
	id := propose(t, c, "BW", cdiResolution())
	for _, lang := range []string{"fr", "pt", "es", "ru"} {
		c.DeliverOK(admin("BW"), translate(id, lang))
	}
	if got, _ := c.Proposal(id); got.Status != voting {
		t.Fatalf("before the vote: %s", got.Status.Name())
	}
	p, _ := c.Proposal(id)
	votes(t, c, join, []uint64{id}, p.Electorate...)
	if got, _ := c.Proposal(id); got.Status != types.ProposalStatus_PROPOSAL_STATUS_ADOPTED {
		t.Fatalf("passed with five languages: %s", got.Status.Name())
	}
}

// TestTranslationReplaced: a French text recorded with an error is replaced
// before adoption; the first stays in history with its sha256, each
// version's sha256 is over the exact bytes submitted (a final newline
// included, as sha256sum computes it on the file). The Chair's officer may
// record texts too. Once adopted, no text changes.
func TestTranslationReplaced(t *testing.T) {
	c := newChain(t, withChair(2005, "RU", "BW"))
	id := propose(t, c, "ZA", cdiResolution())
	wrong := "La Plénière décide.\n"
	c.DeliverOK(admin("ZA"), &types.MsgTranslate{ProposalId: id, Language: "fr", Text: wrong})
	right := translations["fr"] + "\n"
	c.DeliverOK(admin("RU"), &types.MsgTranslate{ProposalId: id, Language: "fr", Text: right})
	var fr types.QueryDecisionResponse
	c.MustQuery(types.QueryDecision, &types.QueryDecisionRequest{Id: id, Language: "fr"}, &fr)
	h1, h2 := sha256.Sum256([]byte(wrong)), sha256.Sum256([]byte(right))
	if fr.Text.Text != right || string(fr.Text.TextHash) != string(h2[:]) || fr.Text.Version != 2 || fr.Text.Participant != "RU" ||
		len(fr.Replaced) != 1 || fr.Replaced[0].Text != wrong || string(fr.Replaced[0].TextHash) != string(h1[:]) || fr.Replaced[0].Version != 1 {
		t.Fatalf("French: %+v, replaced %+v", fr.Text, fr.Replaced)
	}
	if p, _ := c.Proposal(id); fmt.Sprint(p.Languages) != "[en fr]" {
		t.Errorf("languages %v", p.Languages)
	}
	for _, lang := range []string{"pt", "es", "ru"} {
		c.DeliverOK(admin("ZA"), translate(id, lang))
	}
	p, _ := c.Proposal(id)
	votes(t, c, join, []uint64{id}, p.Electorate...)
	if p, _ := c.Proposal(id); p.Status != types.ProposalStatus_PROPOSAL_STATUS_ADOPTED {
		t.Fatalf("%s", p.Status.Name())
	}
	c.Refused(admin("ZA"), translate(id, "fr"), types.ErrTextAdopted)
}

func TestTranslateRefusals(t *testing.T) {
	c := newChain(t, withChair(2005, "RU", "BW"))
	c.Block()
	rejected := propose(t, c, "BW", cdiResolution())
	vote(t, c, "RU", rejected, types.VoteOption_VOTE_OPTION_OBJECT)
	endVoting(c)
	text := propose(t, c, "BW", cdiResolution())
	chair := propose(t, c, "BW", electChair(2006, "BW", "EU"))
	inText := propose(t, c, "IN", cdiResolution())
	c.DeliverOK(admin("BW"), translate(text, "fr"))
	enact(t, c, suspend("IN"))

	cases := []struct {
		name   string
		signer string
		msg    *types.MsgTranslate
		want   *refusal.Error
	}{
		{"a chair election has no text", admin("BW"), &types.MsgTranslate{ProposalId: chair, Language: "fr", Text: "Élection"}, types.ErrNotTextDecision},
		{"the European Community did not propose it", admin("EU"), translate(text, "pt"), types.ErrNotTranslator},
		{"Chinese Taipei did not propose it", admin("TW"), translate(text, "pt"), types.ErrNotTranslator},
		{"German is not an official language", admin("BW"), &types.MsgTranslate{ProposalId: text, Language: "de", Text: "Die Plenarversammlung"}, types.ErrInvalidLanguage},
		{"a blank text", admin("BW"), &types.MsgTranslate{ProposalId: text, Language: "pt", Text: " \n"}, types.ErrInvalidRationale},
		{"a text with a control character", admin("BW"), &types.MsgTranslate{ProposalId: text, Language: "pt", Text: "O Plenário\x00"}, types.ErrInvalidRationale},
		{"a rejected resolution", admin("BW"), translate(rejected, "pt"), types.ErrVotingClosed},
		{"an unknown proposal", admin("BW"), translate(99, "pt"), types.ErrUnknownProposal},
		{"India proposed it, but is suspended", admin("IN"), translate(inText, "pt"), types.ErrNotVoting},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.SetT(t)
			c.Refused(tc.signer, tc.msg, tc.want)
		})
	}
}
