// Package apptest drives an App in-process, without CometBFT: a fixture
// network of participants with deterministic keys, signing with automatic
// sequences, and blocks finalized and committed one call at a time. Module
// tests use it to read like the KP workflow they check.
package apptest
