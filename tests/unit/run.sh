#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Builds and runs the op25bctl unit tests; exits non-zero if any fails.
exec make -C "$(dirname "$0")" check
