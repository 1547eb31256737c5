/* SPDX-License-Identifier: ISC */
/*
 * The command of -c, run once tracing is on.
 */

#ifndef COMMAND_H
#define COMMAND_H

#include <sys/types.h>

struct command {
	const char	 *c_text;	/* as given to -c */
	char		**c_argv;	/* its words, or NULL: run by sh -c */
	char		 *c_file;	/* the program of c_argv[0] */
	pid_t		  c_pid;
	int		  c_release;	/* written to: exec now */
	int		  c_result;	/* read: EOF once exec'd, else errno */
};

void	command_prepare(struct command *, const char *);
pid_t	command_spawn(struct command *);
void	command_release(struct command *);

#endif /* COMMAND_H */
