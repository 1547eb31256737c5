/* SPDX-License-Identifier: ISC */
/*
 * bpftrace's config = { key = value; ... } block: the keys with a
 * meaning in btrace set what the matching option sets, the others are
 * accepted with one warning each.
 */

#include <ctype.h>
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <dev/dt/dtvar.h>

#include "btrace.h"
#include "bt_val.h"
#include "dt.h"
#include "names.h"

/* print_maps_on_exit: the maps are printed when the program ends. */
int		 config_print_maps = 1;

static uint32_t	 cfg_bufsize;		/* 0: not asked for */
static int	 cfg_lossless = -1;	/* -1: not asked for */

enum cfg_key {
	K_IGNORED,		/* bpftrace's, no meaning in btrace */
	K_BUFSIZE,		/* btrace's: as -b */
	K_LOSSLESS,		/* btrace's: as -L */
	K_MAX_STRLEN,
	K_MISSING_PROBES,
	K_PERF_RB_PAGES,
	K_PRINT_MAPS,
	K_STACK_MODE,
};

static const struct {
	const char	*name;
	enum cfg_key	 key;
} keys[] = {
	{ "bufsize",			K_BUFSIZE },
	{ "cache_user_symbols",		K_IGNORED },
	{ "cpp_demangle",		K_IGNORED },
	{ "lazy_symbolication",		K_IGNORED },
	{ "license",			K_IGNORED },
	{ "log_size",			K_IGNORED },
	{ "lossless",			K_LOSSLESS },
	{ "max_ast_nodes",		K_IGNORED },
	{ "max_bpf_progs",		K_IGNORED },
	{ "max_cat_bytes",		K_IGNORED },
	{ "max_map_keys",		K_IGNORED },
	{ "max_probes",			K_IGNORED },
	{ "max_strlen",			K_MAX_STRLEN },
	{ "max_type_res_iterations",	K_IGNORED },
	{ "missing_probes",		K_MISSING_PROBES },
	{ "on_stack_limit",		K_IGNORED },
	{ "perf_rb_pages",		K_PERF_RB_PAGES },
	{ "print_maps_on_exit",		K_PRINT_MAPS },
	{ "show_debug_info",		K_IGNORED },
	{ "stack_mode",			K_STACK_MODE },
	{ "str_trunc_trailer",		K_IGNORED },
	{ "symbol_source",		K_IGNORED },
	{ "unstable_addr",		K_IGNORED },
	{ "unstable_import",		K_IGNORED },
	{ "unstable_macro",		K_IGNORED },
	{ "unstable_map_decl",		K_IGNORED },
	{ "unstable_tseries",		K_IGNORED },
	{ "use_blocking_uprobes",	K_IGNORED },
};
static int	 warned[sizeof(keys) / sizeof(keys[0])];

static int
want_num(struct pos vpos, const char *key, enum cfg_type type)
{
	if (type == CFG_NUM)
		return 1;
	src_error(vpos, "config %s takes a number", key);
	return 0;
}

/* A word or a string, as bpftrace takes both: stack_mode = perf. */
static int
want_word(struct pos vpos, const char *key, enum cfg_type type)
{
	if (type != CFG_NUM)
		return 1;
	src_error(vpos, "config %s takes a word, not a number", key);
	return 0;
}

static void
set_bufsize(struct pos vpos, uint64_t bytes, const char *as)
{
	if (bytes < DTMINBUFSIZE || bytes > DTMAXBUFSIZE) {
		src_error(vpos, "config %s: a ring of %llu bytes is not "
		    "between %u KiB and %u MiB", as, (unsigned long long)bytes,
		    DTMINBUFSIZE >> 10, DTMAXBUFSIZE >> 20);
		return;
	}
	cfg_bufsize = bytes;
}

static void
set_bool(struct pos vpos, const char *key, enum cfg_type type, int64_t num,
    const char *word, int *to)
{
	if (type == CFG_NUM && (num == 0 || num == 1))
		*to = num;
	else if (type != CFG_NUM && strcmp(word, "true") == 0)
		*to = 1;
	else if (type != CFG_NUM && strcmp(word, "false") == 0)
		*to = 0;
	else
		src_error(vpos, "config %s is true, false, 1 or 0", key);
}

/*
 * One key = value of the block.  Key names are bpftrace's, in any case,
 * with or without its BPFTRACE_ prefix (as its environment variables).
 */
void
config_set(struct pos kpos, const char *name, struct pos vpos,
    enum cfg_type type, int64_t num, const char *word)
{
	const char *names[sizeof(keys) / sizeof(keys[0])], *near;
	const char *key = name;
	uint32_t bytes;
	const char *why;
	size_t i;
	int mode;

	if (strncasecmp(key, "BPFTRACE_", 9) == 0)
		key += 9;
	for (i = 0; i < nitems(keys); i++)
		if (strcasecmp(keys[i].name, key) == 0)
			break;
	if (i == nitems(keys)) {
		for (i = 0; i < nitems(keys); i++)
			names[i] = keys[i].name;
		if ((near = name_closest(key, names, nitems(keys))) != NULL)
			src_error(kpos, "unknown config key '%s'; did you mean "
			    "'%s'?", name, near);
		else
			src_error(kpos, "unknown config key '%s'", name);
		return;
	}
	key = keys[i].name;
	switch (keys[i].key) {
	case K_IGNORED:
		if (!warned[i]++)
			src_warn(kpos, "config %s has no meaning in btrace: "
			    "ignored", key);
		break;
	case K_BUFSIZE:
		if (type == CFG_NUM)
			set_bufsize(vpos, num < 0 ? 0 : (uint64_t)num, key);
		else if ((why = dt_parse_bufsize(word, &bytes)) != NULL)
			src_error(vpos, "config %s: %s", key, why);
		else
			cfg_bufsize = bytes;
		break;
	case K_LOSSLESS:
		set_bool(vpos, key, type, num, word, &cfg_lossless);
		break;
	case K_MAX_STRLEN:
		if (!want_num(vpos, key, type))
			break;
		if (num < 1) {
			src_error(vpos, "config %s must be at least 1", key);
			break;
		}
		/* bpftrace's length counts the NUL, as STRLEN does. */
		if (num > STRLEN) {
			src_warn(vpos, "config %s: btrace's strings hold at "
			    "most %d bytes", key, STRLEN - 1);
			num = STRLEN;
		}
		config_strmax = num - 1;
		break;
	case K_MISSING_PROBES:
		if (!want_word(vpos, key, type))
			break;
		if (strcmp(word, "error") == 0)
			config_missing = MISSING_ERROR;
		else if (strcmp(word, "warn") == 0)
			config_missing = MISSING_WARN;
		else if (strcmp(word, "ignore") == 0)
			config_missing = MISSING_IGNORE;
		else
			src_error(vpos, "config %s is error, warn or ignore, "
			    "not '%s'", key, word);
		break;
	case K_PERF_RB_PAGES:
		if (want_num(vpos, key, type))
			set_bufsize(vpos, num < 0 ? 0 : (uint64_t)num *
			    (uint64_t)getpagesize(), key);
		break;
	case K_PRINT_MAPS:
		set_bool(vpos, key, type, num, word, &config_print_maps);
		break;
	case K_STACK_MODE:
		if (!want_word(vpos, key, type))
			break;
		if ((mode = stack_mode_lookup(word)) == -1 ||
		    mode == STACK_SYM)
			src_error(vpos, "config %s is bpftrace, perf or raw, "
			    "not '%s'", key, word);
		else
			stack_mode_default = mode;
		break;
	}
}

/*
 * After parsing: the ring size and lossless mode the block asked for,
 * unless -b or -L said otherwise; with -v, what the block set.
 */
void
config_apply(int bset, int lset, int verbose)
{
	if (cfg_bufsize != 0 && !bset) {
		dt_set_bufsize(cfg_bufsize);
		if (verbose)
			fprintf(stderr, "btrace: config: rings of %u bytes\n",
			    cfg_bufsize);
	}
	if (cfg_lossless != -1 && !lset) {
		dt_set_lossless(cfg_lossless);
		if (verbose)
			fprintf(stderr, "btrace: config: lossless %s\n",
			    cfg_lossless ? "on" : "off");
	}
	if (verbose && config_strmax != STRLEN - 1)
		fprintf(stderr, "btrace: config: str() holds at most %lld "
		    "bytes\n", (long long)config_strmax);
}
