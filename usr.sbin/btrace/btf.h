/* SPDX-License-Identifier: ISC */
/*
 * A reader of BTF, the kernel's description of its own types
 * (/sys/kernel/btf/vmlinux, and a module's split BTF on top of it):
 * loaded and checked as hostile input, then types looked up by name,
 * their sizes, members and function parameters.
 */

#ifndef BTF_H
#define BTF_H

#include <stddef.h>
#include <stdint.h>

/* The kinds of type, as numbered in the format. */
enum btf_kind {
	BTF_K_VOID = 0, BTF_K_INT, BTF_K_PTR, BTF_K_ARRAY, BTF_K_STRUCT,
	BTF_K_UNION, BTF_K_ENUM, BTF_K_FWD, BTF_K_TYPEDEF, BTF_K_VOLATILE,
	BTF_K_CONST, BTF_K_RESTRICT, BTF_K_FUNC, BTF_K_FUNC_PROTO, BTF_K_VAR,
	BTF_K_DATASEC, BTF_K_FLOAT, BTF_K_DECL_TAG, BTF_K_TYPE_TAG,
	BTF_K_ENUM64, BTF_K_MAX = BTF_K_ENUM64
};

struct btf;

/*
 * btf_open() reads a file of raw BTF, btf_load() takes a copy of a
 * buffer of it (name: what messages call it).  With base, the BTF is
 * split BTF: its type ids and string offsets continue base's, which
 * must outlive it.  NULL on error, with a message naming the file and
 * the offending offset or value in err.
 */
struct btf	*btf_open(const char *, const struct btf *, char *, size_t);
struct btf	*btf_load(const void *, size_t, const char *,
		    const struct btf *, char *, size_t);
void		 btf_free(struct btf *);

/*
 * The kernel's BTF, loaded once: BTRACE_BTF names the file instead of
 * /sys/kernel/btf/vmlinux (the tests).  Once a script defines types,
 * their BTF on top of it (or alone, without kernel BTF): a script's
 * struct shadows the kernel's of the same name.  NULL with a message
 * in err if there is neither or the kernel's is bad.  btf_kernel_has()
 * says whether the kernel's is there, and if not why in err.
 */
const struct btf *btf_kernel(char *, size_t);
int		 btf_kernel_has(char *, size_t);

/*
 * The script's types (cstruct.c): split BTF whose type ids and string
 * offsets continue those of btf_script_base() (the kernel's, NULL if
 * there is none, when they start at 1 and 0).  btf_script_set() loads
 * a new version of them, replacing the last: -1 with a message in err
 * if it is bad.
 */
const struct btf *btf_script_base(void);
int		 btf_script_set(const void *, size_t, char *, size_t);

/* One more than the last type id, or string offset (base's included). */
uint32_t	 btf_ntypes(const struct btf *);
uint32_t	 btf_nstrs(const struct btf *);
/* The kind of type id, -1 if there is no such type. */
int		 btf_kind(const struct btf *, uint32_t);
/* The name of type id ("" if anonymous or no such type). */
const char	*btf_name(const struct btf *, uint32_t);

/*
 * The type of a name: "struct sock", "union u", "enum e", or a bare
 * name, which is a typedef, an integer or float type, or failing those
 * a struct, union or enum of that name.  Full definitions are preferred
 * to forward declarations.  0 (void) if there is none.
 */
uint32_t	 btf_lookup(const struct btf *, const char *);
/* The function of that name (kind FUNC), 0 if none. */
uint32_t	 btf_func(const struct btf *, const char *);

/*
 * The type under typedefs, const, volatile, restrict and type tags,
 * and a forward declaration replaced by the definition of its name if
 * there is one.  0 if the chain is void, broken or loops.
 */
uint32_t	 btf_resolve(const struct btf *, uint32_t);

/*
 * The size of a type in bytes: 0 and -1 if it has none (void, a
 * function, an unresolved forward declaration) or it overflows.
 */
int		 btf_sizeof(const struct btf *, uint32_t, uint64_t *);
/* Its alignment as C gives it, worked out from its parts: 0, or -1. */
int		 btf_alignof(const struct btf *, uint32_t, uint64_t *);

/* An integer type: its size, sign and the bits of its value. */
struct btf_int {
	uint32_t	bytes;
	int		is_signed;
	int		is_char;
	int		is_bool;
	uint32_t	bit_offset;	/* of the value within the bytes */
	uint32_t	bits;
};
int		 btf_int(const struct btf *, uint32_t, struct btf_int *);

/* The type pointed to, or the element type and count of an array. */
int		 btf_pointee(const struct btf *, uint32_t, uint32_t *);
int		 btf_array(const struct btf *, uint32_t, uint32_t *,
		    uint32_t *);

/*
 * A member of a struct or union by name, looked for through anonymous
 * members too: where it is from the start of the outer type, and its
 * type.  bitfield_bits is 0 unless it is a bitfield.
 */
struct btf_member {
	uint64_t	byte_offset;
	uint32_t	bit_offset;	/* within byte_offset's byte */
	uint32_t	bitfield_bits;
	uint32_t	type;
};
/* 0 if found, -1 if not, -2 if the type is no struct or union. */
int		 btf_member(const struct btf *, uint32_t, const char *,
		    struct btf_member *);

/*
 * The i-th member of a struct or union as declared, anonymous ones
 * included (name ""): 0, or -1 if there is none.
 */
int		 btf_member_at(const struct btf *, uint32_t, int, const char **,
		    uint32_t *);

/*
 * The i-th value of an enum (64-bit ones too), its name and value
 * (sign-extended if the enum is signed): 0, or -1 if there is none.
 */
int		 btf_enum_at(const struct btf *, uint32_t, int, const char **,
		    int64_t *);

/*
 * The return type and parameters of a function (FUNC) or prototype:
 * btf_nparams() their number (-1 if no function), btf_param() the name
 * ("" if unnamed) and type of the i-th.  A prototype of C's "..." has a
 * last parameter of type 0.
 */
int		 btf_nparams(const struct btf *, uint32_t);
int		 btf_param(const struct btf *, uint32_t, int, const char **,
		    uint32_t *);
int		 btf_return(const struct btf *, uint32_t, uint32_t *);

/* The C spelling of a type ("struct file *", "const char *") in buf. */
const char	*btf_type_str(const struct btf *, uint32_t, char *, size_t);

#endif /* BTF_H */
