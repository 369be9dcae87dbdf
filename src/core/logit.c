/*
 * logit.c
 *	  Logistic regression on compressed data.
 *
 * Compression.  Rows with the same feature vector x differ only in their
 * outcome, so the log-likelihood of the data is that of the distinct
 * patterns j with total weight n_j and weighted successes s_j:
 *
 *	  l(b) = sum_j s_j log(mu_j) + (n_j - s_j) log(1 - mu_j),
 *	  mu_j = 1 / (1 + exp(-(b_0 + b . x_j)))
 *
 * which is exact: the fit, standard errors and log-likelihood are those of
 * the uncompressed rows (weights are frequency weights, as R's glm weights
 * and statsmodels' freq_weights for a 0/1 outcome).
 *
 * Fit.  Newton-Raphson, which for the logit link is IRLS: the gradient
 * g = sum (s_j - n_j mu_j) x~_j and the Fisher information
 * H = sum n_j mu_j (1 - mu_j) x~_j x~_j' (x~ = (1, x)), step H^-1 g by
 * Cholesky.  Start: the intercept at the logit of the overall rate, the
 * other coefficients at 0.  A step that lowers the log-likelihood is halved
 * (up to 40 times).  Converged when the relative change in deviance is below
 * LOGIT_TOLERANCE and no coefficient moved more than LOGIT_STEP_TOLERANCE
 * relative to its size; at most LOGIT_MAX_ITERATIONS.  Standard errors are
 * the square roots of the diagonal of H^-1 at the final coefficients.
 *
 * Collinearity: a Cholesky pivot below LOGIT_PIVOT_TOLERANCE of its diagonal
 * entry means that column is (nearly) a linear combination of the intercept
 * and the columns before it.  Separation: a fitted probability within
 * LOGIT_SEPARATION_EPS of 0 or 1 on a pattern with weight means the
 * likelihood has no finite maximum (coefficients diverge).
 *
 * Determinism: the fit visits patterns in sorted order, so the answer does
 * not depend on the order rows were added or tables merged.
 */
#include "logit.h"
#include "logistic.h"

#include <math.h>
#include <string.h>

#define LOGIT_MAGIC 0x474c5643u	/* "CVLG" */
#define LOGIT_HEADER 32

/* Frees ptr unless it is NULL. */
static void
lfree(const LogitTable *t, void *ptr)
{
	core_free(&t->alloc, ptr);
}

/* Largest number of distinct patterns of k features. */
size_t
logit_max_patterns(int k)
{
	return LOGIT_MAX_PATTERN_DOUBLES / (size_t) ((k < 0 ? 0 : k) + 4);
}

/* An empty table using the allocator. */
void
logit_table_init(LogitTable *t, const CoreAlloc *alloc)
{
	memset(t, 0, sizeof(*t));
	t->k = -1;
	t->alloc = *alloc;
}

/* Frees the table's arrays. */
void
logit_table_free(LogitTable *t)
{
	lfree(t, t->keys);
	lfree(t, t->sums);
	lfree(t, t->slots);
	t->keys = t->sums = NULL;
	t->slots = NULL;
	t->npatterns = t->capacity = t->nslots = 0;
}

/* Allocates size bytes (at least 1). */
static void *
lalloc(LogitTable *t, size_t size)
{
	return core_alloc(&t->alloc, size, 1);
}

/* Hash of a feature vector (-0 and +0 hash alike; callers normalise -0). */
static uint64_t
hash_pattern(const double *x, int k)
{
	uint64_t	h = 0x9E3779B97F4A7C15ULL ^ (uint64_t) k;
	int			i;

	for (i = 0; i < k; i++)
	{
		uint64_t	v;

		memcpy(&v, &x[i], sizeof(v));
		h ^= v;
		h *= 0xBF58476D1CE4E5B9ULL;
		h ^= h >> 31;
	}
	h ^= h >> 29;
	h *= 0x94D049BB133111EBULL;
	h ^= h >> 32;
	return h;
}

/* True when two feature vectors are equal value by value. */
static int
same_pattern(const double *a, const double *b, int k)
{
	int			i;

	for (i = 0; i < k; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* Slot of pattern x: the one holding it, or the empty one where it goes. */
static size_t
find_slot(const LogitTable *t, const double *x, uint64_t h)
{
	size_t		mask = t->nslots - 1;
	size_t		s = (size_t) h & mask;

	for (;;)
	{
		size_t		idx = t->slots[s];

		if (idx == 0 || same_pattern(t->keys + (idx - 1) * (size_t) t->k, x, t->k))
			return s;
		s = (s + 1) & mask;
	}
}

/* Makes room for one more pattern: grows the arrays and rehashes. */
static LogitStatus
ensure_room(LogitTable *t)
{
	size_t		maxp = logit_max_patterns(t->k);
	size_t		newcap,
				newslots,
				i;
	double	   *keys,
			   *sums;
	size_t	   *slots;

	if (t->npatterns < t->capacity)
		return LOGIT_OK;
	if (t->npatterns >= maxp)
		return LOGIT_TOO_MANY_PATTERNS;
	newcap = t->capacity ? t->capacity * 2 : 64;
	if (newcap > maxp)
		newcap = maxp;
	newslots = 128;
	while (newslots < newcap * 2)
		newslots *= 2;

	keys = lalloc(t, newcap * (size_t) t->k * sizeof(double));
	sums = lalloc(t, newcap * 4 * sizeof(double));
	slots = lalloc(t, newslots * sizeof(size_t));
	if (!keys || !sums || !slots)
	{
		lfree(t, keys);
		lfree(t, sums);
		lfree(t, slots);
		return LOGIT_NO_MEMORY;
	}
	if (t->npatterns > 0)
	{
		memcpy(keys, t->keys, t->npatterns * (size_t) t->k * sizeof(double));
		memcpy(sums, t->sums, t->npatterns * 4 * sizeof(double));
	}
	memset(slots, 0, newslots * sizeof(size_t));
	lfree(t, t->keys);
	lfree(t, t->sums);
	lfree(t, t->slots);
	t->keys = keys;
	t->sums = sums;
	t->slots = slots;
	t->nslots = newslots;
	t->capacity = newcap;
	for (i = 0; i < t->npatterns; i++)
	{
		const double *x = t->keys + i * (size_t) t->k;
		size_t		s = find_slot(t, x, hash_pattern(x, t->k));

		t->slots[s] = i + 1;
	}
	return LOGIT_OK;
}

/*
 * Finds or inserts pattern x (already normalised) and adds the sums; with
 * dup_is_error a pattern already present is LOGIT_CORRUPT.
 */
static LogitStatus
add_pattern(LogitTable *t, const double *x, const double *sums4, int dup_is_error)
{
	uint64_t	h = hash_pattern(x, t->k);
	size_t		s;
	double	   *dst;
	LogitStatus st;

	if (t->nslots > 0)
	{
		s = find_slot(t, x, h);
		if (t->slots[s] != 0)
		{
			double		sum[4];

			if (dup_is_error)
				return LOGIT_CORRUPT;
			dst = t->sums + (t->slots[s] - 1) * 4;
			memcpy(sum, dst, sizeof(sum));
			dd_add(&sum[0], &sum[1], sums4[0]);
			dd_add(&sum[0], &sum[1], sums4[1]);
			dd_add(&sum[2], &sum[3], sums4[2]);
			dd_add(&sum[2], &sum[3], sums4[3]);
			/* successes never exceed the weight: its overflow is the one to report */
			if (!isfinite(sum[0]) || !isfinite(sum[1]) || !isfinite(sum[2]) || !isfinite(sum[3]))
			{
				/* quarters, so the true sum's log10 is finite */
				t->overflow_log10 = log10(dst[0] / 4 + dst[1] / 4 + sums4[0] / 4 + sums4[1] / 4) + log10(4.0);
				return LOGIT_WEIGHT_OVERFLOW;
			}
			memcpy(dst, sum, sizeof(sum));
			return LOGIT_OK;
		}
	}
	st = ensure_room(t);
	if (st != LOGIT_OK)
		return st;
	s = find_slot(t, x, h);
	memcpy(t->keys + t->npatterns * (size_t) t->k, x, (size_t) t->k * sizeof(double));
	memcpy(t->sums + t->npatterns * 4, sums4, 4 * sizeof(double));
	t->npatterns++;
	t->slots[s] = t->npatterns;
	return LOGIT_OK;
}

/* Adds one row after validating it. */
LogitStatus
logit_table_add(LogitTable *t, const double *x, int k, int y, double w, int *bad)
{
	double		xn[LOGIT_MAX_FEATURES];
	double		sums4[4];
	int			i;

	*bad = -1;
	if (k > LOGIT_MAX_FEATURES)
		return LOGIT_TOO_MANY_FEATURES;
	if (t->k >= 0 && k != t->k)
		return LOGIT_LENGTH_MISMATCH;
	for (i = 0; i < k; i++)
	{
		*bad = i;
		if (isnan(x[i]))
			return LOGIT_NAN_FEATURE;
		if (isinf(x[i]))
			return LOGIT_INFINITE_FEATURE;
		xn[i] = x[i] == 0.0 ? 0.0 : x[i];	/* -0 is 0 */
	}
	*bad = -1;
	if (isnan(w))
		return LOGIT_NAN_WEIGHT;
	if (isinf(w))
		return LOGIT_INFINITE_WEIGHT;
	if (w < 0)
		return LOGIT_NEGATIVE_WEIGHT;
	t->k = k;
	t->rows++;
	if (w == 0)
		return LOGIT_OK;
	sums4[0] = w;
	sums4[1] = 0;
	sums4[2] = y ? w : 0;
	sums4[3] = 0;
	return add_pattern(t, xn, sums4, 0);
}

/* Adds every pattern of src into dst. */
LogitStatus
logit_table_merge(LogitTable *dst, const LogitTable *src)
{
	size_t		i;

	if (src->k < 0)
	{
		dst->rows += src->rows;
		dst->skipped += src->skipped;
		return LOGIT_OK;
	}
	if (dst->k >= 0 && dst->k != src->k)
		return LOGIT_LENGTH_MISMATCH;
	dst->k = src->k;
	dst->rows += src->rows;
	dst->skipped += src->skipped;
	for (i = 0; i < src->npatterns; i++)
	{
		LogitStatus st = add_pattern(dst, src->keys + i * (size_t) src->k,
									 src->sums + i * 4, 0);

		if (st != LOGIT_OK)
			return st;
	}
	return LOGIT_OK;
}

/* Bytes logit_table_serialize writes. */
size_t
logit_table_serial_size(const LogitTable *t)
{
	size_t		per = (size_t) ((t->k < 0 ? 0 : t->k) + 4) * sizeof(double);

	return LOGIT_HEADER + t->npatterns * per;
}

/*
 * Layout: uint32 magic, int32 k, uint64 patterns, int64 rows, int64
 * skipped, then per pattern its k features and 4 sums, all native order.
 */
void
logit_table_serialize(const LogitTable *t, unsigned char *buf)
{
	uint32_t	magic = LOGIT_MAGIC;
	int32_t		k = t->k;
	uint64_t	np = t->npatterns;
	size_t		i,
				off = LOGIT_HEADER;
	size_t		kk = (size_t) (t->k < 0 ? 0 : t->k);

	memcpy(buf, &magic, 4);
	memcpy(buf + 4, &k, 4);
	memcpy(buf + 8, &np, 8);
	memcpy(buf + 16, &t->rows, 8);
	memcpy(buf + 24, &t->skipped, 8);
	for (i = 0; i < t->npatterns; i++)
	{
		memcpy(buf + off, t->keys + i * kk, kk * sizeof(double));
		off += kk * sizeof(double);
		memcpy(buf + off, t->sums + i * 4, 4 * sizeof(double));
		off += 4 * sizeof(double);
	}
}

/* True when lo is a plausible rounding error of hi. */
static int
valid_dd(double hi, double lo)
{
	return isfinite(hi) && isfinite(lo) && fabs(lo) <= fabs(hi) * 0x1p-52;
}

/* Rebuilds a table from bytes, validating every field. */
LogitStatus
logit_table_deserialize(LogitTable *t, const unsigned char *buf, size_t len)
{
	uint32_t	magic;
	int32_t		k;
	uint64_t	np;
	int64_t		rows,
				skipped;
	size_t		per,
				i,
				off = LOGIT_HEADER;
	double		x[LOGIT_MAX_FEATURES];
	double		sums4[4];

	if (len < LOGIT_HEADER)
		return LOGIT_CORRUPT;
	memcpy(&magic, buf, 4);
	memcpy(&k, buf + 4, 4);
	memcpy(&np, buf + 8, 8);
	memcpy(&rows, buf + 16, 8);
	memcpy(&skipped, buf + 24, 8);
	if (magic != LOGIT_MAGIC || k < -1 || k > LOGIT_MAX_FEATURES)
		return LOGIT_CORRUPT;
	if (rows < 0 || skipped < 0 || np > (uint64_t) rows)
		return LOGIT_CORRUPT;
	if (k < 0 && (np != 0 || rows != 0))
		return LOGIT_CORRUPT;
	if (np > logit_max_patterns(k))
		return LOGIT_CORRUPT;
	per = (size_t) ((k < 0 ? 0 : k) + 4) * sizeof(double);
	if (len != LOGIT_HEADER + (size_t) np * per)
		return LOGIT_CORRUPT;
	t->k = k;
	t->rows = rows;
	t->skipped = skipped;
	for (i = 0; i < np; i++)
	{
		int			j;
		LogitStatus st;

		memcpy(x, buf + off, (size_t) k * sizeof(double));
		off += (size_t) k * sizeof(double);
		memcpy(sums4, buf + off, 4 * sizeof(double));
		off += 4 * sizeof(double);
		for (j = 0; j < k; j++)
		{
			if (!isfinite(x[j]))
				return LOGIT_CORRUPT;
			if (x[j] == 0.0)
				x[j] = 0.0;
		}
		if (!valid_dd(sums4[0], sums4[1]) || !valid_dd(sums4[2], sums4[3]))
			return LOGIT_CORRUPT;
		if (!(sums4[0] > 0) || sums4[2] < 0 ||
			sums4[2] > sums4[0] * (1 + 0x1p-50))
			return LOGIT_CORRUPT;
		st = add_pattern(t, x, sums4, 1);
		if (st != LOGIT_OK)
			return st;
	}
	return LOGIT_OK;
}

/* log(1 + exp(v)) without overflow. */
static double
softplus(double v)
{
	return v > 0 ? v + log1p(exp(-v)) : log1p(exp(v));
}

/* Probability of a true outcome for features x. */
double
logit_predict(const double *coef, const double *x, int k)
{
	double		eta = coef[0];
	int			i;

	for (i = 0; i < k; i++)
		eta += coef[i + 1] * x[i];
	return logistic(eta);
}

/* Data of the fit in canonical order. */
typedef struct FitData
{
	int			k;
	int			p;
	size_t		np;
	const double *x;			/* np * k */
	const double *n;
	const double *s;
	void		(*interrupt) (void);
} FitData;

/* Sort context: lexicographic order of the patterns' features. */
static int
cmp_keys(const LogitTable *t, size_t a, size_t b)
{
	const double *ka = t->keys + a * (size_t) t->k;
	const double *kb = t->keys + b * (size_t) t->k;
	int			i;

	for (i = 0; i < t->k; i++)
	{
		if (ka[i] < kb[i])
			return -1;
		if (ka[i] > kb[i])
			return 1;
	}
	return 0;
}

/*
 * Bottom-up merge sort of idx (n) by cmp_keys, using tmp (n); interrupt,
 * when not NULL, is called every 65536 items of each pass.
 */
static void
sort_patterns(const LogitTable *t, size_t *idx, size_t *tmp, size_t n,
			  void (*interrupt) (void))
{
	size_t		width;

	for (width = 1; width < n; width *= 2)
	{
		size_t		lo;

		for (lo = 0; lo < n; lo += 2 * width)
		{
			size_t		mid = lo + width < n ? lo + width : n;
			size_t		hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t		i = lo,
						j = mid,
						o;

			for (o = lo; o < hi; o++)
			{
				if (interrupt && (o & 0xFFFF) == 0xFFFF)
					interrupt();
				if (i < mid && j < hi)
					tmp[o] = cmp_keys(t, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
				else
					tmp[o] = i < mid ? idx[i++] : idx[j++];
			}
		}
		memcpy(idx, tmp, n * sizeof(size_t));
	}
}

/*
 * Log-likelihood at b; with g and H not NULL also the gradient and the lower
 * triangle of the Fisher information (p * p, row-major).  *max_eta receives
 * the largest |linear predictor| over patterns.
 */
static double
evaluate(const FitData *d, const double *b, double *g, double *H, double *max_eta)
{
	double		ll = 0;
	double		me = 0;
	size_t		j;
	int			p = d->p;

	if (g)
	{
		memset(g, 0, (size_t) p * sizeof(double));
		memset(H, 0, (size_t) p * p * sizeof(double));
	}
	for (j = 0; j < d->np; j++)
	{
		const double *x = d->x + j * (size_t) d->k;
		double		eta = b[0];
		double		nj = d->n[j],
					sj = d->s[j];
		int			a,
					c;

		if (d->interrupt && (j & 0xFFFF) == 0xFFFF)
			d->interrupt();
		for (a = 0; a < d->k; a++)
			eta += b[a + 1] * x[a];
		if (fabs(eta) > me)
			me = fabs(eta);
		ll -= sj * softplus(-eta) + (nj - sj) * softplus(eta);
		if (g)
		{
			double		mu = logistic(eta);
			double		r = sj - nj * mu;
			double		w = nj * mu * (1 - mu);

			g[0] += r;
			H[0] += w;
			for (a = 1; a < p; a++)
			{
				double		xa = x[a - 1];
				double		wxa = w * xa;

				g[a] += r * xa;
				H[a * p] += wxa;
				for (c = 1; c <= a; c++)
					H[a * p + c] += wxa * x[c - 1];
			}
		}
	}
	if (max_eta)
		*max_eta = me;
	return ll;
}

/* True when the log-likelihood, gradient and information's lower triangle are finite. */
static int
sums_finite(double ll, const double *g, const double *H, int p)
{
	int			a,
				c;

	if (!isfinite(ll))
		return 0;
	for (a = 0; a < p; a++)
	{
		if (!isfinite(g[a]))
			return 0;
		for (c = 0; c <= a; c++)
			if (!isfinite(H[a * p + c]))
				return 0;
	}
	return 1;
}

/*
 * Cholesky factorisation of the p * p lower triangle of A into L (may be A).
 * Returns -1, or the column whose pivot fell below the tolerance.
 */
static int
cholesky(const double *A, double *L, int p)
{
	int			i,
				j,
				m;

	for (j = 0; j < p; j++)
	{
		double		d = A[j * p + j];
		double		diag = d;

		for (m = 0; m < j; m++)
			d -= L[j * p + m] * L[j * p + m];
		if (!(d > LOGIT_PIVOT_TOLERANCE * diag) || !(diag > 0))
			return j;
		L[j * p + j] = sqrt(d);
		for (i = j + 1; i < p; i++)
		{
			double		v = A[i * p + j];

			for (m = 0; m < j; m++)
				v -= L[i * p + m] * L[j * p + m];
			L[i * p + j] = v / L[j * p + j];
		}
	}
	return -1;
}

/* Solves L L' x = b in place (b becomes x). */
static void
chol_solve(const double *L, double *b, int p)
{
	int			i,
				m;

	for (i = 0; i < p; i++)
	{
		for (m = 0; m < i; m++)
			b[i] -= L[i * p + m] * b[m];
		b[i] /= L[i * p + i];
	}
	for (i = p - 1; i >= 0; i--)
	{
		for (m = i + 1; m < p; m++)
			b[i] -= L[m * p + i] * b[m];
		b[i] /= L[i * p + i];
	}
}

/* Fits the model; see the header comment of this file. */
LogitStatus
logit_fit(const LogitTable *t, LogitFit *fit, void (*interrupt) (void))
{
	return logit_fit_cov(t, fit, NULL, interrupt);
}

/* Fits the model and, with cov not NULL, reports the coefficients' covariance. */
LogitStatus
logit_fit_cov(const LogitTable *t, LogitFit *fit, double *cov, void (*interrupt) (void))
{
	LogitTable *tt = (LogitTable *) t;	/* for its allocator only */
	int			k = t->k < 0 ? 0 : t->k;
	int			p = k + 1;
	size_t		np = t->npatterns;
	size_t	   *idx = NULL,
			   *tmp = NULL;
	double	   *x = NULL,
			   *n = NULL,
			   *s = NULL,
			   *work = NULL;
	double	   *b,
			   *bnew,
			   *g,
			   *H,
			   *L,
			   *e;
	double		W = 0,
				S = 0,
				ll,
				max_eta = 0;
	size_t		i;
	int			a,
				iter,
				col;
	FitData		d;
	LogitStatus status = LOGIT_OK;

	fit->iterations = 0;
	fit->converged = 0;
	fit->bad_feature = -1;
	fit->nseparated = 0;
	fit->weight_log10 = 0;
	fit->loglik = 0;

	idx = lalloc(tt, np * sizeof(size_t));
	tmp = lalloc(tt, np * sizeof(size_t));
	x = lalloc(tt, np * (size_t) k * sizeof(double));
	n = lalloc(tt, np * sizeof(double));
	s = lalloc(tt, np * sizeof(double));
	work = lalloc(tt, (size_t) (3 * p * p + 5 * p) * sizeof(double));
	if (!idx || !tmp || !x || !n || !s || !work)
	{
		status = LOGIT_NO_MEMORY;
		goto done;
	}
	for (i = 0; i < np; i++)
		idx[i] = i;
	sort_patterns(t, idx, tmp, np, interrupt);
	for (i = 0; i < np; i++)
	{
		const double *sm = t->sums + idx[i] * 4;

		if (interrupt && (i & 0xFFFF) == 0xFFFF)
			interrupt();

		memcpy(x + i * (size_t) k, t->keys + idx[i] * (size_t) k, (size_t) k * sizeof(double));
		n[i] = sm[0] + sm[1];
		s[i] = sm[2] + sm[3];
		if (s[i] > n[i])
			s[i] = n[i];
		W += n[i];
		S += s[i];
	}
	fit->weight = W;
	fit->successes = S;
	if (!isfinite(W))
	{
		/* scaled by 2^-64 the sum is finite: each n[i] < 2^1024, at most 2^25 of them */
		double		ws = 0;

		for (i = 0; i < np; i++)
			ws += n[i] * 0x1p-64;
		fit->weight_log10 = log10(ws) + 64 * log10(2.0);
		status = LOGIT_WEIGHT_OVERFLOW;
		goto done;
	}
	if (!(S > 0) || !(S < W))
	{
		status = LOGIT_ONE_OUTCOME;
		goto done;
	}

	H = work;
	L = H + p * p;
	e = L + p * p;				/* p * p scratch for the inverse */
	b = e + p * p;
	bnew = b + p;
	g = bnew + p;
	d.k = k;
	d.p = p;
	d.np = np;
	d.x = x;
	d.n = n;
	d.s = s;
	d.interrupt = interrupt;

	for (a = 0; a < p; a++)
		b[a] = 0;
	b[0] = log(S / (W - S));

	for (iter = 1; iter <= LOGIT_MAX_ITERATIONS; iter++)
	{
		double		t_step = 1.0,
					llnew = 0,
					change,
					maxmove = 0;
		int			halvings,
					moved_ok = 1;

		if (interrupt)
			interrupt();
		ll = evaluate(&d, b, g, H, &max_eta);
		fit->iterations = iter;
		if (!sums_finite(ll, g, H, p))
		{
			status = LOGIT_FIT_OVERFLOW;
			goto done;
		}
		col = cholesky(H, L, p);
		if (col >= 0)
		{
			fit->bad_feature = col - 1;
			status = iter == 1 ? LOGIT_COLLINEAR : LOGIT_SEPARATION;
			if (status == LOGIT_SEPARATION)
				goto separation;
			goto done;
		}
		chol_solve(L, g, p);	/* g is now the Newton step */
		for (halvings = 0; halvings <= 40; halvings++)
		{
			for (a = 0; a < p; a++)
				bnew[a] = b[a] + t_step * g[a];
			llnew = evaluate(&d, bnew, NULL, NULL, &max_eta);
			if (llnew >= ll - 1e-13 * (fabs(ll) + 1))
				break;
			t_step /= 2;
		}
		if (halvings > 40)
			moved_ok = 0;		/* no step improves: at the maximum */
		else
		{
			for (a = 0; a < p; a++)
			{
				double		mv = fabs(bnew[a] - b[a]) / (1 + fabs(b[a]));

				if (mv > maxmove)
					maxmove = mv;
				b[a] = bnew[a];
			}
		}
		change = moved_ok ? fabs(llnew - ll) / (fabs(llnew) + 0.1) : 0;
		ll = moved_ok ? llnew : ll;
		if (max_eta > 40)
			goto separation;
		if (change < LOGIT_TOLERANCE && maxmove < LOGIT_STEP_TOLERANCE)
		{
			fit->converged = 1;
			break;
		}
	}

	/* Standard errors from the information at the final coefficients. */
	ll = evaluate(&d, b, g, H, &max_eta);
	fit->loglik = ll;
	if (!sums_finite(ll, g, H, p))
	{
		status = LOGIT_FIT_OVERFLOW;
		goto done;
	}
	for (i = 0; i < np; i++)
	{
		double		eta = b[0],
					mu;

		if (interrupt && (i & 0xFFFF) == 0xFFFF)
			interrupt();
		for (a = 0; a < k; a++)
			eta += b[a + 1] * x[i * (size_t) k + a];
		mu = logistic(eta);
		if (mu < LOGIT_SEPARATION_EPS || mu > 1 - LOGIT_SEPARATION_EPS)
			fit->nseparated++;
	}
	if (fit->nseparated > 0)
		goto separation;
	col = cholesky(H, L, p);
	if (col >= 0)
	{
		fit->bad_feature = col - 1;
		goto separation;
	}
	for (a = 0; a < p; a++)
	{
		int			c;

		for (c = 0; c < p; c++)
			e[c] = c == a ? 1.0 : 0.0;
		chol_solve(L, e, p);
		fit->se[a] = sqrt(e[a]);
		fit->coef[a] = b[a];
		/* column a of H^-1; its upper part mirrors the lower, so cov is symmetric */
		if (cov)
			for (c = a; c < p; c++)
				cov[c * p + a] = cov[a * p + c] = e[c];
	}
	status = LOGIT_OK;
	goto done;

separation:
	status = LOGIT_SEPARATION;
	{
		double		big = -1;

		if (fit->nseparated == 0)
			for (i = 0; i < np; i++)
			{
				double		eta = b[0];

				if (interrupt && (i & 0xFFFF) == 0xFFFF)
					interrupt();
				for (a = 0; a < k; a++)
					eta += b[a + 1] * x[i * (size_t) k + a];
				if (fabs(eta) > 23)
					fit->nseparated++;
			}
		fit->bad_feature = -1;
		for (a = 1; a < p; a++)
			if (fabs(b[a]) > big)
			{
				big = fabs(b[a]);
				fit->bad_feature = a - 1;
			}
		for (a = 0; a < p; a++)
			fit->coef[a] = b[a];
	}

done:
	lfree(tt, idx);
	lfree(tt, tmp);
	lfree(tt, x);
	lfree(tt, n);
	lfree(tt, s);
	lfree(tt, work);
	return status;
}
