/* SPDX-License-Identifier: ISC */
/*
 * Profiles: the maps keyed by stacks merged into one tree of frames,
 * written as folded stacks (flame.c) or as a flame graph (svg.c).
 */

#ifndef FLAME_H
#define FLAME_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct program;

enum flame_format {
	FLAME_NONE = 0,		/* text or json: maps print as maps */
	FLAME_FOLDED,		/* -f folded */
	FLAME_SVG,		/* -f svg */
};

/* Where a frame comes from, which the flame graph colours. */
enum frame_kind {
	FRAME_KEY,		/* a key that is not a stack: comm, pid */
	FRAME_USER,		/* a frame of ustack */
	FRAME_KERNEL,		/* a frame of kstack */
};

/* Sample counts: sums of int64_t map values cannot overflow them. */
typedef unsigned __int128	samples_t;

struct frame {
	char		 *f_name;
	enum frame_kind	  f_kind;
	samples_t	  f_total;	/* samples of this frame and above */
	samples_t	  f_self;	/* samples whose stack ends here */
	struct frame	**f_kids;	/* callees, by name then kind */
	size_t		  f_nkids;
	size_t		  f_kidscap;
};

struct profile {
	struct frame	 p_root;	/* "all": every sample */
	size_t		 p_depth;	/* deepest frame's, root 0 */
	int		 p_nmaps;	/* maps keyed by stacks */
	char		 p_maps[256];	/* their names, "@a, @b" */
};

extern enum flame_format	 flame_format;

void	 flame_check(const struct program *);
void	 flame_print(FILE *, struct program *, const char *);

/* svg.c */
void	 svg_write(FILE *, const struct profile *, const char *);

#endif /* FLAME_H */
