/*
 * rcv.c
 *	  Ranked-choice tabulation with RCTab's rules: the rules, the table of
 *	  distinct rankings, its serialized form, Java's random numbers for the
 *	  tie-breaks, and the round loop.  See rcv.h.
 *
 * The round loop follows RCTab's Tabulator (single winner): every round,
 * each ballot that is still active and whose candidate is still in the
 * count keeps its vote; any other active ballot is read again from rank 1
 * and counts for its first continuing candidate, or becomes inactive for a
 * reason that it keeps from then on (overvote, skipped rankings, exhausted
 * choices, repeated ranking).  Then a winner is declared, or candidates are
 * eliminated: the undeclared write-ins first, then everyone under
 * minimumVoteThreshold, then a batch of candidates who cannot catch up,
 * else the last candidate (ties broken by the contest's rule).
 *
 * With several seats (RCTab's single transferable vote), every ballot also
 * has a value, in units of 10^-decimals of a vote: a winner's ballots move
 * on with the fraction of their value that is surplus, cut to the unit,
 * and the winner keeps the rest (see move_surplus and winner_tallies).
 * Ballots of one pattern share their value, so the table of patterns
 * gives RCTab's per-ballot arithmetic exactly.
 */
#include "core/rcv.h"

#include <limits.h>
#include <string.h>

/* Counts stay exact as doubles and in JSON readers: at most 2^53 ballots. */
#define RCV_MAX_COUNT (((int64_t) 1) << 53)

#define SERIAL_MAGIC 0x53564352u	/* "RCVS" little-endian */
#define SERIAL_VERSION 2u

/* ---------------------------------------------------------------- rules */

/* Lays out rules for ncand candidates: names unset, nothing excluded, defaults. */
RcvStatus
rcv_rules_init(RcvRules *r, int ncand, const CoreAlloc *mem)
{
	memset(r, 0, sizeof(*r));
	r->uwi = -1;
	if (ncand < 1 || ncand > RCV_MAX_CANDIDATES)
		return RCV_CORRUPT;
	r->names = core_alloc0(mem, (size_t) ncand, sizeof(char *));
	r->excluded = core_alloc0(mem, (size_t) ncand, 1);
	if (r->names == NULL || r->excluded == NULL)
	{
		core_free(mem, r->names);
		core_free(mem, r->excluded);
		r->names = NULL;
		r->excluded = NULL;
		return RCV_NO_MEMORY;
	}
	r->ncand = ncand;
	r->max_skipped = RCV_UNLIMITED;
	r->max_rankings = RCV_UNLIMITED;
	r->winners = 1;
	r->decimals = 4;
	return RCV_OK;
}

/* Copies a name (len bytes) as candidate i. */
RcvStatus
rcv_rules_set_name(RcvRules *r, int i, const char *name, size_t len, const CoreAlloc *mem)
{
	char	   *copy;

	if (i < 0 || i >= r->ncand || len > RCV_MAX_NAME || memchr(name, 0, len) != NULL)
		return RCV_CORRUPT;
	copy = core_alloc(mem, len + 1, 1);
	if (copy == NULL)
		return RCV_NO_MEMORY;
	memcpy(copy, name, len);
	copy[len] = '\0';
	core_free(mem, r->names[i]);
	r->names[i] = copy;
	return RCV_OK;
}

/* FNV-1a over bytes, continuing from h. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The fingerprint of every rule and name. */
static uint64_t
rules_fingerprint(const RcvRules *r)
{
	uint64_t	h = 14695981039346656037ULL;
	int64_t		v[22];
	int			i;

	v[0] = r->ncand;
	v[1] = r->uwi;
	v[2] = r->overvote_rule;
	v[3] = r->tiebreak;
	v[4] = r->random_seed;
	v[5] = r->max_skipped;
	v[6] = r->max_rankings;
	v[7] = r->exhaust_on_duplicate;
	v[8] = r->batch_elimination;
	v[9] = r->continue_until_two;
	v[10] = r->first_round_threshold;
	v[11] = r->hare_quota;
	v[12] = r->minimum_votes;
	v[13] = r->stop_after_round;
	v[14] = r->winners;
	v[15] = r->one_winner_per_round;
	v[16] = r->decimals;
	v[17] = r->non_integer_threshold;
	v[18] = r->bottoms_up;
	v[19] = r->percent;
	v[20] = r->percent_decimals;
	v[21] = r->cutoff_elimination;
	h = fnv(h, v, sizeof(v));
	for (i = 0; i < r->ncand; i++)
	{
		const char *s = r->names[i] ? r->names[i] : "";

		h = fnv(h, s, strlen(s) + 1);
		h = fnv(h, &r->excluded[i], 1);
	}
	return h;
}

/* Computes the fingerprint once every field is set. */
void
rcv_rules_finish(RcvRules *r)
{
	r->fingerprint = rules_fingerprint(r);
}

/* A deep copy of src into dst (names included). */
RcvStatus
rcv_rules_copy(RcvRules *dst, const RcvRules *src, const CoreAlloc *mem)
{
	RcvStatus	st = rcv_rules_init(dst, src->ncand, mem);
	char	  **names;
	uint8_t    *excluded;
	int			i;

	if (st != RCV_OK)
		return st;
	names = dst->names;
	excluded = dst->excluded;
	*dst = *src;
	dst->names = names;
	dst->excluded = excluded;
	memcpy(excluded, src->excluded, (size_t) src->ncand);
	for (i = 0; i < src->ncand; i++)
		if ((st = rcv_rules_set_name(dst, i, src->names[i], strlen(src->names[i]), mem)) != RCV_OK)
		{
			rcv_rules_free(dst, mem);
			return st;
		}
	return RCV_OK;
}

/* Releases the names and flags. */
void
rcv_rules_free(RcvRules *r, const CoreAlloc *mem)
{
	int			i;

	if (r->names)
		for (i = 0; i < r->ncand; i++)
			core_free(mem, r->names[i]);
	core_free(mem, r->names);
	core_free(mem, r->excluded);
	r->names = NULL;
	r->excluded = NULL;
	r->ncand = 0;
}

/* ---------------------------------------------------------------- table */

/* An empty table that takes over the rules. */
void
rcv_table_init(RcvTable *t, RcvRules *rules, const CoreAlloc *mem)
{
	memset(t, 0, sizeof(*t));
	t->rules = *rules;
	t->mem = mem;
	t->bytes = sizeof(*t) + (size_t) rules->ncand * (sizeof(char *) + 1 + 16);
}

/* Releases the table and its rules. */
void
rcv_table_free(RcvTable *t)
{
	core_free(t->mem, t->patterns);
	core_free(t->mem, t->arena);
	rcv_rules_free(&t->rules, t->mem);
	t->patterns = NULL;
	t->arena = NULL;
	t->npatterns = t->capacity = t->words = t->arena_used = t->arena_cap = 0;
}

/* Hash of an encoded ranking (multiplicative mixing, then a finaliser). */
static uint32_t
hash_words(const uint16_t *w, size_t n)
{
	uint64_t	h = 0x9E3779B97F4A7C15ULL ^ n;
	size_t		i;

	for (i = 0; i < n; i++)
		h = (h ^ w[i]) * 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 31;
	h *= 0x94D049BB133111EBULL;
	h ^= h >> 29;
	return (uint32_t) h;
}

/* The words of a pattern: inline when short, else in the arena. */
static inline const uint16_t *
pattern_words(const RcvTable *t, const RcvPattern *p)
{
	size_t		off;

	if (p->len <= RCV_INLINE_WORDS)
		return p->words;
	memcpy(&off, p->words, sizeof(off));
	return t->arena + off;
}

/*
 * The rank that starts at w[*pos]: returns how many marks it holds and
 * points *marks at them (a single mark is decoded into *one).  The words
 * are well formed (made by encode).
 */
static inline int
next_rank(const uint16_t *w, size_t *pos, const uint16_t **marks, uint16_t *one)
{
	uint16_t	x = w[(*pos)++];
	int			k;

	if (x & RCV_WORD_MULTI)
	{
		k = x & ~RCV_WORD_MULTI;
		*marks = w + *pos;
		*pos += (size_t) k;
		return k;
	}
	*one = (x == RCV_WORD_OVERVOTE) ? RCV_OVERVOTE : x;
	*marks = one;
	return 1;
}

/*
 * Doubles the table (64 slots at first) and puts every pattern in its new
 * slot; the arena is not touched.  RCV_NO_MEMORY if it cannot.
 */
static RcvStatus
grow_patterns(RcvTable *t)
{
	size_t		cap = t->capacity ? t->capacity * 2 : 64,
				i;
	RcvPattern *p;

	if (cap > ((size_t) 1) << 32)
		return RCV_NO_MEMORY;
	p = core_alloc0(t->mem, cap, sizeof(RcvPattern));
	if (p == NULL)
		return RCV_NO_MEMORY;
	for (i = 0; i < t->capacity; i++)
		if (t->patterns[i].count != 0)
		{
			size_t		j = t->patterns[i].hash & (cap - 1);

			while (p[j].count != 0)
				j = (j + 1) & (cap - 1);
			p[j] = t->patterns[i];
		}
	t->bytes += (cap - t->capacity) * sizeof(RcvPattern);
	core_free(t->mem, t->patterns);
	t->patterns = p;
	t->capacity = cap;
	return RCV_OK;
}

/* Makes room for n more words in the arena. */
static RcvStatus
reserve_arena(RcvTable *t, size_t n)
{
	size_t		cap;
	uint16_t   *a;

	if (t->arena_used + n <= t->arena_cap)
		return RCV_OK;
	cap = t->arena_cap ? t->arena_cap : 1024;
	while (cap < t->arena_used + n)
		cap *= 2;
	a = core_alloc(t->mem, cap, sizeof(uint16_t));
	if (a == NULL)
		return RCV_NO_MEMORY;
	if (t->arena_used > 0)
		memcpy(a, t->arena, t->arena_used * sizeof(uint16_t));
	t->bytes += (cap - t->arena_cap) * sizeof(uint16_t);
	core_free(t->mem, t->arena);
	t->arena = a;
	t->arena_cap = cap;
	return RCV_OK;
}

/* Grows the table until more patterns fit in it at most three quarters full. */
static RcvStatus
ensure_room(RcvTable *t, size_t more)
{
	RcvStatus	st;

	while ((t->npatterns + more) * 4 > t->capacity * 3)
		if ((st = grow_patterns(t)) != RCV_OK)
			return st;
	return RCV_OK;
}

/*
 * Adds count ballots of an encoded ranking (already checked) of hash h
 * into a table with room for it: one probe of the open-addressing table
 * finds the pattern and, for a short ranking, its words in the same slot.
 * The table's ballot total is the caller's.  Fails only when a long
 * ranking finds no room in the arena.
 */
static RcvStatus
put_words(RcvTable *t, uint32_t h, const uint16_t *w, size_t n, int64_t count)
{
	size_t		j,
				k;
	RcvPattern *p;
	RcvStatus	st;

	for (j = h & (t->capacity - 1); t->patterns[j].count != 0; j = (j + 1) & (t->capacity - 1))
	{
		const uint16_t *pw;

		p = &t->patterns[j];
		if (p->hash != h || p->len != n)
			continue;
		pw = pattern_words(t, p);
		for (k = 0; k < n && pw[k] == w[k]; k++)
			;
		if (k == n)
		{
			p->count += count;
			return RCV_OK;
		}
	}
	p = &t->patterns[j];
	if (n > RCV_INLINE_WORDS)
	{
		if ((st = reserve_arena(t, n)) != RCV_OK)
			return st;
		memcpy(p->words, &t->arena_used, sizeof(size_t));
		memcpy(t->arena + t->arena_used, w, n * sizeof(uint16_t));
		t->arena_used += n;
	}
	else if (n > 0)
		memcpy(p->words, w, n * sizeof(uint16_t));
	p->hash = h;
	p->len = (uint16_t) n;
	p->count = count;
	t->npatterns++;
	t->words += n;
	return RCV_OK;
}

/* Puts the pending (short) rankings in their slots, whose room was kept. */
void
rcv_table_flush(RcvTable *t)
{
	int			i;

	for (i = 0; i < t->npending; i++)
	{
		const RcvPattern *p = &t->pending[i];

		(void) put_words(t, p->hash, p->words, p->len, p->count);
	}
	t->npending = 0;
}

/* Checks one ranking against the rules and encodes it into w; *n words. */
static RcvStatus
encode(const RcvRules *r, const int *nmarks, int nranks, const uint16_t *marks,
	   uint16_t *w, size_t *n, int *bad_rank)
{
	int			last = 0,
				i,
				j,
				total = 0;
	size_t		k = 0;

	*bad_rank = 0;
	if (nranks < 0 || nranks > RCV_MAX_RANKS)
		return RCV_TOO_MANY_RANKS;
	for (i = 0; i < nranks; i++)
	{
		if (nmarks[i] < 0 || nmarks[i] > RCV_MAX_MARKS - total)
			return RCV_TOO_MANY_RANKS;
		total += nmarks[i];
		if (nmarks[i] > 0)
			last = i + 1;
	}
	total = 0;
	for (i = 0; i < last; i++)
	{
		if (nmarks[i] != 1)
			w[k++] = (uint16_t) (RCV_WORD_MULTI | nmarks[i]);
		for (j = 0; j < nmarks[i]; j++)
		{
			uint16_t	m = marks[total + j];

			*bad_rank = i + 1;
			if (m == RCV_OVERVOTE)
			{
				if (nmarks[i] != 1)
					return RCV_OVERVOTE_MIXED;
				if (r->overvote_rule == RCV_EXHAUST_IF_MULTIPLE_CONTINUING)
					return RCV_OVERVOTE_MARK_RULE;
				m = RCV_WORD_OVERVOTE;
			}
			else if (m >= r->ncand)
				return RCV_CORRUPT;
			w[k++] = m;
		}
		total += nmarks[i];
	}
	if (last > 0 && r->max_rankings != RCV_UNLIMITED && last > r->max_rankings)
	{
		*bad_rank = last;
		return RCV_RANK_NOT_ALLOWED;
	}
	*bad_rank = 0;
	*n = k;
	return RCV_OK;
}

/*
 * Adds count ballots of one ranking.  A short one waits in the pending
 * buffer with its slot prefetched (room for every pending ranking is kept
 * in the table, so that the flush cannot fail); a long one goes in at once.
 */
RcvStatus
rcv_table_add(RcvTable *t, const int *nmarks, int nranks, const uint16_t *marks,
			  int64_t count, int *bad_rank)
{
	uint16_t	w[RCV_MAX_WORDS];
	size_t		n = 0;
	uint32_t	h;
	RcvStatus	st;
	RcvPattern *p;

	if (count < 1)
		return RCV_CORRUPT;
	st = encode(&t->rules, nmarks, nranks, marks, w, &n, bad_rank);
	if (st != RCV_OK)
		return st;
	if (count > RCV_MAX_COUNT - t->ballots)
		return RCV_TOO_MANY_BALLOTS;
	h = hash_words(w, n);
	if ((st = ensure_room(t, (size_t) t->npending + 1)) != RCV_OK)
		return st;
	if (n > RCV_INLINE_WORDS)
	{
		rcv_table_flush(t);
		if ((st = put_words(t, h, w, n, count)) != RCV_OK)
			return st;
		t->ballots += count;
		return RCV_OK;
	}
	__builtin_prefetch(&t->patterns[h & (t->capacity - 1)], 1);
	p = &t->pending[t->npending++];
	p->count = count;
	p->hash = h;
	p->len = (uint16_t) n;
	memcpy(p->words, w, n * sizeof(uint16_t));
	t->ballots += count;
	if (t->npending == RCV_PENDING)
		rcv_table_flush(t);
	return RCV_OK;
}

/*
 * A copy of src into dst (dst needs no init): the rules, and the slots and
 * arena copied as they are, without hashing a ranking again.
 */
RcvStatus
rcv_table_copy(RcvTable *dst, RcvTable *src, const CoreAlloc *mem)
{
	RcvRules	r;
	RcvStatus	st;

	rcv_table_flush(src);
	st = rcv_rules_copy(&r, &src->rules, mem);
	if (st != RCV_OK)
		return st;
	rcv_table_init(dst, &r, mem);
	if (src->capacity > 0)
	{
		dst->patterns = core_alloc(mem, src->capacity, sizeof(RcvPattern));
		if (dst->patterns == NULL)
			goto nomem;
		memcpy(dst->patterns, src->patterns, src->capacity * sizeof(RcvPattern));
	}
	if (src->arena_used > 0)
	{
		dst->arena = core_alloc(mem, src->arena_used, sizeof(uint16_t));
		if (dst->arena == NULL)
			goto nomem;
		memcpy(dst->arena, src->arena, src->arena_used * sizeof(uint16_t));
	}
	dst->capacity = src->capacity;
	dst->npatterns = src->npatterns;
	dst->words = src->words;
	dst->arena_used = dst->arena_cap = src->arena_used;
	dst->ballots = src->ballots;
	dst->bytes += src->capacity * sizeof(RcvPattern) + src->arena_used * sizeof(uint16_t);
	return RCV_OK;
nomem:
	rcv_table_free(dst);
	return RCV_NO_MEMORY;
}

/*
 * Adds every pattern of b to a, RCV_PENDING at a time: room for them
 * first, then their slots in a prefetched, then each put in its slot.
 */
RcvStatus
rcv_table_merge(RcvTable *a, RcvTable *b)
{
	size_t		i = 0,
				batch[RCV_PENDING];
	RcvStatus	st;

	if (a->rules.fingerprint != b->rules.fingerprint)
		return RCV_RULES_DIFFER;
	if (b->ballots > RCV_MAX_COUNT - a->ballots)
		return RCV_TOO_MANY_BALLOTS;
	rcv_table_flush(a);
	rcv_table_flush(b);
	while (i < b->capacity)
	{
		int			n = 0,
					k;

		if ((st = ensure_room(a, RCV_PENDING)) != RCV_OK)
			return st;
		for (; i < b->capacity && n < RCV_PENDING; i++)
			if (b->patterns[i].count != 0)
			{
				batch[n++] = i;
				__builtin_prefetch(&a->patterns[b->patterns[i].hash & (a->capacity - 1)], 1);
			}
		for (k = 0; k < n; k++)
		{
			const RcvPattern *p = &b->patterns[batch[k]];

			if ((st = put_words(a, p->hash, pattern_words(b, p), p->len, p->count)) != RCV_OK)
				return st;
		}
	}
	a->ballots += b->ballots;
	return RCV_OK;
}

/* ------------------------------------------------------- serialized form */

/* Writes v as 4 little-endian bytes; returns the byte after them. */
static unsigned char *
put_u32(unsigned char *o, uint32_t v)
{
	int			i;

	for (i = 0; i < 4; i++)
		*o++ = (unsigned char) (v >> (8 * i));
	return o;
}

/* Writes v as 8 little-endian bytes; returns the byte after them. */
static unsigned char *
put_u64(unsigned char *o, uint64_t v)
{
	int			i;

	for (i = 0; i < 8; i++)
		*o++ = (unsigned char) (v >> (8 * i));
	return o;
}

/*
 * Fixed header: magic, version, 9 int32 rule fields, seed, minimum, the
 * bottoms-up percentage, fingerprint, ballots, patterns, capacity.
 */
#define SERIAL_HEADER (4 * 11 + 8 * 7)
/* Per pattern: slot (4), count (8), words (2), then 2 bytes a word. */
#define SERIAL_PATTERN 14

/* Bytes of the serialized table. */
size_t
rcv_table_serial_size(RcvTable *t)
{
	size_t		n = SERIAL_HEADER;
	int			i;

	rcv_table_flush(t);
	for (i = 0; i < t->rules.ncand; i++)
		n += 4 + strlen(t->rules.names[i]) + 1;
	n += t->npatterns * SERIAL_PATTERN + t->words * 2;
	return n;
}

/*
 * Writes the table: header, candidates (name length, name, excluded), then
 * the patterns in slot order, each with its slot.
 */
void
rcv_table_serialize(RcvTable *t, unsigned char *o)
{
	const RcvRules *r = &t->rules;
	size_t		i,
				j;
	uint32_t	flags;

	rcv_table_flush(t);

	flags = (uint32_t) (r->exhaust_on_duplicate | r->batch_elimination << 1 |
						r->continue_until_two << 2 | r->first_round_threshold << 3 |
						r->hare_quota << 4 | r->one_winner_per_round << 5 |
						r->non_integer_threshold << 6 | r->bottoms_up << 7 |
						r->cutoff_elimination << 9);
	o = put_u32(o, SERIAL_MAGIC);
	o = put_u32(o, SERIAL_VERSION);
	o = put_u32(o, (uint32_t) r->ncand);
	o = put_u32(o, (uint32_t) r->uwi);
	o = put_u32(o, (uint32_t) r->overvote_rule);
	o = put_u32(o, (uint32_t) r->tiebreak);
	o = put_u32(o, (uint32_t) r->max_skipped);
	o = put_u32(o, (uint32_t) r->max_rankings);
	o = put_u32(o, flags);
	o = put_u32(o, (uint32_t) r->stop_after_round);
	o = put_u32(o, (uint32_t) (r->winners | r->decimals << 16));
	o = put_u64(o, (uint64_t) r->random_seed);
	o = put_u64(o, (uint64_t) r->minimum_votes);
	o = put_u64(o, (uint64_t) r->percent | (uint64_t) r->percent_decimals << 40);
	o = put_u64(o, r->fingerprint);
	o = put_u64(o, (uint64_t) t->ballots);
	o = put_u64(o, (uint64_t) t->npatterns);
	o = put_u64(o, (uint64_t) t->capacity);
	for (i = 0; i < (size_t) r->ncand; i++)
	{
		size_t		len = strlen(r->names[i]);

		o = put_u32(o, (uint32_t) len);
		memcpy(o, r->names[i], len);
		o += len;
		*o++ = r->excluded[i];
	}
	for (i = 0; i < t->capacity; i++)
	{
		const RcvPattern *p = &t->patterns[i];
		const uint16_t *pw = pattern_words(t, p);

		if (p->count == 0)
			continue;
		o = put_u32(o, (uint32_t) i);
		o = put_u64(o, (uint64_t) p->count);
		*o++ = (unsigned char) p->len;
		*o++ = (unsigned char) (p->len >> 8);
		for (j = 0; j < p->len; j++)
		{
			uint16_t	w = pw[j];

			*o++ = (unsigned char) w;
			*o++ = (unsigned char) (w >> 8);
		}
	}
}

/* A reader over bytes that refuses to run past the end. */
typedef struct Reader
{
	const unsigned char *p;
	size_t		left;
	int			bad;
} Reader;

/* n little-endian bytes as a number; 0 and rd->bad set past the end. */
static uint64_t
get_bytes(Reader *rd, int n)
{
	uint64_t	v = 0;
	int			i;

	if (rd->bad || rd->left < (size_t) n)
	{
		rd->bad = 1;
		return 0;
	}
	for (i = 0; i < n; i++)
		v |= (uint64_t) rd->p[i] << (8 * i);
	rd->p += n;
	rd->left -= (size_t) n;
	return v;
}

/* An int32 from its two's-complement bytes. */
static int32_t
get_i32(Reader *rd)
{
	uint32_t	u = (uint32_t) get_bytes(rd, 4);

	return u > INT32_MAX ? -(int32_t) (UINT32_MAX - u) - 1 : (int32_t) u;
}

/* An int64 from its two's-complement bytes. */
static int64_t
get_i64(Reader *rd)
{
	uint64_t	u = get_bytes(rd, 8);

	return u > (uint64_t) INT64_MAX ? -(int64_t) (UINT64_MAX - u) - 1 : (int64_t) u;
}

/* Reads the rules part; RCV_CORRUPT unless every field is in its range. */
static RcvStatus
read_rules(Reader *rd, RcvRules *r, uint64_t *fingerprint, const CoreAlloc *mem)
{
	int32_t		f[9];
	int			i;
	RcvStatus	st;
	int64_t		seed,
				minimum;
	uint64_t	pct;

	if (get_bytes(rd, 4) != SERIAL_MAGIC || get_bytes(rd, 4) != SERIAL_VERSION)
		return RCV_CORRUPT;
	for (i = 0; i < 9; i++)
		f[i] = get_i32(rd);
	seed = get_i64(rd);
	minimum = get_i64(rd);
	pct = get_bytes(rd, 8);
	*fingerprint = get_bytes(rd, 8);
	if (rd->bad || f[0] < 1 || f[0] > RCV_MAX_CANDIDATES ||
		(f[1] != -1 && f[1] != f[0] - 1) ||
		f[2] < RCV_EXHAUST_IMMEDIATELY || f[2] > RCV_EXHAUST_IF_MULTIPLE_CONTINUING ||
		f[3] < RCV_TIE_USE_CANDIDATE_ORDER || f[3] > RCV_TIE_PREVIOUS_ROUNDS_THEN_RANDOM ||
		f[4] < RCV_UNLIMITED || f[5] < RCV_UNLIMITED || f[5] == 0 ||
		f[6] < 0 || f[6] > 1023 || ((f[6] >> 7) & 3) > RCV_BOTTOMS_UP_PERCENT || f[7] < 0 || (f[8] & 0xFFFF) < 1 || (f[8] & 0xFFFF) > RCV_MAX_CANDIDATES ||
		(f[8] >> 16) > RCV_MAX_DECIMALS || minimum < 0 || minimum > RCV_MAX_COUNT ||
		(pct >> 40) > 7 || (pct & ((UINT64_C(1) << 40) - 1)) > UINT64_C(100000000000))
		return RCV_CORRUPT;
	st = rcv_rules_init(r, f[0], mem);
	if (st != RCV_OK)
		return st;
	r->uwi = f[1];
	r->overvote_rule = f[2];
	r->tiebreak = f[3];
	r->max_skipped = f[4];
	r->max_rankings = f[5];
	r->exhaust_on_duplicate = f[6] & 1;
	r->batch_elimination = (f[6] >> 1) & 1;
	r->continue_until_two = (f[6] >> 2) & 1;
	r->first_round_threshold = (f[6] >> 3) & 1;
	r->hare_quota = (f[6] >> 4) & 1;
	r->one_winner_per_round = (f[6] >> 5) & 1;
	r->non_integer_threshold = (f[6] >> 6) & 1;
	r->bottoms_up = (f[6] >> 7) & 3;
	r->cutoff_elimination = (f[6] >> 9) & 1;
	r->percent = (int64_t) (pct & ((UINT64_C(1) << 40) - 1));
	r->percent_decimals = (int) (pct >> 40);
	r->winners = f[8] & 0xFFFF;
	r->decimals = f[8] >> 16;
	r->stop_after_round = f[7];
	r->random_seed = seed;
	r->minimum_votes = minimum;
	return RCV_OK;
}

/*
 * Whether n encoded words are a ranking as encode writes it for rules r:
 * ranks of one mark as one word, others counted (never one), marks of
 * candidates, the overvote mark alone at its rank and allowed by the
 * overvote rule, no trailing skipped rank, within maxRankingsAllowed.
 */
static int
words_valid(const RcvRules *r, const uint16_t *w, size_t n)
{
	size_t		pos = 0;
	int			nranks = 0,
				nm = 0,
				last_empty = 0;

	while (pos < n)
	{
		uint16_t	x = w[pos++];

		if (x & RCV_WORD_MULTI)
		{
			size_t		k = x & ~RCV_WORD_MULTI,
						j;

			if (k == 1 || k > n - pos)
				return 0;
			for (j = 0; j < k; j++)
				if (w[pos + j] >= r->ncand)
					return 0;
			pos += k;
			nm += (int) k;
			last_empty = (k == 0);
		}
		else
		{
			if (x == RCV_WORD_OVERVOTE ? r->overvote_rule == RCV_EXHAUST_IF_MULTIPLE_CONTINUING
				: x >= r->ncand)
				return 0;
			nm++;
			last_empty = 0;
		}
		if (++nranks > RCV_MAX_RANKS || nm > RCV_MAX_MARKS)
			return 0;
	}
	if (last_empty)
		return 0;
	return nranks == 0 || r->max_rankings == RCV_UNLIMITED || nranks <= r->max_rankings;
}

/*
 * Reads a serialized table, checking everything in one pass: each pattern
 * goes to the slot it names, which must follow the previous one, be on its
 * hash's probe path (every slot from its home slot to it taken) and hold
 * a valid ranking.  Two slots may hold the same ranking only in bytes not
 * written by canvass; they would count as the one pattern they are.
 */
RcvStatus
rcv_table_deserialize(RcvTable *t, const unsigned char *in, size_t len, const CoreAlloc *mem)
{
	Reader		rd = {in, len, 0};
	RcvRules	r;
	uint64_t	fingerprint,
				npat,
				cap,
				i,
				prev = 0,
				run_start = 0,
				tail_need;
	int64_t		ballots,
				sum = 0;
	int			c,
				j;
	RcvStatus	st;
	uint16_t	w[RCV_MAX_WORDS];

	memset(t, 0, sizeof(*t));
	st = read_rules(&rd, &r, &fingerprint, mem);
	if (st != RCV_OK)
		return st;
	rcv_table_init(t, &r, mem);
	ballots = get_i64(&rd);
	npat = get_bytes(&rd, 8);
	cap = get_bytes(&rd, 8);
	for (c = 0; c < r.ncand && !rd.bad; c++)
	{
		uint64_t	nlen = get_bytes(&rd, 4);
		uint64_t	ex;

		if (rd.bad || nlen > RCV_MAX_NAME || nlen > rd.left)
			goto corrupt;
		st = rcv_rules_set_name(&t->rules, c, (const char *) rd.p, (size_t) nlen, mem);
		if (st != RCV_OK)
			goto fail;
		rd.p += nlen;
		rd.left -= nlen;
		ex = get_bytes(&rd, 1);
		if (ex > 1)
			goto corrupt;
		t->rules.excluded[c] = (uint8_t) ex;
		for (j = 0; j < c; j++)
			if (strcmp(t->rules.names[j], t->rules.names[c]) == 0)
				goto corrupt;
	}
	/* the capacity is a power of two that the table's growth could reach */
	if (rd.bad || ballots < 0 || ballots > RCV_MAX_COUNT || npat > (uint64_t) ballots ||
		npat > rd.left / SERIAL_PATTERN || (ballots > 0) != (npat > 0) ||
		(cap == 0) != (npat == 0) || (cap & (cap - 1)) != 0 || (cap > 0 && cap < 64) ||
		npat * 4 > cap * 3 || (cap > 64 && cap * 3 >= 8 * (npat + RCV_PENDING)))
		goto corrupt;
	rcv_rules_finish(&t->rules);
	if (t->rules.fingerprint != fingerprint)
		goto corrupt;
	if (cap > 0)
	{
		t->patterns = core_alloc0(mem, (size_t) cap, sizeof(RcvPattern));
		if (t->patterns == NULL)
			goto nomem;
		t->capacity = (size_t) cap;
		t->bytes += (size_t) cap * sizeof(RcvPattern);
	}
	tail_need = cap;
	for (i = 0; i < npat; i++)
	{
		uint64_t	slot = get_bytes(&rd, 4);
		int64_t		count = get_i64(&rd);
		uint64_t	nw = get_bytes(&rd, 2),
					home,
					k;
		uint32_t	h;
		RcvPattern *p;

		if (rd.bad || slot >= cap || (i > 0 && slot <= prev) || count < 1 ||
			count > RCV_MAX_COUNT - sum || nw > RCV_MAX_WORDS || nw * 2 > rd.left)
			goto corrupt;
		for (k = 0; k < nw; k++)
			w[k] = (uint16_t) (rd.p[2 * k] | rd.p[2 * k + 1] << 8);
		rd.p += 2 * nw;
		rd.left -= 2 * nw;
		if (!words_valid(&t->rules, w, (size_t) nw))
			goto corrupt;
		/* the run of taken slots that this one ends */
		if (i == 0 || slot != prev + 1)
			run_start = slot;
		h = hash_words(w, (size_t) nw);
		home = h & (cap - 1);
		if (home <= slot)
		{
			if (home < run_start)
				goto corrupt;
		}
		else
		{
			/* wraps around: this run starts at slot 0, the last one reaches home */
			if (run_start != 0)
				goto corrupt;
			if (home < tail_need)
				tail_need = home;
		}
		p = &t->patterns[slot];
		if (nw > RCV_INLINE_WORDS)
		{
			if ((st = reserve_arena(t, (size_t) nw)) != RCV_OK)
				goto fail;
			memcpy(p->words, &t->arena_used, sizeof(size_t));
			memcpy(t->arena + t->arena_used, w, (size_t) nw * sizeof(uint16_t));
			t->arena_used += (size_t) nw;
		}
		else if (nw > 0)
			memcpy(p->words, w, (size_t) nw * sizeof(uint16_t));
		p->hash = h;
		p->len = (uint16_t) nw;
		p->count = count;
		t->npatterns++;
		t->words += (size_t) nw;
		sum += count;
		prev = slot;
	}
	/* a wrapped probe path needs the last run to reach the end from its home */
	if (tail_need < cap && (prev != cap - 1 || run_start > tail_need))
		goto corrupt;
	if (rd.left != 0 || sum != ballots)
		goto corrupt;
	t->ballots = ballots;
	return RCV_OK;
nomem:
	st = RCV_NO_MEMORY;
	goto fail;
corrupt:
	st = RCV_CORRUPT;
fail:
	rcv_table_free(t);
	return st;
}

/* ------------------------------------------------------ Java's numbers */

#define JAVA_MULT 0x5DEECE66DULL
#define JAVA_MASK ((((uint64_t) 1) << 48) - 1)

/* new java.util.Random(seed): the seed scrambled with the multiplier. */
void
rcv_java_random_init(RcvJavaRandom *r, int64_t seed)
{
	r->seed = ((uint64_t) seed ^ JAVA_MULT) & JAVA_MASK;
}

/* Random.next(bits): the linear congruential step, then the top bits. */
static int32_t
java_next(RcvJavaRandom *r, int bits)
{
	r->seed = (r->seed * JAVA_MULT + 0xBULL) & JAVA_MASK;
	return (int32_t) (uint32_t) (r->seed >> (48 - bits));
}

/* Random.nextDouble(): 53 random bits (26 then 27) over 2^53. */
double
rcv_java_random_next_double(RcvJavaRandom *r)
{
	int64_t		hi = java_next(r, 26);
	int64_t		lo = java_next(r, 27);

	return (double) ((hi << 27) + lo) * (1.0 / 9007199254740992.0);
}

/* Random.nextInt(bound), bound > 0, with Java's rejection of the top partial range. */
int32_t
rcv_java_random_next_int(RcvJavaRandom *r, int32_t bound)
{
	int32_t		v = java_next(r, 31);
	int32_t		m = bound - 1;

	if ((bound & m) == 0)
		return (int32_t) (((int64_t) bound * (int64_t) v) >> 31);
	for (;;)
	{
		int32_t		u = v;

		v = u % bound;
		/* Java's u - v + m < 0 is an int overflow: the top partial block */
		if ((int64_t) u - v + m <= INT32_MAX)
			return v;
		v = java_next(r, 31);
	}
}

/* The next UTF-16 code unit of a UTF-8 string; *pending holds a low surrogate. */
static int
next_unit(const unsigned char **s, int *pending)
{
	const unsigned char *p = *s;
	uint32_t	cp;
	int			n,
				i;

	if (*pending)
	{
		int			u = *pending;

		*pending = 0;
		return u;
	}
	if (*p == 0)
		return -1;
	if (*p < 0x80)
	{
		*s = p + 1;
		return *p;
	}
	n = (*p >= 0xF0) ? 3 : (*p >= 0xE0) ? 2 : (*p >= 0xC0) ? 1 : 0;
	cp = *p & (0x3F >> n);
	for (i = 1; i <= n; i++)
	{
		if ((p[i] & 0xC0) != 0x80)
		{
			/* not UTF-8: the byte stands for itself */
			*s = p + 1;
			return *p;
		}
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	*s = p + n + 1;
	if (n == 0)
		return *p;
	if (cp >= 0x10000)
	{
		cp -= 0x10000;
		*pending = (int) (0xDC00 + (cp & 0x3FF));
		return (int) (0xD800 + (cp >> 10));
	}
	return (int) cp;
}

/* Java's String.compareTo on UTF-8: by UTF-16 code units, a prefix first. */
int
rcv_java_compare(const char *a, const char *b)
{
	const unsigned char *pa = (const unsigned char *) a,
			   *pb = (const unsigned char *) b;
	int			qa = 0,
				qb = 0;

	for (;;)
	{
		int			ua = next_unit(&pa, &qa);
		int			ub = next_unit(&pb, &qb);

		if (ua != ub)
			return ua < 0 ? -1 : ub < 0 ? 1 : ua - ub;
		if (ua < 0)
			return 0;
	}
}

/* Java's String.hashCode: h = 31 h + u over the UTF-16 code units, in int arithmetic. */
int32_t
rcv_java_hash(const char *s)
{
	const unsigned char *p = (const unsigned char *) s;
	int			pending = 0,
				u;
	uint32_t	h = 0;

	while ((u = next_unit(&p, &pending)) >= 0)
		h = 31u * h + (uint32_t) u;
	return (int32_t) h;
}

/* Java's HashSet(Collection) iteration order of names[a[0..n)]; see rcv.h. */
void
rcv_java_hashset_order(char *const *names, int *a, int n)
{
	uint32_t	spread[RCV_MAX_CANDIDATES];
	int			bucket_count[64];
	int64_t		want = (int64_t) ((float) n / 0.75f) + 1;
	uint32_t	cap = 1;
	int			i,
				j,
				grown = 1;

	if (n <= 1 || n > RCV_MAX_CANDIDATES)
		return;
	for (i = 0; i < n; i++)
	{
		uint32_t	h = (uint32_t) rcv_java_hash(names[a[i]]);

		spread[i] = h ^ (h >> 16);
	}
	/* new HashMap(max((int) (n / .75f) + 1, 16)): the next power of two */
	if (want < 16)
		want = 16;
	while ((int64_t) cap < want)
		cap <<= 1;
	/* a ninth entry in one bucket of a table under 64 doubles it instead of making a tree */
	while (grown && cap < 64)
	{
		grown = 0;
		memset(bucket_count, 0, sizeof(bucket_count));
		for (i = 0; i < n && !grown; i++)
			if (++bucket_count[spread[i] & (cap - 1)] > 8)
			{
				cap <<= 1;
				grown = 1;
			}
	}
	/* stable insertion sort by bucket: within a bucket, the order of insertion */
	for (i = 1; i < n; i++)
	{
		int			x = a[i];
		uint32_t	sx = spread[i];

		for (j = i; j > 0 && (spread[j - 1] & (cap - 1)) > (sx & (cap - 1)); j--)
		{
			a[j] = a[j - 1];
			spread[j] = spread[j - 1];
		}
		a[j] = x;
		spread[j] = sx;
	}
}

/* ------------------------------------------------------------ the count */

/* Candidate states during the count. */
enum
{
	CONTINUING = 0, ELIMINATED, WINNER, EXCLUDED
};

typedef struct Count
{
	const RcvTable *t;
	const RcvRules *r;
	const CoreAlloc *mem;
	void		(*interrupt) (void);
	int			n;
	uint8_t    *state;			/* per candidate */
	int32_t    *recipient;		/* per pattern: candidate, or -1 */
	uint8_t    *reason;			/* per pattern: RcvInactive */
	size_t	   *live;			/* the table's slots in use, in slot order */
	uint32_t   *stamp;			/* per candidate + the overvote mark: duplicate check */
	uint32_t	cur_stamp;
	int		   *order;			/* scratch: candidates sorted */
	int		   *perm;			/* the tie-break permutation (config candidates) */
	int			nperm;
	RcvJavaRandom random;
	int			neliminated;
	int			nwinners;
	int			num_candidates; /* RCTab's getNumCandidates: not excluded, write-ins included */
	int			num_declared;	/* config candidates, excluded included */
	const RcvResult *res;		/* the rounds so far, for previous-round tie-breaks */
	/* multi-winner: values in units of 1/scale of a vote */
	int			multi;			/* numberOfWinners above 1, not bottoms-up: surpluses move */
	int64_t		scale;			/* 1, or 10^decimals when multi */
	int64_t		minimum;		/* minimumVoteThreshold in vote units */
	int64_t    *value;			/* per pattern: what each of its ballots is worth now */
	int64_t    *retained;		/* per candidate: what a winner keeps of its ballots */
	int		   *won_round;		/* per candidate: the round it was elected in, or 0 */
	int			final_surplus;	/* every seat filled: winners' ballots go no further */
} Count;

/* In this round's tally: continuing, or a winner still counted (continueUntilTwo). */
static int
in_tally(const Count *c, int cand)
{
	return c->state[cand] == CONTINUING ||
		(c->state[cand] == WINNER && c->r->continue_until_two);
}

/*
 * Reads a ballot from rank 1: its first continuing candidate, or -1 with
 * *why the reason it becomes inactive.  As RCTab's computeTalliesForRound.
 */
static int
read_ballot(Count *c, const uint16_t *w, size_t len, int *why)
{
	const RcvRules *r = c->r;
	size_t		pos = 0;
	int			rank = 0,
				last = 0,
				i;

	if (len == 0)
	{
		*why = RCV_NO_RANKINGS;
		return -1;
	}
	if (++c->cur_stamp == 0)
	{
		memset(c->stamp, 0, sizeof(uint32_t) * (size_t) (c->n + 1));
		c->cur_stamp = 1;
	}
	while (pos < len)
	{
		const uint16_t *marks;
		uint16_t	one;
		int			k = next_rank(w, &pos, &marks, &one);
		int			is_last,
					skip = 0;

		rank++;
		if (k == 0)
			continue;			/* a skipped rank is no ranking at all */
		is_last = (pos == len);
		if (r->max_skipped != RCV_UNLIMITED && rank - last > r->max_skipped + 1)
		{
			*why = RCV_BY_SKIPPED_RANKING;
			return -1;
		}
		last = rank;
		if (r->exhaust_on_duplicate)
		{
			for (i = 0; i < k; i++)
			{
				int			key = marks[i] == RCV_OVERVOTE ? c->n : marks[i];

				if (c->stamp[key] == c->cur_stamp)
				{
					*why = RCV_BY_REPEATED_RANKING;
					return -1;
				}
				c->stamp[key] = c->cur_stamp;
			}
		}
		if (k == 1 && marks[0] == RCV_OVERVOTE)
		{
			if (r->overvote_rule == RCV_EXHAUST_IMMEDIATELY)
			{
				*why = RCV_BY_OVERVOTE;
				return -1;
			}
			skip = 1;
		}
		else if (k > 1)
		{
			if (r->overvote_rule == RCV_EXHAUST_IMMEDIATELY)
			{
				*why = RCV_BY_OVERVOTE;
				return -1;
			}
			else if (r->overvote_rule == RCV_ALWAYS_SKIP_TO_NEXT_RANK)
				skip = 1;
			else
			{
				int			continuing = 0;

				for (i = 0; i < k; i++)
					continuing += in_tally(c, marks[i]);
				if (continuing >= 2)
				{
					*why = RCV_BY_OVERVOTE;
					return -1;
				}
			}
		}
		if (!skip)
			for (i = 0; i < k; i++)
				if (in_tally(c, marks[i]))
					return marks[i];
		if (is_last)
		{
			/* out of rankings (a final overvote that is skipped included) */
			*why = RCV_BY_EXHAUSTED_CHOICES;
			return -1;
		}
	}
	*why = RCV_BY_EXHAUSTED_CHOICES;
	return -1;
}

/* Sorts candidates a[0..n) by their names in Java's order (insertion sort: n is small). */
static void
sort_by_name(const RcvRules *r, int *a, int n)
{
	int			i,
				j;

	for (i = 1; i < n; i++)
	{
		int			x = a[i];

		for (j = i; j > 0 && rcv_java_compare(r->names[a[j - 1]], r->names[x]) > 0; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

/*
 * Breaks a tie among tied[0..n) as RCTab's Tiebreak: the tied names
 * sorted; with a permutation, the earliest (winner) or latest (loser) of
 * them in it; at random, Java's nextDouble times n; by previous rounds,
 * the fewest or most votes in the rounds before, then at random among
 * those still tied (in the order RCTab's HashSet gives them).
 */
static int
break_tie(Count *c, int *tied, int n, int selecting_winner)
{
	int			i,
				j;

	sort_by_name(c->r, tied, n);
	if (c->r->tiebreak == RCV_TIE_PREVIOUS_ROUNDS_THEN_RANDOM)
	{
		int			r;

		/*
		 * RCTab's doPreviousRounds: from the round before back to round
		 * 1, keep the fewest (loser) or most (winner) votes among those
		 * still tied, read through a HashSet of them; one left decides.
		 */
		for (r = c->res->nrounds - 1; r >= 1 && n > 1; r--)
		{
			const int64_t *tally = c->res->rounds[r - 1].tally;
			int64_t		best = tally[tied[0]];
			int			k = 0;

			rcv_java_hashset_order(c->r->names, tied, n);
			for (i = 1; i < n; i++)
				if (selecting_winner ? tally[tied[i]] > best : tally[tied[i]] < best)
					best = tally[tied[i]];
			for (i = 0; i < n; i++)
				if (tally[tied[i]] == best)
					tied[k++] = tied[i];
			n = k;
		}
		if (n == 1)
			return tied[0];
	}
	if (c->r->tiebreak == RCV_TIE_RANDOM || c->r->tiebreak == RCV_TIE_PREVIOUS_ROUNDS_THEN_RANDOM)
	{
		double		d = rcv_java_random_next_double(&c->random);
		int			k = (int) (d * (double) n);

		return tied[k < n ? k : n - 1];
	}
	for (i = 0; i < c->nperm; i++)
	{
		int			p = c->perm[selecting_winner ? i : c->nperm - 1 - i];

		for (j = 0; j < n; j++)
			if (tied[j] == p)
				return p;
	}
	return tied[0];
}

/* Sorts c->order[0..n) by tally ascending, then by candidate number. */
static void
sort_by_tally(int *a, int n, const int64_t *tally)
{
	int			i,
				j;

	for (i = 1; i < n; i++)
	{
		int			x = a[i];

		for (j = i; j > 0 && (tally[a[j - 1]] > tally[x] ||
							  (tally[a[j - 1]] == tally[x] && a[j - 1] > x)); j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

/* Appends a decision to a round, with a zeroed transfer row. */
static RcvStatus
decide(Count *c, RcvRound *rd, int cand, int elected, int tiebreak)
{
	RcvDecision *d = &rd->decisions[rd->ndecisions];

	d->transfers = core_alloc0(c->mem, (size_t) c->n + 2, sizeof(int64_t));
	if (d->transfers == NULL)
		return RCV_NO_MEMORY;
	d->candidate = cand;
	d->elected = elected;
	d->tiebreak = tiebreak;
	rd->ndecisions++;
	if (elected)
	{
		c->state[cand] = WINNER;
		c->nwinners++;
		c->won_round[cand] = c->res->nrounds;
	}
	else
	{
		c->state[cand] = ELIMINATED;
		c->neliminated++;
	}
	return RCV_OK;
}

/*
 * Tallies one round: every pattern read as RCTab reads each ballot, its
 * ballots worth their count times their value.  With every seat filled, a
 * ballot that leaves a winner goes no further (RCTab's final round
 * surplus).
 */
static void
tally_round(Count *c, RcvRound *rd, const RcvRound *prev)
{
	const RcvTable *t = c->t;
	int		   *slot = c->order;	/* decision of the previous round by candidate */
	size_t		i;
	int			d;

	for (d = 0; d < c->n; d++)
		slot[d] = -1;
	if (prev)
		for (d = 0; d < prev->ndecisions; d++)
			slot[prev->decisions[d].candidate] = d;
	for (i = 0; i < t->npatterns; i++)
	{
		const RcvPattern *p = &t->patterns[c->live[i]];
		int			rec = c->recipient[i],
					cand,
					why = RCV_ACTIVE;
		int64_t		votes = p->count * c->value[i];

		if (c->interrupt && (i & 0xFFFF) == 0xFFFF)
			c->interrupt();
		if (c->reason[i] != RCV_ACTIVE)
		{
			rd->inactive[c->reason[i]] += votes;
			continue;
		}
		if (rec >= 0 && in_tally(c, rec))
		{
			rd->tally[rec] += votes;
			rd->inactive[RCV_ACTIVE] += votes;
			continue;
		}
		if (c->final_surplus && rec >= 0)
		{
			cand = -1;
			why = RCV_FINAL_ROUND_SURPLUS;
		}
		else
			cand = read_ballot(c, pattern_words(t, p), p->len, &why);
		if (rec >= 0 && prev && slot[rec] >= 0)
			prev->decisions[slot[rec]].transfers[cand >= 0 ? cand : c->n] += votes;
		if (cand >= 0)
		{
			c->recipient[i] = cand;
			rd->tally[cand] += votes;
			rd->inactive[RCV_ACTIVE] += votes;
		}
		else
		{
			c->recipient[i] = -1;
			c->reason[i] = (uint8_t) why;
			rd->inactive[why] += votes;
		}
	}
}

/*
 * A multi-winner's surplus, as RCTab moves it: the fraction of each of its
 * ballots that moves on is (votes - threshold) / votes, cut to the vote
 * unit; each ballot keeps its value less its value times that fraction
 * (also cut), which the winner keeps (c->retained).
 */
static void
move_surplus(Count *c, const RcvRound *rd, int w)
{
	const RcvTable *t = c->t;
	int64_t		votes = rd->tally[w],
				extra = votes - rd->threshold,
				fraction = 0;
	size_t		i;

	if (extra > 0)
		fraction = (int64_t) ((unsigned __int128) extra * (uint64_t) c->scale / (uint64_t) votes);
	c->retained[w] = 0;
	for (i = 0; i < t->npatterns; i++)
	{
		int64_t		moved;

		if (c->recipient[i] != w || c->reason[i] != RCV_ACTIVE)
			continue;
		moved = (int64_t) ((unsigned __int128) c->value[i] * (uint64_t) fraction / (uint64_t) c->scale);
		c->retained[w] += t->patterns[c->live[i]].count * (c->value[i] - moved);
		c->value[i] = moved;
	}
}

/*
 * A multi-winner count's tallies of the winners of earlier rounds, as
 * RCTab's updateWinnerTallies: a winner of the round before holds what it
 * kept of its ballots, cut to the threshold (the rest is its residual
 * surplus, a transfer of its decision); an earlier one, as before.
 */
static void
winner_tallies(Count *c, RcvRound *rd, const RcvRound *prev)
{
	int			i,
				d;

	for (i = 0; i < c->n; i++)
	{
		if (c->state[i] != WINNER || c->won_round[i] == c->res->nrounds)
			continue;
		if (c->won_round[i] < c->res->nrounds - 1)
		{
			rd->tally[i] = prev->tally[i];
			continue;
		}
		rd->tally[i] = c->retained[i];
		if (c->retained[i] > rd->threshold)
		{
			for (d = 0; d < prev->ndecisions; d++)
				if (prev->decisions[d].candidate == i)
					prev->decisions[d].transfers[c->n + 1] += c->retained[i] - rd->threshold;
			rd->tally[i] = rd->threshold;
		}
	}
}

/* The candidates in this round's tally, sorted by tally; returns how many. */
static int
tally_order(Count *c, const RcvRound *rd)
{
	int			n = 0,
				i;

	for (i = 0; i < c->n; i++)
		if (in_tally(c, i))
			c->order[n++] = i;
	sort_by_tally(c->order, n, rd->tally);
	return n;
}

/*
 * As RCTab's identifyWinners: the winners of this round into sel (how
 * many returned), *tiebroken when a tie-break chose the one.
 */
static int
find_winners(Count *c, const RcvRound *rd, int m, int *sel, int *tiebroken)
{
	const RcvRules *r = c->r;
	const int64_t *tally = rd->tally;
	int			nsel = 0,
				i,
				unfilled = r->winners - c->nwinners;
	int64_t		max;

	*tiebroken = 0;
	if (r->uwi >= 0 && in_tally(c, r->uwi) && tally[r->uwi] != 0)
		return 0;				/* no winner while undeclared write-ins hold votes */
	if (m == 0)
		return 0;
	max = tally[c->order[m - 1]];
	if (r->bottoms_up == RCV_BOTTOMS_UP_PERCENT)
	{
		/* everyone left is elected once all are over the threshold */
		for (i = 0; i < m && tally[c->order[i]] > rd->threshold; i++)
			;
		if (i == m)
			for (i = 0; i < c->n; i++)
				if (in_tally(c, i))
					sel[nsel++] = i;
		return nsel;
	}
	if (unfilled > 0)
	{
		if (m <= unfilled)
			for (i = 0; i < m; i++)
				sel[nsel++] = c->order[i];
		else if (r->bottoms_up)
			;					/* bottoms-up elects only when the seats are reached */
		else if (r->first_round_threshold && m - 1 == r->winners)
		{
			for (i = 0; i < m; i++)
				if (tally[c->order[i]] == max)
					sel[nsel++] = c->order[i];
		}
		else
			for (i = 0; i < m; i++)
				if (tally[c->order[i]] >= rd->threshold && c->order[i] != r->uwi)
					sel[nsel++] = c->order[i];
	}
	if ((nsel > 1 && (r->one_winner_per_round || r->first_round_threshold)) ||
		(r->winners == 1 && nsel == 0 && m == 2 && unfilled == 1 &&
		 tally[c->order[0]] >= c->minimum && tally[c->order[1]] >= c->minimum))
	{
		nsel = 0;
		for (i = 0; i < m; i++)
			if (tally[c->order[i]] == max)
				sel[nsel++] = c->order[i];
		if (nsel > 1)
		{
			*tiebroken = 1;
			sel[0] = break_tie(c, sel, nsel, 1);
			nsel = 1;
		}
	}
	return nsel;
}

/*
 * RCTab's batch elimination: walking up from the lowest tally, the longest
 * run of candidates whose votes together are fewer than the next tally;
 * returns how many of c->order it eliminates (only used when 2 or more).
 */
static int
batch_size(Count *c, const int64_t *tally, int m)
{
	int64_t		running = 0;
	int			e = 0,
				prev = 0,
				seen = 0,
				i = 0;

	while (i < m)
	{
		int64_t		v = tally[c->order[i]];
		int			j = i;

		while (j < m && tally[c->order[j]] == v)
			j++;
		if (running < v && seen > e)
		{
			prev = e;
			e = seen;
		}
		running += v * (int64_t) (j - i);
		seen += j - i;
		i = j;
	}
	if (c->r->continue_until_two && e + c->neliminated == c->num_candidates - 1)
		e = prev;
	return e;
}

/* Eliminates as RCTab does when no one wins; adds the decisions to rd. */
static RcvStatus
eliminate(Count *c, RcvRound *rd, int m)
{
	const RcvRules *r = c->r;
	const int64_t *tally = rd->tally;
	int			i,
				k;
	RcvStatus	st;

	/* 1. the undeclared write-ins, if they hold votes */
	if (r->uwi >= 0 && in_tally(c, r->uwi) && tally[r->uwi] > 0)
		return decide(c, rd, r->uwi, 0, 0);
	/* 2. everyone under minimumVoteThreshold */
	if (c->minimum > 0 && m > 0 && tally[c->order[0]] < c->minimum)
	{
		for (k = 0; k < m && tally[c->order[k]] < c->minimum; k++)
			;
		if (k == c->num_declared || k == m)
			return RCV_ALL_BELOW_MINIMUM;
		for (i = 0; i < k; i++)
			if ((st = decide(c, rd, c->order[i], 0, 0)) != RCV_OK)
				return st;
		return RCV_OK;
	}
	/* 2b. cutoffElimination: everyone under the threshold */
	if (r->cutoff_elimination && m > 0 && tally[c->order[0]] < rd->threshold)
	{
		for (k = 0; k < m && tally[c->order[k]] < rd->threshold; k++)
			if ((st = decide(c, rd, c->order[k], 0, 0)) != RCV_OK)
				return st;
		return RCV_OK;
	}
	/* 3. a batch of two or more who cannot catch up */
	if (r->batch_elimination && (k = batch_size(c, tally, m)) > 1)
	{
		for (i = 0; i < k; i++)
			if ((st = decide(c, rd, c->order[i], 0, 0)) != RCV_OK)
				return st;
		return RCV_OK;
	}
	/* 4. the last, the tie broken by the contest's rule */
	if (m == 0)
		return RCV_NO_CANDIDATE_LEFT;
	for (k = 1; k < m && tally[c->order[k]] == tally[c->order[0]]; k++)
		;
	if (k == 1)
		return decide(c, rd, c->order[0], 0, 0);
	{
		int			tied[RCV_MAX_CANDIDATES];

		memcpy(tied, c->order, sizeof(int) * (size_t) k);
		return decide(c, rd, break_tie(c, tied, k, 0), 0, 1);
	}
}

/* Whether a candidate was elected in the given round (1-based). */
static int
elected_in(const Count *c, int round)
{
	int			i;

	for (i = 0; i < c->n; i++)
		if (c->state[i] == WINNER && c->won_round[i] == round)
			return 1;
	return 0;
}

/* As RCTab's shouldContinueTabulating; round 1 always counted. */
static int
should_continue(const Count *c, const RcvResult *res)
{
	int			round = res->nrounds;

	if (round == 0)
		return 1;				/* round 1 is always counted (one candidate under continueUntilTwo) */
	if (c->r->stop_after_round > 0 && round >= c->r->stop_after_round)
		return 0;
	if (c->r->continue_until_two)
	{
		int			eliminated_now = 0,
					d;

		if (round > 0)
			for (d = 0; d < res->rounds[round - 1].ndecisions; d++)
				eliminated_now |= !res->rounds[round - 1].decisions[d].elected;
		return c->neliminated + c->nwinners + 1 < c->num_candidates || eliminated_now;
	}
	if (c->nwinners == c->num_declared && c->r->winners > c->num_candidates)
		return 0;				/* more seats than candidates: everyone is elected */
	if (c->r->bottoms_up == RCV_BOTTOMS_UP_PERCENT)
		return c->nwinners == 0;
	/* with every seat filled, one more round shows where the last surpluses go */
	return c->nwinners < c->r->winners ||
		(c->multi && c->won_round != NULL && elected_in(c, round));
}

/* Releases the result's rounds. */
void
rcv_result_free(RcvResult *res, const CoreAlloc *mem)
{
	int			i,
				d;

	if (res->rounds)
	{
		for (i = 0; i < res->nrounds; i++)
		{
			for (d = 0; d < res->rounds[i].ndecisions; d++)
				core_free(mem, res->rounds[i].decisions[d].transfers);
			core_free(mem, res->rounds[i].decisions);
			core_free(mem, res->rounds[i].tally);
		}
		core_free(mem, res->rounds);
	}
	res->rounds = NULL;
	res->nrounds = 0;
}

/* Sets up the count's working arrays and the tie-break permutation. */
static RcvStatus
count_init(Count *c, const RcvTable *t, const CoreAlloc *mem, void (*interrupt) (void))
{
	const RcvRules *r = &t->rules;
	size_t		np = t->npatterns ? t->npatterns : 1,
				k,
				j;
	int			i;

	memset(c, 0, sizeof(*c));
	c->t = t;
	c->r = r;
	c->mem = mem;
	c->interrupt = interrupt;
	c->n = r->ncand;
	c->state = core_alloc0(mem, (size_t) c->n, 1);
	c->recipient = core_alloc(mem, np, sizeof(int32_t));
	c->reason = core_alloc0(mem, np, 1);
	c->live = core_alloc(mem, np, sizeof(size_t));
	c->stamp = core_alloc0(mem, (size_t) c->n + 1, sizeof(uint32_t));
	c->order = core_alloc(mem, (size_t) c->n, sizeof(int));
	c->perm = core_alloc(mem, (size_t) c->n, sizeof(int));
	c->value = core_alloc(mem, np, sizeof(int64_t));
	c->retained = core_alloc0(mem, (size_t) c->n, sizeof(int64_t));
	c->won_round = core_alloc0(mem, (size_t) c->n, sizeof(int));
	if (!c->state || !c->recipient || !c->reason || !c->live || !c->stamp || !c->order || !c->perm ||
		!c->value || !c->retained || !c->won_round)
		return RCV_NO_MEMORY;
	c->multi = r->winners > 1 && !r->bottoms_up;
	c->scale = 1;
	if (r->bottoms_up == RCV_BOTTOMS_UP_PERCENT)
	{
		/* votes x percent / 100 exactly */
		for (i = 0; i < r->percent_decimals + 2; i++)
			c->scale *= 10;
	}
	else if (c->multi || r->non_integer_threshold)
		for (i = 0; i < r->decimals; i++)
			c->scale *= 10;
	/* every vote figure fits: all ballots at full value, four times over */
	if (t->ballots > INT64_MAX / 4 / c->scale || r->minimum_votes > INT64_MAX / 4 / c->scale)
		return RCV_TOO_MANY_BALLOTS;
	c->minimum = r->minimum_votes * c->scale;
	for (k = 0; k < np; k++)
		c->value[k] = c->scale;
	for (i = 0; i < (int) t->npatterns; i++)
		c->recipient[i] = -1;
	for (k = 0, j = 0; k < t->capacity; k++)
		if (t->patterns[k].count != 0)
			c->live[j++] = k;
	for (i = 0; i < c->n; i++)
	{
		if (r->excluded[i])
			c->state[i] = EXCLUDED;
		else
			c->num_candidates++;
		if (i != r->uwi)
			c->perm[c->nperm++] = i;
	}
	c->num_declared = c->nperm;
	rcv_java_random_init(&c->random, r->random_seed);
	if (r->tiebreak == RCV_TIE_GENERATE_PERMUTATION)
	{
		/* Collections.sort, then Collections.shuffle(list, new Random(seed)) */
		sort_by_name(r, c->perm, c->nperm);
		for (i = c->nperm; i > 1; i--)
		{
			int			j = rcv_java_random_next_int(&c->random, i);
			int			x = c->perm[i - 1];

			c->perm[i - 1] = c->perm[j];
			c->perm[j] = x;
		}
	}
	return RCV_OK;
}

/* Releases the count's working arrays. */
static void
count_free(Count *c)
{
	core_free(c->mem, c->state);
	core_free(c->mem, c->recipient);
	core_free(c->mem, c->reason);
	core_free(c->mem, c->live);
	core_free(c->mem, c->stamp);
	core_free(c->mem, c->order);
	core_free(c->mem, c->perm);
	core_free(c->mem, c->value);
	core_free(c->mem, c->retained);
	core_free(c->mem, c->won_round);
}

/* Counts the contest round by round. */
RcvStatus
rcv_tabulate(RcvTable *t, RcvResult *res, const CoreAlloc *mem, void (*interrupt) (void))
{
	Count		c;
	RcvStatus	st;
	int			maxrounds = t->rules.ncand + 2;

	rcv_table_flush(t);
	memset(res, 0, sizeof(*res));
	res->winner = -1;
	res->ballots = t->ballots;
	res->patterns = t->npatterns;
	res->scale = 1;
	st = count_init(&c, t, mem, interrupt);
	c.res = res;
	res->scale = c.scale;
	if (st == RCV_OK)
	{
		res->rounds = core_alloc0(mem, (size_t) maxrounds, sizeof(RcvRound));
		if (res->rounds == NULL)
			st = RCV_NO_MEMORY;
	}
	while (st == RCV_OK && should_continue(&c, res))
	{
		RcvRound   *rd = &res->rounds[res->nrounds];
		RcvRound   *prev = res->nrounds > 0 ? &res->rounds[res->nrounds - 1] : NULL;
		int			i,
					m,
					nsel,
					tiebroken,
					recompute,
					sel[RCV_MAX_CANDIDATES];

		if (res->nrounds == maxrounds)
		{
			st = RCV_NO_CANDIDATE_LEFT;	/* no progress: a guard, never seen */
			break;
		}
		res->nrounds++;
		rd->tally = core_alloc(mem, (size_t) c.n, sizeof(int64_t));
		rd->decisions = core_alloc0(mem, (size_t) c.n, sizeof(RcvDecision));
		if (rd->tally == NULL || rd->decisions == NULL)
		{
			st = RCV_NO_MEMORY;
			break;
		}
		for (i = 0; i < c.n; i++)
			rd->tally[i] = in_tally(&c, i) ? 0 : -1;
		c.final_surplus = c.multi && c.nwinners >= t->rules.winners;
		tally_round(&c, rd, prev);

		/*
		 * The threshold: floor(active / (winners + 1)) + 1 unit, Hare's
		 * active / winners rounded up; the unit is one vote, or the vote
		 * unit with nonIntegerWinningThreshold.  A multi-winner count
		 * keeps round 1's.
		 */
		if (prev == NULL)
			recompute = 1;
		else if (t->rules.winners > 1 || t->rules.first_round_threshold)
			recompute = 0;
		else if (t->rules.continue_until_two)
			recompute = c.nwinners == 0;
		else
			recompute = 1;
		if (recompute)
		{
			int64_t		unit = t->rules.non_integer_threshold ? 1 : c.scale;
			int64_t		units = rd->inactive[RCV_ACTIVE] / unit;

			if (t->rules.bottoms_up == RCV_BOTTOMS_UP_PERCENT)
				rd->threshold = rd->inactive[RCV_ACTIVE] / c.scale * t->rules.percent;
			else if (t->rules.hare_quota)
				rd->threshold = (units / t->rules.winners + (units % t->rules.winners != 0)) * unit;
			else
				rd->threshold = (units / (t->rules.winners + 1) + 1) * unit;
			if (c.minimum > rd->threshold)
				rd->threshold = c.minimum;
		}
		else
			rd->threshold = prev->threshold;

		m = tally_order(&c, rd);
		nsel = find_winners(&c, rd, m, sel, &tiebroken);
		if (nsel > 0)
		{
			for (i = 0; i < nsel && st == RCV_OK; i++)
			{
				st = decide(&c, rd, sel[i], 1, tiebroken);
				if (res->winner < 0)
					res->winner = sel[i];
				if (st == RCV_OK && c.multi)
					move_surplus(&c, rd, sel[i]);
			}
		}
		else if (c.nwinners < t->rules.winners ||
				 (t->rules.continue_until_two && c.neliminated < c.num_candidates - 2) ||
				 t->rules.bottoms_up == RCV_BOTTOMS_UP_PERCENT)
		{
			st = eliminate(&c, rd, m);
			if (st == RCV_OK && rd->ndecisions == 0)
				st = RCV_NO_CANDIDATE_LEFT;
		}
		if (t->rules.winners > 1 && prev != NULL)
			winner_tallies(&c, rd, prev);
	}
	count_free(&c);
	if (st != RCV_OK)
		rcv_result_free(res, mem);
	return st;
}
