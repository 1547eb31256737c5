/* SPDX-License-Identifier: ISC */
/*
 * Interface between the lexer (bt_lex.c) and the byacc grammar.
 */

#ifndef BT_LEX_H
#define BT_LEX_H

#include "bt_parser.h"

struct nlist {
	struct node	**l_a;
	size_t		 l_n, l_cap;
};

/* A C type as written: "struct sock", "u32"; and its stars. */
struct ctype {
	char		*name;
	int		 nstars;
};

typedef struct {
	struct pos	 pos;
	union {
		int64_t		 num;
		char		*str;
		struct node	*node;
		struct nlist	 list;
		struct stmt	*stmt;
		struct stmtq	*stmts;
		struct probe	*probe;
		struct probeq	*probes;
		struct ctype	 ctype;
	} v;
} YYSTYPE;
#define YYSTYPE_IS_DECLARED 1

extern int	 lex_error;

void	 lex_init(const char *, size_t);
int	 lex_next(YYSTYPE *);	/* the next token, its value in *lv */
const char *op_name(int);
const char *lex_hint(void);	/* for a syntax error, or NULL */

#endif /* BT_LEX_H */
