# SPDX-License-Identifier: GPL-2.0
#
# op25b top-level Makefile.
#
#   make                      module for KDIR (default: the running kernel)
#                             and the op25bctl tool
#   make module KDIR=DIR      op25b.ko for the kernel whose build tree is DIR
#   make tools                op25bctl only
#   make install              module, tool, man pages, completion, systemd
#                             unit, /etc/op25b/op25b.conf if absent
#                             (DESTDIR, PREFIX)
#   make check                install what is missing, run every test suite
#   make demo                 boot a Debian kernel in qemu and show op25b
#   make bench                lookup benchmark against rte_lpm and a sorted array
#   make clean                leave the tree as cloned

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
DOCDIR ?= $(PREFIX)/share/doc/op25b
SYSCONFDIR ?= /etc
UNITDIR ?= /lib/systemd/system
DESTDIR ?=
INSTALL ?= install

# Extra flags for kbuild, e.g. W=1 or C=1.
KBUILD_EXTRA ?=

.PHONY: all module tools install install-module install-tools install-data \
	clean clean-module check demo bench

all: module tools

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KBUILD_EXTRA) modules

tools:
	$(MAKE) -C tools/op25bctl

install: install-module install-tools install-data

install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=updates modules_install

install-tools: tools
	$(MAKE) -C tools/op25bctl install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX) \
		SBINDIR=$(SBINDIR) DOCDIR=$(DOCDIR)

# The unit names op25bctl where it is installed. The example policy runs in
# monitor mode (counts, never drops), so it is safe as a first
# /etc/op25b/op25b.conf; one that is there already is never overwritten.
install-data:
	$(INSTALL) -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/op25b \
		$(DESTDIR)$(DOCDIR)/examples/accel-ppp
	sed 's|@SBINDIR@|$(SBINDIR)|g' systemd/op25b.service.in \
		>$(DESTDIR)$(UNITDIR)/op25b.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/op25b.service
	[ -e $(DESTDIR)$(SYSCONFDIR)/op25b/op25b.conf ] || \
		$(INSTALL) -m 0644 examples/op25b.conf \
			$(DESTDIR)$(SYSCONFDIR)/op25b/op25b.conf
	$(INSTALL) -m 0755 examples/accel-ppp/ip-up examples/accel-ppp/ip-down \
		examples/accel-ppp/op25b-optout \
		$(DESTDIR)$(DOCDIR)/examples/accel-ppp/
	$(INSTALL) -m 0644 examples/accel-ppp/optout \
		$(DESTDIR)$(DOCDIR)/examples/accel-ppp/optout

check:
	tests/run

demo:
	tests/e2e/demo

bench:
	tests/bench/run.sh

# kbuild cleans when the kernel's build tree is there; what is left (or
# everything, without that tree) is removed by name.
clean-module:
	-[ ! -f $(KDIR)/Makefile ] || $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -f op25b.ko op25b.o op25b.mod op25b.mod.c op25b.mod.o Module.symvers \
		modules.order .module-common.o src/*.o .*.cmd src/.*.cmd

clean: clean-module
	$(MAKE) -C tools/op25bctl clean
	$(MAKE) -C tests/unit clean
	rm -rf build
