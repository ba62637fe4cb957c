/* money.h - money is integer fen (分, 1/100 yuan), never floating point.
 *
 * Division rounds explicitly: callers choose mz_fen_div_round (half away
 * from zero), _floor or _ceil, so every rule says which it uses. */
#ifndef MZ_MONEY_H
#define MZ_MONEY_H

#include <stdint.h>

typedef int64_t mz_fen;

/* Parses "1120", "1120.5", "1120.50", "-3.07" (yuan) into fen. Rejects
 * more than two decimals, empty strings, signs in the middle, overflow.
 * Returns 0 on success. */
int mz_fen_parse_yuan(const char *s, mz_fen *out);
/* Formats fen as yuan with two decimals: 112000 -> "1120.00"; out >= 32 bytes. */
void mz_fen_format_yuan(mz_fen f, char out[32]);
mz_fen mz_fen_div_round(mz_fen num, int64_t den); /* half away from zero */
mz_fen mz_fen_div_floor(mz_fen num, int64_t den);
mz_fen mz_fen_div_ceil(mz_fen num, int64_t den);
/* num * mul / den rounded half away from zero, without intermediate overflow for
 * realistic amounts (uses 128-bit arithmetic). */
mz_fen mz_fen_muldiv_round(mz_fen num, int64_t mul, int64_t den);

#endif
