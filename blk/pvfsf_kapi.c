// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel interface (<linux/pvfsf_kapi.h>): a file system that finds
 * its file's device here sends the file's aligned I/O straight to it.
 *
 * Taking a device is opening it, so a device in use by a file system is
 * held exactly as one a program has open: REMOVE refuses it or defers to
 * the last close, and a device being removed cannot be taken.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/module.h>

#include <linux/pvfsf_kapi.h>
#include "pvfsf.h"

static const fmode_t pvfsf_kapi_mode = FMODE_READ | FMODE_WRITE;

static struct block_device *pvfsf_kapi_get(u32 fs_id, u64 handle)
{
	struct block_device *bdev;
	struct pvfsf_device *dev;
	dev_t devt;

	if (!pvfsf_find_devt(fs_id, handle, &devt))
		return ERR_PTR(-ENODEV);
	bdev = blkdev_get_by_dev(devt, pvfsf_kapi_mode, NULL);
	if (IS_ERR(bdev))
		return bdev;
	/* the minor may have gone to another file's device meanwhile */
	dev = bdev->bd_disk->private_data;
	if (dev->fs_id != fs_id || dev->handle != handle) {
		blkdev_put(bdev, pvfsf_kapi_mode);
		return ERR_PTR(-ENODEV);
	}
	return bdev;
}

static void pvfsf_kapi_put(struct block_device *bdev)
{
	blkdev_put(bdev, pvfsf_kapi_mode);
}

/*
 * One bio at a time, each waited for: the pages of a read into user memory
 * are dirtied where that may sleep, and pvfsf already sends a bio's strips
 * to their members at once.
 */
static int pvfsf_kapi_bio(struct block_device *bdev, struct iov_iter *iter,
			  loff_t pos, blk_opf_t opf, size_t *done)
{
	bool dirty = op_is_write(opf) ? false : user_backed_iter(iter);
	struct bio *bio;
	int ret;

	bio = bio_alloc(bdev, bio_iov_vecs_to_alloc(iter, BIO_MAX_VECS), opf,
			GFP_KERNEL);
	bio->bi_iter.bi_sector = pos >> SECTOR_SHIFT;
	ret = bio_iov_iter_get_pages(bio, iter);
	if (ret)
		goto out_put;
	*done += bio->bi_iter.bi_size;
	ret = submit_bio_wait(bio);
	bio_release_pages(bio, dirty && !ret);
out_put:
	bio_put(bio);
	return ret;
}

static ssize_t pvfsf_kapi_rw(struct block_device *bdev, struct iov_iter *iter,
			     size_t count, loff_t pos, bool write)
{
	unsigned int lbs = bdev_logical_block_size(bdev);
	size_t beyond = iov_iter_count(iter) - count;
	blk_opf_t opf = write ? REQ_OP_WRITE | REQ_SYNC : REQ_OP_READ;
	size_t done = 0;
	int ret = 0;

	if (count > iov_iter_count(iter) || pos < 0 ||
	    (pos | count) & (lbs - 1) || pos + count > bdev_nr_bytes(bdev))
		return -EINVAL;
	if (write && bdev_read_only(bdev))
		return -EROFS;

	/* the memory of this range only: what lies beyond is not ours */
	iov_iter_truncate(iter, count);
	if (!bdev_iter_is_aligned(bdev, iter))
		ret = -EINVAL;
	while (!ret && iov_iter_count(iter))
		ret = pvfsf_kapi_bio(bdev, iter, pos + done, opf, &done);
	iov_iter_reexpand(iter, iov_iter_count(iter) + beyond);
	if (ret) {
		iov_iter_revert(iter, done);
		return ret;
	}
	return count;
}

const struct pvfsf_kapi pvfsf_kapi = {
	.get = pvfsf_kapi_get,
	.rw = pvfsf_kapi_rw,
	.put = pvfsf_kapi_put,
};
EXPORT_SYMBOL_GPL(pvfsf_kapi);
