/* snapshot.c - the screening column file: layout, write, map, check
 * (snapshot.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/date.h"
#include "screen/snapshot.h"

#define HDR_SIZE 4096
#define ALIGN 64
static const char MAGIC[8] = { 'M', 'Z', 'S', 'C', 'O', 'L', 'S', '\n' };

/* The header as stored (native byte order: the file is a cache of this
 * machine's run, not an exchange format). */
typedef struct hdr {
	char magic[8];
	uint32_t format, hdr_size;
	uint64_t layout_hash;
	int64_t schema_version;
	int64_t anchor_seq, anchor_lo, anchor_hi, anchor_at;
	char anchor_entity[16];
	int64_t max_household_id;
	uint64_t nh, np, ndiv, income_mask, asset_mask;
	uint64_t payload_len, payload_sum;
	uint64_t header_sum; /* of every byte above */
} hdr;

/* Sections in file order. */
enum {
	S_HH_ID,
	S_HH_OFFSET,
	S_HH_DIVISION,
	S_HH_VEHICLES,
	S_HH_ASSET0,
	S_P_ID = S_HH_ASSET0 + POLICY_AST_COUNT,
	S_P_BIRTH,
	S_P_FLAGS,
	S_P_SEX,
	S_P_RELATION,
	S_P_DISABILITY,
	S_P_GRADE,
	S_P_INCOME0,
	S_DIV_CODE = S_P_INCOME0 + POLICY_INC_COUNT,
	S_DIVISIONS,
	S_COUNT
};

typedef struct {
	size_t off[S_COUNT], len[S_COUNT], total;
} layout;

static void layout_of(size_t nh, size_t np, size_t ndiv, uint64_t inc, uint64_t ast, layout *l)
{
	size_t at = 0;

	memset(l, 0, sizeof(*l));
	l->len[S_HH_ID] = nh * 8;
	l->len[S_HH_OFFSET] = (nh + 1) * 4;
	l->len[S_HH_DIVISION] = nh * 4;
	l->len[S_HH_VEHICLES] = nh * 4;
	for (int k = 0; k < POLICY_AST_COUNT; k++)
		l->len[S_HH_ASSET0 + k] = (ast >> k & 1) ? nh * 8 : 0;
	l->len[S_P_ID] = np * 8;
	l->len[S_P_BIRTH] = np * sizeof(mz_day);
	l->len[S_P_FLAGS] = np * 4;
	l->len[S_P_SEX] = l->len[S_P_RELATION] = l->len[S_P_DISABILITY] = l->len[S_P_GRADE] = np;
	for (int k = 0; k < POLICY_INC_COUNT; k++)
		l->len[S_P_INCOME0 + k] = (inc >> k & 1) ? np * 8 : 0;
	l->len[S_DIV_CODE] = ndiv * 16;
	l->len[S_DIVISIONS] = ndiv * 8;
	for (int s = 0; s < S_COUNT; s++) {
		l->off[s] = at;
		at += (l->len[s] + ALIGN - 1) / ALIGN * ALIGN;
	}
	l->total = at;
}

/* 64-bit lanes, four at a time: fast enough to check a 20M-person file in
 * a fraction of the load it replaces; detects torn writes and flipped bits,
 * not an adversary (the file is as trusted as the database beside it). */
#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
static inline uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}
static inline uint64_t round1(uint64_t acc, uint64_t w)
{
	return rotl(acc + w * P2, 31) * P1;
}

/* The sum over a stream of 32-byte blocks (sections are padded to 64
 * bytes, so a file's payload is fed section by section without a copy and
 * sums as the whole does). */
typedef struct {
	uint64_t a[4];
	uint64_t n;
} sum_state;

static void sum_init(sum_state *s)
{
	s->a[0] = P1, s->a[1] = P2, s->a[2] = ~P1, s->a[3] = ~P2;
	s->n = 0;
}

static void sum_blocks(sum_state *s, const unsigned char *b, size_t n) /* n % 32 == 0 */
{
	uint64_t w;

	for (size_t i = 0; i + 32 <= n; i += 32)
		for (int k = 0; k < 4; k++) {
			memcpy(&w, b + i + 8 * k, 8);
			s->a[k] = round1(s->a[k], w);
		}
	s->n += n;
}

static uint64_t sum_final(const sum_state *s, const unsigned char *tail, size_t nt)
{
	uint64_t h = rotl(s->a[0], 1) + rotl(s->a[1], 7) + rotl(s->a[2], 12) + rotl(s->a[3], 18) +
		     s->n + nt;

	for (size_t i = 0; i < nt; i++)
		h = round1(h, tail[i]);
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	return h;
}

uint64_t screen_snapshot_sum(const void *p, size_t n)
{
	sum_state s;
	size_t whole = n / 32 * 32;

	sum_init(&s);
	sum_blocks(&s, p, whole);
	return sum_final(&s, (const unsigned char *)p + whole, n - whole);
}

/* The policy lists the columns' codes index: a file built with other
 * lists means other codes. */
static uint64_t layout_hash(void)
{
	uint64_t h = 1469598103934665603ull;
	char extra[64];

	snprintf(extra, sizeof(extra), "format %d day %zu", SCREEN_SNAPSHOT_FORMAT, sizeof(mz_day));
	for (const char *p = extra; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	for (int l = 0; l < POLICY_LIST_COUNT; l++)
		for (int i = 0; i < policy_list_size((policy_list)l); i++) {
			const char *n = policy_list_name((policy_list)l, i);

			for (; n && *n; n++)
				h = (h ^ (unsigned char)*n) * 1099511628211ull;
			h = (h ^ 0xff) * 1099511628211ull;
		}
	return h;
}

static uint64_t nonzero_mask(int64_t *const *cols, int n, size_t rows)
{
	uint64_t m = 0;

	for (int k = 0; k < n; k++) {
		if (!cols[k])
			continue;
		for (size_t i = 0; i < rows; i++)
			if (cols[k][i]) {
				m |= 1ull << k;
				break;
			}
	}
	return m;
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *b = p;

	while (n) {
		ssize_t w = write(fd, b, n > (1u << 30) ? (1u << 30) : n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

int screen_snapshot_write(const char *path, const screen_data *d,
			  const screen_snapshot_meta *meta, mz_err *e)
{
	const policy_columns *c = &d->cols;
	size_t nh = c->n_households, np = c->n_persons, ndiv = c->n_divisions;
	uint64_t inc = nonzero_mask(c->p_income, POLICY_INC_COUNT, np);
	uint64_t ast = nonzero_mask(c->hh_asset, POLICY_AST_COUNT, nh);
	const void *src[S_COUNT] = { 0 };
	layout l;
	hdr h;
	char tmp[4200];
	int fd, err;

	layout_of(nh, np, ndiv, inc, ast, &l);
	src[S_HH_ID] = d->hh_id;
	src[S_HH_OFFSET] = c->hh_offset;
	src[S_HH_DIVISION] = c->hh_division;
	src[S_HH_VEHICLES] = c->hh_vehicle_count;
	for (int k = 0; k < POLICY_AST_COUNT; k++)
		src[S_HH_ASSET0 + k] = c->hh_asset[k];
	src[S_P_ID] = d->p_id;
	src[S_P_BIRTH] = c->p_birth;
	src[S_P_FLAGS] = c->p_flags;
	src[S_P_SEX] = c->p_sex;
	src[S_P_RELATION] = c->p_relation;
	src[S_P_DISABILITY] = c->p_disability;
	src[S_P_GRADE] = c->p_disability_grade;
	for (int k = 0; k < POLICY_INC_COUNT; k++)
		src[S_P_INCOME0 + k] = c->p_income[k];
	src[S_DIV_CODE] = d->div_code;
	src[S_DIVISIONS] = c->divisions;

	snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return mz_failf(e, MZ_EINTERNAL, "snapshot", "cannot write %s: %s",
				"无法写入快照文件 %s：%s", tmp, strerror(errno));
	/* The columns straight from memory, summed as they go; the header,
	 * which holds the sum, last. */
	{
		static const unsigned char zeros[ALIGN];
		unsigned char page[HDR_SIZE] = { 0 };
		sum_state ss;

		sum_init(&ss);
		if (write_all(fd, page, sizeof(page)))
			goto write_failed;
		for (int k = 0; k < S_COUNT; k++) {
			size_t pad = (ALIGN - l.len[k] % ALIGN) % ALIGN, whole = l.len[k] / 32 * 32;

			if (!l.len[k])
				continue;
			if (src[k]) {
				sum_blocks(&ss, src[k], whole);
				if (write_all(fd, src[k], l.len[k]))
					goto write_failed;
			} else { /* not expected: every section has its column */
				goto write_failed;
			}
			{ /* the section's last partial block with its padding */
				unsigned char blk[ALIGN * 2] = { 0 };
				size_t rest = l.len[k] - whole;

				memcpy(blk, (const unsigned char *)src[k] + whole, rest);
				sum_blocks(&ss, blk, (rest + pad) / 32 * 32);
			}
			if (pad && write_all(fd, zeros, pad))
				goto write_failed;
		}
		memset(&h, 0, sizeof(h));
		memcpy(h.magic, MAGIC, 8);
		h.format = SCREEN_SNAPSHOT_FORMAT;
		h.hdr_size = HDR_SIZE;
		h.layout_hash = layout_hash();
		h.schema_version = meta->schema_version;
		h.anchor_seq = meta->anchor.seq;
		h.anchor_lo = meta->anchor.lo;
		h.anchor_hi = meta->anchor.hi;
		h.anchor_at = meta->anchor.changed_at;
		snprintf(h.anchor_entity, sizeof(h.anchor_entity), "%s", meta->anchor.entity);
		h.max_household_id = meta->max_household_id;
		h.nh = nh, h.np = np, h.ndiv = ndiv, h.income_mask = inc, h.asset_mask = ast;
		h.payload_len = l.total;
		h.payload_sum = sum_final(&ss, NULL, 0);
		h.header_sum = screen_snapshot_sum(&h, offsetof(hdr, header_sum));
		memcpy(page, &h, sizeof(h));
		if (pwrite(fd, page, sizeof(page), 0) != (ssize_t)sizeof(page))
			goto write_failed;
	}
	/* No fsync: a file torn by a crash fails its checksum and is rebuilt. */
	if (close(fd) || rename(tmp, path)) {
		err = errno;
		unlink(tmp);
		return mz_failf(e, MZ_EINTERNAL, "snapshot", "cannot write %s: %s",
				"无法写入快照文件 %s：%s", path, strerror(err));
	}
	return 0;
write_failed:
	err = errno;
	close(fd);
	unlink(tmp);
	return mz_failf(e, MZ_EINTERNAL, "snapshot", "cannot write %s: %s", "无法写入快照文件 %s：%s",
			tmp, strerror(err));
}

int screen_snapshot_open(const char *path, screen_snapshot *out, char *why, size_t whylen)
{
	struct stat sb;
	hdr h;
	layout l;
	int fd;

	memset(out, 0, sizeof(*out));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "no snapshot (%s)", strerror(errno));
		return 0;
	}
	if (fstat(fd, &sb) || (size_t)sb.st_size < HDR_SIZE) {
		close(fd);
		snprintf(why, whylen, "snapshot shorter than its header");
		return 0;
	}
	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h)) {
		close(fd);
		snprintf(why, whylen, "snapshot header unreadable");
		return 0;
	}
	if (memcmp(h.magic, MAGIC, 8) ||
	    h.header_sum != screen_snapshot_sum(&h, offsetof(hdr, header_sum))) {
		close(fd);
		snprintf(why, whylen, "snapshot header corrupt");
		return 0;
	}
	if (h.format != SCREEN_SNAPSHOT_FORMAT || h.hdr_size != HDR_SIZE ||
	    h.layout_hash != layout_hash()) {
		close(fd);
		snprintf(why, whylen, "snapshot of another format (%u)", h.format);
		return 0;
	}
	if (h.nh >= UINT32_MAX || h.np >= UINT32_MAX || h.ndiv >= UINT32_MAX) {
		close(fd);
		snprintf(why, whylen, "snapshot header corrupt");
		return 0;
	}
	layout_of(h.nh, h.np, h.ndiv, h.income_mask, h.asset_mask, &l);
	if (l.total != h.payload_len || (uint64_t)sb.st_size != HDR_SIZE + h.payload_len) {
		close(fd);
		snprintf(why, whylen, "snapshot length does not match its header");
		return 0;
	}
	out->len = (size_t)sb.st_size;
	out->map = mmap(NULL, out->len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (out->map == MAP_FAILED) {
		out->map = NULL;
		snprintf(why, whylen, "cannot map the snapshot (%s)", strerror(errno));
		return 0;
	}
#ifdef MADV_WILLNEED
	madvise(out->map, out->len, MADV_WILLNEED);
#endif
	out->meta.schema_version = h.schema_version;
	out->meta.anchor.seq = h.anchor_seq;
	out->meta.anchor.lo = h.anchor_lo;
	out->meta.anchor.hi = h.anchor_hi;
	out->meta.anchor.changed_at = h.anchor_at;
	snprintf(out->meta.anchor.entity, sizeof(out->meta.anchor.entity), "%.11s",
		 h.anchor_entity);
	out->meta.max_household_id = h.max_household_id;
	out->nh = h.nh, out->np = h.np, out->ndiv = h.ndiv;
	out->income_mask = h.income_mask, out->asset_mask = h.asset_mask;
	out->payload_sum = h.payload_sum;
	out->payload = (const unsigned char *)out->map + HDR_SIZE;
	out->payload_len = h.payload_len;
	return 1;
}

int screen_snapshot_verify(const screen_snapshot *s)
{
	return s->map && screen_snapshot_sum(s->payload, s->payload_len) == s->payload_sum;
}

void screen_snapshot_close(screen_snapshot *s)
{
	if (!s)
		return;
	if (s->map)
		munmap(s->map, s->len);
	memset(s, 0, sizeof(*s));
}

#define AT(s, l, k) ((void *)((s)->payload + (l).off[k]))

void screen_snapshot_columns(const screen_snapshot *s, screen_data *d)
{
	layout l;
	policy_columns *c = &d->cols;

	layout_of(s->nh, s->np, s->ndiv, s->income_mask, s->asset_mask, &l);
	memset(c, 0, sizeof(*c));
	c->n_households = s->nh;
	c->n_persons = s->np;
	c->n_divisions = s->ndiv;
	d->hh_id = AT(s, l, S_HH_ID);
	c->hh_offset = AT(s, l, S_HH_OFFSET);
	c->hh_division = AT(s, l, S_HH_DIVISION);
	c->hh_vehicle_count = AT(s, l, S_HH_VEHICLES);
	for (int k = 0; k < POLICY_AST_COUNT; k++)
		c->hh_asset[k] = l.len[S_HH_ASSET0 + k] ? AT(s, l, S_HH_ASSET0 + k) : NULL;
	d->p_id = AT(s, l, S_P_ID);
	c->p_birth = AT(s, l, S_P_BIRTH);
	c->p_sex = AT(s, l, S_P_SEX);
	c->p_relation = AT(s, l, S_P_RELATION);
	c->p_disability = AT(s, l, S_P_DISABILITY);
	c->p_disability_grade = AT(s, l, S_P_GRADE);
	for (int k = 0; k < POLICY_INC_COUNT; k++)
		c->p_income[k] = l.len[S_P_INCOME0 + k] ? AT(s, l, S_P_INCOME0 + k) : NULL;
	d->div_code = AT(s, l, S_DIV_CODE);
	c->divisions = AT(s, l, S_DIVISIONS);
}

const uint32_t *screen_snapshot_flags(const screen_snapshot *s)
{
	layout l;

	layout_of(s->nh, s->np, s->ndiv, s->income_mask, s->asset_mask, &l);
	return AT(s, l, S_P_FLAGS);
}

int screen_snapshot_restamp(const char *path, const screen_snapshot *s,
			    const screen_snapshot_meta *meta, mz_err *e)
{
	unsigned char page[HDR_SIZE];
	hdr h;
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (pread(fd, page, sizeof(page), 0) != (ssize_t)sizeof(page)) {
		close(fd);
		return 0;
	}
	memcpy(&h, page, sizeof(h));
	/* Still the file that was mapped (not replaced by another run's). */
	if (memcmp(h.magic, MAGIC, 8) ||
	    h.header_sum != screen_snapshot_sum(&h, offsetof(hdr, header_sum)) ||
	    h.payload_sum != s->payload_sum || h.payload_len != s->payload_len) {
		close(fd);
		return 0;
	}
	h.schema_version = meta->schema_version;
	h.anchor_seq = meta->anchor.seq;
	h.anchor_lo = meta->anchor.lo;
	h.anchor_hi = meta->anchor.hi;
	h.anchor_at = meta->anchor.changed_at;
	memset(h.anchor_entity, 0, sizeof(h.anchor_entity));
	snprintf(h.anchor_entity, sizeof(h.anchor_entity), "%s", meta->anchor.entity);
	h.max_household_id = meta->max_household_id;
	h.header_sum = screen_snapshot_sum(&h, offsetof(hdr, header_sum));
	memcpy(page, &h, sizeof(h));
	/* One page: a torn write fails the header's checksum and is rebuilt. */
	if (pwrite(fd, page, sizeof(page), 0) != (ssize_t)sizeof(page)) {
		int err = errno;

		close(fd);
		return mz_failf(e, MZ_EINTERNAL, "snapshot", "cannot write %s: %s",
				"无法写入快照文件 %s：%s", path, strerror(err));
	}
	return close(fd) ? -1 : 1;
}
