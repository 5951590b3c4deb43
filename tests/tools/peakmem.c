/*
 * peakmem - run a command and say how much memory it took at most, for tests
 * (not installed).
 *
 *     peakmem FILE COMMAND [ARG]...
 *
 * Runs COMMAND with its standard streams as they are, writes its peak
 * resident set size in kilobytes (getrusage's ru_maxrss of the child) to
 * FILE, and exits with COMMAND's status (128 + the signal if one ended it),
 * as /usr/bin/time -f %M would, without needing that package.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: peakmem FILE COMMAND [ARG]...\n", stderr);
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("peakmem: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "peakmem: %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR) {
            perror("peakmem: wait4");
            return 2;
        }
    FILE *fp = fopen(argv[1], "w");
    if (!fp || fprintf(fp, "%ld\n", ru.ru_maxrss) < 0 || fclose(fp) != 0) {
        perror(argv[1]);
        return 2;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
