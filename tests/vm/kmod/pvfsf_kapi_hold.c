// SPDX-License-Identifier: GPL-2.0
/*
 * A test module for the VM tier: while loaded, it holds the device of
 * (fs_id, handle) through pvfsf's in-kernel interface, as orangefs.ko does
 * for the length of an I/O.  Loading fails with the error get() returned,
 * so a test sees what a file system would.
 */
#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/pvfsf_kapi.h>

static uint fs_id;
module_param(fs_id, uint, 0400);
MODULE_PARM_DESC(fs_id, "file system id of the file whose device to hold");

static unsigned long long handle;
module_param(handle, ullong, 0400);
MODULE_PARM_DESC(handle, "PVFS handle of the file whose device to hold");

static const struct pvfsf_kapi *kapi;
static struct block_device *held;

static int __init pvfsf_kapi_hold_init(void)
{
	kapi = symbol_get(pvfsf_kapi);
	if (!kapi)
		return -ENOPKG;
	held = kapi->get(fs_id, handle);
	if (IS_ERR(held)) {
		symbol_put(pvfsf_kapi);
		return PTR_ERR(held);
	}
	pr_info("pvfsf_kapi_hold: holding %pg\n", held);
	return 0;
}

static void __exit pvfsf_kapi_hold_exit(void)
{
	kapi->put(held);
	symbol_put(pvfsf_kapi);
}

module_init(pvfsf_kapi_hold_init);
module_exit(pvfsf_kapi_hold_exit);

MODULE_DESCRIPTION("Test: hold a pvfsf device through the in-kernel interface");
MODULE_LICENSE("GPL");
