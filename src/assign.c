/*
 * assign.c
 *	  SQL-callable assign_turfs(turfs, sites, capacity): each turf to a site
 *	  (a canvasser's start or a staging location) at minimum total distance,
 *	  by the core in core/assign.c.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "core/assign.h"
#include "geom_points.h"
#include "memory_limit.h"

PG_FUNCTION_INFO_V1(canvass_assign_turfs);

/* Reads the capacity array: one non-negative integer per site. */
static int64_t *
read_capacity(ArrayType *arr, int nsites)
{
	Datum	   *elems;
	bool	   *nulls;
	int			nelems,
				lbound,
				i;
	int64_t    *cap;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("assign_turfs needs one-dimensional arrays"),
				 errdetail("The array capacity has %d dimensions.", ARR_NDIM(arr)),
				 errhint("Pass one capacity per site, in the order of sites.")));
	deconstruct_array(arr, INT4OID, sizeof(int32), true, TYPALIGN_INT, &elems, &nulls, &nelems);
	if (nelems != nsites)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("assign_turfs needs one capacity per site"),
				 errdetail("The array sites has %d elements, capacity %d.", nsites, nelems),
				 errhint("Build both arrays from the same rows, for example array_agg(geom ORDER BY id) and array_agg(capacity ORDER BY id).")));
	lbound = nelems > 0 ? ARR_LBOUND(arr)[0] : 1;
	cap = palloc(sizeof(int64_t) * Max(nelems, 1));
	for (i = 0; i < nelems; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("assign_turfs needs a capacity in every element of capacity"),
					 errdetail("Element %d of capacity is NULL.", i + lbound),
					 errhint("Use 0 for a site that takes no turf, or pass capacity NULL for one turf per site.")));
		cap[i] = DatumGetInt32(elems[i]);
		if (cap[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("assign_turfs capacity must not be negative"),
					 errdetail("Element %d of capacity is " INT64_FORMAT ".", i + lbound, (int64) cap[i]),
					 errhint("A capacity is the number of turfs a site can take: zero or more.")));
	}
	return cap;
}

/*
 * assign_turfs(turfs geometry[], sites geometry[], capacity int[] DEFAULT NULL)
 *	 RETURNS TABLE (turf_index int, site_index int, distance float8)
 *
 * One row per turf, in turf order: its subscript, the subscript of its
 * site, and the distance between them (metres for longitude/latitude
 * SRIDs, else the SRID's unit).  NULL turfs or sites: no rows.
 */
Datum
canvass_assign_turfs(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CanvassGeomReader *rd;
	CanvassPoints sets[2];
	ArrayType  *turfs,
			   *sites;
	int64_t    *cap = NULL;
	double	   *cost;
	int32_t    *site_of;
	int64		n,
				m,
				i,
				j,
				total = 0;
	int			tlb,
				slb;
	size_t		bad;
	AssignStatus st;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	turfs = PG_GETARG_ARRAYTYPE_P(0);
	sites = PG_GETARG_ARRAYTYPE_P(1);
	rd = canvass_geom_reader(fcinfo, 0, "assign_turfs");
	canvass_points_read_array(rd, turfs, "turfs", &sets[0]);
	canvass_points_read_array(rd, sites, "sites", &sets[1]);
	n = sets[0].n;
	m = sets[1].n;
	tlb = ARR_NDIM(turfs) == 1 ? ARR_LBOUND(turfs)[0] : 1;
	slb = ARR_NDIM(sites) == 1 ? ARR_LBOUND(sites)[0] : 1;
	if (!PG_ARGISNULL(2))
		cap = read_capacity(PG_GETARG_ARRAYTYPE_P(2), (int) m);
	for (j = 0; j < m; j++)
	{
		CHECK_FOR_INTERRUPTS();
		total += cap ? Min(cap[j], n) : 1;
	}
	if (total < n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("assign_turfs has more turfs than the sites can take"),
				 errdetail("The sites can take " INT64_FORMAT " turfs in all, and there are " INT64_FORMAT ".", total, n),
				 errhint(cap ? "Raise the capacities or add sites." :
						 "Without capacity each site takes one turf: pass capacity, for example array_fill(3, ARRAY[n]), or add sites.")));
	if (n == 0)
		PG_RETURN_NULL();
	canvass_points_project(sets, 2, "assign_turfs");

	if ((Size) m > MaxAllocHugeSize / sizeof(double) / (Size) n)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many turfs and sites for assign_turfs"),
				 errdetail(INT64_FORMAT " turfs by " INT64_FORMAT " sites would need a distance table larger than one allocation can hold.", n, m),
				 errhint("Assign within smaller areas, for example one call per county.")));
	canvass_check_memory("assign_turfs", (double) n * (double) m, "turf-site pairs", 8,
						 100.0 * (double) (n + m),
						 "Assign within smaller areas, for example one call per county.");
	cost = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * (Size) n * (Size) m);
	for (i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		for (j = 0; j < m; j++)
			cost[i * m + j] = hypot(sets[0].x[i] - sets[1].x[j], sets[0].y[i] - sets[1].y[j]);
	}
	site_of = palloc(sizeof(int32_t) * n);
	st = assign_min_cost(cost, (size_t) n, (size_t) m, cap, site_of, &bad, canvass_check_interrupts,
						 &canvass_core_palloc);
	switch (st)
	{
		case ASSIGN_OK:
			break;
		case ASSIGN_NO_MEMORY:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory"),
					 errdetail("assign_turfs could not allocate its working memory for " INT64_FORMAT " turfs and " INT64_FORMAT " sites.", n, m),
					 errhint("Assign within smaller areas, for example one call per county.")));
			break;
		case ASSIGN_TOO_MANY:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many turfs and sites for assign_turfs"),
					 errdetail("There are " INT64_FORMAT " turfs and " INT64_FORMAT " sites.", n, m),
					 errhint("Assign within smaller areas, for example one call per county.")));
			break;
		default:
			/* finite costs, capacities and feasibility were checked above */
			elog(ERROR, "unexpected assign_turfs status %d", (int) st);
	}
	for (i = 0; i < n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		CHECK_FOR_INTERRUPTS();
		values[0] = Int32GetDatum((int32) i + tlb);
		values[1] = Int32GetDatum(site_of[i] + slb);
		values[2] = Float8GetDatum(cost[i * m + site_of[i]]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_RETURN_NULL();
}
