/* Loaded by the usyms target with dlopen(3), stripped: .dynsym only. */

int	symt_dl_func(int);

int
symt_dl_func(int x)
{
	volatile int v = x;

	v = v * 7 + 1;
	v = v / 3 + 2;
	return v;
}
