// SPDX-License-Identifier: GPL-2.0
/*
 * Device lifecycle: create, remove (now or at last close), and the two
 * indexes that find a device: by minor (the N of /dev/pvfsfN) and by the
 * PVFS file it serves, (fs id, handle).
 *
 * Every control operation holds pvfsf_ctl_mutex from start to end, so a
 * minor is never reused while the disk that had it is still going away.
 */
#include <linux/blkdev.h>
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "pvfsf.h"

int pvfsf_major;
struct workqueue_struct *pvfsf_wq;
struct workqueue_struct *pvfsf_remove_wq;

static DEFINE_MUTEX(pvfsf_ctl_mutex);
static DEFINE_XARRAY_ALLOC(pvfsf_by_minor);
static DEFINE_HASHTABLE(pvfsf_by_handle, 8);
/*
 * Changes to pvfsf_by_handle hold both this and pvfsf_ctl_mutex; the
 * in-kernel interface looks up under this alone, so a file's I/O never
 * waits for a control operation on another file.
 */
static DEFINE_SPINLOCK(pvfsf_by_handle_lock);

/*
 * Fault injection for the tests of CREATE's unwinding (Debian's kernel has
 * no failslab): while /sys/module/pvfsf/parameters/fail_create names a
 * step, every CREATE fails at that step.
 */
static char pvfsf_fail_create[16];
module_param_string(fail_create, pvfsf_fail_create, sizeof(pvfsf_fail_create),
		    0600);
MODULE_PARM_DESC(fail_create,
		 "testing: fail every create at this step (members, bioset, minor, link, add)");

static int pvfsf_fault(const char *step, struct pvfsf_why *why)
{
	bool hit;

	kernel_param_lock(THIS_MODULE);
	hit = sysfs_streq(pvfsf_fail_create, step);
	kernel_param_unlock(THIS_MODULE);
	if (hit)
		return pvfsf_refuse(why, -ENOMEM, "failure injected at %s",
				    step);
	return 0;
}

static u32 pvfsf_handle_key(u32 fs_id, u64 handle)
{
	return hash_64(handle ^ ((u64)fs_id << 32), HASH_BITS(pvfsf_by_handle));
}

static struct pvfsf_device *pvfsf_find_handle(u32 fs_id, u64 handle)
{
	struct pvfsf_device *dev;

	lockdep_assert_held(&pvfsf_ctl_mutex);
	hash_for_each_possible(pvfsf_by_handle, dev, by_handle,
			       pvfsf_handle_key(fs_id, handle))
		if (dev->fs_id == fs_id && dev->handle == handle)
			return dev;
	return NULL;
}

/* For pvfsf_kapi.c: the device number of a file's device, if it has one. */
bool pvfsf_find_devt(u32 fs_id, u64 handle, dev_t *devt)
{
	struct pvfsf_device *dev;
	bool found = false;

	spin_lock(&pvfsf_by_handle_lock);
	hash_for_each_possible(pvfsf_by_handle, dev, by_handle,
			       pvfsf_handle_key(fs_id, handle))
		if (dev->fs_id == fs_id && dev->handle == handle) {
			*devt = disk_devt(dev->disk);
			found = true;
			break;
		}
	spin_unlock(&pvfsf_by_handle_lock);
	return found;
}

static int pvfsf_open(struct block_device *bdev, fmode_t mode)
{
	struct pvfsf_device *dev = bdev->bd_disk->private_data;

	/*
	 * Called under disk->open_mutex, which guards state.  ENXIO while
	 * assembling as well: udevd takes it for a device not there yet,
	 * where EAGAIN would be a lock held and its event retried for
	 * minutes.  No log line: udev opens every disk as it appears.
	 */
	if (dev->state == PVFSF_STATE_REMOVING ||
	    dev->state == PVFSF_STATE_ASSEMBLING)
		return -ENXIO;
	return 0;
}

static void pvfsf_release(struct gendisk *disk, fmode_t mode)
{
	struct pvfsf_device *dev = disk->private_data;

	/* called under disk->open_mutex, after the opener count dropped */
	if (disk_openers(disk) || !dev->remove_on_close ||
	    dev->state == PVFSF_STATE_REMOVING)
		return;
	dev->state = PVFSF_STATE_REMOVING;
	queue_work(pvfsf_remove_wq, &dev->remove_work);
}

static void pvfsf_free_dev(struct pvfsf_device *dev)
{
	if (!dev)
		return;
	kfree(dev->datafiles);
	kfree(dev);
}

static void pvfsf_free_disk(struct gendisk *disk)
{
	pvfsf_free_dev(disk->private_data);
}

static const struct block_device_operations pvfsf_fops = {
	.owner = THIS_MODULE,
	.submit_bio = pvfsf_submit_bio,
	.open = pvfsf_open,
	.release = pvfsf_release,
	.free_disk = pvfsf_free_disk,
};

/* udev cannot get extra keys into the add event; dm sends a change too. */
static void pvfsf_announce(struct pvfsf_device *dev)
{
	char fs_id[32], handle[40], state[32];
	char *envp[4];

	envp[0] = fs_id;
	envp[1] = handle;
	envp[2] = state;
	envp[3] = NULL;
	snprintf(fs_id, sizeof(fs_id), "PVFSF_FS_ID=%u", dev->fs_id);
	snprintf(handle, sizeof(handle), "PVFSF_HANDLE=%llu", dev->handle);
	snprintf(state, sizeof(state), "PVFSF_STATE=%s",
		 pvfsf_state_name(dev->state));
	kobject_uevent_env(&disk_to_dev(dev->disk)->kobj, KOBJ_CHANGE, envp);
}

/*
 * The state follows the members: degraded while one is lost, live again
 * when none is.  Worked out under open_mutex from the table published
 * then, so of two updates the later one wins, and announced under it, so
 * no change event can follow a removal's del_gendisk().
 */
static void pvfsf_update_state(struct pvfsf_device *dev)
{
	struct gendisk *disk = dev->disk;
	enum pvfsf_state state;

	mutex_lock(&disk->open_mutex);
	/*
	 * A removal sets this first, then drops the table; an assembly ends
	 * only through pvfsf_assembled().
	 */
	if (dev->state == PVFSF_STATE_REMOVING ||
	    dev->state == PVFSF_STATE_ASSEMBLING)
		goto out_unlock;
	state = pvfsf_table_degraded(dev) ? PVFSF_STATE_DEGRADED :
					    PVFSF_STATE_LIVE;
	if (dev->state != state) {
		dev->state = state;
		pr_info("pvfsf%u: %s\n", dev->index, pvfsf_state_name(state));
		pvfsf_announce(dev);
	}
out_unlock:
	mutex_unlock(&disk->open_mutex);
}

void pvfsf_state_work(struct work_struct *work)
{
	pvfsf_update_state(container_of(work, struct pvfsf_device,
					state_work));
}

/*
 * Tear down a device that no one has open and no one can open any more
 * (state REMOVING, set under open_mutex with no opener): so no bio of ours
 * is in flight, as every bio comes through an opener.
 */
static void pvfsf_destroy(struct pvfsf_device *dev)
{
	struct pvfsf_table *t = rcu_dereference_protected(dev->table, true);

	lockdep_assert_held(&pvfsf_ctl_mutex);
	spin_lock(&pvfsf_by_handle_lock);
	hash_del(&dev->by_handle);
	spin_unlock(&pvfsf_by_handle_lock);
	pvfsf_table_unlink(t, dev->disk);
	del_gendisk(dev->disk);
	flush_work(&dev->flush_work);
	RCU_INIT_POINTER(dev->table, NULL);
	synchronize_srcu(&pvfsf_srcu);
	pvfsf_table_close(dev, t);
	/* queued by a member's last piece at the latest, which has ended */
	cancel_work_sync(&dev->state_work);
	bioset_exit(&dev->acct_bs);
	bioset_exit(&dev->bs);
	xa_erase(&pvfsf_by_minor, dev->index);
	pr_info("pvfsf%u removed\n", dev->index);
	put_disk(dev->disk);
}

static void pvfsf_remove_work(struct work_struct *work)
{
	struct pvfsf_device *dev = container_of(work, struct pvfsf_device,
						remove_work);

	mutex_lock(&pvfsf_ctl_mutex);
	pvfsf_destroy(dev);
	mutex_unlock(&pvfsf_ctl_mutex);
}

static struct pvfsf_device *pvfsf_alloc(const struct pvfsf_create *c,
					const struct pvfsf_member *m)
{
	struct pvfsf_device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	u32 i;

	if (!dev)
		return NULL;
	dev->datafiles = kmalloc_array(c->nr_members, sizeof(*dev->datafiles),
				       GFP_KERNEL);
	if (!dev->datafiles) {
		kfree(dev);
		return NULL;
	}
	for (i = 0; i < c->nr_members; i++)
		dev->datafiles[i] = m[i].datafile_handle;
	dev->fs_id = c->fs_id;
	dev->handle = c->handle;
	dev->strip_bytes = c->strip_size;
	dev->capacity = c->capacity;
	dev->read_only = c->flags & PVFSF_CREATE_READ_ONLY;
	dev->state = PVFSF_STATE_LIVE;
	spin_lock_init(&dev->flush_lock);
	bio_list_init(&dev->flush_bios);
	INIT_WORK(&dev->flush_work, pvfsf_flush_work);
	INIT_WORK(&dev->remove_work, pvfsf_remove_work);
	INIT_WORK(&dev->state_work, pvfsf_state_work);
	return dev;
}

static int pvfsf_add_disk(struct pvfsf_device *dev, struct pvfsf_table *t,
			  struct pvfsf_why *why)
{
	struct gendisk *disk;
	int ret;

	disk = blk_alloc_disk(NUMA_NO_NODE);
	if (!disk)
		return pvfsf_refuse(why, -ENOMEM, "no memory for a disk");
	dev->disk = disk;
	disk->major = pvfsf_major;
	disk->first_minor = dev->index;
	disk->minors = 1;
	disk->fops = &pvfsf_fops;
	disk->private_data = dev;
	disk->flags |= GENHD_FL_NO_PART;
	snprintf(disk->disk_name, DISK_NAME_LEN, "pvfsf%u", dev->index);
	set_disk_ro(disk, dev->read_only);
	/* an assembling device has capacity 0 until its last bind */
	ret = dev->state == PVFSF_STATE_LIVE ?
	      pvfsf_table_apply(dev, t, disk, why) : 0;
	if (ret)
		goto out_put_disk;
	rcu_assign_pointer(dev->table, t);

	/*
	 * Linked before the add (6.1 makes the links while adding), so
	 * slaves/ is in place when the add uevent goes out, and nothing can
	 * fail once the disk is visible: from then on an opener or a bio may
	 * reach the device, its bio_set and its members, and no unwind may
	 * free them.
	 */
	ret = pvfsf_table_link(t, disk);
	if (ret) {
		pvfsf_refuse(why, ret, "linking the member holders failed: %d",
			     ret);
		goto out_put_disk;
	}
	ret = pvfsf_fault("link", why);
	if (ret)
		goto out_unlink;
	ret = pvfsf_fault("add", why);
	if (ret)
		goto out_unlink;
	/* the attribute groups exist before the add uevent is sent */
	ret = device_add_disk(NULL, disk, pvfsf_attr_groups);
	if (ret) {
		pvfsf_refuse(why, ret, "adding the disk failed: %d", ret);
		goto out_unlink;
	}
	return 0;

out_unlink:
	pvfsf_table_unlink(t, disk);
out_put_disk:
	/* free_disk must not free dev: the caller still unwinds it */
	disk->private_data = NULL;
	RCU_INIT_POINTER(dev->table, NULL);
	put_disk(disk);
	return ret;
}

static int pvfsf_create_locked(const struct pvfsf_create *c,
			       const struct pvfsf_member *m,
			       __u32 __user *index, struct pvfsf_why *why)
{
	struct pvfsf_device *dev;
	struct pvfsf_table *t;
	int ret;

	if (pvfsf_find_handle(c->fs_id, c->handle))
		return pvfsf_refuse(why, -EEXIST,
				    "fs %u handle %llu has a device already",
				    c->fs_id, c->handle);
	dev = pvfsf_alloc(c, m);
	if (!dev)
		return pvfsf_refuse(why, -ENOMEM, "no memory for a device");
	t = pvfsf_table_open(dev, m, c->nr_members, why);
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
		goto out_free_dev;
	}
	if (!pvfsf_table_bound(t)) {
		dev->state = PVFSF_STATE_ASSEMBLING;
		ret = pvfsf_table_check_assembly(dev, t, why);
		if (ret)
			goto out_close_table;
	}
	ret = pvfsf_fault("members", why);
	if (ret)
		goto out_close_table;
	ret = pvfsf_fault("bioset", why);
	if (ret)
		goto out_close_table;
	/* the rescuer: a discard takes one piece per member in one call */
	ret = bioset_init(&dev->bs, BIO_POOL_SIZE,
			  offsetof(struct pvfsf_piece, bio), BIOSET_NEED_RESCUER);
	if (ret) {
		pvfsf_refuse(why, ret, "no memory for the bio set");
		goto out_close_table;
	}
	ret = bioset_init(&dev->acct_bs, BIO_POOL_SIZE,
			  offsetof(struct pvfsf_io, clone), 0);
	if (ret) {
		pvfsf_refuse(why, ret, "no memory for the accounting bio set");
		goto out_exit_bioset;
	}
	ret = pvfsf_fault("minor", why);
	if (ret)
		goto out_exit_acct_bioset;
	ret = xa_alloc(&pvfsf_by_minor, &dev->index, dev,
		       XA_LIMIT(0, MINORMASK), GFP_KERNEL);
	if (ret) {
		pvfsf_refuse(why, ret == -EBUSY ? -ENOSPC : ret,
			     "no free device number");
		goto out_exit_acct_bioset;
	}
	/* before the disk is live, so a bad pointer leaves nothing behind */
	if (put_user(dev->index, index)) {
		ret = pvfsf_refuse(why, -EFAULT, "cannot write the index back");
		goto out_erase_minor;
	}
	ret = pvfsf_add_disk(dev, t, why);
	if (ret)
		goto out_erase_minor;

	spin_lock(&pvfsf_by_handle_lock);
	hash_add(pvfsf_by_handle, &dev->by_handle,
		 pvfsf_handle_key(dev->fs_id, dev->handle));
	spin_unlock(&pvfsf_by_handle_lock);
	pvfsf_announce(dev);
	pr_info("pvfsf%u: fs %u handle %llu, %u members, strip %llu bytes, %s\n",
		dev->index, dev->fs_id, dev->handle, t->nr_members,
		dev->strip_bytes, pvfsf_state_name(dev->state));
	return 0;

out_erase_minor:
	xa_erase(&pvfsf_by_minor, dev->index);
out_exit_acct_bioset:
	bioset_exit(&dev->acct_bs);
out_exit_bioset:
	bioset_exit(&dev->bs);
out_close_table:
	pvfsf_table_close(dev, t);
out_free_dev:
	pvfsf_free_dev(dev);
	return ret;
}

int pvfsf_create(const struct pvfsf_create *c, const struct pvfsf_member *m,
		 __u32 __user *index)
{
	struct pvfsf_why why;
	int ret;

	ret = mutex_lock_killable(&pvfsf_ctl_mutex);
	if (ret)
		return ret;
	ret = pvfsf_create_locked(c, m, index, &why);
	mutex_unlock(&pvfsf_ctl_mutex);
	if (ret)
		pr_warn_ratelimited("create refused: %s\n", why.msg);
	return ret;
}

static int pvfsf_remove_locked(const struct pvfsf_remove *r,
			       struct pvfsf_why *why)
{
	struct pvfsf_device *dev = xa_load(&pvfsf_by_minor, r->index);
	bool destroy = false;
	struct gendisk *disk;
	int ret = 0;

	if (!dev)
		return pvfsf_refuse(why, -ENODEV, "pvfsf%u does not exist",
				    r->index);
	disk = dev->disk;
	mutex_lock(&disk->open_mutex);
	if (dev->state == PVFSF_STATE_REMOVING)
		ret = pvfsf_refuse(why, -EBUSY, "pvfsf%u is being removed",
				   r->index);
	else if (!disk_openers(disk))
		destroy = true;
	else if (r->flags & PVFSF_REMOVE_DEFERRED)
		dev->remove_on_close = true;
	else
		ret = pvfsf_refuse(why, -EBUSY, "pvfsf%u is open", r->index);
	if (destroy)
		dev->state = PVFSF_STATE_REMOVING;
	mutex_unlock(&disk->open_mutex);
	/* a deferred remove leaves the device to its last close */
	if (destroy)
		pvfsf_destroy(dev);
	return ret;
}

int pvfsf_remove(const struct pvfsf_remove *r)
{
	struct pvfsf_why why;
	int ret;

	ret = mutex_lock_killable(&pvfsf_ctl_mutex);
	if (ret)
		return ret;
	ret = pvfsf_remove_locked(r, &why);
	mutex_unlock(&pvfsf_ctl_mutex);
	if (ret)
		pr_warn_ratelimited("remove refused: %s\n", why.msg);
	return ret;
}

/* The last slot is bound and the capacity set: opens are allowed now. */
static void pvfsf_assembled(struct pvfsf_device *dev)
{
	struct gendisk *disk = dev->disk;

	mutex_lock(&disk->open_mutex);
	dev->state = PVFSF_STATE_LIVE;
	pr_info("pvfsf%u: assembled, %llu sectors\n", dev->index,
		(u64)get_capacity(disk));
	pvfsf_announce(dev);
	mutex_unlock(&disk->open_mutex);
}

/*
 * Fill a slot of an assembling device: an unbound one, or one whose disk
 * was deleted before the assembly ended.  With the last slot the limits
 * and the capacity are worked out from every member, before the table
 * that holds them all is published; no one has the device open, so no
 * bio sees them change.
 */
static int pvfsf_assemble_bind(struct pvfsf_device *dev,
			       struct pvfsf_table *t,
			       const struct pvfsf_bind *b,
			       struct pvfsf_why *why)
{
	struct pvfsf_member_dev *old = t->members[b->slot];
	struct pvfsf_table *nt;
	bool bound;
	int ret;

	if (old && !test_bit(GD_DEAD, &old->bdev->bd_disk->state))
		return pvfsf_refuse(why, -EBUSY,
				    "member %u of pvfsf%u is bound already",
				    b->slot, b->index);
	nt = pvfsf_table_rebind(dev, t, b->slot, &b->member, why);
	if (IS_ERR(nt))
		return PTR_ERR(nt);
	bound = pvfsf_table_bound(nt);
	if (bound) {
		ret = pvfsf_table_apply(dev, nt, dev->disk, why);
		if (ret) {
			pvfsf_member_unbind(dev, nt->members[b->slot]);
			kfree(nt);
			return ret;
		}
	}
	/* sysfs reads the table under pvfsf_srcu */
	rcu_assign_pointer(dev->table, nt);
	synchronize_srcu(&pvfsf_srcu);
	kfree(t);
	if (old)
		pvfsf_member_unbind(dev, old);
	pr_info("pvfsf%u: member %u bound to %pg\n", dev->index, b->slot,
		nt->members[b->slot]->bdev);
	if (bound)
		pvfsf_assembled(dev);
	return 0;
}

static int pvfsf_bind_locked(const struct pvfsf_bind *b, struct pvfsf_why *why)
{
	struct pvfsf_device *dev = xa_load(&pvfsf_by_minor, b->index);
	struct pvfsf_member_dev *old;
	struct pvfsf_table *t, *nt;

	if (!dev)
		return pvfsf_refuse(why, -ENODEV, "pvfsf%u does not exist",
				    b->index);
	/* a removal in progress waits for the control mutex we hold */
	if (READ_ONCE(dev->state) == PVFSF_STATE_REMOVING)
		return pvfsf_refuse(why, -EBUSY, "pvfsf%u is being removed",
				    b->index);
	t = rcu_dereference_protected(dev->table,
				      lockdep_is_held(&pvfsf_ctl_mutex));
	if (b->slot >= t->nr_members)
		return pvfsf_refuse(why, -EINVAL, "pvfsf%u has no member %u",
				    b->index, b->slot);
	if (b->member.datafile_handle != dev->datafiles[b->slot])
		return pvfsf_refuse(why, -EINVAL,
				    "member %u of pvfsf%u is datafile %llu, not %llu",
				    b->slot, b->index, dev->datafiles[b->slot],
				    b->member.datafile_handle);
	if (READ_ONCE(dev->state) == PVFSF_STATE_ASSEMBLING)
		return pvfsf_assemble_bind(dev, t, b, why);
	old = t->members[b->slot];
	/* a disk deleted before any I/O noticed it is lost all the same */
	if (test_bit(GD_DEAD, &old->bdev->bd_disk->state) &&
	    !test_and_set_bit(PVFSF_MEMBER_LOST, &old->flags))
		schedule_work(&dev->state_work);
	if (!test_bit(PVFSF_MEMBER_LOST, &old->flags))
		return pvfsf_refuse(why, -EBUSY,
				    "member %u of pvfsf%u is not lost",
				    b->slot, b->index);
	nt = pvfsf_table_rebind(dev, t, b->slot, &b->member, why);
	if (IS_ERR(nt))
		return PTR_ERR(nt);

	/*
	 * Once the grace period has passed, no bio can pick the old member:
	 * each takes its member and holds it in flight inside one read
	 * section.  Unbinding it then waits for the pieces still in flight.
	 */
	rcu_assign_pointer(dev->table, nt);
	synchronize_srcu(&pvfsf_srcu);
	kfree(t);
	pvfsf_member_unbind(dev, old);
	pr_info("pvfsf%u: member %u bound to %pg\n", dev->index, b->slot,
		nt->members[b->slot]->bdev);
	pvfsf_update_state(dev);
	return 0;
}

int pvfsf_bind(const struct pvfsf_bind *b)
{
	struct pvfsf_why why;
	int ret;

	ret = mutex_lock_killable(&pvfsf_ctl_mutex);
	if (ret)
		return ret;
	ret = pvfsf_bind_locked(b, &why);
	mutex_unlock(&pvfsf_ctl_mutex);
	if (ret)
		pr_warn_ratelimited("bind refused: %s\n", why.msg);
	return ret;
}

static int pvfsf_info_locked(struct pvfsf_info *info,
			     struct pvfsf_member __user *um)
{
	struct pvfsf_device *dev = xa_load(&pvfsf_by_minor, info->index);
	struct pvfsf_table *t;
	u32 i;

	if (!dev)
		return -ENODEV;
	t = rcu_dereference_protected(dev->table,
				      lockdep_is_held(&pvfsf_ctl_mutex));
	info->flags = (dev->read_only ? PVFSF_INFO_READ_ONLY : 0) |
		      (READ_ONCE(dev->remove_on_close) ?
		       PVFSF_INFO_REMOVE_ON_CLOSE : 0);
	info->state = READ_ONCE(dev->state);
	info->fs_id = dev->fs_id;
	info->handle = dev->handle;
	info->strip_size = dev->strip_bytes;
	info->capacity = get_capacity(dev->disk);
	info->nr_members = t->nr_members;
	info->dev_major = pvfsf_major;
	info->dev_minor = dev->index;
	for (i = 0; i < min(info->members_len, t->nr_members); i++) {
		const struct pvfsf_member_dev *md = t->members[i];
		/* an unbound slot is device 0:0 */
		struct pvfsf_member m = {
			.datafile_handle = dev->datafiles[i],
		};

		if (md) {
			m.start_sector = md->start;
			m.dev_major = MAJOR(md->bdev->bd_dev);
			m.dev_minor = MINOR(md->bdev->bd_dev);
		}
		if (copy_to_user(&um[i], &m, sizeof(m)))
			return -EFAULT;
	}
	return 0;
}

int pvfsf_info(struct pvfsf_info *info, struct pvfsf_member __user *um)
{
	int ret;

	ret = mutex_lock_killable(&pvfsf_ctl_mutex);
	if (ret)
		return ret;
	ret = pvfsf_info_locked(info, um);
	mutex_unlock(&pvfsf_ctl_mutex);
	return ret;
}

int pvfsf_list(struct pvfsf_list *l, u32 __user *indices)
{
	struct pvfsf_device *dev;
	unsigned long index;
	u32 n = 0;
	int ret;

	ret = mutex_lock_killable(&pvfsf_ctl_mutex);
	if (ret)
		return ret;
	xa_for_each(&pvfsf_by_minor, index, dev) {
		if (n < l->indices_len && put_user(dev->index, &indices[n])) {
			ret = -EFAULT;
			break;
		}
		n++;
	}
	mutex_unlock(&pvfsf_ctl_mutex);
	l->nr_devices = n;
	return ret;
}

/* At module exit: open devices pin the module, so none is open. */
void pvfsf_remove_all(void)
{
	struct pvfsf_device *dev;
	unsigned long index;

	mutex_lock(&pvfsf_ctl_mutex);
	xa_for_each(&pvfsf_by_minor, index, dev) {
		mutex_lock(&dev->disk->open_mutex);
		dev->state = PVFSF_STATE_REMOVING;
		mutex_unlock(&dev->disk->open_mutex);
		pvfsf_destroy(dev);
	}
	mutex_unlock(&pvfsf_ctl_mutex);
}
