// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the control requests' argument checks (pvfsf_validate.c):
 * each case changes one field of a valid request and names the errno the
 * kernel must answer with.
 */
#include <kunit/test.h>

#include "../blk/pvfsf.h"

/* The most sectors whose size in bytes fits loff_t. */
#define PVFSF_MAX_SECTORS	(LLONG_MAX >> SECTOR_SHIFT)

/* A valid request; each case overrides one field of it. */
#define PVFSF_GOOD_CREATE						\
	.version = PVFSF_CTL_VERSION, .fs_id = 9, .nr_members = 4,	\
	.handle = 1ULL << 63, .strip_size = 65536, .members = 0x1000

struct pvfsf_create_case {
	const char *name;
	struct pvfsf_create c;
	int err;
};

static const struct pvfsf_create_case pvfsf_create_cases[] = {
	{ "valid", { PVFSF_GOOD_CREATE }, 0 },
	{ "version_0", { PVFSF_GOOD_CREATE, .version = 0 }, -EINVAL },
	{ "version_2", { PVFSF_GOOD_CREATE, .version = 2 }, -EINVAL },
	{ "unknown_flag", { PVFSF_GOOD_CREATE, .flags = 0x4 }, -EINVAL },
	{ "read_only", { PVFSF_GOOD_CREATE, .flags = PVFSF_CREATE_READ_ONLY }, 0 },
	{ "reserved0", { PVFSF_GOOD_CREATE, .reserved0 = 1 }, -EINVAL },
	{ "reserved_last", { PVFSF_GOOD_CREATE, .reserved[2] = 1 }, -EINVAL },
	{ "index_set", { PVFSF_GOOD_CREATE, .index = 5 }, -EINVAL },
	{ "no_members", { PVFSF_GOOD_CREATE, .nr_members = 0 }, -EINVAL },
	{ "one_member", { PVFSF_GOOD_CREATE, .nr_members = 1 }, 0 },
	{ "max_members", { PVFSF_GOOD_CREATE, .nr_members = PVFSF_MAX_MEMBERS }, 0 },
	{ "too_many_members", { PVFSF_GOOD_CREATE, .nr_members = PVFSF_MAX_MEMBERS + 1 }, -EINVAL },
	{ "huge_members", { PVFSF_GOOD_CREATE, .nr_members = U32_MAX }, -EINVAL },
	{ "strip_0", { PVFSF_GOOD_CREATE, .strip_size = 0 }, -EINVAL },
	{ "strip_512", { PVFSF_GOOD_CREATE, .strip_size = 512 }, -EINVAL },
	{ "strip_min", { PVFSF_GOOD_CREATE, .strip_size = PVFSF_MIN_STRIP }, 0 },
	{ "strip_odd", { PVFSF_GOOD_CREATE, .strip_size = 65536 + 1 }, -EINVAL },
	{ "strip_not_pow2", { PVFSF_GOOD_CREATE, .strip_size = 65536 + 512 }, 0 },
	{ "strip_max", { PVFSF_GOOD_CREATE, .strip_size = PVFSF_MAX_STRIP }, 0 },
	{ "strip_too_big", { PVFSF_GOOD_CREATE, .strip_size = PVFSF_MAX_STRIP + 512 }, -EINVAL },
	{ "strip_near_2_64", { PVFSF_GOOD_CREATE, .strip_size = U64_MAX - 511 }, -EINVAL },
	{ "null_members", { PVFSF_GOOD_CREATE, .members = 0 }, -EFAULT },
	{ "handle_max", { PVFSF_GOOD_CREATE, .handle = U64_MAX }, 0 },
	{ "assemble", { PVFSF_GOOD_CREATE, .flags = PVFSF_CREATE_ASSEMBLE, .capacity = 8192 }, 0 },
	{ "assemble_no_capacity", { PVFSF_GOOD_CREATE, .flags = PVFSF_CREATE_ASSEMBLE }, -EINVAL },
	{ "capacity_without_assemble", { PVFSF_GOOD_CREATE, .capacity = 8192 }, 0 },
	{ "capacity_max", { PVFSF_GOOD_CREATE, .capacity = PVFSF_MAX_SECTORS }, 0 },
	{ "capacity_overflows", { PVFSF_GOOD_CREATE, .capacity = PVFSF_MAX_SECTORS + 1 }, -EINVAL },
};

static void pvfsf_create_case_desc(const struct pvfsf_create_case *c,
				   char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pvfsf_create, pvfsf_create_cases, pvfsf_create_case_desc);

static void pvfsf_check_create_test(struct kunit *test)
{
	const struct pvfsf_create_case *tc = test->param_value;
	struct pvfsf_why why = { };
	int ret;

	ret = pvfsf_check_create(&tc->c, &why);
	KUNIT_EXPECT_EQ_MSG(test, ret, tc->err, "case %s: %s", tc->name,
			    why.msg);
	/* every refusal says why, in one line */
	if (tc->err) {
		KUNIT_EXPECT_NE(test, why.msg[0], '\0');
		KUNIT_EXPECT_NULL(test, strchr(why.msg, '\n'));
	}
}

/* Four good members: distinct devices, distinct datafile handles. */
static void pvfsf_fill_members(struct pvfsf_member *m, u32 nr)
{
	u32 i;

	for (i = 0; i < nr; i++) {
		m[i].dev_major = 7;
		m[i].dev_minor = i;
		m[i].datafile_handle = 1000 + i;
		m[i].start_sector = 0;
	}
}

static void pvfsf_check_members_good_test(struct kunit *test)
{
	struct pvfsf_member m[4];
	struct pvfsf_why why = { };

	pvfsf_fill_members(m, ARRAY_SIZE(m));
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, ARRAY_SIZE(m), false, &why), 0);
	m[3].start_sector = LLONG_MAX >> SECTOR_SHIFT;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, ARRAY_SIZE(m), false, &why), 0);
	m[3].datafile_handle = U64_MAX;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, ARRAY_SIZE(m), false, &why), 0);
}

static void pvfsf_check_members_bad_test(struct kunit *test)
{
	struct pvfsf_member m[4];
	struct pvfsf_why why = { };

	pvfsf_fill_members(m, ARRAY_SIZE(m));
	m[3].dev_minor = m[1].dev_minor;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, 4, false, &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(why.msg, "member 3 repeats member 1"));

	pvfsf_fill_members(m, ARRAY_SIZE(m));
	m[2].datafile_handle = m[0].datafile_handle;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, 4, false, &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(why.msg, "datafile handle"));

	pvfsf_fill_members(m, ARRAY_SIZE(m));
	m[1].dev_major = 0;
	m[1].dev_minor = 0;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, 4, false, &why), -EINVAL);

	pvfsf_fill_members(m, ARRAY_SIZE(m));
	m[0].dev_major = 4096;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, 4, false, &why), -EINVAL);

	pvfsf_fill_members(m, ARRAY_SIZE(m));
	m[0].dev_minor = MINORMASK + 1;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, 4, false, &why), -EINVAL);

	pvfsf_fill_members(m, ARRAY_SIZE(m));
	m[2].start_sector = (LLONG_MAX >> SECTOR_SHIFT) + 1;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, 4, false, &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(why.msg, "overflows"));

	pvfsf_fill_members(m, ARRAY_SIZE(m));
	m[2].start_sector = U64_MAX;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, 4, false, &why), -EINVAL);
}

/*
 * An assembling create may leave slots unbound (0:0), any number of them;
 * their datafile handles must still be distinct, and the bound ones are
 * checked as always.
 */
static void pvfsf_check_members_unbound_test(struct kunit *test)
{
	struct pvfsf_member m[4];
	struct pvfsf_why why = { };

	pvfsf_fill_members(m, ARRAY_SIZE(m));
	m[1].dev_minor = 0;
	m[3].dev_minor = 0;
	m[3].dev_major = 0;
	m[1].dev_major = 0;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, 4, true, &why), 0);
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, 4, false, &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(why.msg, "member 1: 0:0"));

	m[0].dev_major = 0;
	m[0].dev_minor = 0;
	m[2].dev_major = 0;
	m[2].dev_minor = 0;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, 4, true, &why), 0);

	m[2].datafile_handle = m[0].datafile_handle;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, 4, true, &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(why.msg, "datafile handle"));

	pvfsf_fill_members(m, ARRAY_SIZE(m));
	m[1].dev_major = 0;
	m[1].dev_minor = 0;
	m[2].dev_minor = MINORMASK + 1;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, 4, true, &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(why.msg, "member 2"));
}

/* The last member repeating the first is found among 1024. */
static void pvfsf_check_members_max_test(struct kunit *test)
{
	struct pvfsf_member *m;
	struct pvfsf_why why = { };

	m = kunit_kcalloc(test, PVFSF_MAX_MEMBERS, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	pvfsf_fill_members(m, PVFSF_MAX_MEMBERS);
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, PVFSF_MAX_MEMBERS, false, &why),
			0);
	m[PVFSF_MAX_MEMBERS - 1].dev_minor = 0;
	KUNIT_EXPECT_EQ(test, pvfsf_check_members(m, PVFSF_MAX_MEMBERS, false, &why),
			-EINVAL);
}

static void pvfsf_check_remove_test(struct kunit *test)
{
	struct pvfsf_remove r = { .version = PVFSF_CTL_VERSION, .index = 3 };
	struct pvfsf_why why = { };

	KUNIT_EXPECT_EQ(test, pvfsf_check_remove(&r, &why), 0);
	r.flags = PVFSF_REMOVE_DEFERRED;
	KUNIT_EXPECT_EQ(test, pvfsf_check_remove(&r, &why), 0);
	r.flags = 0x80;
	KUNIT_EXPECT_EQ(test, pvfsf_check_remove(&r, &why), -EINVAL);
	r.flags = 0;
	r.reserved[1] = 1;
	KUNIT_EXPECT_EQ(test, pvfsf_check_remove(&r, &why), -EINVAL);
	r.reserved[1] = 0;
	r.version = 0;
	KUNIT_EXPECT_EQ(test, pvfsf_check_remove(&r, &why), -EINVAL);
}

static void pvfsf_check_bind_test(struct kunit *test)
{
	struct pvfsf_bind b = {
		.version = PVFSF_CTL_VERSION, .index = 2, .slot = 3,
		.member = { .datafile_handle = 7, .dev_major = 8,
			    .dev_minor = 16 },
	};
	struct pvfsf_why why = { };

	KUNIT_EXPECT_EQ(test, pvfsf_check_bind(&b, &why), 0);
	b.flags = 0x1;
	KUNIT_EXPECT_EQ(test, pvfsf_check_bind(&b, &why), -EINVAL);
	b.flags = 0;
	b.reserved[1] = 1;
	KUNIT_EXPECT_EQ(test, pvfsf_check_bind(&b, &why), -EINVAL);
	b.reserved[1] = 0;
	b.slot = PVFSF_MAX_MEMBERS - 1;
	KUNIT_EXPECT_EQ(test, pvfsf_check_bind(&b, &why), 0);
	b.slot = PVFSF_MAX_MEMBERS;
	KUNIT_EXPECT_EQ(test, pvfsf_check_bind(&b, &why), -EINVAL);
	b.slot = 0;
	b.member.dev_major = 0;
	b.member.dev_minor = 0;
	KUNIT_EXPECT_EQ(test, pvfsf_check_bind(&b, &why), -EINVAL);
	b.member.dev_major = 8;
	b.member.start_sector = U64_MAX;
	KUNIT_EXPECT_EQ(test, pvfsf_check_bind(&b, &why), -EINVAL);
	b.member.start_sector = 0;
	b.version = PVFSF_CTL_VERSION + 1;
	KUNIT_EXPECT_EQ(test, pvfsf_check_bind(&b, &why), -EINVAL);
}

static void pvfsf_check_info_list_features_test(struct kunit *test)
{
	struct pvfsf_info info = { .version = PVFSF_CTL_VERSION };
	struct pvfsf_list l = { .version = PVFSF_CTL_VERSION };
	struct pvfsf_features f = { .version = PVFSF_CTL_VERSION };
	struct pvfsf_why why = { };

	KUNIT_EXPECT_EQ(test, pvfsf_check_info(&info, &why), 0);
	info.members_len = 4;
	KUNIT_EXPECT_EQ(test, pvfsf_check_info(&info, &why), -EFAULT);
	info.members = 0x1000;
	KUNIT_EXPECT_EQ(test, pvfsf_check_info(&info, &why), 0);
	info.reserved[0] = 1;
	KUNIT_EXPECT_EQ(test, pvfsf_check_info(&info, &why), -EINVAL);

	KUNIT_EXPECT_EQ(test, pvfsf_check_list(&l, &why), 0);
	l.indices_len = 1;
	KUNIT_EXPECT_EQ(test, pvfsf_check_list(&l, &why), -EFAULT);
	l.indices = 0x1000;
	KUNIT_EXPECT_EQ(test, pvfsf_check_list(&l, &why), 0);
	l.reserved0 = 1;
	KUNIT_EXPECT_EQ(test, pvfsf_check_list(&l, &why), -EINVAL);

	KUNIT_EXPECT_EQ(test, pvfsf_check_features(&f, &why), 0);
	f.version = 7;
	KUNIT_EXPECT_EQ(test, pvfsf_check_features(&f, &why), -EINVAL);
}

static struct kunit_case pvfsf_validate_test_cases[] = {
	KUNIT_CASE_PARAM(pvfsf_check_create_test, pvfsf_create_gen_params),
	KUNIT_CASE(pvfsf_check_members_good_test),
	KUNIT_CASE(pvfsf_check_members_bad_test),
	KUNIT_CASE(pvfsf_check_members_unbound_test),
	KUNIT_CASE(pvfsf_check_members_max_test),
	KUNIT_CASE(pvfsf_check_remove_test),
	KUNIT_CASE(pvfsf_check_bind_test),
	KUNIT_CASE(pvfsf_check_info_list_features_test),
	{}
};

static struct kunit_suite pvfsf_validate_test_suite = {
	.name = "pvfsf_validate",
	.test_cases = pvfsf_validate_test_cases,
};

kunit_test_suite(pvfsf_validate_test_suite);

MODULE_LICENSE("GPL");
