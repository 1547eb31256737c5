/* SPDX-License-Identifier: ISC */
/*
 * Grammar of bt(5), for byacc.
 *
 * Operators follow C's precedence and associativity.  Statements may be
 * separated by `;' or nothing: no statement starts with a token that can
 * continue an expression, which keeps the grammar free of ambiguity, but
 * for `++x' and `--x': after an lvalue, `++' is taken as its postfix
 * operator, as C's lexer would (`$a = $b ++$c' is `$b++ $c').
 * Names (builtins, functions, variables) are resolved later by sema.c.
 */

%{
#include <sys/queue.h>

#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"
#include "bt_lex.h"
#include "types.h"

static struct program	*prog;

static int	 yylex(void);
static void	 yyerror(const char *);
static void	*xcalloc(size_t);
static struct node *node_new(enum node_kind, struct pos);
static struct node *node_op(enum node_kind, int, struct pos, struct node *,
		    struct node *);
static struct node *node_posarg(int64_t, struct pos);
static struct node *node_const(int64_t, struct pos);
static char	*strjoin(const char *, const char *, const char *);
static struct nlist list_add(struct nlist, struct node *);
static struct stmt *stmt_new(enum stmt_kind, struct pos);
static struct stmtq *stmts_new(void);
static struct stmtq *stmts_one(struct stmt *);
static struct probe *probe_new(enum probe_kind, struct pos, char *);
static void	 rule_new(struct probeq *, struct node *, struct stmtq *,
		    struct pos);
%}

%token	<v.str>		PROBE IDENT GVAR LVAR STRING INTTYPE
%token	<v.num>		NUMBER POSARG ASSIGN_OP
%token			BEGIN_ END_ NPOSARGS ENDFILT IF IF_BARE ELSE ERROR
%token			OP_EQ OP_NE OP_LE OP_GE OP_LAND OP_LOR OP_SHL OP_SHR
%token			OP_INC OP_DEC OP_ARROW
%token			SIZEOF OFFSETOF STRUCT UNION ENUM
%token	<v.ctype>	PTRCAST
%token			WHILE FOR UNROLL BREAK CONTINUE RETURN LET DOTDOT

%nonassoc	LOWPREC
%nonassoc	';'
%right		'?' ':'
%left		OP_LOR
%left		OP_LAND
%left		'|'
%left		'^'
%left		'&'
%left		OP_EQ OP_NE
%left		'<' '>' OP_LE OP_GE
%left		OP_SHL OP_SHR
%left		'+' '-'
%left		'*' '/' '%'
%right		UNARY
%left		OP_INC OP_DEC '.' '(' '[' OP_ARROW

%nonassoc	NOELSE
%nonassoc	ELSE

%type	<v.probes>	probes
%type	<v.probe>	probe
%type	<v.node>	filter expr lvalue
%type	<v.ctype>	ctype
%type	<v.str>		mpath
%type	<v.num>		stars
%type	<v.list>	exprs
%type	<v.stmts>	action stmts body block
%type	<v.stmt>	stmt simple ifstmt loop forhead decl

%%

program	: /* empty */
	| program rule
	| program config
	| program error
	;

/* bpftrace's config = { key = value; ... }: config.c. */
config	: PROBE '=' '{' cfgitems '}'	{
		if (strcmp($1, "config") != 0)
			src_error($<pos>1, "'%s = { ... }': only config is set "
			    "this way, as config = { key = value; ... }", $1);
		free($1);
	}
	;

cfgitems : /* empty */
	| cfgitems cfgitem
	| cfgitems ';'
	;

cfgitem	: IDENT '=' NUMBER		{
		config_set($<pos>1, $1, $<pos>3, CFG_NUM, $3, NULL);
		free($1);
	}
	| IDENT '=' STRING		{
		config_set($<pos>1, $1, $<pos>3, CFG_STR, 0, $3);
		free($1);
		free($3);
	}
	| IDENT '=' IDENT		{
		config_set($<pos>1, $1, $<pos>3, CFG_WORD, 0, $3);
		free($1);
		free($3);
	}
	;

rule	: probes filter action		{ rule_new($1, $2, $3, $<pos>1); }
	;

probes	: probe				{
		$$ = xcalloc(sizeof(*$$));
		SLIST_INIT($$);
		SLIST_INSERT_HEAD($$, $1, p_next);
	}
	| probes ',' probe		{
		/* In reverse, put right by rule_new(): no list walk. */
		$$ = $1;
		SLIST_INSERT_HEAD($$, $3, p_next);
	}
	;

probe	: PROBE				{ $$ = probe_new(P_PROBE, $<pos>1, $1); }
	| BEGIN_			{ $$ = probe_new(P_BEGIN, $<pos>1, NULL); }
	| END_				{ $$ = probe_new(P_END, $<pos>1, NULL); }
	;

filter	: /* empty */			{ $$ = NULL; }
	| '/' expr ENDFILT		{ $$ = $2; }
	;

action	: '{' stmts '}'			{ $$ = $2; }
	;

stmts	: /* empty */			{ $$ = stmts_new(); }
	| stmts stmt			{
		$$ = $1;
		TAILQ_INSERT_TAIL($$, $2, s_next);
	}
	| stmts ';'			{ $$ = $1; }
	;

stmt	: simple
	| ifstmt
	| loop
	;

block	: '{' stmts '}'			{ $$ = $2; }
	;

/* bpftrace's loops: the bodies take braces, as there. */
loop	: WHILE '(' expr ')' block	{
		$$ = stmt_new(S_WHILE, $<pos>1);
		$$->s_rhs = $3;
		$$->s_then = $5;
	}
	| UNROLL '(' expr ')' block	{
		$$ = stmt_new(S_UNROLL, $<pos>1);
		$$->s_rhs = $3;
		$$->s_then = $5;
	}
	| FOR '(' forhead ')' block	{
		$$ = $3;
		$$->s_pos = $<pos>1;
		$$->s_then = $5;
	}
	| FOR forhead block		{	/* newer bpftrace's */
		$$ = $2;
		$$->s_pos = $<pos>1;
		$$->s_then = $3;
	}
	;

/* What a for loop goes over: a map's elements, or a range. */
forhead	: LVAR ':' GVAR			{
		$$ = stmt_new(S_FORMAP, $<pos>1);
		$$->s_lhs = node_new(N_LVAR, $<pos>1);
		$$->s_lhs->n_name = $1;
		$$->s_rhs = node_new(N_GVAR, $<pos>3);
		$$->s_rhs->n_name = $3;
		$$->s_rhs->n_gvar = gvar_get(prog, $3, $<pos>3);
	}
	| LVAR ':' expr DOTDOT expr	{
		$$ = stmt_new(S_FORRANGE, $<pos>1);
		$$->s_lhs = node_new(N_LVAR, $<pos>1);
		$$->s_lhs->n_name = $1;
		$$->s_rhs = $3;
		$$->s_args = xcalloc(sizeof(*$$->s_args));
		$$->s_args[0] = $5;
		$$->s_nargs = 1;
	}
	;

/* let $x; let $x = e; let $x: type; let $x: type = e. */
decl	: LET LVAR			{
		$$ = stmt_new(S_LET, $<pos>1);
		$$->s_lhs = node_new(N_LVAR, $<pos>2);
		$$->s_lhs->n_name = $2;
	}
	| LET LVAR ':' IDENT		{
		$$ = stmt_new(S_LET, $<pos>1);
		$$->s_lhs = node_new(N_LVAR, $<pos>2);
		$$->s_lhs->n_name = $2;
		$$->s_tname = $4;
		$$->s_tpos = $<pos>4;
	}
	| LET LVAR ':' INTTYPE		{
		$$ = stmt_new(S_LET, $<pos>1);
		$$->s_lhs = node_new(N_LVAR, $<pos>2);
		$$->s_lhs->n_name = $2;
		$$->s_tname = $4;
		$$->s_tpos = $<pos>4;
	}
	| LET LVAR ':' IDENT '[' NUMBER ']'	{
		$$ = stmt_new(S_LET, $<pos>1);
		$$->s_lhs = node_new(N_LVAR, $<pos>2);
		$$->s_lhs->n_name = $2;
		$$->s_tname = $4;
		$$->s_tpos = $<pos>4;
		$$->s_tarray = 1;
	}
	| LET LVAR ':' INTTYPE '[' NUMBER ']'	{
		$$ = stmt_new(S_LET, $<pos>1);
		$$->s_lhs = node_new(N_LVAR, $<pos>2);
		$$->s_lhs->n_name = $2;
		$$->s_tname = $4;
		$$->s_tpos = $<pos>4;
		$$->s_tarray = 1;
	}
	| decl '=' expr			{
		$$ = $1;
		$$->s_rhs = $3;
	}
	;

ifstmt	: IF '(' expr ')' body %prec NOELSE	{
		$$ = stmt_new(S_IF, $<pos>1);
		$$->s_rhs = $3;
		$$->s_then = $5;
	}
	| IF '(' expr ')' body ELSE body	{
		$$ = stmt_new(S_IF, $<pos>1);
		$$->s_rhs = $3;
		$$->s_then = $5;
		$$->s_else = $7;
	}
	| IF_BARE expr block %prec NOELSE	{
		$$ = stmt_new(S_IF, $<pos>1);
		$$->s_rhs = $2;
		$$->s_then = $3;
	}
	| IF_BARE expr block ELSE body	{
		$$ = stmt_new(S_IF, $<pos>1);
		$$->s_rhs = $2;
		$$->s_then = $3;
		$$->s_else = $5;
	}
	;

body	: '{' stmts '}'			{ $$ = $2; }
	| simple %prec LOWPREC		{ $$ = stmts_one($1); }
	| simple ';'			{ $$ = stmts_one($1); }
	| ifstmt			{ $$ = stmts_one($1); }
	;

simple	: decl
	| BREAK				{ $$ = stmt_new(S_BREAK, $<pos>1); }
	| CONTINUE			{ $$ = stmt_new(S_CONTINUE, $<pos>1); }
	| RETURN			{ $$ = stmt_new(S_RETURN, $<pos>1); }
	| lvalue '=' expr		{
		$$ = stmt_new(S_STORE, $<pos>2);
		$$->s_op = '=';
		$$->s_lhs = $1;
		$$->s_rhs = $3;
	}
	| lvalue ASSIGN_OP expr		{
		$$ = stmt_new(S_STORE, $<pos>2);
		$$->s_op = $2;
		$$->s_lhs = $1;
		$$->s_rhs = $3;
	}
	| lvalue OP_INC			{
		$$ = stmt_new(S_EXPR, $1->n_pos);
		$$->s_rhs = node_op(N_INCDEC, '+', $<pos>2, $1, NULL);
		$$->s_rhs->n_post = 1;
	}
	| lvalue OP_DEC			{
		$$ = stmt_new(S_EXPR, $1->n_pos);
		$$->s_rhs = node_op(N_INCDEC, '-', $<pos>2, $1, NULL);
		$$->s_rhs->n_post = 1;
	}
	| OP_INC lvalue			{
		$$ = stmt_new(S_EXPR, $<pos>1);
		$$->s_rhs = node_op(N_INCDEC, '+', $<pos>1, $2, NULL);
	}
	| OP_DEC lvalue			{
		$$ = stmt_new(S_EXPR, $<pos>1);
		$$->s_rhs = node_op(N_INCDEC, '-', $<pos>1, $2, NULL);
	}
	| IDENT '(' ')'			{
		$$ = stmt_new(S_CALL, $<pos>1);
		$$->s_lhs = node_new(N_CALL, $<pos>1);
		$$->s_lhs->n_str = $1;
	}
	| IDENT '(' exprs ')'		{
		$$ = stmt_new(S_CALL, $<pos>1);
		$$->s_lhs = node_new(N_CALL, $<pos>1);
		$$->s_lhs->n_str = $1;
		$$->s_args = $3.l_a;
		$$->s_nargs = $3.l_n;
	}
	;

lvalue	: GVAR %prec LOWPREC		{
		$$ = node_new(N_GVAR, $<pos>1);
		$$->n_name = $1;
		$$->n_gvar = gvar_get(prog, $1, $<pos>1);
	}
	| GVAR '[' exprs ']'		{
		$$ = node_new(N_MAPREF, $<pos>1);
		$$->n_name = $1;
		$$->n_gvar = gvar_get(prog, $1, $<pos>1);
		$$->n_args = $3.l_a;
		$$->n_nargs = $3.l_n;
	}
	| LVAR				{
		$$ = node_new(N_LVAR, $<pos>1);
		$$->n_name = $1;
	}
	;

exprs	: expr				{
		struct nlist l = { NULL, 0, 0 };

		$$ = list_add(l, $1);
	}
	| exprs ',' expr		{ $$ = list_add($1, $3); }
	;

/* A C type, for sizeof and offsetof: "struct sock", "u32 *". */
ctype	: STRUCT IDENT			{
		$$.name = strjoin("struct ", $2, "");
		free($2);
		$$.nstars = 0;
	}
	| UNION IDENT			{
		$$.name = strjoin("union ", $2, "");
		free($2);
		$$.nstars = 0;
	}
	| ENUM IDENT			{
		$$.name = strjoin("enum ", $2, "");
		free($2);
		$$.nstars = 0;
	}
	| IDENT				{
		$$.name = $1;
		$$.nstars = 0;
	}
	| INTTYPE			{
		$$.name = $1;
		$$.nstars = 0;
	}
	| ctype '*'			{
		$$ = $1;
		$$.nstars++;
	}
	;

/* The stars of a cast, at least one: only pointers are cast to. */
stars	: '*'				{ $$ = 1; }
	| stars '*'			{ $$ = $1 + 1; }
	;

/* A member, through members of members: "a.b.c". */
mpath	: IDENT				{ $$ = $1; }
	| mpath '.' IDENT		{
		$$ = strjoin($1, ".", $3);
		free($1);
		free($3);
	}
	;

expr	: SIZEOF '(' ctype ')'		{
		$$ = node_const(type_sizeof($3.name, $3.nstars, $<pos>3),
		    $<pos>1);
		free($3.name);
	}
	| OFFSETOF '(' ctype ',' mpath ')'	{
		$$ = node_const(type_offsetof($3.name, $3.nstars, $5,
		    $<pos>3, $<pos>5), $<pos>1);
		free($3.name);
		free($5);
	}
	| NUMBER			{
		$$ = node_new(N_INT, $<pos>1);
		$$->n_int = $1;
		$$->n_type = VT_INT;
	}
	| STRING			{
		$$ = node_new(N_STR, $<pos>1);
		$$->n_str = $1;
		$$->n_type = VT_STR;
	}
	| POSARG			{ $$ = node_posarg($1, $<pos>1); }
	| NPOSARGS			{
		$$ = node_new(N_INT, $<pos>1);
		$$->n_int = script_argc;
		$$->n_type = VT_INT;
	}
	| IDENT %prec LOWPREC		{
		$$ = node_new(N_BUILTIN, $<pos>1);
		$$->n_str = $1;
	}
	| IDENT '.' IDENT		{
		if (strcmp($1, "args") == 0) {
			$$ = node_new(N_ARGS, $<pos>1);
			$$->n_name = $1;
		} else {
			/* curtask.fs: '.' on a pointer is '->'. */
			$$ = node_new(N_BUILTIN, $<pos>1);
			$$->n_str = $1;
			$$ = node_op(N_KDATA, KD_DOT, $<pos>2, $$, NULL);
		}
		$$->n_str = $3;
	}
	| IDENT '(' ')'			{
		$$ = node_new(N_CALL, $<pos>1);
		$$->n_str = $1;
	}
	| IDENT '(' exprs ')'		{
		$$ = node_new(N_CALL, $<pos>1);
		$$->n_str = $1;
		$$->n_args = $3.l_a;
		$$->n_nargs = $3.l_n;
	}
	| lvalue %prec LOWPREC
	| '(' expr ')'			{ $$ = $2; }
	| '(' expr ',' exprs ')'	{
		struct nlist l = { NULL, 0, 0 };
		size_t i;

		l = list_add(l, $2);
		for (i = 0; i < $4.l_n; i++)
			l = list_add(l, $4.l_a[i]);
		free($4.l_a);
		$$ = node_new(N_TUPLE, $<pos>1);
		$$->n_args = l.l_a;
		$$->n_nargs = l.l_n;
		$$->n_type = VT_TUPLE;
	}
	| '(' STRUCT IDENT stars ')' expr %prec UNARY	{
		$$ = node_op(N_KDATA, KD_CAST, $<pos>1, $6, NULL);
		$$->n_str = strjoin("struct ", $3, "");
		$$->n_int = $4;
		free($3);
	}
	| '(' UNION IDENT stars ')' expr %prec UNARY	{
		$$ = node_op(N_KDATA, KD_CAST, $<pos>1, $6, NULL);
		$$->n_str = strjoin("union ", $3, "");
		$$->n_int = $4;
		free($3);
	}
	| PTRCAST expr %prec UNARY	{
		/* (char *)arg0, (u32 *)p: see bt_lex.c's lex_ptrcast(). */
		$$ = node_op(N_KDATA, KD_CAST, $<pos>1, $2, NULL);
		$$->n_str = $1.name;
		$$->n_int = $1.nstars;
	}
	| '(' INTTYPE ')' expr %prec UNARY	{
		/* C's truncation and sign extension: "int8" ... "uint64". */
		$$ = node_op(N_UNOP, 'c', $<pos>1, $4, NULL);
		$$->n_str = $2;
		$$->n_post = $2[0] == 'i';
		$$->n_int = strtol($2 + ($2[0] == 'i' ? 3 : 4), NULL, 10) / 8;
	}
	| expr OP_ARROW IDENT		{
		if ($1->n_kind == N_BUILTIN && strcmp($1->n_str, "args") == 0) {
			/* bpftrace before 0.21: args points to the record. */
			$$ = $1;
			$$->n_kind = N_ARGS;
			$$->n_name = $$->n_str;
			$$->n_str = $3;
		} else {
			$$ = node_op(N_KDATA, KD_ARROW, $<pos>2, $1, NULL);
			$$->n_str = $3;
		}
	}
	| expr '[' expr ']'		{
		$$ = node_op(N_KDATA, KD_INDEX, $<pos>2, $1, $3);
	}
	| expr '.' IDENT		{
		$$ = node_op(N_KDATA, KD_DOT, $<pos>2, $1, NULL);
		$$->n_str = $3;
	}
	| expr '.' NUMBER		{
		$$ = node_op(N_MEMBER, '.', $<pos>2, $1, NULL);
		$$->n_int = $3;
	}
	| lvalue OP_INC			{
		$$ = node_op(N_INCDEC, '+', $<pos>2, $1, NULL);
		$$->n_post = 1;
	}
	| lvalue OP_DEC			{
		$$ = node_op(N_INCDEC, '-', $<pos>2, $1, NULL);
		$$->n_post = 1;
	}
	| OP_INC lvalue %prec UNARY	{
		$$ = node_op(N_INCDEC, '+', $<pos>1, $2, NULL);
	}
	| OP_DEC lvalue %prec UNARY	{
		$$ = node_op(N_INCDEC, '-', $<pos>1, $2, NULL);
	}
	| '-' expr %prec UNARY		{
		$$ = node_op(N_UNOP, '-', $<pos>1, $2, NULL);
	}
	| '!' expr %prec UNARY		{
		$$ = node_op(N_UNOP, '!', $<pos>1, $2, NULL);
	}
	| '*' expr %prec UNARY		{
		$$ = node_op(N_KDATA, KD_DEREF, $<pos>1, $2, NULL);
	}
	| '&' expr %prec UNARY		{
		$$ = node_op(N_KDATA, KD_ADDR, $<pos>1, $2, NULL);
	}
	| '~' expr %prec UNARY		{
		$$ = node_op(N_UNOP, '~', $<pos>1, $2, NULL);
	}
	| expr '*' expr	{ $$ = node_op(N_BINOP, '*', $<pos>2, $1, $3); }
	| expr '/' expr	{ $$ = node_op(N_BINOP, '/', $<pos>2, $1, $3); }
	| expr '%' expr	{ $$ = node_op(N_BINOP, '%', $<pos>2, $1, $3); }
	| expr '+' expr	{ $$ = node_op(N_BINOP, '+', $<pos>2, $1, $3); }
	| expr '-' expr	{ $$ = node_op(N_BINOP, '-', $<pos>2, $1, $3); }
	| expr OP_SHL expr { $$ = node_op(N_BINOP, OP_SHL, $<pos>2, $1, $3); }
	| expr OP_SHR expr { $$ = node_op(N_BINOP, OP_SHR, $<pos>2, $1, $3); }
	| expr '<' expr	{ $$ = node_op(N_BINOP, '<', $<pos>2, $1, $3); }
	| expr '>' expr	{ $$ = node_op(N_BINOP, '>', $<pos>2, $1, $3); }
	| expr OP_LE expr { $$ = node_op(N_BINOP, OP_LE, $<pos>2, $1, $3); }
	| expr OP_GE expr { $$ = node_op(N_BINOP, OP_GE, $<pos>2, $1, $3); }
	| expr OP_EQ expr { $$ = node_op(N_BINOP, OP_EQ, $<pos>2, $1, $3); }
	| expr OP_NE expr { $$ = node_op(N_BINOP, OP_NE, $<pos>2, $1, $3); }
	| expr '&' expr	{ $$ = node_op(N_BINOP, '&', $<pos>2, $1, $3); }
	| expr '^' expr	{ $$ = node_op(N_BINOP, '^', $<pos>2, $1, $3); }
	| expr '|' expr	{ $$ = node_op(N_BINOP, '|', $<pos>2, $1, $3); }
	| expr OP_LAND expr { $$ = node_op(N_LAND, OP_LAND, $<pos>2, $1, $3); }
	| expr OP_LOR expr { $$ = node_op(N_LOR, OP_LOR, $<pos>2, $1, $3); }
	| expr '?' expr ':' expr	{
		$$ = node_op(N_TERNARY, '?', $<pos>2, $3, $5);
		$$->n_c = $1;
	}
	;

%%

char	**script_argv;
int	  script_argc;

static int
yylex(void)
{
	return lex_next(&yylval);
}

static void
yyerror(const char *msg)
{
	const char *hint;

	if (lex_error) {
		lex_error = 0;	/* the lexer said what was wrong */
		return;
	}
	if ((hint = lex_hint()) != NULL)
		src_error(yylval.pos, "%s: %s", msg, hint);
	else
		src_error(yylval.pos, "%s", msg);
}

/* A constant of the program; after an error (-1), 0 in its place. */
static struct node *
node_const(int64_t v, struct pos pos)
{
	struct node *n = node_new(N_INT, pos);

	n->n_int = v < 0 ? 0 : v;
	n->n_type = VT_INT;
	return n;
}

static char *
strjoin(const char *a, const char *b, const char *c)
{
	char *s;

	if (asprintf(&s, "%s%s%s", a, b, c) == -1)
		err(1, NULL);
	return s;
}

static void *
xcalloc(size_t sz)
{
	void *p;

	if ((p = calloc(1, sz)) == NULL)
		err(1, NULL);
	return p;
}

static struct node *
node_new(enum node_kind kind, struct pos pos)
{
	struct node *n;

	n = xcalloc(sizeof(*n));
	n->n_kind = kind;
	n->n_pos = pos;
	n->n_type = VT_NONE;
	return n;
}

static struct node *
node_op(enum node_kind kind, int op, struct pos pos, struct node *l,
    struct node *r)
{
	struct node *n;

	n = node_new(kind, pos);
	n->n_op = op;
	n->n_l = l;
	n->n_r = r;
	return n;
}

/* $N is fixed at parse time: an integer if the word is one. */
static struct node *
node_posarg(int64_t idx, struct pos pos)
{
	struct node *n;
	const char *word;
	char *end;
	long long v;

	if (idx < 1 || idx > script_argc) {
		n = node_new(N_NONE, pos);
		return n;
	}
	word = script_argv[idx - 1];
	errno = 0;
	v = strtoll(word, &end, 10);
	if (*word != '\0' && *end == '\0' && errno == 0) {
		n = node_new(N_INT, pos);
		n->n_int = v;
		n->n_type = VT_INT;
		return n;
	}
	n = node_new(N_STR, pos);
	n->n_str = word;
	n->n_type = VT_STR;
	return n;
}

static struct nlist
list_add(struct nlist l, struct node *n)
{
	GROW(l.l_a, l.l_n, l.l_cap);
	l.l_a[l.l_n++] = n;
	return l;
}

static struct stmt *
stmt_new(enum stmt_kind kind, struct pos pos)
{
	struct stmt *s;

	s = xcalloc(sizeof(*s));
	s->s_kind = kind;
	s->s_pos = pos;
	return s;
}

static struct stmtq *
stmts_new(void)
{
	struct stmtq *q;

	q = xcalloc(sizeof(*q));
	TAILQ_INIT(q);
	return q;
}

static struct stmtq *
stmts_one(struct stmt *s)
{
	struct stmtq *q;

	q = stmts_new();
	TAILQ_INSERT_TAIL(q, s, s_next);
	return q;
}

static struct probe *
probe_new(enum probe_kind kind, struct pos pos, char *name)
{
	struct probe *p;

	p = xcalloc(sizeof(*p));
	p->p_kind = kind;
	p->p_pos = pos;
	p->p_name = name;
	return p;
}

static void
rule_new(struct probeq *probes, struct node *filter, struct stmtq *action,
    struct pos pos)
{
	struct rule *r;
	struct probe *p;

	(void)pos;
	r = xcalloc(sizeof(*r));
	/* The grammar collected the probes last first. */
	SLIST_INIT(&r->r_probes);
	while ((p = SLIST_FIRST(probes)) != NULL) {
		SLIST_REMOVE_HEAD(probes, p_next);
		SLIST_INSERT_HEAD(&r->r_probes, p, p_next);
	}
	free(probes);
	r->r_filter = filter;
	r->r_action = action;
	SLIST_FOREACH(p, &r->r_probes, p_next) {
		switch (p->p_kind) {
		case P_BEGIN:
			r->r_hasbegin = 1;
			break;
		case P_END:
			r->r_hasend = 1;
			break;
		case P_PROBE:
			r->r_hasprobe = 1;
			break;
		}
	}
	TAILQ_INSERT_TAIL(&prog->rules, r, r_next);
}

int
btparse(const char *buf, size_t len, const char *name, struct program *p)
{
	prog = p;
	TAILQ_INIT(&p->rules);
	TAILQ_INIT(&p->gvars);
	src_set(buf, len, name);
	src_defer(1);
	lex_init(buf, len);
	yyparse();
	if (src_nerrors == 0)
		depth_check(p);		/* before anything recurses on it */
	if (src_nerrors == 0)
		sema(p);
	names_free(&p->gvnames);	/* every name is resolved */
	src_defer(0);
	return src_nerrors;
}
