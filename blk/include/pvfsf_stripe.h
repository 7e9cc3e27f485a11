/* SPDX-License-Identifier: (GPL-2.0 OR LGPL-2.1+) */
/*
 * PVFS2 simple_stripe arithmetic, shared by pvfsf.ko, its KUnit suites and
 * the user-space tools.  This is the only copy of the stripe math.
 *
 * A file is cut into strips of @strip units; strip k lives in datafile
 * (member) k mod N at offset (k div N) * strip.  Every function works in one
 * unit chosen by the caller: the kernel passes 512-byte sectors, user space
 * passes bytes.  All arguments of one call must use the same unit.
 *
 * Only pvfsf_stripe_unmap(), pvfsf_stripe_file_size() and
 * pvfsf_stripe_member_limit() can overflow; they report it or saturate.
 * Callers guarantee strip > 0, nr_members > 0 and member < nr_members.
 */
#ifndef PVFSF_STRIPE_H
#define PVFSF_STRIPE_H

#include <linux/types.h>

#ifdef __KERNEL__
#include <linux/math64.h>

#define pvfsf_div64_rem(dividend, divisor, rem) \
	div64_u64_rem(dividend, divisor, rem)
#define pvfsf_div32_rem(dividend, divisor, rem) \
	div_u64_rem(dividend, divisor, rem)
#else
#include <stdbool.h>

static inline __u64 pvfsf_div64_rem(__u64 dividend, __u64 divisor, __u64 *rem)
{
	*rem = dividend % divisor;
	return dividend / divisor;
}

static inline __u64 pvfsf_div32_rem(__u64 dividend, __u32 divisor, __u32 *rem)
{
	*rem = (__u32)(dividend % divisor);
	return dividend / divisor;
}
#endif

#define PVFSF_STRIPE_NO_SHIFT	(-1)

struct pvfsf_stripe {
	__u64 strip;		/* strip size, in units; never 0 */
	__u32 nr_members;	/* datafiles in layout order; never 0 */
	__s32 strip_shift;	/* log2(strip) if a power of two, else -1 */
};

/* Where one file position lives. */
struct pvfsf_stripe_pos {
	__u32 member;		/* datafile index, 0-based, layout order */
	__u64 offset;		/* position inside that datafile, in units */
	__u64 strip_left;	/* units from here to the end of this strip */
};

static inline void pvfsf_stripe_init(struct pvfsf_stripe *st, __u64 strip,
				     __u32 nr_members)
{
	st->strip = strip;
	st->nr_members = nr_members;
	st->strip_shift = PVFSF_STRIPE_NO_SHIFT;
	if (strip && !(strip & (strip - 1)))
		st->strip_shift = __builtin_ctzll(strip);
}

/* Split @pos into its strip number and the offset inside that strip. */
static inline __u64 pvfsf_stripe_strip_of(const struct pvfsf_stripe *st,
					  __u64 pos, __u64 *in_strip)
{
	if (st->strip_shift != PVFSF_STRIPE_NO_SHIFT) {
		*in_strip = pos & (st->strip - 1);
		return pos >> st->strip_shift;
	}
	return pvfsf_div64_rem(pos, st->strip, in_strip);
}

/* Map file position @pos to its datafile and the offset inside it. */
static inline void pvfsf_stripe_map(const struct pvfsf_stripe *st, __u64 pos,
				    struct pvfsf_stripe_pos *out)
{
	__u64 in_strip, strip_nr, round;

	strip_nr = pvfsf_stripe_strip_of(st, pos, &in_strip);
	round = pvfsf_div32_rem(strip_nr, st->nr_members, &out->member);
	/* round * strip <= strip_nr * strip <= pos: cannot overflow */
	out->offset = round * st->strip + in_strip;
	out->strip_left = st->strip - in_strip;
}

/*
 * The file position stored at @offset of datafile @member: the inverse of
 * pvfsf_stripe_map().  Returns false if that position does not fit in 64 bits.
 */
static inline bool pvfsf_stripe_unmap(const struct pvfsf_stripe *st,
				      __u32 member, __u64 offset, __u64 *pos)
{
	__u64 in_strip, round, strip_nr;

	round = pvfsf_stripe_strip_of(st, offset, &in_strip);
	if (__builtin_mul_overflow(round, (__u64)st->nr_members, &strip_nr) ||
	    __builtin_add_overflow(strip_nr, (__u64)member, &strip_nr) ||
	    __builtin_mul_overflow(strip_nr, st->strip, pos) ||
	    __builtin_add_overflow(*pos, in_strip, pos))
		return false;
	return true;
}

/*
 * How many units datafile @member holds of a file of @file_size units: the
 * size PVFS gives that datafile's bstream once the file has that size.
 */
static inline __u64 pvfsf_stripe_member_size(const struct pvfsf_stripe *st,
					     __u64 file_size, __u32 member)
{
	__u64 partial, full_strips, rounds;
	__u32 last_member;

	full_strips = pvfsf_stripe_strip_of(st, file_size, &partial);
	rounds = pvfsf_div32_rem(full_strips, st->nr_members, &last_member);
	/* the strip after the last full one is partial and on last_member */
	if (member < last_member)
		return (rounds + 1) * st->strip;
	if (member == last_member)
		return rounds * st->strip + partial;
	return rounds * st->strip;
}

/*
 * The size of a file whose datafile @member holds @member_size units and
 * whose later datafiles hold nothing beyond: PVFS takes the largest such
 * value over all datafiles as the file's size.  0 for an empty datafile.
 * Returns false if the size does not fit in 64 bits.
 */
static inline bool pvfsf_stripe_file_size(const struct pvfsf_stripe *st,
					  __u32 member, __u64 member_size,
					  __u64 *file_size)
{
	if (!member_size) {
		*file_size = 0;
		return true;
	}
	if (!pvfsf_stripe_unmap(st, member, member_size - 1, file_size))
		return false;
	*file_size += 1;
	return *file_size != 0;
}

/*
 * The first file position that datafile @member cannot hold when it is
 * @member_size units long; every position below it that maps to @member
 * fits.  The capacity of a striped device is the least of these over all
 * members.  Saturates at U64 max.
 */
static inline __u64 pvfsf_stripe_member_limit(const struct pvfsf_stripe *st,
					      __u32 member, __u64 member_size)
{
	__u64 limit;

	if (!pvfsf_stripe_unmap(st, member, member_size, &limit))
		return ~0ULL;
	return limit;
}

#endif /* PVFSF_STRIPE_H */
