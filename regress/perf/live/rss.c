/* SPDX-License-Identifier: ISC */
/*
 * Peak resident set of a command: runs it and writes its ru_maxrss, in
 * KiB, into FILE; the command's exit status is rss's.
 *
 * usage: rss FILE command [arg ...]
 */

#include <sys/resource.h>
#include <sys/wait.h>

#include <stdio.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct rusage ru;
	FILE *fp;
	pid_t pid;
	int st;

	if (argc < 3) {
		fprintf(stderr, "usage: rss FILE command [arg ...]\n");
		return 2;
	}
	if ((pid = fork()) == -1) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) == -1) {
		perror("wait4");
		return 2;
	}
	if ((fp = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		return 2;
	}
	fprintf(fp, "%ld\n", ru.ru_maxrss);
	fclose(fp);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
