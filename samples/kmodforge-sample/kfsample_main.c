// SPDX-License-Identifier: GPL-2.0-only
/*
 * kfsample: the KmodForge sample out-of-tree module.
 *
 * Loads, creates /proc/kfsample (see kfsample_proc.c) and logs a line on load and unload.
 * Its version comes from the build: KFSAMPLE_VERSION is passed by kbuild through ccflags-y.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "kfsample.h"

#ifndef KFSAMPLE_VERSION
#define KFSAMPLE_VERSION "0.0.0"
#endif

char *kfsample_greeting = "hello from kfsample";
module_param_named(greeting, kfsample_greeting, charp, 0444);
MODULE_PARM_DESC(greeting, "Text shown in /proc/" KFSAMPLE_NAME " (default: \"hello from kfsample\")");

atomic_t kfsample_reads = ATOMIC_INIT(0);

static int __init kfsample_init(void)
{
	int err;

	err = kfsample_proc_init();
	if (err) {
		pr_err("cannot create /proc/%s: %d\n", KFSAMPLE_NAME, err);
		return err;
	}

	pr_info("version %s loaded, greeting \"%s\"\n", KFSAMPLE_VERSION, kfsample_greeting);
	return 0;
}

static void __exit kfsample_exit(void)
{
	kfsample_proc_exit();
	pr_info("unloaded after %d reads\n", atomic_read(&kfsample_reads));
}

module_init(kfsample_init);
module_exit(kfsample_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(KFSAMPLE_VERSION);
MODULE_AUTHOR("KmodForge maintainers");
MODULE_DESCRIPTION("KmodForge sample module: a /proc entry showing a greeting and a read counter");
