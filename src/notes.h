/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Annotations of prefixes: a label and an expiry, kept beside the prefix
 * lists for the few prefixes that have them. No netfilter and no netlink
 * in here, and nothing on the packet path.
 */
#ifndef OP25B_NOTES_H
#define OP25B_NOTES_H

#include <linux/refcount.h>
#include <linux/types.h>
#include <uapi/linux/op25b.h>

#include "table.h"

/*
 * struct op25b_note - what is known about one prefix besides itself
 * @e:		the prefix, in table.h's element format
 * @expires:	seconds since the epoch from which it leaves its set; 0: never
 * @label:	NUL-terminated; "" for none
 */
struct op25b_note {
	union op25b_elem e;
	u64 expires;
	char label[OP25B_LABEL_MAX];
};

/*
 * struct op25b_nlist - the notes of one set and family, sorted by prefix
 * and immutable once built, shared by reference like struct op25b_plist.
 * A set without notes has none (NULL), never an empty list.
 * @next_expiry: the earliest non-zero @expires, or 0
 */
struct op25b_nlist {
	refcount_t ref;
	u32 count;
	u64 next_expiry;
	struct op25b_note n[];
};

/* A list of @count notes, uninitialised, or NULL. */
struct op25b_nlist *op25b_nlist_alloc(u32 count);
void op25b_nlist_put(struct op25b_nlist *l);
struct op25b_nlist *op25b_nlist_get(struct op25b_nlist *l);
size_t op25b_nlist_bytes(const struct op25b_nlist *l);

/* The note of the prefix @elem, or NULL. */
const struct op25b_note *op25b_nlist_find(u8 family,
					  const struct op25b_nlist *l,
					  const void *elem);

/*
 * Sorts @l's first @l->count notes by prefix and drops repeats, then sets
 * next_expiry. Two notes of one prefix that differ fail with -EINVAL, and
 * *bad is the prefix; -ENOMEM leaves @l unsorted.
 */
int op25b_nlist_sort(u8 family, struct op25b_nlist *l,
		     union op25b_elem *bad);

/*
 * @old (or none) with the sorted notes @add merged in, whose prefixes
 * are not in @old. Returns the new list, NULL when both are empty, or an
 * ERR_PTR(-ENOMEM).
 */
struct op25b_nlist *op25b_nlist_merge(u8 family,
				      const struct op25b_nlist *old,
				      const struct op25b_nlist *add);

/*
 * @old without the notes of the @n sorted prefixes @elems. Returns a new
 * reference: to @old itself when none goes, NULL when nothing is left, or
 * an ERR_PTR(-ENOMEM).
 */
struct op25b_nlist *op25b_nlist_del(u8 family, struct op25b_nlist *old,
				    const void *elems, u32 n);

/*
 * The prefixes of @l whose expiry is at or before @now, sorted, in a new
 * array (kvfree() it) of *n elements. NULL with *n = 0 when none has
 * expired, or ERR_PTR(-ENOMEM).
 */
void *op25b_nlist_expired(u8 family, const struct op25b_nlist *l, u64 now,
			  u32 *n);

#endif /* OP25B_NOTES_H */
