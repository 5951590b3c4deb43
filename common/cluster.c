/* cluster.c - a fit over shards read by a pass command; see cluster.h. */
#include "cluster.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "xalloc.h"

static char *join(const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *s = xmalloc(n);
    snprintf(s, n, "%s%s%s", a, sep, b);
    return s;
}

static void read_shards(struct cluster *c, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        die_errno("cannot open %s", path);
    char *line = NULL;
    size_t cap = 0, lines = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, fp)) > 0) {
        lines++;
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab || tab == line || tab[1] == '\0' || strchr(tab + 1, '\t'))
            die("%s:%zu: not HOST<TAB>PATH", path, lines);
        *tab = '\0';
        c->labels = xreallocarray(c->labels, c->n + 1, sizeof *c->labels);
        c->paths = xreallocarray(c->paths, c->n + 1, sizeof *c->paths);
        c->labels[c->n] = join(line, ":", tab + 1);
        char num[32];
        snprintf(num, sizeof num, "%zu", c->n + 1);
        c->paths[c->n++] = join(c->dir, "/", num);
    }
    free(line);
    fclose(fp);
    if (!c->n)
        die("%s: no shards", path);
}

/* Write the request and run the command over every shard. */
static void run_pass(struct cluster *c)
{
    for (size_t i = 0; i < c->n; i++)
        if (unlink(c->paths[i]) != 0 && errno != ENOENT)
            die_errno("cannot remove %s", c->paths[i]);
    FILE *fp = fopen(c->request, "w");
    if (!fp)
        die_errno("cannot write %s", c->request);
    partial_write_request(&c->q, fp);
    if (fclose(fp) != 0)
        die_errno("cannot write %s", c->request);
    fflush(NULL);
    char *script = join(c->command, " ", "\"$@\"");
    pid_t pid = fork();
    if (pid < 0)
        die_errno("cannot start the pass command");
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", script, "sh", c->request, c->dir, (char *)NULL);
        _exit(127);
    }
    free(script);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            die_errno("cannot wait for the pass command");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("the pass over the shards failed (the pass command exited %d); no model written",
            WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

const struct design *cluster_open(struct cluster *c, const char *shards, const char *command,
                                  const struct design_spec *spec, enum tsv_format format)
{
    *c = (struct cluster){.command = command};
    const char *tmp = getenv("TMPDIR");
    c->dir = join(tmp && *tmp ? tmp : "/tmp", "/", "pm-fit.XXXXXX");
    if (!mkdtemp(c->dir))
        die_errno("cannot make a temporary folder %s", c->dir);
    c->request = join(c->dir, "/", "request");
    read_shards(c, shards);
    c->q = (struct partial_request){.spec = *spec, .format = format, .nshards = c->n};
    run_pass(c);
    c->q.offsets = xcalloc(c->n, sizeof *c->q.offsets);
    c->q.header = partial_merge_stats(c->paths, c->labels, c->n, spec, c->q.offsets);
    return c->q.header;
}

static void pass_sums(struct cluster *c, size_t stride, const double *theta, struct fit_sums *s)
{
    c->q.stride = stride;
    c->q.theta = (double *)theta;
    c->q.hessian = s->H != NULL;
    run_pass(c);
    partial_merge_sums(c->paths, c->labels, c->n, c->q.header->nterms, s);
    c->q.theta = NULL;
}

void cluster_sums(void *ctx, size_t stride, const double *theta, struct fit_sums *s, double *g_zero)
{
    struct cluster *c = ctx;
    if (g_zero) {
        size_t p = c->q.header->nterms;
        double *zero = xcalloc(p, sizeof *zero);
        struct fit_sums z = {.g = g_zero};
        pass_sums(c, stride, zero, &z);
        free(zero);
    }
    pass_sums(c, stride, theta, s);
}

void cluster_close(struct cluster *c)
{
    for (size_t i = 0; i < c->n; i++) {
        unlink(c->paths[i]);
        free(c->paths[i]);
        free(c->labels[i]);
    }
    unlink(c->request);
    rmdir(c->dir);
    free(c->paths);
    free(c->labels);
    free(c->request);
    free(c->dir);
    free(c->q.offsets);
    design_free((struct design *)c->q.header);
}
