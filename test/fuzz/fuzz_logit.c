/*
 * fuzz_logit.c
 *	  libFuzzer target for the turnout model's pattern table, the state a
 *	  parallel worker hands back as bytes (and a user can hand to the
 *	  deserial function).  Whatever the bytes, logit_table_deserialize must
 *	  refuse them or rebuild a table whose serialization reads back to the
 *	  same table (the same bytes again: deserializing may normalise, say a
 *	  negative zero, but only once), and fitting that table must end with a
 *	  status, never a crash or hang.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/logit.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void *
fuzz_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return malloc(size);
}

static void
fuzz_release(void *ctx, void *ptr)
{
	(void) ctx;
	free(ptr);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CoreAlloc alloc = {fuzz_alloc, fuzz_release, NULL};
	LogitTable	t;

	if (size > 1 << 16)
		return 0;
	logit_table_init(&t, &alloc);
	if (logit_table_deserialize(&t, data, size) == LOGIT_OK)
	{
		size_t		len = logit_table_serial_size(&t);
		unsigned char *buf = malloc(len + 1),
				   *again;
		LogitTable	t2;

		logit_table_serialize(&t, buf);
		logit_table_init(&t2, &alloc);
		if (logit_table_deserialize(&t2, buf, len) != LOGIT_OK ||
			logit_table_serial_size(&t2) != len)
			abort();			/* what serialize writes must read back */
		again = malloc(len + 1);
		logit_table_serialize(&t2, again);
		if (memcmp(buf, again, len) != 0)
			abort();			/* and be stable from then on */
		logit_table_free(&t2);
		free(buf);
		free(again);
		if (t.k >= 0 && t.k <= LOGIT_MAX_FEATURES)
		{
			double	   *coef = calloc(t.k + 1, sizeof(double));
			double	   *se = calloc(t.k + 1, sizeof(double));
			LogitFit	fit = {0};

			fit.coef = coef;
			fit.se = se;
			(void) logit_fit(&t, &fit, NULL);
			free(coef);
			free(se);
		}
	}
	logit_table_free(&t);
	return 0;
}
