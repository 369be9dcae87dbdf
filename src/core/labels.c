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
 * from its stop.  When some stop finds no place, the map is too crowded at
 * this size: the radius shrinks by LABELS_SHRINK for every label (one size
 * for the whole map, so no number looks more important than another) and
 * the pass starts over, down to min_radius (the last step is to min_radius
 * itself).  The pass at min_radius is the last: a stop that still finds no
 * place takes the first free cell of a lattice of cells of side sep,
 * scanned row by row from the box's top left and on below it (one cursor
 * for all stops, so the scan stays linear).  A map needing that has more
 * stops than fit at all; it is skipped to directly when n exceeds twice
 * the number of labels of min_radius the box can hold.
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

/* Lattice cursor of the last resort: cell (col, row) of the box's lattice. */
typedef struct Lattice
{
	double		x0,
				y0,
				side;
	int64_t		cols;
	int64_t		col,
				row;
} Lattice;

/* The next free cell centre of the lattice, from the cursor on. */
static void
lattice_next(LabelGrid *g, Lattice *t, double *lx, double *ly)
{
	for (;;)
	{
		double		x = t->x0 + (t->col + 0.5) * t->side,
					y = t->y0 + (t->row + 0.5) * t->side;

		if (++t->col == t->cols)
		{
			t->col = 0;
			t->row++;
		}
		if (grid_free(g, x, y))
		{
			*lx = x;
			*ly = y;
			return;
		}
	}
}

/*
 * One pass at radius r: returns 1 when every stop found a place near it,
 * 0 at the first that did not (unless last, when the lattice takes it).
 */
static int
place_pass(LabelGrid *g, const double *x, const double *y, int32_t n, const double *box,
		   const double *bbox, double r, int last, double *lx, double *ly)
{
	double		sep = LABELS_SEPARATION * r;
	Lattice		t;
	int32_t		i;

	g->cell = sep;
	g->sep2 = sep * sep * (1 - LABELS_EPS);
	for (i = 0; i <= (int32_t) g->mask; i++)
		g->head[i] = -1;
	t.x0 = bbox[0];
	t.y0 = bbox[1];
	t.side = sep;
	t.cols = (int64_t) fmax(1, floor((bbox[2] - bbox[0]) / sep));
	t.col = t.row = 0;
	for (i = 0; i < n; i++)
	{
		if (!place_near(g, box, r, x[i], y[i], &lx[i], &ly[i]))
		{
			if (!last)
				return 0;
			lattice_next(g, &t, &lx[i], &ly[i]);
		}
		grid_add(g, i);
	}
	return 1;
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
				area,
				capacity;
	uint64_t	buckets = 16;
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
	r = (box && (double) n > 2 * capacity) ? min_radius : radius;
	for (;;)
	{
		int			last = r <= min_radius;

		if (place_pass(&g, x, y, (int32_t) n, box, bbox, r, last, lx, ly))
			break;
		r = fmax(r * LABELS_SHRINK, min_radius);
	}
	*radius_out = r;

done:
	core_free(mem, g.head);
	core_free(mem, g.next);
	core_free(mem, g.kx);
	core_free(mem, g.ky);
	return status;
}
