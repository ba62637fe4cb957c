/* hash.c - 64-bit FNV-1a (see hash.h). */
#include "base/hash.h"

#include <string.h>

/* The typo'd basis of the old copies (hash.h says why it is kept). */
#define FNV1A64_LEGACY_BASIS 1469598103934665603ULL

static uint64_t fnv1a64_from(uint64_t h, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= MZ_FNV1A64_PRIME;
	}
	return h;
}

uint64_t mz_fnv1a64(const void *p, size_t n)
{
	return fnv1a64_from(MZ_FNV1A64_BASIS, p, n);
}

uint64_t mz_fnv1a64_str(const char *s)
{
	return fnv1a64_from(MZ_FNV1A64_BASIS, (const unsigned char *)s, strlen(s));
}

uint64_t mz_fnv1a64_str_legacy_basis(const char *s)
{
	return fnv1a64_from(FNV1A64_LEGACY_BASIS, (const unsigned char *)s, strlen(s));
}
