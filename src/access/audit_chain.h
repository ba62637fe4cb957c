/* audit_chain.h - the audit log's hash chains: one per district, each with
 * its own head.
 *
 * One chain for the whole city made every append in the city wait for one
 * head row: on PostgreSQL a write holds the head's row lock until it
 * commits, so audited writes of every district committed one at a time; on
 * Citus the head was one row on the coordinator. Now a record's chain is its
 * district, the first six digits of its division code, and records with no
 * division (logins, administration) are on the chain "city". Each chain has
 * a head row in audit_head (chain, seq, hash, keyed_from, key_id), and the
 * records carry (chain, seq), their key. Appends in different districts
 * take different heads; on Citus a chain's head and records share a shard.
 *
 * Locking without deadlocks: a transaction takes heads in increasing order
 * of chain id (strcmp). A batch (the group commit of audited reads) sorts
 * its chains and updates each head once. A write that appends in several
 * calls keeps the order too: a record whose chain sorts before a head the
 * transaction already holds, and is not held itself, goes on the highest
 * head the transaction held before the call (its division_code still says
 * where it belongs; the chain is only the order records are linked in).
 *
 * Compatibility: "city" records hash exactly as the single chain did, so
 * the records of a database made before chains (all on "city") verify
 * unchanged; records of the other chains hash their chain id too, so no
 * record can be moved from one chain to another. */
#ifndef MZ_ACCESS_AUDIT_CHAIN_H
#define MZ_ACCESS_AUDIT_CHAIN_H

#include <stdint.h>

#include "access/audit.h"

#define AUDIT_CHAIN_MAX 16 /* "city" or six digits, with room to spare */
#define AUDIT_CHAIN_CITY "city"
#define AUDIT_ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* The chain of a record with this division code: its first six digits, or
 * "city" when it has none (or is not a division code). */
void audit_chain_of(const char *division_code, char out[AUDIT_CHAIN_MAX]);

/* The record's link: SHA-256 (keyed: HMAC-SHA-256 under the audit key) over
 * the chain id (chains other than "city"), the previous hash and every
 * stored field. Returns -1 when keyed and no key is loaded. */
int audit_chain_hash(int keyed, const char *chain, const char *prev, int64_t seq, int64_t at_ms,
		     int64_t user_id, const char *login, const char *action, const char *entity,
		     const char *entity_id, const char *division, const char *reason,
		     const char *detail, char out[65]);

/* Appends n entries inside the caller's open write transaction on c, each
 * on its chain (above), locking the heads in order. audit_append_tx. */
int audit_chain_append(store_conn *c, const audit_entry *ents, int n, mz_err *e);

#endif
