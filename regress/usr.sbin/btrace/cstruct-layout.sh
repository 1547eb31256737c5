# Structs and unions a script defines are laid out as the C compiler
# lays out the same text: one file of definitions, read by btrace and
# compiled by ${CC:-cc}; the size and every member's offset (sizeof and
# offsetof in BEGIN) must come out the same.  It covers padding,
# bitfields (split at a unit's end, :0), unions, arrays of arrays, an
# array without size at the end, anonymous and named members defined
# within, pointers to the struct itself and to a declaration, function
# pointers, C's type words in any order, qualifiers, fixed-width names,
# and members of the types of BTF (the test blob's struct inner and its
# typedef u8arr, given to the compiler by the preamble).
cd "$TMP" || exit 1
cat >defs.h <<'DEFS'
struct pad { char c; int i; short s; long l; char tail; };
struct bits { unsigned int a:3, b:5; unsigned char c; int d:30; int :0;
	int e:2; long f:40; char g:7; char h:2; };
union u { char c[5]; int i; long l; };
struct node { struct node *next; struct node *prev; int v[2][3]; };
struct mix {
	int x;
	union { long u64v; struct { int lo, hi; }; };	/* anonymous */
	struct { short a; char b; } named;
	struct inner in;
	struct later *fwd;
	u8arr raw;
	void (*fn)(int, char *);
	const char *volatile name;
	uint32_t w;
	_Bool flag;
	unsigned long long ull;
	short unsigned int sui;
	signed char sc;
	double d;
	float f;
	union u uu[3];
	struct pad p;
	char data[];
};
DEFS
# One line per type, its size then each member's offset.
cat >show.txt <<'SHOW'
pad: c i s l tail
bits: c
u: c i l
node: next prev v
mix: x u64v lo hi named named.a named.b in in.b fwd raw fn name w flag ull sui sc d f uu p p.l data
SHOW
# The statements printing show.txt's sizes and offsets, with the
# conversion $1 (%d for btrace, %zu for C).
show() {
	while IFS=': ' read -r t ms; do
		k=struct; [ "$t" = u ] && k=union
		printf '\tprintf("%s %s", sizeof(%s %s));\n' "$t" "$1" "$k" "$t"
		for m in $ms; do
			printf '\tprintf(" %s", offsetof(%s %s, %s));\n' \
			    "$1" "$k" "$t" "$m"
		done
		printf '\tprintf("\\n");\n'
	done <show.txt
}
{
	cat defs.h
	echo 'BEGIN {'
	show %d
	echo '}'
} >layout.bt
{
	printf '#include <stdio.h>\n#include <stddef.h>\n#include <stdint.h>\n'
	printf 'struct inner { int a; int b; }; struct later;\n'
	printf 'typedef unsigned char u8arr[16];\n'
	cat defs.h
	echo 'int main(void) {'
	show %zu
	echo 'return 0; }'
} >layout.c
${CC:-cc} -o layout layout.c || exit 1
./layout >cc.out
$BTRACE layout.bt >btrace.out 2>&1
echo "status $?"
cat btrace.out
cmp -s cc.out btrace.out && echo "the C compiler agrees"
# Bitfields as they are read: each member's bytes and bits (-n -vv).
$BTRACE -n -vv -e "$(cat defs.h)"'
kprobe:f { $b = (struct bits *)arg0;
	@ = ($b->b, $b->d, $b->e, $b->f, $b->g, $b->h) }' 2>&1 | grep '@'
