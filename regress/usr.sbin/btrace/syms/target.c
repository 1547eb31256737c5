/*
 * A process for the usyms tests: prints the addresses of functions of
 * its own, of its shared library, of libc, of the vDSO, then serves requests on
 * stdin ("dlopen PATH") and exits at end of input.
 */

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

void	*symt_lib_addr(void);

int	 symt_data = 1;

/* Bodies long enough that +0x1a is still inside. */
__attribute__((__noinline__)) int
symt_main_func(int x)
{
	volatile int v = x;

	v = v * 3 + symt_data;
	v = v / 5 + symt_data;
	return v;
}

static __attribute__((__noinline__)) int
symt_static_func(int x)
{
	volatile int v = x;

	v = v - symt_data;
	v = v % 7 - symt_data;
	return v;
}

int
main(void)
{
	char line[4096];
	void *h, *f;

	h = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	printf("main_func %p\n", (void *)symt_main_func);
	printf("static_func %p\n", (void *)symt_static_func);
	printf("lib_func %p\n", symt_lib_addr());
	printf("libc_getpid %p\n", h != NULL ? dlsym(h, "getpid") : NULL);
	h = dlopen("linux-vdso.so.1", RTLD_NOW | RTLD_NOLOAD);
	printf("vdso_clock_gettime %p\n",
	    h != NULL ? dlsym(h, "__vdso_clock_gettime") : NULL);
	printf("data %p\n", (void *)&symt_data);
	printf("ready\n");
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "dlopen ", 7) != 0)
			continue;
		if ((h = dlopen(line + 7, RTLD_NOW)) == NULL ||
		    (f = dlsym(h, "symt_dl_func")) == NULL) {
			printf("error %s\n", dlerror());
		} else {
			printf("dl_func %p", f);
			if ((f = dlsym(h, "symt_dl_static_addr")) != NULL)
				printf(" %p", ((void *(*)(void))f)());
			printf("\n");
		}
		fflush(stdout);
	}
	return symt_static_func(symt_main_func(0)) == 12345;
}
