/* tabs.c - finding chosen TABs in a line; see tabs.h. */
#include "tabs.h"

#include <stdint.h>

/* Where a walk along the line stands: k TABs counted, the next wanted is
 * TAB number next (SIZE_MAX when none is left), wanted[j] of them. */
struct walk {
    const size_t *wanted;
    size_t nwanted, j, k, next;
    size_t *pos;
};

/* The n TABs of a stretch of the line starting at line[at], as the bits of
 * m (bit b: line[at + b]).  Most stretches hold no wanted TAB: count them. */
static inline void take_mask(struct walk *w, uint64_t m, size_t n, size_t at)
{
    if (w->k + n <= w->next) {
        w->k += n;
        return;
    }
    for (; m; m &= m - 1, w->k++) {
        if (w->k != w->next)
            continue;
        w->pos[w->j] = at + (size_t)__builtin_ctzll(m);
        w->next = ++w->j < w->nwanted ? w->wanted[w->j] : SIZE_MAX;
    }
}

#ifdef __SSE2__
/* The number of bits set in each byte value (no POPCNT in baseline x86-64). */
#define B2(n) n, n + 1, n + 1, n + 2
#define B4(n) B2(n), B2(n + 1), B2(n + 1), B2(n + 2)
#define B6(n) B4(n), B4(n + 1), B4(n + 1), B4(n + 2)
static const unsigned char bits8[256] = {B6(0), B6(1), B6(1), B6(2)};

/* Lines of 16 bytes or more, sixteen at a time; the last sixteen bytes of
 * the line are read again, without those already seen.  Returns where it
 * stopped. */
static size_t walk_sse2(struct walk *w, const char *line, size_t len)
{
    size_t i = 0;
    while (len >= 16 && i < len) {
        unsigned m =
            i + 16 <= len ? tab_mask16(line + i) : tab_mask16(line + len - 16) >> (i + 16 - len);
        take_mask(w, m, (size_t)bits8[m & 0xFF] + bits8[m >> 8], i);
        i = i + 16 <= len ? i + 16 : len;
    }
    return i;
}
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Eight bytes at a time, from line[i], while eight are left. */
static size_t walk_words(struct walk *w, const char *line, size_t len, size_t i)
{
    for (; i + 8 <= len; i += 8) {
        uint64_t hits = tab_bits(line + i);
        /* one bit per byte: a multiply adds them up in the top byte */
        size_t n = (size_t)(((hits >> 7) * 0x0101010101010101ULL) >> 56);
        if (w->k + n <= w->next) {
            w->k += n;
            continue;
        }
        uint64_t m = 0; /* bit b for byte b, as take_mask wants */
        for (; hits; hits &= hits - 1)
            m |= 1ULL << (__builtin_ctzll(hits) / 8);
        take_mask(w, m, n, i);
    }
    return i;
}
#endif

size_t tabs_find(const char *line, size_t len, const size_t *wanted, size_t nwanted, size_t *pos,
                 size_t *nfound)
{
    struct walk w = {
        .wanted = wanted, .nwanted = nwanted, .next = nwanted ? wanted[0] : SIZE_MAX, .pos = pos};
    size_t i = 0;
#ifdef __SSE2__
    i = walk_sse2(&w, line, len);
#endif
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    i = walk_words(&w, line, len, i);
#endif
    for (; i < len; i++)
        if (line[i] == '\t')
            take_mask(&w, 1, 1, i);
    *nfound = w.j;
    return w.k;
}
