/* SPDX-License-Identifier: ISC */
/*
 * The structs and unions a script defines (cstruct.c), for data BTF
 * does not describe: laid out as C lays them out, then looked up like
 * the kernel's types.
 */

#ifndef CSTRUCT_H
#define CSTRUCT_H

#include "bt_parser.h"

/*
 * struct NAME { BODY } between rules: kind "struct" or "union", name
 * and the body's text, which starts at pos.  Errors are said at their
 * place in the body; the type is then not defined.
 */
void	cstruct_define(const char *, const char *, struct pos, const char *,
	    struct pos);

/*
 * Whether the script has defined a type (for messages); whether name
 * ("struct s" or "s") is one whose definition failed, said already.
 */
int	cstruct_defined(void);
int	cstruct_failed(const char *);

#endif /* CSTRUCT_H */
