/*
 * fuzz_rcv.c
 *	  libFuzzer target for the ranked-choice core.  The first byte chooses
 *	  the mode.  Even: the bytes make a contest (candidates, rules) and its
 *	  ballots; the count must succeed or stop as RCTab's would
 *	  (RCV_ALL_BELOW_MINIMUM, or RCV_NO_CANDIDATE_LEFT when only the
 *	  write-ins were left),
 *	  and every round must add up: the tally of the candidates equals the
 *	  active ballots, active and inactive ballots together are every ballot,
 *	  the inactive ones never decrease, each decision moves at most the
 *	  votes its candidate had, and a trip through the serialized form
 *	  gives the same count.  Odd: the rest of the bytes are handed to
 *	  rcv_table_deserialize as a state from elsewhere, which must be
 *	  refused (RCV_CORRUPT) or read as a table that can be counted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/rcv.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Counts t and checks that every round adds up; returns the status. */
static RcvStatus
count_and_check(RcvTable *t, RcvResult *res)
{
	RcvStatus	st = rcv_tabulate(t, res, NULL, NULL);
	int			i,
				c,
				d,
				k;

	if (st != RCV_OK)
	{
		if (st != RCV_ALL_BELOW_MINIMUM && st != RCV_NO_CANDIDATE_LEFT)
			abort();
		return st;
	}
	if (res->nrounds < 1 || res->nrounds > t->rules.ncand + 2)
		abort();
	for (i = 0; i < res->nrounds; i++)
	{
		const RcvRound *rd = &res->rounds[i];
		int64_t		sum = 0,
					all = 0;

		for (c = 0; c < t->rules.ncand; c++)
			if (rd->tally[c] >= 0)
				sum += rd->tally[c];
		for (k = 0; k < RCV_NSTATUS; k++)
		{
			all += rd->inactive[k];
			if (i > 0 && k != RCV_ACTIVE && rd->inactive[k] < res->rounds[i - 1].inactive[k])
				abort();
		}
		/* a multi-winner's winners keep part of their ballots outside both */
		if (t->rules.winners == 1 &&
			(sum != rd->inactive[RCV_ACTIVE] || all != t->ballots * res->scale))
			abort();
		if (rd->threshold < 0 || sum > t->ballots * res->scale || all > t->ballots * res->scale)
			abort();
		for (d = 0; d < rd->ndecisions; d++)
		{
			const RcvDecision *dec = &rd->decisions[d];
			int64_t		moved = 0;

			if (dec->candidate < 0 || dec->candidate >= t->rules.ncand || rd->tally[dec->candidate] < 0)
				abort();
			for (k = 0; k <= t->rules.ncand + 1; k++)
			{
				if (dec->transfers[k] < 0)
					abort();
				moved += dec->transfers[k];
			}
			if (moved > rd->tally[dec->candidate])
				abort();
		}
	}
	if (res->winner >= t->rules.ncand || (res->winner >= 0 && t->rules.excluded[res->winner]))
		abort();
	return st;
}

/* Counts t, then t through its serialized form, and compares the two. */
static void
check_table(RcvTable *t)
{
	RcvResult	a,
				b;
	RcvTable	u;
	size_t		len = rcv_table_serial_size(t);
	unsigned char *buf = malloc(len ? len : 1);
	RcvStatus	sa,
				sb;
	int			i;

	rcv_table_serialize(t, buf);
	if (rcv_table_deserialize(&u, buf, len, NULL) != RCV_OK)
		abort();
	sa = count_and_check(t, &a);
	sb = count_and_check(&u, &b);
	if (sa != sb)
		abort();
	if (sa == RCV_OK)
	{
		if (a.nrounds != b.nrounds || a.winner != b.winner)
			abort();
		for (i = 0; i < a.nrounds; i++)
			if (memcmp(a.rounds[i].tally, b.rounds[i].tally, sizeof(int64_t) * t->rules.ncand) != 0 ||
				memcmp(a.rounds[i].inactive, b.rounds[i].inactive, sizeof(a.rounds[i].inactive)) != 0)
				abort();
		rcv_result_free(&a, NULL);
		rcv_result_free(&b, NULL);
	}
	rcv_table_free(&u);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	RcvRules	r;
	RcvTable	t;
	size_t		pos;
	int			ncand,
				i;
	char		name[2] = {0, 0};

	if (size < 1 || size > 1 << 16)
		return 0;
	if (data[0] & 1)
	{
		if (rcv_table_deserialize(&t, data + 1, size - 1, NULL) == RCV_OK)
		{
			RcvResult	res;

			if (count_and_check(&t, &res) == RCV_OK)
				rcv_result_free(&res, NULL);
			rcv_table_free(&t);
		}
		return 0;
	}
	if (size < 8)
		return 0;
	/* the contest: 1 to 8 candidates (the last may be the write-ins), rules */
	ncand = 1 + (data[1] & 7);
	if (rcv_rules_init(&r, ncand, NULL) != RCV_OK)
		abort();
	for (i = 0; i < ncand; i++)
	{
		name[0] = (char) ('A' + i);
		rcv_rules_set_name(&r, i, name, 1, NULL);
	}
	if ((data[1] & 8) && ncand > 1)
		r.uwi = ncand - 1;
	for (i = 0; i < ncand; i++)
		r.excluded[i] = (data[2] >> i) & 1;
	r.excluded[0] = 0;			/* one candidate at least is counted */
	r.overvote_rule = data[3] % 3;
	r.tiebreak = (data[3] / 3) % 4;
	r.random_seed = (int64_t) data[4] - 100;
	r.max_skipped = (data[5] & 3) == 3 ? RCV_UNLIMITED : (data[5] & 3);
	r.max_rankings = (data[5] >> 2 & 7) == 0 ? RCV_UNLIMITED : (data[5] >> 2 & 7);
	r.exhaust_on_duplicate = data[6] & 1;
	r.batch_elimination = data[6] >> 1 & 1;
	r.continue_until_two = data[6] >> 2 & 1;
	r.first_round_threshold = data[6] >> 3 & 1;
	r.hare_quota = data[6] >> 4 & 1;
	r.minimum_votes = data[6] >> 5;
	r.stop_after_round = data[7] & 3;
	r.winners = 1 + (data[7] >> 2 & 3);	/* 1 to 4 seats */
	r.decimals = 1 + (data[7] >> 4 & 3);
	r.non_integer_threshold = data[7] >> 6 & 1;
	r.bottoms_up = (data[3] / 12) % 3;
	r.percent = 1 + data[4] % 100;	/* bottomsUpUsingPercentageThreshold, whole percent */
	r.cutoff_elimination = r.bottoms_up == RCV_BOTTOMS_UP_PERCENT && (data[3] / 36) % 2;
	rcv_rules_finish(&r);
	rcv_table_init(&t, &r, NULL);

	/* ballots: a count, a rank count, then per rank a mark count and marks */
	pos = 8;
	while (pos + 2 <= size)
	{
		int			count = 1 + data[pos] % 16;
		int			nranks = data[pos + 1] % 9;
		int			nmarks[8];
		uint16_t	marks[32];
		int			nm = 0,
					bad;
		RcvStatus	st;

		pos += 2;
		for (i = 0; i < nranks && pos < size; i++)
		{
			int			k = data[pos++] % 4,
						j;

			nmarks[i] = 0;
			for (j = 0; j < k && pos < size; j++)
			{
				uint8_t		m = data[pos++];

				marks[nm++] = (m == 255) ? RCV_OVERVOTE : (uint16_t) (m % ncand);
				nmarks[i]++;
			}
		}
		nranks = i;
		st = rcv_table_add(&t, nmarks, nranks, marks, count, &bad);
		if (st != RCV_OK && st != RCV_RANK_NOT_ALLOWED && st != RCV_OVERVOTE_MIXED &&
			st != RCV_OVERVOTE_MARK_RULE)
			abort();
		if (st != RCV_OK && (bad < 1 || bad > nranks))
			abort();
	}
	check_table(&t);
	rcv_table_free(&t);
	return 0;
}
