/*
 * tabs.h - the positions of chosen TABs in a line, found many bytes at a time.
 *
 * A reader that needs a few columns of a wide row looks at the positions of
 * only the TABs that bound them, but counts them all: a row with more or
 * fewer fields than the header is an error.  The count goes sixteen bytes
 * at a time (SSE2), else eight (a word trick), else one.
 */
#ifndef PM_TABS_H
#define PM_TABS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The TABs in a few bytes, for splitting every field as well. */
#ifdef __SSE2__
/* The TABs among the sixteen bytes at p: bit k for byte k. */
static inline unsigned tab_mask16(const char *p)
{
    __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('\t')));
}
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * The TABs among the eight bytes at p, as the high bit of each such byte
 * (little-endian: byte k is bits 8k to 8k + 7).  In t = word ^ TABs a TAB is
 * a zero byte, and ~(((t & 0x7f..) + 0x7f..) | t | 0x7f..) sets the high bit
 * of exactly the zero bytes: no carry crosses a byte.
 */
static inline uint64_t tab_bits(const char *p)
{
    const uint64_t tabs = 0x0909090909090909ULL, low7 = 0x7f7f7f7f7f7f7f7fULL;
    uint64_t word;
    memcpy(&word, p, sizeof word);
    uint64_t t = word ^ tabs;
    return ~(((t & low7) + low7) | t | low7);
}
#endif

/*
 * The number of TABs in line[0, len).  wanted holds nwanted TAB numbers
 * (counted from 0) in increasing order; pos[j] becomes the position of TAB
 * wanted[j], for j below *nfound, which is less than nwanted only when the
 * line has fewer TABs.
 */
size_t tabs_find(const char *line, size_t len, const size_t *wanted, size_t nwanted, size_t *pos,
                 size_t *nfound);

#endif
