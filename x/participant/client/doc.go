// Package client holds the participant module's commands: `kpd tx participant`
// (add-officer, rotate-officer, revoke-officer, add-operator, revoke-operator)
// and `kpd query participant` (participant, list, observers, key, officer,
// officers, operator, operators, validators).
package client
