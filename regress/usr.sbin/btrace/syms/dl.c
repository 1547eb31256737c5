/*
 * Loaded by the usyms target with dlopen(3), stripped: .dynsym only;
 * symt_dl_static is named only by the separate debug file, if any.
 */

int	symt_dl_func(int);
void	*symt_dl_static_addr(void);

static __attribute__((__noinline__)) int
symt_dl_static(int x)
{
	volatile int v = x;

	v = v * 5 + 3;
	v = v / 7 + 1;
	return v;
}

void *
symt_dl_static_addr(void)
{
	return (void *)symt_dl_static;
}

int
symt_dl_func(int x)
{
	volatile int v = x;

	v = v * 7 + 1;
	v = v / 3 + 2;
	return v + symt_dl_static(x);
}
