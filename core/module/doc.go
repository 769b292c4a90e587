// Package module is the small contract between the app and its modules (the
// part of the Cosmos SDK we keep): the Context a handler runs in, the Module
// interface, and the routers that map a message's type URL or a query path to a
// module's keeper.
//
// A module is its keeper: x/<module>/keeper.Keeper implements Module (its
// name, store prefix, genesis section, routes), and BeginBlocker or
// EndBlocker when it has block work; app/modules.go lists them in order.
// Its genesis section is a proto message that checks itself (ParseGenesis,
// MarshalGenesis); its parameters are loaded and saved with LoadParams and
// SaveParams.
//
// A module:
//
//  1. registers each message type with the roles allowed to sign it
//     (HandleMsg); the app refuses any other signer before the handler runs;
//  2. registers each query method under /kpledger.<module>.v1.Query/<Method>
//     (HandleQuery);
//  3. loads its section of genesis app_state (InitGenesis);
//  4. optionally does block-time work before the block's transactions
//     (BeginBlocker) and end-of-block work after them (EndBlocker), in the order
//     of DESIGN §4.
//
// Handlers return a refusal (package refusal) for bad input and must leave
// nothing half-done: the app runs each transaction in its own write buffer and
// drops it on the first error.
package module
