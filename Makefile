# SPDX-License-Identifier: GPL-2.0
#
# op25b top-level Makefile.
#
#   make                      module for KDIR (default: the running kernel)
#                             and the op25bctl tool
#   make module KDIR=DIR      op25b.ko for the kernel whose build tree is DIR
#   make tools                op25bctl only
#   make install              module, tool and man pages (DESTDIR, PREFIX)
#   make check                install what is missing, run every test suite
#   make demo                 boot a Debian kernel in qemu and show op25b
#   make bench                lookup benchmark against rte_lpm and a sorted array
#   make clean                leave the tree as cloned

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
PREFIX ?= /usr/local
DESTDIR ?=

# Extra flags for kbuild, e.g. W=1 or C=1.
KBUILD_EXTRA ?=

.PHONY: all module tools install install-module install-tools clean \
	clean-module check demo bench

all: module tools

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KBUILD_EXTRA) modules

tools:
	$(MAKE) -C tools/op25bctl

install: install-module install-tools

install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=updates modules_install

install-tools: tools
	$(MAKE) -C tools/op25bctl install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

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
