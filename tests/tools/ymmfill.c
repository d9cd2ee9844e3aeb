/*
 * ymmfill: a Host program that keeps a marker in the upper halves of %ymm0-%ymm7, so that a
 * Guest that can see another program's vector registers sees it.  Runs until killed; on a
 * processor without AVX it says so and exits 0.  The marker is 5a5a0000 11111111 22222222
 * 33333333 in each register's bits 255:128.
 */
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <cpuid.h>

int main(void)
{
	static const uint32_t marker[8] = { 1, 2, 3, 4, 0x33333333, 0x22222222, 0x11111111,
					    0x5a5a0000 };
	unsigned int a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 28)) || !(c & (1u << 27))) {
		printf("ymmfill: no AVX here\n");
		return 0;
	}
	for (;;) {
		asm volatile("vmovdqu %0, %%ymm0\n\tvmovdqu %0, %%ymm1\n\t"
			     "vmovdqu %0, %%ymm2\n\tvmovdqu %0, %%ymm3\n\t"
			     "vmovdqu %0, %%ymm4\n\tvmovdqu %0, %%ymm5\n\t"
			     "vmovdqu %0, %%ymm6\n\tvmovdqu %0, %%ymm7"
			     : : "m"(marker));
		sched_yield();
	}
}
