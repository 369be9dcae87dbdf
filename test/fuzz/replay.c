/*
 * replay.c
 *	  Runs a libFuzzer target's entry point over files, without libFuzzer:
 *	  make test builds each fuzz target with this driver under AddressSanitizer
 *	  and UndefinedBehaviorSanitizer and replays its whole seed corpus (which
 *	  keeps every input a fuzzing run found), one TAP line per file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	int			i;

	for (i = 1; i < argc; i++)
	{
		FILE	   *f = fopen(argv[i], "rb");
		uint8_t    *buf;
		long		len;

		if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0)
		{
			printf("not ok %d - %s: cannot read\n", i, argv[i]);
			continue;
		}
		rewind(f);
		buf = malloc((size_t) len + 1);
		if (fread(buf, 1, (size_t) len, f) != (size_t) len)
			len = 0;
		fclose(f);
		/* a failing input aborts the program: the runner counts that */
		LLVMFuzzerTestOneInput(buf, (size_t) len);
		free(buf);
		printf("ok %d - %s\n", i, argv[i]);
	}
	printf("1..%d\n", argc - 1);
	return 0;
}
