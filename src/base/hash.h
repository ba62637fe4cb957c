/* hash.h - the one non-cryptographic hash: 64-bit FNV-1a.
 *
 * For hash tables keyed by short strings (the import's sets and caches) and
 * for change detectors (migration checksums). Not for anything an attacker
 * may choose to collide against a security decision: that is libsodium's. */
#ifndef MZ_HASH_H
#define MZ_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The published FNV-1a 64-bit parameters (Fowler, Noll, Vo). */
#define MZ_FNV1A64_BASIS 14695981039346656037ULL
#define MZ_FNV1A64_PRIME 1099511628211ULL

/* FNV-1a of n bytes at p (p may be NULL when n is 0). */
uint64_t mz_fnv1a64(const void *p, size_t n);
/* FNV-1a of a NUL-terminated string, without its terminator. */
uint64_t mz_fnv1a64_str(const char *s);

/* FNV-1a started from 1469598103934665603, the published basis with its
 * last digit dropped. Three copies of FNV-1a once carried that typo; the
 * migration checksums stored in schema_migrations.checksum were computed
 * with it, and a database applied by an earlier build must still compare
 * equal, so store/migrate.c keeps using this variant. Nothing new may use
 * it: its only job is to reproduce values already on disk. */
uint64_t mz_fnv1a64_str_legacy_basis(const char *s);

#endif
