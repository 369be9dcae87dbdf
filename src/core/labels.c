/*
 * labels.c
 *	  Placement of the numbered stop labels of a turf packet's map.
 *
 * Greedy in stop order.  A pass at radius r places each stop's label at
 * the first of these that no label placed before overlaps (centres closer
 * than sep = LABELS_SEPARATION * r) and that lies inside the box:
 *
 *	- the stop itself;
 *	- ring j = 1..LABELS_RINGS, at distance j * sep / LABELS_RING_STEPS
 *	  (sep / 3 apart) from the stop, of max(8, 8 j / 3) directions (about
 *	  one per 0.8 sep of its circumference), starting straight up and
 *	  turned half a step on even rings; of a ring's free directions the one
 *	  nearest the labels already placed (looked at up to 2 sep away) wins,
 *	  the first on a tie, so a crowd packs tightly around its stops.
 *
 * So a label is at most LABELS_RINGS * sep / LABELS_RING_STEPS (7.5 r)
 * from its stop.  A stop that finds no place there takes a free cell of a
 * lattice of cells of side sep: the nearest on the first square ring
 * around its own cell with one, up to LABELS_LATTICE_RINGS rings (18 r
 * along an axis) away, else the first free cell of a cursor scanning the lattice row by
 * row from the box's top left and on below it (one cursor for all stops,
 * so the scan stays linear).
 *
 * The size rule: when some stop had to go to the lattice, the map is too
 * crowded at this size: the radius shrinks by LABELS_SHRINK for every label
 * (one size for the whole map, so no number looks more important than
 * another) and the pass starts over, down to min_radius (the last step is
 * to min_radius itself).  The radius kept is the largest of those tried
 * that leaves the fewest stops to the lattice (counted with those stops
 * left out, the cheaper measure; the kept radius is then placed again with
 * them): a crowd at one building,
 * which no size helps (the rings scale with the radius), keeps the full
 * size, while a map crowded all over gets smaller labels.  When n exceeds
 * twice the number of labels of min_radius the box can hold, the map is
 * labelled at min_radius at once.
 *
 * Placed labels are kept in a hashed uniform grid of cells of side sep, so
 * a candidate is checked against the few labels of the 3 x 3 cells around
 * it, not against all: a pass costs O(n) candidate checks.
 */
#include "core/labels.h"

#include <math.h>
#include <stdint.h>

/* Calls the interrupt callback every this many candidates looked at. */
#define LABELS_INTERRUPT_EVERY 65536

/* Square rings of lattice cells searched around a stop in the last resort. */
#define LABELS_LATTICE_RINGS 8

/* Relative slack of the distance comparisons, so rounding cannot decide. */
#define LABELS_EPS 1e-9

/* Placed labels, hashed by grid cell. */
typedef struct LabelGrid
{
	double		cell;			/* side of a cell: sep */
	double		sep2;			/* sep squared, less the slack */
	uint64_t	mask;			/* buckets - 1 */
	int32_t    *head;			/* first label of each bucket, or -1 */
	int32_t    *next;			/* next label of the same bucket, or -1 */
	int64_t    *kx;				/* cell of each placed label */
	int64_t    *ky;
	const double *lx;			/* centres of the placed labels */
	const double *ly;
	uint64_t	looked;			/* candidates looked at, for the interrupt */
	void		(*interrupt) (void);
} LabelGrid;

/* Bucket of cell (kx, ky). */
static uint64_t
grid_bucket(const LabelGrid *g, int64_t kx, int64_t ky)
{
	uint64_t	h = (uint64_t) kx * UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t) ky * UINT64_C(0xC2B2AE3D27D4EB4F);

	h ^= h >> 29;
	return h & g->mask;
}

/*
 * Distance from (x, y) to the nearest placed label among the cells within
 * reach (1 or 2) of its cell, or cap when none is nearer.
 */
static double
grid_clearance(LabelGrid *g, double x, double y, int reach, double cap)
{
	int64_t		cx = (int64_t) floor(x / g->cell),
				cy = (int64_t) floor(y / g->cell);
	double		best = cap * cap;
	int			dx,
				dy;

	if (g->interrupt && ++g->looked % LABELS_INTERRUPT_EVERY == 0)
		g->interrupt();
	for (dx = -reach; dx <= reach; dx++)
		for (dy = -reach; dy <= reach; dy++)
		{
			int32_t		k = g->head[grid_bucket(g, cx + dx, cy + dy)];

			for (; k >= 0; k = g->next[k])
			{
				double		ex,
							ey;

				if (g->kx[k] != cx + dx || g->ky[k] != cy + dy)
					continue;
				ex = g->lx[k] - x;
				ey = g->ly[k] - y;
				best = fmin(best, ex * ex + ey * ey);
			}
		}
	return sqrt(best);
}

/* True when no placed label is closer than sep to (x, y). */
static int
grid_free(LabelGrid *g, double x, double y)
{
	double		c = grid_clearance(g, x, y, 1, g->cell);

	return c * c >= g->sep2;
}

/* Adds label k, whose centre is already in lx[k], ly[k]. */
static void
grid_add(LabelGrid *g, int32_t k)
{
	uint64_t	b;

	g->kx[k] = (int64_t) floor(g->lx[k] / g->cell);
	g->ky[k] = (int64_t) floor(g->ly[k] / g->cell);
	b = grid_bucket(g, g->kx[k], g->ky[k]);
	g->next[k] = g->head[b];
	g->head[b] = k;
}

/* True when a circle of radius r at (x, y) lies inside box (NULL: always). */
static int
inside(const double *box, double x, double y, double r)
{
	return box == NULL ||
		(x - r >= box[0] && y - r >= box[1] && x + r <= box[2] && y + r <= box[3]);
}

/* Directions of ring j: max(8, 8 j / LABELS_RING_STEPS), see above. */
static int
ring_directions(int j)
{
	return 8 * j / LABELS_RING_STEPS < 8 ? 8 : 8 * j / LABELS_RING_STEPS;
}

/*
 * Places label i at its stop or on the nearest ring with a free direction
 * (see the file's comment); returns 0 when none of them is free.
 */
static int
place_near(LabelGrid *g, const double *box, double r, double x, double y,
		   double *lx, double *ly)
{
	double		sep = LABELS_SEPARATION * r;
	int			j;

	if (inside(box, x, y, r) && grid_free(g, x, y))
	{
		*lx = x;
		*ly = y;
		return 1;
	}
	for (j = 1; j <= LABELS_RINGS; j++)
	{
		int			m = ring_directions(j),
					k;
		double		dist = j * sep / LABELS_RING_STEPS,
					turn = (j % 2 == 0) ? M_PI / m : 0,
					best = -1;

		for (k = 0; k < m; k++)
		{
			double		a = -M_PI / 2 + turn + 2 * M_PI * k / m,
						cx = x + dist * cos(a),
						cy = y + dist * sin(a),
						c;

			if (!inside(box, cx, cy, r) || !grid_free(g, cx, cy))
				continue;
			c = grid_clearance(g, cx, cy, 2, 2 * sep);
			if (best < 0 || c < best * (1 - LABELS_EPS))
			{
				best = c;
				*lx = cx;
				*ly = cy;
			}
		}
		if (best >= 0)
			return 1;
	}
	return 0;
}

/*
 * The lattice of the last resort: cells of side sep from the box's top
 * left corner (x0, y0), cols to a row; a cursor (col, row) over the rows,
 * and the cell around which the last search near a stop failed.
 */
typedef struct Lattice
{
	double		x0,
				y0,
				side;
	int64_t		cols;
	int64_t		col,
				row;
	int64_t		fcol,			/* the cell searched around last */
				frow;
	int			fring;			/* its first ring that may have a free cell */
} Lattice;

/* Centre of lattice cell (col, row). */
static void
lattice_centre(const Lattice *t, int64_t col, int64_t row, double *x, double *y)
{
	*x = t->x0 + (col + 0.5) * t->side;
	*y = t->y0 + (row + 0.5) * t->side;
}

/*
 * A free lattice cell for the label of the stop at (x, y): the one nearest
 * the stop on the first square ring of cells around the stop's cell that
 * has one inside the box, up to LABELS_LATTICE_RINGS rings (the next stop
 * in the same cell starts at the ring where this search ended); failing
 * that, the next free cell from the cursor on, row by row from the box's
 * top left and on below it.  The search near the stop is
 * bounded and the cursor only advances, so this stays linear in the stops.
 */
static void
lattice_place(LabelGrid *g, Lattice *t, const double *box, double r, double x, double y,
			  double *lx, double *ly)
{
	int64_t		c0 = (int64_t) floor((x - t->x0) / t->side),
				r0 = (int64_t) floor((y - t->y0) / t->side);
	int			k = 0;

	/*
	 * Around the same cell as the last search, the rings inside the one
	 * where it ended had no free cell then, and labels were only added since.
	 */
	if (t->fring >= 0 && t->fcol == c0 && t->frow == r0)
		k = t->fring;
	t->fcol = c0;
	t->frow = r0;
	{
		for (; k <= LABELS_LATTICE_RINGS; k++)
		{
			double		best = INFINITY;
			int64_t		dc,
						dr;

			for (dc = -k; dc <= k; dc++)
				for (dr = -k; dr <= k; dr++)
				{
					double		cx,
								cy,
								d;

					if (dc != -k && dc != k && dr != -k && dr != k)
						continue;	/* inside the ring: searched before */
					lattice_centre(t, c0 + dc, r0 + dr, &cx, &cy);
					d = hypot(cx - x, cy - y);
					if (d >= best * (1 - LABELS_EPS) || !inside(box, cx, cy, r) || !grid_free(g, cx, cy))
						continue;
					best = d;
					*lx = cx;
					*ly = cy;
				}
			if (best < INFINITY)
			{
				t->fring = k;
				return;
			}
		}
		t->fring = LABELS_LATTICE_RINGS + 1;
	}
	for (;;)
	{
		double		cx,
					cy;

		lattice_centre(t, t->col, t->row, &cx, &cy);
		if (++t->col == t->cols)
		{
			t->col = 0;
			t->row++;
		}
		if (grid_free(g, cx, cy))
		{
			*lx = cx;
			*ly = cy;
			return;
		}
	}
}

/*
 * One pass at radius r: returns how many stops found no place within the
 * rings.  With settle, those go to the lattice; without (a pass that only
 * measures a radius), they are left out, which is cheaper and leaves lx[i]
 * and ly[i] undefined; such a pass stops as soon as more than limit stops
 * are left out (then it returns limit + 1).
 */
static int32_t
place_pass(LabelGrid *g, const double *x, const double *y, int32_t n, const double *box,
		   const double *bbox, double r, int settle, int32_t limit, double *lx, double *ly)
{
	double		sep = LABELS_SEPARATION * r;
	Lattice		t;
	int32_t		i,
				beyond = 0;
	int			failed = 0;

	g->cell = sep;
	g->sep2 = sep * sep * (1 - LABELS_EPS);
	for (i = 0; i <= (int32_t) g->mask; i++)
	{
		if (g->interrupt && i % LABELS_INTERRUPT_EVERY == LABELS_INTERRUPT_EVERY - 1)
			g->interrupt();
		g->head[i] = -1;
	}
	t.x0 = bbox[0];
	t.y0 = bbox[1];
	t.side = sep;
	t.cols = (int64_t) fmax(1, floor((bbox[2] - bbox[0]) / sep));
	t.col = t.row = 0;
	t.fring = -1;
	t.fcol = t.frow = 0;
	for (i = 0; i < n; i++)
	{
		/*
		 * A stop at the same point as the one before, which found no place:
		 * its candidates are the same and labels were only added since, so
		 * it finds none either (exactly, without looking).
		 */
		int			again = i > 0 && x[i] == x[i - 1] && y[i] == y[i - 1] && failed;

		if (g->interrupt && i % LABELS_INTERRUPT_EVERY == LABELS_INTERRUPT_EVERY - 1)
			g->interrupt();

		failed = again || !place_near(g, box, r, x[i], y[i], &lx[i], &ly[i]);
		if (failed)
		{
			beyond++;
			if (!settle && beyond > limit)
				return beyond;
			if (!settle)
				continue;
			lattice_place(g, &t, box, r, x[i], y[i], &lx[i], &ly[i]);
		}
		grid_add(g, i);
	}
	return beyond;
}

/*
 * See labels.h.  The box of the last resort's lattice is box, or the
 * stops' bounding box when box is NULL.
 */
LabelsStatus
labels_place(const double *x, const double *y, size_t n, const double *box,
			 double radius, double min_radius, double *lx, double *ly,
			 double *radius_out, void (*interrupt) (void), const CoreAlloc *mem)
{
	LabelGrid	g;
	double		bbox[4] = {0, 0, 0, 0},
				r,
				best_r,
				last_r,
				area,
				capacity;
	uint64_t	buckets = 16;
	int32_t		best_beyond;
	size_t		i;
	LabelsStatus status = LABELS_OK;

	if (n > INT32_MAX)
		return LABELS_TOO_MANY;
	if (!isfinite(radius) || !isfinite(min_radius) || min_radius <= 0 || radius < min_radius)
		return LABELS_NOT_FINITE;
	for (i = 0; i < n; i++)
	{
		if (!(fabs(x[i]) <= LABELS_COORD_MAX && fabs(y[i]) <= LABELS_COORD_MAX))
			return LABELS_NOT_FINITE;
		if (interrupt && i % LABELS_INTERRUPT_EVERY == LABELS_INTERRUPT_EVERY - 1)
			interrupt();
	}
	for (i = 0; box && i < 4; i++)
		if (!(fabs(box[i]) <= LABELS_COORD_MAX))
			return LABELS_NOT_FINITE;
	/* cells of side sep must stay well inside int64 */
	if (LABELS_COORD_MAX / min_radius > 1e15 || radius > LABELS_COORD_MAX)
		return LABELS_NOT_FINITE;
	*radius_out = radius;
	if (n == 0)
		return LABELS_OK;

	if (box)
		for (i = 0; i < 4; i++)
			bbox[i] = box[i];
	else
	{
		bbox[0] = bbox[2] = x[0];
		bbox[1] = bbox[3] = y[0];
		for (i = 1; i < n; i++)
		{
			bbox[0] = fmin(bbox[0], x[i]);
			bbox[1] = fmin(bbox[1], y[i]);
			bbox[2] = fmax(bbox[2], x[i]);
			bbox[3] = fmax(bbox[3], y[i]);
		}
	}

	while (buckets < 2 * (uint64_t) n)
		buckets *= 2;
	g.mask = buckets - 1;
	g.looked = 0;
	g.interrupt = interrupt;
	g.lx = lx;
	g.ly = ly;
	g.head = core_alloc(mem, buckets, sizeof(int32_t));
	g.next = core_alloc(mem, n, sizeof(int32_t));
	g.kx = core_alloc(mem, n, sizeof(int64_t));
	g.ky = core_alloc(mem, n, sizeof(int64_t));
	if (!g.head || !g.next || !g.kx || !g.ky)
	{
		status = LABELS_NO_MEMORY;
		goto done;
	}

	/*
	 * Twice more stops than labels of min_radius can tile the box (the box
	 * widened by sep / 2 each side, over the area a label takes in
	 * hexagonal packing at centre distance sep): the bounded search cannot
	 * place them all at any size, so go straight to the smallest.
	 */
	area = (bbox[2] - bbox[0] + LABELS_SEPARATION * min_radius) *
		(bbox[3] - bbox[1] + LABELS_SEPARATION * min_radius);
	capacity = area / (sqrt(3) / 2 * pow(LABELS_SEPARATION * min_radius, 2));
	/*
	 * The radii tried are radius * LABELS_SHRINK^k down to min_radius (only
	 * min_radius when the box is far too small).  The smallest is measured
	 * first; then the others from the largest down, each measuring pass
	 * stopping as soon as it leaves out more stops than the fewest yet, and
	 * the search as soon as a radius leaves none out.
	 */
	best_beyond = place_pass(&g, x, y, (int32_t) n, box, bbox, min_radius, 0, INT32_MAX - 1, lx, ly);
	best_r = min_radius;
	last_r = min_radius;
	r = (box && (double) n > 2 * capacity) ? min_radius : radius;
	for (; r > min_radius; r = fmax(r * LABELS_SHRINK, min_radius))
	{
		int32_t		beyond = place_pass(&g, x, y, (int32_t) n, box, bbox, r, 0, best_beyond, lx, ly);

		last_r = r;
		if (beyond < best_beyond || (beyond == best_beyond && best_r == min_radius))
		{
			best_beyond = beyond;
			best_r = r;
		}
		if (best_beyond == 0 && best_r > min_radius)
			break;
	}
	/* a pass at best_r that left none out has placed them all already */
	if (!(best_beyond == 0 && last_r == best_r))
		place_pass(&g, x, y, (int32_t) n, box, bbox, best_r, 1, INT32_MAX - 1, lx, ly);
	*radius_out = best_r;

done:
	core_free(mem, g.head);
	core_free(mem, g.next);
	core_free(mem, g.kx);
	core_free(mem, g.ky);
	return status;
}
