/*
 * labels.h
 *	  Placement of the numbered stop labels of a turf packet's map: one
 *	  circle per stop, no two overlapping, each near its stop; no PostgreSQL
 *	  types, so it can be unit-tested without a server.
 */
#ifndef CANVASS_LABELS_H
#define CANVASS_LABELS_H

#include <stddef.h>

#include "core/core_alloc.h"

/* Largest coordinate magnitude taken (drawing units). */
#define LABELS_COORD_MAX 1e9

/*
 * Two labels of radius r keep their centres at least LABELS_SEPARATION * r
 * apart: 2 r for the circles plus a gap of a quarter radius (room for the
 * circle's stroke and some white between two labels).
 */
#define LABELS_SEPARATION 2.25

/*
 * Rings searched around a stop before the labels shrink (see labels.c):
 * LABELS_RINGS of them, LABELS_RING_STEPS per sep, so a label is at most
 * 10 / 3 sep = 7.5 r from its stop.
 */
#define LABELS_RINGS 10
#define LABELS_RING_STEPS 3

/*
 * Factor by which the radius shrinks, for the whole map at once, while
 * some stop finds no free place within LABELS_RINGS rings.
 */
#define LABELS_SHRINK 0.85

typedef enum LabelsStatus
{
	LABELS_OK = 0,
	LABELS_NOT_FINITE,			/* a coordinate, the box or a radius is NaN, infinite or too large */
	LABELS_TOO_MANY,			/* more stops than the core indexes (2^31 - 1) */
	LABELS_NO_MEMORY
} LabelsStatus;

/*
 * Places one label circle per stop (x[i], y[i]), i = 0..n-1, greedily in
 * that order: each at its stop when no label placed before overlaps it,
 * else at the nearest free candidate on rings around the stop (ring j at
 * distance j * LABELS_SEPARATION * r / LABELS_RING_STEPS, j =
 * 1..LABELS_RINGS, of 8 to 26 directions), the free candidate of that ring
 * nearest the labels already placed (so they pack tightly).  Labels lie
 * inside box (xmin, ymin, xmax, ymax; NULL: anywhere) while that is
 * possible.  A stop with no free candidate takes the free cell nearest it
 * of a lattice of cells LABELS_SEPARATION * r wide, up to 8 cells each way, or
 * else the first free cell of the lattice scanned from the box's top left
 * (the box ignored), so every label is placed and no two overlap.  The
 * radius starts at radius; while some stop has no free candidate it
 * shrinks by LABELS_SHRINK for the whole map and the placement starts
 * over, down to min_radius; the radius kept is the largest that leaves
 * the fewest stops without a candidate.  lx[i], ly[i] receive the
 * centres and *radius_out the radius.
 * Deterministic: the same input gives the same output bit for bit.
 * interrupt, if not NULL, is called now and then (it may not return);
 * working memory comes from mem (NULL: malloc) and is released before
 * returning.
 */
extern LabelsStatus labels_place(const double *x, const double *y, size_t n, const double *box,
								 double radius, double min_radius, double *lx, double *ly,
								 double *radius_out, void (*interrupt) (void),
								 const CoreAlloc *mem);

#endif							/* CANVASS_LABELS_H */
