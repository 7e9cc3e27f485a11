/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pvfsf's in-kernel interface, for the file system whose files pvfsf
 * serves: find the live /dev/pvfsfN of a file by (fs id, handle), send
 * that file's I/O to it, let it go.
 *
 * A caller reaches it with symbol_get(pvfsf_kapi) and lets it go with
 * symbol_put(pvfsf_kapi), so it loads and works without pvfsf.ko (it then
 * never finds a device) and holds pvfsf.ko only while it uses a device.
 *
 * A device taken with get() is open, as by any opener: REMOVE refuses it
 * with EBUSY, or with PVFSF_REMOVE_DEFERRED removes it at the last put().
 */
#ifndef _LINUX_PVFSF_KAPI_H
#define _LINUX_PVFSF_KAPI_H

#include <linux/blk_types.h>
#include <linux/types.h>
#include <linux/uio.h>

struct pvfsf_kapi {
	/*
	 * The device of file @handle of file system @fs_id, opened for
	 * reading and writing; ERR_PTR(-ENODEV) when there is none,
	 * ERR_PTR(-ENXIO) when it is being removed.  May sleep.
	 */
	struct block_device *(*get)(u32 fs_id, u64 handle);
	/*
	 * Synchronous direct I/O of @count bytes of @iter at byte @pos of
	 * the file.  @pos, @count and the memory must be aligned as
	 * bdev_iter_is_aligned() says, and the range inside the device:
	 * else -EINVAL, before any I/O.  Returns @count with @iter advanced
	 * by it, or -errno with @iter where it was (the range may then be
	 * partly written: the caller may write it again another way).
	 * A write to a read-only device is -EROFS.
	 */
	ssize_t (*rw)(struct block_device *bdev, struct iov_iter *iter,
		      size_t count, loff_t pos, bool write);
	/* Close what get() returned. */
	void (*put)(struct block_device *bdev);
};

extern const struct pvfsf_kapi pvfsf_kapi;

#endif /* _LINUX_PVFSF_KAPI_H */
