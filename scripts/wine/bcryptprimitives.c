/*
 * A stand-in bcryptprimitives.dll for running Beian Ledger's Windows build
 * under Wine 8.0 in CI (scripts/release-check). Go >= 1.22 programs take
 * their random bytes from ProcessPrng in bcryptprimitives.dll, which real
 * Windows 10/11 has and Wine 8.0 lacks, so every Go .exe dies at start
 * there ("bcryptprimitives.dll not found"). This exports ProcessPrng on top
 * of RtlGenRandom (advapi32's SystemFunction036), which Wine has.
 *
 * Never shipped: it goes into the throw-away Wine prefix of the test only.
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll \
 *        bcryptprimitives.c bcryptprimitives.def -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
