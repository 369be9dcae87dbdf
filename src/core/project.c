/*
 * project.c
 *	  Election-night projection from partial returns (see project.h): the
 *	  weighted ridge fits, the projection of the units not complete, and
 *	  the interval of the margin from its standard error.
 *
 * The model, after the Washington Post's elex-live-model: each complete
 * unit's deviation from its baseline, the turnout change
 * r = (T - Tb) / (Tb + 1) and the margin beyond the baseline margin at
 * the fitted turnout (see target_of), is regressed on the unit's features
 * (intercept first) by weighted least squares with a ridge penalty chosen
 * by leave-one-out error; with no features (or the intercept alone
 * chosen) it is uniform swing.  Each unit not complete is predicted from
 * its own baseline and features, and never below what it has counted.
 *
 * A unit of a stratum no complete unit is in (a level of a categorical
 * variable of the features, inferred from them: infer_groups) is projected
 * at the seen levels' weighted mean effect for that variable, keeping the
 * others' effects, and the interval takes its stratum's effect as a draw
 * of the variable's random effects, their spread estimated from the seen
 * levels with Student's t for their few degrees of freedom (strata_of).
 */
#include "core/project.h"
#include "core/lean.h"

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
 * The ridge penalties a fit chooses from, in units of the fit's total
 * weight on features scaled to weighted variance 1: from none to one that
 * shrinks every feature's coefficient to a hundredth; the intercept-only
 * fit (an infinite penalty) is tried first.
 */
static const double penalty_grid[] = {100, 30, 10, 3, 1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0};

#define PENALTY_COUNT ((int) (sizeof(penalty_grid) / sizeof(penalty_grid[0])))

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
	double		penalty;		/* the ridge penalty chosen; INFINITY: intercept only */
	double		wsum;			/* total weight of the fitted units */
	double		ainv[(PROJECT_MAX_FEATURES + 1) * (PROJECT_MAX_FEATURES + 1)];	/* p x p */
	int			rank;			/* orthonormal rows spanning the units' features */
	double		span[(PROJECT_MAX_FEATURES + 1) * (PROJECT_MAX_FEATURES + 1)];
} Fit;

static void fit_span(const double *units, int stride, const size_t *rows, size_t m,
					 Fit *f, void (*interrupt) (void));

/* Which deviation a fit models. */
typedef enum Target
{
	TARGET_TURNOUT,
	TARGET_MARGIN
} Target;

/*
 * The categorical variables among the features, inferred from the units:
 * features that take only the values 0 and 1 (both) are indicators, and
 * indicators never 1 together in one unit form a group, a categorical
 * variable whose levels are its indicators and the reference (all of them
 * 0): vote-method indicators one group, county indicators another.  Each
 * indicator joins the first group, in feature order, it is exclusive with.
 */
typedef struct Groups
{
	int			count;
	int			size[PROJECT_MAX_FEATURES];
	int			member[PROJECT_MAX_FEATURES][PROJECT_MAX_FEATURES];
} Groups;

/*
 * The levels of each group that a fit's units are in (seen), their shares
 * of the fit's weight, and the variance of the effect of a level none is in about the fit's
 * pooled prediction (see strata_of); var is negative where it has no
 * estimate (fewer than two levels seen).
 */
typedef struct Strata
{
	unsigned char seen[PROJECT_MAX_FEATURES][PROJECT_MAX_FEATURES + 1];
	double		share[PROJECT_MAX_FEATURES][PROJECT_MAX_FEATURES + 1];
	double		var[PROJECT_MAX_FEATURES];
} Strata;

/*
 * The fits of both targets, with features and pooled (intercept only), and
 * the leave-one-out residuals of their units, by position in rows_t and
 * rows_m (the units each target fits).
 */
typedef struct Models
{
	Fit			t;
	Fit			m;
	Fit			t0;
	Fit			m0;
	size_t		nt;				/* units of the turnout fit */
	size_t		nm;				/* units of the margin fit */
	size_t	   *rows_t;
	size_t	   *rows_m;
	double	   *loo_t;
	double	   *loo_m;
	double	   *loo_t0;
	double	   *loo_m0;
	double	   *that;			/* per complete unit: its turnout fitted, T^ */
	double	   *that0;			/* ... by the pooled fit */
	Groups		groups;			/* the features' categorical variables */
	Strata		st_t;			/* of the turnout fit */
	Strata		st_m;			/* of the margin fit */
	double		level;			/* of the interval */
} Models;

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

/*
 * The deviation of a complete unit and its weight.  Turnout: the change
 * r = (T - Tb) / (Tb + 1), weight Tb + 1.  Margin: y = (A - B - T^ mb) / T,
 * the margin in votes beyond what the baseline margin mb = (Ab - Bb) / Tb
 * gives at the turnout T^ the turnout fit predicts for the unit (that, by
 * unit), weight T.  Both weighted means reproduce the counted units' sums:
 * the turnout fit alone gives sum (T - Tb) / sum (Tb + 1), uniform swing's
 * turnout ratio but for the 1 per unit that keeps a unit with no baseline
 * defined, and with it the margin fit gives the counted units' margin in
 * votes back, as uniform swing's change does.
 */
static void
target_of(const double *u, Target t, double that, double *yv, double *wv)
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
		*yv = (u[0] - u[1] - that * (u[2] - u[3]) / tb) / tc;
		*wv = tc;
	}
}

/* The design vector (1, (x_c - mean) / scale for the active c) of fit f: p values. */
static void
fit_design(const Fit *f, const double *x, double *z)
{
	int			j;

	z[0] = 1;
	for (j = 0; j < f->p - 1; j++)
	{
		int			c = f->active[j];

		z[1 + j] = (x[c] - f->mean[c]) / f->scale[c];
	}
}

/* The model's prediction for features x. */
static double
fit_predict(const Fit *f, const double *x)
{
	double		z[PROJECT_MAX_FEATURES + 1];
	double		v = 0;
	int			j;

	fit_design(f, x, z);
	for (j = 0; j < f->p; j++)
		v += f->beta[j] * z[j];
	return v;
}

/* z' a z for the p x p matrix a. */
static double
quadratic_form(const double *a, const double *z, int p)
{
	double		s = 0;
	int			i,
				j;

	for (i = 0; i < p; i++)
		for (j = 0; j < p; j++)
			s += z[i] * a[i * p + j] * z[j];
	return s;
}

/*
 * Fits target t over the m units rows[] (stride doubles each) by weighted
 * ridge regression, and writes each unit's leave-one-out residual to loo
 * (m values).  Features are centred on their weighted mean and scaled to
 * weighted variance 1; a feature constant among these units, or a linear
 * combination of the intercept and the features before it (Gram-Schmidt,
 * 1e-9 of its norm left), is left out and flagged in dropped.  The fit
 * minimises sum w_i (y_i - z_i' beta)^2 + penalty W sum_{j>0} beta_j^2
 * (W = sum w_i, the intercept free), for each penalty of penalty_grid and
 * the intercept alone, and keeps the one of least leave-one-out error
 * sum w_i (e_i / (1 - h_i))^2, h_i = w_i z_i' A^-1 z_i (the larger penalty
 * on a tie).  The intercept alone is the weighted mean of y: the ratio of
 * sums of uniform swing.
 */
static ProjectStatus
fit_target(const double *units, int stride, int k, const size_t *rows, size_t m,
		   Target t, const double *that, Fit *f, double *loo, const CoreAlloc *mem,
		   void (*interrupt) (void))
{
	double	   *z = NULL,
			   *yv = NULL,
			   *wv = NULL,
			   *q = NULL;
	double		g[(PROJECT_MAX_FEATURES + 1) * (PROJECT_MAX_FEATURES + 1)];
	double		a[(PROJECT_MAX_FEATURES + 1) * (PROJECT_MAX_FEATURES + 1)];
	double		ainv[(PROJECT_MAX_FEATURES + 1) * (PROJECT_MAX_FEATURES + 1)];
	double		work[(PROJECT_MAX_FEATURES + 1) * (PROJECT_MAX_FEATURES + 1)];
	double		c[PROJECT_MAX_FEATURES + 1];
	double		beta[PROJECT_MAX_FEATURES + 1];
	double		best = INFINITY;
	size_t		i;
	int			j,
				h,
				col,
				p = 1,
				trial;
	ProjectStatus st = PROJECT_OK;

	memset(f, 0, sizeof(*f));
	f->k = k;
	z = core_alloc(mem, m * (size_t) (k + 1), sizeof(double));
	yv = core_alloc(mem, m, sizeof(double));
	wv = core_alloc(mem, m, sizeof(double));
	q = core_alloc(mem, m * (size_t) (k + 1), sizeof(double));
	if (!z || !yv || !wv || !q)
	{
		st = PROJECT_NO_MEMORY;
		goto done;
	}
	for (i = 0; i < m; i++)
	{
		target_of(units + rows[i] * stride, t, that ? that[rows[i]] : 0, &yv[i], &wv[i]);
		f->wsum += wv[i];
		q[i] = 1.0 / sqrt((double) m);	/* the intercept column, normalised */
	}
	for (col = 0; col < k; col++)
	{
		double		mean = 0,
					var = 0;
		double	   *v = q + (size_t) p * m;

		/* each feature costs a few passes over the m units */
		if (interrupt)
			interrupt();
		for (i = 0; i < m; i++)
			mean += wv[i] * units[rows[i] * stride + PROJECT_FIXED + col];
		mean /= f->wsum;
		for (i = 0; i < m; i++)
		{
			double		d = units[rows[i] * stride + PROJECT_FIXED + col] - mean;

			var += wv[i] * d * d;
		}
		var /= f->wsum;
		f->mean[col] = mean;
		f->scale[col] = var > 0 && isfinite(var) ? sqrt(var) : 1;
		if (!(var > 0) || !isfinite(var))
		{
			f->dropped[col] = 1;
			continue;
		}
		for (i = 0; i < m; i++)
			v[i] = (units[rows[i] * stride + PROJECT_FIXED + col] - mean) / f->scale[col];
		if (!(orthogonalize(v, q, p, m) > 1e-9))
		{
			f->dropped[col] = 1;
			continue;
		}
		normalize(v, m);
		f->active[p - 1] = col;
		p++;
	}
	fit_span(units, stride, rows, m, f, interrupt);
	f->p = p;
	/* the weighted cross-products G = Z'WZ and c = Z'Wy */
	memset(g, 0, sizeof(double) * p * p);
	memset(c, 0, sizeof(double) * p);
	for (i = 0; i < m; i++)
	{
		double	   *zi = z + i * p;

		if (interrupt && (i & 65535) == 65535)
			interrupt();
		fit_design(f, units + rows[i] * stride + PROJECT_FIXED, zi);
		for (j = 0; j < p; j++)
		{
			c[j] += wv[i] * zi[j] * yv[i];
			for (h = 0; h < p; h++)
				g[j * p + h] += wv[i] * zi[j] * zi[h];
		}
	}
	/* trial -1: the intercept alone; then the grid, larger penalties first */
	for (trial = -1; trial < (p > 1 ? PENALTY_COUNT : 0); trial++)
	{
		int			pp = trial < 0 ? 1 : p;
		double		press = 0;

		if (interrupt)
			interrupt();
		for (j = 0; j < pp; j++)
			for (h = 0; h < pp; h++)
				a[j * pp + h] = g[j * p + h] +
					(j == h && j > 0 ? penalty_grid[trial] * f->wsum : 0);
		if (!invert(a, ainv, work, pp))
			continue;
		for (j = 0; j < pp; j++)
		{
			beta[j] = 0;
			for (h = 0; h < pp; h++)
				beta[j] += ainv[j * pp + h] * c[h];
		}
		for (i = 0; i < m && isfinite(press); i++)
		{
			const double *zi = z + i * p;
			double		e = yv[i],
						hi = wv[i] * quadratic_form(ainv, zi, pp);

			if (interrupt && (i & 65535) == 65535)
				interrupt();
			for (j = 0; j < pp; j++)
				e -= beta[j] * zi[j];
			if (!(hi < 1 - 1e-9))
				press = INFINITY;
			else
				press += wv[i] * (e / (1 - hi)) * (e / (1 - hi));
		}
		if (trial < 0 || press < best * (1 - 1e-12))
		{
			best = press;
			f->p = pp;
			f->penalty = trial < 0 ? INFINITY : penalty_grid[trial];
			memcpy(f->beta, beta, sizeof(double) * pp);
			memcpy(f->ainv, ainv, sizeof(double) * pp * pp);
		}
	}
	/* the chosen fit's leave-one-out residuals */
	for (i = 0; i < m; i++)
	{
		const double *zi = z + i * p;
		double		e = yv[i],
					hi = wv[i] * quadratic_form(f->ainv, zi, f->p);

		if (interrupt && (i & 65535) == 65535)
			interrupt();
		for (j = 0; j < f->p; j++)
			e -= f->beta[j] * zi[j];
		loo[i] = hi < 1 - 1e-9 ? e / (1 - hi) : e;
	}
	if (f->p == 1)
		for (j = 0; j < p - 1; j++)
			f->beta[1 + j] = 0;
done:
	core_free(mem, z);
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
 * Infers the groups of the k features over the n units (see Groups): an
 * indicator takes the values 0 and 1 and both; two indicators clash when
 * some unit has both at 1.
 */
static void
infer_groups(const double *units, int stride, size_t n, int k, Groups *gr,
			 void (*interrupt) (void))
{
	unsigned char indicator[PROJECT_MAX_FEATURES],
				one[PROJECT_MAX_FEATURES],
				zero[PROJECT_MAX_FEATURES];
	uint32_t	clash[PROJECT_MAX_FEATURES];
	size_t		i;
	int			c,
				h,
				g;

	memset(gr, 0, sizeof(*gr));
	memset(one, 0, sizeof(one));
	memset(zero, 0, sizeof(zero));
	memset(clash, 0, sizeof(clash));
	memset(indicator, 1, sizeof(indicator));
	for (i = 0; i < n; i++)
	{
		const double *x = units + i * stride + PROJECT_FIXED;
		uint32_t	ones = 0;

		if (interrupt && (i & 65535) == 65535)
			interrupt();
		for (c = 0; c < k; c++)
		{
			if (x[c] == 1)
			{
				one[c] = 1;
				ones |= (uint32_t) 1 << c;
			}
			else if (x[c] == 0)
				zero[c] = 1;
			else
				indicator[c] = 0;
		}
		for (c = 0; c < k; c++)
			if (ones & ((uint32_t) 1 << c))
				clash[c] |= ones & ~((uint32_t) 1 << c);
	}
	for (c = 0; c < k; c++)
	{
		if (!indicator[c] || !one[c] || !zero[c])
			continue;
		for (g = 0; g < gr->count; g++)
		{
			for (h = 0; h < gr->size[g]; h++)
				if (clash[c] & ((uint32_t) 1 << gr->member[g][h]))
					break;
			if (h == gr->size[g])
				break;
		}
		if (g == gr->count)
			gr->count++;
		gr->member[g][gr->size[g]++] = c;
	}
}

/* The level of features x in group g: its indicator at 1, else the reference size[g]. */
static int
unit_level(const Groups *gr, int g, const double *x)
{
	int			h;

	for (h = 0; h < gr->size[g]; h++)
		if (x[gr->member[g][h]] == 1)
			return h;
	return gr->size[g];
}

/* The coefficient of feature c in fit f on the original scale: 0 where it is not in the fit. */
static double
fit_slope(const Fit *f, int c)
{
	int			j;

	for (j = 0; j < f->p - 1; j++)
		if (f->active[j] == c)
			return f->beta[1 + j] / f->scale[c];
	return 0;
}

/*
 * The p quantile (p > 1/2) of Student's t with dof degrees of freedom:
 * exact for 1 and 2, else the Cornish-Fisher expansion in 1 / dof of
 * Abramowitz and Stegun 26.7.5 to its fourth term (within 1e-3 of the
 * table at 3 degrees, closer above).
 */
static double
t_quantile(double p, int dof)
{
	double		z,
				z2,
				v = dof;

	if (dof == 1)
		return tan(M_PI * (p - 0.5));
	if (dof == 2)
		return (2 * p - 1) / sqrt(2 * p * (1 - p));
	z = lean_normal_quantile(p);
	z2 = z * z;
	return z + z * (z2 + 1) / (4 * v)
		+ z * ((5 * z2 + 16) * z2 + 3) / (96 * v * v)
		+ z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / (384 * v * v * v)
		+ z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / (92160 * v * v * v * v);
}

/*
 * t_{dof} / z at the p quantile (p >= 1/2), the factor that widens a
 * normal interval into Student's: at p = 1/2 its limit, the ratio of the
 * densities at 0, sqrt(dof / 2) Gamma(dof / 2) / Gamma((dof + 1) / 2)
 * (sqrt(pi / 2) for one degree); p within 1e-15 of 1 is taken as
 * 1 - 1e-15, where both quantiles are still finite.
 */
static double
t_ratio(double p, int dof)
{
	double		z;

	if (p > 1 - 1e-15)
		p = 1 - 1e-15;
	z = lean_normal_quantile(p);
	if (!(z > 1e-8))
		return exp(lgamma(dof / 2.0) - lgamma((dof + 1) / 2.0)) * sqrt(dof / 2.0);
	return t_quantile(p, dof) / z;
}

/*
 * The strata of target t's fit f over its m units rows[] (see Strata).  A
 * random-effects view of each group: its levels' effects are draws from
 * N(0, tau^2).  The seen levels' effects e_l are the fit's coefficients of
 * their indicators (0 for the reference, and for an indicator the fit
 * left out: the level the others are measured from), their weights w_l
 * the shares of the fit's weight; tau^2 is estimated by their sample
 * variance S^2 = sum (e_l - mean e)^2 / (s - 1) over the s seen levels
 * (which holds their estimation error as well: a floor).  The pooled fit
 * predicts an unseen level by sum w_l e_l, off its effect by a
 * N(0, tau^2 (1 + sum w_l^2)) draw; with tau^2 estimated on s - 1 degrees
 * of freedom the error over S (1 + sum w_l^2)^(1/2) is Student's t, so the
 * variance is inflated by (t_{s-1} / z)^2 at the interval's level to give
 * the t interval through the normal quantile.
 */
static void
strata_of(const double *units, int stride, const size_t *rows, size_t m, Target t,
		  const Fit *f, const Groups *gr, double level, Strata *sa,
		  void (*interrupt) (void))
{
	double		q = (1 + level) / 2;
	size_t		i;
	int			g,
				l;

	memset(sa, 0, sizeof(*sa));
	for (i = 0; i < m; i++)
	{
		const double *u = units + rows[i] * stride;
		double		y,
					w;

		if (interrupt && (i & 65535) == 65535)
			interrupt();
		target_of(u, t, 0, &y, &w);
		for (g = 0; g < gr->count; g++)
		{
			l = unit_level(gr, g, u + PROJECT_FIXED);
			sa->seen[g][l] = 1;
			sa->share[g][l] += w / f->wsum;
		}
	}
	for (g = 0; g < gr->count; g++)
	{
		double		mean = 0,
					ss = 0,
					w2 = 0,
					e,
					ratio;
		int			s = 0;

		for (l = 0; l <= gr->size[g]; l++)
			if (sa->seen[g][l])
			{
				mean += l < gr->size[g] ? fit_slope(f, gr->member[g][l]) : 0;
				w2 += sa->share[g][l] * sa->share[g][l];
				s++;
			}
		sa->var[g] = -1;
		if (s < 2)
			continue;
		mean /= s;
		for (l = 0; l <= gr->size[g]; l++)
			if (sa->seen[g][l])
			{
				e = (l < gr->size[g] ? fit_slope(f, gr->member[g][l]) : 0) - mean;
				ss += e * e;
			}
		ratio = t_ratio(q, s - 1);
		sa->var[g] = ss / (s - 1) * (1 + w2) * ratio * ratio;
	}
}

/*
 * The features fit f predicts a unit of features x from, into xe: x where
 * f identifies it (returns 2); else x with the indicators of each group
 * whose level no fitted unit is in replaced by the seen levels' shares
 * (the reference level's indicators all 0), so the prediction takes the
 * seen levels' weighted mean effect for that group and keeps the other
 * groups' effects (returns 1 where f identifies that); else 0: the pooled
 * fit predicts it.
 */
static int
fit_features(const Fit *f, const Strata *sa, const Groups *gr, const double *x, double *xe)
{
	int			g,
				h,
				moved = 0;

	memcpy(xe, x, sizeof(double) * f->k);
	if (fit_identifies(f, x))
		return 2;
	for (g = 0; g < gr->count; g++)
	{
		if (sa->seen[g][unit_level(gr, g, x)])
			continue;
		for (h = 0; h < gr->size[g]; h++)
			xe[gr->member[g][h]] = sa->share[g][h];
		moved = 1;
	}
	return moved && fit_identifies(f, xe) ? 1 : 0;
}

/* FNV-1a of a unit's bits (-0 as 0): part of the canonical order. */
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


/* A turnout change within what the data check allows a count: [-1, PROJECT_FAR_FACTOR]. */
static double
clamp_turnout(double r)
{
	if (!(r > -1))
		return -1;
	if (!(r < PROJECT_FAR_FACTOR))
		return PROJECT_FAR_FACTOR;
	return r;
}

/*
 * A unit's modelled final total and margin share, before any floor: total
 * T = Tb + r (Tb + 1) with r clamped to [-1, PROJECT_FAR_FACTOR], margin
 * m = (Ab - Bb) / Tb + y clamped to [-1, 1] (the contest's baseline margin
 * m0 where the unit's baseline is 0).  Each target uses the pooled
 * (intercept-only) fit where the fit with features does not identify the
 * unit's features: *ti and *mi are 1 where the fit with features is used.
 * *yy receives y; *dr and *dy the derivatives of T and of the margin in
 * votes T m with respect to r and y, Tb + 1 and T (0 where clamped).
 */
static void
unit_model(const double *u, const Models *md, double m0, double *tt, double *mm,
		   double *yy, int *ti, int *mi, double *dr, double *dy)
{
	const double *x = u + PROJECT_FIXED;
	double		tb = base_total(u);
	double		rr,
				xt[PROJECT_MAX_FEATURES],
				xm[PROJECT_MAX_FEATURES];

	*ti = fit_features(&md->t, &md->st_t, &md->groups, x, xt);
	*mi = fit_features(&md->m, &md->st_m, &md->groups, x, xm);
	rr = fit_predict(*ti ? &md->t : &md->t0, xt);
	*yy = fit_predict(*mi ? &md->m : &md->m0, xm);
	*mm = (tb > 0 ? (u[2] - u[3]) / tb : m0) + *yy;
	*dr = rr > -1 && rr < PROJECT_FAR_FACTOR ? tb + 1 : 0;
	*dy = *mm > -1 && *mm < 1 ? 1 : 0;
	rr = clamp_turnout(rr);
	if (!(*mm > -1))
		*mm = -1;
	if (!(*mm < 1))
		*mm = 1;
	*tt = tb + rr * (tb + 1);
	*dy *= *tt;
}

/*
 * The final votes of unit u (see unit_model).  With floor_counted, T is at
 * least the votes counted and the votes still to come, T - counted, go to
 * A up to A's share T (1 + m) / 2 less what A has counted, the rest to B,
 * so neither side falls below its count; without (a complete unit
 * predicted as if uncounted), from zero.  Returns 1 when a target used the
 * pooled fit.
 */
static int
predict_unit(const double *u, const Models *md, double m0,
			 int floor_counted, double *pa, double *pb)
{
	double		ca = floor_counted ? u[0] : 0;
	double		cb = floor_counted ? u[1] : 0;
	double		tt,
				mm,
				yy,
				dr,
				dy,
				rest,
				ra;
	int			ti,
				mi;

	unit_model(u, md, m0, &tt, &mm, &yy, &ti, &mi, &dr, &dy);
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
	return !(ti == 2 && mi == 2);
}

/*
 * Fits target t over the complete units among order[0..m) that it takes,
 * with the features (fit) and pooled (fit0), their rows into rows and
 * their leave-one-out residuals into loo and loo0; returns the count in
 * *count (0: no unit, nothing fitted).
 */
static ProjectStatus
fit_one(const double *units, int stride, int k, const size_t *order, size_t m, Target t,
		const double *that, const double *that0, Fit *fit, Fit *fit0, size_t *rows, double *loo, double *loo0, size_t *count,
		const CoreAlloc *mem, void (*interrupt) (void))
{
	ProjectStatus st;
	size_t		i,
				c = 0;

	for (i = 0; i < m; i++)
	{
		if (interrupt && (i & 65535) == 65535)
			interrupt();
		if (fits(units + order[i] * stride, t))
			rows[c++] = order[i];
	}
	*count = c;
	if (c == 0)
		return PROJECT_OK;
	st = fit_target(units, stride, k, rows, c, t, that, fit, loo, mem, interrupt);
	if (st == PROJECT_OK)
		st = fit_target(units, stride, 0, rows, c, t, that0, fit0, loo0, mem, interrupt);
	return st;
}

/* Working memory of project_compute. */
typedef struct ProjectWork
{
	UnitKey    *keys;
	size_t	   *order;			/* units in canonical order */
	double	   *influence;		/* per unit: its share of the shared error */
	double	   *tloo;			/* per unit: its turnout leave-one-out residual */
	double	   *that;			/* per unit: its turnout fitted */
	double	   *loo;			/* 4 n: leave-one-out residuals */
	size_t	   *rows;			/* 2 n: rows of the two targets */
} ProjectWork;

/* What one target contributes to the error of the projected margin. */
typedef struct TargetError
{
	double		g[PROJECT_MAX_FEATURES + 1];	/* sum of dD/dtarget z over pending units */
	double		g0;				/* ... over those the pooled fit predicts */
	double		unseen;			/* ... over those no group's level explains */
	double		a[PROJECT_MAX_FEATURES + 1];	/* A^-1 g */
	double		tau;			/* sum of w (fit - pooled)^2 over complete units */
	const Groups *groups;
	const Strata *strata;		/* of the fit with features */
	/* per group and unseen level: the sum of du over its pending units */
	double		level_du[PROJECT_MAX_FEATURES][PROJECT_MAX_FEATURES + 1];
} TargetError;

/*
 * Adds pending unit x, whose projected margin in votes moves by d per unit
 * of the target's fit, to te: to g, at the features fit f predicts it from
 * (fit_features), where f predicts it, else to g0; and where f does not
 * identify x itself, du, the move of its true margin per unit of a shift
 * of its own stratum, to the sum of each unseen level it is in (a level
 * of a group no complete unit is in, the group's variance estimated), or
 * to unseen when it is in no such level or in one with no estimate.
 */
static void
target_pending(const Fit *f, const double *x, double d, double du, TargetError *te)
{
	double		z[PROJECT_MAX_FEATURES + 1],
				xe[PROJECT_MAX_FEATURES];
	int			j,
				g,
				l,
				how,
				found = 0;

	how = fit_features(f, te->strata, te->groups, x, xe);
	if (how > 0)
	{
		fit_design(f, xe, z);
		for (j = 0; j < f->p; j++)
			te->g[j] += d * z[j];
		if (how == 2)
			return;
	}
	else
		te->g0 += d;
	for (g = 0; g < te->groups->count; g++)
	{
		l = unit_level(te->groups, g, x);
		if (te->strata->seen[g][l])
			continue;
		if (te->strata->var[g] < 0)
		{
			found = 0;
			break;
		}
		found = 1;
	}
	if (!found)
	{
		te->unseen += du;
		return;
	}
	for (g = 0; g < te->groups->count; g++)
	{
		l = unit_level(te->groups, g, x);
		if (!te->strata->seen[g][l])
			te->level_du[g][l] += du;
	}
}

/*
 * The variance of the projected margin from the unseen strata of te's
 * target with fit f: each unseen level's own draw (its du sum squared
 * times its group's variance), and the units no group explains sharing
 * one shift as large as the fit's spread about the pooled fit, tau / W.
 */
static double
target_unseen(const Fit *f, const TargetError *te)
{
	double		v = te->unseen * te->unseen * te->tau / f->wsum;
	int			g,
				l;

	for (g = 0; g < te->groups->count; g++)
		for (l = 0; l <= te->groups->size[g]; l++)
			if (!te->strata->seen[g][l] && te->level_du[g][l] != 0)
				v += te->level_du[g][l] * te->level_du[g][l] * te->strata->var[g];
	return v;
}

/* te->a = A^-1 te->g, A^-1 of fit f. */
static void
target_solve(const Fit *f, TargetError *te)
{
	int			j,
				h;

	for (j = 0; j < f->p; j++)
	{
		te->a[j] = 0;
		for (h = 0; h < f->p; h++)
			te->a[j] += f->ainv[j * f->p + h] * te->g[h];
	}
}

/*
 * The influence on the projected margin of complete unit x of weight w and
 * leave-one-out residuals loo (fit f) and loo0 (pooled f0): the change of
 * the fits' coefficients that its residual makes, through te; adds its
 * fitted deviation from the pooled fit to te->tau.
 */
static double
target_influence(const Fit *f, const Fit *f0, const double *x, double w, double loo,
				 double loo0, TargetError *te)
{
	double		z[PROJECT_MAX_FEATURES + 1];
	double		d = 0;
	int			j;

	fit_design(f, x, z);
	for (j = 0; j < f->p; j++)
		d += z[j] * te->a[j];
	te->tau += w * (fit_predict(f, x) - f0->beta[0]) * (fit_predict(f, x) - f0->beta[0]);
	return w * loo * d + w * loo0 * te->g0 / f0->wsum;
}

/*
 * The error variance of the projected margin in votes, the sum of three
 * parts (see project.h): the fit's, that of the coefficients, a sandwich
 * of the complete units' leave-one-out residuals; the units', each
 * pending unit's own error; the unseen, the effect of a stratum no
 * complete unit is in: per unseen level of a categorical variable, its
 * pending units' move squared times the variable's variance (strata_of),
 * and for units no such level explains (a continuous feature, a variable
 * with one level seen) one shift as large as the fit's spread about the
 * pooled fit.
 *
 * A pending unit's projected margin D = T^ (mb + y^) moves with the turnout
 * fit by (Tb + 1) m per unit of r, but the margin fit, whose target
 * (A - B - T^ mb) / T uses the complete units' T^, moves back by
 * c = sum (Tb + 1) mb / sum T over them, costing D T^ c: the turnout
 * coefficients count by (Tb + 1) m - T^ c.  A complete unit's own error
 * in votes, T - T^ and y - y^ together, is (Tb + 1) e_r y^ + T^ e_y.
 */
static void
margin_variance(const double *units, int stride, const size_t *order, size_t n, size_t nc,
				const Models *md, double m0, double *influence, double *tloo, ProjectResult *res,
				void (*interrupt) (void))
{
	TargetError et,
				em;
	double		size = 0,
				ss = 0,
				ssize = 0,
				shared = 0,
				cb = 0,
				ct = 0,
				own,
				unseen;
	size_t		i;

	memset(&et, 0, sizeof(et));
	memset(&em, 0, sizeof(em));
	et.groups = em.groups = &md->groups;
	et.strata = &md->st_t;
	em.strata = &md->st_m;
	for (i = 0; i < md->nm; i++)
	{
		const double *u = units + md->rows_m[i] * stride;

		if (interrupt && (i & 65535) == 65535)
			interrupt();
		cb += (u[2] - u[3]) / base_total(u) * (base_total(u) + 1);
		ct += u[0] + u[1];
	}
	/* the pending units' derivatives, by the fit that predicts them */
	for (i = nc; i < n; i++)
	{
		const double *u = units + order[i] * stride;
		double		tt,
					mm,
					yy,
					dr,
					dy;
		int			ti,
					mi;

		if (interrupt && (i & 65535) == 65535)
			interrupt();
		unit_model(u, md, m0, &tt, &mm, &yy, &ti, &mi, &dr, &dy);
		size += base_total(u) + 1;
		target_pending(&md->t, u + PROJECT_FIXED, dr * mm - dy * cb / ct, dr * mm, &et);
		target_pending(&md->m, u + PROJECT_FIXED, dy, dy, &em);
	}
	target_solve(&md->t, &et);
	target_solve(&md->m, &em);
	/* each complete unit's influence on the shared error, both targets */
	for (i = 0; i < nc; i++)
		influence[order[i]] = 0;
	for (i = 0; i < md->nt; i++)
	{
		const double *u = units + md->rows_t[i] * stride;
		double		y,
					w;

		if (interrupt && (i & 65535) == 65535)
			interrupt();
		target_of(u, TARGET_TURNOUT, 0, &y, &w);
		influence[md->rows_t[i]] += target_influence(&md->t, &md->t0, u + PROJECT_FIXED, w,
													 md->loo_t[i], md->loo_t0[i], &et);
		tloo[md->rows_t[i]] = md->loo_t[i];
	}
	for (i = 0; i < md->nm; i++)
	{
		const double *u = units + md->rows_m[i] * stride;
		double		y,
					w,
					tt,
					mm,
					yy,
					dr,
					dy,
					e;
		int			ti,
					mi;

		if (interrupt && (i & 65535) == 65535)
			interrupt();
		target_of(u, TARGET_MARGIN, md->that[md->rows_m[i]], &y, &w);
		influence[md->rows_m[i]] += target_influence(&md->m, &md->m0, u + PROJECT_FIXED, w,
													 md->loo_m[i], md->loo_m0[i], &em);
		unit_model(u, md, m0, &tt, &mm, &yy, &ti, &mi, &dr, &dy);
		e = dr * tloo[md->rows_m[i]] * yy + dy * md->loo_m[i];
		ss += e * e;
		ssize += base_total(u) + 1;
	}
	for (i = 0; i < nc; i++)
		shared += influence[order[i]] * influence[order[i]];
	own = ssize > 0 ? ss / ssize * size : 0;
	unseen = target_unseen(&md->t, &et) + target_unseen(&md->m, &em);
	res->se_shared = sqrt(shared);
	res->se_units = sqrt(own);
	res->se_unseen = sqrt(unseen);
	res->standard_error = sqrt(shared + own + unseen);
}

/* Releases project_compute's working memory. */
static void
work_free(ProjectWork *wk, Models *md, const CoreAlloc *mem)
{
	core_free(mem, wk->keys);
	core_free(mem, wk->order);
	core_free(mem, wk->influence);
	core_free(mem, wk->tloo);
	core_free(mem, wk->that);
	core_free(mem, wk->loo);
	core_free(mem, wk->rows);
	core_free(mem, md);
}

/*
 * Projects the contest (see project.h): both targets fitted on every
 * complete unit, each pending unit predicted, and the margin's interval
 * from its standard error by the normal quantile.
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
	wk.influence = core_alloc(mem, n, sizeof(double));
	wk.tloo = core_alloc(mem, n, sizeof(double));
	wk.that = core_alloc(mem, 2 * n, sizeof(double));
	wk.loo = core_alloc(mem, 4 * n, sizeof(double));
	wk.rows = core_alloc(mem, 2 * n, sizeof(size_t));
	md = core_alloc(mem, 1, sizeof(Models));
	if (!md || !wk.keys || !wk.order || !wk.influence || !wk.tloo || !wk.that || !wk.loo || !wk.rows)
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

	/* both models over every complete unit */
	infer_groups(units, stride, n, k, &md->groups, interrupt);
	md->level = level;
	md->rows_t = wk.rows;
	md->rows_m = wk.rows + n;
	md->loo_t = wk.loo;
	md->loo_t0 = wk.loo + n;
	md->loo_m = wk.loo + 2 * n;
	md->loo_m0 = wk.loo + 3 * n;
	md->that = wk.that;
	md->that0 = wk.that + n;
	st = fit_one(units, stride, k, wk.order, nc, TARGET_TURNOUT, NULL, NULL, &md->t, &md->t0,
				 md->rows_t, md->loo_t, md->loo_t0, &md->nt, mem, interrupt);
	for (i = 0; i < md->nt; i++)
	{
		const double *u = units + md->rows_t[i] * stride;
		double		rr = fit_predict(&md->t, u + PROJECT_FIXED);

		if (interrupt && (i & 65535) == 65535)
			interrupt();
		md->that[md->rows_t[i]] = base_total(u) + clamp_turnout(rr) * (base_total(u) + 1);
		rr = fit_predict(&md->t0, u + PROJECT_FIXED);
		md->that0[md->rows_t[i]] = base_total(u) + clamp_turnout(rr) * (base_total(u) + 1);
	}
	if (st == PROJECT_OK)
		st = fit_one(units, stride, k, wk.order, nc, TARGET_MARGIN, md->that, md->that0, &md->m, &md->m0,
					 md->rows_m, md->loo_m, md->loo_m0, &md->nm, mem, interrupt);
	if (st != PROJECT_OK)
		goto done;
	strata_of(units, stride, md->rows_t, md->nt, TARGET_TURNOUT, &md->t, &md->groups,
			  level, &md->st_t, interrupt);
	strata_of(units, stride, md->rows_m, md->nm, TARGET_MARGIN, &md->m, &md->groups,
			  level, &md->st_m, interrupt);
	res->turnout_fitted = md->nt;
	res->margin_fitted = md->nm;
	if (md->nt == 0 || md->nm == 0)
	{
		res->projection_gap = PROJECT_GAP_TOO_FEW_COMPLETE;
		res->interval_gap = PROJECT_GAP_TOO_FEW_COMPLETE;
		goto done;
	}
	res->projection_gap = PROJECT_GAP_NONE;
	res->turnout_penalty = md->t.penalty;
	res->margin_penalty = md->m.penalty;
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
			res->pooled += predict_unit(u, md, m0, 1, &a, &b);
		res->projected_a += a;
		res->projected_b += b;
		if (interrupt && (i & 65535) == 65535)
			interrupt();
	}

	/* the interval */
	res->interval_gap = PROJECT_GAP_TOO_FEW_CALIBRATION;
	if (md->nm < (size_t) (PROJECT_INTERVAL_MIN_UNITS + k))
		goto done;
	margin_variance(units, stride, wk.order, n, nc, md, m0, wk.influence, wk.tloo, res,
					interrupt);
	if (!isfinite(res->standard_error))
		goto done;
	res->interval_gap = PROJECT_GAP_NONE;
	half = lean_normal_quantile((1 + level) / 2) * res->standard_error;
	res->margin_lower = res->projected_a - res->projected_b - half;
	res->margin_upper = res->projected_a - res->projected_b + half;
done:
	work_free(&wk, md, mem);
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
