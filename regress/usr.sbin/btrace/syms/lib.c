/*
 * The shared library of the usyms target, linked -Bsymbolic-functions
 * so that the address it gives of its function is the function's own,
 * not the executable's PLT slot.
 */

int	symt_lib_func(int);
void	*symt_lib_addr(void);

__attribute__((__noinline__)) int
symt_lib_func(int x)
{
	volatile int v = x;

	v = v * 42 + 1;
	v = v / 3 + 2;
	return v;
}

void *
symt_lib_addr(void)
{
	return (void *)symt_lib_func;
}
