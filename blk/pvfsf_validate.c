// SPDX-License-Identifier: GPL-2.0
/*
 * Validation of control requests that needs nothing but the request: the
 * version, flags, reserved fields and the shape of the member list.  What
 * depends on the member disks themselves (block size, size, holders) is
 * checked where they are opened, in pvfsf_members.c.
 *
 * Every refusal fills in a pvfsf_why with the one line the caller logs.
 */
#include <linux/kernel.h>

#include "pvfsf.h"

int pvfsf_refuse(struct pvfsf_why *why, int err, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(why->msg, sizeof(why->msg), fmt, args);
	va_end(args);
	return err;
}

static bool pvfsf_reserved_zero(const __u64 *reserved, size_t n)
{
	while (n--)
		if (reserved[n])
			return false;
	return true;
}

static int pvfsf_check_version(u32 version, struct pvfsf_why *why)
{
	if (version != PVFSF_CTL_VERSION)
		return pvfsf_refuse(why, -EINVAL,
				    "version %u not supported, this is %u",
				    version, PVFSF_CTL_VERSION);
	return 0;
}

int pvfsf_check_create(const struct pvfsf_create *c, struct pvfsf_why *why)
{
	int ret = pvfsf_check_version(c->version, why);

	if (ret)
		return ret;
	if (c->flags & ~PVFSF_CREATE_FLAGS)
		return pvfsf_refuse(why, -EINVAL, "unknown create flags %#x",
				    c->flags & ~PVFSF_CREATE_FLAGS);
	if (c->reserved0 || c->index ||
	    !pvfsf_reserved_zero(c->reserved, ARRAY_SIZE(c->reserved)))
		return pvfsf_refuse(why, -EINVAL,
				    "reserved fields of create must be zero");
	if (!c->nr_members || c->nr_members > PVFSF_MAX_MEMBERS)
		return pvfsf_refuse(why, -EINVAL,
				    "%u members, must be 1 to %u",
				    c->nr_members, PVFSF_MAX_MEMBERS);
	if (c->strip_size < PVFSF_MIN_STRIP || c->strip_size > PVFSF_MAX_STRIP)
		return pvfsf_refuse(why, -EINVAL,
				    "strip size %llu, must be %u to %llu bytes",
				    c->strip_size, PVFSF_MIN_STRIP,
				    PVFSF_MAX_STRIP);
	if (c->strip_size % SECTOR_SIZE)
		return pvfsf_refuse(why, -EINVAL,
				    "strip size %llu is not a multiple of %u",
				    c->strip_size, SECTOR_SIZE);
	if (!c->members)
		return pvfsf_refuse(why, -EFAULT, "no member array given");
	/* with slots unbound, BIND has nothing else to check a disk against */
	if ((c->flags & PVFSF_CREATE_ASSEMBLE) && !c->capacity)
		return pvfsf_refuse(why, -EINVAL,
				    "assemble needs the capacity");
	if (c->capacity > (LLONG_MAX >> SECTOR_SHIFT))
		return pvfsf_refuse(why, -EINVAL,
				    "capacity %llu sectors overflows",
				    c->capacity);
	return 0;
}

static bool pvfsf_member_unbound(const struct pvfsf_member *m)
{
	return !m->dev_major && !m->dev_minor;
}

static int pvfsf_check_member(const struct pvfsf_member *m, u32 i,
			      struct pvfsf_why *why)
{
	if (m->dev_major > MAJOR(~0U) || m->dev_minor > MINORMASK ||
	    (!m->dev_major && !m->dev_minor))
		return pvfsf_refuse(why, -EINVAL,
				    "member %u: %u:%u is not a device number",
				    i, m->dev_major, m->dev_minor);
	/* start_sector << SECTOR_SHIFT must stay a valid byte offset */
	if (m->start_sector > (LLONG_MAX >> SECTOR_SHIFT))
		return pvfsf_refuse(why, -EINVAL,
				    "member %u: start sector %llu overflows",
				    i, m->start_sector);
	return 0;
}

/* @assemble: the create may leave slots unbound (device 0:0). */
int pvfsf_check_members(const struct pvfsf_member *m, u32 nr, bool assemble,
			struct pvfsf_why *why)
{
	u32 i, j;
	int ret;

	for (i = 0; i < nr; i++) {
		bool unbound = assemble && pvfsf_member_unbound(&m[i]);

		ret = unbound ? 0 : pvfsf_check_member(&m[i], i, why);
		if (ret)
			return ret;
		/* at most 1024 members: the quadratic scan costs nothing */
		for (j = 0; j < i; j++) {
			if (!unbound && m[i].dev_major == m[j].dev_major &&
			    m[i].dev_minor == m[j].dev_minor)
				return pvfsf_refuse(why, -EINVAL,
						    "member %u repeats member %u (%u:%u)",
						    i, j, m[i].dev_major,
						    m[i].dev_minor);
			if (m[i].datafile_handle == m[j].datafile_handle)
				return pvfsf_refuse(why, -EINVAL,
						    "member %u repeats datafile handle %llu of member %u",
						    i, m[i].datafile_handle, j);
		}
	}
	return 0;
}

int pvfsf_check_remove(const struct pvfsf_remove *r, struct pvfsf_why *why)
{
	int ret = pvfsf_check_version(r->version, why);

	if (ret)
		return ret;
	if (r->flags & ~PVFSF_REMOVE_FLAGS)
		return pvfsf_refuse(why, -EINVAL, "unknown remove flags %#x",
				    r->flags & ~PVFSF_REMOVE_FLAGS);
	if (r->reserved0 ||
	    !pvfsf_reserved_zero(r->reserved, ARRAY_SIZE(r->reserved)))
		return pvfsf_refuse(why, -EINVAL,
				    "reserved fields of remove must be zero");
	return 0;
}

int pvfsf_check_bind(const struct pvfsf_bind *b, struct pvfsf_why *why)
{
	int ret = pvfsf_check_version(b->version, why);

	if (ret)
		return ret;
	if (b->flags)
		return pvfsf_refuse(why, -EINVAL, "unknown bind flags %#x",
				    b->flags);
	if (!pvfsf_reserved_zero(b->reserved, ARRAY_SIZE(b->reserved)))
		return pvfsf_refuse(why, -EINVAL,
				    "reserved fields of bind must be zero");
	if (b->slot >= PVFSF_MAX_MEMBERS)
		return pvfsf_refuse(why, -EINVAL, "slot %u, must be below %u",
				    b->slot, PVFSF_MAX_MEMBERS);
	return pvfsf_check_member(&b->member, b->slot, why);
}

int pvfsf_check_info(const struct pvfsf_info *info, struct pvfsf_why *why)
{
	int ret = pvfsf_check_version(info->version, why);

	if (ret)
		return ret;
	if (info->reserved0 ||
	    !pvfsf_reserved_zero(info->reserved, ARRAY_SIZE(info->reserved)))
		return pvfsf_refuse(why, -EINVAL,
				    "reserved fields of info must be zero");
	if (info->members_len && !info->members)
		return pvfsf_refuse(why, -EFAULT,
				    "room for %u members but no array",
				    info->members_len);
	return 0;
}

int pvfsf_check_list(const struct pvfsf_list *l, struct pvfsf_why *why)
{
	int ret = pvfsf_check_version(l->version, why);

	if (ret)
		return ret;
	if (l->reserved0 ||
	    !pvfsf_reserved_zero(l->reserved, ARRAY_SIZE(l->reserved)))
		return pvfsf_refuse(why, -EINVAL,
				    "reserved fields of list must be zero");
	if (l->indices_len && !l->indices)
		return pvfsf_refuse(why, -EFAULT,
				    "room for %u indices but no array",
				    l->indices_len);
	return 0;
}

int pvfsf_check_features(const struct pvfsf_features *f,
			 struct pvfsf_why *why)
{
	int ret = pvfsf_check_version(f->version, why);

	if (ret)
		return ret;
	if (f->reserved0 ||
	    !pvfsf_reserved_zero(f->reserved, ARRAY_SIZE(f->reserved)))
		return pvfsf_refuse(why, -EINVAL,
				    "reserved fields of get-features must be zero");
	return 0;
}
