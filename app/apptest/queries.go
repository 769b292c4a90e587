package apptest

import (
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
)

// Certificate is a certificate as `kpd query certificate show` answers it:
// the record and its history, which the store keeps apart.
type Certificate struct {
	certtypes.Certificate
	Events []certtypes.CertificateEvent
}

// Certificate returns a certificate that must exist, with its history.
func (c *Chain) Certificate(number string) Certificate {
	c.t.Helper()
	var resp certtypes.QueryCertificateResponse
	c.MustQuery(certtypes.QueryCertificate, &certtypes.QueryCertificateRequest{Number: number}, &resp)
	return Certificate{resp.Certificate, resp.Events}
}

// History returns the history of a certificate that must exist, in order.
func (c *Chain) History(number string) []certtypes.CertificateEvent {
	c.t.Helper()
	var resp certtypes.QueryCertificateResponse
	c.MustQuery(certtypes.QueryCertificate, &certtypes.QueryCertificateRequest{Number: number}, &resp)
	return resp.Events
}

// Certificates lists every certificate of every fixture participant, issuer
// by issuer, page by page, each with its history.
func (c *Chain) Certificates() []Certificate {
	c.t.Helper()
	var all []Certificate
	for _, p := range FixtureParticipants {
		req := &certtypes.QueryCertificatesRequest{Issuer: p.Code, Limit: certtypes.MaxPageSize}
		for {
			var resp certtypes.QueryCertificatesResponse
			c.MustQuery(certtypes.QueryCertificates, req, &resp)
			for _, cert := range resp.Certificates {
				all = append(all, Certificate{cert, c.History(cert.Number)})
			}
			if resp.NextKey == "" {
				break
			}
			req.PageKey = resp.NextKey
		}
	}
	return all
}

// Participant returns a participant that must exist, with its validator.
func (c *Chain) Participant(code string) participanttypes.QueryParticipantResponse {
	c.t.Helper()
	var resp participanttypes.QueryParticipantResponse
	c.MustQuery(participanttypes.QueryParticipant, &participanttypes.QueryParticipantRequest{Code: code}, &resp)
	return resp
}

// Proposal returns a plenary proposal that must exist, with its tally.
func (c *Chain) Proposal(id uint64) (plenarytypes.Proposal, plenarytypes.Tally) {
	c.t.Helper()
	var resp plenarytypes.QueryProposalResponse
	c.MustQuery(plenarytypes.QueryProposal, &plenarytypes.QueryProposalRequest{Id: id}, &resp)
	return resp.Proposal, resp.Tally
}
