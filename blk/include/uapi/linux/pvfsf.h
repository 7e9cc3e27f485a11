/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pvfsf: per-file striped block devices for PVFS2/OrangeFS files.
 *
 * Control interface of /dev/pvfsf-control.  Every ioctl takes one struct
 * that starts with a version word; the kernel refuses a struct shorter than
 * it knows, a version it does not speak, flags it does not know and reserved
 * fields that are not zero.  Ioctl numbers are never reused.
 *
 * Out fields must be zero on the way in.  INFO and LIST copy out as many
 * entries as the caller made room for and always report how many exist.
 * A member's major:minor must be a valid device number, and datafile
 * handles within one file must be distinct.
 */
#ifndef _UAPI_LINUX_PVFSF_H
#define _UAPI_LINUX_PVFSF_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

#define PVFSF_CTL_VERSION	1
#define PVFSF_CTL_NAME		"pvfsf-control"

#define PVFSF_MAX_MEMBERS	1024
#define PVFSF_MIN_STRIP		4096		/* bytes */
#define PVFSF_MAX_STRIP		(1024ULL * 1024 * 1024)	/* bytes */

/* Feature bits returned by PVFSF_IOC_GET_FEATURES. */
#define PVFSF_FEAT_DEFERRED_REMOVE	_BITULL(0)
#define PVFSF_FEAT_READ_ONLY		_BITULL(1)
#define PVFSF_FEAT_BIND			_BITULL(2)
#define PVFSF_FEAT_ASSEMBLE		_BITULL(3)
#define PVFSF_FEATURES	(PVFSF_FEAT_DEFERRED_REMOVE | PVFSF_FEAT_READ_ONLY | \
			 PVFSF_FEAT_BIND | PVFSF_FEAT_ASSEMBLE)

/* Device states, as in INFO and in sysfs pvfsf/state. */
enum pvfsf_state {
	PVFSF_STATE_LIVE = 1,		/* every member bound, I/O flows */
	PVFSF_STATE_REMOVING = 2,	/* removal started, opens refused */
	PVFSF_STATE_DEGRADED = 3,	/* a member is lost: its strips fail */
	PVFSF_STATE_ASSEMBLING = 4,	/* a slot is unbound: opens refused */
};

/*
 * One datafile of the file, in layout order.  Device 0:0 is an unbound
 * slot: in CREATE with PVFSF_CREATE_ASSEMBLE, and in INFO.
 */
struct pvfsf_member {
	__u64 datafile_handle;	/* PVFS handle of the datafile */
	__u64 start_sector;	/* where the datafile begins on the disk */
	__u32 dev_major;	/* the member block device */
	__u32 dev_minor;
};

/*
 * struct pvfsf_create.flags.  ASSEMBLE lets members be unbound (0:0): the
 * device waits in PVFSF_STATE_ASSEMBLING, capacity 0, until BIND has
 * filled every slot, and needs @capacity to check each disk bound.
 */
#define PVFSF_CREATE_READ_ONLY	0x1U
#define PVFSF_CREATE_ASSEMBLE	0x2U
#define PVFSF_CREATE_FLAGS	(PVFSF_CREATE_READ_ONLY | PVFSF_CREATE_ASSEMBLE)

struct pvfsf_create {
	__u32 version;		/* PVFSF_CTL_VERSION */
	__u32 flags;		/* PVFSF_CREATE_* */
	__u32 fs_id;		/* PVFS collection (file system) id */
	__u32 nr_members;	/* entries at @members, 1..PVFSF_MAX_MEMBERS */
	__u64 handle;		/* PVFS handle of the file (metafile) */
	__u64 strip_size;	/* bytes; multiple of the logical block size */
	__u64 members;		/* user pointer to struct pvfsf_member[] */
	__u32 index;		/* out: N of /dev/pvfsfN */
	__u32 reserved0;
	__u64 capacity;		/* 512-byte sectors; 0: the most the members hold */
	__u64 reserved[3];
};

/* struct pvfsf_remove.flags */
#define PVFSF_REMOVE_DEFERRED	0x1U	/* if open: remove at last close */
#define PVFSF_REMOVE_FLAGS	PVFSF_REMOVE_DEFERRED

struct pvfsf_remove {
	__u32 version;
	__u32 flags;		/* PVFSF_REMOVE_* */
	__u32 index;		/* N of /dev/pvfsfN */
	__u32 reserved0;
	__u64 reserved[2];
};

/* struct pvfsf_info.flags, out */
#define PVFSF_INFO_READ_ONLY		0x1U
#define PVFSF_INFO_REMOVE_ON_CLOSE	0x2U

struct pvfsf_info {
	__u32 version;
	__u32 index;		/* in: N of /dev/pvfsfN */
	__u32 flags;		/* out: PVFSF_INFO_* */
	__u32 state;		/* out: enum pvfsf_state */
	__u32 fs_id;		/* out */
	__u32 nr_members;	/* out */
	__u64 handle;		/* out */
	__u64 strip_size;	/* out: bytes */
	__u64 capacity;		/* out: 512-byte sectors */
	__u64 members;		/* in: user pointer to struct pvfsf_member[] */
	__u32 members_len;	/* in: entries room at @members, may be 0 */
	__u32 dev_major;	/* out: of /dev/pvfsfN */
	__u32 dev_minor;	/* out */
	__u32 reserved0;
	__u64 reserved[4];
};

struct pvfsf_list {
	__u32 version;
	__u32 nr_devices;	/* out: how many devices exist */
	__u64 indices;		/* in: user pointer to __u32[] */
	__u32 indices_len;	/* in: entries room at @indices, may be 0 */
	__u32 reserved0;
	__u64 reserved[2];
};

/*
 * Bind a disk into a slot that is unbound (the device is assembling) or
 * whose member was lost: the disk must carry the slot's datafile
 * (@member.datafile_handle as given at create) and hold its share of the
 * device's capacity.  The device is live once every slot is bound and no
 * member is lost.
 */
struct pvfsf_bind {
	__u32 version;
	__u32 flags;		/* none yet: 0 */
	__u32 index;		/* N of /dev/pvfsfN */
	__u32 slot;		/* the member's place in layout order */
	struct pvfsf_member member;	/* the datafile and its new disk */
	__u64 reserved[2];
};

struct pvfsf_features {
	__u32 version;
	__u32 reserved0;
	__u64 features;		/* out: PVFSF_FEAT_* */
	__u64 reserved[2];
};

#define PVFSF_IOC_MAGIC		0xE7
#define PVFSF_IOC_GET_FEATURES	_IOWR(PVFSF_IOC_MAGIC, 0x00, struct pvfsf_features)
#define PVFSF_IOC_CREATE	_IOWR(PVFSF_IOC_MAGIC, 0x01, struct pvfsf_create)
#define PVFSF_IOC_REMOVE	_IOW(PVFSF_IOC_MAGIC, 0x02, struct pvfsf_remove)
#define PVFSF_IOC_INFO		_IOWR(PVFSF_IOC_MAGIC, 0x03, struct pvfsf_info)
#define PVFSF_IOC_LIST		_IOWR(PVFSF_IOC_MAGIC, 0x04, struct pvfsf_list)
#define PVFSF_IOC_BIND		_IOW(PVFSF_IOC_MAGIC, 0x05, struct pvfsf_bind)

#endif /* _UAPI_LINUX_PVFSF_H */
