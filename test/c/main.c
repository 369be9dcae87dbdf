/*
 * main.c
 *	  Runs every unit test of the pure C core (no server) as one TAP stream.
 */
#include "tap.h"

extern void test_apportion(void);

int
main(void)
{
	test_apportion();
	return tap_done();
}
