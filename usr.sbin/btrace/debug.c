/* SPDX-License-Identifier: ISC */
/*
 * -vv: print the program as parsed, one rule per block, expressions
 * fully parenthesised, so that precedence can be checked by eye.
 */

#include <sys/queue.h>

#include <stdio.h>

#include "btrace.h"
#include "bt_lex.h"
#include "bt_parse.h"
#include "kdata.h"

static void	dump_expr(FILE *, const struct node *);

static void
dump_list(FILE *fp, struct node *const *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			fputs(", ", fp);
		dump_expr(fp, a[i]);
	}
}

static void	dump_node(FILE *, const struct node *);

/* Kernel data is followed by the fetch it compiled into. */
static void
dump_expr(FILE *fp, const struct node *n)
{
	char buf[512];

	dump_node(fp, n);
	if (n->n_fetch != 0)
		fprintf(fp, " {%s}", kdata_describe(n, buf, sizeof(buf)));
}

static void
dump_node(FILE *fp, const struct node *n)
{
	switch (n->n_kind) {
	case N_INT:
		fprintf(fp, "%lld", (long long)n->n_int);
		break;
	case N_STR:
		fprintf(fp, "\"%s\"", n->n_str);
		break;
	case N_NONE:
		fputs("none", fp);
		break;
	case N_BUILTIN:
		fputs(n->n_str, fp);
		break;
	case N_ARGS:
		fprintf(fp, "%s.%s", n->n_name, n->n_str);
		break;
	case N_KDATA:
		if (n->n_op == KD_CAST)
			fprintf(fp, "((%s %.*s)", n->n_str, (int)n->n_int,
			    "********");
		else if (n->n_op == KD_DEREF)
			fputs("(*", fp);
		else if (n->n_op == KD_ADDR)
			fputs("(&", fp);
		else
			fputc('(', fp);
		dump_expr(fp, n->n_l);
		if (n->n_op == KD_ARROW)
			fprintf(fp, "->%s", n->n_str);
		else if (n->n_op == KD_DOT)
			fprintf(fp, ".%s", n->n_str);
		else if (n->n_op == KD_INDEX && n->n_post) {
			fputc('[', fp);
			dump_expr(fp, n->n_r);
			fputc(']', fp);
		} else if (n->n_op == KD_INDEX)
			fprintf(fp, "[%lld]", (long long)n->n_int);
		fputc(')', fp);
		break;
	case N_GVAR:
		fprintf(fp, "@%s", n->n_name);
		break;
	case N_LVAR:
		fprintf(fp, "$%s", n->n_name);
		break;
	case N_MAPREF:
		fprintf(fp, "@%s[", n->n_name);
		dump_list(fp, n->n_args, n->n_nargs);
		fputc(']', fp);
		break;
	case N_UNOP:
		if (n->n_op == 'c')
			fprintf(fp, "((%s)", n->n_str);
		else
			fprintf(fp, "(%s", op_name(n->n_op));
		dump_expr(fp, n->n_l);
		fputc(')', fp);
		break;
	case N_BINOP:
		if (n->n_op == '[') {	/* a string's character */
			dump_expr(fp, n->n_l);
			fputc('[', fp);
			dump_expr(fp, n->n_r);
			fputc(']', fp);
			break;
		}
		/* FALLTHROUGH */
	case N_LAND:
	case N_LOR:
		fputc('(', fp);
		dump_expr(fp, n->n_l);
		fprintf(fp, " %s ", op_name(n->n_op));
		dump_expr(fp, n->n_r);
		fputc(')', fp);
		break;
	case N_TERNARY:
		fputc('(', fp);
		dump_expr(fp, n->n_c);
		fputs(" ? ", fp);
		dump_expr(fp, n->n_l);
		fputs(" : ", fp);
		dump_expr(fp, n->n_r);
		fputc(')', fp);
		break;
	case N_TUPLE:
		fputc('(', fp);
		dump_list(fp, n->n_args, n->n_nargs);
		fputc(')', fp);
		break;
	case N_MEMBER:
		dump_expr(fp, n->n_l);
		fprintf(fp, ".%lld", (long long)n->n_int);
		break;
	case N_CALL:
		fprintf(fp, "%s(", n->n_str);
		dump_list(fp, n->n_args, n->n_nargs);
		fputc(')', fp);
		break;
	case N_INCDEC:
		fputc('(', fp);
		if (!n->n_post)
			fprintf(fp, "%c%c", n->n_op, n->n_op);
		dump_expr(fp, n->n_l);
		if (n->n_post)
			fprintf(fp, "%c%c", n->n_op, n->n_op);
		fputc(')', fp);
		break;
	}
}

static void	dump_stmts(FILE *, const struct stmtq *, int);

static void
dump_loop(FILE *fp, const struct stmt *s, int depth)
{
	switch (s->s_kind) {
	case S_WHILE:
	case S_UNROLL:
		fputs(s->s_kind == S_WHILE ? "while " : "unroll ", fp);
		dump_expr(fp, s->s_rhs);
		break;
	default:
		fputs("for ", fp);
		dump_expr(fp, s->s_lhs);
		fputs(" : ", fp);
		dump_expr(fp, s->s_rhs);
		if (s->s_kind == S_FORRANGE) {
			fputs("..", fp);
			dump_expr(fp, s->s_args[0]);
		}
		break;
	}
	fputs(" {\n", fp);
	dump_stmts(fp, s->s_then, depth + 1);
	fprintf(fp, "%*s}", depth * 4, "");
}

static void
dump_stmts(FILE *fp, const struct stmtq *q, int depth)
{
	const struct stmt *s;

	TAILQ_FOREACH(s, q, s_next) {
		fprintf(fp, "%*s", depth * 4, "");
		switch (s->s_kind) {
		case S_STORE:
		case S_AGG:
			dump_expr(fp, s->s_lhs);
			if (s->s_op == '=' || s->s_kind == S_AGG)
				fputs(" = ", fp);
			else
				fprintf(fp, " %s= ", op_name(s->s_op));
			dump_expr(fp, s->s_rhs);
			break;
		case S_EXPR:
			dump_expr(fp, s->s_rhs);
			break;
		case S_CALL:
			fprintf(fp, "%s(", s->s_lhs->n_str);
			dump_list(fp, s->s_args, s->s_nargs);
			fputc(')', fp);
			break;
		case S_IF:
			fputs("if ", fp);
			dump_expr(fp, s->s_rhs);
			fputs(" {\n", fp);
			dump_stmts(fp, s->s_then, depth + 1);
			fprintf(fp, "%*s}", depth * 4, "");
			if (s->s_else != NULL) {
				fputs(" else {\n", fp);
				dump_stmts(fp, s->s_else, depth + 1);
				fprintf(fp, "%*s}", depth * 4, "");
			}
			break;
		case S_WHILE:
		case S_UNROLL:
		case S_FORMAP:
		case S_FORRANGE:
			dump_loop(fp, s, depth);
			break;
		case S_BREAK:
			fputs("break", fp);
			break;
		case S_CONTINUE:
			fputs("continue", fp);
			break;
		case S_RETURN:
			fputs("return", fp);
			break;
		case S_LET:
			fputs("let ", fp);
			dump_expr(fp, s->s_lhs);
			if (s->s_tname != NULL)
				fprintf(fp, ": %s%s", s->s_tname,
				    s->s_tarray ? "[]" : "");
			if (s->s_rhs != NULL) {
				fputs(" = ", fp);
				dump_expr(fp, s->s_rhs);
			}
			break;
		}
		fputc('\n', fp);
	}
}

void
ast_dump(FILE *fp, const struct program *p)
{
	const struct rule *r;
	const struct probe *pr;

	TAILQ_FOREACH(r, &p->rules, r_next) {
		fputs("rule", fp);
		SLIST_FOREACH(pr, &r->r_probes, p_next) {
			if (pr->p_kind == P_BEGIN)
				fputs(" BEGIN", fp);
			else if (pr->p_kind == P_END)
				fputs(" END", fp);
			else
				fprintf(fp, " %s", pr->p_name);
		}
		if (r->r_filter != NULL) {
			fputs(" /", fp);
			dump_expr(fp, r->r_filter);
			fputc('/', fp);
		}
		fputs(" {\n", fp);
		dump_stmts(fp, r->r_action, 1);
		fputs("}\n", fp);
	}
}
