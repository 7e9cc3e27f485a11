// SPDX-License-Identifier: GPL-2.0
/*
 * The member disks of a device: each is the datafile of one PVFS data
 * server, opened exclusively with the device as holder so that nothing else
 * writes to it behind our back and lsblk shows the stack as it does for dm.
 */
#include <linux/blkdev.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "pvfsf.h"

static fmode_t pvfsf_member_mode(const struct pvfsf_device *dev)
{
	return FMODE_READ | FMODE_EXCL | (dev->read_only ? 0 : FMODE_WRITE);
}

static void pvfsf_member_drained(struct percpu_ref *ref)
{
	struct pvfsf_member_dev *md = container_of(ref, struct pvfsf_member_dev,
						   inflight);

	complete(&md->drained);
}

/* Returns the member opened, or an ERR_PTR having said why. */
static struct pvfsf_member_dev *pvfsf_member_open(struct pvfsf_device *dev,
						  const struct pvfsf_member *m,
						  u32 i, struct pvfsf_why *why)
{
	dev_t devt = MKDEV(m->dev_major, m->dev_minor);
	struct pvfsf_member_dev *md;
	struct block_device *bdev;
	sector_t size;
	int ret;

	md = kzalloc(sizeof(*md), GFP_KERNEL);
	if (!md) {
		pvfsf_refuse(why, -ENOMEM, "no memory for member %u", i);
		return ERR_PTR(-ENOMEM);
	}
	ret = percpu_ref_init(&md->inflight, pvfsf_member_drained, 0,
			      GFP_KERNEL);
	if (ret) {
		pvfsf_refuse(why, ret, "no memory for member %u", i);
		goto out_free;
	}
	init_completion(&md->drained);

	bdev = blkdev_get_by_dev(devt, pvfsf_member_mode(dev), dev);
	if (IS_ERR(bdev)) {
		switch (PTR_ERR(bdev)) {
		case -EBUSY:
			ret = pvfsf_refuse(why, -EBUSY,
					   "member %u (%u:%u) is held by another user",
					   i, m->dev_major, m->dev_minor);
			break;
		case -ENXIO:
		case -ENODEV:
			ret = pvfsf_refuse(why, -ENODEV,
					   "member %u (%u:%u) is not a block device",
					   i, m->dev_major, m->dev_minor);
			break;
		default:
			ret = pvfsf_refuse(why, PTR_ERR(bdev),
					   "member %u (%u:%u) cannot be opened: %ld",
					   i, m->dev_major, m->dev_minor,
					   PTR_ERR(bdev));
		}
		goto out_exit_ref;
	}
	/* the stripe would cut zones apart: nothing stacks them correctly */
	if (bdev_is_zoned(bdev)) {
		blkdev_put(bdev, pvfsf_member_mode(dev));
		ret = pvfsf_refuse(why, -EINVAL,
				   "member %u (%u:%u) is a zoned device",
				   i, m->dev_major, m->dev_minor);
		goto out_exit_ref;
	}
	md->dev = dev;
	md->bdev = bdev;
	md->datafile_handle = m->datafile_handle;
	md->start = m->start_sector;
	size = bdev_nr_sectors(bdev);
	md->nr_sectors = size > md->start ? size - md->start : 0;
	return md;

out_exit_ref:
	percpu_ref_exit(&md->inflight);
out_free:
	kfree(md);
	return ERR_PTR(ret);
}

/*
 * Wait until no piece sent to @md is in flight, then close it.  The caller
 * made sure no bio can pick @md any more (it is in no published table, or
 * a grace period of pvfsf_srcu has passed since it was taken out of one)
 * and killed its inflight reference.
 */
static void pvfsf_member_finish(struct pvfsf_device *dev,
				struct pvfsf_member_dev *md)
{
	wait_for_completion(&md->drained);
	percpu_ref_exit(&md->inflight);
	blkdev_put(md->bdev, pvfsf_member_mode(dev));
	kfree(md);
}

static void pvfsf_member_close(struct pvfsf_device *dev,
			       struct pvfsf_member_dev *md)
{
	percpu_ref_kill(&md->inflight);
	pvfsf_member_finish(dev, md);
}

struct pvfsf_table *pvfsf_table_open(struct pvfsf_device *dev,
				     const struct pvfsf_member *m, u32 nr,
				     struct pvfsf_why *why)
{
	struct pvfsf_member_dev *md;
	struct pvfsf_table *t;
	u32 i;

	t = kzalloc(struct_size(t, members, nr), GFP_KERNEL);
	if (!t) {
		pvfsf_refuse(why, -ENOMEM, "no memory for %u members", nr);
		return ERR_PTR(-ENOMEM);
	}
	pvfsf_stripe_init(&t->stripe, dev->strip_bytes >> SECTOR_SHIFT, nr);

	/* a slot left unbound (0:0, checked at create) stays NULL */
	for (i = 0; i < nr; i++, t->nr_members++) {
		if (!m[i].dev_major && !m[i].dev_minor)
			continue;
		md = pvfsf_member_open(dev, &m[i], i, why);
		if (IS_ERR(md)) {
			pvfsf_table_close(dev, t);
			return ERR_CAST(md);
		}
		t->members[i] = md;
	}
	return t;
}

/* Whether every slot has a disk: the device may leave ASSEMBLING. */
bool pvfsf_table_bound(const struct pvfsf_table *t)
{
	u32 i;

	for (i = 0; i < t->nr_members; i++)
		if (!t->members[i])
			return false;
	return true;
}

/*
 * Every reference is killed before any is waited for: each kill waits
 * for an RCU grace period, and a file may have 1024 datafiles.
 */
void pvfsf_table_close(struct pvfsf_device *dev, struct pvfsf_table *t)
{
	u32 i;

	for (i = 0; i < t->nr_members; i++)
		if (t->members[i])
			percpu_ref_kill(&t->members[i]->inflight);
	i = t->nr_members;
	while (i--)
		if (t->members[i])
			pvfsf_member_finish(dev, t->members[i]);
	kfree(t);
}

/*
 * Every member must speak the same logical block size, and the strip must
 * hold whole physical blocks of every member: a strip boundary inside a
 * physical block would make each write there a read-modify-write.
 */
static int pvfsf_check_block_size(const struct pvfsf_device *dev,
				  const struct pvfsf_table *t,
				  unsigned int *lbs, struct pvfsf_why *why)
{
	unsigned int pbs;
	u32 i;

	*lbs = bdev_logical_block_size(t->members[0]->bdev);
	for (i = 1; i < t->nr_members; i++)
		if (bdev_logical_block_size(t->members[i]->bdev) != *lbs)
			return pvfsf_refuse(why, -EINVAL,
					    "member %u has %u-byte blocks, member 0 has %u",
					    i,
					    bdev_logical_block_size(t->members[i]->bdev),
					    *lbs);
	for (i = 0; i < t->nr_members; i++) {
		pbs = bdev_physical_block_size(t->members[i]->bdev);
		if (dev->strip_bytes % pbs)
			return pvfsf_refuse(why, -EINVAL,
					    "strip size %llu is not a multiple of member %u's %u-byte physical block",
					    dev->strip_bytes, i, pbs);
	}
	for (i = 0; i < t->nr_members; i++)
		if ((t->members[i]->start << SECTOR_SHIFT) % *lbs)
			return pvfsf_refuse(why, -EINVAL,
					    "member %u starts at sector %llu, not on a %u-byte block",
					    i, (u64)t->members[i]->start, *lbs);
	return 0;
}

/*
 * A capacity given at create must be whole blocks, and each member must
 * hold its share of it: a disk too small is not this file's datafile, or
 * was cut short.
 */
static int pvfsf_member_holds(const struct pvfsf_table *t, u32 i,
			      const struct pvfsf_member_dev *md, sector_t cap,
			      struct pvfsf_why *why)
{
	unsigned int lbs = bdev_logical_block_size(md->bdev);

	if (cap % (lbs >> SECTOR_SHIFT))
		return pvfsf_refuse(why, -EINVAL,
				    "capacity %llu sectors is not whole %u-byte blocks of member %u",
				    (u64)cap, lbs, i);
	if (pvfsf_stripe_member_limit(&t->stripe, i, md->nr_sectors) < cap)
		return pvfsf_refuse(why, -ENOSPC,
				    "member %u has %llu sectors, too few for %llu on the device",
				    i, (u64)md->nr_sectors, (u64)cap);
	return 0;
}

static int pvfsf_given_capacity(const struct pvfsf_device *dev,
				const struct pvfsf_table *t,
				sector_t *capacity, struct pvfsf_why *why)
{
	u32 i;
	int ret;

	for (i = 0; i < t->nr_members; i++) {
		ret = pvfsf_member_holds(t, i, t->members[i], dev->capacity,
					 why);
		if (ret)
			return ret;
	}
	*capacity = dev->capacity;
	return 0;
}

/*
 * Unless create gave it, the capacity is the largest size whose every
 * sector maps inside its member, and whose size in bytes fits loff_t.
 * Datafiles of one PVFS file differ by at most one strip; a member shorter
 * than that is not a datafile of this file, or was cut short.
 */
static int pvfsf_capacity(const struct pvfsf_device *dev,
			  const struct pvfsf_table *t, unsigned int lbs,
			  sector_t *capacity, struct pvfsf_why *why)
{
	sector_t longest = 0, cap = ~(sector_t)0, limit;
	u32 i;

	if (dev->capacity)
		return pvfsf_given_capacity(dev, t, capacity, why);

	for (i = 0; i < t->nr_members; i++)
		longest = max(longest, t->members[i]->nr_sectors);
	for (i = 0; i < t->nr_members; i++) {
		const struct pvfsf_member_dev *md = t->members[i];

		if (!md->nr_sectors || longest - md->nr_sectors > t->stripe.strip)
			return pvfsf_refuse(why, -EINVAL,
					    "member %u has %llu sectors, more than a strip short of %llu",
					    i, (u64)md->nr_sectors, (u64)longest);
		limit = pvfsf_stripe_member_limit(&t->stripe, i, md->nr_sectors);
		cap = min(cap, limit);
	}
	cap = min_t(sector_t, cap, LLONG_MAX >> SECTOR_SHIFT);
	cap = round_down(cap, lbs >> SECTOR_SHIFT);
	if (!cap)
		return pvfsf_refuse(why, -EINVAL,
				    "members too small to hold one block");
	*capacity = cap;
	return 0;
}

/* Discard and write-zeroes are forwarded only if every member takes them. */
static void pvfsf_limit_special_ops(const struct pvfsf_table *t,
				    struct queue_limits *lim)
{
	bool discard = true, zeroes = true;
	u32 i;

	for (i = 0; i < t->nr_members; i++) {
		discard &= bdev_max_discard_sectors(t->members[i]->bdev) > 0;
		zeroes &= bdev_write_zeroes_sectors(t->members[i]->bdev) > 0;
	}
	/* each member gets its share in one bio and splits it further */
	lim->max_discard_sectors = discard ? UINT_MAX >> SECTOR_SHIFT : 0;
	lim->max_hw_discard_sectors = lim->max_discard_sectors;
	if (discard) {
		lim->discard_granularity = max(lim->discard_granularity,
					       lim->logical_block_size);
	} else {
		lim->discard_granularity = 0;
		lim->discard_alignment = 0;
		lim->discard_misaligned = 0;
	}
	lim->max_write_zeroes_sectors = zeroes ? UINT_MAX >> SECTOR_SHIFT : 0;
	lim->max_secure_erase_sectors = 0;
	lim->max_zone_append_sectors = 0;
}

/*
 * A write cache and FUA are advertised always, as md does: a member may be
 * switched to write-back after create, and only a device that claims a
 * cache gets flushes to pass on.  A member without a cache completes the
 * flush at once.  Stable writes are needed if any member needs them, and
 * the device is non-rotational only if no member rotates, as dm stacks
 * them.
 */
static void pvfsf_queue_flags(const struct pvfsf_table *t,
			      struct request_queue *q)
{
	bool stable = false, nonrot = true;
	u32 i;

	for (i = 0; i < t->nr_members; i++) {
		stable |= bdev_stable_writes(t->members[i]->bdev);
		nonrot &= bdev_nonrot(t->members[i]->bdev);
	}
	blk_queue_write_cache(q, true, true);
	if (stable)
		blk_queue_flag_set(QUEUE_FLAG_STABLE_WRITES, q);
	else
		blk_queue_flag_clear(QUEUE_FLAG_STABLE_WRITES, q);
	if (nonrot)
		blk_queue_flag_set(QUEUE_FLAG_NONROT, q);
	else
		blk_queue_flag_clear(QUEUE_FLAG_NONROT, q);
}

/*
 * REQ_NOWAIT pieces go to the members as they come, so the device takes
 * them only if every member does; pvfsf_bio.c splits them without waiting.
 */
static void pvfsf_nowait(const struct pvfsf_table *t, struct request_queue *q)
{
	bool nowait = true;
	u32 i;

	for (i = 0; i < t->nr_members; i++)
		nowait &= bdev_nowait(t->members[i]->bdev);
	if (nowait)
		blk_queue_flag_set(QUEUE_FLAG_NOWAIT, q);
	else
		blk_queue_flag_clear(QUEUE_FLAG_NOWAIT, q);
}

int pvfsf_table_apply(struct pvfsf_device *dev, struct pvfsf_table *t,
		      struct gendisk *disk, struct pvfsf_why *why)
{
	struct queue_limits lim;
	sector_t capacity;
	unsigned int lbs;
	u64 opt;
	u32 i;
	int ret;

	ret = pvfsf_check_block_size(dev, t, &lbs, why);
	if (ret)
		return ret;
	ret = pvfsf_capacity(dev, t, lbs, &capacity, why);
	if (ret)
		return ret;

	blk_set_stacking_limits(&lim);
	for (i = 0; i < t->nr_members; i++) {
		struct pvfsf_member_dev *md = t->members[i];

		/* misalignment only costs speed; dm warns and goes on as well */
		blk_stack_limits(&lim, &bdev_get_queue(md->bdev)->limits,
				 get_start_sect(md->bdev) + md->start);
	}
	pvfsf_limit_special_ops(t, &lim);
	lim.chunk_sectors = 0;
	lim.io_min = dev->strip_bytes;
	/*
	 * io_opt is a whole stripe, or the most whole strips that keep it
	 * and the readahead made of it (twice io_opt, in 32 bits) from
	 * overflowing.  Strips are at most 1 GiB, so at least one fits.
	 */
	opt = dev->strip_bytes * t->nr_members;
	lim.io_opt = min_t(u64, opt, rounddown(UINT_MAX / 2, dev->strip_bytes));

	/* no opener yet (new, or assembling): no bio reads the limits */
	disk->queue->limits = lim;
	pvfsf_queue_flags(t, disk->queue);
	pvfsf_nowait(t, disk->queue);
	/* the device's own I/O is counted, once per bio, in pvfsf_bio.c */
	blk_queue_flag_set(QUEUE_FLAG_IO_STAT, disk->queue);
	set_capacity(disk, capacity);
	return 0;
}

int pvfsf_table_link(struct pvfsf_table *t, struct gendisk *disk)
{
	u32 i;
	int ret;

	for (i = 0; i < t->nr_members; i++) {
		if (!t->members[i])
			continue;
		ret = bd_link_disk_holder(t->members[i]->bdev, disk);
		if (ret)
			goto out_unlink;
	}
	return 0;

out_unlink:
	while (i--)
		if (t->members[i])
			bd_unlink_disk_holder(t->members[i]->bdev, disk);
	return ret;
}

void pvfsf_table_unlink(struct pvfsf_table *t, struct gendisk *disk)
{
	u32 i;

	for (i = 0; i < t->nr_members; i++)
		if (t->members[i])
			bd_unlink_disk_holder(t->members[i]->bdev, disk);
}

/*
 * A failed piece is counted; it means the member is gone, rather than one
 * bad block (BLK_STS_MEDIUM) or one refused request, when its disk is dead
 * (deleted, or marked dead by its driver) or when the transport says so.
 * An iSCSI session lost past its replacement timeout ends the commands it
 * held with BLK_STS_TRANSPORT, and SCSI then refuses every new one with
 * BLK_STS_IOERR ("rejecting I/O to offline device"); BLK_STS_OFFLINE is a
 * device taken offline.  6.1 has no holder callback for a member's
 * removal (blk_holder_ops came in 6.5), so this completion is where the
 * driver learns it.  Then the device turns degraded, from a work item
 * since this may run in interrupt context; a dead disk's pieces fail at
 * once, the others' tell when the member is back
 * (pvfsf_member_returned()).
 */
void pvfsf_member_failed(struct pvfsf_member_dev *md, blk_status_t status)
{
	atomic_long_inc(&md->io_errors);
	if (status != BLK_STS_TRANSPORT && status != BLK_STS_OFFLINE &&
	    status != BLK_STS_IOERR &&
	    !test_bit(GD_DEAD, &md->bdev->bd_disk->state))
		return;
	if (test_and_set_bit(PVFSF_MEMBER_LOST, &md->flags))
		return;
	pr_warn_ratelimited("pvfsf%u: member %pg (datafile %llu) lost: %d\n",
			    md->dev->index, md->bdev, md->datafile_handle,
			    blk_status_to_errno(status));
	schedule_work(&md->dev->state_work);
}

/*
 * A piece of a lost member ended well: its transport is back (an iSCSI
 * session that logged in again after its replacement timeout), so the
 * member serves again and the device may be live again, with no BIND.
 */
void pvfsf_member_returned(struct pvfsf_member_dev *md)
{
	if (!test_and_clear_bit(PVFSF_MEMBER_LOST, &md->flags))
		return;
	pr_info_ratelimited("pvfsf%u: member %pg (datafile %llu) returned\n",
			    md->dev->index, md->bdev, md->datafile_handle);
	schedule_work(&md->dev->state_work);
}

/* Whether a member of the table now published is lost. */
bool pvfsf_table_degraded(struct pvfsf_device *dev)
{
	struct pvfsf_table *t;
	bool lost = false;
	u32 i;
	int idx;

	idx = srcu_read_lock(&pvfsf_srcu);
	t = srcu_dereference(dev->table, &pvfsf_srcu);
	for (i = 0; t && i < t->nr_members; i++)
		lost |= t->members[i] &&
			test_bit(PVFSF_MEMBER_LOST, &t->members[i]->flags);
	srcu_read_unlock(&pvfsf_srcu, idx);
	return lost;
}

/*
 * The logical block size the disks bound so far agree on (create and bind
 * check that they do), or 0 if none is bound: the first one sets it.
 */
static unsigned int pvfsf_table_block_size(const struct pvfsf_table *t)
{
	u32 i;

	for (i = 0; i < t->nr_members; i++)
		if (t->members[i])
			return bdev_logical_block_size(t->members[i]->bdev);
	return 0;
}

/* Whole physical blocks of the disk in a strip, its start on a block. */
static int pvfsf_member_aligned(struct pvfsf_device *dev, u32 slot,
				struct pvfsf_member_dev *md,
				struct pvfsf_why *why)
{
	unsigned int lbs = bdev_logical_block_size(md->bdev);
	unsigned int pbs = bdev_physical_block_size(md->bdev);

	if (dev->strip_bytes % pbs)
		return pvfsf_refuse(why, -EINVAL,
				    "strip size %llu is not a multiple of member %u's %u-byte physical block",
				    dev->strip_bytes, slot, pbs);
	if ((md->start << SECTOR_SHIFT) % lbs)
		return pvfsf_refuse(why, -EINVAL,
				    "member %u starts at sector %llu, not on a %u-byte block",
				    slot, (u64)md->start, lbs);
	return 0;
}

/*
 * The disk bound into a slot while the device assembles must fit the
 * disks bound before it, as create checks them all at once, and hold the
 * slot's share of the capacity create gave; what depends on every member
 * (limits, REQ_NOWAIT) is worked out when the last slot is bound.
 */
static int pvfsf_member_fits_assembly(struct pvfsf_device *dev,
				      struct pvfsf_table *t, u32 slot,
				      struct pvfsf_member_dev *md,
				      struct pvfsf_why *why)
{
	unsigned int lbs = pvfsf_table_block_size(t);
	int ret;

	if (lbs && bdev_logical_block_size(md->bdev) != lbs)
		return pvfsf_refuse(why, -EINVAL,
				    "member %u has %u-byte blocks, the members bound %u",
				    slot, bdev_logical_block_size(md->bdev),
				    lbs);
	ret = pvfsf_member_aligned(dev, slot, md, why);
	if (ret)
		return ret;
	return pvfsf_member_holds(t, slot, md, dev->capacity, why);
}

/* The disks an assembling create binds at once, checked as BIND would. */
int pvfsf_table_check_assembly(struct pvfsf_device *dev, struct pvfsf_table *t,
			       struct pvfsf_why *why)
{
	u32 i;
	int ret;

	for (i = 0; i < t->nr_members; i++) {
		if (!t->members[i])
			continue;
		ret = pvfsf_member_fits_assembly(dev, t, i, t->members[i], why);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The new disk of a slot must fit what the device already promised its
 * openers: the same logical block size, whole physical blocks in a strip,
 * the start on a block, and room for every sector of the capacity that
 * maps to the slot.  REQ_NOWAIT is advertised only if the disk takes it.
 * Other limits need no check: the member splits what exceeds its own.
 */
static int pvfsf_member_fits(struct pvfsf_device *dev, struct pvfsf_table *t,
			     u32 slot, struct pvfsf_member_dev *md,
			     struct pvfsf_why *why)
{
	struct request_queue *q = dev->disk->queue;
	unsigned int lbs = queue_logical_block_size(q);
	sector_t cap = get_capacity(dev->disk);
	int ret;

	/* stable under pvfsf_ctl_mutex: only a bind ends the assembly */
	if (READ_ONCE(dev->state) == PVFSF_STATE_ASSEMBLING)
		return pvfsf_member_fits_assembly(dev, t, slot, md, why);
	if (bdev_logical_block_size(md->bdev) != lbs)
		return pvfsf_refuse(why, -EINVAL,
				    "member %u has %u-byte blocks, the device %u",
				    slot, bdev_logical_block_size(md->bdev),
				    lbs);
	ret = pvfsf_member_aligned(dev, slot, md, why);
	if (ret)
		return ret;
	if (pvfsf_stripe_member_limit(&t->stripe, slot, md->nr_sectors) < cap)
		return pvfsf_refuse(why, -ENOSPC,
				    "member %u has %llu sectors, too few for %llu on the device",
				    slot, (u64)md->nr_sectors, (u64)cap);
	if (bdev_nowait(dev->disk->part0) && !bdev_nowait(md->bdev))
		return pvfsf_refuse(why, -EINVAL,
				    "member %u does not take REQ_NOWAIT, the device does",
				    slot);
	return 0;
}

/*
 * Open the disk @m names for @slot, check it and link it as a holder of
 * the device.  Returns a copy of @t with the new member in @slot, for the
 * caller to publish, or an ERR_PTR having said why.
 */
struct pvfsf_table *pvfsf_table_rebind(struct pvfsf_device *dev,
				       struct pvfsf_table *t, u32 slot,
				       const struct pvfsf_member *m,
				       struct pvfsf_why *why)
{
	struct pvfsf_member_dev *md;
	struct pvfsf_table *nt;
	int ret;

	md = pvfsf_member_open(dev, m, slot, why);
	if (IS_ERR(md))
		return ERR_CAST(md);
	ret = pvfsf_member_fits(dev, t, slot, md, why);
	if (ret)
		goto out_close;
	nt = kmemdup(t, struct_size(t, members, t->nr_members), GFP_KERNEL);
	if (!nt) {
		ret = pvfsf_refuse(why, -ENOMEM, "no memory for a table");
		goto out_close;
	}
	ret = bd_link_disk_holder(md->bdev, dev->disk);
	if (ret) {
		pvfsf_refuse(why, ret, "linking member %u as holder failed: %d",
			     slot, ret);
		goto out_free;
	}
	nt->members[slot] = md;
	return nt;

out_free:
	kfree(nt);
out_close:
	pvfsf_member_close(dev, md);
	return ERR_PTR(ret);
}

/*
 * Let go of a member taken out of the published table, once a grace
 * period of pvfsf_srcu has passed: it waits for the pieces still in
 * flight to it.
 */
void pvfsf_member_unbind(struct pvfsf_device *dev, struct pvfsf_member_dev *md)
{
	bd_unlink_disk_holder(md->bdev, dev->disk);
	pvfsf_member_close(dev, md);
}
