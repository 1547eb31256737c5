/* SPDX-License-Identifier: ISC */
/*
 * USDT markers (usdt.c): the SystemTap SDT notes of an ELF file, which
 * say where each marker of a program or library is, where its
 * semaphore is, and where its arguments are as the marker is reached
 * (a register, memory at a register, a constant); and the fetches that
 * read those arguments when the marker's uprobe fires.
 */

#ifndef USDT_H
#define USDT_H

#include <stddef.h>
#include <stdint.h>

#include <dev/dt/dtvar.h>

#define USDT_MAXARGS	12	/* as many as the notes may describe */

enum usdt_kind {
	UA_REG,			/* a register */
	UA_MEM,			/* memory at a register plus ua_val */
	UA_CONST,		/* ua_val */
	UA_BAD,			/* a form not read here (an index) */
};

struct usdt_arg {
	enum usdt_kind	 ua_kind;
	int		 ua_size;	/* bytes: 1, 2, 4 or 8 */
	int		 ua_signed;
	int		 ua_reg;	/* REG, MEM: its word in pt_regs */
	int64_t		 ua_val;
};

struct usdt_args {
	int		 ua_n;
	struct usdt_arg	 ua_a[USDT_MAXARGS];
};

/* A marker, as usdt_markers() hands it out. */
struct usdt_marker {
	const char	*um_prov;	/* in the image */
	const char	*um_name;
	const char	*um_args;	/* the notes' text: "-4@%edi 8@$1" */
	uint64_t	 um_off;	/* file offset of its instruction */
	uint64_t	 um_sema;	/* file offset of its semaphore, or 0 */
};

/*
 * Call fn with every marker of the ELF image whose instruction lies in
 * a segment of the file, in the notes' order; fn returns -1 to stop.
 * The number of markers, or -1 if fn stopped.
 */
int	 usdt_markers(const uint8_t *, size_t,
	    int (*)(const struct usdt_marker *, void *), void *);

/*
 * The arguments of a marker, from its notes' text; -1 with a message in
 * why for text that is not a list of arguments.
 */
int	 usdt_parse(const char *, struct usdt_args *, char *, size_t);

/*
 * Make fetch f, which starts from argument word argn of the probe
 * (DTFS_ARG), start from where the marker keeps argument argn instead;
 * -1 if there is no such argument or it cannot be read.
 */
int	 usdt_fetch(const struct usdt_args *, int, struct dtioc_fetch *);

/*
 * Argument argn from the 8 bytes its fetch read as a value: cut to its
 * size and extended as its sign says, or the constant.
 */
int64_t	 usdt_value(const struct usdt_args *, int, uint64_t);

#endif /* USDT_H */
