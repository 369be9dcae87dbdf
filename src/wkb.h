/*
 * wkb.h
 *	  Reading PostGIS's (extended) well-known binary, as ST_AsEWKB returns
 *	  it, shared by turf_regions (bounding boxes, the faces of a
 *	  collection) and turf_packet (SVG paths).  Only PostGIS's own output is
 *	  read; bytes that end early or name an unknown type are an error
 *	  (22P03), never a crash.
 */
#ifndef CANVASS_WKB_H
#define CANVASS_WKB_H

#include "postgres.h"

/* A cursor over well-known binary. */
typedef struct WkbCursor
{
	const uint8 *p;
	const uint8 *end;
	bool		le;				/* little-endian */
} WkbCursor;

/*
 * What a walk over a geometry calls: begin and end around each point
 * sequence (kind 0 a line, 1 a polygon ring, 2 a point), point for each of
 * its points (x and y; Z and M are skipped).  begin and end may be NULL.
 */
typedef struct WkbVisitor
{
	void		(*begin) (void *arg, int kind);
	void		(*point) (void *arg, double x, double y);
	void		(*end) (void *arg, int kind);
	void	   *arg;
} WkbVisitor;

/* Errors out (22P03, naming fname) unless n more bytes remain. */
extern void canvass_wkb_need(WkbCursor *c, size_t n, const char *fname);

/* Reads a 32-bit word in the cursor's byte order. */
extern uint32 canvass_wkb_u32(WkbCursor *c, const char *fname);

/*
 * Walks one geometry of any type (EWKB flags or ISO type numbers) at the
 * cursor, calling the visitor, and leaves the cursor after it.
 */
extern void canvass_wkb_walk(WkbCursor *c, const WkbVisitor *v, const char *fname);

#endif							/* CANVASS_WKB_H */
