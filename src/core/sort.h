/*
 * sort.h
 *	  The cores' sorting: keyed items with their comparisons and the
 *	  selection of the smallest keys (sort.c); the introsort itself is
 *	  compiled per item type from sort_template.h.  No PostgreSQL types.
 */
#ifndef CANVASS_SORT_H
#define CANVASS_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sort item: a key, and the item's index as the tie-break. */
typedef struct KeyItem
{
	double		key;
	int32_t		i;
} KeyItem;

/*
 * Orders key items by key, then index (a qsort comparator; a NaN key is
 * neither below nor above any key, so it falls to the index).
 */
static inline int
cmp_key(const void *a, const void *b)
{
	const KeyItem *p = a,
			   *q = b;

	if (p->key < q->key)
		return -1;
	if (p->key > q->key)
		return 1;
	return (p->i > q->i) - (p->i < q->i);
}

/*
 * The order of cmp_key, inline, for finite keys (a NaN key comes before
 * nothing and nothing comes before it).
 */
static inline int
key_less(const KeyItem *p, const KeyItem *q)
{
	return p->key < q->key || (p->key == q->key && p->i < q->i);
}

/*
 * Partially orders items[0..m) so that the r smallest (in key_less order)
 * come first, in some order: Hoare's selection with a median-of-three pivot.
 */
extern void key_select_smallest(KeyItem *items, size_t m, size_t r);

#endif							/* CANVASS_SORT_H */
