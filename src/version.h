/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place the op25b version is written. The module (MODULE_VERSION),
 * op25bctl and dkms.conf (PACKAGE_VERSION, checked by tests/gates) agree on it.
 */
#ifndef OP25B_VERSION_H
#define OP25B_VERSION_H

#define OP25B_VERSION "0.1.0"

#endif /* OP25B_VERSION_H */
