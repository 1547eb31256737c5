/* SPDX-License-Identifier: ISC */
/*
 * C types in scripts (types.h): sizeof(type) and offsetof(type, member)
 * from the kernel's BTF (btf.h), worked out while the script is parsed,
 * and the integer types of bt(5) itself, which need no BTF.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "btrace.h"
#include "cstruct.h"
#include "names.h"
#include "types.h"

#define MAXNEAR		512	/* member names a suggestion looks at */
#define NEARDEPTH	8	/* anonymous members within each other */

/* bt(5)'s own integer types, as in casts: int8 ... uint64. */
static const struct {
	const char	*name;
	int		 size;
} bt_ints[] = {
	{ "int8", 1 }, { "uint8", 1 }, { "int16", 2 }, { "uint16", 2 },
	{ "int32", 4 }, { "uint32", 4 }, { "int64", 8 }, { "uint64", 8 },
};

/* The spelling of a type name as written, for messages. */
static void
spell(char *buf, size_t len, const char *name, int nstars)
{
	int i;

	snprintf(buf, len, "%s%s", name, nstars > 0 ? " " : "");
	for (i = 0; i < nstars && strlen(buf) + 1 < len; i++)
		strcat(buf, "*");
}

/* The BTF type of a name, 0 and a message if none (or no BTF). */
uint32_t
type_btf(const struct btf **bp, const char *name, struct pos pos)
{
	static int said;
	char err[512];
	uint32_t id;

	/* Why there is no BTF is said once, at its first use. */
	if ((*bp = btf_kernel(err, sizeof(err))) == NULL) {
		if (!said++ && !cstruct_failed(name))
			src_error(pos, "type %s: no kernel BTF: %s", name,
			    err);
		return 0;
	}
	if ((id = btf_lookup(*bp, name)) != 0 || cstruct_failed(name))
		return id;
	if (btf_kernel_has(err, sizeof(err)))
		src_error(pos, "unknown type %s (not in the kernel's BTF%s)",
		    name, cstruct_defined() ? " nor defined by the script" :
		    "");
	else
		src_error(pos, "unknown type %s (not defined by the script, "
		    "and no kernel BTF: %s)", name, err);
	return 0;
}

int64_t
type_sizeof(const char *name, int nstars, struct pos pos)
{
	const struct btf *b;
	char what[256];
	uint64_t size;
	uint32_t id;
	size_t i;

	if (nstars > 0)
		return sizeof(void *);
	for (i = 0; i < sizeof(bt_ints) / sizeof(bt_ints[0]); i++)
		if (strcmp(name, bt_ints[i].name) == 0)
			return bt_ints[i].size;
	if ((id = type_btf(&b, name, pos)) == 0)
		return -1;
	if (btf_sizeof(b, id, &size) == -1 || size > INT64_MAX) {
		spell(what, sizeof(what), name, nstars);
		src_error(pos, "sizeof(%s): the type has no size (%s)", what,
		    btf_kind(b, btf_resolve(b, id)) == BTF_K_FWD ?
		    "declared, never defined" : "void or a function");
		return -1;
	}
	return (int64_t)size;
}

/*
 * The names a member of id can be given: its members' and, through
 * anonymous ones, theirs; at most MAXNEAR in all.
 */
static void
member_names(const struct btf *b, uint32_t id, const char **names,
    size_t *n, int depth)
{
	const char *name;
	uint32_t mt;
	int i;

	for (i = 0; *n < MAXNEAR && btf_member_at(b, id, i, &name, &mt) == 0;
	    i++) {
		if (*name != '\0')
			names[(*n)++] = name;
		else if (depth < NEARDEPTH)
			member_names(b, mt, names, n, depth + 1);
	}
}

/* The member of id nearest to a misspelt name, NULL if none is near. */
const char *
type_member_near(const struct btf *b, uint32_t id, const char *name)
{
	const char *names[MAXNEAR];
	size_t n = 0;

	member_names(b, id, names, &n, 0);
	return name_closest(name, names, n);
}

int64_t
type_offsetof(const char *name, int nstars, const char *path,
    struct pos pos, struct pos mpos)
{
	const struct btf *b;
	struct btf_member m;
	char what[256], tbuf[256], *p, *dot, *copy;
	const char *near;
	uint64_t off = 0;
	uint32_t id;
	int rc;

	spell(what, sizeof(what), name, nstars);
	if (nstars > 0) {
		src_error(pos, "offsetof(%s, ...): a pointer has no members",
		    what);
		return -1;
	}
	if ((id = type_btf(&b, name, pos)) == 0)
		return -1;
	if ((copy = strdup(path)) == NULL) {
		src_error(mpos, "out of memory");
		return -1;
	}
	for (p = copy; p != NULL; p = dot) {
		if ((dot = strchr(p, '.')) != NULL)
			*dot++ = '\0';
		btf_type_str(b, id, tbuf, sizeof(tbuf));
		if ((rc = btf_member(b, id, p, &m)) != 0) {
			if (rc == -2)
				src_error(mpos, "offsetof(%s, %s): %s is not a "
				    "struct or union", what, path, tbuf);
			else {
				near = type_member_near(b, id, p);
				src_error(mpos, "offsetof(%s, %s): %s has no "
				    "member %s%s%s%s", what, path, tbuf, p,
				    near ? "; did you mean '" : "",
				    near ? near : "", near ? "'?" : "");
			}
			free(copy);
			return -1;
		}
		if (m.bitfield_bits != 0) {
			src_error(mpos, "offsetof(%s, %s): %s is a bitfield",
			    what, path, p);
			free(copy);
			return -1;
		}
		off += m.byte_offset;
		id = m.type;
	}
	free(copy);
	return (int64_t)off;
}

const char *
types_func_args(const char *func, int ret, char *buf, size_t len)
{
	const struct btf *b;
	const char *pname;
	char err[512], tbuf[256];
	uint32_t id, t;
	int i, n;
	size_t used;

	if ((b = btf_kernel(err, sizeof(err))) == NULL ||
	    (id = btf_func(b, func)) == 0 || (n = btf_nparams(b, id)) < 0)
		return NULL;
	if (ret) {
		if (btf_return(b, id, &t) == -1)
			return NULL;
		snprintf(buf, len, "(%s retval)",
		    btf_type_str(b, t, tbuf, sizeof(tbuf)));
		return buf;
	}
	snprintf(buf, len, "(");
	for (i = 0; i < n && btf_param(b, id, i, &pname, &t) == 0; i++) {
		used = strlen(buf);
		if (t == 0)	/* C's "..." */
			snprintf(buf + used, len - used, "%s...",
			    i > 0 ? ", " : "");
		else
			snprintf(buf + used, len - used, "%s%s%s%s",
			    i > 0 ? ", " : "",
			    btf_type_str(b, t, tbuf, sizeof(tbuf)),
			    *pname != '\0' ? " " : "", pname);
	}
	used = strlen(buf);
	snprintf(buf + used, len - used, ")");
	return buf;
}

int
types_func_param(const char *func, const char *name, int *idx,
    uint32_t *type, const char **names, int *nnames)
{
	const struct btf *b;
	const char *pname;
	char err[512];
	uint32_t id, t;
	int i, n;

	*nnames = 0;
	if ((b = btf_kernel(err, sizeof(err))) == NULL ||
	    (id = btf_func(b, func)) == 0 || (n = btf_nparams(b, id)) < 0)
		return -1;
	for (i = 0; i < n && btf_param(b, id, i, &pname, &t) == 0; i++) {
		if (t != 0 && strcmp(pname, name) == 0) {
			*idx = i;
			*type = t;
			return 0;
		}
		if (*pname != '\0' && *nnames < TYPES_MAXPARAMS)
			names[(*nnames)++] = pname;
	}
	return -2;
}

int
types_enumerator(const char *name, int64_t *value)
{
	const struct btf *b;
	const char *en;
	char err[512];
	uint32_t id, n;
	int64_t v;
	int i, kind, found = 0;

	if ((b = btf_kernel(err, sizeof(err))) == NULL)
		return -1;
	n = btf_ntypes(b);
	for (id = 1; id < n; id++) {
		kind = btf_kind(b, id);
		if (kind != BTF_K_ENUM && kind != BTF_K_ENUM64)
			continue;
		for (i = 0; btf_enum_at(b, id, i, &en, &v) == 0; i++) {
			if (strcmp(en, name) != 0)
				continue;
			if (found && v != *value)
				return -2;
			*value = v;
			found = 1;
		}
	}
	return found ? 0 : -1;
}

int
types_func_return(const char *func, uint32_t *type)
{
	const struct btf *b;
	char err[512];
	uint32_t id;

	if ((b = btf_kernel(err, sizeof(err))) == NULL ||
	    (id = btf_func(b, func)) == 0 || btf_return(b, id, type) == -1 ||
	    *type == 0)
		return -1;
	return 0;
}
