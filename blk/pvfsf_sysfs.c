// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/block/pvfsfN/pvfsf/: what the device serves, one value per file
 * except members, which lists one member per line.  All read-only; reads
 * have no side effect.  Documented in docs/sysfs-block-pvfsf.
 */
#include <linux/blkdev.h>
#include <linux/sysfs.h>

#include "pvfsf.h"

const char *pvfsf_state_name(enum pvfsf_state state)
{
	switch (state) {
	case PVFSF_STATE_LIVE:
		return "live";
	case PVFSF_STATE_REMOVING:
		return "removing";
	case PVFSF_STATE_DEGRADED:
		return "degraded";
	case PVFSF_STATE_ASSEMBLING:
		return "assembling";
	}
	return "unknown";
}

static struct pvfsf_device *pvfsf_dev_of(struct device *d)
{
	return dev_to_disk(d)->private_data;
}

static ssize_t fs_id_show(struct device *d, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%u\n", pvfsf_dev_of(d)->fs_id);
}
static DEVICE_ATTR_RO(fs_id);

static ssize_t handle_show(struct device *d, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%llu\n", pvfsf_dev_of(d)->handle);
}
static DEVICE_ATTR_RO(handle);

static ssize_t strip_size_show(struct device *d, struct device_attribute *attr,
			       char *buf)
{
	return sysfs_emit(buf, "%llu\n", pvfsf_dev_of(d)->strip_bytes);
}
static DEVICE_ATTR_RO(strip_size);

static ssize_t state_show(struct device *d, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  pvfsf_state_name(READ_ONCE(pvfsf_dev_of(d)->state)));
}
static DEVICE_ATTR_RO(state);

/*
 * "index datafile-handle major:minor" per line, in layout order; an
 * unbound slot is 0:0
 */
static ssize_t members_show(struct device *d, struct device_attribute *attr,
			    char *buf)
{
	struct pvfsf_device *dev = pvfsf_dev_of(d);
	struct pvfsf_table *t;
	ssize_t len = 0;
	dev_t devt;
	u32 i;
	int idx;

	idx = srcu_read_lock(&pvfsf_srcu);
	t = srcu_dereference(dev->table, &pvfsf_srcu);
	for (i = 0; t && i < t->nr_members; i++) {
		devt = t->members[i] ? t->members[i]->bdev->bd_dev : 0;
		len += sysfs_emit_at(buf, len, "%u %llu %u:%u\n", i,
				     dev->datafiles[i], MAJOR(devt),
				     MINOR(devt));
	}
	srcu_read_unlock(&pvfsf_srcu, idx);
	return len;
}
static DEVICE_ATTR_RO(members);

/* "index live|lost|unbound io-errors" per line, in layout order */
static ssize_t member_state_show(struct device *d,
				 struct device_attribute *attr, char *buf)
{
	struct pvfsf_device *dev = pvfsf_dev_of(d);
	struct pvfsf_table *t;
	ssize_t len = 0;
	u32 i;
	int idx;

	idx = srcu_read_lock(&pvfsf_srcu);
	t = srcu_dereference(dev->table, &pvfsf_srcu);
	for (i = 0; t && i < t->nr_members; i++) {
		struct pvfsf_member_dev *md = t->members[i];

		if (!md)
			len += sysfs_emit_at(buf, len, "%u unbound 0\n", i);
		else
			len += sysfs_emit_at(buf, len, "%u %s %ld\n", i,
					     test_bit(PVFSF_MEMBER_LOST,
						      &md->flags) ?
					     "lost" : "live",
					     atomic_long_read(&md->io_errors));
	}
	srcu_read_unlock(&pvfsf_srcu, idx);
	return len;
}
static DEVICE_ATTR_RO(member_state);

static struct attribute *pvfsf_attrs[] = {
	&dev_attr_fs_id.attr,
	&dev_attr_handle.attr,
	&dev_attr_strip_size.attr,
	&dev_attr_state.attr,
	&dev_attr_members.attr,
	&dev_attr_member_state.attr,
	NULL,
};

static const struct attribute_group pvfsf_attr_group = {
	.name = "pvfsf",
	.attrs = pvfsf_attrs,
};

const struct attribute_group *pvfsf_attr_groups[] = {
	&pvfsf_attr_group,
	NULL,
};
