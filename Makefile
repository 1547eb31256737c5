# dt: a dynamic tracer for Linux.  Works with GNU make and bmake.

PREFIX?=	/usr/local
DESTDIR?=

SUBDIRS=	usr.sbin/btrace sys/dev/dt

all:
	cd usr.sbin/btrace && ${MAKE}
	cd sys/dev/dt && ${MAKE}

test: deps all
	cd usr.sbin/btrace && ${MAKE} san
	sh regress/run

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

install: all
	cd usr.sbin/btrace && ${MAKE} PREFIX=${PREFIX} DESTDIR=${DESTDIR} install
	mkdir -p ${DESTDIR}${PREFIX}/share/btrace \
	    ${DESTDIR}${PREFIX}/share/man/man4 \
	    ${DESTDIR}${PREFIX}/share/man/man5 \
	    ${DESTDIR}${PREFIX}/share/man/man8
	for f in share/btrace/*.bt; do \
		[ -f "$$f" ] && install -m 0644 "$$f" \
		    ${DESTDIR}${PREFIX}/share/btrace/ || true; \
	done
	install -m 0644 man/dt.4 ${DESTDIR}${PREFIX}/share/man/man4/
	install -m 0644 man/bt.5 ${DESTDIR}${PREFIX}/share/man/man5/
	install -m 0644 man/btrace.8 ${DESTDIR}${PREFIX}/share/man/man8/

deps:
	sh regress/deps

# mandoc -Tlint, and what renders wrong without a warning (regress/man).
lint:
	sh regress/man/run

clean:
	cd usr.sbin/btrace && ${MAKE} clean
	cd sys/dev/dt && ${MAKE} clean

.PHONY: deps all test fuzz bench demo install lint clean
