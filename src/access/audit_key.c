/* audit_key.c - the audit chain's key, its file, and signed checkpoints
 * (audit_key.h). One key per process: a process serves one database. */
#include "access/audit_key.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "access/audit_store.h"
#include "base/buf.h"
#include "base/date.h"

static unsigned char chain_key[crypto_auth_hmacsha256_KEYBYTES];
static int key_loaded;
static char key_id[17];
static char key_path[1024];

struct audit_mac {
	crypto_auth_hmacsha256_state st;
};

static void path_for(const char *url, char out[1024])
{
	const char *env = getenv("MZ_AUDIT_KEY");

	if (env && *env) {
		snprintf(out, 1024, "%s", env);
	} else if (url && !strncmp(url, "sqlite:", 7)) {
		const char *p = url + 7, *slash = strrchr(p, '/');

		if (slash)
			snprintf(out, 1024, "%.*s/audit.key", (int)(slash - p), p);
		else
			snprintf(out, 1024, "audit.key");
	} else {
		snprintf(out, 1024, "./var/audit.key");
	}
}

static void id_of(const unsigned char *key, char out[17])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	char hex[65];

	crypto_hash_sha256(d, key, crypto_auth_hmacsha256_KEYBYTES);
	sodium_bin2hex(hex, sizeof(hex), d, sizeof(d));
	snprintf(out, 17, "%.16s", hex);
}

static int read_key(const char *path, mz_err *e)
{
	char hex[2 * crypto_auth_hmacsha256_KEYBYTES + 2] = "";
	size_t len = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return mz_failf(e, MZ_EINTERNAL, "", "cannot read the audit key %s: %s",
				"无法读取审计密钥文件 %s：%s", path, strerror(errno));
	if (!fgets(hex, sizeof(hex), f))
		hex[0] = '\0';
	fclose(f);
	if (sodium_hex2bin(chain_key, sizeof(chain_key), hex, strlen(hex), "\n", &len, NULL) ||
	    len != sizeof(chain_key))
		return mz_failf(e, MZ_EINTERNAL, "", "the audit key %s is not 64 hex digits",
				"审计密钥文件 %s 格式错误", path);
	return 0;
}

/* A new key, written once (O_EXCL) with mode 0600 and synced. */
static int create_key(const char *path, mz_err *e)
{
	char hex[2 * crypto_auth_hmacsha256_KEYBYTES + 2];
	int fd;
	ssize_t w;

	{
		/* The key's folder (./var for a server on PostgreSQL). */
		char dir[1024];
		char *slash;

		snprintf(dir, sizeof(dir), "%s", path);
		slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			if (mkdir(dir, 0700) && errno != EEXIST)
				return mz_failf(e, MZ_EINTERNAL, "", "cannot create %s: %s",
						"无法创建目录 %s：%s", dir, strerror(errno));
		}
	}
	randombytes_buf(chain_key, sizeof(chain_key));
	sodium_bin2hex(hex, sizeof(hex) - 1, chain_key, sizeof(chain_key));
	hex[2 * crypto_auth_hmacsha256_KEYBYTES] = '\n';
	hex[2 * crypto_auth_hmacsha256_KEYBYTES + 1] = '\0';
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return mz_failf(e, MZ_EINTERNAL, "", "cannot create the audit key %s: %s",
				"无法创建审计密钥文件 %s：%s", path, strerror(errno));
	w = write(fd, hex, strlen(hex));
	if (w != (ssize_t)strlen(hex) || fsync(fd)) {
		close(fd);
		unlink(path);
		return mz_failf(e, MZ_EINTERNAL, "", "cannot write the audit key %s",
				"无法写入审计密钥文件 %s", path);
	}
	close(fd);
	return 0;
}

int audit_key_open(store_conn *c, const char *url, int create, mz_err *e)
{
	char wrong_id[40] = "";
	int64_t keyed = 0, unkeyed_used = 0, heads = 0;
	struct stat sb;
	store_stmt *st;
	int exists, r;

	path_for(url, key_path);
	exists = stat(key_path, &sb) == 0;
	key_loaded = 0;
	if (exists) {
		if (read_key(key_path, e))
			return -1;
		key_loaded = 1;
	} else if (create) {
		if (create_key(key_path, e))
			return -1;
		key_loaded = 1;
	}
	if (key_loaded)
		id_of(chain_key, key_id);
	if (!(c = audit_store_conn(c, e))) /* the chains' heads are where the chains are */
		return -1;
	/* Every chain's head (access/audit_chain.h): keyed ones, keyed ones
	 * under another key, unkeyed ones that have records. */
	st = store_prepare(c, "SELECT keyed_from, key_id, seq FROM audit_head", e);
	if (!st)
		return -1;
	while ((r = store_step(st, e)) == 1) {
		heads++;
		if (store_col_i64(st, 0) > 0) {
			keyed++;
			if (key_loaded && strcmp(store_col_text(st, 1), key_id))
				snprintf(wrong_id, sizeof(wrong_id), "%s", store_col_text(st, 1));
		} else if (store_col_i64(st, 2) > 0) {
			unkeyed_used++;
		}
	}
	store_done(st);
	if (r < 0)
		return -1;
	if (!heads)
		return mz_fail(e, MZ_ESTORE, "", "audit head missing", "审计链头记录缺失");
	if (!key_loaded) {
		if (keyed)
			return mz_failf(e, MZ_EINTERNAL, "",
					"the audit chain is keyed but its key file %s is missing"
					" (set MZ_AUDIT_KEY to its path)",
					"审计链已启用密钥，但密钥文件 %s 不存在", key_path);
		return 0; /* a database made before keys, and no key: unkeyed */
	}
	if (wrong_id[0])
		return mz_failf(e, MZ_EINTERNAL, "",
				"the audit key %s (id %s) is not this database's (id %s)",
				"审计密钥文件 %s（%s）与本数据库的审计链（%s）不符", key_path, key_id,
				wrong_id);
	if (keyed == heads)
		return 0;
	/* Unkeyed chains and a key: an empty chain (a new database, a restore
	 * target) is keyed from its first record; one with records only by
	 * init, from its next record. Anything else refuses, for the key mark
	 * may have been removed to pass plain hashes off; audit verify tells
	 * which. */
	if (!create && unkeyed_used)
		return mz_failf(e, MZ_EINTERNAL, "",
				"the audit chain is not keyed but the key %s exists: run"
				" `minzheng init` for a database made before keys, and"
				" `minzheng audit verify` to check the chain",
				"审计链未启用密钥，但密钥文件 %s 存在：请运行 minzheng init，并用"
				" minzheng audit verify 检查审计链", key_path);
	if (store_run(c, e, "UPDATE audit_head SET keyed_from = seq + 1, key_id = ?"
			    " WHERE keyed_from = 0", key_id) < 0)
		return -1;
	return 0;
}

int audit_key_loaded(char id[17])
{
	if (key_loaded && id)
		snprintf(id, 17, "%s", key_id);
	return key_loaded;
}

audit_mac *audit_mac_new(void)
{
	audit_mac *m;

	if (!key_loaded)
		return NULL;
	m = mz_xmalloc(sizeof(*m));
	crypto_auth_hmacsha256_init(&m->st, chain_key, sizeof(chain_key));
	return m;
}

void audit_mac_update(audit_mac *m, const void *p, size_t n)
{
	crypto_auth_hmacsha256_update(&m->st, p, n);
}

void audit_mac_final(audit_mac *m, char out[65])
{
	unsigned char d[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_final(&m->st, d);
	sodium_bin2hex(out, 65, d, sizeof(d));
	sodium_memzero(m, sizeof(*m));
	free(m);
}

/* ---- checkpoints ------------------------------------------------------ */

/* The signing pair, derived from the chain key under its own label, so the
 * public key reveals nothing of the HMAC key. */
static void signing_keys(unsigned char pk[crypto_sign_PUBLICKEYBYTES],
			 unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
	static const char label[] = "minzheng audit checkpoint signing key";
	unsigned char seed[crypto_sign_SEEDBYTES];

	crypto_auth_hmacsha256(seed, (const unsigned char *)label, sizeof(label) - 1, chain_key);
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof(seed));
}

/* The signed text of a checkpoint: version 2 names every chain's head
 * (chain, keyed_from, seq, hash) in the order of its "chains"; a checkpoint
 * made before chains (no "chains") signed the one chain's head. */
static void checkpoint_message(mz_buf *out, const json_t *cp)
{
	const json_t *chains = json_object_get(cp, "chains");
	const char *id = json_string_value(json_object_get(cp, "key_id"));
	long long at = (long long)json_integer_value(json_object_get(cp, "at"));
	const json_t *x;
	size_t i;

	if (!chains) {
		const char *hash = json_string_value(json_object_get(cp, "hash"));

		mz_buf_printf(out, "minzheng-audit-checkpoint\n%s\n%lld\n%lld\n%s\n%lld", id ? id : "",
			      (long long)json_integer_value(json_object_get(cp, "keyed_from")),
			      (long long)json_integer_value(json_object_get(cp, "seq")),
			      hash ? hash : "", at);
		return;
	}
	mz_buf_printf(out, "minzheng-audit-checkpoint-2\n%s\n%lld\n", id ? id : "", at);
	json_array_foreach(chains, i, x) {
		const char *chain = json_string_value(json_object_get(x, "chain"));
		const char *hash = json_string_value(json_object_get(x, "hash"));

		mz_buf_printf(out, "%s %lld %lld %s\n", chain ? chain : "",
			      (long long)json_integer_value(json_object_get(x, "keyed_from")),
			      (long long)json_integer_value(json_object_get(x, "seq")),
			      hash ? hash : "");
	}
}

static int head_cmp(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "chain")),
		      json_string_value(json_object_get(*(json_t *const *)b, "chain")));
}

static void checkpoints_path(char out[1100])
{
	snprintf(out, 1100, "%s.checkpoints", key_path);
}

json_t *audit_checkpoint_write(store_conn *c, mz_err *e)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	unsigned char sig[crypto_sign_BYTES];
	char sighex[2 * crypto_sign_BYTES + 1], path[1100], at_s[32];
	int64_t at = mz_now_unix(), records = 0;
	json_t *cp, *chains, **sorted;
	store_stmt *st;
	mz_buf msg;
	size_t n;
	char *line;
	int fd, ok, r;

	if (!key_loaded)
		return mz_fail(e, MZ_ESTATE, "", "no audit key: run `minzheng init` first",
			       "没有审计密钥，请先运行 minzheng init"), NULL;
	if (!(c = audit_store_conn(c, e)))
		return NULL;
	/* Every chain's head, in one read, sorted by chain id. */
	chains = json_array();
	st = store_prepare(c, "SELECT chain, seq, hash, keyed_from FROM audit_head", e);
	if (!st) {
		json_decref(chains);
		return NULL;
	}
	while ((r = store_step(st, e)) == 1) {
		json_array_append_new(chains, json_pack("{s:s,s:I,s:s,s:I}", "chain",
							store_col_text(st, 0), "seq",
							(json_int_t)store_col_i64(st, 1), "hash",
							store_col_text(st, 2), "keyed_from",
							(json_int_t)store_col_i64(st, 3)));
		records += store_col_i64(st, 1);
	}
	store_done(st);
	if (r < 0 || !json_array_size(chains)) {
		json_decref(chains);
		return r < 0 ? NULL
			     : (mz_fail(e, MZ_ESTORE, "", "audit head missing", "审计链头记录缺失"),
				NULL);
	}
	n = json_array_size(chains);
	sorted = mz_xmalloc(n * sizeof(*sorted));
	for (size_t i = 0; i < n; i++)
		sorted[i] = json_incref(json_array_get(chains, i));
	qsort(sorted, n, sizeof(*sorted), head_cmp);
	json_array_clear(chains);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(chains, sorted[i]);
	free(sorted);
	mz_time_format(at, at_s);
	cp = json_pack("{s:i,s:o,s:I,s:I,s:I,s:s,s:s}", "version", 2, "chains", chains, "records",
		       (json_int_t)records, "at", (json_int_t)at, "chain_count", (json_int_t)n,
		       "time", at_s, "key_id", key_id);
	mz_buf_init(&msg);
	checkpoint_message(&msg, cp);
	signing_keys(pk, sk);
	crypto_sign_detached(sig, NULL, (const unsigned char *)msg.data, msg.len, sk);
	sodium_memzero(sk, sizeof(sk));
	mz_buf_release(&msg);
	sodium_bin2hex(sighex, sizeof(sighex), sig, sizeof(sig));
	json_object_set_new(cp, "signature", json_string(sighex));
	line = json_dumps(cp, JSON_COMPACT | JSON_SORT_KEYS);
	checkpoints_path(path);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	ok = fd >= 0 && write(fd, line, strlen(line)) == (ssize_t)strlen(line) &&
	     write(fd, "\n", 1) == 1 && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	free(line);
	if (!ok) {
		json_decref(cp);
		return mz_failf(e, MZ_EINTERNAL, "", "cannot append to %s", "无法写入检查点文件 %s",
				path), NULL;
	}
	return cp;
}

json_t *audit_checkpoints_read(mz_err *e)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	char path[1100], pkhex[2 * crypto_sign_PUBLICKEYBYTES + 1], *line = NULL;
	size_t cap = 0;
	json_t *items = json_array();
	FILE *f;

	if (!key_loaded) {
		json_decref(items);
		return mz_fail(e, MZ_ESTATE, "", "no audit key", "没有审计密钥"), NULL;
	}
	signing_keys(pk, sk);
	sodium_memzero(sk, sizeof(sk));
	sodium_bin2hex(pkhex, sizeof(pkhex), pk, sizeof(pk));
	checkpoints_path(path);
	f = fopen(path, "r");
	/* A line per checkpoint, as long as its chains make it. */
	while (f && getline(&line, &cap, f) > 0) {
		json_t *cp = json_loads(line, 0, NULL);

		if (cp)
			json_array_append_new(items, cp);
	}
	free(line);
	if (f)
		fclose(f);
	return json_pack("{s:s,s:s,s:o}", "public_key", pkhex, "key_id", key_id, "items", items);
}

int audit_checkpoint_valid(const json_t *cp)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	unsigned char sig[crypto_sign_BYTES];
	const char *id = json_string_value(json_object_get(cp, "key_id"));
	const char *sighex = json_string_value(json_object_get(cp, "signature"));
	const json_t *chains = json_object_get(cp, "chains");
	size_t len = 0;
	mz_buf msg;
	int ok;

	if (!key_loaded || !id || !sighex || strcmp(id, key_id) ||
	    (chains ? !json_is_array(chains)
		    : !json_string_value(json_object_get(cp, "hash"))) ||
	    sodium_hex2bin(sig, sizeof(sig), sighex, strlen(sighex), NULL, &len, NULL) ||
	    len != sizeof(sig))
		return 0;
	mz_buf_init(&msg);
	checkpoint_message(&msg, cp);
	signing_keys(pk, sk);
	sodium_memzero(sk, sizeof(sk));
	ok = crypto_sign_verify_detached(sig, (const unsigned char *)msg.data, msg.len, pk) == 0;
	mz_buf_release(&msg);
	return ok;
}
