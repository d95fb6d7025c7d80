/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kfsample: the KmodForge sample out-of-tree module.
 * Shared declarations between the module core and its /proc interface.
 */
#ifndef KFSAMPLE_H
#define KFSAMPLE_H

#include <linux/atomic.h>

#define KFSAMPLE_NAME "kfsample"

/* Module parameter: the greeting shown in /proc/kfsample. */
extern char *kfsample_greeting;

/* How many times /proc/kfsample has been read since the module was loaded. */
extern atomic_t kfsample_reads;

int kfsample_proc_init(void);
void kfsample_proc_exit(void);

#endif /* KFSAMPLE_H */
