/*
 * calibrate.c
 *	  Calibration of scores to a topline (logit_shift, calibrate,
 *	  shift_score) and the sums of turnout_interval.
 *
 * The shift.  With o_j = p_j / (1 - p_j) the odds of the distinct scores
 * strictly between 0 and 1 (n_j rows each) and c = e^d, the shifted score is
 * q / (1 + q) with q = o_j c, so the sum
 *
 *	  S(d) = sum_j n_j q_j / (1 + q_j),	 S'(d) = sum_j n_j q_j / (1 + q_j)^2
 *
 * costs a multiplication, an addition and a division per distinct score
 * (an exponential only where q leaves the normal range).  S increases
 * strictly from 0 (d -> -inf) to N = sum n_j (d -> +inf), so for 0 < T' < N,
 * T' = T - count(p = 1), the root is unique, and it lies in
 *
 *	  [logit(T'/N) - logit(p_max), logit(T'/N) - logit(p_min)]
 *
 * (at the left end every shifted score is at most T'/N, at the right end at
 * least).  Safeguarded Newton inside that bracket: a Newton step that leaves
 * the bracket is replaced by bisection, and every evaluation narrows it.
 * The first trial point after d = 0 matches the log-odds of the mean.
 *
 * Exactness and determinism.  The state keeps the distinct scores sorted
 * (an LSD radix sort of the appended tail, merged into the sorted part), S
 * is summed in that order as a double-double, so S(d) is correct to a few
 * units in the last place and depends only on the multiset of scores;
 * Newton stops at |S(d) - T'| <= 1e-13 T' or when the bracket is down to
 * adjacent doubles.
 */
#include "calibrate.h"
#include "logistic.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define CAL_MAGIC 0x4c414356u	/* "VCAL" */
#define CAL_HEADER 48
#define RADIX_HIST (3 * 2048)	/* histogram entries: 3 passes of 11 bits */
#define SOLVE_MAX_ITERATIONS 400
#define SOLVE_TOLERANCE 1e-13

/* An empty state. */
void
shift_state_init(ShiftState *s, const CoreAlloc *mem)
{
	memset(s, 0, sizeof(*s));
	s->mem = mem;
}

/* Frees the entries and the appended scores. */
void
shift_state_free(ShiftState *s)
{
	core_free(s->mem, s->e);
	core_free(s->mem, s->raw);
	core_free(s->mem, s->cache);
	s->e = NULL;
	s->raw = NULL;
	s->cache = NULL;
	s->n = s->cap = s->nraw = s->rawcap = 0;
}

/* CAL_OK for a score within [0, 1]. */
CalStatus
shift_check_score(double p)
{
	return (p >= 0 && p <= 1) ? CAL_OK : CAL_BAD_SCORE;
}

/* Records a row's target: the first sets it, the others must agree. */
static CalStatus
note_target(ShiftState *s, CalTargetKind kind, double target)
{
	if (kind == CAL_TARGET_VALUE && !isfinite(target))
		return CAL_BAD_TARGET;
	if (kind == CAL_TARGET_VALUE && target == 0)
		target = 0;				/* -0 is 0 */
	if (s->target_kind == CAL_TARGET_NONE)
	{
		s->target_kind = kind;
		s->target = kind == CAL_TARGET_VALUE ? target : 0;
		return CAL_OK;
	}
	if (kind == CAL_TARGET_NONE)
		return CAL_OK;
	if (s->target_kind != kind || (kind == CAL_TARGET_VALUE && s->target != target))
		return CAL_TARGET_DIFFERS;
	return CAL_OK;
}

/* Room for extra more appended scores (doubling). */
static CalStatus
reserve_raw(ShiftState *s, size_t extra)
{
	size_t		want = s->nraw + extra,
				cap;
	double	   *raw;

	if (want <= s->rawcap)
		return CAL_OK;
	if (want > CAL_MAX_ENTRIES)
		return CAL_TOO_MANY;
	cap = s->rawcap ? s->rawcap : 1024;
	while (cap < want)
		cap *= 2;
	if (cap > CAL_MAX_ENTRIES)
		cap = CAL_MAX_ENTRIES;
	raw = core_alloc(s->mem, cap, sizeof(double));
	if (raw == NULL)
		return CAL_NO_MEMORY;
	if (s->nraw > 0)
		memcpy(raw, s->raw, s->nraw * sizeof(double));
	core_free(s->mem, s->raw);
	s->raw = raw;
	s->rawcap = cap;
	return CAL_OK;
}

/* The bits of a positive double, which order as the doubles do. */
static inline uint64_t
key_of(double v)
{
	uint64_t	k;

	memcpy(&k, &v, sizeof(k));
	return k;
}

/*
 * LSD radix sort of a (n positive doubles) on the 11-bit digits of their
 * bits at the given shifts, using tmp (n) and hist (3 * 2048); passes where
 * every key has the same digit are skipped, and keys equal on those digits
 * keep their order.  Returns the array that holds the result (a or tmp).
 */
static double *
radix_passes(double *a, double *tmp, size_t n, size_t *hist, const int *shifts,
			 void (*interrupt) (void))
{
	size_t		i;
	int			pass;

	memset(hist, 0, sizeof(size_t) * 3 * 2048);
	for (i = 0; i < n; i++)
	{
		uint64_t	k = key_of(a[i]);

		for (pass = 0; pass < 3; pass++)
			hist[pass * 2048 + ((k >> shifts[pass]) & 2047)]++;
	}
	for (pass = 0; pass < 3; pass++)
	{
		size_t	   *h = hist + pass * 2048;
		size_t		sum = 0;
		int			b;
		double	   *swap;

		if (h[(key_of(a[0]) >> shifts[pass]) & 2047] == n)
			continue;			/* one digit for all: nothing to do */
		if (interrupt)
			interrupt();
		for (b = 0; b < 2048; b++)
		{
			size_t		c = h[b];

			h[b] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
		{
			uint64_t	k = key_of(a[i]);

			tmp[h[(k >> shifts[pass]) & 2047]++] = a[i];
		}
		swap = a;
		a = tmp;
		tmp = swap;
	}
	return a;
}

/*
 * Sorts a (n positive doubles, whose bits order as the values do) using tmp
 * (n): three radix passes on the top 33 bits, then each run of keys equal
 * there (mostly single keys for continuous scores) sorted on the low 31
 * bits, by insertion when short, by three more passes otherwise.  Returns
 * the array that holds the result (a or tmp).
 */
static double *
radix_sort(double *a, double *tmp, size_t n, size_t *hist, void (*interrupt) (void))
{
	static const int high[] = {31, 42, 53};
	static const int low[] = {0, 11, 22};
	double	   *r = radix_passes(a, tmp, n, hist, high, interrupt);
	double	   *other = r == a ? tmp : a;
	size_t		i = 0;

	while (i < n)
	{
		uint64_t	top = key_of(r[i]) >> 31;
		size_t		j = i + 1,
					m;

		while (j < n && key_of(r[j]) >> 31 == top)
			j++;
		if (j - i > 32)
		{
			double	   *s = radix_passes(r + i, other + i, j - i, hist, low, NULL);

			if (s != r + i)
				memcpy(r + i, s, (j - i) * sizeof(double));
		}
		else
			for (m = i + 1; m < j; m++)
			{
				double		v = r[m];
				size_t		k = m;

				while (k > i && r[k - 1] > v)
				{
					r[k] = r[k - 1];
					k--;
				}
				r[k] = v;
			}
		if (interrupt && (j >> 16) != (i >> 16))
			interrupt();
		i = j;
	}
	return r;
}

/*
 * Merges the sorted entries a (na) and b (nb) into a new array, adding up
 * the counts of equal scores; b may be NULL and bv (nbv increasing doubles,
 * one row each) used instead.
 */
static CalStatus
merge_sorted(ShiftState *s, const ShiftEntry *a, size_t na, const ShiftEntry *b, size_t nb,
			 const double *bv, size_t nbv, void (*interrupt) (void))
{
	size_t		i = 0,
				j = 0,
				o = 0,
				nbb = b ? nb : nbv;
	ShiftEntry *out;

	if (na + nbb > CAL_MAX_ENTRIES)
		return CAL_TOO_MANY;
	out = core_alloc(s->mem, na + nbb, sizeof(ShiftEntry));
	if (out == NULL)
		return CAL_NO_MEMORY;
	while (i < na || j < nbb)
	{
		ShiftEntry	next;

		if (interrupt && ((i + j) & 0xFFFF) == 0xFFFF)
			interrupt();
		if (j >= nbb || (i < na && a[i].v <= (b ? b[j].v : bv[j])))
			next = a[i++];
		else if (b)
			next = b[j++];
		else
		{
			next.v = bv[j++];
			next.n = 1;
		}
		if (o > 0 && out[o - 1].v == next.v)
			out[o - 1].n += next.n;
		else
			out[o++] = next;
	}
	core_free(s->mem, s->e);
	s->e = out;
	s->n = o;
	s->cap = na + nbb;
	return CAL_OK;
}

/* Slot of score v in the cache. */
static inline size_t
cache_slot(double v)
{
	return (size_t) ((key_of(v) * UINT64_C(0x9E3779B97F4A7C15)) >> 52);	/* 12 bits */
}

/* Orders entries by score (qsort). */
static int
cmp_entry(const void *a, const void *b)
{
	double		x = ((const ShiftEntry *) a)->v,
				y = ((const ShiftEntry *) b)->v;

	return (x > y) - (x < y);
}

/*
 * Merges the scores counted in src's cache (distinct, one slot each) into
 * dst's entries, in increasing order; with clear, empties the counts.
 */
static CalStatus
merge_cache(ShiftState *dst, const ShiftState *src, int clear, void (*interrupt) (void))
{
	ShiftEntry *c;
	size_t		i,
				m = 0;
	CalStatus	st = CAL_OK;

	if (src->cache == NULL)
		return CAL_OK;
	c = core_alloc(dst->mem, CAL_CACHE, sizeof(ShiftEntry));
	if (c == NULL)
		return CAL_NO_MEMORY;
	for (i = 0; i < CAL_CACHE; i++)
		if (src->cache[i].n > 0)
			c[m++] = src->cache[i];
	if (m > 0)
	{
		qsort(c, m, sizeof(ShiftEntry), cmp_entry);
		st = merge_sorted(dst, dst->e, dst->n, c, m, NULL, 0, interrupt);
	}
	core_free(dst->mem, c);
	if (st == CAL_OK && clear)
		for (i = 0; i < CAL_CACHE; i++)
			src->cache[i].n = 0;
	return st;
}

/* Sorts the appended scores and merges them, and the cache's, into the entries. */
CalStatus
shift_state_compact(ShiftState *s, void (*interrupt) (void))
{
	double	   *tmp,
			   *sorted;
	size_t	   *hist;
	CalStatus	st;

	st = merge_cache(s, s, 1, interrupt);
	if (st != CAL_OK)
		return st;
	if (s->nraw == 0)
		return CAL_OK;
	tmp = core_alloc(s->mem, s->nraw, sizeof(double));
	hist = core_alloc(s->mem, RADIX_HIST, sizeof(size_t));
	if (tmp == NULL || hist == NULL)
	{
		core_free(s->mem, tmp);
		core_free(s->mem, hist);
		return CAL_NO_MEMORY;
	}
	sorted = radix_sort(s->raw, tmp, s->nraw, hist, interrupt);
	core_free(s->mem, hist);
	st = merge_sorted(s, s->e, s->n, NULL, 0, sorted, s->nraw, interrupt);
	core_free(s->mem, tmp);
	if (st == CAL_OK)
		s->nraw = 0;
	return st;
}

/* Adds one row. */
CalStatus
shift_state_add(ShiftState *s, double p, int target_null, double target,
				void (*interrupt) (void))
{
	CalStatus	st;

	if (shift_check_score(p) != CAL_OK)
		return CAL_BAD_SCORE;
	st = note_target(s, target_null ? CAL_TARGET_NULL : CAL_TARGET_VALUE, target);
	if (st != CAL_OK)
		return st;
	if (p == 0)
		s->n_zero++;
	else if (p == 1)
		s->n_one++;
	else
	{
		/* a repeated score counted in its cache slot: no append, no sort */
		if (s->cache)
		{
			ShiftEntry *slot = &s->cache[cache_slot(p)];

			if (slot->v == p || slot->n == 0)
			{
				slot->v = p;
				slot->n++;
				s->rows++;
				return CAL_OK;
			}
		}

		/*
		 * Sort and merge once as many scores were appended as there are
		 * entries, while that pays: when more than half of the scores
		 * sorted in were new (continuous scores), sorting again before the
		 * end would only move them once more.  When few were new (a
		 * model's scores), the cache takes the repeats from then on.
		 */
		if (s->nraw >= CAL_CHUNK && s->nraw >= s->n && !s->distinct)
		{
			size_t		before = s->n,
						added = s->nraw;

			st = shift_state_compact(s, interrupt);
			if (st != CAL_OK)
				return st;
			s->distinct = s->n - before > added / 2;
			if (s->cache == NULL && s->n - before < added / 8)
			{
				s->cache = core_alloc0(s->mem, CAL_CACHE, sizeof(ShiftEntry));
				if (s->cache == NULL)
					return CAL_NO_MEMORY;
			}
		}
		if (s->nraw == s->rawcap)
		{
			st = reserve_raw(s, 1);
			if (st != CAL_OK)
				return st;
		}
		s->raw[s->nraw++] = p;
	}
	s->rows++;
	return CAL_OK;
}

/* Adds src's scores into dst. */
CalStatus
shift_state_merge(ShiftState *dst, const ShiftState *src, void (*interrupt) (void))
{
	CalStatus	st;

	st = note_target(dst, src->target_kind, src->target);
	if (st != CAL_OK)
		return st;
	st = reserve_raw(dst, src->nraw);
	if (st != CAL_OK)
		return st;
	if (src->n > 0)
	{
		st = merge_sorted(dst, dst->e, dst->n, src->e, src->n, NULL, 0, interrupt);
		if (st != CAL_OK)
			return st;
	}
	st = merge_cache(dst, src, 0, interrupt);
	if (st != CAL_OK)
		return st;
	if (src->nraw > 0)
		memcpy(dst->raw + dst->nraw, src->raw, src->nraw * sizeof(double));
	dst->nraw += src->nraw;
	dst->rows += src->rows;
	dst->n_zero += src->n_zero;
	dst->n_one += src->n_one;
	return CAL_OK;
}

/* Bytes of the serialized form. */
size_t
shift_state_serial_size(const ShiftState *s)
{
	return CAL_HEADER + s->n * 16;
}

/*
 * Layout, native order: uint32 magic, uint32 target kind, double target,
 * int64 rows, n_zero, n_one, uint64 entries, then per entry double v and
 * int64 n.
 */
void
shift_state_serialize(const ShiftState *s, unsigned char *buf)
{
	uint32_t	magic = CAL_MAGIC,
				kind = (uint32_t) s->target_kind;
	uint64_t	n = s->n;

	memcpy(buf, &magic, 4);
	memcpy(buf + 4, &kind, 4);
	memcpy(buf + 8, &s->target, 8);
	memcpy(buf + 16, &s->rows, 8);
	memcpy(buf + 24, &s->n_zero, 8);
	memcpy(buf + 32, &s->n_one, 8);
	memcpy(buf + 40, &n, 8);
	if (s->n > 0)
		memcpy(buf + CAL_HEADER, s->e, s->n * 16);
}

/* Rebuilds a state from bytes, validating every field. */
CalStatus
shift_state_deserialize(ShiftState *s, const unsigned char *buf, size_t len)
{
	uint32_t	magic,
				kind;
	double		target;
	int64_t		rows,
				n_zero,
				n_one,
				total;
	uint64_t	n;
	size_t		i;

	if (len < CAL_HEADER)
		return CAL_CORRUPT;
	memcpy(&magic, buf, 4);
	memcpy(&kind, buf + 4, 4);
	memcpy(&target, buf + 8, 8);
	memcpy(&rows, buf + 16, 8);
	memcpy(&n_zero, buf + 24, 8);
	memcpy(&n_one, buf + 32, 8);
	memcpy(&n, buf + 40, 8);
	if (magic != CAL_MAGIC || kind > CAL_TARGET_NULL)
		return CAL_CORRUPT;
	if (!isfinite(target) || (kind != CAL_TARGET_VALUE && target != 0))
		return CAL_CORRUPT;
	if (rows < 0 || n_zero < 0 || n_one < 0 || n_zero > rows || n_one > rows - n_zero)
		return CAL_CORRUPT;
	if (n > CAL_MAX_ENTRIES || len != CAL_HEADER + (size_t) n * 16)
		return CAL_CORRUPT;
	if ((kind == CAL_TARGET_NONE) != (rows == 0))
		return CAL_CORRUPT;
	s->e = core_alloc(s->mem, (size_t) n, sizeof(ShiftEntry));
	if (s->e == NULL)
		return CAL_NO_MEMORY;
	s->cap = (size_t) n;
	total = n_zero + n_one;
	for (i = 0; i < n; i++)
	{
		ShiftEntry	e;

		memcpy(&e, buf + CAL_HEADER + i * 16, 16);
		if (!(e.v > 0 && e.v < 1) || e.n < 1 || e.n > rows - total)
			return CAL_CORRUPT;
		if (i > 0 && !(e.v > s->e[i - 1].v))
			return CAL_CORRUPT;
		total += e.n;
		s->e[i] = e;
	}
	if (total != rows)
		return CAL_CORRUPT;
	s->n = (size_t) n;
	s->rows = rows;
	s->n_zero = n_zero;
	s->n_one = n_one;
	s->target_kind = (CalTargetKind) kind;
	s->target = target;
	return CAL_OK;
}

/*
 * The shifted score of odds o under c = e^d, q / (1 + q) with q = o c, and
 * its derivative in d, q / (1 + q)^2; through the log-odds where q leaves
 * the normal range (or c over- or underflowed).
 */
static inline double
shifted(double o, double c, double d, double *deriv)
{
	double		q = o * c;

	if (q >= 1e-300 && q <= 1e300)
	{
		double		r = q / (1 + q);

		*deriv = r / (1 + q);
		return r;
	}
	else
	{
		double		r = logistic(log(o) + d);

		*deriv = r * (1 - r);
		return r;
	}
}

/* Shifted score of p by d. */
double
shift_score(double p, double d)
{
	double		deriv;

	if (p <= 0)
		return 0;
	if (p >= 1)
		return 1;
	return shifted(p / (1 - p), exp(d), d, &deriv);
}

/*
 * S(d) - target (a double-double, rounded) and S'(d), visiting the entries
 * in order with four interleaved accumulators (so the additions do not wait
 * on each other), added up in a fixed order at the end.  With d NaN it sums
 * the scores themselves instead (S at d = 0) and fills odds.
 */
static double
evaluate(double *odds, const ShiftEntry *e, size_t n, double d, double target,
		 double *deriv, void (*interrupt) (void))
{
	double		c = exp(d);
	double		hi[4] = {0, 0, 0, 0},
				lo[4] = {0, 0, 0, 0},
				ds[4] = {0, 0, 0, 0};
	double		h = -target,
				l = 0;
	size_t		j;
	int			u;
	int			first = isnan(d);

	for (j = 0; j < n; j++)
	{
		double		w,
					r,
					nj = (double) e[j].n;

		u = (int) (j & 3);
		if (interrupt && (j & 0xFFFF) == 0xFFFF)
			interrupt();
		if (first)
		{
			odds[j] = e[j].v / (1 - e[j].v);
			r = e[j].v;
			w = r * (1 - r);
		}
		else
			r = shifted(odds[j], c, d, &w);
		dd_add(&hi[u], &lo[u], nj * r);
		ds[u] += nj * w;
	}
	for (u = 0; u < 4; u++)
	{
		dd_add(&h, &l, hi[u]);
		dd_add(&h, &l, lo[u]);
	}
	*deriv = (ds[0] + ds[1]) + (ds[2] + ds[3]);
	return h + l;
}

/*
 * Solves S(d) = target - count(p = 1); see the header comment of this file.
 * The first point is d = 0, evaluated while the odds are computed; the
 * second matches the log-odds of the mean score to the target's; then
 * Newton.  A Newton step shorter than 4e-7 is taken without evaluating
 * where it lands: |S''| <= S' termwise (|1 - 2p'| <= 1), so the remaining
 * error is at most step^2 / 2 = 8e-14 of the target.
 */
CalStatus
shift_solve(const ShiftState *s, ShiftSolution *sol, void (*interrupt) (void))
{
	double		N = 0,
				T,
				a,
				lo,
				hi,
				d = 0,
				best_d = 0,
				best_f = INFINITY,
				tol;
	double	   *odds;
	size_t		j;
	int			iter;

	for (j = 0; j < s->n; j++)
		N += (double) s->e[j].n;	/* exact: counts below 2^53 */
	sol->low = (double) s->n_one;
	sol->high = (double) s->n_one + N;
	sol->d = 0;
	sol->iterations = 0;
	T = s->target - (double) s->n_one;
	if (s->n == 0)
		return T == 0 ? CAL_OK : CAL_UNREACHABLE;
	if (!(T > 0 && T < N))
		return CAL_UNREACHABLE;

	odds = core_alloc(s->mem, s->n, sizeof(double));
	if (odds == NULL)
		return CAL_NO_MEMORY;
	a = log(T) - log(N - T);	/* logit(T / N) */
	lo = a - log(s->e[s->n - 1].v / (1 - s->e[s->n - 1].v));
	hi = a - log(s->e[0].v / (1 - s->e[0].v));
	tol = SOLVE_TOLERANCE * T;
	for (iter = 1; iter <= SOLVE_MAX_ITERATIONS; iter++)
	{
		double		deriv,
					f,
					next;

		f = evaluate(odds, s->e, s->n, iter == 1 ? NAN : d, T, &deriv, interrupt);
		sol->iterations = iter;
		if (fabs(f) < best_f)
		{
			best_f = fabs(f);
			best_d = d;
		}
		if (fabs(f) <= tol)
			break;
		if (f < 0)
			lo = fmax(lo, d);
		else
			hi = fmin(hi, d);
		if (iter == 1)
		{
			/* match the log-odds of the mean score to the target's */
			double		m = (f + T) / N;

			next = a - (log(m) - log1p(-m));
		}
		else
			next = d - f / deriv;
		if (!(next > lo && next < hi))
			next = lo + (hi - lo) / 2;
		else if (iter > 1 && fabs(next - d) <= 4e-7)
		{
			best_d = next;		/* close enough: see above */
			break;
		}
		if (next <= lo || next >= hi || next == d)
		{
			/*
			 * The bracket is down to adjacent doubles, or to one point (one
			 * distinct score: d = logit(T / N) - logit(p) exactly): the best
			 * of its ends.
			 */
			if (next != d)
			{
				f = evaluate(odds, s->e, s->n, next, T, &deriv, interrupt);
				if (fabs(f) < best_f)
					best_d = next;
			}
			break;
		}
		d = next;
	}
	core_free(s->mem, odds);
	sol->d = best_d;
	return CAL_OK;
}

/* Empty interval sums. */
void
interval_init(IntervalSums *s)
{
	memset(s, 0, sizeof(*s));
	s->k = -1;
}

/* Adds a voter. */
void
interval_add(IntervalSums *s, double p, const double *x, int k)
{
	double		w = p * (1 - p);
	int			i;

	s->k = k;
	s->voters++;
	dd_add(&s->sum_p[0], &s->sum_p[1], p);
	dd_add(&s->sum_w[0], &s->sum_w[1], w);
	dd_add(&s->grad[0], &s->grad[1], w);
	for (i = 0; i < k; i++)
		dd_add(&s->grad[2 * (i + 1)], &s->grad[2 * (i + 1) + 1], w * x[i]);
}

/* Adds a voter scored by the model. */
void
interval_add_voter(IntervalSums *s, const double *coef, double shift, const double *x, int k)
{
	double		eta = coef[0];
	int			i;

	for (i = 0; i < k; i++)
		eta += coef[i + 1] * x[i];
	interval_add(s, logistic(eta + shift), x, k);
}

/* Adds src into dst. */
void
interval_merge(IntervalSums *dst, const IntervalSums *src)
{
	int			i;

	if (src->k < 0)
		return;
	dst->k = src->k;
	dst->voters += src->voters;
	dd_add(&dst->sum_p[0], &dst->sum_p[1], src->sum_p[0]);
	dd_add(&dst->sum_p[0], &dst->sum_p[1], src->sum_p[1]);
	dd_add(&dst->sum_w[0], &dst->sum_w[1], src->sum_w[0]);
	dd_add(&dst->sum_w[0], &dst->sum_w[1], src->sum_w[1]);
	for (i = 0; i <= src->k; i++)
	{
		dd_add(&dst->grad[2 * i], &dst->grad[2 * i + 1], src->grad[2 * i]);
		dd_add(&dst->grad[2 * i], &dst->grad[2 * i + 1], src->grad[2 * i + 1]);
	}
}

#define INTERVAL_MAGIC 0x4e495643u	/* "CVIN" */
#define INTERVAL_HEADER 64

/* Bytes of the serialized sums and model. */
size_t
interval_serial_size(int p)
{
	return INTERVAL_HEADER + (size_t) p * (1 + p + 2) * sizeof(double);
}

/*
 * Layout: uint32 magic, int32 p, double level, shift, int64 voters, double
 * sum_p (hi, lo), sum_w (hi, lo), then coef[p], cov[p * p] and grad (hi,
 * lo)[p].
 */
void
interval_serialize(const IntervalSums *s, int p, const double *coef, const double *cov,
				   double level, double shift, unsigned char *buf)
{
	uint32_t	magic = INTERVAL_MAGIC;
	int32_t		p32 = p;
	size_t		off = INTERVAL_HEADER;

	memcpy(buf, &magic, 4);
	memcpy(buf + 4, &p32, 4);
	memcpy(buf + 8, &level, 8);
	memcpy(buf + 16, &shift, 8);
	memcpy(buf + 24, &s->voters, 8);
	memcpy(buf + 32, s->sum_p, 16);
	memcpy(buf + 48, s->sum_w, 16);
	if (p == 0)
		return;
	memcpy(buf + off, coef, (size_t) p * 8);
	off += (size_t) p * 8;
	memcpy(buf + off, cov, (size_t) p * p * 8);
	off += (size_t) p * p * 8;
	memcpy(buf + off, s->grad, (size_t) p * 16);
}

/* True when lo is a plausible rounding error of hi. */
static int
valid_dd(const double *v)
{
	return isfinite(v[0]) && isfinite(v[1]) && fabs(v[1]) <= fabs(v[0]) * 0x1p-52;
}

/* Reads the serialized sums and model, validating every field. */
CalStatus
interval_deserialize(const unsigned char *buf, size_t len, IntervalSums *s, int *p,
					 double *coef, double *cov, double *level, double *shift, double *work)
{
	uint32_t	magic;
	int32_t		p32;
	size_t		off = INTERVAL_HEADER;
	int			i,
				bi,
				bj;
	double		v;

	interval_init(s);
	if (len < INTERVAL_HEADER)
		return CAL_CORRUPT;
	memcpy(&magic, buf, 4);
	memcpy(&p32, buf + 4, 4);
	if (magic != INTERVAL_MAGIC || p32 < 0 || p32 > INTERVAL_MAX_FEATURES + 1 ||
		len != interval_serial_size(p32))
		return CAL_CORRUPT;
	memcpy(level, buf + 8, 8);
	memcpy(shift, buf + 16, 8);
	memcpy(&s->voters, buf + 24, 8);
	memcpy(s->sum_p, buf + 32, 16);
	memcpy(s->sum_w, buf + 48, 16);
	*p = p32;
	if (p32 == 0)
	{
		/* no row yet: everything zero */
		if (s->voters != 0 || *level != 0 || *shift != 0 || s->sum_p[0] != 0 ||
			s->sum_p[1] != 0 || s->sum_w[0] != 0 || s->sum_w[1] != 0)
			return CAL_CORRUPT;
		return CAL_OK;
	}
	s->k = p32 - 1;
	if (!(*level > 0 && *level < 1) || !isfinite(*shift) || s->voters < 0)
		return CAL_CORRUPT;
	if (!valid_dd(s->sum_p) || !valid_dd(s->sum_w))
		return CAL_CORRUPT;
	v = (double) s->voters * (1 + 0x1p-40);
	if (!(s->sum_p[0] >= 0 && s->sum_p[0] <= v && s->sum_w[0] >= 0 && s->sum_w[0] <= v / 4))
		return CAL_CORRUPT;
	memcpy(coef, buf + off, (size_t) p32 * 8);
	off += (size_t) p32 * 8;
	memcpy(cov, buf + off, (size_t) p32 * p32 * 8);
	off += (size_t) p32 * p32 * 8;
	memcpy(s->grad, buf + off, (size_t) p32 * 16);
	for (i = 0; i < p32; i++)
		if (!isfinite(coef[i]) || !valid_dd(s->grad + 2 * i))
			return CAL_CORRUPT;
	if (interval_check_covariance(cov, p32, work, &bi, &bj) != 0)
		return CAL_CORRUPT;
	return CAL_OK;
}

/* Expected total and the two variances. */
void
interval_variances(const IntervalSums *s, const double *cov, double *expected,
				   double *var_b, double *var_m)
{
	int			p = s->k < 0 ? 0 : s->k + 1,
				i,
				j;
	double		g[INTERVAL_MAX_FEATURES + 1];
	double		vm = 0;

	*expected = s->sum_p[0] + s->sum_p[1];
	*var_b = s->sum_w[0] + s->sum_w[1];
	for (i = 0; i < p; i++)
		g[i] = s->grad[2 * i] + s->grad[2 * i + 1];
	for (i = 0; i < p; i++)
		for (j = 0; j < p; j++)
			vm += g[i] * cov[i * p + j] * g[j];
	*var_m = vm > 0 ? vm : 0;	/* a PSD form is >= 0; rounding may dip below */
}

/* Validates a covariance matrix; see calibrate.h. */
int
interval_check_covariance(const double *cov, int p, double *work, int *bad_i, int *bad_j)
{
	int			i,
				j,
				m;
	double		maxdiag = 0;

	*bad_i = *bad_j = -1;
	for (i = 0; i < p * p; i++)
		if (!isfinite(cov[i]))
		{
			*bad_i = i / p;
			*bad_j = i % p;
			return 2;
		}
	for (i = 0; i < p; i++)
		if (fabs(cov[i * p + i]) > maxdiag)
			maxdiag = fabs(cov[i * p + i]);
	for (i = 0; i < p; i++)
		for (j = 0; j < i; j++)
		{
			double		a = cov[i * p + j],
						b = cov[j * p + i];

			if (fabs(a - b) > 1e-9 * fmax(fmax(fabs(a), fabs(b)), 1e-300 + maxdiag * 1e-6))
			{
				*bad_i = i;
				*bad_j = j;
				return 1;
			}
		}
	/* LDL' without pivoting; a pivot below -tol means a negative eigenvalue. */
	memcpy(work, cov, sizeof(double) * p * p);
	for (j = 0; j < p; j++)
	{
		double		dj = work[j * p + j];

		for (m = 0; m < j; m++)
		{
			double		dm = work[m * p + m];

			if (dm > 0)
				dj -= work[j * p + m] * work[j * p + m] / dm;
		}
		if (dj < -1e-9 * maxdiag || (maxdiag == 0 && dj < 0))
		{
			*bad_i = j;
			return 3;
		}
		for (i = j + 1; i < p; i++)
		{
			double		v = work[i * p + j];

			for (m = 0; m < j; m++)
			{
				double		dm = work[m * p + m];

				if (dm > 0)
					v -= work[i * p + m] * work[j * p + m] / dm;
			}
			/* a zero pivot needs a zero column for semi-definiteness */
			if (!(dj > 1e-12 * maxdiag) && fabs(v) > 1e-9 * maxdiag)
			{
				*bad_i = j;
				return 3;
			}
			work[i * p + j] = v;
		}
		work[j * p + j] = dj > 1e-12 * maxdiag ? dj : 0;
	}
	return 0;
}

/* Phi(z), the standard normal distribution function. */
static double
normal_cdf(double z)
{
	return 0.5 * erfc(-z / M_SQRT2);
}

/* Normal quantile: Acklam's rational approximation, then two Halley steps. */
double
interval_normal_quantile(double q)
{
	static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
		-2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
	2.506628277459239e+00};
	static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
		-1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
	static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
		-2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
	2.938163982698783e+00};
	static const double dd[] = {7.784695709041462e-03, 3.224671290700398e-01,
	2.445134137142996e+00, 3.754408661907416e+00};
	double		x,
				r;
	int			i;

	if (q < 0.02425)
	{
		r = sqrt(-2 * log(q));
		x = (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) /
			((((dd[0] * r + dd[1]) * r + dd[2]) * r + dd[3]) * r + 1);
	}
	else if (q <= 1 - 0.02425)
	{
		double		t = q - 0.5;

		r = t * t;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * t /
			(((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	}
	else
	{
		r = sqrt(-2 * log1p(-q));
		x = -(((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) /
			((((dd[0] * r + dd[1]) * r + dd[2]) * r + dd[3]) * r + 1);
	}
	for (i = 0; i < 2; i++)
	{
		/* Phi(x) - q, through the upper tail above the median */
		double		e = q < 0.5 ? normal_cdf(x) - q : (1 - q) - 0.5 * erfc(x / M_SQRT2);
		double		u;

		u = e * sqrt(2 * M_PI) * exp(x * x / 2);
		x = x - u / (1 + x * u / 2);
	}
	return x;
}
