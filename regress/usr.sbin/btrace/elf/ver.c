/* SPDX-License-Identifier: ISC */
/* A library with two versions of vf, as glibc has of memcpy. */
__asm__(".symver vf_old, vf@VERS_1");
__asm__(".symver vf_new, vf@@VERS_2");
int vf_old(void) { return 1; }
int vf_new(void) { return 2; }
