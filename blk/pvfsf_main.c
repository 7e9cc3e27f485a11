// SPDX-License-Identifier: GPL-2.0
/*
 * pvfsf: per-file striped block devices for PVFS2/OrangeFS.
 *
 * Each /dev/pvfsfN serves one PVFS file: its bios are cut at strip
 * boundaries and sent to the member disks that hold the file's datafiles,
 * as PVFS simple_stripe places them.  See docs/ for the whole design.
 */
#include <linux/blkdev.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/workqueue.h>

#include "pvfsf.h"

static int __init pvfsf_init(void)
{
	int ret;

	/* flushes run here, and may be needed to reclaim */
	pvfsf_wq = alloc_workqueue("pvfsf", WQ_MEM_RECLAIM, 0);
	if (!pvfsf_wq)
		return -ENOMEM;
	/*
	 * Deferred removals wait for the control mutex: never on the flush
	 * workqueue, where one could hold up its rescuer and so a flush.
	 */
	pvfsf_remove_wq = alloc_workqueue("pvfsf-remove", 0, 0);
	if (!pvfsf_remove_wq) {
		ret = -ENOMEM;
		goto out_destroy_wq;
	}
	ret = register_blkdev(0, "pvfsf");
	if (ret < 0)
		goto out_destroy_remove_wq;
	pvfsf_major = ret;
	ret = misc_register(&pvfsf_ctl_misc);
	if (ret)
		goto out_unregister_blkdev;
	pr_info("loaded, control version %u\n", PVFSF_CTL_VERSION);
	return 0;

out_unregister_blkdev:
	unregister_blkdev(pvfsf_major, "pvfsf");
out_destroy_remove_wq:
	destroy_workqueue(pvfsf_remove_wq);
out_destroy_wq:
	destroy_workqueue(pvfsf_wq);
	return ret;
}

static void __exit pvfsf_exit(void)
{
	misc_deregister(&pvfsf_ctl_misc);
	/* runs the removals still queued before removing the rest */
	drain_workqueue(pvfsf_remove_wq);
	pvfsf_remove_all();
	destroy_workqueue(pvfsf_remove_wq);
	destroy_workqueue(pvfsf_wq);
	unregister_blkdev(pvfsf_major, "pvfsf");
}

module_init(pvfsf_init);
module_exit(pvfsf_exit);

MODULE_DESCRIPTION("Striped block devices for PVFS2/OrangeFS files");
MODULE_LICENSE("GPL");
