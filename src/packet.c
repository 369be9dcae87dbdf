/*
 * packet.c
 *	  SQL-callable turf_packet(...): the printable page a canvasser walks
 *	  with, as one self-contained HTML document: the turf's map (its region,
 *	  the route through the stops, each stop numbered, a scale bar) drawn as
 *	  inline SVG (the numbered circles placed by core/labels.c so none hides
 *	  another), and the walk list (knock order, address, voters at the
 *	  door, universe, boxes for the result).  No script, font or image from
 *	  outside, so it prints and opens anywhere.
 *
 * Geometries are read through PostGIS's ST_AsEWKB (looked up in the schema
 * of the geometry type, as geom_points.c does); the SVG is written here.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "core/labels.h"
#include "geom_points.h"
#include "memory_limit.h"
#include "support.h"
#include "wkb.h"

PG_FUNCTION_INFO_V1(canvass_turf_packet);

#define PNAME "turf_packet"

/* Width of the map in SVG units. */
#define MAP_WIDTH 1000.0

/* Metres per degree of latitude (R = 6,371,008.8 m). */
#define METRES_PER_DEGREE (6371008.8 * M_PI / 180.0)

/* Appends text with the five HTML special characters escaped. */
static void
append_html(StringInfo s, const char *t)
{
	for (; t && *t; t++)
	{
		switch (*t)
		{
			case '&':
				appendStringInfoString(s, "&amp;");
				break;
			case '<':
				appendStringInfoString(s, "&lt;");
				break;
			case '>':
				appendStringInfoString(s, "&gt;");
				break;
			case '"':
				appendStringInfoString(s, "&quot;");
				break;
			case '\'':
				appendStringInfoString(s, "&#39;");
				break;
			default:
				appendStringInfoChar(s, *t);
		}
	}
}

/* The map frame: plane coordinates (x scaled by kx) to SVG units. */
typedef struct MapFrame
{
	double		kx;				/* east scale of geographic SRIDs, else 1 */
	double		x0,
				y1;				/* left and top in plane coordinates */
	double		scale;			/* SVG units per plane unit */
	double		box[4];			/* while measuring: xmin, ymin, xmax, ymax */
	StringInfo	out;			/* while drawing: the path data */
	bool		first;			/* the next point starts a subpath */
} MapFrame;

/* Widens the frame's box by a point. */
static void
frame_measure(void *arg, double x, double y)
{
	MapFrame   *f = arg;

	x *= f->kx;
	f->box[0] = fmin(f->box[0], x);
	f->box[1] = fmin(f->box[1], y);
	f->box[2] = fmax(f->box[2], x);
	f->box[3] = fmax(f->box[3], y);
}

/* Starts a subpath. */
static void
path_begin(void *arg, int kind)
{
	((MapFrame *) arg)->first = true;
	(void) kind;
}

/* Appends a point of the path in SVG units. */
static void
path_point(void *arg, double x, double y)
{
	MapFrame   *f = arg;

	appendStringInfo(f->out, "%s%.1f %.1f", f->first ? "M" : "L",
					 (x * f->kx - f->x0) * f->scale, (f->y1 - y) * f->scale);
	f->first = false;
}

/* Closes a polygon ring. */
static void
path_end(void *arg, int kind)
{
	if (kind == 1)
		appendStringInfoChar(((MapFrame *) arg)->out, 'Z');
}

/* Deconstructs a one-dimensional text array into C strings (NULL elements NULL). */
static char **
text_elems(ArrayType *arr, int n, const char *argname)
{
	Datum	   *elems;
	bool	   *nulls;
	int			nelems,
				i;
	char	  **out = palloc0(sizeof(char *) * Max(n, 1));

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s needs one-dimensional arrays", PNAME),
				 errdetail("The array %s has %d dimensions.", argname, ARR_NDIM(arr)),
				 errhint("Pass one element per door, for example array_agg(address ORDER BY knock).")));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &nelems);
	if (nelems != n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s needs one element of %s per door", PNAME, argname),
				 errdetail("The array doors has %d elements, %s %d.", n, argname, nelems),
				 errhint("Build every array from the same rows in the same order, for example array_agg(x ORDER BY knock, id).")));
	for (i = 0; i < nelems; i++)
		out[i] = nulls[i] ? NULL : TextDatumGetCString(elems[i]);
	return out;
}

/* The EWKB of a geometry, through PostGIS's ST_AsEWKB. */
static WkbCursor
geometry_cursor(CanvassGeomReader *rd, Datum geom)
{
	bytea	   *b = DatumGetByteaPP(FunctionCall1(&rd->asewkb, geom));
	WkbCursor	c;

	c.p = (const uint8 *) VARDATA_ANY(b);
	c.end = c.p + VARSIZE_ANY_EXHDR(b);
	c.le = true;
	return c;
}

/* The SRID in an EWKB header (0 when it has none). */
static int32
ewkb_srid(WkbCursor c)
{
	uint32		type;

	canvass_wkb_need(&c, 1, PNAME);
	c.le = (*c.p++ == 1);
	type = canvass_wkb_u32(&c, PNAME);
	return (type & 0x20000000) ? (int32) canvass_wkb_u32(&c, PNAME) : 0;
}

/* A round length (1, 2 or 5 times a power of ten) near a fifth of width. */
static double
scale_bar_length(double width)
{
	double		target = width / 5,
				p = pow(10, floor(log10(target)));

	if (5 * p <= target)
		return 5 * p;
	if (2 * p <= target)
		return 2 * p;
	return p;
}

/* Orders row indexes by knock number, then by index. */
static int
knock_cmp(const void *a, const void *b, void *arg)
{
	const int32 *knock = arg;
	int			i = *(const int *) a,
				j = *(const int *) b;

	if (knock[i] != knock[j])
		return knock[i] < knock[j] ? -1 : 1;
	return (i > j) - (i < j);
}

/* The page's style sheet: screen and print, no outside font. */
static const char packet_css[] =
"body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;margin:16px;color:#1a1a1a}"
"h1{font-size:20px;margin:0 0 4px}"
".summary{margin:0 0 8px;font-size:13px}"
"svg.map{width:100%;max-height:60vh;border:1px solid #888;background:#fbfbf8}"
".region{fill:#dbe8f5;stroke:#1f4e79;stroke-width:2.5;stroke-linejoin:round}"
".route{fill:none;stroke:#c8102e;stroke-width:3;stroke-linejoin:round;stroke-linecap:round}"
".stop circle{fill:#fff;stroke:#c8102e;stroke-width:2}"
".stop text{font-weight:bold;text-anchor:middle;dominant-baseline:central;fill:#111}"
".start circle{fill:#2e7d32;stroke:#2e7d32}.start text{fill:#fff}"
".leader{stroke:#c8102e;stroke-width:1.2}.dot{fill:#c8102e}"
".bar{stroke:#111;stroke-width:4}.bartext{font-size:22px;fill:#111}"
"table.walk{border-collapse:collapse;width:100%;margin-top:10px;font-size:12px}"
"table.walk th,table.walk td{border:1px solid #999;padding:3px 5px;text-align:left;vertical-align:top}"
"table.walk th{background:#eee}"
"td.knock{text-align:right;font-weight:bold;width:3em}"
"td.result{white-space:nowrap;width:15em}"
"@media print{body{margin:0}svg.map{max-height:none;height:11cm}"
"tr{break-inside:avoid}thead{display:table-header-group}@page{size:letter;margin:12mm}}";

/*
 * turf_packet(title text, region geometry, knock integer[], doors geometry[],
 *			   address text[], voters text[], universe text[]) RETURNS text
 *
 * One HTML page.  Element i of the arrays is one line of the walk list:
 * knock[i] its stop in walk order (lines with the same number share a
 * stop, drawn at the first one's point), doors[i] its point.  region (the
 * turf's, from turf_regions) is drawn under the route; NULL draws none.
 * NULL address, voters or universe arrays leave those columns empty.
 * NULL title, knock or doors: NULL.
 */
Datum
canvass_turf_packet(PG_FUNCTION_ARGS)
{
	CanvassGeomReader *rd;
	CanvassPoints pts;
	ArrayType  *karr;
	Datum	   *kelems;
	bool	   *knulls;
	int			nk,
				n,
				i,
				klb;
	int32	   *knock;
	int		   *order;
	char	  **address = NULL,
			  **voters = NULL,
			  **universe = NULL;
	MapFrame	f;
	StringInfoData s,
				path;
	double		w,
				h,
				route = 0,
				bar,
				unit = 1.0,
				r;
	int			stops = 0;
	int		   *stop_of;		/* row index of each stop, in knock order */
	double	   *sx,
			   *sy,
			   *lx,
			   *ly,
				box[4],
				view[4];
	LabelsStatus lstatus;
	WkbCursor	region_c = {0};
	bool		has_region = !PG_ARGISNULL(1);
	const char *title;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	title = text_to_cstring(PG_GETARG_TEXT_PP(0));
	rd = canvass_geom_reader(fcinfo, 3, PNAME);
	canvass_points_read_array(rd, PG_GETARG_ARRAYTYPE_P(3), "doors", &pts);
	n = (int) pts.n;
	/* the page holds about 380 bytes a door, its stop labels about 70 more */
	canvass_check_memory(PNAME, (double) n, "doors", 512, 0,
						 "Make one packet per turf: a walk list of a few hundred doors.");

	karr = PG_GETARG_ARRAYTYPE_P(2);
	if (ARR_NDIM(karr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s needs one-dimensional arrays", PNAME),
				 errdetail("The array knock has %d dimensions.", ARR_NDIM(karr)),
				 errhint("Pass one knock number per door, for example array_agg(knock ORDER BY knock).")));
	deconstruct_array(karr, INT4OID, sizeof(int32), true, TYPALIGN_INT, &kelems, &knulls, &nk);
	if (nk != n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s needs one element of knock per door", PNAME),
				 errdetail("The array doors has %d elements, knock %d.", n, nk),
				 errhint("Build every array from the same rows in the same order, for example array_agg(x ORDER BY knock, id).")));
	klb = nk > 0 ? ARR_LBOUND(karr)[0] : 1;
	knock = palloc(sizeof(int32) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		if (knulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s needs a knock number in every element of knock", PNAME),
					 errdetail("Element %d of knock is NULL.", i + klb),
					 errhint("Number the doors with canvass.walk_order(geom) OVER (PARTITION BY turf).")));
		knock[i] = DatumGetInt32(kelems[i]);
	}
	if (!PG_ARGISNULL(4))
		address = text_elems(PG_GETARG_ARRAYTYPE_P(4), n, "address");
	if (!PG_ARGISNULL(5))
		voters = text_elems(PG_GETARG_ARRAYTYPE_P(5), n, "voters");
	if (!PG_ARGISNULL(6))
		universe = text_elems(PG_GETARG_ARRAYTYPE_P(6), n, "universe");

	/* the frame: the box of the region and the doors, with a margin */
	memset(&f, 0, sizeof(f));
	f.kx = 1.0;
	f.box[0] = f.box[1] = INFINITY;
	f.box[2] = f.box[3] = -INFINITY;
	if (n > 0 && canvass_srid_is_geographic(pts.srid))
	{
		double		lat = 0;

		for (i = 0; i < n; i++)
			lat += pts.y[i] / n;
		f.kx = cos(lat * M_PI / 180);
		unit = METRES_PER_DEGREE;
	}
	if (has_region)
	{
		WkbVisitor	v = {NULL, frame_measure, NULL, &f};
		WkbCursor	c;
		int32		rsrid;

		region_c = geometry_cursor(rd, PG_GETARG_DATUM(1));
		rsrid = ewkb_srid(region_c);
		if (n > 0 && rsrid != pts.srid)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s needs the doors and the region in one SRID", PNAME),
					 errdetail("The doors have SRID %d, the region SRID %d.", pts.srid, rsrid),
					 errhint("Transform one into the other's system, for example ST_Transform(region, %d).", pts.srid)));
		c = region_c;
		canvass_wkb_walk(&c, &v, PNAME);
	}
	for (i = 0; i < n; i++)
		frame_measure(&f, pts.x[i], pts.y[i]);
	if (!isfinite(f.box[0]) || !isfinite(f.box[1]) || !isfinite(f.box[2]) || !isfinite(f.box[3]))
	{
		f.box[0] = f.box[1] = 0;
		f.box[2] = f.box[3] = 1;
	}
	w = f.box[2] - f.box[0];
	h = f.box[3] - f.box[1];
	if (w <= 0 && h <= 0)
		w = h = fmax(1e-9, fabs(f.box[0]) * 1e-6 + 1e-9) * 100;
	w = fmax(w, h);				/* no map taller than wide: it fits a printed page */
	h = fmax(h, w / 3);
	f.x0 = (f.box[0] + f.box[2]) / 2 - w * 0.53;
	f.y1 = (f.box[1] + f.box[3]) / 2 + h * 0.53;
	f.scale = MAP_WIDTH / (w * 1.06);
	if (!isfinite(w * 1.06) || !isfinite(f.x0) || !isfinite(f.y1) || !(f.scale > 0))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s cannot draw a map this wide", PNAME),
				 errdetail("The region and the doors span from (%g, %g) to (%g, %g).",
						   f.box[0], f.box[1], f.box[2], f.box[3]),
				 errhint("Pass the turf's own region, in the doors' SRID.")));
	w = MAP_WIDTH;
	h = h * 1.06 * f.scale;

	order = palloc(sizeof(int) * Max(n, 1));
	for (i = 0; i < n; i++)
		order[i] = i;
	qsort_arg(order, n, sizeof(int), knock_cmp, knock);

	/* the page */
	initStringInfo(&s);
	initStringInfo(&path);
	f.out = &path;
	appendStringInfoString(&s, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
	append_html(&s, title);
	appendStringInfo(&s, "</title><style>%s</style></head>\n<body class=\"packet\">\n<h1>", packet_css);
	append_html(&s, title);
	appendStringInfoString(&s, "</h1>\n");

	/* the route through the stops, in knock order, and its length */
	stop_of = palloc(sizeof(int) * Max(n, 1));
	sx = palloc(sizeof(double) * Max(n, 1));
	sy = palloc(sizeof(double) * Max(n, 1));
	lx = palloc(sizeof(double) * Max(n, 1));
	ly = palloc(sizeof(double) * Max(n, 1));
	f.first = true;
	{
		double		px = 0,
					py = 0;

		for (i = 0; i < n; i++)
		{
			int			k = order[i];

			if (i > 0 && knock[order[i - 1]] == knock[k])
				continue;
			if (stops > 0)
				route += hypot((pts.x[k] - px) * f.kx, pts.y[k] - py) * unit;
			px = pts.x[k];
			py = pts.y[k];
			path_point(&f, px, py);
			stop_of[stops] = k;
			sx[stops] = (px * f.kx - f.x0) * f.scale;
			sy[stops] = (f.y1 - py) * f.scale;
			stops++;
		}
	}
	appendStringInfo(&s, "<p class=\"summary\">%d doors, %d stops, route %.0f %s. "
					 "Start at the green stop 1 and follow the numbers.</p>\n",
					 n, stops, route, unit > 1 || f.kx != 1.0 ? "m" : "units");

	/*
	 * The stops' labels: one circle per stop, none over another
	 * (core/labels.c), inside the map while they fit.  Full size is about
	 * 10 px on screen at 60 % of the window's height (smaller above 80
	 * stops); a map too crowded for that shrinks every label alike, down to
	 * half size.  The view widens to a label placed beyond the map (only
	 * when the map is full around a crowd), the scale staying as it is.
	 */
	r = stops > 80 ? 12 : 17;
	box[0] = box[1] = 0;
	box[2] = w;
	box[3] = h;
	lstatus = labels_place(sx, sy, stops, box, r, r / 2, lx, ly, &r,
						   canvass_check_interrupts, &canvass_core_palloc);
	if (lstatus == LABELS_NO_MEMORY)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory"),
				 errdetail("%s could not allocate the placement of %d stop labels.", PNAME, stops),
				 errhint("Make one packet per turf: a walk list of a few hundred doors.")));
	if (lstatus != LABELS_OK)	/* map coordinates are within the frame */
		elog(ERROR, "unexpected label placement status %d", (int) lstatus);
	view[0] = view[1] = 0;
	view[2] = w;
	view[3] = h;
	for (i = 0; i < stops; i++)
	{
		view[0] = fmin(view[0], floor(lx[i] - r - 2));
		view[1] = fmin(view[1], floor(ly[i] - r - 2));
		view[2] = fmax(view[2], ceil(lx[i] + r + 2));
		view[3] = fmax(view[3], ceil(ly[i] + r + 2));
	}
	appendStringInfo(&s, "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"%.0f %.0f %.0f %.0f\" role=\"img\">\n",
					 view[0], view[1], view[2] - view[0], view[3] - view[1]);
	if (has_region)
	{
		StringInfoData rp;
		WkbVisitor	v = {path_begin, path_point, path_end, &f};
		WkbCursor	c = region_c;

		initStringInfo(&rp);
		f.out = &rp;
		canvass_wkb_walk(&c, &v, PNAME);
		appendStringInfo(&s, "<path class=\"region\" fill-rule=\"evenodd\" d=\"%s\"/>\n", rp.data);
		f.out = &path;
	}
	if (stops > 1)
		appendStringInfo(&s, "<path class=\"route\" d=\"%s\"/>\n", path.data);
	/* a label moved off its stop: a leader line to a dot at the stop */
	for (i = 0; i < stops; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (lx[i] == sx[i] && ly[i] == sy[i])
			continue;
		appendStringInfo(&s, "<line class=\"leader\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
						 "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>\n",
						 lx[i], ly[i], sx[i], sy[i], sx[i], sy[i], r * 0.2);
	}
	for (i = stops - 1; i >= 0; i--)	/* the last stops first, so stop 1 is drawn on top */
	{
		int32		kn = knock[stop_of[i]];

		CHECK_FOR_INTERRUPTS();
		appendStringInfo(&s, "<g class=\"stop%s\" font-size=\"%.1f\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>"
						 "<text x=\"%.1f\" y=\"%.1f\">%d</text></g>\n",
						 i == 0 ? " start" : "", r * (kn >= 100 || kn <= -10 ? 0.85 : 1.1),
						 lx[i], ly[i], r, lx[i], ly[i], kn);
	}
	bar = scale_bar_length(MAP_WIDTH / f.scale * unit);
	appendStringInfo(&s, "<line class=\"bar\" x1=\"20\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
					 "<text class=\"bartext\" x=\"20\" y=\"%.1f\">%g %s</text>\n",
					 h - 16, 20 + bar / unit * f.scale, h - 16, h - 28, bar,
					 unit > 1 ? "m" : "units");
	appendStringInfoString(&s, "</svg>\n<table class=\"walk\"><thead><tr><th>Stop</th><th>Address</th>"
						   "<th>Voters at the door</th><th>Universe</th><th>Result</th></tr></thead><tbody>\n");
	for (i = 0; i < n; i++)
	{
		int			k = order[i];

		CHECK_FOR_INTERRUPTS();
		appendStringInfo(&s, "<tr><td class=\"knock\">%d</td><td>", knock[k]);
		append_html(&s, address ? address[k] : NULL);
		appendStringInfoString(&s, "</td><td>");
		append_html(&s, voters ? voters[k] : NULL);
		appendStringInfoString(&s, "</td><td>");
		append_html(&s, universe ? universe[k] : NULL);
		appendStringInfoString(&s, "</td><td class=\"result\">&#9744; home &#9744; not home &#9744; refused</td></tr>\n");
	}
	appendStringInfoString(&s, "</tbody></table>\n</body></html>\n");
	PG_RETURN_TEXT_P(cstring_to_text_with_len(s.data, s.len));
}
