// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the PVFS2 simple_stripe arithmetic in pvfsf_stripe.h.
 *
 * Every answer of the header is checked against one of three things that do
 * not call it: values worked out by hand, an oracle written here the way
 * dm-stripe maps a sector (chunk = pos / strip, stripe = chunk % N, chunk / N
 * back to units), or brute force over every position of a small geometry.
 * Units are whatever the caller picks; the tables mix sectors and bytes.
 */

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/overflow.h>

#include "pvfsf_stripe.h"

/* A stripe layout: strip size in units and number of members. */
struct stripe_geom {
	u64 strip;
	u32 nr_members;
};

static const struct stripe_geom stripe_geoms[] = {
	{ 8, 1 },			/* 4 KiB in sectors, one member */
	{ 8, 4 },
	{ 128, 3 },			/* 64 KiB, the PVFS default */
	{ 24, 5 },			/* 12 KiB: not a power of two */
	{ 129, 7 },			/* 64 KiB + 512 bytes */
	{ 12288, 2 },			/* 12 KiB in bytes */
	{ 66048, 16 },			/* 64 KiB + 512 bytes, in bytes */
	{ 1, 2 },			/* one-unit strips */
	{ 3, 1024 },
	{ 2048, 1024 },			/* 1 MiB strips, the most members */
	{ 2097152, 9 },			/* 1 GiB strips */
	{ 2097151, 1024 },
	{ 1ULL << 63, 2 },		/* the largest power of two */
	{ (1ULL << 62) + 1, 3 },	/* four strips fill 2^64 */
	{ U64_MAX, 1024 },		/* one strip is the whole space */
};

/* Small layouts for brute force over every position. */
static const struct stripe_geom stripe_small_geoms[] = {
	{ 1, 1 }, { 1, 3 }, { 2, 2 }, { 3, 1 }, { 3, 2 }, { 3, 3 },
	{ 4, 3 }, { 5, 4 }, { 8, 2 }, { 8, 5 }, { 12, 3 }, { 24, 2 },
};

static void stripe_geom_desc(const struct stripe_geom *g, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "strip %llu x %u",
		 g->strip, g->nr_members);
}

KUNIT_ARRAY_PARAM(stripe_geom, stripe_geoms, stripe_geom_desc);
KUNIT_ARRAY_PARAM(stripe_small_geom, stripe_small_geoms, stripe_geom_desc);

/* xorshift64 with a fixed seed: the same "random" cases on every run. */
static u64 stripe_rand(u64 *state)
{
	u64 x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

#define STRIPE_SEED	0x9e3779b97f4a7c15ULL

/* A number in [0, bound); bound 0 means the whole 64-bit range. */
static u64 stripe_rand_below(u64 *state, u64 bound)
{
	u64 x = stripe_rand(state);

	if (!bound)
		return x;
	return x - div64_u64(x, bound) * bound;
}

/*
 * The oracle: dm-stripe's stripe_map_sector() with plain divisions.  Where
 * does @pos live: stripe (member), and the offset on it.
 */
static void oracle_map(const struct stripe_geom *g, u64 pos, u32 *member,
		       u64 *offset)
{
	u64 chunk = div64_u64(pos, g->strip);
	u64 chunk_offset = pos - chunk * g->strip;
	u64 stripe_chunk = div64_u64(chunk, g->nr_members);

	*member = chunk - stripe_chunk * g->nr_members;
	*offset = stripe_chunk * g->strip + chunk_offset;
}

/*
 * Units member @member holds of a file of @file_size units, counted by whole
 * rounds (one strip on every member) and what the last round reaches.
 */
static u64 oracle_member_size(const struct stripe_geom *g, u64 file_size,
			      u32 member)
{
	u64 round_size, rounds, rest, skip;

	if (check_mul_overflow(g->strip, (u64)g->nr_members, &round_size)) {
		rounds = 0;		/* no round fits in 64 bits */
		rest = file_size;
	} else {
		rounds = div64_u64(file_size, round_size);
		rest = file_size - rounds * round_size;
	}
	/* in the last round, member @member holds [skip, skip + strip) */
	if (check_mul_overflow((u64)member, g->strip, &skip) || rest <= skip)
		return rounds * g->strip;
	return rounds * g->strip + min(rest - skip, g->strip);
}

static void stripe_init_geom(struct pvfsf_stripe *st,
			     const struct stripe_geom *g)
{
	pvfsf_stripe_init(st, g->strip, g->nr_members);
}

/* pvfsf_stripe_map() must agree with the oracle at @pos; returns the map. */
static void stripe_check_map(struct kunit *test, const struct pvfsf_stripe *st,
			     const struct stripe_geom *g, u64 pos,
			     struct pvfsf_stripe_pos *got)
{
	u64 offset, in_strip;
	u32 member;

	oracle_map(g, pos, &member, &offset);
	in_strip = pos - div64_u64(pos, g->strip) * g->strip;
	pvfsf_stripe_map(st, pos, got);
	KUNIT_ASSERT_EQ_MSG(test, got->member, member,
			    "strip %llu x %u, pos %llu", g->strip,
			    g->nr_members, pos);
	KUNIT_ASSERT_EQ_MSG(test, got->offset, offset,
			    "strip %llu x %u, pos %llu", g->strip,
			    g->nr_members, pos);
	KUNIT_ASSERT_EQ_MSG(test, got->strip_left, g->strip - in_strip,
			    "strip %llu x %u, pos %llu", g->strip,
			    g->nr_members, pos);
}

/* pvfsf_stripe_unmap() must take @p back to @pos. */
static void stripe_check_unmap(struct kunit *test, const struct pvfsf_stripe *st,
			       const struct pvfsf_stripe_pos *p, u64 pos)
{
	u64 back = 0;

	KUNIT_ASSERT_TRUE_MSG(test,
			      pvfsf_stripe_unmap(st, p->member, p->offset, &back),
			      "strip %llu x %u, member %u offset %llu (pos %llu)",
			      st->strip, st->nr_members, p->member, p->offset, pos);
	KUNIT_ASSERT_EQ_MSG(test, back, pos,
			    "strip %llu x %u, member %u offset %llu",
			    st->strip, st->nr_members, p->member, p->offset);
}

struct stripe_init_case {
	u64 strip;
	s32 shift;
};

static const struct stripe_init_case stripe_init_cases[] = {
	{ 1, 0 },
	{ 2, 1 },
	{ 8, 3 },
	{ 128, 7 },
	{ 4096, 12 },
	{ 1ULL << 32, 32 },
	{ 1ULL << 63, 63 },
	{ 0, PVFSF_STRIPE_NO_SHIFT },
	{ 3, PVFSF_STRIPE_NO_SHIFT },
	{ 24, PVFSF_STRIPE_NO_SHIFT },
	{ 129, PVFSF_STRIPE_NO_SHIFT },
	{ 12288, PVFSF_STRIPE_NO_SHIFT },
	{ 66048, PVFSF_STRIPE_NO_SHIFT },
	{ (1ULL << 32) + 1, PVFSF_STRIPE_NO_SHIFT },
	{ (1ULL << 63) + 1, PVFSF_STRIPE_NO_SHIFT },
	{ U64_MAX, PVFSF_STRIPE_NO_SHIFT },
};

static void stripe_init_desc(const struct stripe_init_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "strip %llu", c->strip);
}

KUNIT_ARRAY_PARAM(stripe_init, stripe_init_cases, stripe_init_desc);

/* The shift is found for powers of two and only for them. */
static void stripe_init_shift(struct kunit *test)
{
	const struct stripe_init_case *c = test->param_value;
	struct pvfsf_stripe st;

	pvfsf_stripe_init(&st, c->strip, 7);
	KUNIT_EXPECT_EQ(test, st.strip, c->strip);
	KUNIT_EXPECT_EQ(test, st.nr_members, 7U);
	KUNIT_EXPECT_EQ(test, st.strip_shift, c->shift);
}

struct stripe_map_case {
	u64 strip;
	u32 nr_members;
	u64 pos;
	u32 member;
	u64 offset;
	u64 strip_left;
};

/* Worked out by hand. */
static const struct stripe_map_case stripe_map_cases[] = {
	{ 8, 3, 0, 0, 0, 8 },
	{ 8, 3, 7, 0, 7, 1 },
	{ 8, 3, 8, 1, 0, 8 },
	{ 8, 3, 23, 2, 7, 1 },
	{ 8, 3, 24, 0, 8, 8 },
	{ 8, 3, 25, 0, 9, 7 },
	{ 24, 5, 1000, 1, 208, 8 },
	{ 129, 7, 3230, 4, 392, 124 },
	{ 2048, 1024, (1ULL << 32) + 5, 0, 4194309, 2043 },
	{ 66048, 16, 1000000000007ULL, 7, 62500025351ULL, 8185 },
	{ 1, 2, U64_MAX, 1, (1ULL << 63) - 1, 1 },
	{ 1ULL << 63, 2, U64_MAX, 1, (1ULL << 63) - 1, 1 },
	{ 8, 1, U64_MAX, 0, U64_MAX, 1 },
	{ 3, 1024, U64_MAX, 341, 18014398509481983ULL, 3 },
	{ (1ULL << 62) + 1, 3, U64_MAX, 0, 9223372036854775805ULL, 5 },
	{ U64_MAX, 1024, U64_MAX - 1, 0, U64_MAX - 1, 1 },
	{ U64_MAX, 1024, U64_MAX, 1, 0, U64_MAX },
};

static void stripe_map_desc(const struct stripe_map_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "strip %llu x %u, pos %llu",
		 c->strip, c->nr_members, c->pos);
}

KUNIT_ARRAY_PARAM(stripe_map, stripe_map_cases, stripe_map_desc);

static void stripe_map_hand_computed(struct kunit *test)
{
	const struct stripe_map_case *c = test->param_value;
	struct pvfsf_stripe_pos p;
	struct pvfsf_stripe st;

	pvfsf_stripe_init(&st, c->strip, c->nr_members);
	pvfsf_stripe_map(&st, c->pos, &p);
	KUNIT_EXPECT_EQ(test, p.member, c->member);
	KUNIT_EXPECT_EQ(test, p.offset, c->offset);
	KUNIT_EXPECT_EQ(test, p.strip_left, c->strip_left);
}

/* The first and the last unit of strip k: member k % N, round k / N. */
static void stripe_map_strip_ends(struct kunit *test)
{
	const struct stripe_geom *g = test->param_value;
	u64 n = g->nr_members, top = div64_u64(U64_MAX, g->strip);
	const u64 strips[] = {
		0, 1, n - 1, n, n + 1, 2 * n - 1, 37 * n + 5, top - 1, top,
	};
	struct pvfsf_stripe_pos p;
	struct pvfsf_stripe st;
	unsigned int i;

	stripe_init_geom(&st, g);
	for (i = 0; i < ARRAY_SIZE(strips); i++) {
		u64 k = strips[i], first, last, round = div64_u64(k, n);

		if (k > top || check_mul_overflow(k, g->strip, &first))
			continue;
		pvfsf_stripe_map(&st, first, &p);
		KUNIT_ASSERT_EQ_MSG(test, (u64)p.member, k - round * n,
				    "first unit of strip %llu", k);
		KUNIT_ASSERT_EQ_MSG(test, p.offset, round * g->strip,
				    "first unit of strip %llu", k);
		KUNIT_ASSERT_EQ_MSG(test, p.strip_left, g->strip,
				    "first unit of strip %llu", k);

		if (check_add_overflow(first, g->strip - 1, &last))
			continue;	/* the top strip may be cut short */
		pvfsf_stripe_map(&st, last, &p);
		KUNIT_ASSERT_EQ_MSG(test, (u64)p.member, k - round * n,
				    "last unit of strip %llu", k);
		KUNIT_ASSERT_EQ_MSG(test, p.offset,
				    round * g->strip + g->strip - 1,
				    "last unit of strip %llu", k);
		KUNIT_ASSERT_EQ_MSG(test, p.strip_left, 1ULL,
				    "last unit of strip %llu", k);
	}
}

/* Random positions, small and anywhere in 64 bits, against the oracle. */
static void stripe_map_vs_dm_stripe(struct kunit *test)
{
	const struct stripe_geom *g = test->param_value;
	u64 seed = STRIPE_SEED, small, pos;
	struct pvfsf_stripe_pos p;
	struct pvfsf_stripe st;
	unsigned int i;

	stripe_init_geom(&st, g);
	if (check_mul_overflow(g->strip, 4ULL * g->nr_members, &small))
		small = 0;
	for (i = 0; i < 2000; i++) {
		pos = stripe_rand_below(&seed, i & 1 ? small : 0);
		stripe_check_map(test, &st, g, pos, &p);
	}
	for (pos = 0; pos < 3000; pos++)
		stripe_check_map(test, &st, g, pos, &p);
}

/* The shift fast path and the division give the same answers. */
static void stripe_map_shift_and_divide_agree(struct kunit *test)
{
	static const u64 strips[] = { 1, 8, 128, 2048, 1ULL << 40, 1ULL << 63 };
	struct pvfsf_stripe shift, divide;
	struct pvfsf_stripe_pos a, b;
	u64 seed = STRIPE_SEED, pos;
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(strips); i++) {
		pvfsf_stripe_init(&shift, strips[i], 5);
		KUNIT_ASSERT_NE(test, shift.strip_shift, PVFSF_STRIPE_NO_SHIFT);
		divide = shift;
		divide.strip_shift = PVFSF_STRIPE_NO_SHIFT;
		for (j = 0; j < 1000; j++) {
			pos = j < 2 ? U64_MAX - j : stripe_rand(&seed);
			pvfsf_stripe_map(&shift, pos, &a);
			pvfsf_stripe_map(&divide, pos, &b);
			KUNIT_ASSERT_EQ_MSG(test, a.member, b.member,
					    "strip %llu pos %llu", strips[i], pos);
			KUNIT_ASSERT_EQ_MSG(test, a.offset, b.offset,
					    "strip %llu pos %llu", strips[i], pos);
			KUNIT_ASSERT_EQ_MSG(test, a.strip_left, b.strip_left,
					    "strip %llu pos %llu", strips[i], pos);
		}
	}
}

/*
 * Cut the range [@first, @last] the way the driver cuts a bio, one piece per
 * strip, and check that the pieces are right and tile the range exactly.
 */
static void stripe_walk_range(struct kunit *test, const struct pvfsf_stripe *st,
			      const struct stripe_geom *g, u64 first, u64 last,
			      u64 nr_strips)
{
	u64 pos = first, pieces = 0, done = 0, piece_last;
	struct pvfsf_stripe_pos p, end;
	u32 want = 0;

	for (;;) {
		KUNIT_ASSERT_LT_MSG(test, pieces, nr_strips,
				    "strip %llu x %u, range %llu..%llu",
				    g->strip, g->nr_members, first, last);
		stripe_check_map(test, st, g, pos, &p);
		KUNIT_ASSERT_GE(test, p.strip_left, 1ULL);
		/* consecutive strips go to consecutive members */
		if (pieces)
			KUNIT_ASSERT_EQ_MSG(test, p.member, want,
					    "piece %llu of range %llu..%llu",
					    pieces, first, last);
		want = p.member + 1 == g->nr_members ? 0 : p.member + 1;
		if (last - pos < p.strip_left)
			piece_last = last;
		else
			piece_last = pos + p.strip_left - 1;
		/* the whole piece is on one member, contiguous */
		stripe_check_map(test, st, g, piece_last, &end);
		KUNIT_ASSERT_EQ(test, end.member, p.member);
		KUNIT_ASSERT_EQ(test, end.offset, p.offset + (piece_last - pos));
		/* a piece that does not end the range ends its strip */
		if (piece_last != last)
			KUNIT_ASSERT_EQ(test, end.strip_left, 1ULL);

		pieces++;
		done += piece_last - pos + 1;
		if (piece_last == last)
			break;
		pos = piece_last + 1;
	}
	KUNIT_ASSERT_EQ_MSG(test, pieces, nr_strips,
			    "strip %llu x %u, range %llu..%llu", g->strip,
			    g->nr_members, first, last);
	/* modulo 2^64, like the range length itself */
	KUNIT_ASSERT_EQ(test, done, last - first + 1);
}

/*
 * Walk ranges from strip @first_strip to strip @last_strip, starting and
 * ending at the first, a middle and the last unit of those strips.
 */
static unsigned int stripe_walk_ranges(struct kunit *test,
				       const struct pvfsf_stripe *st,
				       const struct stripe_geom *g,
				       u64 first_strip, u64 last_strip)
{
	const u64 heads[] = { 0, 1, g->strip / 2, g->strip - 1 };
	const u64 tails[] = { 0, g->strip / 3, g->strip - 1 };
	u64 span = last_strip - first_strip + 1, first, last;
	unsigned int h, t, walked = 0;

	for (h = 0; h < ARRAY_SIZE(heads); h++) {
		for (t = 0; t < ARRAY_SIZE(tails); t++) {
			if (heads[h] >= g->strip)
				continue;	/* strip 1 has no unit 1 */
			if (check_mul_overflow(first_strip, g->strip, &first) ||
			    check_add_overflow(first, heads[h], &first) ||
			    check_mul_overflow(last_strip, g->strip, &last) ||
			    check_add_overflow(last, tails[t], &last) ||
			    last < first)
				continue;
			stripe_walk_range(test, st, g, first, last, span);
			walked++;
		}
	}
	return walked;
}

/* Ranges touching 1, 2 and N + 1 strips, low and at the top of 64 bits. */
static void stripe_map_bio_walk(struct kunit *test)
{
	const struct stripe_geom *g = test->param_value;
	u64 n = g->nr_members, top = div64_u64(U64_MAX, g->strip);
	const u64 spans[] = { 1, 2, n + 1 };
	const u64 starts[] = { 0, n - 1, 5 * n + 2 };
	unsigned int s, k, walked = 0;
	struct pvfsf_stripe st;
	u64 first;

	stripe_init_geom(&st, g);
	for (s = 0; s < ARRAY_SIZE(spans); s++) {
		for (k = 0; k < ARRAY_SIZE(starts); k++)
			walked += stripe_walk_ranges(test, &st, g, starts[k],
						     starts[k] + spans[s] - 1);
		/* ranges that end in the strip holding U64_MAX */
		if (top < spans[s] - 1)
			continue;
		walked += stripe_walk_ranges(test, &st, g, top - (spans[s] - 1),
					     top);
		/* and one that ends at U64_MAX itself */
		if (!check_mul_overflow(top - (spans[s] - 1), g->strip, &first)) {
			stripe_walk_range(test, &st, g, first, U64_MAX, spans[s]);
			walked++;
		}
	}
	KUNIT_EXPECT_GT(test, walked, 0U);
}

/* Positions at the top of 64 bits map correctly and come back. */
static void stripe_map_near_u64_max(struct kunit *test)
{
	const struct stripe_geom *g = test->param_value;
	u64 s = g->strip, round;
	const u64 down[] = { 0, 1, s / 2, s - 1, s, s + 1 };
	struct pvfsf_stripe_pos p;
	struct pvfsf_stripe st;
	unsigned int i;

	stripe_init_geom(&st, g);
	for (i = 0; i < ARRAY_SIZE(down); i++) {
		stripe_check_map(test, &st, g, U64_MAX - down[i], &p);
		stripe_check_unmap(test, &st, &p, U64_MAX - down[i]);
		/* and one round lower */
		if (check_mul_overflow(s, (u64)g->nr_members, &round) ||
		    check_add_overflow(round, down[i], &round))
			continue;
		stripe_check_map(test, &st, g, U64_MAX - round, &p);
		stripe_check_unmap(test, &st, &p, U64_MAX - round);
	}
}

/* map then unmap gives the position back; unmap then map gives the pair. */
static void stripe_unmap_round_trip(struct kunit *test)
{
	const struct stripe_geom *g = test->param_value;
	struct pvfsf_stripe_pos p, q;
	u64 seed = STRIPE_SEED, pos, offset;
	struct pvfsf_stripe st;
	unsigned int i;
	u32 member;

	stripe_init_geom(&st, g);
	for (i = 0; i < 2000; i++) {
		pos = i < 500 ? i : stripe_rand(&seed);
		stripe_check_map(test, &st, g, pos, &p);
		stripe_check_unmap(test, &st, &p, pos);
	}
	for (i = 0; i < 2000; i++) {
		member = stripe_rand_below(&seed, g->nr_members);
		offset = stripe_rand(&seed);
		offset >>= stripe_rand_below(&seed, 64);
		if (!pvfsf_stripe_unmap(&st, member, offset, &pos))
			continue;
		pvfsf_stripe_map(&st, pos, &q);
		KUNIT_ASSERT_EQ_MSG(test, q.member, member,
				    "member %u offset %llu pos %llu", member,
				    offset, pos);
		KUNIT_ASSERT_EQ_MSG(test, q.offset, offset,
				    "member %u offset %llu pos %llu", member,
				    offset, pos);
	}
}

struct stripe_unmap_case {
	u64 strip;
	u32 nr_members;
	u32 member;
	u64 offset;
	bool fits;
	u64 pos;
};

/* Worked out by hand: each of the four overflows, and the last fit. */
static const struct stripe_unmap_case stripe_unmap_cases[] = {
	{ 1, 2, 0, (1ULL << 63) - 1, true, U64_MAX - 1 },
	{ 1, 2, 1, (1ULL << 63) - 1, true, U64_MAX },
	{ 1, 2, 0, 1ULL << 63, false },			/* round * N */
	{ 1, 3, 0, U64_MAX / 3, true, U64_MAX },
	{ 1, 3, 1, U64_MAX / 3, false },		/* + member */
	{ 8, 1, 0, U64_MAX, true, U64_MAX },
	{ 8, 3, 1, 6148914691236517207ULL, true, U64_MAX },
	{ 8, 3, 0, 6148914691236517207ULL, true, U64_MAX - 8 },
	{ 8, 3, 2, 6148914691236517207ULL, false },	/* * strip */
	{ 3, 2, 1, 9223372036854775806ULL, true, U64_MAX },
	{ 3, 2, 1, 9223372036854775807ULL, false },	/* + in_strip */
	{ 1ULL << 63, 2, 1, (1ULL << 63) - 1, true, U64_MAX },
	{ 1ULL << 63, 2, 0, 1ULL << 63, false },
	{ 1ULL << 63, 2, 1, 1ULL << 63, false },
	{ U64_MAX, 1024, 0, U64_MAX - 1, true, U64_MAX - 1 },
	{ U64_MAX, 1024, 1, 0, true, U64_MAX },
	{ U64_MAX, 1024, 1, 1, false },
	{ U64_MAX, 1024, 2, 0, false },
};

static void stripe_unmap_desc(const struct stripe_unmap_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE,
		 "strip %llu x %u, member %u offset %llu",
		 c->strip, c->nr_members, c->member, c->offset);
}

KUNIT_ARRAY_PARAM(stripe_unmap, stripe_unmap_cases, stripe_unmap_desc);

static void stripe_unmap_overflow(struct kunit *test)
{
	const struct stripe_unmap_case *c = test->param_value;
	struct pvfsf_stripe st;
	u64 pos = 0;

	pvfsf_stripe_init(&st, c->strip, c->nr_members);
	KUNIT_ASSERT_EQ(test, pvfsf_stripe_unmap(&st, c->member, c->offset, &pos),
			c->fits);
	if (c->fits)
		KUNIT_EXPECT_EQ(test, pos, c->pos);
}

/*
 * Around the pair that holds U64_MAX, unmap fits exactly when the pair comes
 * first in (round, member, offset in strip) order, the order of positions.
 */
static void stripe_check_unmap_near_top(struct kunit *test,
					const struct pvfsf_stripe *st,
					const struct pvfsf_stripe_pos *top,
					u32 member, u64 offset)
{
	u64 round = div64_u64(offset, st->strip);
	u64 top_round = div64_u64(top->offset, st->strip);
	struct pvfsf_stripe_pos p;
	bool fits;
	u64 pos;

	if (member >= st->nr_members)
		return;
	fits = round < top_round ||
	       (round == top_round &&
		(member < top->member ||
		 (member == top->member && offset <= top->offset)));
	KUNIT_ASSERT_EQ_MSG(test, pvfsf_stripe_unmap(st, member, offset, &pos),
			    fits, "strip %llu x %u, member %u offset %llu",
			    st->strip, st->nr_members, member, offset);
	if (!fits)
		return;
	pvfsf_stripe_map(st, pos, &p);
	KUNIT_ASSERT_EQ(test, p.member, member);
	KUNIT_ASSERT_EQ(test, p.offset, offset);
}

static void stripe_unmap_overflow_near_top(struct kunit *test)
{
	const struct stripe_geom *g = test->param_value;
	u64 offsets[7], s = g->strip;
	struct pvfsf_stripe_pos top;
	struct pvfsf_stripe st;
	unsigned int i, j;
	u32 members[5];

	stripe_init_geom(&st, g);
	stripe_check_map(test, &st, g, U64_MAX, &top);
	/* offsets that wrap around are left out */
	offsets[0] = top.offset;
	offsets[1] = top.offset < U64_MAX ? top.offset + 1 : 0;
	offsets[2] = top.offset ? top.offset - 1 : 0;
	offsets[3] = top.offset < U64_MAX - s ? top.offset + s : U64_MAX;
	offsets[4] = top.offset >= s ? top.offset - s : 0;
	offsets[5] = 0;
	offsets[6] = U64_MAX;
	members[0] = 0;
	members[1] = top.member - 1;	/* U32_MAX is skipped */
	members[2] = top.member;
	members[3] = top.member + 1;
	members[4] = g->nr_members - 1;
	for (i = 0; i < ARRAY_SIZE(offsets); i++)
		for (j = 0; j < ARRAY_SIZE(members); j++)
			stripe_check_unmap_near_top(test, &st, &top, members[j],
						    offsets[i]);
}

/* pvfsf_stripe_member_size() of @file_size for @member must be @want. */
static void stripe_check_size(struct kunit *test, const struct pvfsf_stripe *st,
			      u64 file_size, u32 member, u64 want)
{
	KUNIT_ASSERT_EQ_MSG(test, pvfsf_stripe_member_size(st, file_size, member),
			    want, "strip %llu x %u, file size %llu, member %u",
			    st->strip, st->nr_members, file_size, member);
}

/* The sizes a file's datafiles have for file sizes picked on each edge. */
static void stripe_member_size_known(struct kunit *test)
{
	const struct stripe_geom *g = test->param_value;
	u64 n = g->nr_members, s = g->strip, round, file_size;
	struct pvfsf_stripe st;
	u32 m;

	stripe_init_geom(&st, g);
	for (m = 0; m < g->nr_members; m++) {
		u64 first = m ? 0 : 1;	/* member 0 gets the odd unit */

		stripe_check_size(test, &st, 0, m, 0);
		stripe_check_size(test, &st, 1, m, first);
		stripe_check_size(test, &st, s - 1, m, m ? 0 : s - 1);
		stripe_check_size(test, &st, s, m, m ? 0 : s);
		if (check_mul_overflow(n, s, &round) || round == U64_MAX)
			continue;
		/* N strips: one each; N strips + 1: the unit goes to member 0 */
		stripe_check_size(test, &st, round, m, s);
		stripe_check_size(test, &st, round + 1, m, s + first);
		/* 7 rounds, 2 strips and 5 units: members 0, 1 get a strip more */
		if (n < 3 || s <= 5 ||
		    check_mul_overflow(7 * n + 2, s, &file_size) ||
		    check_add_overflow(file_size, 5ULL, &file_size))
			continue;
		stripe_check_size(test, &st, file_size, m,
				  7 * s + (m < 2 ? s : 0) + (m == 2 ? 5 : 0));
	}
}

/* Every unit of the file is in exactly one member: the sizes add up. */
static void stripe_member_size_sum(struct kunit *test)
{
	const struct stripe_geom *g = test->param_value;
	u64 n = g->nr_members, s = g->strip, seed = STRIPE_SEED;
	const u64 fixed[] = {
		0, 1, s - 1, s, s + 1, n * s - 1, n * s, n * s + 1,
		511, 513, 4097, 1000001, U64_MAX - s, U64_MAX - 1, U64_MAX,
	};
	struct pvfsf_stripe st;
	unsigned int i;

	stripe_init_geom(&st, g);
	for (i = 0; i < ARRAY_SIZE(fixed) + 200; i++) {
		u64 file_size, size, prev = 0, sum = 0;
		u32 m;

		if (i < ARRAY_SIZE(fixed))
			file_size = fixed[i];
		else
			file_size = stripe_rand(&seed) >> (i % 64);
		for (m = 0; m < g->nr_members; m++) {
			size = pvfsf_stripe_member_size(&st, file_size, m);
			KUNIT_ASSERT_EQ_MSG(test, size,
					    oracle_member_size(g, file_size, m),
					    "file size %llu, member %u",
					    file_size, m);
			/* later members never hold more, nor a strip less */
			if (m) {
				KUNIT_ASSERT_LE(test, size, prev);
				KUNIT_ASSERT_LE(test, prev - size, s);
			}
			KUNIT_ASSERT_FALSE_MSG(test,
					       check_add_overflow(sum, size, &sum),
					       "file size %llu", file_size);
			prev = size;
		}
		KUNIT_ASSERT_EQ(test, sum, file_size);
	}
}

/* Member sizes counted position by position, for every small file size. */
static void stripe_member_size_brute_force(struct kunit *test)
{
	const struct stripe_geom *g = test->param_value;
	u64 file_size, offset, *count;
	struct pvfsf_stripe st;
	u32 m;

	count = kunit_kcalloc(test, g->nr_members, sizeof(*count), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, count);
	stripe_init_geom(&st, g);
	for (file_size = 0; file_size < 5 * g->strip * g->nr_members + 3;
	     file_size++) {
		for (m = 0; m < g->nr_members; m++)
			KUNIT_ASSERT_EQ_MSG(test,
					    pvfsf_stripe_member_size(&st, file_size, m),
					    count[m], "file size %llu, member %u",
					    file_size, m);
		oracle_map(g, file_size, &m, &offset);
		count[m]++;
	}
}

/* The largest file size the members give is the file's size. */
static void stripe_file_size_max_over_members(struct kunit *test)
{
	const struct stripe_geom *g = test->param_value;
	u64 n = g->nr_members, s = g->strip, seed = STRIPE_SEED;
	const u64 fixed[] = {
		0, 1, s - 1, s, s + 1, n * s - 1, n * s, n * s + 1,
		511, 513, 4097, 1000001, U64_MAX - s, U64_MAX - 1, U64_MAX,
	};
	struct pvfsf_stripe st;
	unsigned int i;

	stripe_init_geom(&st, g);
	for (i = 0; i < ARRAY_SIZE(fixed) + 200; i++) {
		u64 file_size, size, got, largest = 0;
		u32 m;

		if (i < ARRAY_SIZE(fixed))
			file_size = fixed[i];
		else
			file_size = stripe_rand(&seed) >> (i % 64);
		for (m = 0; m < g->nr_members; m++) {
			size = pvfsf_stripe_member_size(&st, file_size, m);
			got = U64_MAX;
			KUNIT_ASSERT_TRUE_MSG(test,
					      pvfsf_stripe_file_size(&st, m, size, &got),
					      "file size %llu, member %u size %llu",
					      file_size, m, size);
			KUNIT_ASSERT_LE_MSG(test, got, file_size,
					    "member %u size %llu", m, size);
			if (!size)
				KUNIT_ASSERT_EQ(test, got, 0ULL);
			largest = max(largest, got);
		}
		KUNIT_ASSERT_EQ(test, largest, file_size);
	}
}

struct stripe_file_size_case {
	u64 strip;
	u32 nr_members;
	u32 member;
	u64 member_size;
	bool fits;
	u64 file_size;
};

/* Worked out by hand. */
static const struct stripe_file_size_case stripe_file_size_cases[] = {
	{ 8, 4, 2, 0, true, 0 },
	{ 8, 4, 2, 5, true, 21 },
	{ 8, 4, 3, 8, true, 32 },
	{ 8, 4, 3, 9, true, 57 },
	{ 24, 5, 3, 30, true, 198 },
	{ 8, 1, 0, U64_MAX, true, U64_MAX },
	{ 1, 2, 0, 1ULL << 63, true, U64_MAX },
	{ 1, 2, 1, (1ULL << 63) - 1, true, U64_MAX - 1 },
	{ 1, 2, 1, 1ULL << 63, false },		/* U64_MAX + 1 */
	{ 1, 2, 0, (1ULL << 63) + 1, false },
	{ 1ULL << 63, 2, 0, 1ULL << 63, true, 1ULL << 63 },
	{ 1ULL << 63, 2, 1, 1ULL << 63, false },
	{ 3, 1024, 1023, U64_MAX, false },
};

static void stripe_file_size_desc(const struct stripe_file_size_case *c,
				  char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE,
		 "strip %llu x %u, member %u size %llu",
		 c->strip, c->nr_members, c->member, c->member_size);
}

KUNIT_ARRAY_PARAM(stripe_file_size, stripe_file_size_cases,
		  stripe_file_size_desc);

static void stripe_file_size_edges(struct kunit *test)
{
	const struct stripe_file_size_case *c = test->param_value;
	struct pvfsf_stripe st;
	u64 file_size = 0;

	pvfsf_stripe_init(&st, c->strip, c->nr_members);
	KUNIT_ASSERT_EQ(test, pvfsf_stripe_file_size(&st, c->member,
						     c->member_size, &file_size),
			c->fits);
	if (c->fits)
		KUNIT_EXPECT_EQ(test, file_size, c->file_size);
}

/* The capacity the member limits give: the least of them. */
static u64 stripe_capacity(const struct pvfsf_stripe *st, const u64 *sizes)
{
	u64 capacity = U64_MAX;
	u32 m;

	for (m = 0; m < st->nr_members; m++)
		capacity = min(capacity,
			       pvfsf_stripe_member_limit(st, m, sizes[m]));
	return capacity;
}

/* The first position that does not fit, found one position at a time. */
static u64 stripe_brute_capacity(const struct stripe_geom *g, const u64 *sizes)
{
	u64 pos, offset;
	u32 m;

	for (pos = 0; ; pos++) {
		oracle_map(g, pos, &m, &offset);
		if (offset >= sizes[m])
			return pos;
	}
}

#define STRIPE_MAX_VECTORS	1024

/*
 * Member sizes base + d[m], 0 <= d[m] <= strip, for every base up to two
 * strips and every d (or that many drawn at random): the capacity is the
 * first position that does not fit in its member.
 */
static void stripe_member_limit_brute_force(struct kunit *test)
{
	const struct stripe_geom *g = test->param_value;
	u64 base, seed = STRIPE_SEED, *sizes, vectors = 1, v, digits;
	struct pvfsf_stripe st;
	u32 m;

	sizes = kunit_kcalloc(test, g->nr_members, sizeof(*sizes), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sizes);
	stripe_init_geom(&st, g);
	for (m = 0; m < g->nr_members && vectors <= STRIPE_MAX_VECTORS; m++)
		vectors *= g->strip + 1;
	for (base = 0; base <= 2 * g->strip; base++) {
		for (v = 0; v < min_t(u64, vectors, STRIPE_MAX_VECTORS); v++) {
			/* d[] are the digits of v in base strip + 1 */
			if (vectors <= STRIPE_MAX_VECTORS)
				digits = v;
			else
				digits = stripe_rand(&seed);
			for (m = 0; m < g->nr_members; m++)
				sizes[m] = base + do_div(digits, g->strip + 1);
			KUNIT_ASSERT_EQ_MSG(test, stripe_capacity(&st, sizes),
					    stripe_brute_capacity(g, sizes),
					    "base %llu, vector %llu, sizes %llu %llu ...",
					    base, v, sizes[0],
					    sizes[g->nr_members > 1]);
		}
	}
}

/*
 * Members sized for a file of F units give a capacity of F; a member that
 * grows past every position saturates the limit at U64_MAX.
 */
static void stripe_member_limit_capacity(struct kunit *test)
{
	const struct stripe_geom *g = test->param_value;
	u64 n = g->nr_members, s = g->strip, seed = STRIPE_SEED, *sizes;
	const u64 fixed[] = {
		0, 1, s - 1, s, s + 1, n * s - 1, n * s, n * s + 1,
		4097, U64_MAX - s, U64_MAX - 1, U64_MAX,
	};
	struct pvfsf_stripe st;
	unsigned int i;
	u32 m;

	sizes = kunit_kcalloc(test, g->nr_members, sizeof(*sizes), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sizes);
	stripe_init_geom(&st, g);
	for (i = 0; i < ARRAY_SIZE(fixed) + 100; i++) {
		u64 file_size;

		if (i < ARRAY_SIZE(fixed))
			file_size = fixed[i];
		else
			file_size = stripe_rand(&seed) >> (i % 64);
		for (m = 0; m < g->nr_members; m++)
			sizes[m] = pvfsf_stripe_member_size(&st, file_size, m);
		KUNIT_ASSERT_EQ_MSG(test, stripe_capacity(&st, sizes), file_size,
				    "member sizes of a file of %llu", file_size);
	}

	/* the last member holds every position it could: no limit */
	KUNIT_EXPECT_EQ(test,
			pvfsf_stripe_member_limit(&st, g->nr_members - 1, U64_MAX),
			U64_MAX);
	if (g->nr_members > 1)
		KUNIT_EXPECT_EQ(test, pvfsf_stripe_member_limit(&st, 0, U64_MAX),
				U64_MAX);
	KUNIT_EXPECT_EQ(test, pvfsf_stripe_member_limit(&st, 0, 0), 0ULL);
	if (g->nr_members > 1)
		KUNIT_EXPECT_EQ(test, pvfsf_stripe_member_limit(&st, 1, 0), s);
}

static struct kunit_case pvfsf_stripe_test_cases[] = {
	KUNIT_CASE_PARAM(stripe_init_shift, stripe_init_gen_params),
	KUNIT_CASE_PARAM(stripe_map_hand_computed, stripe_map_gen_params),
	KUNIT_CASE_PARAM(stripe_map_strip_ends, stripe_geom_gen_params),
	KUNIT_CASE_PARAM(stripe_map_vs_dm_stripe, stripe_geom_gen_params),
	KUNIT_CASE(stripe_map_shift_and_divide_agree),
	KUNIT_CASE_PARAM(stripe_map_bio_walk, stripe_geom_gen_params),
	KUNIT_CASE_PARAM(stripe_map_near_u64_max, stripe_geom_gen_params),
	KUNIT_CASE_PARAM(stripe_unmap_round_trip, stripe_geom_gen_params),
	KUNIT_CASE_PARAM(stripe_unmap_overflow, stripe_unmap_gen_params),
	KUNIT_CASE_PARAM(stripe_unmap_overflow_near_top, stripe_geom_gen_params),
	KUNIT_CASE_PARAM(stripe_member_size_known, stripe_geom_gen_params),
	KUNIT_CASE_PARAM(stripe_member_size_sum, stripe_geom_gen_params),
	KUNIT_CASE_PARAM(stripe_member_size_brute_force,
			 stripe_small_geom_gen_params),
	KUNIT_CASE_PARAM(stripe_file_size_max_over_members,
			 stripe_geom_gen_params),
	KUNIT_CASE_PARAM(stripe_file_size_edges, stripe_file_size_gen_params),
	KUNIT_CASE_PARAM(stripe_member_limit_brute_force,
			 stripe_small_geom_gen_params),
	KUNIT_CASE_PARAM(stripe_member_limit_capacity, stripe_geom_gen_params),
	{}
};

static struct kunit_suite pvfsf_stripe_test_suite = {
	.name = "pvfsf_stripe",
	.test_cases = pvfsf_stripe_test_cases,
};

kunit_test_suite(pvfsf_stripe_test_suite);

MODULE_DESCRIPTION("KUnit tests for the pvfsf stripe arithmetic");
MODULE_LICENSE("GPL");
