#!/bin/sh
#
# Build or clean dt.ko with the kernel's Kbuild, whatever make runs the
# wrapper Makefile.  usage: kbuild.sh all|clean [KDIR]
#
# The kernel build directory is KDIR if given, else the running kernel's
# /lib/modules/$(uname -r)/build, else the newest kernel headers under
# /usr/src (the Debian kernel the tests boot).  Without any, "all" says
# so and succeeds, so that userland still builds.

target=$1
kdir=$2
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "$kdir" ]; then
	build=/lib/modules/$(uname -r)/build
	if [ -f "$build/Makefile" ]; then
		kdir=$build
	else
		kdir=$(ls -d /usr/src/linux-headers-*/ 2>/dev/null |
		    while read -r d; do
			[ -f "$d/Module.symvers" ] && echo "${d%/}"
		    done | sort -V | tail -n 1)
	fi
fi

if [ -n "$kdir" ] && [ ! -f "$kdir/Makefile" ] && [ -n "$2" ]; then
	echo "kbuild.sh: KDIR=$kdir: no kernel build directory there" >&2
	exit 1
fi
if [ -z "$kdir" ] || [ ! -f "$kdir/Makefile" ]; then
	if [ "$target" = clean ]; then
		rm -f "$here"/*.o "$here"/*.ko "$here"/*.mod "$here"/*.mod.c \
		    "$here"/.*.cmd "$here"/modules.order \
		    "$here"/Module.symvers "$here"/dt_syscalls.h
		exit 0
	fi
	cat >&2 <<MSG
***
*** dt.ko NOT BUILT: no kernel headers found.
*** Looked for ${kdir:-/lib/modules/$(uname -r)/build and /usr/src/linux-headers-*}.
*** Install the headers of the kernel to trace (Debian: linux-headers-amd64)
*** or give their directory: make KDIR=/path/to/kernel/build
***
MSG
	exit 0
fi

gmake=make
command -v gmake >/dev/null 2>&1 && gmake=gmake

case $target in
all)	exec "$gmake" -C "$kdir" M="$here" modules ;;
clean)	exec "$gmake" -C "$kdir" M="$here" clean ;;
*)	echo "kbuild.sh: unknown target $target" >&2; exit 2 ;;
esac
