/*
 * sql_args.h
 *	  Arguments given in the types clients and aggregates produce: a count
 *	  as integer, bigint, numeric or double precision (sum(bigint) is
 *	  numeric; an untyped NULL or a smallint resolves to double precision), read as one
 *	  int64 with its range and integrality checked; election dates as
 *	  date[], text[] or an untyped array literal, read as date[].
 */
#ifndef CANVASS_SQL_ARGS_H
#define CANVASS_SQL_ARGS_H

#include "postgres.h"

#include "utils/array.h"

/*
 * The whole count d of type typid (int4, int8, numeric or float8) as
 * int64.  A numeric or float8 that is NaN, infinite, fractional or past
 * bigint is an error naming fname's argname.
 */
extern int64 canvass_count_arg(Datum d, Oid typid, const char *fname, const char *argname);

/*
 * The dates d of type typid as a date[]: a date[] as it is, a text[] (what
 * psycopg sends for a list of str) or a text array literal (an untyped
 * '{2020-11-03}' or '{}') read element by element, each NULL or a date
 * written YYYY-MM-DD; anything else is an error naming fname's argname and
 * the element.  The array keeps its shape.
 */
extern ArrayType *canvass_date_array_arg(Datum d, Oid typid, const char *fname,
										 const char *argname);

#endif							/* CANVASS_SQL_ARGS_H */
