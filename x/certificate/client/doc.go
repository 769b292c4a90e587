// Package client holds the certificate module's commands: `kpd tx certificate
// issue|transfer|attest|confirm|reject|void` and `kpd query certificate
// show|list|trace|verify|embargoes|params`. Quantities are typed as people
// write them ("1523.40" carats, "125000.00" US$, at most two decimals) and
// sent as integers (hundredths, cents).
package client
