# Structs a script defines, read like the kernel's (-n -vv shows each
# fetch): through a kernel probe's argument, into a member of a type of
# BTF (struct inner) and on through a pointer; a script's struct of a
# name BTF has (outer) is the script's; a bare name in a cast, as
# bpftrace's tools write (later *) for the script's own; a user probe's
# argument read in the process's memory, with no kernel BTF at all.
# Then what is refused, each at its place in the definition: a member
# declared twice, a type neither BTF nor the script has, a struct held
# before it is defined (a pointer to it is fine), bad type words, a
# missing ';', a bitfield too wide or of a pointer, an array too long,
# a size left out where C does not allow it, a definition twice, one
# not closed, with no kernel BTF a member of a kernel type; and a
# failed definition followed by a good one.
cd "$TMP" || exit 1
cp "$(command -v "$BTRACE")" prog
$BTRACE -n -vv -e 'struct outer { char pad[3]; struct inner in; long n; }
struct list { struct list *next; struct outer *o; char name[12]; }
kprobe:f { $l = (struct list *)arg0;
	printf("%s %d %d %d\n", str($l->name), $l->o->in.b, $l->next->o->n,
	    ((outer *)arg1)->in.a) }' 2>&1
echo "status $?"
BTRACE_BTF=/nonexistent $BTRACE -n -vv -e '
struct s { int a; char name[8]; struct s *next; };
uprobe:./prog:main { $p = (struct s *)arg0;
	printf("%d %s %d\n", $p->a, str($p->name), $p->next->a) }' 2>&1
echo "status $?"
for d in 'struct s { int a; long a; }' 'struct s { nosuch x; }' \
    'struct s { struct nosuch x; }' 'struct s { struct s self; }' \
    'struct s { long long long x; }' 'struct s { unsigned float f; }' \
    'struct s { int a }' 'struct s { int a:33; }' \
    'struct s { char *p:3; }' 'struct s { int a[2000000]; }' \
    'struct s { int x[]; int y; }' 'struct s { int a[2][]; }' \
    'struct s { void v; }' 'struct s { int (x); }' \
    'struct s { enum nosuch e; }' 'struct s { int a; } struct s { int b; }' \
    'struct s int a;' 'struct { int a; }'; do
	$BTRACE -n -e "$d
BEGIN { @ = sizeof(struct s) }" 2>&1
	echo "status $?"
done
$BTRACE -n -e 'struct s { int a;
BEGIN { }' 2>&1
echo "status $?"
BTRACE_BTF=/nonexistent $BTRACE -n -e 'struct s { int a; struct inner i; }
BEGIN { @ = sizeof(struct s) }' 2>&1
echo "status $?"
# A definition that fails leaves nothing behind: the next is whole.
$BTRACE -e 'struct bad { int a[2]; nosuch x; }
struct good { int b[3]; char c; }
BEGIN { printf("%d\n", sizeof(struct good)); exit() }' 2>&1
echo "status $?"
