/* utf8.c - UTF-8 validation; see utf8.h. */
#include "utf8.h"

size_t utf8_char_len(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    if (len == 0)
        return 0;
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    size_t more;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
        more = 1, min = 0x80, c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        more = 2, min = 0x800, c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        more = 3, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    if (len - 1 < more)
        return 0;
    for (size_t i = 1; i <= more; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    return more + 1;
}

bool utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) { /* the common case, without a call */
            i++;
            continue;
        }
        size_t n = utf8_char_len(s + i, len - i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}
