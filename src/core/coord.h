/*
 * coord.h
 *	  The largest coordinate magnitude the cores that read points take
 *	  (turf, turf regions; the SQL layer checks the same bound first, in
 *	  src/geom_points.c): below it no distance, square or sum of them
 *	  overflows a double.
 */
#ifndef CANVASS_COORD_H
#define CANVASS_COORD_H

#define CORE_COORD_MAX 1e15

#endif							/* CANVASS_COORD_H */
