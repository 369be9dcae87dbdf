/*
 * regions.c
 *	  Turf regions: the Voronoi boundaries between turfs from an exact
 *	  Delaunay triangulation of the doors (see regions.h), and the nearest
 *	  door to a place.
 */
#include <math.h>
#include <stdlib.h>

#include "core/regions.h"

/* Calls the interrupt callback once per this many steps of a long loop. */
#define REGIONS_INTERRUPT_EVERY 65536

/* A door snapped to the grid, with its place in the input. */
typedef struct RegionsSite
{
	int64_t		gx,
				gy;
	int32_t		turf;
	size_t		idx;
} RegionsSite;

/*
 * A quad-edge structure (Guibas and Stolfi, 1985) over array indexes: the
 * directed edge e of quad k is 4k + r, r = 0 (the edge), 1 (its dual), 2
 * (the edge reversed), 3 (the dual reversed).  Deleted quads go to a free
 * list, so the arrays never hold more than the 3n edges of a triangulation
 * plus a few.
 */
typedef struct QuadEdges
{
	int32_t    *next;			/* Onext of each directed edge */
	int32_t    *org;			/* origin site of each directed edge (r = 0, 2) */
	uint8_t    *alive;			/* per quad */
	int32_t		nquads,
				cap,
				freelist;
	const RegionsSite *s;
	void		(*interrupt) (void);
	uint32_t	steps;
} QuadEdges;

/* The quad-edge rotations: Rot, Sym and Rot^-1. */
static inline int32_t
qe_rot(int32_t e)
{
	return (e & ~3) | ((e + 1) & 3);
}

static inline int32_t
qe_sym(int32_t e)
{
	return (e & ~3) | ((e + 2) & 3);
}

static inline int32_t
qe_invrot(int32_t e)
{
	return (e & ~3) | ((e + 3) & 3);
}

/* Onext, Oprev, Lnext, Rprev, Dest. */
static inline int32_t
qe_onext(const QuadEdges *q, int32_t e)
{
	return q->next[e];
}

static inline int32_t
qe_oprev(const QuadEdges *q, int32_t e)
{
	return qe_rot(q->next[qe_rot(e)]);
}

static inline int32_t
qe_lnext(const QuadEdges *q, int32_t e)
{
	return qe_rot(q->next[qe_invrot(e)]);
}

static inline int32_t
qe_rprev(const QuadEdges *q, int32_t e)
{
	return q->next[qe_sym(e)];
}

static inline int32_t
qe_dest(const QuadEdges *q, int32_t e)
{
	return q->org[qe_sym(e)];
}

/* Calls the interrupt callback every REGIONS_INTERRUPT_EVERY steps. */
static inline void
qe_step(QuadEdges *q)
{
	if (++q->steps % REGIONS_INTERRUPT_EVERY == 0 && q->interrupt)
		q->interrupt();
}

/* A new edge from site a to site b, alone in its own rings. */
static int32_t
qe_make_edge(QuadEdges *q, int32_t a, int32_t b)
{
	int32_t		k,
				e;

	if (q->freelist >= 0)
	{
		k = q->freelist;
		q->freelist = q->next[4 * k];
	}
	else
		k = q->nquads++;		/* capacity is checked by the caller's bound */
	e = 4 * k;
	q->next[e] = e;
	q->next[e + 1] = e + 3;
	q->next[e + 2] = e + 2;
	q->next[e + 3] = e + 1;
	q->org[e] = a;
	q->org[e + 2] = b;
	q->alive[k] = 1;
	return e;
}

/* Guibas and Stolfi's Splice. */
static void
qe_splice(QuadEdges *q, int32_t a, int32_t b)
{
	int32_t		alpha = qe_rot(q->next[a]),
				beta = qe_rot(q->next[b]),
				t1 = q->next[b],
				t2 = q->next[a],
				t3 = q->next[beta],
				t4 = q->next[alpha];

	q->next[a] = t1;
	q->next[b] = t2;
	q->next[alpha] = t3;
	q->next[beta] = t4;
}

/* A new edge from the destination of a to the origin of b. */
static int32_t
qe_connect(QuadEdges *q, int32_t a, int32_t b)
{
	int32_t		e = qe_make_edge(q, qe_dest(q, a), q->org[b]);

	qe_splice(q, e, qe_lnext(q, a));
	qe_splice(q, qe_sym(e), b);
	return e;
}

/* Removes edge e and puts its quad on the free list. */
static void
qe_delete(QuadEdges *q, int32_t e)
{
	int32_t		k = e >> 2;

	qe_splice(q, e, qe_oprev(q, e));
	qe_splice(q, qe_sym(e), qe_oprev(q, qe_sym(e)));
	q->alive[k] = 0;
	q->next[4 * k] = q->freelist;
	q->freelist = k;
}

/*
 * Exact orientation: true when sites a, b, c turn counter-clockwise.
 * Grid coordinates are below 2^29, so the products fit in 64 bits.
 */
static inline int
ccw(const RegionsSite *s, int32_t a, int32_t b, int32_t c)
{
	int64_t		d = (s[b].gx - s[a].gx) * (s[c].gy - s[a].gy) -
		(s[b].gy - s[a].gy) * (s[c].gx - s[a].gx);

	return d > 0;
}

/*
 * Exact in-circle test: true when site d lies strictly inside the circle
 * through a, b, c (counter-clockwise).  Differences are below 2^29, lifts
 * below 2^59, each of the three products below 2^118: 128 bits suffice.
 */
static inline int
incircle(const RegionsSite *s, int32_t a, int32_t b, int32_t c, int32_t d)
{
	__int128	adx = s[a].gx - s[d].gx,
				ady = s[a].gy - s[d].gy,
				bdx = s[b].gx - s[d].gx,
				bdy = s[b].gy - s[d].gy,
				cdx = s[c].gx - s[d].gx,
				cdy = s[c].gy - s[d].gy;
	__int128	alift = adx * adx + ady * ady,
				blift = bdx * bdx + bdy * bdy,
				clift = cdx * cdx + cdy * cdy;
	__int128	det = alift * (bdx * cdy - cdx * bdy) +
		blift * (cdx * ady - adx * cdy) +
		clift * (adx * bdy - bdx * ady);

	return det > 0;
}

/* Site x lies strictly right (left) of directed edge e. */
static inline int
rightof(const QuadEdges *q, int32_t x, int32_t e)
{
	return ccw(q->s, x, qe_dest(q, e), q->org[e]);
}

static inline int
leftof(const QuadEdges *q, int32_t x, int32_t e)
{
	return ccw(q->s, x, q->org[e], qe_dest(q, e));
}

/*
 * The merge's candidate edge on one side of the base edge basel: out of its
 * left end turning counter-clockwise (left), or out of its right end turning
 * clockwise; while the candidate is above basel and the next one round lies
 * inside the circle through basel's ends and the candidate's end, the
 * candidate is deleted and the next one taken.
 */
static int32_t
merge_candidate(QuadEdges *q, int32_t basel, int left)
{
	int32_t		cand = left ? qe_onext(q, qe_sym(basel)) : qe_oprev(q, basel);

	if (!rightof(q, qe_dest(q, cand), basel))
		return cand;
	for (;;)
	{
		int32_t		next = left ? qe_onext(q, cand) : qe_oprev(q, cand);

		if (!incircle(q->s, qe_dest(q, basel), q->org[basel], qe_dest(q, cand), qe_dest(q, next)))
			return cand;
		qe_delete(q, cand);
		cand = next;
		qe_step(q);
	}
}

/*
 * Delaunay triangulation of sites lo..hi-1 (sorted by x then y, distinct,
 * at least two) by divide and conquer; *le is the counter-clockwise convex
 * hull edge out of the leftmost site, *re the clockwise one out of the
 * rightmost.
 */
static void
delaunay(QuadEdges *q, int32_t lo, int32_t hi, int32_t *le, int32_t *re)
{
	int32_t		n = hi - lo,
				ldo,
				ldi,
				rdi,
				rdo,
				basel,
				lcand,
				rcand;
	const RegionsSite *s = q->s;

	if (n == 2)
	{
		int32_t		a = qe_make_edge(q, lo, lo + 1);

		*le = a;
		*re = qe_sym(a);
		return;
	}
	if (n == 3)
	{
		int32_t		a = qe_make_edge(q, lo, lo + 1),
					b = qe_make_edge(q, lo + 1, lo + 2),
					c;

		qe_splice(q, qe_sym(a), b);
		if (ccw(s, lo, lo + 1, lo + 2))
		{
			qe_connect(q, b, a);
			*le = a;
			*re = qe_sym(b);
		}
		else if (ccw(s, lo, lo + 2, lo + 1))
		{
			c = qe_connect(q, b, a);
			*le = qe_sym(c);
			*re = c;
		}
		else
		{
			*le = a;
			*re = qe_sym(b);
		}
		return;
	}
	delaunay(q, lo, lo + n / 2, &ldo, &ldi);
	delaunay(q, lo + n / 2, hi, &rdi, &rdo);
	/* the lower common tangent of the two hulls */
	for (;;)
	{
		qe_step(q);
		if (leftof(q, q->org[rdi], ldi))
			ldi = qe_lnext(q, ldi);
		else if (rightof(q, q->org[ldi], rdi))
			rdi = qe_rprev(q, rdi);
		else
			break;
	}
	basel = qe_connect(q, qe_sym(rdi), ldi);
	if (q->org[ldi] == q->org[ldo])
		ldo = qe_sym(basel);
	if (q->org[rdi] == q->org[rdo])
		rdo = basel;
	/* merge upwards, deleting the edges the new cross edges invalidate */
	for (;;)
	{
		int			lvalid,
					rvalid;

		qe_step(q);
		lcand = merge_candidate(q, basel, 1);
		rcand = merge_candidate(q, basel, 0);
		lvalid = rightof(q, qe_dest(q, lcand), basel);
		rvalid = rightof(q, qe_dest(q, rcand), basel);
		if (!lvalid && !rvalid)
			break;
		if (!lvalid || (rvalid && incircle(s, qe_dest(q, lcand), q->org[lcand],
										   q->org[rcand], qe_dest(q, rcand))))
			basel = qe_connect(q, rcand, qe_sym(basel));
		else
			basel = qe_connect(q, qe_sym(basel), qe_sym(lcand));
	}
	*le = ldo;
	*re = rdo;
}

/* Orders sites by grid x, then y, then turf. */
static int
site_cmp(const void *pa, const void *pb)
{
	const RegionsSite *a = pa,
			   *b = pb;

	if (a->gx != b->gx)
		return a->gx < b->gx ? -1 : 1;
	if (a->gy != b->gy)
		return a->gy < b->gy ? -1 : 1;
	if (a->turf != b->turf)
		return a->turf < b->turf ? -1 : 1;
	return a->idx < b->idx ? -1 : (a->idx > b->idx);
}

/* The grid geometry shared by the functions below. */
typedef struct GridFrame
{
	double		ox,
				oy,
				step;
} GridFrame;

/*
 * The circumcentre of the triangle of sites a, b, c in world coordinates,
 * computed from the three sites in ascending index order, so the three
 * edges of one triangle get the same bits.  The numerators are exact
 * (128-bit integers: grid differences below 2^29, lifts below 2^59), so
 * even a thin triangle with a far vertex gets its centre rounded once, not
 * lost to cancellation.
 */
static void
circumcentre(const RegionsSite *s, const GridFrame *f, int32_t a, int32_t b, int32_t c,
			 double *x, double *y)
{
	int32_t		t;
	__int128	bx,
				by,
				cx,
				cy,
				bl,
				cl,
				d;

	if (a > b)
	{
		t = a;
		a = b;
		b = t;
	}
	if (b > c)
	{
		t = b;
		b = c;
		c = t;
	}
	if (a > b)
	{
		t = a;
		a = b;
		b = t;
	}
	bx = s[b].gx - s[a].gx;
	by = s[b].gy - s[a].gy;
	cx = s[c].gx - s[a].gx;
	cy = s[c].gy - s[a].gy;
	d = 2 * (bx * cy - by * cx);
	bl = bx * bx + by * by;
	cl = cx * cx + cy * cy;
	*x = f->ox + ((double) s[a].gx + (double) ((long double) (cy * bl - by * cl) / (long double) d)) * f->step;
	*y = f->oy + ((double) s[a].gy + (double) ((long double) (bx * cl - cx * bl) / (long double) d)) * f->step;
}

/* True when (x, y) lies in the closed box. */
static inline int
in_box(const double box[4], double x, double y)
{
	return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
}

/*
 * Clips the parameter interval [*t0, *t1] of the line (mx, my) + t (dx,
 * dy) to the box (Liang and Barsky); false when nothing is left.
 */
static int
clip_line(const double box[4], double mx, double my, double dx, double dy,
		  double *t0, double *t1)
{
	double		p[4] = {-dx, dx, -dy, dy},
				qv[4] = {mx - box[0], box[2] - mx, my - box[1], box[3] - my};
	int			i;

	for (i = 0; i < 4; i++)
	{
		if (p[i] == 0)
		{
			if (qv[i] < 0)
				return 0;
			continue;
		}
		if (p[i] < 0)
			*t0 = fmax(*t0, qv[i] / p[i]);
		else
			*t1 = fmin(*t1, qv[i] / p[i]);
	}
	return *t0 <= *t1;
}

/*
 * Appends the Voronoi boundary dual to the Delaunay edge between sites a
 * and b: the part of their bisector from end point L (the circumcentre of
 * the triangle on the left, or infinity) to R, clipped to the box.  End
 * points inside the box are kept bit for bit, so the boundaries meet
 * exactly at shared Voronoi vertices; the rest are found along the
 * bisector through the midpoint of a and b, near the box, not through a
 * far circumcentre.
 */
static void
add_boundary(RegionsDiagram *d, const RegionsSite *s, const GridFrame *f, const double box[4],
			 int32_t a, int32_t b, int hasl, double lx, double ly, int hasr, double rx, double ry)
{
	double		ax = f->ox + (double) s[a].gx * f->step,
				ay = f->oy + (double) s[a].gy * f->step,
				bx = f->ox + (double) s[b].gx * f->step,
				by = f->oy + (double) s[b].gy * f->step,
				mx = (ax + bx) / 2,
				my = (ay + by) / 2,
				nx = -(by - ay),	/* left normal of a -> b */
				ny = bx - ax,
				nn = nx * nx + ny * ny,
				tl = hasl ? ((lx - mx) * nx + (ly - my) * ny) / nn : INFINITY,
				tr = hasr ? ((rx - mx) * nx + (ry - my) * ny) / nn : -INFINITY,
				t0 = tr,
				t1 = tl,
				*out;
	int			lin = hasl && in_box(box, lx, ly),
				rin = hasr && in_box(box, rx, ry);

	if (t0 > t1)
		return;					/* cannot happen for a Delaunay edge; nothing to draw */
	if (!(lin && rin) && !clip_line(box, mx, my, nx, ny, &t0, &t1))
		return;
	out = d->seg + 4 * d->nseg;
	out[0] = rin ? rx : mx + t0 * nx;
	out[1] = rin ? ry : my + t0 * ny;
	out[2] = lin ? lx : mx + t1 * nx;
	out[3] = lin ? ly : my + t1 * ny;
	if (out[0] != out[2] || out[1] != out[3])
		d->nseg++;
}

/*
 * The triangle on the left of directed edge e, if there is one: true with
 * its third site in *c.
 */
static int
left_triangle(const QuadEdges *q, int32_t e, int32_t *c)
{
	int32_t		l1 = qe_lnext(q, e),
				l2 = qe_lnext(q, l1);

	if (qe_lnext(q, l2) != e)
		return 0;
	*c = qe_dest(q, l1);
	return ccw(q->s, q->org[e], qe_dest(q, e), *c);
}

/* The bucket of (x, y), clamped to the grid, as cell column and row. */
static void
bucket_cell(const RegionsDiagram *d, double x, double y, int64_t *cx, int64_t *cy)
{
	double		fx = floor((x - d->gx0) / d->gcell),
				fy = floor((y - d->gy0) / d->gcell);

	/* clamped as doubles, so a place far outside never overflows the cast */
	*cx = !(fx >= 0) ? 0 : (fx >= (double) d->gw ? d->gw - 1 : (int64_t) fx);
	*cy = !(fy >= 0) ? 0 : (fy >= (double) d->gh ? d->gh - 1 : (int64_t) fy);
}

/* The bucket of (x, y) as an index into gstart. */
static size_t
bucket_of(const RegionsDiagram *d, double x, double y)
{
	int64_t		cx,
				cy;

	bucket_cell(d, x, y, &cx, &cy);
	return (size_t) (cy * d->gw + cx);
}

/* Builds the bucket grid of regions_nearest. */
static RegionsStatus
build_buckets(RegionsDiagram *d, void (*interrupt) (void))
{
	double		minx = INFINITY,
				miny = INFINITY,
				maxx = -INFINITY,
				maxy = -INFINITY,
				side;
	size_t		i,
				ncell;

	for (i = 0; i < d->npoints; i++)
	{
		minx = fmin(minx, d->px[i]);
		maxx = fmax(maxx, d->px[i]);
		miny = fmin(miny, d->py[i]);
		maxy = fmax(maxy, d->py[i]);
	}
	side = fmax(maxx - minx, maxy - miny);
	d->gcell = side > 0 ? side / fmax(1.0, ceil(sqrt((double) d->npoints / 2.0))) : 1.0;
	d->gx0 = minx;
	d->gy0 = miny;
	d->gw = (int64_t) floor((maxx - minx) / d->gcell) + 1;
	d->gh = (int64_t) floor((maxy - miny) / d->gcell) + 1;
	ncell = (size_t) (d->gw * d->gh);
	d->gstart = core_alloc0(d->mem, ncell + 1, sizeof(size_t));
	d->gitem = core_alloc(d->mem, d->npoints, sizeof(size_t));
	if (!d->gstart || !d->gitem)
		return REGIONS_NO_MEMORY;
	for (i = 0; i < d->npoints; i++)
	{
		d->gstart[bucket_of(d, d->px[i], d->py[i]) + 1]++;
	}
	for (i = 0; i < ncell; i++)
		d->gstart[i + 1] += d->gstart[i];
	{
		size_t	   *fill = core_alloc(d->mem, ncell, sizeof(size_t));

		if (!fill)
			return REGIONS_NO_MEMORY;
		memcpy(fill, d->gstart, ncell * sizeof(size_t));
		for (i = 0; i < d->npoints; i++)
		{
			if (interrupt && i % REGIONS_INTERRUPT_EVERY == 0)
				interrupt();
			d->gitem[fill[bucket_of(d, d->px[i], d->py[i])]++] = i;
		}
		core_free(d->mem, fill);
	}
	return REGIONS_OK;
}

RegionsStatus
regions_build(const double *x, const double *y, const int32_t *turf, size_t n,
			  const double box[4], RegionsDiagram *d, void (*interrupt) (void),
			  const CoreAlloc *mem)
{
	RegionsSite *s = NULL;
	QuadEdges	q = {0};
	GridFrame	f;
	double		minx = INFINITY,
				miny = INFINITY,
				maxx = -INFINITY,
				maxy = -INFINITY,
				side;
	size_t		i,
				m;
	RegionsStatus st = REGIONS_OK;

	memset(d, 0, sizeof(*d));
	d->mem = mem;
	if (n > INT32_MAX / 8)
		return REGIONS_TOO_MANY;
	for (i = 0; i < n; i++)
	{
		if (!isfinite(x[i]) || !isfinite(y[i]) ||
			fabs(x[i]) > CORE_COORD_MAX || fabs(y[i]) > CORE_COORD_MAX)
			return REGIONS_NOT_FINITE;
		minx = fmin(minx, x[i]);
		maxx = fmax(maxx, x[i]);
		miny = fmin(miny, y[i]);
		maxy = fmax(maxy, y[i]);
	}
	if (n == 0)
		return REGIONS_OK;
	/*
	 * A power-of-two step and an origin on a multiple of it, so doors whose
	 * coordinates are multiples of the step (whole numbers, halves, the
	 * lattice of a test) snap to themselves exactly.
	 */
	side = fmax(maxx - minx, maxy - miny);
	f.step = side > 0 ? exp2(ceil(log2(side / (double) (REGIONS_GRID - 4)))) : 1.0;
	/*
	 * No finer than the doubles themselves resolve (2^-52 of the largest
	 * magnitude), nor below 2^-1000, so grid arithmetic never meets
	 * subnormal numbers or an origin that overflows: doors closer than that
	 * are at one grid point.
	 */
	{
		double		mag = fmax(fmax(fabs(minx), fabs(maxx)), fmax(fabs(miny), fabs(maxy)));

		if (mag > 0)
			f.step = fmax(f.step, exp2(ceil(log2(mag)) - 52));
		f.step = fmax(f.step, exp2(-1000));
	}
	f.ox = floor(minx / f.step) * f.step;
	f.oy = floor(miny / f.step) * f.step;

	/* snap, sort, merge doors at one grid point */
	s = core_alloc(mem, n, sizeof(RegionsSite));
	if (!s)
		return REGIONS_NO_MEMORY;
	for (i = 0; i < n; i++)
	{
		s[i].gx = (int64_t) llround((x[i] - f.ox) / f.step);
		s[i].gy = (int64_t) llround((y[i] - f.oy) / f.step);
		s[i].gx = s[i].gx >= REGIONS_GRID ? REGIONS_GRID - 1 : s[i].gx;
		s[i].gy = s[i].gy >= REGIONS_GRID ? REGIONS_GRID - 1 : s[i].gy;
		s[i].turf = turf[i];
		s[i].idx = i;
	}
	if (interrupt)
		interrupt();
	qsort(s, n, sizeof(RegionsSite), site_cmp);
	if (interrupt)
		interrupt();
	m = 0;
	for (i = 0; i < n; i++)
	{
		if (m > 0 && s[m - 1].gx == s[i].gx && s[m - 1].gy == s[i].gy)
		{
			if (s[m - 1].turf != s[i].turf)
			{
				d->clash_a = s[m - 1].idx;
				d->clash_b = s[i].idx;
				core_free(mem, s);
				return REGIONS_SHARED_POINT;
			}
			continue;
		}
		s[m++] = s[i];
	}
	d->npoints = m;
	d->px = core_alloc(mem, m, sizeof(double));
	d->py = core_alloc(mem, m, sizeof(double));
	d->turf = core_alloc(mem, m, sizeof(int32_t));
	d->seg = core_alloc(mem, 4 * (3 * m + 3), sizeof(double));
	q.cap = (int32_t) (3 * m + 16);
	q.next = core_alloc(mem, 4 * (size_t) q.cap, sizeof(int32_t));
	q.org = core_alloc(mem, 4 * (size_t) q.cap, sizeof(int32_t));
	q.alive = core_alloc0(mem, (size_t) q.cap, 1);
	if (!d->px || !d->py || !d->turf || !d->seg || !q.next || !q.org || !q.alive)
	{
		st = REGIONS_NO_MEMORY;
		goto done;
	}
	for (i = 0; i < m; i++)
	{
		d->px[i] = f.ox + (double) s[i].gx * f.step;
		d->py[i] = f.oy + (double) s[i].gy * f.step;
		d->turf[i] = s[i].turf;
	}
	q.freelist = -1;
	q.s = s;
	q.interrupt = interrupt;
	if (m >= 2)
	{
		int32_t		le,
					re;
		int32_t		k;

		delaunay(&q, 0, (int32_t) m, &le, &re);
		for (k = 0; k < q.nquads; k++)
		{
			int32_t		e = 4 * k,
						a,
						b,
						c;
			int			hasl,
						hasr;
			double		lx = 0,
						ly = 0,
						rx = 0,
						ry = 0;

			if (!q.alive[k])
				continue;
			if (interrupt && k % REGIONS_INTERRUPT_EVERY == 0)
				interrupt();
			a = q.org[e];
			b = qe_dest(&q, e);
			if (s[a].turf == s[b].turf)
				continue;
			hasl = left_triangle(&q, e, &c);
			if (hasl)
				circumcentre(s, &f, a, b, c, &lx, &ly);
			hasr = left_triangle(&q, qe_sym(e), &c);
			if (hasr)
				circumcentre(s, &f, a, b, c, &rx, &ry);
			add_boundary(d, s, &f, box, a, b, hasl, lx, ly, hasr, rx, ry);
		}
	}
	st = build_buckets(d, interrupt);
done:
	core_free(mem, q.next);
	core_free(mem, q.org);
	core_free(mem, q.alive);
	core_free(mem, s);
	if (st != REGIONS_OK)
		regions_free(d);
	return st;
}

size_t
regions_nearest(const RegionsDiagram *d, double x, double y)
{
	int64_t		cx,
				cy,
				r,
				rmax = (d->gw > d->gh ? d->gw : d->gh) + 1;
	size_t		best = 0;
	double		bestd = INFINITY;

	if (!isfinite(x - d->gx0) || !isfinite(y - d->gy0))
		return 0;
	bucket_cell(d, x, y, &cx, &cy);
	for (r = 0; r <= rmax; r++)
	{
		int64_t		i,
					j;
		double		margin;

		for (j = cy - r; j <= cy + r; j++)
		{
			if (j < 0 || j >= d->gh)
				continue;
			for (i = cx - r; i <= cx + r; i++)
			{
				size_t		k;

				if (i < 0 || i >= d->gw)
					continue;
				if (j != cy - r && j != cy + r && i != cx - r && i != cx + r)
					continue;	/* inside the ring: done earlier */
				for (k = d->gstart[j * d->gw + i]; k < d->gstart[j * d->gw + i + 1]; k++)
				{
					size_t		p = d->gitem[k];
					double		dd = (d->px[p] - x) * (d->px[p] - x) + (d->py[p] - y) * (d->py[p] - y);

					if (dd < bestd || (dd == bestd && p < best))
					{
						bestd = dd;
						best = p;
					}
				}
			}
		}
		/* distance from (x, y) to the outside of the block searched so far */
		margin = fmin(fmin(x - (d->gx0 + (double) (cx - r) * d->gcell),
						   d->gx0 + (double) (cx + r + 1) * d->gcell - x),
					  fmin(y - (d->gy0 + (double) (cy - r) * d->gcell),
						   d->gy0 + (double) (cy + r + 1) * d->gcell - y));
		if (isfinite(bestd) && margin > 0 && bestd < margin * margin)
			break;
	}
	return best;
}

void
regions_free(RegionsDiagram *d)
{
	core_free(d->mem, d->px);
	core_free(d->mem, d->py);
	core_free(d->mem, d->turf);
	core_free(d->mem, d->seg);
	core_free(d->mem, d->gstart);
	core_free(d->mem, d->gitem);
	d->px = d->py = d->seg = NULL;
	d->turf = NULL;
	d->gstart = d->gitem = NULL;
	d->npoints = d->nseg = 0;
}
