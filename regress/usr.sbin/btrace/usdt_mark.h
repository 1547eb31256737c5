/* SPDX-License-Identifier: ISC */
/*
 * USDT markers for the tests, laid out as <sys/sdt.h> lays them out
 * (written here, so that the tests need no systemtap-sdt-dev): a nop
 * at the marker, a note in .note.stapsdt with the nop's address, the
 * address of .stapsdt.base, the semaphore's address (or 0), the
 * provider, the name and the arguments' operands as the compiler
 * prints them ("-4@%eax 8@-24(%rbp) -8@$-5"); .stapsdt.base says where
 * the file was linked.  Each argument is given as an asm operand with
 * its own constraint, so a test chooses register, memory or constant.
 */

#ifndef USDT_MARK_H
#define USDT_MARK_H

#define USDT_MARK_NOTE(prov, name, sema, args)				\
	"990:	nop\n"							\
	"	.pushsection .note.stapsdt,\"?\",\"note\"\n"		\
	"	.balign 4\n"						\
	"	.4byte 992f-991f, 994f-993f, 3\n"			\
	"991:	.asciz \"stapsdt\"\n"					\
	"992:	.balign 4\n"						\
	"993:	.8byte 990b\n"						\
	"	.8byte _.stapsdt.base\n"				\
	"	.8byte " sema "\n"					\
	"	.asciz \"" prov "\"\n"					\
	"	.asciz \"" name "\"\n"					\
	"	.asciz \"" args "\"\n"					\
	"994:	.balign 4\n"						\
	"	.popsection\n"						\
	"	.ifndef _.stapsdt.base\n"				\
	"	.pushsection .stapsdt.base,\"aG\",\"progbits\","	\
	    ".stapsdt.base,comdat\n"					\
	"	.weak _.stapsdt.base\n"					\
	"	.hidden _.stapsdt.base\n"				\
	"_.stapsdt.base: .space 1\n"					\
	"	.size _.stapsdt.base, 1\n"				\
	"	.popsection\n"						\
	"	.endif\n"

/* A semaphore: in the file's data, which the kernel counts in. */
#define USDT_SEMAPHORE(var)						\
	__attribute__((section(".probes"), used))			\
	volatile unsigned short var

#endif /* USDT_MARK_H */
