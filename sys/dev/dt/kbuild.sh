#!/bin/sh
# SPDX-License-Identifier: ISC
#
# Build or clean dt.ko with the kernel's Kbuild, whatever make runs the
# wrapper Makefile.  usage: [KVER=V] [KOBJ=DIR] kbuild.sh all|clean|kdir [KDIR]
#
# The kernel build directory is KDIR if given; else that of kernel
# version KVER; else the running kernel's (/lib/modules/$(uname -r)/build,
# or /usr/src/linux-headers-$(uname -r)); else that of the kernel the test
# guest boots by default (regress/vm/kernel: Debian's stock kernel).
# Never merely the newest headers installed: a module for a kernel nobody
# runs is no use.  "all" always says which kernel the module was built
# for; without headers for either kernel it says so and succeeds, so
# that userland still builds.  "kdir" prints the directory chosen
# (mksysargs uses it).  "install" builds the module for the running
# kernel (or KVER) only and installs it into
# $INSTALL_MOD_PATH/lib/modules/VERSION/extra, then runs depmod; without
# headers for that kernel it says how to get the module instead.
#
# The module is built here, or with KOBJ in that directory, the sources
# copied there first, so that modules for several kernels can coexist;
# KVER alone builds in obj/KVER:
#	make KVER=6.1.0-57-rt-amd64	# obj/6.1.0-57-rt-amd64/dt.ko
#	regress/vm/run -m sys/dev/dt/obj/6.1.0-57-rt-amd64/dt.ko ...

target=$1
kdir=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)

# The build directory of kernel version $1, if its headers are installed.
builddir() {
	for d in "/lib/modules/$1/build" "/usr/src/linux-headers-$1"; do
		if [ -f "$d/Makefile" ]; then
			echo "$d"
			return
		fi
	done
}

# The kernel release a module was built for, from its vermagic.
vermagic() {
	tr '\0' '\n' <"$1" | sed -n 's/^vermagic=\([^ ]*\).*/\1/p' | head -n 1
}

running=$(uname -r)
if [ "$target" = install ] && [ -z "$kdir" ] && [ -z "$KVER" ]; then
	KVER=$running
fi
if [ "$target" = install ] && [ -z "$kdir" ] &&
    [ -z "$(builddir "$KVER")" ]; then
	cat >&2 <<MSG
***
*** dt.ko NOT INSTALLED: no headers for kernel $KVER
*** Install them (Debian: apt-get install linux-headers-$KVER) and run
*** make install-module, or install the dt-dkms package (make deb), which
*** builds dt.ko for every installed kernel.  Another kernel: make
*** install-module KVER=version.
***
MSG
	exit 0
fi
vmdefault=
kobj=${KOBJ:-}
if [ -z "$kdir" ] && [ -n "$KVER" ]; then
	kdir=$(builddir "$KVER")
	why="KVER"
	[ -n "$kobj" ] || kobj=$here/obj/$KVER
	if [ -z "$kdir" ]; then
		echo "kbuild.sh: KVER=$KVER: no headers for that kernel" \
		    "(linux-headers-$KVER)" >&2
		exit 1
	fi
elif [ -z "$kdir" ]; then
	kdir=$(builddir "$running")
	why="the running kernel"
	if [ -z "$kdir" ] && [ -f "$top/regress/vm/kernel" ]; then
		vmdefault=$(sh "$top/regress/vm/kernel")
		[ -n "$vmdefault" ] && kdir=$(builddir "$vmdefault")
		why="the kernel the test guest boots by default"
	fi
else
	why="KDIR"
	if [ ! -f "$kdir/Makefile" ]; then
		echo "kbuild.sh: KDIR=$kdir: no kernel build directory there" >&2
		exit 1
	fi
fi

if [ "$target" = kdir ]; then
	[ -n "$kdir" ] && echo "$kdir"
	exit 0
fi

if [ -z "$kdir" ]; then
	if [ "$target" = clean ]; then
		rm -f "$here"/*.o "$here"/*.ko "$here"/*.mod "$here"/*.mod.c \
		    "$here"/.*.cmd "$here"/modules.order \
		    "$here"/Module.symvers "$here"/dt_syscalls.h
		exit 0
	fi
	others=$(ls -d /usr/src/linux-headers-*/ 2>/dev/null |
	    while read -r d; do
		[ -f "$d/Module.symvers" ] && echo "***   make KDIR=${d%/}"
	    done)
	cat >&2 <<MSG
***
*** dt.ko NOT BUILT: no headers for the running kernel ($running)
*** ${vmdefault:+nor for the test guest's default kernel ($vmdefault)}
*** Install the headers of the kernel to trace (Debian:
*** linux-headers-$running or linux-headers-amd64), or pick a kernel:
${others:-***   make KDIR=/path/to/kernel/build}
***
MSG
	exit 0
fi

gmake=make
command -v gmake >/dev/null 2>&1 && gmake=gmake

# The sources into KOBJ: what git holds here, not what a build made.
src=$here
if [ -n "$kobj" ]; then
	mkdir -p "$kobj" || exit 1
	src=$(cd "$kobj" && pwd)
	if [ "$target" = all ] || [ "$target" = install ]; then
		for f in "$here"/*.c "$here"/*.h "$here"/Kbuild \
		    "$here"/mksysargs; do
			case $f in *.mod.c|*/dt_syscalls.h) continue ;; esac
			cmp -s "$f" "$src/${f##*/}" || cp "$f" "$src/" || exit 1
		done
	fi
fi

case $target in
all)
	echo "kbuild.sh: building dt.ko in $kdir ($why)"
	"$gmake" -C "$kdir" M="$src" modules || exit
	echo "kbuild.sh: $src/dt.ko is for kernel $(vermagic "$src/dt.ko")" \
	    "(built in $kdir, $why)"
	;;
install)
	[ -f "$src/dt.ko" ] && [ "$(vermagic "$src/dt.ko")" = "$KVER" ] ||
	    "$gmake" -C "$kdir" M="$src" modules || exit
	"$gmake" -C "$kdir" M="$src" INSTALL_MOD_DIR=extra \
	    ${INSTALL_MOD_PATH:+INSTALL_MOD_PATH="$INSTALL_MOD_PATH"} \
	    modules_install || exit
	if [ -n "$INSTALL_MOD_PATH" ]; then
		echo "kbuild.sh: installed under $INSTALL_MOD_PATH;" \
		    "run depmod $KVER where it lands"
	elif [ -d "/lib/modules/$KVER" ] && depmod "$KVER"; then
		echo "kbuild.sh: dt.ko installed for kernel $KVER:" \
		    "modprobe dt allowdt=1"
	fi
	;;
clean)	exec "$gmake" -C "$kdir" M="$src" clean ;;
*)	echo "kbuild.sh: unknown target $target" >&2; exit 2 ;;
esac
