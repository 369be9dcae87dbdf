/*
 * geom_points.c
 *	  Reading PostGIS points into plane coordinates; see geom_points.h.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "core/coord.h"
#include "core/gserialized_point.h"
#include "geom_points.h"

#define EARTH_RADIUS_M 6371008.8	/* mean radius (IUGG), metres */
#define CANVASS_MAX_CANVASS_LATITUDE 75.0	/* every point beyond: lat/lon swapped */

/* Where a value came from, for messages; formatted only when one is needed. */
typedef struct PointPlace
{
	bool		in_array;		/* element of an array, else row of the partition */
	int64		number;			/* 1-based row, or the element's subscript */
	const char *argname;		/* the array argument */
} PointPlace;

/* "row 3 of the partition" or "element 2 of sites". */
static const char *
place_text(const PointPlace *pl)
{
	if (pl->in_array)
		return psprintf("element " INT64_FORMAT " of %s", pl->number, pl->argname);
	return psprintf("row " INT64_FORMAT " of the partition", pl->number);
}

int			canvass_point_reader = CANVASS_READER_AUTO;

/*
 * Reads a point straight from PostGIS's serialized form, without a
 * function call or a copy; see core/gserialized_point.c.
 */
static GserPointStatus
read_point_serialized(Datum geom, double *x, double *y, int32 *srid)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(geom);
	GserPointStatus st = gser_point_read((const uint8_t *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v),
										 x, y, srid);

	if ((Pointer) v != DatumGetPointer(geom))
		pfree(v);
	return st;
}

/* Flags of PostGIS's extended WKB type word. */
#define EWKB_Z 0x80000000u
#define EWKB_M 0x40000000u
#define EWKB_SRID 0x20000000u

bool
canvass_srid_is_geographic(int32 srid)
{
	switch (srid)
	{
		case 4326:				/* WGS 84 */
		case 4269:				/* NAD83 (US Census TIGER/Line) */
		case 4267:				/* NAD27 */
		case 6318:				/* NAD83(2011) */
		case 4258:				/* ETRS89 */
		case 4283:				/* GDA94 */
		case 7844:				/* GDA2020 */
		case 4617:				/* NAD83(CSRS) */
			return true;
		default:
			return false;
	}
}

/* Looks up a one-argument PostGIS function by name in schema nsp. */
static Oid
postgis_function(Oid nsp, const char *name, Oid argtype, const char *fname)
{
	List	   *qname = list_make2(makeString(get_namespace_name(nsp)), makeString(pstrdup(name)));
	Oid			fn = LookupFuncName(qname, 1, &argtype, true);

	if (!OidIsValid(fn))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("%s needs PostGIS function %s(geometry)", fname, name),
				 errdetail("No function %s(geometry) was found in schema \"%s\", where the geometry type lives.",
						   name, get_namespace_name(nsp)),
				 errhint("Install PostGIS 3 (CREATE EXTENSION postgis) or update it.")));
	return fn;
}

CanvassGeomReader *
canvass_geom_reader(FunctionCallInfo fcinfo, int argno, const char *fname)
{
	CanvassGeomReader *rd = (CanvassGeomReader *) fcinfo->flinfo->fn_extra;
	MemoryContext cxt = fcinfo->flinfo->fn_mcxt;
	Oid			argtype,
				elemtype,
				nsp;
	HeapTuple	tup;

	if (rd != NULL)
		return rd;
	argtype = get_fn_expr_argtype(fcinfo->flinfo, argno);
	if (!OidIsValid(argtype))
		elog(ERROR, "%s: could not determine the type of argument %d", fname, argno + 1);
	elemtype = get_element_type(argtype);
	if (OidIsValid(elemtype))
		argtype = elemtype;
	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(argtype));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for type %u", argtype);
	nsp = ((Form_pg_type) GETSTRUCT(tup))->typnamespace;
	ReleaseSysCache(tup);

	rd = MemoryContextAllocZero(cxt, sizeof(CanvassGeomReader));
	fmgr_info_cxt(postgis_function(nsp, "st_asewkb", argtype, fname), &rd->asewkb, cxt);
	fmgr_info_cxt(postgis_function(nsp, "st_isempty", argtype, fname), &rd->isempty, cxt);
	rd->fname = fname;
	rd->rowcxt = AllocSetContextCreate(cxt, "canvass geometry reading", ALLOCSET_SMALL_SIZES);
	fcinfo->flinfo->fn_extra = rd;
	return rd;
}

/* Reads a 32-bit word of the given byte order. */
static uint32
read_u32(const unsigned char *p, bool little)
{
	if (little)
		return (uint32) p[0] | ((uint32) p[1] << 8) | ((uint32) p[2] << 16) | ((uint32) p[3] << 24);
	return (uint32) p[3] | ((uint32) p[2] << 8) | ((uint32) p[1] << 16) | ((uint32) p[0] << 24);
}

/* Reads an IEEE double of the given byte order. */
static double
read_f64(const unsigned char *p, bool little)
{
	uint64		bits = 0;
	double		d;
	int			i;

	for (i = 0; i < 8; i++)
		bits |= (uint64) p[little ? i : 7 - i] << (8 * i);
	memcpy(&d, &bits, sizeof(d));
	return d;
}

/* The name of a WKB geometry type, for messages. */
static const char *
wkb_type_name(uint32 type)
{
	static const char *const names[] = {
		"Geometry", "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString",
		"MultiPolygon", "GeometryCollection", "CircularString", "CompoundCurve",
		"CurvePolygon", "MultiCurve", "MultiSurface", "PolyhedralSurface", "Triangle", "Tin"
	};

	return type < lengthof(names) ? names[type] : "unknown geometry type";
}

/* The error for a point with a NaN or infinite coordinate. */
static void
report_not_finite(CanvassGeomReader *rd, const PointPlace *pl, double x, double y)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s needs finite coordinates", rd->fname),
			 errdetail("The geometry at %s is POINT(%g %g).", place_text(pl), x, y),
			 errhint("Fix or leave out the geocode of that household; a NULL geometry takes no part.")));
}

/*
 * Reads one geometry: returns false when it is empty (of any type), else
 * sets *x, *y and *srid; a non-empty geometry other than a point is an
 * error.  Points are read from the serialized form directly when it is the
 * one this file knows, otherwise (and always when
 * canvass.debug_point_reader is 'wkb') through ST_AsEWKB.
 */
static bool
read_point(CanvassGeomReader *rd, Datum geom, const PointPlace *pl,
		   double *x, double *y, int32 *srid)
{
	MemoryContext old;
	bytea	   *wkb;
	const unsigned char *p;
	Size		len;
	bool		little;
	uint32		type,
				base;
	Size		off = 5;
	bool		empty = false;
	const char *where;

	if (canvass_point_reader != CANVASS_READER_WKB)
	{
		switch (read_point_serialized(geom, x, y, srid))
		{
			case GSER_EMPTY:
				return false;
			case GSER_POINT:
				if (!isfinite(*x) || !isfinite(*y))
					report_not_finite(rd, pl, *x, *y);
				return true;
			case GSER_OTHER:
				if (canvass_point_reader == CANVASS_READER_SERIALIZED)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("%s reads only serialized points when canvass.debug_point_reader is 'serialized'",
									rd->fname),
							 errdetail("The geometry at %s is not a point in PostGIS's serialized form that the direct reader takes.",
									   place_text(pl)),
							 errhint("Set canvass.debug_point_reader to 'auto' (the default) to read every geometry.")));
				break;
		}
	}

	/*
	 * ST_AsEWKB's output is PostGIS's own well-formed EWKB of a valid
	 * geometry; the elogs below guard against a broken PostGIS, not input.
	 */
	where = place_text(pl);
	old = MemoryContextSwitchTo(rd->rowcxt);
	wkb = DatumGetByteaPP(FunctionCall1(&rd->asewkb, geom));
	p = (const unsigned char *) VARDATA_ANY(wkb);
	len = VARSIZE_ANY_EXHDR(wkb);
	if (len < 5 || (p[0] != 0 && p[0] != 1))
		elog(ERROR, "%s: unexpected output of ST_AsEWKB for %s", rd->fname, where);
	little = (p[0] == 1);
	type = read_u32(p + 1, little);
	base = type & 0x0FFFFFFFu;
	*srid = 0;
	if (type & EWKB_SRID)
	{
		if (len < off + 4)
			elog(ERROR, "%s: unexpected output of ST_AsEWKB for %s", rd->fname, where);
		*srid = (int32) read_u32(p + off, little);
		off += 4;
	}
	if (base != 1)
	{
		const char *name = wkb_type_name(base);

		/* an empty geometry of any type takes no part, like NULL */
		if (DatumGetBool(FunctionCall1(&rd->isempty, geom)))
		{
			MemoryContextSwitchTo(old);
			MemoryContextReset(rd->rowcxt);
			return false;
		}
		MemoryContextSwitchTo(old);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s takes points, not %s", rd->fname, name),
				 errdetail("The geometry at %s is a %s.", where, name),
				 errhint("Pass one point per household, for example ST_PointOnSurface(geom) of a building or parcel.")));
	}
	if (len < off + 16)
		elog(ERROR, "%s: unexpected output of ST_AsEWKB for %s", rd->fname, where);
	*x = read_f64(p + off, little);
	*y = read_f64(p + off + 8, little);
	/* POINT EMPTY is written as NaN NaN; so is a point made of two NaNs */
	if (isnan(*x) && isnan(*y))
		empty = DatumGetBool(FunctionCall1(&rd->isempty, geom));
	MemoryContextSwitchTo(old);
	MemoryContextReset(rd->rowcxt);
	if (empty)
		return false;
	if (!isfinite(*x) || !isfinite(*y))
		report_not_finite(rd, pl, *x, *y);
	return true;
}

/* Checks that a point's SRID matches the set's, taking the first as the set's. */
static void
check_srid(CanvassGeomReader *rd, CanvassPoints *pts, int32 srid, const PointPlace *pl)
{
	if (pts->n == 0)
		pts->srid = srid;
	else if (srid != pts->srid)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs all points in one SRID", rd->fname),
				 errdetail("The geometry at %s has SRID %d, an earlier one SRID %d.",
						   place_text(pl), srid, pts->srid),
				 errhint("Transform them into one system, for example with ST_Transform(geom, 4326).")));
}

/* Allocates the arrays of a set of up to n points. */
static void
alloc_points(CanvassPoints *pts, int64 n, const char *fname)
{
	if ((Size) n > MaxAllocHugeSize / sizeof(double) - 1)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many points for %s", fname),
				 errdetail(INT64_FORMAT " points would need more memory than one allocation can hold.", n),
				 errhint("Split the points into smaller groups, for example with PARTITION BY.")));
	pts->x = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * Max(n, 1));
	pts->y = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * Max(n, 1));
	pts->row = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int64) * Max(n, 1));
}

void
canvass_points_read_window(CanvassGeomReader *rd, WindowObject winobj, int argno,
						   const char *argname, CanvassPoints *pts)
{
	int64		nrows = WinGetPartitionRowCount(winobj);
	int64		row;

	memset(pts, 0, sizeof(*pts));
	pts->what = "row";
	pts->argname = argname;
	pts->base = 1;
	alloc_points(pts, nrows, rd->fname);
	for (row = 0; row < nrows; row++)
	{
		bool		isnull,
					isout;
		Datum		g;
		double		x,
					y;
		int32		srid;
		PointPlace	pl = {false, row + 1, argname};

		CHECK_FOR_INTERRUPTS();
		g = WinGetFuncArgInPartition(winobj, argno, row, WINDOW_SEEK_HEAD, false,
									 &isnull, &isout);
		if (isout)
			break;
		pts->nrows = row + 1;
		if (isnull)
			continue;
		if (!read_point(rd, g, &pl, &x, &y, &srid))
			continue;
		check_srid(rd, pts, srid, &pl);
		pts->x[pts->n] = x;
		pts->y[pts->n] = y;
		pts->row[pts->n] = row;
		pts->n++;
	}
}

void
canvass_points_read_array(CanvassGeomReader *rd, ArrayType *arr, const char *argname,
						  CanvassPoints *pts)
{
	Oid			elemtype = ARR_ELEMTYPE(arr);
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;
	bool	   *nulls;
	int			nelems,
				lbound,
				i;

	memset(pts, 0, sizeof(*pts));
	pts->what = "element";
	pts->argname = argname;
	pts->base = 1;
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s needs one-dimensional arrays", rd->fname),
				 errdetail("The array %s has %d dimensions.", argname, ARR_NDIM(arr)),
				 errhint("Pass one point per element, for example array_agg(geom).")));
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(arr, elemtype, typlen, typbyval, typalign, &elems, &nulls, &nelems);
	lbound = nelems > 0 ? ARR_LBOUND(arr)[0] : 1;
	pts->base = lbound;
	alloc_points(pts, nelems, rd->fname);
	pts->nrows = nelems;
	for (i = 0; i < nelems; i++)
	{
		double		x,
					y;
		int32		srid;
		PointPlace	pl = {true, i + lbound, argname};

		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s needs a point in every element of %s", rd->fname, argname),
					 errdetail("Element %d of %s is NULL.", i + lbound, argname),
					 errhint("Leave NULL geometries out of the array, for example with array_agg(geom) FILTER (WHERE geom IS NOT NULL).")));
		if (!read_point(rd, elems[i], &pl, &x, &y, &srid))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s needs a point in every element of %s", rd->fname, argname),
					 errdetail("Element %d of %s is an empty geometry.", i + lbound, argname),
					 errhint("Leave empty geometries out of the array, for example with FILTER (WHERE NOT ST_IsEmpty(geom)).")));
		check_srid(rd, pts, srid, &pl);
		pts->x[pts->n] = x;
		pts->y[pts->n] = y;
		pts->row[pts->n] = i;
		pts->n++;
	}
}

void
canvass_points_project(CanvassPoints *sets, int nsets, const char *fname)
{
	int32		srid = 0;
	int			first = -1,
				s;
	double		minx = INFINITY,
				maxx = -INFINITY,
				miny = INFINITY,
				maxy = -INFINITY,
				lon0,
				lat0,
				kx,
				ky;
	bool		geographic;

	for (s = 0; s < nsets; s++)
	{
		if (sets[s].n == 0)
			continue;
		if (first < 0)
		{
			first = s;
			srid = sets[s].srid;
		}
		else if (sets[s].srid != srid)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s needs all points in one SRID", fname),
					 errdetail("The points of %s have SRID %d, those of %s SRID %d.",
							   sets[first].argname, srid, sets[s].argname, sets[s].srid),
					 errhint("Transform them into one system, for example with ST_Transform(geom, 4326).")));
	}
	if (first < 0)
		return;
	geographic = canvass_srid_is_geographic(srid);
	for (s = 0; s < nsets; s++)
	{
		int64		i;

		sets[s].geographic = geographic;
		for (i = 0; i < sets[s].n; i++)
		{
			double		x = sets[s].x[i],
						y = sets[s].y[i];

			CHECK_FOR_INTERRUPTS();
			if (fabs(x) > CORE_COORD_MAX || fabs(y) > CORE_COORD_MAX)
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("%s needs coordinates within +-1e15", fname),
						 errdetail("The geometry at %s " INT64_FORMAT " of %s is POINT(%g %g).",
								   sets[s].what, sets[s].row[i] + sets[s].base,
								   strcmp(sets[s].what, "row") == 0 ? "the partition" : sets[s].argname, x, y),
						 errhint("Check the SRID and the units: no coordinate system on Earth comes near 1e15.")));
			if (geographic && (x < -180 || x > 180 || y < -90 || y > 90))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s needs longitudes within [-180, 180] and latitudes within [-90, 90] in SRID %d",
								fname, srid),
						 errdetail("The geometry at %s " INT64_FORMAT " of %s is POINT(%g %g).",
								   sets[s].what, sets[s].row[i] + sets[s].base,
								   strcmp(sets[s].what, "row") == 0 ? "the partition" : sets[s].argname, x, y),
						 errhint("Points in SRID %d are longitude then latitude; ST_FlipCoordinates swaps them.", srid)));
			minx = fmin(minx, x);
			maxx = fmax(maxx, x);
			miny = fmin(miny, y);
			maxy = fmax(maxy, y);
		}
	}
	/*
	 * Coordinate mistakes that would give a plausible-looking wrong answer.
	 * Points built as ST_MakePoint(lat, lon) in Georgia land beyond 75
	 * degrees of latitude, where nobody canvasses: refused.  Points with no
	 * SRID are taken as planar coordinates, so longitude/latitude without
	 * ST_SetSRID would be cut as if a whole precinct lay within a metre:
	 * said out loud.
	 */
	if (geographic && (miny > CANVASS_MAX_CANVASS_LATITUDE || maxy < -CANVASS_MAX_CANVASS_LATITUDE))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s found every point beyond %d degrees of latitude in SRID %d",
						fname, (int) CANVASS_MAX_CANVASS_LATITUDE, srid),
				 errdetail("The points' latitudes lie between %g and %g and their longitudes between %g and %g; longitude and latitude are probably swapped.",
						   miny, maxy, minx, maxx),
				 errhint("ST_MakePoint takes longitude first: ST_MakePoint(lon, lat); ST_FlipCoordinates(geom) swaps the coordinates of existing points.")));
	if (srid == 0 && maxx - minx < 1 && maxy - miny < 1 && (maxx > minx || maxy > miny) &&
		minx >= -180 && maxx <= 180 && miny >= -90 && maxy <= 90)
		ereport(WARNING,
				(errcode(ERRCODE_WARNING),
				 errmsg("%s takes points with no SRID as planar coordinates, and these lie within one unit of each other", fname),
				 errdetail("Their longitudes would lie between %g and %g and their latitudes between %g and %g: if they are degrees, distances come out in degrees.",
						   minx, maxx, miny, maxy),
				 errhint("Give the points their SRID: ST_SetSRID(geom, 4326) for longitude and latitude, or the projected SRID their coordinates are in.")));
	if (!geographic)
		return;
	/* equirectangular about the centre of the bounding box, in metres */
	lon0 = (minx + maxx) / 2;
	lat0 = (miny + maxy) / 2;
	ky = EARTH_RADIUS_M * M_PI / 180.0;
	kx = ky * cos(lat0 * M_PI / 180.0);
	for (s = 0; s < nsets; s++)
	{
		int64		i;

		for (i = 0; i < sets[s].n; i++)
		{
			CHECK_FOR_INTERRUPTS();
			sets[s].x[i] = (sets[s].x[i] - lon0) * kx;
			sets[s].y[i] = (sets[s].y[i] - lat0) * ky;
		}
	}
}
