/*
 * memory_limit.c
 *	  The canvass.max_memory setting and the check made against it.
 */
#include "postgres.h"

#include <limits.h>
#include <math.h>

#include "utils/guc.h"

#include "memory_limit.h"

/* 1 GB: a million doors take about 200 MB in walk_order, 8 million rows of apportion 520 MB. */
int			canvass_max_memory_kb = 1024 * 1024;

void
canvass_define_memory_limit(void)
{
	DefineCustomIntVariable("canvass.max_memory",
							"Most working memory one call of a canvass function may use.",
							"Input that would need more (a partition of too many rows, too many "
							"districts in one plan, too many distinct feature vectors) is refused "
							"with SQLSTATE 53400 before the memory is taken.",
							&canvass_max_memory_kb,
							1024 * 1024,
							1024,
							MAX_KILOBYTES,
							PGC_USERSET,
							GUC_UNIT_KB,
							NULL, NULL, NULL);
}

/* Formats bytes as a whole number of kB, MB or GB, as SHOW prints sizes. */
static void
format_size(double bytes, char *buf, size_t len)
{
	if (bytes >= 10.0 * 1024 * 1024 * 1024)
		snprintf(buf, len, "%.0f GB", ceil(bytes / (1024.0 * 1024 * 1024)));
	else if (bytes >= 10.0 * 1024 * 1024)
		snprintf(buf, len, "%.0f MB", ceil(bytes / (1024.0 * 1024)));
	else
		snprintf(buf, len, "%.0f kB", ceil(bytes / 1024.0));
}

void
canvass_check_memory(const char *fname, double items, const char *items_name,
					 double bytes_each, double fixed, const char *hint)
{
	double		need = items * bytes_each + fixed;
	double		limit = (double) canvass_max_memory_kb * 1024.0;
	char		need_s[64],
				limit_s[64];

	if (need <= limit)
		return;
	format_size(need, need_s, sizeof(need_s));
	format_size(limit, limit_s, sizeof(limit_s));
	ereport(ERROR,
			(errcode(ERRCODE_CONFIGURATION_LIMIT_EXCEEDED),
			 errmsg("%s would need %s of working memory, more than canvass.max_memory (%s)",
					fname, need_s, limit_s),
			 errdetail("The input has %.0f %s, at about %.0f bytes each.",
					   items, items_name, bytes_each),
			 errhint("%s Or raise the limit for this session, for example SET canvass.max_memory = '4GB'.",
					 hint)));
}
