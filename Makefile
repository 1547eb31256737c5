# dt: a dynamic tracer for Linux.  Works with GNU make and bmake.

PREFIX?=	/usr/local
DESTDIR?=

SUBDIRS=	usr.sbin/btrace sys/dev/dt

all:
	cd usr.sbin/btrace && ${MAKE}
	cd sys/dev/dt && ${MAKE}

# The host suites, then the kernel suites on every installed kernel line
# (regress/run, regress/vm/README); KERNELS="V ..." picks some, FULL=1
# runs the full kernel suites on the rt and cloud kernels too.
test: deps all
	cd usr.sbin/btrace && ${MAKE} san
	KERNELS="${KERNELS}" FULL="${FULL}" sh regress/run

# Every fuzzer, regress/.../fuzz/run, for SECONDS each (FUZZ_SECONDS in
# its environment) from new seeds; make test runs each for a short fixed
# budget with fixed seeds.  A failure prints its reproducer.
SECONDS?=	300

fuzz: deps all
	cd usr.sbin/btrace && ${MAKE} san
	@fail=0; for f in $$(find regress -path '*/fuzz/run' | sort); do \
		echo "==> $$f"; \
		FUZZ_SECONDS=${SECONDS} sh "$$f" || fail=1; \
	done; exit $$fail

bench: all
	@for b in regress/perf/*/run; do \
		if [ -x "$$b" ]; then echo "==> $$b"; "$$b" || exit 1; fi; \
	done

demo: deps all
	sh regress/demo

# btrace, its manuals, scripts and completion, then dt.ko for the running
# kernel (KVER=version: another) into /lib/modules/VERSION/extra.
install: install-btrace install-module

install-btrace:
	cd usr.sbin/btrace && ${MAKE} PREFIX=${PREFIX} DESTDIR=${DESTDIR} install
	mkdir -p ${DESTDIR}${PREFIX}/share/btrace/tools \
	    ${DESTDIR}${PREFIX}/share/man/man4 \
	    ${DESTDIR}${PREFIX}/share/man/man5 \
	    ${DESTDIR}${PREFIX}/share/man/man8 \
	    ${DESTDIR}${PREFIX}/share/bash-completion/completions
	# The scripts run by name: NAME.bt would clash with bpftrace's.
	for f in share/btrace/*.bt; do \
		n=$${f##*/}; \
		install -m 0755 "$$f" ${DESTDIR}${PREFIX}/share/btrace/tools/ && \
		ln -sf ../share/btrace/tools/$$n \
		    ${DESTDIR}${PREFIX}/sbin/$${n%.bt}.btrace || exit 1; \
	done
	install -m 0644 share/bash-completion/btrace \
	    ${DESTDIR}${PREFIX}/share/bash-completion/completions/btrace
	install -m 0644 man/dt.4 ${DESTDIR}${PREFIX}/share/man/man4/
	install -m 0644 man/bt.5 ${DESTDIR}${PREFIX}/share/man/man5/
	install -m 0644 man/btrace.8 ${DESTDIR}${PREFIX}/share/man/man8/

install-module:
	cd sys/dev/dt && KVER="${KVER}" INSTALL_MOD_PATH="${DESTDIR}" \
	    sh ./kbuild.sh install

# The module's source as DKMS builds it, and its configuration files
# (commented out: off by default), for the dt-dkms package.
DKMSDIR=	${DESTDIR}/usr/src/dt-$$(cat VERSION)
install-dkms-src:
	mkdir -p ${DKMSDIR} ${DESTDIR}/etc/modprobe.d \
	    ${DESTDIR}/etc/modules-load.d
	for f in sys/dev/dt/*.[ch] sys/dev/dt/Kbuild sys/dev/dt/mksysargs; do \
		case $$f in *.mod.c|*/dt_syscalls.h) continue ;; esac; \
		install -m 0644 "$$f" ${DKMSDIR}/ || exit 1; \
	done
	install -m 0644 etc/modprobe.d/dt.conf ${DESTDIR}/etc/modprobe.d/
	install -m 0644 etc/modules-load.d/dt.conf ${DESTDIR}/etc/modules-load.d/

# The Debian packages btrace and dt-dkms, into deb/ (debian/, dh, dh_dkms).
deb:
	sh debian/mkchangelog > debian/changelog
	dpkg-buildpackage -b -us -uc
	mkdir -p deb && mv ../btrace_$$(cat VERSION)_*.deb \
	    ../btrace-dbgsym_$$(cat VERSION)_*.deb \
	    ../dt-dkms_$$(cat VERSION)_all.deb ../dt_$$(cat VERSION)_*.buildinfo \
	    ../dt_$$(cat VERSION)_*.changes deb/
	lintian --fail-on error,warning deb/*.changes

deps:
	sh regress/deps

# dt(4) on a kernel built with lockdep, KASAN and the other checkers
# (regress/vm/README): too slow for make test, so run it before every
# change to sys/dev/dt.  The kernel is built once and cached.
debug-kernel:
	sh regress/vm/debug-kernel

test-debug: all
	cd usr.sbin/btrace && ${MAKE} san
	sh regress/vm/test-debug

# mandoc -Tlint, and what renders wrong without a warning (regress/man).
lint:
	sh regress/man/run

clean:
	cd usr.sbin/btrace && ${MAKE} clean
	cd sys/dev/dt && ${MAKE} clean

.PHONY: deps all test fuzz bench demo install install-btrace install-module \
	install-dkms-src deb lint clean debug-kernel test-debug
