/* SPDX-License-Identifier: ISC */
/*
 * The command of -c: found before anything is traced, so that one that
 * cannot start is an error rather than a traced shell saying "not
 * found"; started only once tracing is on, so that its first events are
 * seen.
 */

#include <sys/stat.h>
#include <sys/types.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btrace.h"
#include "command.h"

/*
 * Characters that mean nothing to sh(1) outside quotes, but for blanks
 * separating words: a command made only of these is the words it
 * splits into, and is run directly.  Anything else (quotes, `$', `*',
 * `;', `>', `=' of an assignment, `~', ...) is left to the shell.
 */
#define PLAIN	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
		"0123456789%+,-./:@^_"
#define BLANKS	" \t"

static char **
split_words(const char *text)
{
	char **words = NULL, *copy, *w, *save;
	size_t n = 0, cap = 0;

	if ((copy = strdup(text)) == NULL)
		err(1, NULL);
	for (w = strtok_r(copy, BLANKS, &save); w != NULL;
	    w = strtok_r(NULL, BLANKS, &save)) {
		GROW(words, n + 1, cap);	/* and the NULL after */
		words[n++] = w;
		words[n] = NULL;
	}
	return words;
}

/* Can `path' be executed?  0, or why not as an errno. */
static int
executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) == -1)
		return errno;
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	if (access(path, X_OK) == -1)
		return errno;
	return 0;
}

/*
 * The file a word names, as execvp(3) would find it: a word with a slash
 * is a path, any other is looked for in the directories of PATH.
 */
static char *
find_program(const char *word)
{
	const char *path, *dir, *end;
	char *file;
	size_t len;
	int e, denied = 0;

	if (strchr(word, '/') != NULL) {
		if ((e = executable(word)) != 0)
			errx(1, "-c %s: %s", word, strerror(e));
		if ((file = strdup(word)) == NULL)
			err(1, NULL);
		return file;
	}
	if ((path = getenv("PATH")) == NULL)
		path = "/bin:/usr/bin";
	for (dir = path; ; dir = end + 1) {
		end = strchr(dir, ':');
		len = end != NULL ? (size_t)(end - dir) : strlen(dir);
		/* An empty entry is the current directory. */
		if (asprintf(&file, "%.*s%s%s", (int)len, dir,
		    len > 0 ? "/" : "./", word) == -1)
			err(1, NULL);
		if ((e = executable(file)) == 0)
			return file;
		if (e == EACCES)
			denied = 1;
		free(file);
		if (end == NULL)
			break;
	}
	if (denied)
		errx(1, "-c %s: %s", word, strerror(EACCES));
	errx(1, "-c %s: command not found", word);
}

/*
 * Before tracing: a command of plain words is split and its program
 * found, or btrace exits with a message naming it.  Any other command
 * is run by sh -c, which reports what it cannot run itself.
 */
void
command_prepare(struct command *c, const char *text)
{
	memset(c, 0, sizeof(*c));
	c->c_text = text;
	c->c_pid = -1;
	c->c_release = c->c_result = -1;
	if (text[strspn(text, BLANKS)] == '\0')
		errx(1, "-c: the command is empty");
	if (text[strspn(text, PLAIN BLANKS)] != '\0')
		return;
	c->c_argv = split_words(text);
	c->c_file = find_program(c->c_argv[0]);
}

/* Exec the command, or tell the parent why not through `result'. */
static void __attribute__((__noreturn__))
child(const struct command *c, int release, int result)
{
	/*
	 * On the stack, not in btrace's read-only data, whose pages this
	 * child has not touched since the fork: dt(4) cannot fault them
	 * in at execve's probes, so str(args.filename) and join() of the
	 * command's own exec would read nothing.
	 */
	char sh[] = "/bin/sh", sharg0[] = "sh", shopt[] = "-c";
	char byte;
	int e;

	if (read(release, &byte, 1) != 1)
		_exit(127);	/* btrace gave up */
	out_child();
	if (c->c_argv != NULL)	/* a file not in a.out or ELF goes to sh */
		execvp(c->c_file, c->c_argv);
	else
		execl(sh, sharg0, shopt, c->c_text, (char *)NULL);
	e = errno;
	if (write(result, &e, sizeof(e)) != sizeof(e))
		_exit(127);
	_exit(127);
}

/*
 * Fork the command, waiting to be released.  Its descriptors are those
 * of btrace, but for the pipes, closed on exec.
 */
pid_t
command_spawn(struct command *c)
{
	int release[2], result[2];

	if (pipe2(release, O_CLOEXEC) == -1 || pipe2(result, O_CLOEXEC) == -1)
		err(1, "pipe");
	fflush(NULL);
	switch (c->c_pid = fork()) {
	case -1:
		err(1, "fork");
	case 0:
		close(release[1]);
		close(result[0]);
		child(c, release[0], result[1]);
	}
	close(release[0]);
	close(result[1]);
	c->c_release = release[1];
	c->c_result = result[0];
	return c->c_pid;
}

/*
 * Tracing is on: let the command exec, and wait until it has.  Should
 * the exec fail after all (its interpreter missing, say), btrace exits
 * with the reason before evaluating any event.
 */
void
command_release(struct command *c)
{
	ssize_t n;
	int e;

	if (write(c->c_release, "", 1) != 1)
		err(1, "-c %s: starting the command", c->c_text);
	close(c->c_release);
	c->c_release = -1;
	while ((n = read(c->c_result, &e, sizeof(e))) == -1 && errno == EINTR)
		continue;
	close(c->c_result);
	c->c_result = -1;
	if (n == sizeof(e))
		errx(1, "-c %s: %s", c->c_argv != NULL ? c->c_file : "/bin/sh",
		    strerror(e));
}
