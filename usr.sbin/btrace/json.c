/* SPDX-License-Identifier: ISC */
/*
 * -f json: every output as one JSON object per line, for programs.
 */

#include <stdio.h>

#include "btrace.h"

int	json;

void
json_str(FILE *fp, const char *s)
{
	const unsigned char *p;

	fputc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
	}
	fputc('"', fp);
}

void
json_val(FILE *fp, const struct val *v)
{
	size_t i;

	switch (v->v_type) {
	case VT_INT:
		fprintf(fp, "%lld", (long long)v->v_int);
		break;
	case VT_STR:
		json_str(fp, v->v_str);
		break;
	case VT_TUPLE:
		fputc('[', fp);
		for (i = 0; i < v->v_tuple->t_n; i++) {
			if (i > 0)
				fputs(", ", fp);
			json_val(fp, &v->v_tuple->t_v[i]);
		}
		fputc(']', fp);
		break;
	default:
		fputs("\"\"", fp);
		break;
	}
}

/* {"type": "TYPE", "data": "TEXT"} */
void
json_text(FILE *fp, const char *type, const char *text)
{
	fprintf(fp, "{\"type\": \"%s\", \"data\": ", type);
	json_str(fp, text);
	fputs("}\n", fp);
}
