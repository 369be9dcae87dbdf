/*
 * wkb.c
 *	  Reading PostGIS's (extended) well-known binary (see wkb.h).
 */
#include "postgres.h"

#include "miscadmin.h"

#include "wkb.h"

void
canvass_wkb_need(WkbCursor *c, size_t n, const char *fname)
{
	if ((size_t) (c->end - c->p) < n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("%s could not read a geometry returned by PostGIS", fname),
				 errdetail("Its well-known binary ends early."),
				 errhint("Check the PostGIS version: PostGIS 3 is needed.")));
}

uint32
canvass_wkb_u32(WkbCursor *c, const char *fname)
{
	uint32		v;

	canvass_wkb_need(c, 4, fname);
	if (c->le)
		v = (uint32) c->p[0] | ((uint32) c->p[1] << 8) | ((uint32) c->p[2] << 16) | ((uint32) c->p[3] << 24);
	else
		v = (uint32) c->p[3] | ((uint32) c->p[2] << 8) | ((uint32) c->p[1] << 16) | ((uint32) c->p[0] << 24);
	c->p += 4;
	return v;
}

/* Reads a double in the cursor's byte order. */
static double
wkb_f64(WkbCursor *c, const char *fname)
{
	uint8		b[8];
	double		v;
	int			i;

	canvass_wkb_need(c, 8, fname);
	for (i = 0; i < 8; i++)
		b[i] = c->le ? c->p[i] : c->p[7 - i];
	memcpy(&v, b, 8);
	c->p += 8;
	return v;
}

/* Reads a sequence of n points of dims coordinates, of the given kind. */
static void
wkb_points(WkbCursor *c, uint32 n, uint32 dims, int kind, const WkbVisitor *v, const char *fname)
{
	uint32		i,
				k;

	if (v->begin)
		v->begin(v->arg, kind);
	for (i = 0; i < n; i++)
	{
		double		x = wkb_f64(c, fname),
					y = wkb_f64(c, fname);

		for (k = 2; k < dims; k++)
			(void) wkb_f64(c, fname);
		v->point(v->arg, x, y);
	}
	if (v->end)
		v->end(v->arg, kind);
}

void
canvass_wkb_walk(WkbCursor *c, const WkbVisitor *v, const char *fname)
{
	uint32		type,
				dims = 2,
				n,
				i;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	canvass_wkb_need(c, 1, fname);
	c->le = (*c->p++ == 1);
	type = canvass_wkb_u32(c, fname);
	if (type & 0x80000000)
		dims++;
	if (type & 0x40000000)
		dims++;
	if (type & 0x20000000)
		(void) canvass_wkb_u32(c, fname);	/* SRID */
	type &= 0x0fffffff;
	if (type >= 3000)
		dims += 2, type -= 3000;
	else if (type >= 2000)
		dims += 1, type -= 2000;
	else if (type >= 1000)
		dims += 1, type -= 1000;
	switch (type)
	{
		case 1:
			wkb_points(c, 1, dims, 2, v, fname);
			break;
		case 2:
			wkb_points(c, canvass_wkb_u32(c, fname), dims, 0, v, fname);
			break;
		case 3:
			n = canvass_wkb_u32(c, fname);
			for (i = 0; i < n; i++)
				wkb_points(c, canvass_wkb_u32(c, fname), dims, 1, v, fname);
			break;
		case 4:
		case 5:
		case 6:
		case 7:
			n = canvass_wkb_u32(c, fname);
			for (i = 0; i < n; i++)
			{
				bool		le = c->le;

				canvass_wkb_walk(c, v, fname);
				c->le = le;
			}
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("%s could not read a geometry returned by PostGIS", fname),
					 errdetail("Its well-known binary has geometry type %u.", type),
					 errhint("Check the PostGIS version: PostGIS 3 is needed.")));
	}
}
