// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/pvfsf-control: the misc device through which user space creates,
 * removes and inspects devices.  Each handler copies its struct in, checks
 * it, calls the verb in pvfsf_dev.c and copies the answer out; the ioctl
 * entry point only dispatches.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/uaccess.h>

#include "pvfsf.h"

/*
 * The ioctl number encodes the struct size; a caller built against another
 * size gets -EINVAL and a line saying so, not a silent -ENOTTY.
 */
static int pvfsf_copy_in(unsigned int cmd, void __user *argp, void *buf,
			 size_t size, const char *verb)
{
	if (_IOC_SIZE(cmd) != size) {
		pr_warn_ratelimited("%s refused: struct of %u bytes, want %zu\n",
				    verb, _IOC_SIZE(cmd), size);
		return -EINVAL;
	}
	return copy_from_user(buf, argp, size) ? -EFAULT : 0;
}

static int pvfsf_ctl_check(int ret, const char *verb,
			   const struct pvfsf_why *why)
{
	if (ret)
		pr_warn_ratelimited("%s refused: %s\n", verb, why->msg);
	return ret;
}

static int pvfsf_ctl_features(unsigned int cmd, void __user *argp)
{
	struct pvfsf_features f;
	struct pvfsf_why why;
	int ret;

	ret = pvfsf_copy_in(cmd, argp, &f, sizeof(f), "get-features");
	if (ret)
		return ret;
	ret = pvfsf_ctl_check(pvfsf_check_features(&f, &why), "get-features",
			      &why);
	if (ret)
		return ret;
	f.features = PVFSF_FEATURES;
	return copy_to_user(argp, &f, sizeof(f)) ? -EFAULT : 0;
}

static int pvfsf_ctl_create(unsigned int cmd, void __user *argp)
{
	struct pvfsf_member *members;
	struct pvfsf_create c;
	struct pvfsf_why why;
	int ret;

	ret = pvfsf_copy_in(cmd, argp, &c, sizeof(c), "create");
	if (ret)
		return ret;
	ret = pvfsf_ctl_check(pvfsf_check_create(&c, &why), "create", &why);
	if (ret)
		return ret;
	members = kvmalloc_array(c.nr_members, sizeof(*members), GFP_KERNEL);
	if (!members)
		return -ENOMEM;
	if (copy_from_user(members, u64_to_user_ptr(c.members),
			   array_size(c.nr_members, sizeof(*members)))) {
		ret = -EFAULT;
		goto out_free_members;
	}
	ret = pvfsf_check_members(members, c.nr_members,
				  c.flags & PVFSF_CREATE_ASSEMBLE, &why);
	ret = pvfsf_ctl_check(ret, "create", &why);
	if (ret)
		goto out_free_members;
	/* the index is the one field of the answer */
	ret = pvfsf_create(&c, members,
			   &((struct pvfsf_create __user *)argp)->index);

out_free_members:
	kvfree(members);
	return ret;
}

static int pvfsf_ctl_remove(unsigned int cmd, void __user *argp)
{
	struct pvfsf_remove r;
	struct pvfsf_why why;
	int ret;

	ret = pvfsf_copy_in(cmd, argp, &r, sizeof(r), "remove");
	if (ret)
		return ret;
	ret = pvfsf_ctl_check(pvfsf_check_remove(&r, &why), "remove", &why);
	if (ret)
		return ret;
	return pvfsf_remove(&r);
}

static int pvfsf_ctl_bind(unsigned int cmd, void __user *argp)
{
	struct pvfsf_bind b;
	struct pvfsf_why why;
	int ret;

	ret = pvfsf_copy_in(cmd, argp, &b, sizeof(b), "bind");
	if (ret)
		return ret;
	ret = pvfsf_ctl_check(pvfsf_check_bind(&b, &why), "bind", &why);
	if (ret)
		return ret;
	return pvfsf_bind(&b);
}

static int pvfsf_ctl_info(unsigned int cmd, void __user *argp)
{
	struct pvfsf_info info;
	struct pvfsf_why why;
	int ret;

	ret = pvfsf_copy_in(cmd, argp, &info, sizeof(info), "info");
	if (ret)
		return ret;
	ret = pvfsf_ctl_check(pvfsf_check_info(&info, &why), "info", &why);
	if (ret)
		return ret;
	ret = pvfsf_info(&info, u64_to_user_ptr(info.members));
	if (ret)
		return ret;
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

static int pvfsf_ctl_list(unsigned int cmd, void __user *argp)
{
	struct pvfsf_list l;
	struct pvfsf_why why;
	int ret;

	ret = pvfsf_copy_in(cmd, argp, &l, sizeof(l), "list");
	if (ret)
		return ret;
	ret = pvfsf_ctl_check(pvfsf_check_list(&l, &why), "list", &why);
	if (ret)
		return ret;
	ret = pvfsf_list(&l, u64_to_user_ptr(l.indices));
	if (ret)
		return ret;
	return copy_to_user(argp, &l, sizeof(l)) ? -EFAULT : 0;
}

static long pvfsf_ctl_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (_IOC_TYPE(cmd) != PVFSF_IOC_MAGIC)
		return -ENOTTY;

	switch (_IOC_NR(cmd)) {
	case _IOC_NR(PVFSF_IOC_GET_FEATURES):
		return pvfsf_ctl_features(cmd, argp);
	case _IOC_NR(PVFSF_IOC_CREATE):
		return pvfsf_ctl_create(cmd, argp);
	case _IOC_NR(PVFSF_IOC_REMOVE):
		return pvfsf_ctl_remove(cmd, argp);
	case _IOC_NR(PVFSF_IOC_INFO):
		return pvfsf_ctl_info(cmd, argp);
	case _IOC_NR(PVFSF_IOC_LIST):
		return pvfsf_ctl_list(cmd, argp);
	case _IOC_NR(PVFSF_IOC_BIND):
		return pvfsf_ctl_bind(cmd, argp);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations pvfsf_ctl_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,
	.unlocked_ioctl = pvfsf_ctl_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

struct miscdevice pvfsf_ctl_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = PVFSF_CTL_NAME,
	.fops = &pvfsf_ctl_fops,
	.mode = 0600,
};
