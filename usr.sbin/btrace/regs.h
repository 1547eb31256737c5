/* SPDX-License-Identifier: ISC */
/*
 * The registers of the probed context (regs.c): their words in the
 * kernel's struct pt_regs, which dt(4) reads with DTFS_REG, by
 * bpftrace's names ("ip", "di") and by the assembler's ("%rdi", "%edi").
 */

#ifndef REGS_H
#define REGS_H

/* The word of register name as bpftrace's reg() names it, or -1. */
int		 reg_word(const char *);
/* The names reg_word() knows, comma-separated, for messages. */
const char	*reg_names(void);
/*
 * The word of an x86-64 register as the assembler writes it, without
 * its '%' (rdi, edi, di, dil, r8d), and in *size the bytes it names;
 * -1 if it names no general-purpose register.
 */
int		 reg_asm(const char *, int *);

#endif /* REGS_H */
