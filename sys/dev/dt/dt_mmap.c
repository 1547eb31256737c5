// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) mmap(2): each CPU's ring data, read-only, and its control page,
 * where the consumer moves the tail (the ABI is in dtvar.h).
 */

#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/version.h>
#include <linux/vmalloc.h>

#include "dt_core.h"

static void
dt_vm_open(struct vm_area_struct *vma)
{
	struct dt_softc *sc = vma->vm_file->private_data;

	atomic_inc(&sc->ds_nmapped);
}

static void
dt_vm_close(struct vm_area_struct *vma)
{
	struct dt_softc *sc = vma->vm_file->private_data;

	atomic_dec(&sc->ds_nmapped);
}

static const struct vm_operations_struct dt_vm_ops = {
	.open	= dt_vm_open,
	.close	= dt_vm_close,
};

static void
dt_vma_flags(struct vm_area_struct *vma, unsigned long set,
    unsigned long clear)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_mod(vma, set, clear);
#else
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
#endif
}

/* Insert npages pages of kernel memory at addr, vmalloc'ed or not. */
static int
dt_vma_insert(struct vm_area_struct *vma, void *addr, unsigned long npages,
    bool vmalloced)
{
	unsigned long i;
	struct page *pg;
	int error;

	for (i = 0; i < npages; i++) {
		pg = vmalloced ? vmalloc_to_page(addr + i * PAGE_SIZE) :
		    virt_to_page(addr + i * PAGE_SIZE);
		error = vm_insert_page(vma, vma->vm_start + i * PAGE_SIZE, pg);
		if (error)
			return error;
	}
	return 0;
}

/*
 * The mapping holds the file, so the rings outlive it but for
 * DTIOCSETBUFSIZE, which fails while ds_nmapped is not 0.
 */
int
dt_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct dt_softc *sc = file->private_data;
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT, where;
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned int cpu;
	struct dt_ring *r;
	int error;

	if (off / DTMMAP_STRIDE >= nr_cpu_ids)
		return -EINVAL;
	cpu = off / DTMMAP_STRIDE;
	where = off - DTMMAP_CTL(cpu);
	if (where != 0 && where != DTMMAP_DATA(cpu) - DTMMAP_CTL(cpu))
		return -EINVAL;
	if (!cpu_possible(cpu))
		return -ENODEV;
	if (vma->vm_flags & VM_EXEC)
		return -EINVAL;
	if (where != 0 && (vma->vm_flags & VM_WRITE))
		return -EINVAL;
	mutex_lock(&sc->ds_mlock);
	error = dt_rings_alloc_locked(sc);
	if (error)
		goto out;
	r = sc->ds_rings[cpu];
	if (len > (where == 0 ? PAGE_SIZE : r->dr_size)) {
		error = -EINVAL;
		goto out;
	}
	dt_vma_flags(vma, VM_DONTEXPAND | VM_DONTDUMP | VM_DONTCOPY |
	    VM_MIXEDMAP, VM_MAYEXEC | (where != 0 ? VM_MAYWRITE : 0));
	if (where == 0)
		error = dt_vma_insert(vma, r->dr_ctl, 1, false);
	else
		error = dt_vma_insert(vma, r->dr_data, len >> PAGE_SHIFT,
		    true);
	if (error == 0) {
		vma->vm_ops = &dt_vm_ops;
		atomic_inc(&sc->ds_nmapped);
	}
out:
	mutex_unlock(&sc->ds_mlock);
	return error;
}
