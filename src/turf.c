/*
 * turf.c
 *	  SQL-callable turf(geom, target [, weight [, previous]]) OVER (PARTITION
 *	  BY ...): the turf number of each household point, optionally starting
 *	  from each row's turf in an earlier cut.  Reads the partition once through
 *	  the shared point reader (geom_points.c: PostGIS's own ST_AsEWKB and
 *	  ST_IsEmpty, projection of longitude/latitude to metres), checks the
 *	  target and weights, and calls the pure core in core/turf*.c.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/memutils.h"
#include "windowapi.h"

#include "core/turf.h"
#include "geom_points.h"
#include "memory_limit.h"
#include "sql_args.h"

PG_FUNCTION_INFO_V1(canvass_turf_window);

/* Per-partition results, computed on the partition's first row. */
typedef struct TurfPartition
{
	bool		computed;
	int32	   *turf;			/* one per row; 0 where the answer is NULL */
} TurfPartition;

/*
 * Working memory per row of a partition, counted from the allocations: the
 * points read (24 bytes), weights and answers (16), and the core's sorted
 * copy, keys and turf lists (about 100).
 */
#define TURF_BYTES_PER_ROW 150
/* with earlier turfs: the row's and the point's earlier turf, and their sorted copy */
#define TURF_BYTES_PER_ROW_PREVIOUS 175
/*
 * Per turf: lists, sizes, centroids, neighbours, cycle search and heaps;
 * with earlier turfs, also the groups' sums and numbers and the scratch of
 * dissolving up to 2k of them.  Measured as the core's peak over 60,000
 * points cut into 1,000 to 60,000 turfs, the rows' and the turfs' figures
 * together cover every case with room to spare; the steepest rise, from
 * 30,000 to 60,000 turfs, is 153 bytes a turf (172 with earlier turfs, whose
 * rows need less than their 175) with 6 neighbours a turf, and 313 with the
 * 16 neighbours a turf has from TURF_MANY_TURFS turfs up.  Below that, a
 * cut from scratch now looks at 8 neighbours: 32 bytes more a turf (the
 * neighbour list and the cycle search's edges), 8 from earlier turfs (the
 * list, allocated before the cut knows it starts from them).
 */
#define TURF_BYTES_PER_TURF 192
#define TURF_BYTES_PER_TURF_PREVIOUS 180
#define TURF_BYTES_PER_TURF_MANY 320
#define TURF_BYTES_PER_TURF_MANY_PREVIOUS 340

#define SPLIT_HINT "Cut smaller areas, for example by adding a column to PARTITION BY."

/*
 * Reads the partition, checks every argument, cuts the points and keeps
 * each row's turf in partition memory.  A row takes part when its geometry
 * is a non-empty point and its weight is not NULL.
 */
static void
turf_partition(FunctionCallInfo fcinfo, WindowObject winobj, TurfPartition *part)
{
	CanvassGeomReader *rd = canvass_geom_reader(fcinfo, 0, "turf");
	CanvassPoints pts;
	MemoryContext partcxt = GetMemoryChunkContext(part);
	bool		has_weight = PG_NARGS() >= 3;
	bool		has_previous = PG_NARGS() >= 4;
	bool		previous_const = has_previous && get_fn_expr_arg_stable(fcinfo->flinfo, 3);
	int64	   *w,
			   *prev = NULL;
	double		row_bytes;
	int32	   *turf;
	int64		n = 0,
				total = 0,
				target = 0,
				target_row = -1,
				i,
				k;
	bool		target_null = false;
	TurfStatus	status;
	int64		nrows = WinGetPartitionRowCount(winobj);
	bool		target_const = get_fn_expr_arg_stable(fcinfo->flinfo, 1);
	Oid			target_type = get_fn_expr_argtype(fcinfo->flinfo, 1);
	bool		weight_const = has_weight && get_fn_expr_arg_stable(fcinfo->flinfo, 2);
	int64		const_weight = 1;
	bool		const_weight_null = false;

	/* a constant previous turf (the default NULL) says nothing: read once */
	if (previous_const && nrows > 0)
	{
		bool		isnull,
					isout;

		(void) WinGetFuncArgInPartition(winobj, 3, 0, WINDOW_SEEK_HEAD, false, &isnull, &isout);
		if (isnull)
			has_previous = false;
	}
	row_bytes = has_previous ? TURF_BYTES_PER_ROW_PREVIOUS : TURF_BYTES_PER_ROW;
	canvass_check_memory("turf", (double) nrows, "rows in the partition", row_bytes, 0,
						 "Cut smaller areas, for example by adding a column to PARTITION BY.");
	part->turf = canvass_alloc_array(partcxt, Max(nrows, 1), sizeof(int32), "rows", "cut into turfs", SPLIT_HINT);
	memset(part->turf, 0, Max(nrows, 1) * sizeof(int32));
	canvass_points_read_window(rd, winobj, 0, "geom", &pts);
	w = canvass_alloc_array(CurrentMemoryContext, Max(pts.n, 1), sizeof(int64), "rows", "cut into turfs", SPLIT_HINT);
	if (has_previous)
		prev = canvass_alloc_array(CurrentMemoryContext, Max(pts.n, 1), sizeof(int64), "rows", "cut into turfs", SPLIT_HINT);

	for (i = 0; i < pts.n; i++)
	{
		int64		row = pts.row[i];
		bool		isnull,
					isout;
		Datum		t;
		int64		weight = 1;

		CHECK_FOR_INTERRUPTS();
		if (has_weight)
		{
			/* a constant weight is read once */
			if (!weight_const || i == 0)
			{
				Datum		wd = WinGetFuncArgInPartition(winobj, 2, row, WINDOW_SEEK_HEAD,
														  false, &const_weight_null, &isout);

				const_weight = const_weight_null ? 0 : DatumGetInt32(wd);
			}
			if (const_weight_null)
				continue;		/* a NULL weight takes no part */
			weight = const_weight;
			if (weight <= 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("turf weight must be positive"),
						 errdetail("Row " INT64_FORMAT " of the partition has weight " INT64_FORMAT ".",
								   row + 1, weight),
						 errhint("The weight is the number of doors at the point; use NULL to leave a point out.")));
		}

		/* a constant target is read once */
		if (target_const && target_row >= 0)
			goto take;
		t = WinGetFuncArgInPartition(winobj, 1, row, WINDOW_SEEK_HEAD,
									 false, &isnull, &isout);
		if (target_row < 0)
		{
			target_row = row;
			target_null = isnull;
			target = isnull ? 0 : canvass_count_arg(t, target_type, "turf", "target");
			if (!isnull && target <= 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("turf target must be positive"),
						 errdetail("The target is " INT64_FORMAT " doors.", target),
						 errhint("Give the number of doors a turf should hold, for example 50.")));
		}
		else if (isnull != target_null || (!isnull && canvass_count_arg(t, target_type, "turf", "target") != target))
		{
			char		first[32],
						this[32];

			if (target_null)
				strlcpy(first, "NULL", sizeof(first));
			else
				snprintf(first, sizeof(first), INT64_FORMAT, target);
			if (isnull)
				strlcpy(this, "NULL", sizeof(this));
			else
				snprintf(this, sizeof(this), INT64_FORMAT, canvass_count_arg(t, target_type, "turf", "target"));
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("turf target must be the same on every row of a partition"),
					 errdetail("Row " INT64_FORMAT " of the partition has target %s, row " INT64_FORMAT " has %s.",
							   target_row + 1, first, row + 1, this),
					 errhint("Pass a constant target, or partition by the area whose turfs share a target.")));
		}
take:
		/* Compact the points taking part to the front, in partition order. */
		pts.x[n] = pts.x[i];
		pts.y[n] = pts.y[i];
		pts.row[n] = row;
		w[n] = weight;
		if (has_previous)
		{
			bool		isnull,
						isout;
			Datum		pd = WinGetFuncArgInPartition(winobj, 3, row, WINDOW_SEEK_HEAD,
													  false, &isnull, &isout);

			/* a NULL earlier turf: a new door */
			prev[n] = isnull ? TURF_NO_PREVIOUS : (int64) DatumGetInt32(pd);
		}
		total += weight;
		n++;
	}
	pts.n = n;

	/* No point, or a NULL target on every point, leaves every row NULL. */
	if (n > 0 && !target_null)
	{
		canvass_points_project(&pts, 1, "turf");
		if (n > PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many points for turf"),
					 errdetail("The partition has " INT64_FORMAT " points; turf takes at most 2147483647.", n),
					 errhint("Cut smaller areas, for example by adding a column to PARTITION BY.")));
		k = turf_count(total, target);

		/*
		 * the turfs too, now that their number is known: the core cuts at
		 * most one per distinct point, so no more than n, however heavy
		 */
		canvass_check_memory("turf", (double) Min(k, n), "turfs (at most one per point)",
							 Min(k, n) >= TURF_MANY_TURFS ?
							 (prev ? TURF_BYTES_PER_TURF_MANY_PREVIOUS : TURF_BYTES_PER_TURF_MANY) :
							 (prev ? TURF_BYTES_PER_TURF_PREVIOUS : TURF_BYTES_PER_TURF),
							 (double) nrows * row_bytes,
							 "Use a larger target, or cut smaller areas, for example by adding a column to PARTITION BY.");
		turf = canvass_alloc_array(CurrentMemoryContext, n, sizeof(int32), "rows", "cut into turfs", SPLIT_HINT);
		status = turf_cut_from(n, pts.x, pts.y, w, prev, k, turf, canvass_check_interrupts, NULL,
							   &canvass_core_palloc);
		if (status == TURF_NO_MEMORY)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory cutting turfs"),
					 errdetail("The partition holds " INT64_FORMAT " points.", n),
					 errhint("Cut smaller areas, for example by adding a column to PARTITION BY.")));
		/* TURF_BAD_INPUT cannot happen: points, target, weights and count were checked */
		if (status != TURF_OK)
			elog(ERROR, "unexpected turf status %d", (int) status);
		for (i = 0; i < n; i++)
		{
			CHECK_FOR_INTERRUPTS();
			part->turf[pts.row[i]] = turf[i];
		}
		pfree(turf);
	}
	pfree(w);
	if (prev)
		pfree(prev);
	part->computed = true;
}

/*
 * turf(geom geometry, target int [, weight int [, previous int]])
 *	   OVER (PARTITION BY ...)
 *
 * Window order plays no part: the answer depends only on the partition's set
 * of rows (with their earlier turfs).
 */
Datum
canvass_turf_window(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	TurfPartition *part;
	int64		current;

	part = (TurfPartition *) WinGetPartitionLocalMemory(winobj, sizeof(TurfPartition));
	if (!part->computed)
		turf_partition(fcinfo, winobj, part);

	current = WinGetCurrentPosition(winobj);
	if (part->turf[current] == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(part->turf[current]);
}
