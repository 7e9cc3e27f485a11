// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O path: each bio is cut at strip boundaries and every piece is sent
 * to the member that holds it, as PVFS simple_stripe places it.
 *
 * One call maps one piece.  If the bio crosses a strip, the first piece is
 * split off (from the device's bio_set, chained to the rest) and the rest is
 * resubmitted to us, as md raid0 does: the block layer runs the lower-level
 * piece before the rest comes back, so each call takes at most one bio from
 * the mempool and cannot exhaust it.  The parent completes when every piece
 * has, with the first error (bio_chain).  Pieces keep REQ_FUA.
 *
 * Each bio is accounted once, whole, through a clone that stands for it
 * (pvfsf_account()).  REQ_NOWAIT bios never wait for a clone or a split.
 * Discard and write-zeroes go to each member as one range.
 *
 * REQ_PREFLUSH must reach every member, which is not one piece's job: such
 * bios go to a work item that flushes all members at once, then sends any
 * data on without the flag.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <trace/events/block.h>

#include "pvfsf.h"

DEFINE_SRCU(pvfsf_srcu);

/*
 * Send @piece, a bio of dev->bs whose end_io and bi_private are set, to
 * @md, which it holds in flight until it ends.  Called inside a read
 * section of pvfsf_srcu in which @md was found in the table, so a slot's
 * replacement waits for the piece (pvfsf_member_close()).  The pieces of
 * a member whose disk is dead fail at once: queued to it, they would fail
 * late.  A member lost to its transport keeps its disk, whose driver
 * fails them at once (an iSCSI session past its replacement timeout
 * takes its disks offline) until the transport returns.
 */
static void pvfsf_piece_submit(struct pvfsf_member_dev *md, struct bio *piece)
{
	struct pvfsf_piece *p = container_of(piece, struct pvfsf_piece, bio);

	p->md = md;
	p->sent_lost = test_bit(PVFSF_MEMBER_LOST, &md->flags);
	percpu_ref_get(&md->inflight);
	if (unlikely(p->sent_lost &&
		     test_bit(GD_DEAD, &md->bdev->bd_disk->state))) {
		bio_io_error(piece);
		return;
	}
	submit_bio_noacct(piece);
}

/*
 * Ends the member's hold on a piece; last use of the member by it.  Only
 * a piece sent while its member was lost can tell that it returned: one
 * sent before may end well after a later one failed.
 */
static void pvfsf_piece_put(struct bio *piece)
{
	struct pvfsf_piece *p = container_of(piece, struct pvfsf_piece, bio);
	struct pvfsf_member_dev *md = p->md;

	if (unlikely(piece->bi_status))
		pvfsf_member_failed(md, piece->bi_status);
	else if (unlikely(p->sent_lost))
		pvfsf_member_returned(md);
	bio_put(piece);
	percpu_ref_put(&md->inflight);
}

/*
 * What a piece's end tells the device's user.  A member's disk that is
 * offline or unreachable is EIO: the device itself is still there, and
 * ENODEV or ENOLINK would say it was not.
 */
static blk_status_t pvfsf_piece_status(const struct bio *piece)
{
	if (piece->bi_status == BLK_STS_OFFLINE ||
	    piece->bi_status == BLK_STS_TRANSPORT)
		return BLK_STS_IOERR;
	return piece->bi_status;
}

/* As bio_chain_endio(), and the piece lets go of its member. */
static void pvfsf_piece_endio(struct bio *piece)
{
	struct bio *parent = piece->bi_private;

	if (piece->bi_status && !parent->bi_status)
		parent->bi_status = pvfsf_piece_status(piece);
	pvfsf_piece_put(piece);
	bio_endio(parent);
}

/*
 * Map one piece of @bio and send it to its member; resubmit the rest to
 * us.  Every piece is a bio of dev->bs (the split, or a clone of a bio
 * that fits one strip), so its completion lets go of the member it was
 * sent to.  A REQ_NOWAIT bio that would have to wait for it is ended with
 * BLK_STS_AGAIN instead.
 */
static void pvfsf_map_bio(struct pvfsf_device *dev, struct bio *bio,
			  gfp_t gfp)
{
	sector_t sector = bio->bi_iter.bi_sector;
	struct pvfsf_stripe_pos pos;
	struct pvfsf_member_dev *md;
	struct pvfsf_table *t;
	struct bio *piece;
	int idx;

	idx = srcu_read_lock(&pvfsf_srcu);
	t = srcu_dereference(dev->table, &pvfsf_srcu);
	pvfsf_stripe_map(&t->stripe, sector, &pos);
	md = t->members[pos.member];

	if (bio_sectors(bio) > pos.strip_left) {
		piece = bio_split(bio, pos.strip_left, gfp, &dev->bs);
		if (!piece) {
			bio_wouldblock_error(bio);
			goto out;
		}
		/* the rest holds the parent open for this piece, as bio_chain */
		bio_inc_remaining(bio);
		piece->bi_private = bio;
		trace_block_split(piece, bio->bi_iter.bi_sector);
		submit_bio_noacct(bio);
		bio_set_dev(piece, md->bdev);
	} else {
		piece = bio_alloc_clone(md->bdev, bio, gfp, &dev->bs);
		if (!piece) {
			bio_wouldblock_error(bio);
			goto out;
		}
		piece->bi_private = bio;
	}
	piece->bi_end_io = pvfsf_piece_endio;
	piece->bi_iter.bi_sector = md->start + pos.offset;
	trace_block_bio_remap(piece, disk_devt(dev->disk), sector);
	pvfsf_piece_submit(md, piece);
out:
	srcu_read_unlock(&pvfsf_srcu, idx);
}

/*
 * A member that stops taking discard or write-zeroes (a SCSI disk learns it
 * from the error) fails the piece with BLK_STS_NOTSUPP or BLK_STS_TARGET:
 * then the device stops advertising the operation, as dm does.
 */
static void pvfsf_range_endio(struct bio *piece)
{
	struct bio *parent = piece->bi_private;
	struct request_queue *q = parent->bi_bdev->bd_disk->queue;
	blk_status_t status = piece->bi_status;

	if (status == BLK_STS_NOTSUPP || status == BLK_STS_TARGET) {
		if (bio_op(piece) == REQ_OP_DISCARD &&
		    !bdev_max_discard_sectors(piece->bi_bdev))
			q->limits.max_discard_sectors = 0;
		else if (bio_op(piece) == REQ_OP_WRITE_ZEROES &&
			 !bdev_write_zeroes_sectors(piece->bi_bdev))
			q->limits.max_write_zeroes_sectors = 0;
	}
	if (status && !parent->bi_status)
		parent->bi_status = pvfsf_piece_status(piece);
	pvfsf_piece_put(piece);
	bio_endio(parent);
}

/*
 * Discard and write-zeroes carry no data: each member gets one bio for its
 * whole share of the range, as dm-stripe and raid0 send them, instead of
 * one per strip.  Member i's share of [begin, end) starts where a file of
 * begin units ends on it and ends where a file of end units does.  The
 * pieces come from dev->bs, whose rescuer submits those of ours still
 * queued if the pool runs dry, so taking several in one call cannot
 * deadlock.
 */
static void pvfsf_map_range(struct pvfsf_device *dev, struct bio *bio,
			    gfp_t gfp)
{
	sector_t begin = bio->bi_iter.bi_sector, end = bio_end_sector(bio);
	struct pvfsf_table *t;
	u32 i;
	int idx;

	idx = srcu_read_lock(&pvfsf_srcu);
	t = srcu_dereference(dev->table, &pvfsf_srcu);
	for (i = 0; i < t->nr_members; i++) {
		struct pvfsf_member_dev *md = t->members[i];
		sector_t from = pvfsf_stripe_member_size(&t->stripe, begin, i);
		sector_t to = pvfsf_stripe_member_size(&t->stripe, end, i);
		struct bio *piece;

		if (from == to)
			continue;
		piece = bio_alloc_bioset(md->bdev, 0, bio->bi_opf, gfp,
					 &dev->bs);
		if (!piece) {
			bio->bi_status = BLK_STS_AGAIN;
			break;
		}
		/* at most the bio's own size, so it fits bi_size */
		piece->bi_iter.bi_sector = md->start + from;
		piece->bi_iter.bi_size = (to - from) << SECTOR_SHIFT;
		piece->bi_end_io = pvfsf_range_endio;
		piece->bi_private = bio;
		bio_inc_remaining(bio);
		trace_block_bio_remap(piece, disk_devt(dev->disk), begin);
		pvfsf_piece_submit(md, piece);
	}
	srcu_read_unlock(&pvfsf_srcu, idx);
	bio_endio(bio);
}

static void pvfsf_end_io_acct(struct bio *clone)
{
	struct pvfsf_io *io = container_of(clone, struct pvfsf_io, clone);
	struct bio *orig = io->orig;

	bio_end_io_acct(orig, io->start_time);
	if (clone->bi_status && !orig->bi_status)
		orig->bi_status = clone->bi_status;
	bio_put(clone);
	bio_endio(orig);
}

/*
 * The original bio is accounted once, whole, as md and dm do: a clone from
 * acct_bs stands for it, is split and resubmitted in its place, and ends
 * the accounting when its last piece completes.  A resubmitted rest is
 * such a clone, so it is not counted again.  Returns NULL, having ended
 * @bio with BLK_STS_AGAIN, if a REQ_NOWAIT bio would wait for the clone.
 */
static struct bio *pvfsf_account(struct pvfsf_device *dev, struct bio *bio,
				 gfp_t gfp)
{
	struct pvfsf_io *io;
	struct bio *clone;

	clone = bio_alloc_clone(bio->bi_bdev, bio, gfp, &dev->acct_bs);
	if (!clone) {
		bio_wouldblock_error(bio);
		return NULL;
	}
	io = container_of(clone, struct pvfsf_io, clone);
	io->orig = bio;
	io->start_time = bio_start_io_acct(bio);
	clone->bi_end_io = pvfsf_end_io_acct;
	return clone;
}

void pvfsf_submit_bio(struct bio *bio)
{
	struct pvfsf_device *dev = bio->bi_bdev->bd_disk->private_data;
	gfp_t gfp = bio->bi_opf & REQ_NOWAIT ? GFP_NOWAIT : GFP_NOIO;

	if (unlikely(bio->bi_opf & REQ_PREFLUSH)) {
		spin_lock_irq(&dev->flush_lock);
		bio_list_add(&dev->flush_bios, bio);
		spin_unlock_irq(&dev->flush_lock);
		queue_work(pvfsf_wq, &dev->flush_work);
		return;
	}
	if (unlikely(!bio_sectors(bio))) {
		bio_endio(bio);
		return;
	}
	/* the block layer only warns about writes to a read-only disk */
	if (unlikely(dev->read_only && op_is_write(bio_op(bio)))) {
		bio_io_error(bio);
		return;
	}
	if (blk_queue_io_stat(dev->disk->queue) &&
	    bio->bi_pool != &dev->acct_bs) {
		bio = pvfsf_account(dev, bio, gfp);
		if (!bio)
			return;
	}
	switch (bio_op(bio)) {
	case REQ_OP_DISCARD:
	case REQ_OP_WRITE_ZEROES:
		pvfsf_map_range(dev, bio, gfp);
		break;
	default:
		pvfsf_map_bio(dev, bio, gfp);
	}
}

struct pvfsf_flush {
	atomic_t pending;
	blk_status_t status;		/* the first error */
	struct completion done;
};

static void pvfsf_flush_endio(struct bio *bio)
{
	struct pvfsf_flush *fl = bio->bi_private;

	if (bio->bi_status)
		cmpxchg(&fl->status, BLK_STS_OK, pvfsf_piece_status(bio));
	pvfsf_piece_put(bio);
	if (atomic_dec_and_test(&fl->pending))
		complete(&fl->done);
}

/* Flush every member at once and wait for all of them. */
static blk_status_t pvfsf_flush_members(struct pvfsf_device *dev)
{
	struct pvfsf_flush fl = { .status = BLK_STS_OK };
	struct pvfsf_table *t;
	u32 i;
	int idx;

	atomic_set(&fl.pending, 1);
	init_completion(&fl.done);
	/* the wait is outside: only the sending holds up a table swap */
	idx = srcu_read_lock(&pvfsf_srcu);
	t = srcu_dereference(dev->table, &pvfsf_srcu);
	for (i = 0; i < t->nr_members; i++) {
		struct pvfsf_member_dev *md = t->members[i];
		struct bio *bio;

		bio = bio_alloc_bioset(md->bdev, 0,
				       REQ_OP_WRITE | REQ_PREFLUSH | REQ_SYNC,
				       GFP_NOIO, &dev->bs);
		bio->bi_end_io = pvfsf_flush_endio;
		bio->bi_private = &fl;
		atomic_inc(&fl.pending);
		pvfsf_piece_submit(md, bio);
	}
	srcu_read_unlock(&pvfsf_srcu, idx);
	if (!atomic_dec_and_test(&fl.pending))
		wait_for_completion_io(&fl.done);
	return fl.status;
}

/*
 * Every bio taken from the list arrived before the members are flushed, so
 * one round of member flushes serves them all.
 */
void pvfsf_flush_work(struct work_struct *work)
{
	struct pvfsf_device *dev = container_of(work, struct pvfsf_device,
						flush_work);
	struct bio_list bios;
	blk_status_t status;
	struct bio *bio;

	spin_lock_irq(&dev->flush_lock);
	bios = dev->flush_bios;
	bio_list_init(&dev->flush_bios);
	spin_unlock_irq(&dev->flush_lock);
	if (bio_list_empty(&bios))
		return;

	status = dev->read_only ? BLK_STS_OK : pvfsf_flush_members(dev);
	while ((bio = bio_list_pop(&bios))) {
		if (status || !bio_sectors(bio)) {
			bio->bi_status = status;
			bio_endio(bio);
			continue;
		}
		bio->bi_opf &= ~REQ_PREFLUSH;
		submit_bio_noacct(bio);
	}
}
