/*
 * turf.c
 *	  SQL-callable turf(geom, target [, weight]) OVER (PARTITION BY ...): the
 *	  turf number of each household point.  Reads the partition once, turns
 *	  each point into metres through PostGIS's own SQL-callable functions
 *	  (ST_AsEWKB for the type, SRID and coordinates, ST_IsEmpty for
 *	  non-points), and calls the pure core in core/turf_core.c.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/namespace.h"
#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "windowapi.h"

#include "core/turf_core.h"

PG_FUNCTION_INFO_V1(canvass_turf_window);

/* PostGIS functions the window function calls, looked up once per call site. */
typedef struct TurfPostgis
{
	Oid			geometry_type;
	FmgrInfo	asewkb;
	FmgrInfo	isempty;
} TurfPostgis;

/* Per-partition results, computed on the partition's first row. */
typedef struct TurfPartition
{
	bool		computed;
	int32	   *turf;			/* one per row; 0 where the answer is NULL */
} TurfPartition;

/* What a row's geometry turned out to be. */
typedef enum RowGeom
{
	ROW_POINT,
	ROW_EMPTY
} RowGeom;

/* The core's memory comes from the current memory context. */
static void *
turf_palloc(size_t size)
{
	return MemoryContextAllocExtended(CurrentMemoryContext, size,
									  MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

static void
turf_pfree(void *ptr)
{
	pfree(ptr);
}

static void
turf_check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

/* Allocates n elements of size elsize, with a clear error past what can be held. */
static void *
turf_alloc_array(MemoryContext cxt, Size n, Size elsize)
{
	Size		bytes;

	if (n > MaxAllocHugeSize / elsize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many rows to cut into turfs"),
				 errdetail("%zu rows would need more memory than one allocation can hold.", n),
				 errhint("Cut smaller areas, for example by adding a column to PARTITION BY.")));
	bytes = n * elsize;
	return MemoryContextAllocHuge(cxt, bytes > 0 ? bytes : 1);
}

/* Looks up a one-argument PostGIS function by name in PostGIS's schema. */
static void
lookup_postgis(const char *schema, const char *name, Oid argtype,
			   FmgrInfo *finfo, MemoryContext cxt)
{
	Oid			fn;

	fn = LookupFuncName(list_make2(makeString(pstrdup(schema)), makeString(pstrdup(name))),
						1, &argtype, true);
	if (!OidIsValid(fn))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("function %s.%s(geometry) of PostGIS not found", schema, name),
				 errdetail("canvass reads points through PostGIS's own functions."),
				 errhint("Install PostGIS 3 with CREATE EXTENSION postgis.")));
	fmgr_info_cxt(fn, finfo, cxt);
}

/* The PostGIS functions for this call site, found on its first call. */
static TurfPostgis *
get_postgis(FunctionCallInfo fcinfo)
{
	TurfPostgis *pg = (TurfPostgis *) fcinfo->flinfo->fn_extra;
	HeapTuple	tup;
	Oid			nsp = InvalidOid;
	char	   *schema;

	if (pg != NULL)
		return pg;
	pg = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(TurfPostgis));
	pg->geometry_type = get_fn_expr_argtype(fcinfo->flinfo, 0);
	/* PostGIS's functions live in the schema of its geometry type. */
	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(pg->geometry_type));
	if (HeapTupleIsValid(tup))
	{
		nsp = ((Form_pg_type) GETSTRUCT(tup))->typnamespace;
		ReleaseSysCache(tup);
	}
	schema = OidIsValid(nsp) ? get_namespace_name(nsp) : NULL;
	if (schema == NULL || !OidIsValid(pg->geometry_type))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("PostGIS is not installed in this database"),
				 errdetail("canvass.turf reads geometry through PostGIS."),
				 errhint("Run CREATE EXTENSION postgis, or CREATE EXTENSION canvass CASCADE.")));
	lookup_postgis(schema, "st_asewkb", pg->geometry_type, &pg->asewkb, fcinfo->flinfo->fn_mcxt);
	lookup_postgis(schema, "st_isempty", pg->geometry_type, &pg->isempty, fcinfo->flinfo->fn_mcxt);
	fcinfo->flinfo->fn_extra = pg;
	return pg;
}

/* Name of a WKB geometry type code (without flags), for messages. */
static const char *
wkb_type_name(uint32 code)
{
	switch (code)
	{
		case 1:
			return "Point";
		case 2:
			return "LineString";
		case 3:
			return "Polygon";
		case 4:
			return "MultiPoint";
		case 5:
			return "MultiLineString";
		case 6:
			return "MultiPolygon";
		case 7:
			return "GeometryCollection";
		case 8:
			return "CircularString";
		case 9:
			return "CompoundCurve";
		case 10:
			return "CurvePolygon";
		case 11:
			return "MultiCurve";
		case 12:
			return "MultiSurface";
		case 15:
			return "PolyhedralSurface";
		case 16:
			return "TIN";
		case 17:
			return "Triangle";
	}
	return "geometry of an unknown type";
}

/* Reads a uint32 or a double from WKB in its byte order. */
static uint32
wkb_uint32(const unsigned char *p, bool little)
{
	return little
		? (uint32) p[0] | (uint32) p[1] << 8 | (uint32) p[2] << 16 | (uint32) p[3] << 24
		: (uint32) p[3] | (uint32) p[2] << 8 | (uint32) p[1] << 16 | (uint32) p[0] << 24;
}

static double
wkb_double(const unsigned char *p, bool little)
{
	uint64		u = 0;
	double		d;
	int			i;

	for (i = 0; i < 8; i++)
		u |= (uint64) p[little ? i : 7 - i] << (8 * i);
	memcpy(&d, &u, sizeof(d));
	return d;
}

/* PostGIS's extended WKB: the type word's top bits are Z, M and SRID flags. */
#define EWKB_SRID_FLAG	0x20000000

/*
 * Reads one geometry from its EWKB (ST_AsEWKB): its x, y and SRID if it is
 * a non-empty point, ROW_EMPTY if it is empty; any other geometry is an
 * error naming row (1-based).
 */
static RowGeom
read_point(TurfPostgis *pg, Datum geom, int64 row, double *x, double *y, int32 *srid)
{
	bytea	   *wkb = DatumGetByteaPP(FunctionCall1(&pg->asewkb, geom));
	const unsigned char *p = (const unsigned char *) VARDATA_ANY(wkb);
	Size		len = VARSIZE_ANY_EXHDR(wkb),
				at = 5;
	bool		little;
	uint32		word,
				code;

	if (len < 5)
		elog(ERROR, "ST_AsEWKB returned %zu bytes", len);
	little = p[0] == 1;
	word = wkb_uint32(p + 1, little);
	code = word & 0x0FFFFFFF;
	*srid = 0;
	if (word & EWKB_SRID_FLAG)
	{
		if (len < 9)
			elog(ERROR, "ST_AsEWKB returned %zu bytes", len);
		*srid = (int32) wkb_uint32(p + 5, little);
		at = 9;
	}
	if (code == 1)
	{
		if (len < at + 16)
			elog(ERROR, "ST_AsEWKB returned a point of %zu bytes", len);
		*x = wkb_double(p + at, little);
		*y = wkb_double(p + at + 8, little);
		/* WKB writes an empty point as NaN coordinates */
		if (isnan(*x) && isnan(*y))
			return ROW_EMPTY;
		if (!isfinite(*x) || !isfinite(*y))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("turf point coordinates must be finite"),
					 errdetail("Row " INT64_FORMAT " of the partition is POINT(%g %g).", row, *x, *y),
					 errhint("Fix or leave out the geocode of that household; a NULL geometry takes no part.")));
		return ROW_POINT;
	}
	if (DatumGetBool(FunctionCall1(&pg->isempty, geom)))
		return ROW_EMPTY;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("turf geometries must be points"),
			 errdetail("Row " INT64_FORMAT " of the partition is a %s.", row, wkb_type_name(code)),
			 errhint("Pass one point per household, for example ST_PointOnSurface(geom) for a parcel or building polygon.")));
	return ROW_EMPTY;			/* not reached */
}

/* True for the longitude/latitude SRIDs turf projects to metres. */
static bool
srid_is_lonlat(int32 srid)
{
	return srid == 4326 || srid == 4269 || srid == 4258 || srid == 4267;
}

/*
 * Reads the partition, checks every argument, cuts the points and keeps
 * each row's turf in partition memory.
 */
static void
turf_partition(FunctionCallInfo fcinfo, WindowObject winobj, TurfPartition *part)
{
	TurfPostgis *pg = get_postgis(fcinfo);
	int64		nrows = WinGetPartitionRowCount(winobj);
	MemoryContext partcxt = GetMemoryChunkContext(part);
	MemoryContext rowcxt,
				oldcxt;
	bool		has_weight = PG_NARGS() >= 3;
	double	   *x,
			   *y;
	int64	   *w;
	int64	   *rowpos;
	int32	   *turf;
	int64		n = 0,
				total = 0,
				target = 0,
				target_row = -1,
				srid_row = -1,
				row,
				k;
	bool		target_null = false;
	int32		srid = 0;
	TurfStatus	status;

	part->turf = turf_alloc_array(partcxt, nrows, sizeof(int32));
	x = turf_alloc_array(CurrentMemoryContext, nrows, sizeof(double));
	y = turf_alloc_array(CurrentMemoryContext, nrows, sizeof(double));
	w = turf_alloc_array(CurrentMemoryContext, nrows, sizeof(int64));
	rowpos = turf_alloc_array(CurrentMemoryContext, nrows, sizeof(int64));
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "canvass turf row",
								   ALLOCSET_SMALL_SIZES);

	for (row = 0; row < nrows; row++)
	{
		bool		isnull,
					isout;
		Datum		geom,
					t;
		int64		weight = 1;
		int32		this_srid;
		RowGeom		kind;

		CHECK_FOR_INTERRUPTS();
		part->turf[row] = 0;
		if (has_weight)
		{
			Datum		wd = WinGetFuncArgInPartition(winobj, 2, row, WINDOW_SEEK_HEAD,
													  false, &isnull, &isout);

			if (isout)
				break;
			if (isnull)
				continue;		/* a NULL weight takes no part */
			weight = DatumGetInt32(wd);
			if (weight <= 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("turf weight must be positive"),
						 errdetail("Row " INT64_FORMAT " of the partition has weight " INT64_FORMAT ".",
								   row + 1, weight),
						 errhint("The weight is the number of doors at the point; use NULL to leave a point out.")));
		}
		geom = WinGetFuncArgInPartition(winobj, 0, row, WINDOW_SEEK_HEAD,
										false, &isnull, &isout);
		if (isout)
			break;
		if (isnull)
			continue;			/* a NULL geometry takes no part */

		MemoryContextReset(rowcxt);
		oldcxt = MemoryContextSwitchTo(rowcxt);
		kind = read_point(pg, geom, row + 1, &x[n], &y[n], &this_srid);
		MemoryContextSwitchTo(oldcxt);
		if (kind == ROW_EMPTY)
			continue;			/* an empty geometry takes no part */

		if (srid_row < 0)
		{
			srid_row = row;
			srid = this_srid;
		}
		else if (this_srid != srid)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("turf geometries must share one SRID"),
					 errdetail("Row " INT64_FORMAT " of the partition has SRID %d, row " INT64_FORMAT " has SRID %d.",
							   srid_row + 1, srid, row + 1, this_srid),
					 errhint("Transform them to one SRID first, for example ST_Transform(geom, 4326).")));

		t = WinGetFuncArgInPartition(winobj, 1, row, WINDOW_SEEK_HEAD,
									 false, &isnull, &isout);
		if (target_row < 0)
		{
			target_row = row;
			target_null = isnull;
			target = isnull ? 0 : DatumGetInt32(t);
			if (!isnull && target <= 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("turf target must be positive"),
						 errdetail("The target is " INT64_FORMAT " doors.", target),
						 errhint("Give the number of doors a turf should hold, for example 50.")));
		}
		else if (isnull != target_null || (!isnull && DatumGetInt32(t) != target))
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
				snprintf(this, sizeof(this), "%d", DatumGetInt32(t));
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("turf target must be the same on every row of a partition"),
					 errdetail("Row " INT64_FORMAT " of the partition has target %s, row " INT64_FORMAT " has %s.",
							   target_row + 1, first, row + 1, this),
					 errhint("Pass a constant target, or partition by the area whose turfs share a target.")));
		}
		w[n] = weight;
		rowpos[n] = row;
		total += weight;
		n++;
	}
	MemoryContextDelete(rowcxt);

	/* No point, or a NULL target on every point, leaves every row NULL. */
	if (n > 0 && !target_null)
	{
		if (srid_is_lonlat(srid))
		{
			size_t		bad = 0;

			if (turf_project_lonlat(n, x, y, &bad) != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("turf latitude out of range"),
						 errdetail("Row " INT64_FORMAT " of the partition is POINT(%g %g) in SRID %d, whose latitude is not within -90 and 90.",
								   rowpos[bad] + 1, x[bad], y[bad], srid),
						 errhint("Longitude comes first in PostGIS: ST_MakePoint(lon, lat), or swap them with ST_FlipCoordinates.")));
		}
		k = turf_count(total, target);
		turf = turf_alloc_array(CurrentMemoryContext, n, sizeof(int32));
		turf_malloc = turf_palloc;
		turf_free = turf_pfree;
		status = turf_cut(n, x, y, w, k, turf, turf_check_interrupts, NULL);
		if (status == TURF_NO_MEMORY)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory cutting turfs"),
					 errdetail("The partition holds " INT64_FORMAT " points.", n),
					 errhint("Cut smaller areas, for example by adding a column to PARTITION BY.")));
		if (status != TURF_OK)
			elog(ERROR, "unexpected turf status %d", (int) status);
		for (row = 0; row < n; row++)
			part->turf[rowpos[row]] = turf[row];
		pfree(turf);
	}
	pfree(x);
	pfree(y);
	pfree(w);
	pfree(rowpos);
	part->computed = true;
}

/*
 * turf(geom geometry, target int [, weight int]) OVER (PARTITION BY ...)
 *
 * Window order plays no part: the answer depends only on the partition's set
 * of rows.
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
