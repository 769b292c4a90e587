package types

// ValidateBasic checks what can be checked without state.
func (m *MsgAddOfficer) ValidateBasic() error {
	if !m.Role.IsOfficer() {
		return ErrInvalidRole.Wrapf("%s is not an officer role (issuer, importer-authority, admin)", m.Role.Name())
	}
	if err := ValidatePubKey(m.PubKey); err != nil {
		return err
	}
	return ValidateName(m.Name)
}

// ValidateBasic checks what can be checked without state.
func (m *MsgRotateOfficer) ValidateBasic() error {
	if _, err := ParseAddress(m.Address); err != nil {
		return err
	}
	return ValidatePubKey(m.NewPubKey)
}

// ValidateBasic checks what can be checked without state.
func (m *MsgRevokeOfficer) ValidateBasic() error {
	_, err := ParseAddress(m.Address)
	return err
}

// ValidateBasic checks what can be checked without state.
func (m *MsgAddOperator) ValidateBasic() error {
	if !m.Role.IsOperator() {
		return ErrInvalidRole.Wrapf("%s is not an operator role (exporter, importer)", m.Role.Name())
	}
	if err := ValidatePubKey(m.PubKey); err != nil {
		return err
	}
	return ValidateName(m.Name)
}

// ValidateBasic checks what can be checked without state.
func (m *MsgRevokeOperator) ValidateBasic() error {
	_, err := ParseAddress(m.Address)
	return err
}

// ValidateBasic checks what can be checked without state.
func (m *MsgSetSettings) ValidateBasic() error { return ValidateTimeZone(m.TimeZone) }
