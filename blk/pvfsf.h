/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pvfsf: one striped block device per PVFS2/OrangeFS file.
 *
 * Shared structures and prototypes of the module.  Locking:
 *
 *  - pvfsf_ctl_mutex (pvfsf_dev.c) serialises every control operation and
 *    guards both indexes of devices: by minor and by (fs id, handle).
 *    pvfsf_by_handle_lock guards the second too, for the lookups of the
 *    in-kernel interface (pvfsf_kapi.c), which take no control mutex.
 *  - disk->open_mutex guards pvfsf_device.state and .remove_on_close, so a
 *    remove that finds no opener cannot race with a new open.
 *  - the member table is published with rcu_assign_pointer() and read
 *    under pvfsf_srcu: a piece is mapped, takes its member's inflight
 *    reference and is submitted inside one read section, so a writer that
 *    publishes a new table and waits for the grace period knows no bio can
 *    still pick the old member; killing that member's inflight reference
 *    then waits for the pieces already sent to it.  The I/O path takes no
 *    lock shared across CPUs.
 *  - flush_lock guards flush_bios, on the flush path only.
 *  - a member's flags and io_errors are atomic: set from bio completions.
 */
#ifndef PVFSF_H
#define PVFSF_H

#undef pr_fmt
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/hashtable.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/percpu-refcount.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/srcu.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <linux/pvfsf.h>
#include "pvfsf_stripe.h"

/* pvfsf_member_dev.flags */
#define PVFSF_MEMBER_LOST	0	/* the disk is gone: fail its pieces */

/*
 * One member disk: the datafile of one PVFS data server.  Lives as long as
 * it is bound to its slot, across tables that share it.
 */
struct pvfsf_member_dev {
	struct pvfsf_device *dev;	/* the device it serves */
	struct block_device *bdev;	/* opened exclusively, holder = device */
	u64 datafile_handle;		/* PVFS handle of the datafile */
	sector_t start;			/* first sector of the datafile on bdev */
	sector_t nr_sectors;		/* usable sectors from start on */
	struct percpu_ref inflight;	/* one per piece sent and not ended */
	struct completion drained;	/* inflight killed and at zero */
	unsigned long flags;		/* PVFSF_MEMBER_* bits */
	atomic_long_t io_errors;	/* pieces it ended with an error */
};

/*
 * What the I/O path needs; immutable once published.  A member is NULL
 * only while the device is ASSEMBLING, which no opener, so no bio, sees.
 */
struct pvfsf_table {
	struct pvfsf_stripe stripe;	/* in 512-byte sectors */
	u32 nr_members;
	struct pvfsf_member_dev *members[];
};

/* A bio sent to a member, from pvfsf_device.bs: it knows its member. */
struct pvfsf_piece {
	struct pvfsf_member_dev *md;
	bool sent_lost;			/* its member was lost when it was sent */
	struct bio bio;			/* last: bs's front_pad ends here */
};

struct pvfsf_device {
	u32 index;			/* N of /dev/pvfsfN, also its minor */
	u32 fs_id;			/* PVFS collection id */
	u64 handle;			/* PVFS handle of the file */
	u64 strip_bytes;		/* strip size, bytes */
	sector_t capacity;		/* as create gave it; 0: the members' */
	u64 *datafiles;			/* each slot's datafile handle */
	bool read_only;
	enum pvfsf_state state;		/* under disk->open_mutex */
	bool remove_on_close;		/* under disk->open_mutex */
	struct gendisk *disk;
	struct pvfsf_table __rcu *table;
	struct bio_set bs;		/* struct pvfsf_piece, sent to members */
	struct bio_set acct_bs;		/* struct pvfsf_io, one per bio */
	struct hlist_node by_handle;	/* under pvfsf_ctl_mutex */

	spinlock_t flush_lock;		/* guards flush_bios */
	struct bio_list flush_bios;	/* PREFLUSH bios waiting for the worker */
	struct work_struct flush_work;
	struct work_struct remove_work;	/* removal deferred to last close */
	struct work_struct state_work;	/* a member was lost */
};

/* The clone that carries the I/O accounting of one original bio. */
struct pvfsf_io {
	struct bio *orig;		/* the bio submitted to the device */
	unsigned long start_time;	/* jiffies, from bio_start_io_acct() */
	struct bio clone;		/* last: acct_bs's front_pad ends here */
};

/* Why a request was refused, for the one dmesg line that says so. */
struct pvfsf_why {
	char msg[128];
};

__printf(3, 4)
int pvfsf_refuse(struct pvfsf_why *why, int err, const char *fmt, ...);

/* pvfsf_validate.c: checks that need nothing but the request itself. */
int pvfsf_check_create(const struct pvfsf_create *c, struct pvfsf_why *why);
int pvfsf_check_members(const struct pvfsf_member *m, u32 nr, bool assemble,
			struct pvfsf_why *why);
int pvfsf_check_remove(const struct pvfsf_remove *r, struct pvfsf_why *why);
int pvfsf_check_bind(const struct pvfsf_bind *b, struct pvfsf_why *why);
int pvfsf_check_info(const struct pvfsf_info *info, struct pvfsf_why *why);
int pvfsf_check_list(const struct pvfsf_list *l, struct pvfsf_why *why);
int pvfsf_check_features(const struct pvfsf_features *f,
			 struct pvfsf_why *why);

/* pvfsf_members.c: opening, checking and stacking the member disks. */
struct pvfsf_table *pvfsf_table_open(struct pvfsf_device *dev,
				     const struct pvfsf_member *m, u32 nr,
				     struct pvfsf_why *why);
void pvfsf_table_close(struct pvfsf_device *dev, struct pvfsf_table *t);
bool pvfsf_table_bound(const struct pvfsf_table *t);
int pvfsf_table_check_assembly(struct pvfsf_device *dev, struct pvfsf_table *t,
			       struct pvfsf_why *why);
int pvfsf_table_apply(struct pvfsf_device *dev, struct pvfsf_table *t,
		      struct gendisk *disk, struct pvfsf_why *why);
int pvfsf_table_link(struct pvfsf_table *t, struct gendisk *disk);
void pvfsf_table_unlink(struct pvfsf_table *t, struct gendisk *disk);
struct pvfsf_table *pvfsf_table_rebind(struct pvfsf_device *dev,
				       struct pvfsf_table *t, u32 slot,
				       const struct pvfsf_member *m,
				       struct pvfsf_why *why);
void pvfsf_member_unbind(struct pvfsf_device *dev,
			 struct pvfsf_member_dev *md);
void pvfsf_member_failed(struct pvfsf_member_dev *md, blk_status_t status);
void pvfsf_member_returned(struct pvfsf_member_dev *md);
bool pvfsf_table_degraded(struct pvfsf_device *dev);

/* pvfsf_bio.c: the I/O path. */
extern struct srcu_struct pvfsf_srcu;
void pvfsf_submit_bio(struct bio *bio);
void pvfsf_flush_work(struct work_struct *work);

/* pvfsf_dev.c: device lifecycle and lookup. */
extern int pvfsf_major;
extern struct workqueue_struct *pvfsf_wq;		/* flushes */
extern struct workqueue_struct *pvfsf_remove_wq;	/* deferred removals */
int pvfsf_create(const struct pvfsf_create *c, const struct pvfsf_member *m,
		 __u32 __user *index);
int pvfsf_remove(const struct pvfsf_remove *r);
int pvfsf_bind(const struct pvfsf_bind *b);
int pvfsf_info(struct pvfsf_info *info, struct pvfsf_member __user *m);
int pvfsf_list(struct pvfsf_list *l, u32 __user *indices);
void pvfsf_remove_all(void);
bool pvfsf_find_devt(u32 fs_id, u64 handle, dev_t *devt);
void pvfsf_state_work(struct work_struct *work);

/* pvfsf_control.c */
extern struct miscdevice pvfsf_ctl_misc;

/* pvfsf_sysfs.c */
extern const struct attribute_group *pvfsf_attr_groups[];
const char *pvfsf_state_name(enum pvfsf_state state);

#endif /* PVFSF_H */
