/* audit_key.h - the key of the audit chain and its signed checkpoints.
 *
 * Plain SHA-256 links can be recomputed by anyone who can write the
 * database: edit a record, rehash from there, fix audit_head, and the chain
 * verifies. So the chain is keyed: every record from audit_head.keyed_from
 * on carries HMAC-SHA-256 under a 32-byte key that lives in a file outside
 * the database, readable by the server's user only (0600), created by
 * `minzheng init`:
 *   $MZ_AUDIT_KEY, else for sqlite:PATH the file audit.key beside PATH,
 *   else ./var/audit.key.
 * A keyed chain also cannot be cut at its end and its head fixed, nor be
 * emptied, without a trace, once a checkpoint exists: a checkpoint is the
 * head (chain, keyed_from, seq, hash) of every chain (access/audit_chain.h)
 * and the time, signed with Ed25519 (the key pair derived from
 * the chain key; the public key is published with them), appended to a
 * file outside the database (the key's path + ".checkpoints") by the
 * audit.checkpoint job and `minzheng audit checkpoint`, and served at
 * GET /api/v1/audit/checkpoints for an external archive to pull.
 * Rotation: docs/operations.md ("The audit key"). */
#ifndef MZ_ACCESS_AUDIT_KEY_H
#define MZ_ACCESS_AUDIT_KEY_H

#include <jansson.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

/* Loads the key for the database at url (the process keeps one). With
 * create, a missing key file is made (init) and the chain keyed from its
 * next record. A keyed chain without its key, or with another key, is an
 * error; an unkeyed database without a key file stays unkeyed (unit tests,
 * databases made before keys). */
int audit_key_open(store_conn *c, const char *url, int create, mz_err *e);

/* 1 when a key is loaded; the key's id (16 hex digits) into id. */
int audit_key_loaded(char id[17]);

/* HMAC-SHA-256 of the n bytes under the loaded key, as 64 hex digits; the
 * caller checked audit_key_loaded. The streaming state for the chain's
 * length-prefixed fields. */
typedef struct audit_mac audit_mac;
audit_mac *audit_mac_new(void);   /* NULL when no key is loaded */
void audit_mac_update(audit_mac *m, const void *p, size_t n);
void audit_mac_final(audit_mac *m, char out[65]); /* frees m */

/* Signs every chain's head now and appends the checkpoint to the file.
 * Returns the checkpoint as JSON (new reference): {version: 2, chains:
 * [{chain, seq, hash, keyed_from}] sorted by chain, chain_count, records
 * (the heads' seqs summed), at, time, key_id, signature}. A checkpoint of
 * the file made before chains has seq, hash, keyed_from of the one chain,
 * now "city", instead of chains; both kinds verify. */
json_t *audit_checkpoint_write(store_conn *c, mz_err *e);
/* The checkpoints of the file and the public key: {public_key, key_id, items}. */
json_t *audit_checkpoints_read(mz_err *e);
/* 1 if the checkpoint's signature is the loaded key's over its fields
 * (either kind). */
int audit_checkpoint_valid(const json_t *cp);

#endif
