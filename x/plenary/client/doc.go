// Package client holds the plenary module's commands: `kpd tx plenary
// propose KIND ... [--session ID]`, `vote ID join|object|stand-aside`,
// `withdraw-objection ID`, `translate`, the Chair's officer's `session
// open|close` and `declare-consensus ID`, and `kpd query plenary
// proposals|proposal|sessions|decision|chair|embargoes|reviews|bodies|body|params`.
package client
