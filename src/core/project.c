/*
 * project.c
 *	  Election-night projection from partial returns (see project.h): the
 *	  exact weighted quantile regression, the projection of the units not
 *	  complete, and the split-conformal interval of the margin.
 *
 * The model, after the Washington Post's elex-live-model: each complete
 * unit's deviation from its baseline, the turnout change
 * r = (T - Tb) / (Tb + 1) and the change of two-party margin
 * y = (A - B) / T - (Ab - Bb) / Tb, is regressed on the unit's features
 * (intercept first) by weighted median regression (weights Tb + 1 and Tb,
 * the units' size); each unit not complete is predicted from its own
 * baseline and features, and never below what it has counted.
 */
#include "core/project.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Checks one unit's values: finite, votes in [0, PROJECT_MAX_VOTES],
 * features within PROJECT_MAX_FEATURE, and counted votes not far above a
 * baseline that is not zero (a zero baseline is a unit with none).
 */
ProjectStatus
project_check_unit(const double *unit, int k, int *bad)
{
	int			i;
	double		counted,
				base;

	*bad = -1;
	if (k > PROJECT_MAX_FEATURES)
		return PROJECT_TOO_MANY_FEATURES;
	for (i = 0; i < PROJECT_FIXED + k; i++)
	{
		if (!isfinite(unit[i]))
		{
			*bad = i;
			return PROJECT_NOT_FINITE;
		}
	}
	for (i = 0; i < 4; i++)
	{
		if (unit[i] < 0)
		{
			*bad = i;
			return PROJECT_NEGATIVE_VOTES;
		}
		if (unit[i] > PROJECT_MAX_VOTES)
		{
			*bad = i;
			return PROJECT_OUT_OF_RANGE;
		}
	}
	for (i = PROJECT_FIXED; i < PROJECT_FIXED + k; i++)
	{
		if (fabs(unit[i]) > PROJECT_MAX_FEATURE)
		{
			*bad = i;
			return PROJECT_OUT_OF_RANGE;
		}
	}
	counted = unit[0] + unit[1];
	base = unit[2] + unit[3];
	if (base > 0 && counted > PROJECT_FAR_FACTOR * base + PROJECT_FAR_SLACK)
	{
		*bad = 0;
		return PROJECT_FAR_ABOVE_BASELINE;
	}
	return PROJECT_OK;
}

/* Checks an interval level: strictly between 0 and 1. */
ProjectStatus
project_check_level(double level)
{
	if (!(level > 0 && level < 1))
		return PROJECT_BAD_LEVEL;
	return PROJECT_OK;
}

/* The check loss rho_tau(u) = u (tau - [u < 0]). */
static double
rho(double u, double tau)
{
	return u < 0 ? u * (tau - 1) : u * tau;
}

/* Sum of w_i rho_tau(y_i - x_i' beta). */
double
project_check_loss(const double *x, const double *y, const double *w,
				   size_t n, int p, double tau, const double *beta)
{
	double		sum = 0;
	size_t		i;
	int			j;

	for (i = 0; i < n; i++)
	{
		double		f = 0;

		for (j = 0; j < p; j++)
			f += x[i * p + j] * beta[j];
		sum += w[i] * rho(y[i] - f, tau);
	}
	return sum;
}

/*
 * Inverts the p x p row-major matrix m into inv by Gauss-Jordan elimination
 * with partial pivoting; work holds p * p doubles.  Returns 0 when m is
 * singular (a pivot below 1e-13 of the largest entry of its column).
 */
static int
invert(const double *m, double *inv, double *work, int p)
{
	int			i,
				j,
				c;

	memcpy(work, m, sizeof(double) * p * p);
	for (i = 0; i < p; i++)
		for (j = 0; j < p; j++)
			inv[i * p + j] = i == j ? 1.0 : 0.0;
	for (c = 0; c < p; c++)
	{
		int			piv = c;
		double		colmax = 0,
					f;

		for (i = c; i < p; i++)
		{
			if (fabs(work[i * p + c]) > fabs(work[piv * p + c]))
				piv = i;
			if (fabs(work[i * p + c]) > colmax)
				colmax = fabs(work[i * p + c]);
		}
		if (colmax == 0 || !isfinite(colmax))
			return 0;
		if (piv != c)
		{
			for (j = 0; j < p; j++)
			{
				double		t = work[c * p + j];

				work[c * p + j] = work[piv * p + j];
				work[piv * p + j] = t;
				t = inv[c * p + j];
				inv[c * p + j] = inv[piv * p + j];
				inv[piv * p + j] = t;
			}
		}
		f = 1.0 / work[c * p + c];
		for (j = 0; j < p; j++)
		{
			work[c * p + j] *= f;
			inv[c * p + j] *= f;
		}
		for (i = 0; i < p; i++)
		{
			double		g;

			if (i == c || work[i * p + c] == 0)
				continue;
			g = work[i * p + c];
			for (j = 0; j < p; j++)
			{
				work[i * p + j] -= g * work[c * p + j];
				inv[i * p + j] -= g * inv[c * p + j];
			}
		}
	}
	for (i = 0; i < p * p; i++)
		if (!isfinite(inv[i]))
			return 0;
	return 1;
}

/* A sort key and the index it belongs to. */
typedef struct KeyIndex
{
	double		key;
	size_t		index;
} KeyIndex;

/* Orders KeyIndex by key, then by index (a total order). */
static int
cmp_key_index(const void *a, const void *b)
{
	const KeyIndex *x = a;
	const KeyIndex *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->index < y->index ? -1 : (x->index > y->index ? 1 : 0);
}

/*
 * Removes from v (d values) its components along the first r orthonormal
 * vectors of q (d values each), twice for orthogonality to rounding
 * (Gram-Schmidt), and returns |v after| / |v before|: 0 for a zero v.
 */
static double
orthogonalize(double *v, const double *q, int r, size_t d)
{
	double		norm0 = 0,
				norm = 0;
	size_t		j;
	int			h;

	for (j = 0; j < d; j++)
		norm0 += v[j] * v[j];
	for (int pass = 0; pass < 2; pass++)
		for (h = 0; h < r; h++)
		{
			const double *u = q + (size_t) h * d;
			double		dot = 0;

			for (j = 0; j < d; j++)
				dot += u[j] * v[j];
			for (j = 0; j < d; j++)
				v[j] -= dot * u[j];
		}
	for (j = 0; j < d; j++)
		norm += v[j] * v[j];
	return norm0 > 0 ? sqrt(norm) / sqrt(norm0) : 0;
}

/* Scales v (d values) to unit length. */
static void
normalize(double *v, size_t d)
{
	double		norm = 0;
	size_t		j;

	for (j = 0; j < d; j++)
		norm += v[j] * v[j];
	norm = sqrt(norm);
	for (j = 0; j < d; j++)
		v[j] /= norm;
}

/*
 * The first basis: p points whose rows are linearly independent, taken in
 * order of |y_i - median y| by Gram-Schmidt (a row is taken when its
 * component outside the rows already taken keeps 1e-9 of its norm).
 * Returns 0 when the rows span fewer than p dimensions.
 */
static int
first_basis(const double *x, const double *y, size_t n, int p, size_t *basis,
			KeyIndex *order, double *q)
{
	size_t		i;
	int			taken = 0;
	double		med;

	for (i = 0; i < n; i++)
	{
		order[i].key = y[i];
		order[i].index = i;
	}
	qsort(order, n, sizeof(KeyIndex), cmp_key_index);
	med = order[n / 2].key;
	for (i = 0; i < n; i++)
	{
		order[i].key = fabs(y[i] - med);
		order[i].index = i;
	}
	qsort(order, n, sizeof(KeyIndex), cmp_key_index);
	for (i = 0; i < n && taken < p; i++)
	{
		double	   *v = q + taken * p;

		memcpy(v, x + order[i].index * p, sizeof(double) * p);
		if (!(orthogonalize(v, q, taken, p) > 1e-9))
			continue;
		normalize(v, p);
		basis[taken++] = order[i].index;
	}
	return taken == p;
}

/* Working memory of the regression. */
typedef struct QrWork
{
	double	   *r;				/* residuals, n */
	double	   *a;				/* x Binv, n x p */
	KeyIndex   *brk;			/* break-points of a line search, n */
	unsigned char *in;			/* 1 for points of the basis, n */
	double	   *xb;				/* basis rows, p x p */
	double	   *binv;			/* their inverse, p x p */
	double	   *tmp;			/* p x p */
	double	   *g;				/* per basis point: G, Z+, Z-, S; 4 p */
	double	   *y;				/* y perturbed, n */
	size_t	   *basis;			/* p */
} QrWork;

/* Releases the regression's working memory. */
static void
qr_free(QrWork *wk, const CoreAlloc *mem)
{
	core_free(mem, wk->r);
	core_free(mem, wk->a);
	core_free(mem, wk->brk);
	core_free(mem, wk->in);
	core_free(mem, wk->xb);
	core_free(mem, wk->binv);
	core_free(mem, wk->tmp);
	core_free(mem, wk->g);
	core_free(mem, wk->basis);
	core_free(mem, wk->y);
}

/*
 * Weighted quantile regression (see project.h).  At a vertex the basis B
 * holds p points with zero residual and beta = X_B^-1 y_B.  The edge that
 * frees basis point h in direction s (+1 or -1) moves beta along
 * s X_B^-1 e_h, changing point i's residual at rate -s a_ih, a = X X_B^-1.
 * Its one-sided derivative is exact (points off the basis with a zero
 * residual count with the slope they will take); the most negative edge
 * is followed to the minimum of the objective along it, which lies at a
 * break-point r_i / a_i (a weighted median), and point i replaces h.  The
 * objective strictly decreases, so no basis repeats; the descent stops
 * when no edge has a derivative below -1e-12 of its scale.
 *
 * Ties make a vertex degenerate (a point off the basis with a zero
 * residual), where the edges of one basis may all ascend although the
 * vertex is not optimal.  So the descent runs on y perturbed by at most
 * 1e-9 (max |y| + 1) per point (a fixed pseudo-random amount by index),
 * which leaves no tie, and beta is then the basis fitted to the original
 * y.  That basis is optimal for the original data whenever its second-best
 * vertex loses more than 2e-9 (max |y| + 1) sum w more than the best
 * (always so for the test's integer data, checked against exhaustive search).
 */
ProjectStatus
project_quantile_regression(const double *x, const double *y, const double *w,
							size_t n, int p, double tau, double *beta, int *iterations,
							const CoreAlloc *mem, void (*interrupt) (void))
{
	const double *y0 = y;
	QrWork		wk;
	ProjectStatus st = PROJECT_OK;
	double		ymax = 0,
				rtol,
				obj = INFINITY;
	size_t		i,
				cap,
				last_out = 0;
	int			j,
				h,
				iter,
				last_h = 0;

	*iterations = 0;
	if (n < (size_t) p || p < 1)
		return PROJECT_SINGULAR;
	memset(&wk, 0, sizeof(wk));
	wk.r = core_alloc(mem, n, sizeof(double));
	wk.a = core_alloc(mem, n * (size_t) p, sizeof(double));
	wk.brk = core_alloc(mem, n, sizeof(KeyIndex));
	wk.in = core_alloc0(mem, n, 1);
	wk.xb = core_alloc(mem, (size_t) p * p, sizeof(double));
	wk.binv = core_alloc(mem, (size_t) p * p, sizeof(double));
	wk.tmp = core_alloc(mem, (size_t) p * p, sizeof(double));
	wk.g = core_alloc(mem, 4 * (size_t) p, sizeof(double));
	wk.basis = core_alloc(mem, p, sizeof(size_t));
	wk.y = core_alloc(mem, n, sizeof(double));
	if (!wk.y || !wk.r || !wk.a || !wk.brk || !wk.in || !wk.xb || !wk.binv || !wk.tmp || !wk.g || !wk.basis)
	{
		qr_free(&wk, mem);
		return PROJECT_NO_MEMORY;
	}
	if (!first_basis(x, y, n, p, wk.basis, wk.brk, wk.a))
	{
		qr_free(&wk, mem);
		return PROJECT_SINGULAR;
	}
	for (i = 0; i < n; i++)
		if (fabs(y[i]) > ymax)
			ymax = fabs(y[i]);
	rtol = 1e-12 * (ymax + 1);
	for (i = 0; i < n; i++)
	{
		uint64_t	hsh = (uint64_t) (i + 1) * 0x9E3779B97F4A7C15ULL;
		double		u = (double) (hsh >> 11) / 9007199254740992.0 * 2 - 1;

		wk.y[i] = y[i] + 1e-9 * (ymax + 1) * u;
	}
	y = wk.y;
	cap = 50 * (n + (size_t) p) + 1000;
	for (iter = 0;; iter++)
	{
		double		best = 0,
					d,
					newobj = 0;
		int			bh = -1,
					bs = 0;
		size_t		nb = 0,
					enter = n;

		if (interrupt)
			interrupt();
		for (i = 0; i < n; i++)
			wk.in[i] = 0;
		for (h = 0; h < p; h++)
		{
			wk.in[wk.basis[h]] = 1;
			memcpy(wk.xb + h * p, x + wk.basis[h] * p, sizeof(double) * p);
		}
		if (!invert(wk.xb, wk.binv, wk.tmp, p))
		{
			st = PROJECT_SINGULAR;
			break;
		}
		for (j = 0; j < p; j++)
		{
			beta[j] = 0;
			for (h = 0; h < p; h++)
				beta[j] += wk.binv[j * p + h] * y[wk.basis[h]];
		}
		for (i = 0; i < n; i++)
		{
			const double *row = x + i * p;
			double		f = 0;

			for (j = 0; j < p; j++)
				f += row[j] * beta[j];
			wk.r[i] = wk.in[i] ? 0.0 : y[i] - f;
			if (fabs(wk.r[i]) <= rtol)
				wk.r[i] = 0;
			newobj += w[i] * rho(wk.r[i], tau);
		}
		/* a move that does not lower the objective (rounding): undo, stop */
		if (!(newobj < obj) && iter > 0)
		{
			wk.basis[last_h] = last_out;
			break;
		}
		obj = newobj;
		*iterations = iter;
		if ((size_t) iter >= cap)
		{
			st = PROJECT_NO_CONVERGENCE;
			break;
		}
		memset(wk.g, 0, sizeof(double) * 4 * p);
		for (i = 0; i < n; i++)
		{
			const double *row = x + i * p;
			double	   *ai = wk.a + i * p;

			for (h = 0; h < p; h++)
			{
				double		s = 0;

				for (j = 0; j < p; j++)
					s += row[j] * wk.binv[j * p + h];
				ai[h] = s;
			}
			if (wk.in[i])
				continue;
			for (h = 0; h < p; h++)
			{
				double		gi;

				if (wk.r[i] > 0)
					gi = -tau * w[i];
				else if (wk.r[i] < 0)
					gi = (1 - tau) * w[i];
				else
					gi = 0;
				wk.g[4 * h] += gi * ai[h];
				if (wk.r[i] == 0)
				{
					if (ai[h] > 0)
						wk.g[4 * h + 1] += w[i] * ai[h];
					else
						wk.g[4 * h + 2] -= w[i] * ai[h];
				}
				wk.g[4 * h + 3] += w[i] * fabs(ai[h]);
			}
		}
		for (h = 0; h < p; h++)
		{
			double		wh = w[wk.basis[h]];
			double		G = wk.g[4 * h],
						zp = wk.g[4 * h + 1],
						zn = wk.g[4 * h + 2],
						scale = wk.g[4 * h + 3] + wh;
			double		dplus = G + (1 - tau) * zp + tau * zn + (1 - tau) * wh;
			double		dminus = -G + (1 - tau) * zn + tau * zp + tau * wh;

			if (dplus < -1e-12 * scale && dplus < best)
			{
				best = dplus;
				bh = h;
				bs = 1;
			}
			if (dminus < -1e-12 * scale && dminus < best)
			{
				best = dminus;
				bh = h;
				bs = -1;
			}
		}
		if (bh < 0)
			break;				/* no edge descends: optimal */
		/* exact line search along the edge: t > 0 break-points in order */
		for (i = 0; i < n; i++)
		{
			double		ai = bs * wk.a[i * p + bh];

			if (wk.in[i] || wk.r[i] == 0 || ai == 0)
				continue;
			if ((wk.r[i] > 0) != (ai > 0))
				continue;		/* its break-point is behind: t < 0 */
			wk.brk[nb].key = wk.r[i] / ai;
			wk.brk[nb].index = i;
			nb++;
		}
		qsort(wk.brk, nb, sizeof(KeyIndex), cmp_key_index);
		d = best;
		for (i = 0; i < nb; i++)
		{
			size_t		pi = wk.brk[i].index;

			d += w[pi] * fabs(wk.a[pi * p + bh]);
			if (d >= 0)
			{
				enter = pi;
				break;
			}
		}
		if (enter == n)
		{
			/* the objective cannot fall forever; only rounding gets here */
			break;
		}
		last_h = bh;
		last_out = wk.basis[bh];
		wk.basis[bh] = enter;
	}
	/* beta of the final basis, fitted to the original y */
	if (st == PROJECT_OK)
	{
		for (h = 0; h < p; h++)
			memcpy(wk.xb + h * p, x + wk.basis[h] * p, sizeof(double) * p);
		if (!invert(wk.xb, wk.binv, wk.tmp, p))
			st = PROJECT_SINGULAR;
		else
			for (j = 0; j < p; j++)
			{
				beta[j] = 0;
				for (h = 0; h < p; h++)
					beta[j] += wk.binv[j * p + h] * y0[wk.basis[h]];
			}
	}
	qr_free(&wk, mem);
	return st;
}

/* The k-th smallest score, k = ceil((n + 1) level), by sorting the scores. */
double
project_conformal_quantile(double *scores, size_t n, double level)
{
	double		kk = ceil((double) (n + 1) * level - 1e-9);
	size_t		k;
	size_t		i,
				j;

	if (n == 0 || kk > (double) n)
		return INFINITY;
	k = kk < 1 ? 1 : (size_t) kk;
	/* insertion sort: calibration sets are small (about 19 at level 0.9) */
	for (i = 1; i < n; i++)
	{
		double		v = scores[i];

		for (j = i; j > 0 && scores[j - 1] > v; j--)
			scores[j] = scores[j - 1];
		scores[j] = v;
	}
	return scores[k - 1];
}

/* A fitted model of the turnout change or the margin change. */
typedef struct Fit
{
	int			k;
	int			p;				/* columns used: intercept + active features */
	int			active[PROJECT_MAX_FEATURES];	/* feature of column 1 + j */
	double		mean[PROJECT_MAX_FEATURES];
	double		scale[PROJECT_MAX_FEATURES];
	double		beta[PROJECT_MAX_FEATURES + 1];
	unsigned char dropped[PROJECT_MAX_FEATURES];
	int			iterations;
	int			rank;			/* orthonormal rows spanning the units' features */
	double		span[(PROJECT_MAX_FEATURES + 1) * (PROJECT_MAX_FEATURES + 1)];
} Fit;

static void fit_span(const double *units, int stride, const size_t *rows, size_t m,
					 Fit *f, void (*interrupt) (void));

/* The fits of both targets, with features and pooled (intercept only). */
typedef struct Models
{
	Fit			t;
	Fit			m;
	Fit			t0;
	Fit			m0;
	size_t		nt;				/* units of the turnout fit */
	size_t		nm;				/* units of the margin fit */
} Models;

/* Which deviation a fit models. */
typedef enum Target
{
	TARGET_TURNOUT,
	TARGET_MARGIN
} Target;

/* Total baseline votes of a unit. */
static double
base_total(const double *u)
{
	return u[2] + u[3];
}

/* Whether a complete unit enters the fit of target t. */
static int
fits(const double *u, Target t)
{
	if (u[4] == 0)
		return 0;
	if (t == TARGET_TURNOUT)
		return 1;
	return u[0] + u[1] > 0 && base_total(u) > 0;
}

/* The deviation of a complete unit and its weight. */
static void
target_of(const double *u, Target t, double *yv, double *wv)
{
	double		tb = base_total(u);
	double		tc = u[0] + u[1];

	if (t == TARGET_TURNOUT)
	{
		*yv = (tc - tb) / (tb + 1);
		*wv = tb + 1;
	}
	else
	{
		*yv = (u[0] - u[1]) / tc - (u[2] - u[3]) / tb;
		*wv = tb;
	}
}

/* The model's prediction for features x. */
static double
fit_predict(const Fit *f, const double *x)
{
	double		v = f->beta[0];
	int			j;

	for (j = 0; j < f->p - 1; j++)
	{
		int			c = f->active[j];

		v += f->beta[1 + j] * (x[c] - f->mean[c]) / f->scale[c];
	}
	return v;
}

/*
 * Fits target t over the m units rows[] (stride doubles each): features
 * centred on their mean and scaled by their largest deviation; a feature
 * constant among these units, or a linear combination of the intercept
 * and the features before it (Gram-Schmidt, 1e-9 of its norm left), is
 * left out and flagged in dropped.
 */
static ProjectStatus
fit_target(const double *units, int stride, int k, const size_t *rows, size_t m,
		   Target t, Fit *f, const CoreAlloc *mem, void (*interrupt) (void))
{
	double	   *x = NULL,
			   *yv = NULL,
			   *wv = NULL,
			   *q = NULL;
	size_t		i;
	int			j,
				c,
				p = 1;
	ProjectStatus st;

	memset(f, 0, sizeof(*f));
	f->k = k;
	x = core_alloc(mem, m * (size_t) (k + 1), sizeof(double));
	yv = core_alloc(mem, m, sizeof(double));
	wv = core_alloc(mem, m, sizeof(double));
	q = core_alloc(mem, m * (size_t) (k + 1), sizeof(double));
	if (!x || !yv || !wv || !q)
	{
		st = PROJECT_NO_MEMORY;
		goto done;
	}
	for (i = 0; i < m; i++)
	{
		target_of(units + rows[i] * stride, t, &yv[i], &wv[i]);
		q[i] = 1.0 / sqrt((double) m);	/* the intercept column, normalised */
	}
	for (c = 0; c < k; c++)
	{
		double		mean = 0,
					dev = 0;
		double	   *v = q + (size_t) p * m;

		/* each feature costs a few passes over the m units */
		if (interrupt)
			interrupt();
		for (i = 0; i < m; i++)
			mean += units[rows[i] * stride + PROJECT_FIXED + c];
		mean /= (double) m;
		for (i = 0; i < m; i++)
		{
			double		d = fabs(units[rows[i] * stride + PROJECT_FIXED + c] - mean);

			if (d > dev)
				dev = d;
		}
		f->mean[c] = mean;
		f->scale[c] = dev > 0 ? dev : 1;
		if (dev == 0)
		{
			f->dropped[c] = 1;
			continue;
		}
		for (i = 0; i < m; i++)
			v[i] = (units[rows[i] * stride + PROJECT_FIXED + c] - mean) / dev;
		if (!(orthogonalize(v, q, p, m) > 1e-9))
		{
			f->dropped[c] = 1;
			continue;
		}
		normalize(v, m);
		f->active[p - 1] = c;
		p++;
	}
	fit_span(units, stride, rows, m, f, interrupt);
	/*
	 * The rows' rank test of the regression can disagree with the columns'
	 * at the edge of the tolerance (features near the smallest doubles):
	 * then the last feature kept is dropped too, down to the intercept,
	 * whose design always has rank 1.
	 */
	for (;;)
	{
		if (interrupt)
			interrupt();
		f->p = p;
		for (i = 0; i < m; i++)
		{
			x[i * p] = 1;
			for (j = 0; j < p - 1; j++)
			{
				c = f->active[j];
				x[i * p + 1 + j] = (units[rows[i] * stride + PROJECT_FIXED + c] - f->mean[c]) / f->scale[c];
			}
		}
		st = project_quantile_regression(x, yv, wv, m, p, 0.5, f->beta, &f->iterations,
										 mem, interrupt);
		if (st != PROJECT_SINGULAR || p == 1)
			break;
		p--;
		f->dropped[f->active[p - 1]] = 1;
	}
done:
	core_free(mem, x);
	core_free(mem, yv);
	core_free(mem, wv);
	core_free(mem, q);
	return st;
}

/* The scaled feature vector (1, (x - mean) / scale) of a unit under fit f. */
static void
fit_point(const Fit *f, const double *x, double *z)
{
	int			c;

	z[0] = 1;
	for (c = 0; c < f->k; c++)
		z[1 + c] = (x[c] - f->mean[c]) / f->scale[c];
}

/*
 * An orthonormal basis of the span of the fitted units' scaled feature
 * vectors (Gram-Schmidt, twice; a vector is taken when 1e-9 of its norm
 * is left), into f->span and f->rank.
 */
static void
fit_span(const double *units, int stride, const size_t *rows, size_t m, Fit *f,
		 void (*interrupt) (void))
{
	int			d = f->k + 1;
	size_t		i;
	double		z[PROJECT_MAX_FEATURES + 1];

	f->rank = 0;
	for (i = 0; i < m && f->rank < d; i++)
	{
		if (interrupt && (i & 65535) == 65535)
			interrupt();
		fit_point(f, units + rows[i] * stride + PROJECT_FIXED, z);
		if (!(orthogonalize(z, f->span, f->rank, d) > 1e-9))
			continue;
		normalize(z, d);
		memcpy(f->span + f->rank * d, z, sizeof(double) * d);
		f->rank++;
	}
}

/*
 * Whether fit f identifies the prediction at features x: x (scaled, with
 * its 1) lies in the span of the fitted units' feature vectors, to 1e-6 of
 * its norm.  Outside it (a vote method or county with no complete unit
 * yet) the prediction would depend on which collinear feature the fit
 * left out, so the unit is predicted by the pooled fit instead.
 */
static int
fit_identifies(const Fit *f, const double *x)
{
	int			d = f->k + 1;
	double		z[PROJECT_MAX_FEATURES + 1];

	if (f->rank == d)
		return 1;
	fit_point(f, x, z);
	return orthogonalize(z, f->span, f->rank, d) <= 1e-6;
}

/* Coefficients of a fit on the original feature scale, intercept first. */
static void
fit_coefficients(const Fit *f, double *coef, unsigned char *dropped)
{
	int			j;

	for (j = 0; j <= f->k; j++)
		coef[j] = 0;
	coef[0] = f->beta[0];
	for (j = 0; j < f->p - 1; j++)
	{
		int			c = f->active[j];

		coef[1 + c] = f->beta[1 + j] / f->scale[c];
		coef[0] -= coef[1 + c] * f->mean[c];
	}
	memcpy(dropped, f->dropped, PROJECT_MAX_FEATURES);
}

/*
 * The final votes of unit u under the two fits: total
 * T = Tb + r (Tb + 1) with r clamped to [-1, PROJECT_FAR_FACTOR], margin m = (Ab - Bb) / Tb + y clamped to [-1, 1]
 * (the contest's baseline margin m0 where the unit's baseline is 0).  With
 * floor_counted, T is at least the votes counted and the votes still to
 * come, T - counted, go to A up to A's share T (1 + m) / 2 less what A has
 * counted, the rest to B, so neither side falls below its count; without
 * (a complete unit predicted as if uncounted, for calibration), from zero.
 * Each target uses the pooled (intercept-only) fit where the fit with
 * features does not identify the unit's features; returns 1 then.
 */
static int
predict_unit(const double *u, const Models *md, double m0,
			 int floor_counted, double *pa, double *pb)
{
	const double *x = u + PROJECT_FIXED;
	int			ti = fit_identifies(&md->t, x),
				mi = fit_identifies(&md->m, x);
	const Fit  *ft = ti ? &md->t : &md->t0;
	const Fit  *fm = mi ? &md->m : &md->m0;
	double		tb = base_total(u);
	double		ca = floor_counted ? u[0] : 0;
	double		cb = floor_counted ? u[1] : 0;
	double		rr = fit_predict(ft, x);
	double		tt;
	double		mb = tb > 0 ? (u[2] - u[3]) / tb : m0;
	double		mm = mb + fit_predict(fm, x);
	double		rest,
				ra;

	/* the turnout change within what the data check allows a count */
	if (!(rr > -1))
		rr = -1;
	if (!(rr < PROJECT_FAR_FACTOR))
		rr = PROJECT_FAR_FACTOR;
	tt = tb + rr * (tb + 1);
	if (!(mm > -1))
		mm = -1;
	if (!(mm < 1))
		mm = 1;
	if (!(tt > ca + cb))
		tt = ca + cb;
	rest = tt - ca - cb;
	ra = tt * (1 + mm) / 2 - ca;
	if (ra < 0)
		ra = 0;
	if (ra > rest)
		ra = rest;
	*pa = ca + ra;
	*pb = cb + (rest - ra);
	return !(ti && mi);
}

/* FNV-1a of a unit's bits (-0 as 0): the order of the conformal split. */
static uint64_t
unit_hash(const double *u, int stride)
{
	uint64_t	hsh = 1469598103934665603ULL;
	int			i,
				b;

	for (i = 0; i < stride; i++)
	{
		double		v = u[i] == 0 ? 0.0 : u[i];
		uint64_t	bits;

		memcpy(&bits, &v, sizeof(bits));
		for (b = 0; b < 8; b++)
		{
			hsh ^= (bits >> (8 * b)) & 0xff;
			hsh *= 1099511628211ULL;
		}
	}
	return hsh;
}

/* Sort context: units and their stride, for the canonical order. */
static const double *sort_units;
static int	sort_stride;

/* A unit's sort key: hash, then values. */
typedef struct UnitKey
{
	uint64_t	hash;
	size_t		index;
} UnitKey;

/* Orders units by hash, then lexicographically by value (a total order on values). */
static int
cmp_unit(const void *a, const void *b)
{
	const UnitKey *x = a;
	const UnitKey *y = b;
	int			i;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	for (i = 0; i < sort_stride; i++)
	{
		double		u = sort_units[x->index * sort_stride + i];
		double		v = sort_units[y->index * sort_stride + i];

		if (u != v)
			return u < v ? -1 : 1;
	}
	return 0;
}

/* Working memory of project_compute. */
typedef struct ProjectWork
{
	UnitKey    *keys;
	size_t	   *order;			/* units in canonical order */
	size_t	   *rows;			/* rows of one fit */
	double	   *scores;
} ProjectWork;

/*
 * Fits both targets over the complete units among order[0..m), with the
 * features and pooled; md->nt or md->nm is 0 when a target has no unit.
 */
static ProjectStatus
fit_both(const double *units, int stride, int k, const size_t *order, size_t m,
		 size_t *rows, Models *md, const CoreAlloc *mem, void (*interrupt) (void))
{
	ProjectStatus st;
	Target		t;

	for (t = TARGET_TURNOUT; t <= TARGET_MARGIN; t++)
	{
		Fit		   *f = t == TARGET_TURNOUT ? &md->t : &md->m;
		Fit		   *f0 = t == TARGET_TURNOUT ? &md->t0 : &md->m0;
		size_t		i,
					c = 0;

		for (i = 0; i < m; i++)
			if (fits(units + order[i] * stride, t))
				rows[c++] = order[i];
		if (t == TARGET_TURNOUT)
			md->nt = c;
		else
			md->nm = c;
		if (c == 0)
			return PROJECT_OK;
		st = fit_target(units, stride, k, rows, c, t, f, mem, interrupt);
		if (st == PROJECT_OK)
			st = k > 0 ? fit_target(units, stride, 0, rows, c, t, f0, mem, interrupt) : PROJECT_OK;
		if (st != PROJECT_OK)
			return st;
		if (k == 0)
			*f0 = *f;
	}
	return PROJECT_OK;
}

/*
 * Projects the contest (see project.h).  The interval is split conformal
 * (after elex-live-model): the complete units, in the order of a hash of
 * their values, are split into a training part, the first
 * floor(n f) with f = min(1 - (1 + level) / (n (1 - level)), 0.9) rounded
 * to 2 decimals, and a calibration part; both models fitted on the
 * training part predict each calibration unit's margin in votes d from its
 * baseline as if nothing were counted, the score is
 * |d - d_hat| / (Tb + 1), and q is the ceil((n_cal + 1) level)-th smallest
 * score.  Each unit j not complete gets the half-width h_j = q (Tb_j + 1).
 * The contest's half-width is sqrt(sum h_j^2) + sum h_j / sqrt(n), n the
 * complete units: the units' own errors taken as independent, plus the
 * error every unit shares, that of the medians fitted on n units (the
 * spread of a unit over sqrt(n)).  elex-live-model instead sums the h_j
 * (errors perfectly correlated), which on the GA-6 backtest gave intervals
 * 50 to 105 points of margin wide that always covered.
 */
ProjectStatus
project_compute(const double *units, size_t n, int k, double level,
				ProjectResult *res, const CoreAlloc *mem, void (*interrupt) (void))
{
	int			stride = PROJECT_FIXED + k;
	ProjectWork wk;
	ProjectStatus st = PROJECT_OK;
	Models	   *md = NULL;
	size_t		i,
				nc = 0,
				pending = 0;
	double		m0,
				width = 0,
				width2 = 0,
				half;

	memset(res, 0, sizeof(*res));
	res->units = n;
	res->k = k;
	res->level = level;
	res->projection_gap = PROJECT_GAP_NO_UNITS;
	res->interval_gap = PROJECT_GAP_NO_UNITS;
	if (k < 0 || k > PROJECT_MAX_FEATURES)
		return PROJECT_TOO_MANY_FEATURES;
	if (project_check_level(level) != PROJECT_OK)
		return PROJECT_BAD_LEVEL;
	if (n == 0)
		return PROJECT_OK;
	memset(&wk, 0, sizeof(wk));
	wk.keys = core_alloc(mem, n, sizeof(UnitKey));
	wk.order = core_alloc(mem, n, sizeof(size_t));
	wk.rows = core_alloc(mem, n, sizeof(size_t));
	wk.scores = core_alloc(mem, n, sizeof(double));
	md = core_alloc(mem, 1, sizeof(Models));
	if (!md || !wk.keys || !wk.order || !wk.rows || !wk.scores)
	{
		st = PROJECT_NO_MEMORY;
		goto done;
	}
	for (i = 0; i < n; i++)
	{
		wk.keys[i].hash = unit_hash(units + i * stride, stride);
		wk.keys[i].index = i;
		if (interrupt && (i & 65535) == 65535)
			interrupt();
	}
	sort_units = units;
	sort_stride = stride;
	qsort(wk.keys, n, sizeof(UnitKey), cmp_unit);
	/* canonical order: complete units first, each part in hash order */
	for (i = 0; i < n; i++)
		if (units[wk.keys[i].index * stride + 4] != 0)
			wk.order[nc++] = wk.keys[i].index;
	pending = nc;
	for (i = 0; i < n; i++)
		if (units[wk.keys[i].index * stride + 4] == 0)
			wk.order[pending++] = wk.keys[i].index;
	res->complete = nc;
	for (i = 0; i < n; i++)
	{
		const double *u = units + wk.order[i] * stride;

		res->counted_a += u[0];
		res->counted_b += u[1];
		res->baseline_a += u[2];
		res->baseline_b += u[3];
	}
	m0 = res->baseline_a + res->baseline_b > 0
		? (res->baseline_a - res->baseline_b) / (res->baseline_a + res->baseline_b) : 0;

	if (nc == n)
	{
		/* every unit complete: the count is the result, exactly */
		res->projection_gap = PROJECT_GAP_NONE;
		res->projected_a = res->counted_a;
		res->projected_b = res->counted_b;
		res->interval_gap = PROJECT_GAP_NONE;
		res->margin_lower = res->margin_upper = res->counted_a - res->counted_b;
		goto done;
	}

	/* the projection: both models over every complete unit */
	st = fit_both(units, stride, k, wk.order, nc, wk.rows, md, mem, interrupt);
	if (st != PROJECT_OK)
		goto done;
	res->turnout_fitted = md->nt;
	res->margin_fitted = md->nm;
	if (res->turnout_fitted == 0 || res->margin_fitted == 0)
	{
		res->projection_gap = PROJECT_GAP_TOO_FEW_COMPLETE;
		res->interval_gap = PROJECT_GAP_TOO_FEW_COMPLETE;
		goto done;
	}
	res->projection_gap = PROJECT_GAP_NONE;
	res->turnout_iterations = md->t.iterations;
	res->margin_iterations = md->m.iterations;
	fit_coefficients(&md->t, res->turnout_coef, res->turnout_dropped);
	fit_coefficients(&md->m, res->margin_coef, res->margin_dropped);
	for (i = 0; i < n; i++)
	{
		const double *u = units + wk.order[i] * stride;
		double		a,
					b;

		if (u[4] != 0)
		{
			a = u[0];
			b = u[1];
		}
		else
		{
			res->pooled += predict_unit(u, md, m0, 1, &a, &b);
			width += base_total(u) + 1;
			width2 += (base_total(u) + 1) * (base_total(u) + 1);
		}
		res->projected_a += a;
		res->projected_b += b;
		if (interrupt && (i & 65535) == 65535)
			interrupt();
	}

	/* the interval: split conformal over the complete units */
	{
		double		f = 1 - (1 + level) / ((double) nc * (1 - level));
		size_t		ntrain,
					ncal;

		if (f > 0.9)
			f = 0.9;
		f = round(f * 100) / 100;
		ntrain = f > 0 ? (size_t) floor((double) nc * f) : 0;
		ncal = nc - ntrain;
		res->interval_gap = PROJECT_GAP_TOO_FEW_CALIBRATION;
		if (ntrain == 0 || ceil((double) (ncal + 1) * level - 1e-9) > (double) ncal)
			goto done;
		st = fit_both(units, stride, k, wk.order, ntrain, wk.rows, md, mem, interrupt);
		if (st != PROJECT_OK)
			goto done;
		if (md->nt == 0 || md->nm == 0)
			goto done;
		for (i = 0; i < ncal; i++)
		{
			const double *u = units + wk.order[ntrain + i] * stride;
			double		a,
						b;

			(void) predict_unit(u, md, m0, 0, &a, &b);
			wk.scores[i] = fabs((u[0] - u[1]) - (a - b)) / (base_total(u) + 1);
		}
		res->calibration = ncal;
		res->conformal_q = project_conformal_quantile(wk.scores, ncal, level);
		res->interval_gap = PROJECT_GAP_NONE;
		half = res->conformal_q * (sqrt(width2) + width / sqrt((double) nc));
		res->margin_lower = res->projected_a - res->projected_b - half;
		res->margin_upper = res->projected_a - res->projected_b + half;
	}
done:
	core_free(mem, wk.keys);
	core_free(mem, wk.order);
	core_free(mem, wk.rows);
	core_free(mem, wk.scores);
	core_free(mem, md);
	return st;
}

/* Bytes of the state of n units of k features. */
size_t
project_state_size(size_t n, int k)
{
	return PROJECT_STATE_HEADER + sizeof(double) * (size_t) (PROJECT_FIXED + (k < 0 ? 0 : k)) * n;
}

/* Writes the header and the units. */
void
project_state_write(unsigned char *out, const double *units, size_t n, int k, double level)
{
	uint32_t	magic = PROJECT_STATE_MAGIC,
				version = PROJECT_STATE_VERSION;
	int32_t		kk = k,
				pad = 0;
	int64_t		nn = (int64_t) n;

	memcpy(out, &magic, 4);
	memcpy(out + 4, &version, 4);
	memcpy(out + 8, &kk, 4);
	memcpy(out + 12, &pad, 4);
	memcpy(out + 16, &level, 8);
	memcpy(out + 24, &nn, 8);
	if (n > 0)
		memcpy(out + PROJECT_STATE_HEADER, units, project_state_size(n, k) - PROJECT_STATE_HEADER);
}

/* Checks a serialized state (see project.h). */
ProjectStatus
project_state_check(const unsigned char *bytes, size_t len, int *k, size_t *n,
					double *level, const unsigned char **units, const char **why)
{
	uint32_t	magic,
				version;
	int32_t		kk;
	int64_t		nn;
	size_t		i,
				stride;

	*why = NULL;
	if (len < PROJECT_STATE_HEADER)
	{
		*why = "The state is shorter than its header.";
		return PROJECT_CORRUPT;
	}
	memcpy(&magic, bytes, 4);
	memcpy(&version, bytes + 4, 4);
	memcpy(&kk, bytes + 8, 4);
	memcpy(level, bytes + 16, 8);
	memcpy(&nn, bytes + 24, 8);
	if (magic != PROJECT_STATE_MAGIC || version != PROJECT_STATE_VERSION)
	{
		*why = "The state does not start with project's magic number and version.";
		return PROJECT_CORRUPT;
	}
	if (kk < -1 || kk > PROJECT_MAX_FEATURES || nn < 0 || (kk < 0) != (nn == 0))
	{
		*why = "The feature count or the unit count is out of range.";
		return PROJECT_CORRUPT;
	}
	if (nn > 0 && project_check_level(*level) != PROJECT_OK)
	{
		*why = "The level is not between 0 and 1.";
		return PROJECT_CORRUPT;
	}
	stride = sizeof(double) * (size_t) (PROJECT_FIXED + (kk < 0 ? 0 : kk));
	if ((uint64_t) nn > (len - PROJECT_STATE_HEADER) / stride ||
		len != PROJECT_STATE_HEADER + stride * (size_t) nn)
	{
		*why = "The length does not match the unit count.";
		return PROJECT_CORRUPT;
	}
	for (i = 0; i < (size_t) nn; i++)
	{
		double		u[PROJECT_FIXED + PROJECT_MAX_FEATURES];
		int			bad;

		memcpy(u, bytes + PROJECT_STATE_HEADER + stride * i, stride);
		if (project_check_unit(u, kk, &bad) != PROJECT_OK || (u[4] != 0 && u[4] != 1))
		{
			*why = "A unit holds a negative, non-finite or out-of-range value.";
			return PROJECT_CORRUPT;
		}
	}
	*k = kk;
	*n = (size_t) nn;
	*units = bytes + PROJECT_STATE_HEADER;
	return PROJECT_OK;
}
