/* typing.c - numeric or categorical; see typing.h. */
#include "typing.h"

#include "err.h"
#include "num.h"

void typing_warn_stray(const char *file, const char *column, const struct levels *lv,
                       const char *text, unsigned long line)
{
    size_t n = levels_size(lv), numbers = 0;
    double v;
    for (size_t i = 0; i < n; i++)
        numbers += num_parse(levels_name(lv, i), &v) == NUM_OK;
    char q[ERR_QUOTE_SIZE];
    if (numbers >= 3 && numbers + 1 == n)
        warn("%s: column '%s' is taken as categorical because of '%s' (line %lu); "
             "fix the data if it is meant to be numeric",
             file, column, err_quote(q, text), line);
}
