/* SPDX-License-Identifier: ISC */
/*
 * What to write instead of bpftrace's builtins and functions that bt(5)
 * does not have (hints.c).
 */

#ifndef HINTS_H
#define HINTS_H

/* For a builtin variable btrace does not know: the hint, or NULL. */
const char	*hint_builtin(const char *);
/* For a function btrace does not know: the hint, or NULL. */
const char	*hint_function(const char *);

#endif /* HINTS_H */
