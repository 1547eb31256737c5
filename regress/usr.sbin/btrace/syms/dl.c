/* Loaded by the usyms target with dlopen(3), stripped: .dynsym only. */

int	symt_dl_func(int);

int
symt_dl_func(int x)
{
	return x * 7;
}
