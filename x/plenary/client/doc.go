// Package client holds the plenary module's commands: `kpd tx plenary
// propose KIND ...` and `vote ID yes|no|abstain`, and `kpd query plenary
// proposals|proposal|chair|embargoes|reviews|params`.
package client
