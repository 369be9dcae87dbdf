/*
 * canvass.c
 *	  Module entry point of the canvass extension: district shares, canvassing
 *	  turf and turnout targets for campaign data teams.
 *
 * Each SQL-callable function lives in the file of its concern (apportion.c,
 * ...); the algorithms themselves live under src/core with no PostgreSQL
 * types in them.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "geom_points.h"
#include "memory_limit.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

static const struct config_enum_entry point_reader_options[] = {
	{"auto", CANVASS_READER_AUTO, false},
	{"wkb", CANVASS_READER_WKB, false},
	{"serialized", CANVASS_READER_SERIALIZED, false},
	{NULL, 0, false}
};

/*
 * Defines canvass's settings when the library is loaded.
 * canvass.debug_point_reader is for tests and superuser-only (PGC_SUSET):
 * it changes how every geometry of every session that sets it is read.
 */
void
_PG_init(void)
{
	canvass_define_memory_limit();
	DefineCustomEnumVariable("canvass.debug_point_reader",
							 "How geometry values are read (for tests; superuser only).",
							 "auto: plain points straight from PostGIS's serialized form, anything "
							 "else through ST_AsEWKB; wkb: everything through ST_AsEWKB; serialized: "
							 "only the direct reader, an error for any value it does not take.",
							 &canvass_point_reader,
							 CANVASS_READER_AUTO,
							 point_reader_options,
							 PGC_SUSET,
							 GUC_NOT_IN_SAMPLE | GUC_NO_SHOW_ALL,
							 NULL, NULL, NULL);
	MarkGUCPrefixReserved("canvass");
}
