/* SPDX-License-Identifier: ISC */
/*
 * Register names: the words of struct pt_regs as the x86-64 kernel lays
 * it out (arch/x86/include/asm/ptrace.h), the order dt(4)'s DTFS_REG
 * counts in.  Another architecture would give its own table here.
 */

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "regs.h"
#include "util.h"

#if defined(__x86_64__)
static const char *const words[] = {
	"r15", "r14", "r13", "r12", "bp", "bx", "r11", "r10", "r9", "r8",
	"ax", "cx", "dx", "si", "di", "orig_ax", "ip", "cs", "flags", "sp",
	"ss",
};

/* The assembler's names of the low bytes of each legacy register. */
static const struct {
	const char	*q, *d, *w, *b;	/* 8, 4, 2 and 1 bytes */
	const char	*word;
} legacy[] = {
	{ "rax", "eax", "ax", "al", "ax" },
	{ "rbx", "ebx", "bx", "bl", "bx" },
	{ "rcx", "ecx", "cx", "cl", "cx" },
	{ "rdx", "edx", "dx", "dl", "dx" },
	{ "rsi", "esi", "si", "sil", "si" },
	{ "rdi", "edi", "di", "dil", "di" },
	{ "rbp", "ebp", "bp", "bpl", "bp" },
	{ "rsp", "esp", "sp", "spl", "sp" },
	{ "rip", "eip", "ip", NULL, "ip" },
};
#else
static const char *const words[] = { NULL };
#endif

int
reg_word(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(words); i++)
		if (words[i] != NULL && strcmp(words[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
reg_names(void)
{
	static char buf[256];
	size_t i, len = 0;

	if (buf[0] != '\0')
		return buf;
	for (i = 0; i < nitems(words) && words[i] != NULL &&
	    len < sizeof(buf); i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    i > 0 ? ", " : "", words[i]);
	return buf;
}

int
reg_asm(const char *name, int *size)
{
#if defined(__x86_64__)
	static const struct {
		const char	*suffix;
		int		 size;
	} rsizes[] = { { "", 8 }, { "d", 4 }, { "w", 2 }, { "b", 1 } };
	char word[4];
	size_t i, len;

	for (i = 0; i < nitems(legacy); i++) {
		*size = 0;
		if (strcmp(name, legacy[i].q) == 0)
			*size = 8;
		else if (strcmp(name, legacy[i].d) == 0)
			*size = 4;
		else if (strcmp(name, legacy[i].w) == 0)
			*size = 2;
		else if (legacy[i].b != NULL && strcmp(name, legacy[i].b) == 0)
			*size = 1;
		if (*size != 0)
			return reg_word(legacy[i].word);
	}
	/* r8 to r15, with d, w or b for their low bytes. */
	if (name[0] != 'r' || (len = strspn(name + 1, "0123456789")) == 0 ||
	    len > 2)
		return -1;
	memcpy(word, name, len + 1);
	word[len + 1] = '\0';
	for (i = 0; i < nitems(rsizes); i++)
		if (strcmp(name + 1 + len, rsizes[i].suffix) == 0) {
			*size = rsizes[i].size;
			return strcmp(word, "r0") == 0 ? -1 : reg_word(word);
		}
	return -1;
#else
	(void)name;
	(void)size;
	return -1;
#endif
}
