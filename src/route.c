/*
 * route.c
 *	  SQL-callable walk_order(geom) OVER (PARTITION BY turf): the order in
 *	  which to knock on the doors of each partition, by the core in
 *	  core/route.c.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/memutils.h"
#include "windowapi.h"

#include "core/route.h"
#include "geom_points.h"
#include "memory_limit.h"

PG_FUNCTION_INFO_V1(canvass_walk_order);

/* Per-partition results, computed on the partition's first row. */
typedef struct WalkPartition
{
	bool		computed;
	int64	   *rank;			/* 1-based position on the route; 0 for NULL */
} WalkPartition;

/* Raises the error matching a failed route. */
static void
report_route_error(RouteStatus status, int64 n)
{
	switch (status)
	{
		case ROUTE_OK:
			return;
		case ROUTE_TOO_MANY:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many points for walk_order"),
					 errdetail("The partition has " INT64_FORMAT " points; walk_order takes at most 2147483646.", n),
					 errhint("Order each turf on its own: PARTITION BY turf.")));
			break;
		case ROUTE_NO_MEMORY:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory"),
					 errdetail("walk_order could not allocate its working memory for " INT64_FORMAT " points.", n),
					 errhint("Order each turf on its own: PARTITION BY turf.")));
			break;
		case ROUTE_NOT_FINITE:
			/* coordinates were checked when read */
			break;
	}
	elog(ERROR, "unexpected walk_order status %d", (int) status);
}

/*
 * Working memory per row of a partition, counted from the allocations: the
 * points read and their ranks (48 bytes), the core's grid, sort and route
 * arrays (about 75) and its neighbour lists (about 40 at 10 neighbours).
 * Small partitions also take a bounded table (at most 128 KB of distances
 * up to 128 distinct points, 440 KB for the exact solver up to 12), well
 * inside any canvass.max_memory that admits a turf.
 */
#define WALK_BYTES_PER_ROW 200

/* Reads the partition's points, orders them, and keeps each row's rank. */
static void
walk_partition(FunctionCallInfo fcinfo, WindowObject winobj, WalkPartition *part)
{
	MemoryContext partcxt = GetMemoryChunkContext(part);
	CanvassGeomReader *rd = canvass_geom_reader(fcinfo, 0, "walk_order");
	CanvassPoints pts;
	size_t	   *order;
	int64		k;
	RouteStatus st;

	canvass_check_memory("walk_order", (double) WinGetPartitionRowCount(winobj),
						 "rows in the partition", WALK_BYTES_PER_ROW, 0,
						 "Order each turf on its own: PARTITION BY turf.");
	canvass_points_read_window(rd, winobj, 0, "geom", &pts);
	part->rank = MemoryContextAllocHuge(partcxt, sizeof(int64) * Max(pts.nrows, 1));
	memset(part->rank, 0, sizeof(int64) * Max(pts.nrows, 1));
	canvass_points_project(&pts, 1, "walk_order");
	order = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(size_t) * Max(pts.n, 1));
	st = route_walk_order(pts.x, pts.y, (size_t) pts.n, order, canvass_check_interrupts,
						  &canvass_core_palloc);
	report_route_error(st, pts.n);
	for (k = 0; k < pts.n; k++)
	{
		CHECK_FOR_INTERRUPTS();
		part->rank[pts.row[order[k]]] = k + 1;
	}
	pfree(order);
	pfree(pts.x);
	pfree(pts.y);
	pfree(pts.row);
	part->computed = true;
}

/*
 * walk_order(geom geometry) OVER (PARTITION BY turf)
 *
 * 1..n along a short open path through the partition's points; NULL for a
 * NULL or empty geometry.  Window order only decides the order among doors
 * at the very same point.
 */
Datum
canvass_walk_order(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	WalkPartition *part;
	int64		current;

	part = (WalkPartition *) WinGetPartitionLocalMemory(winobj, sizeof(WalkPartition));
	if (!part->computed)
		walk_partition(fcinfo, winobj, part);
	current = WinGetCurrentPosition(winobj);
	if (part->rank[current] == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT64(part->rank[current]);
}
