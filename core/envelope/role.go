package envelope

import "github.com/kpledger/kpledger/core/format"

var roleNames = format.NewNames("role", Role_value, map[Role]string{
	Role_ROLE_ISSUER:             "issuer",
	Role_ROLE_IMPORTER_AUTHORITY: "importer-authority",
	Role_ROLE_ADMIN:              "admin",
	Role_ROLE_EXPORTER:           "exporter",
	Role_ROLE_IMPORTER:           "importer",
	Role_ROLE_OBSERVER:           "observer",
})

// OfficerRoles are the roles of a participant's authority officers.
var OfficerRoles = []Role{Role_ROLE_ISSUER, Role_ROLE_IMPORTER_AUTHORITY, Role_ROLE_ADMIN}

// OperatorRoles are the roles of licensed operators.
var OperatorRoles = []Role{Role_ROLE_EXPORTER, Role_ROLE_IMPORTER}

// IsOfficer reports whether the role is an officer's.
func (r Role) IsOfficer() bool {
	return r == Role_ROLE_ISSUER || r == Role_ROLE_IMPORTER_AUTHORITY || r == Role_ROLE_ADMIN
}

// IsOperator reports whether the role is an operator's.
func (r Role) IsOperator() bool { return r == Role_ROLE_EXPORTER || r == Role_ROLE_IMPORTER }

// Name is the role as people write it ("importer-authority").
func (r Role) Name() string { return roleNames.Name(r) }

// ParseRole reads a role name ("issuer") or its proto name ("ROLE_ISSUER").
func ParseRole(s string) (Role, error) { return roleNames.Parse(s) }

// Signer is the registered key that signed a transaction, as the app
// authorised it for every message: the handlers' view of who acts.
type Signer struct {
	// Address is the key's address in upper-case hex.
	Address string
	Role    Role
	// Participant is the code of the participant holding the key.
	Participant string
}
