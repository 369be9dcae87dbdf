/*
 * turf_regions.c
 *	  SQL-callable turf_regions(doors, turfs, area): one MultiPolygon per
 *	  turf, the regions tiling the area.
 *
 * The boundaries between turfs come from the core (core/regions.c: the
 * Voronoi edges between doors of different turfs, from an exact Delaunay
 * triangulation); PostGIS (GEOS) nodes them with the area's boundary and
 * polygonizes the result, so the faces tile the area exactly; each face
 * inside the area takes the turf of the door nearest a point inside it
 * (every face lies in the Voronoi cells of one turf), and a turf's faces
 * are merged.  PostGIS's functions are looked up in the schema of the
 * geometry type, as geom_points.c does, and called through fmgr, so no
 * name is resolved through the caller's search_path.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_func.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "core/regions.h"
#include "geom_points.h"
#include "wkb.h"
#include "memory_limit.h"

PG_FUNCTION_INFO_V1(canvass_turf_regions);

#define FNAME "turf_regions"
/*
 * Most segments of boundary between turfs one call hands to PostGIS, whose
 * noding (GEOS) cannot be cancelled.  Measured: 100,000 uniform doors in
 * turfs of 60 have about 49,000 and the whole call takes 0.8 s; a million
 * have 514,000 and took 7.4 s, where the benchmark's street layouts take
 * several times longer.  A precinct's turfs have a few thousand.
 */
#define REGIONS_MAX_SEGMENTS 50000

/* The PostGIS functions turf_regions calls. */
typedef struct RegionsGeos
{
	Oid			geom;			/* the geometry type */
	FmgrInfo	force2d,
				geomtype,
				srid,
				isempty,
				isvalid,
				isvalidreason,
				covers,
				intersects,
				collect_arr,
				collect2,
				boundary,
				unaryunion,
				polygonize_arr,
				fromwkb,
				fromewkb,
				asewkb,
				pointonsurface,
				multi,
				stx,
				sty;
} RegionsGeos;

/* Looks up PostGIS function name(argtypes) in schema nsp into *fi. */
static void
geos_function(FmgrInfo *fi, Oid nsp, const char *name, int nargs, const Oid *argtypes)
{
	List	   *qname = list_make2(makeString(get_namespace_name(nsp)), makeString(pstrdup(name)));
	Oid			fn = LookupFuncName(qname, nargs, argtypes, true);

	if (!OidIsValid(fn))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("%s needs PostGIS function %s", FNAME, name),
				 errdetail("No function %s with %d arguments was found in schema \"%s\", where the geometry type lives.",
						   name, nargs, get_namespace_name(nsp)),
				 errhint("Install PostGIS 3 (CREATE EXTENSION postgis) or update it.")));
	fmgr_info(fn, fi);
}

/* Looks up every PostGIS function turf_regions needs, beside type geom. */
static void
geos_lookup(RegionsGeos *g, Oid geom)
{
	HeapTuple	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(geom));
	Oid			nsp,
				garr = get_array_type(geom),
				g1[1] = {geom},
				g2[2] = {geom, geom},
				ga[1] = {garr},
				gf[2] = {geom, FLOAT8OID},
				bi[2] = {BYTEAOID, INT4OID};

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for type %u", geom);
	nsp = ((Form_pg_type) GETSTRUCT(tup))->typnamespace;
	ReleaseSysCache(tup);
	g->geom = geom;
	geos_function(&g->force2d, nsp, "st_force2d", 1, g1);
	geos_function(&g->geomtype, nsp, "st_geometrytype", 1, g1);
	geos_function(&g->srid, nsp, "st_srid", 1, g1);
	geos_function(&g->isempty, nsp, "st_isempty", 1, g1);
	geos_function(&g->isvalid, nsp, "st_isvalid", 1, g1);
	geos_function(&g->isvalidreason, nsp, "st_isvalidreason", 1, g1);
	geos_function(&g->covers, nsp, "st_covers", 2, g2);
	geos_function(&g->intersects, nsp, "st_intersects", 2, g2);
	geos_function(&g->collect_arr, nsp, "st_collect", 1, ga);
	geos_function(&g->collect2, nsp, "st_collect", 2, g2);
	geos_function(&g->boundary, nsp, "st_boundary", 1, g1);
	geos_function(&g->unaryunion, nsp, "st_unaryunion", 2, gf);
	geos_function(&g->polygonize_arr, nsp, "st_polygonize", 1, ga);
	geos_function(&g->fromwkb, nsp, "st_geomfromwkb", 2, bi);
	geos_function(&g->fromewkb, nsp, "st_geomfromewkb", 1, bi);
	geos_function(&g->asewkb, nsp, "st_asewkb", 1, g1);
	geos_function(&g->pointonsurface, nsp, "st_pointonsurface", 1, g1);
	geos_function(&g->multi, nsp, "st_multi", 1, g1);
	geos_function(&g->stx, nsp, "st_x", 1, g1);
	geos_function(&g->sty, nsp, "st_y", 1, g1);
}

/* Calls a one- or two-argument function. */
static inline Datum
call1(FmgrInfo *fi, Datum a)
{
	return FunctionCall1(fi, a);
}

static inline Datum
call2(FmgrInfo *fi, Datum a, Datum b)
{
	return FunctionCall2(fi, a, b);
}

/* A one-element geometry array. */
static Datum
geom_array(RegionsGeos *g, Datum *elems, int n)
{
	return PointerGetDatum(construct_array(elems, n, g->geom, -1, false, TYPALIGN_DOUBLE));
}

/* Widens box (xmin, ymin, xmax, ymax) by a point of a geometry. */
static void
box_point(void *arg, double x, double y)
{
	double	   *box = arg;

	box[0] = fmin(box[0], x);
	box[1] = fmin(box[1], y);
	box[2] = fmax(box[2], x);
	box[3] = fmax(box[3], y);
}

/* Widens box by every point of the geometry at the cursor. */
static void
wkb_walk(WkbCursor *c, double box[4])
{
	WkbVisitor	v = {NULL, box_point, NULL, box};

	canvass_wkb_walk(c, &v, FNAME);
}

/* The EWKB of a geometry, as a bytea. */
static bytea *
geom_ewkb(RegionsGeos *g, Datum geom)
{
	return DatumGetByteaPP(call1(&g->asewkb, geom));
}

/*
 * Splits a geometry collection's members into geometries of the given
 * SRID: *n of them in a palloc'd array.
 */
static Datum *
collection_members(RegionsGeos *g, Datum coll, int32 srid, int *n)
{
	bytea	   *b = geom_ewkb(g, coll);
	WkbCursor	c = {(const uint8 *) VARDATA_ANY(b), (const uint8 *) VARDATA_ANY(b) + VARSIZE_ANY_EXHDR(b), true};
	uint32		type,
				count,
				i;
	Datum	   *out;
	double		box[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};

	canvass_wkb_need(&c, 1, FNAME);
	c.le = (*c.p++ == 1);
	type = canvass_wkb_u32(&c, FNAME);
	if (type & 0x20000000)
		(void) canvass_wkb_u32(&c, FNAME);
	count = canvass_wkb_u32(&c, FNAME);
	out = palloc(sizeof(Datum) * Max(count, 1));
	for (i = 0; i < count; i++)
	{
		const uint8 *start = c.p;
		bytea	   *member;
		bool		le = c.le;

		CHECK_FOR_INTERRUPTS();
		wkb_walk(&c, box);
		c.le = le;
		member = palloc(VARHDRSZ + (c.p - start));
		SET_VARSIZE(member, VARHDRSZ + (c.p - start));
		memcpy(VARDATA(member), start, c.p - start);
		out[i] = call2(&g->fromwkb, PointerGetDatum(member), Int32GetDatum(srid));
	}
	*n = (int) count;
	return out;
}

/* Reads the turfs array: one integer per door, no NULLs. */
static int32_t *
read_turfs(ArrayType *arr, int64 ndoors)
{
	Datum	   *elems;
	bool	   *nulls;
	int			nelems,
				lbound,
				i;
	int32_t    *turf;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s needs one-dimensional arrays", FNAME),
				 errdetail("The array turfs has %d dimensions.", ARR_NDIM(arr)),
				 errhint("Pass one turf number per door, for example array_agg(turf ORDER BY id).")));
	deconstruct_array(arr, INT4OID, sizeof(int32), true, TYPALIGN_INT, &elems, &nulls, &nelems);
	if (nelems != ndoors)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s needs one turf number per door", FNAME),
				 errdetail("The array doors has " INT64_FORMAT " elements, turfs %d.", ndoors, nelems),
				 errhint("Build both arrays from the same rows in the same order, for example array_agg(geom ORDER BY id) and array_agg(turf ORDER BY id).")));
	lbound = nelems > 0 ? ARR_LBOUND(arr)[0] : 1;
	turf = palloc(sizeof(int32_t) * Max(nelems, 1));
	for (i = 0; i < nelems; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s needs a turf number in every element of turfs", FNAME),
					 errdetail("Element %d of turfs is NULL.", i + lbound),
					 errhint("Leave doors with no turf out of both arrays, for example with FILTER (WHERE turf IS NOT NULL).")));
		turf[i] = DatumGetInt32(elems[i]);
	}
	return turf;
}

/* Checks the area: a valid, non-empty polygon or multipolygon in the doors' SRID. */
static void
check_area(RegionsGeos *g, Datum area, int32 srid, bool have_doors)
{
	char	   *type = text_to_cstring(DatumGetTextPP(call1(&g->geomtype, area)));
	int32		asrid = DatumGetInt32(call1(&g->srid, area));

	if (strcmp(type, "ST_Polygon") != 0 && strcmp(type, "ST_MultiPolygon") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs a polygon or multipolygon as area", FNAME),
				 errdetail("The area is a %s.", type + 3),
				 errhint("Pass the partition's polygon, for example the precinct's geometry; ST_CollectionExtract(geom, 3) keeps the polygons of a collection.")));
	if (DatumGetBool(call1(&g->isempty, area)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs an area that is not empty", FNAME),
				 errdetail("The area is an empty %s.", type + 3),
				 errhint("Pass the partition's polygon, for example the precinct's geometry.")));
	if (have_doors && asrid != srid)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs the doors and the area in one SRID", FNAME),
				 errdetail("The doors have SRID %d, the area SRID %d.", srid, asrid),
				 errhint("Transform one into the other's system, for example ST_Transform(area, %d).", srid)));
	if (!DatumGetBool(call1(&g->isvalid, area)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs a valid area", FNAME),
				 errdetail("PostGIS finds the area invalid: %s.",
						   text_to_cstring(DatumGetTextPP(call1(&g->isvalidreason, area)))),
				 errhint("Repair it with ST_MakeValid(area), and check that the repair is the polygon you meant.")));
}

/* Checks that every door lies in the area (its boundary included). */
static void
check_doors_inside(RegionsGeos *g, Datum area, ArrayType *doors, const CanvassPoints *pts)
{
	Datum	   *elems;
	bool	   *nulls;
	int			nelems,
				i;

	if (DatumGetBool(call2(&g->covers, area, call1(&g->collect_arr, PointerGetDatum(doors)))))
		return;
	deconstruct_array(doors, g->geom, -1, false, TYPALIGN_DOUBLE, &elems, &nulls, &nelems);
	for (i = 0; i < nelems; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (!DatumGetBool(call2(&g->covers, area, elems[i])))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s needs every door inside the area", FNAME),
					 errdetail("Element " INT64_FORMAT " of doors, POINT(%.15g %.15g), lies outside the area.",
							   (int64) i + pts->base, pts->x[i], pts->y[i]),
					 errhint("Pass the doors of one partition with its polygon (for example WHERE ST_Covers(p.geom, d.geom)); a door geocoded just outside can be moved in with ST_ClosestPoint(area, geom).")));
	}
}

/* The EWKB of a MultiLineString of the core's boundary segments, x divided by kx. */
static bytea *
segments_ewkb(const RegionsDiagram *d, int32 srid, double kx)
{
	Size		len = 1 + 4 + 4 + 4 + d->nseg * (1 + 4 + 4 + 32);
	bytea	   *b;
	uint8	   *p;
	size_t		i;
	uint32		u;
#ifdef WORDS_BIGENDIAN
	const uint8 byteorder = 0;
#else
	const uint8 byteorder = 1;
#endif

	if (len > MaxAllocHugeSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many doors for %s", FNAME),
				 errdetail("The boundaries between turfs would take %zu bytes.", (size_t) len),
				 errhint("Call turf_regions for each partition (precinct) separately.")));
	b = MemoryContextAllocHuge(CurrentMemoryContext, VARHDRSZ + len);
	SET_VARSIZE(b, VARHDRSZ + len);
	p = (uint8 *) VARDATA(b);
#define PUT_U32(v) do { u = (uint32) (v); memcpy(p, &u, 4); p += 4; } while (0)
#define PUT_F64(v) do { double dv = (v); memcpy(p, &dv, 8); p += 8; } while (0)
	*p++ = byteorder;
	PUT_U32(5 | 0x20000000);
	PUT_U32(srid);
	PUT_U32(d->nseg);
	for (i = 0; i < d->nseg; i++)
	{
		*p++ = byteorder;
		PUT_U32(2);
		PUT_U32(2);
		PUT_F64(d->seg[4 * i] / kx);
		PUT_F64(d->seg[4 * i + 1]);
		PUT_F64(d->seg[4 * i + 2] / kx);
		PUT_F64(d->seg[4 * i + 3]);
	}
#undef PUT_U32
#undef PUT_F64
	return b;
}

/* Reports a core status other than REGIONS_OK. */
static void
report_status(RegionsStatus st, const RegionsDiagram *d, const CanvassPoints *pts,
			  const int32_t *turf, int64 n)
{
	switch (st)
	{
		case REGIONS_OK:
			return;
		case REGIONS_NOT_FINITE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s needs coordinates within +-1e15", FNAME),
					 errdetail("A door has a coordinate beyond 1e15 in magnitude."),
					 errhint("Check the SRID and the units: no coordinate system on Earth comes near 1e15.")));
			break;
		case REGIONS_TOO_MANY:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many doors for %s", FNAME),
					 errdetail("There are " INT64_FORMAT " doors.", n),
					 errhint("Call turf_regions for each partition (precinct) separately.")));
			break;
		case REGIONS_NO_MEMORY:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory"),
					 errdetail("%s could not allocate its working memory for " INT64_FORMAT " doors.", FNAME, n),
					 errhint("Call turf_regions for each partition (precinct) separately.")));
			break;
		case REGIONS_SHARED_POINT:
			{
				size_t		a = Min(d->clash_a, d->clash_b),
							b = Max(d->clash_a, d->clash_b);
				bool		same = pts->x[a] == pts->x[b] && pts->y[a] == pts->y[b];

				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s needs the doors at one point in one turf", FNAME),
						 errdetail("Elements " INT64_FORMAT " and " INT64_FORMAT " of doors, in turfs %d and %d, are %s: POINT(%.15g %.15g) and POINT(%.15g %.15g).",
								   (int64) a + pts->base, (int64) b + pts->base, turf[a], turf[b],
								   same ? "at the same point" : "closer than the 2^-29th part of the doors' extent",
								   pts->x[a], pts->y[a], pts->x[b], pts->y[b]),
						 errhint("No region can hold one and not the other: give the doors of one building one turf (canvass.turf keeps the doors at one point together), or correct the geocoding.")));
			}
			break;
	}
}

/* Orders face indexes by their turf, then by index. */
static int
face_cmp(const void *a, const void *b, void *arg)
{
	const int32_t *label = arg;
	int			i = *(const int *) a,
				j = *(const int *) b;

	if (label[i] != label[j])
		return label[i] < label[j] ? -1 : 1;
	return (i > j) - (i < j);
}

/*
 * turf_regions(doors geometry[], turfs integer[], area geometry)
 *	 RETURNS TABLE (turf integer, door_count integer, region geometry)
 *
 * One row per distinct turf number, in ascending order: the number of
 * doors (elements) in it and its region, a MultiPolygon in the doors'
 * SRID.  The regions tile the area.  Any NULL argument, or no doors: no
 * rows.
 */
Datum
canvass_turf_regions(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CanvassGeomReader *rd;
	CanvassPoints pts;
	RegionsGeos g;
	RegionsDiagram d;
	RegionsStatus st;
	ArrayType  *doors;
	Datum		area;
	int32_t    *turf;
	int32_t    *label;
	int		   *order;
	double	   *x;
	double		box[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY},
				kx = 1.0,
				margin;
	int64		n,
				i;
	int			nfaces = 0,
				f;
	Datum	   *faces = NULL;
	bytea	   *ab;
	WkbCursor	c;
	int32	   *count;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	doors = PG_GETARG_ARRAYTYPE_P(0);
	rd = canvass_geom_reader(fcinfo, 0, FNAME);
	canvass_points_read_array(rd, doors, "doors", &pts);
	n = pts.n;
	turf = read_turfs(PG_GETARG_ARRAYTYPE_P(1), n);
	for (i = 0; i < n; i++)
		if (fabs(pts.x[i]) > CORE_COORD_MAX || fabs(pts.y[i]) > CORE_COORD_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s needs coordinates within +-1e15", FNAME),
					 errdetail("Element " INT64_FORMAT " of doors is POINT(%g %g).", i + pts.base, pts.x[i], pts.y[i]),
					 errhint("Check the SRID and the units: no coordinate system on Earth comes near 1e15.")));
	geos_lookup(&g, get_fn_expr_argtype(fcinfo->flinfo, 2));
	area = call1(&g.force2d, PG_GETARG_DATUM(2));
	check_area(&g, area, pts.srid, n > 0);
	if (n == 0)
		PG_RETURN_NULL();
	canvass_check_memory(FNAME, (double) n, "doors", 400, 0,
						 "Call turf_regions for each partition (precinct) separately.");
	check_doors_inside(&g, area, doors, &pts);

	/* the area's bounding box, with a margin, in the core's coordinates */
	ab = geom_ewkb(&g, area);
	c.p = (const uint8 *) VARDATA_ANY(ab);
	c.end = c.p + VARSIZE_ANY_EXHDR(ab);
	wkb_walk(&c, box);
	if (canvass_srid_is_geographic(pts.srid))
		kx = cos((box[1] + box[3]) / 2 * M_PI / 180);	/* metres per degree east over north */
	box[0] *= kx;
	box[2] *= kx;
	margin = 0.01 * fmax(box[2] - box[0], box[3] - box[1]) + 1e-9 * fmax(fabs(box[2]), fabs(box[3]));
	box[0] -= margin;
	box[1] -= margin;
	box[2] += margin;
	box[3] += margin;
	x = palloc(sizeof(double) * n);
	for (i = 0; i < n; i++)
		x[i] = pts.x[i] * kx;

	st = regions_build(x, pts.y, turf, (size_t) n, box, &d, canvass_check_interrupts,
					   &canvass_core_palloc);
	report_status(st, &d, &pts, turf, n);
	if (d.nseg > REGIONS_MAX_SEGMENTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s takes at most %d segments of boundary between turfs in one call", FNAME,
						REGIONS_MAX_SEGMENTS),
				 errdetail("The " INT64_FORMAT " doors have %zu such segments. PostGIS nodes them with the area's boundary in one step that a cancel or statement_timeout cannot interrupt, so one call is kept to what that step does in seconds.",
						   n, (size_t) d.nseg),
				 errhint("Call turf_regions for each precinct, or each partition of the cut, separately.")));

	/* the faces of the boundaries noded with the area's own, and their turfs */
	if (d.nseg == 0)
	{
		faces = palloc(sizeof(Datum));
		faces[0] = area;
		nfaces = 1;
	}
	else
	{
		Datum		lines = call1(&g.fromewkb, PointerGetDatum(segments_ewkb(&d, pts.srid, kx)));
		Datum		noded = call2(&g.unaryunion, call2(&g.collect2, lines, call1(&g.boundary, area)),
								  Float8GetDatum(-1.0));

		faces = collection_members(&g, call1(&g.polygonize_arr, geom_array(&g, &noded, 1)),
								   pts.srid, &nfaces);
	}
	label = palloc(sizeof(int32_t) * Max(nfaces, 1));
	order = palloc(sizeof(int) * Max(nfaces, 1));
	for (f = 0; f < nfaces; f++)
	{
		Datum		inner = call1(&g.pointonsurface, faces[f]);

		CHECK_FOR_INTERRUPTS();
		order[f] = f;
		if (d.nseg > 0 && !DatumGetBool(call2(&g.intersects, area, inner)))
		{
			label[f] = 0;
			order[f] = -1;		/* outside the area (a hole, or beyond it) */
			continue;
		}
		label[f] = d.turf[regions_nearest(&d, DatumGetFloat8(call1(&g.stx, inner)) * kx,
										  DatumGetFloat8(call1(&g.sty, inner)))];
	}
	{
		int			m = 0;

		for (f = 0; f < nfaces; f++)
			if (order[f] >= 0)
				order[m++] = order[f];
		nfaces = m;
	}
	qsort_arg(order, nfaces, sizeof(int), face_cmp, label);

	/* doors per turf, in the order of the faces' turfs */
	count = palloc0(sizeof(int32) * Max(nfaces, 1));
	for (i = 0; i < n; i++)
	{
		int			lo = 0,
					hi = nfaces;

		while (lo < hi)
		{
			int			mid = (lo + hi) / 2;

			if (label[order[mid]] < turf[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == nfaces || label[order[lo]] != turf[i])
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("%s found no region for turf %d", FNAME, turf[i]),
					 errdetail("Element " INT64_FORMAT " of doors, POINT(%.15g %.15g), is in turf %d, and no face of the area took that turf.",
							   i + pts.base, pts.x[i], pts.y[i], turf[i]),
					 errhint("Doors of different turfs almost at one point can cause this: check the geocoding.")));
		count[lo]++;
	}
	for (f = 0; f < nfaces;)
	{
		int			e = f + 1;
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		CHECK_FOR_INTERRUPTS();
		while (e < nfaces && label[order[e]] == label[order[f]])
			e++;
		if (e - f == 1)
			values[2] = call1(&g.multi, faces[order[f]]);
		else
		{
			Datum	   *members = palloc(sizeof(Datum) * (e - f));
			int			k;

			for (k = f; k < e; k++)
				members[k - f] = faces[order[k]];
			values[2] = call1(&g.multi, call2(&g.unaryunion,
											  call1(&g.collect_arr, geom_array(&g, members, e - f)),
											  Float8GetDatum(-1.0)));
		}
		values[0] = Int32GetDatum(label[order[f]]);
		values[1] = Int32GetDatum(count[f]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		f = e;
	}
	regions_free(&d);
	PG_RETURN_NULL();
}
