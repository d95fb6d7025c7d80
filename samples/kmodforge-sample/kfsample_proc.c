// SPDX-License-Identifier: GPL-2.0-only
/*
 * kfsample: /proc/kfsample, a seq_file showing the greeting parameter and how often the file was read.
 * Uses struct proc_ops (kernels 5.6 and later: Debian 11+, Ubuntu 20.04+, every distro KmodForge targets).
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "kfsample.h"

static int kfsample_show(struct seq_file *m, void *v)
{
	int reads = atomic_inc_return(&kfsample_reads);

	seq_printf(m, "greeting: %s\n", kfsample_greeting);
	seq_printf(m, "reads: %d\n", reads);
	return 0;
}

static int kfsample_open(struct inode *inode, struct file *file)
{
	return single_open(file, kfsample_show, NULL);
}

static const struct proc_ops kfsample_proc_ops = {
	.proc_open = kfsample_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

static struct proc_dir_entry *kfsample_entry;

int kfsample_proc_init(void)
{
	kfsample_entry = proc_create(KFSAMPLE_NAME, 0444, NULL, &kfsample_proc_ops);
	return kfsample_entry ? 0 : -ENOMEM;
}

void kfsample_proc_exit(void)
{
	proc_remove(kfsample_entry);
}
