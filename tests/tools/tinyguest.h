/*
 * tests/tools/tinyguest.h -- what every hand-built Guest of the test tools begins with.
 *
 * TINY_GUEST_INIT is the assembly of LHCALL_INIT with lguest_data at Guest-physical 0x3000 and
 * the other registers holding their names, as the protocol asks (the Host checks them at the
 * first trip; chapters/02-guest.nw, "Hypercall numbers").  Use it inside a top-level asm().
 */
#ifndef TINYGUEST_H
#define TINYGUEST_H
#include "lguest.h"

#define STR(x)	#x
#define XSTR(x)	STR(x)	/* a macro's value, as text for the assembler */

#define TINY_GUEST_INIT						\
	"\tmovl $" XSTR(LHCALL_INIT) ", %eax\n"			\
	"\tmovl $0x3000, %ebx\n"				\
	"\tmovl $" XSTR(LGUEST_INIT_ECX) ", %ecx\n"		\
	"\tmovl $" XSTR(LGUEST_INIT_EDX) ", %edx\n"		\
	"\tmovl $" XSTR(LGUEST_INIT_ESI) ", %esi\n"		\
	"\tmovl $" XSTR(LGUEST_INIT_EDI) ", %edi\n"		\
	"\tmovl $" XSTR(LGUEST_INIT_EBP) ", %ebp\n"		\
	"\tint $0x1f\n"
#endif
