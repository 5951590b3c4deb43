#!/bin/sh
# pm-fit-cluster - one pm-fit over shards that live on many hosts, through
# GNU parallel over ssh.
#
# Reads SHARDS, one shard a line as HOST<TAB>PATH (HOST as parallel's -S
# takes it, ':' for this machine), and writes the model (-o FILE, complete
# or not at all, or stdout).  pm-fit here drives the Newton method; every
# pass (pm(7): the first pass's counts and levels, then the sums at each
# point) is a request copied to the hosts, answered there by
# `pm-fit --reduce` on each shard, and only these partial sums come back:
# never the rows.  They merge in the order of SHARDS, so the model is the
# same bytes however parallel spreads the jobs.
set -eu
LC_ALL=C
export LC_ALL

version=@PM_VERSION@ # pm's version, stamped from common/version.h at build time
prog=pm-fit-cluster
tab=$(printf '\t')

usage="Usage: pm-fit-cluster [PM-FIT OPTION]... SHARDS
Fit one model over the shards SHARDS lists, HOST<TAB>PATH a line, each read
where it lives (GNU parallel -S HOST; ':' is this machine); only partial
sums travel.  The options are pm-fit's (-y, -x, --exclude, --categorical,
--positive, -C, --max-iter, --max-levels, --impute mean, --reference, --na,
--csv, -o); not --folds, nor --impute median.

      --help       show this help and exit
      --version    show the version and exit

Environment: PM_FIT_REMOTE, the pm-fit to run on the hosts (pm-fit);
PM_SSH, the ssh command parallel runs (ssh).  See pm-fit-cluster(1)."

die() {
    printf '%s: %s\n' "$prog" "$1" >&2
    exit 1
}

# $1 quoted for a shell, as the hosts' shells read the command
quote() {
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# One pass: --pass SHARDS REQUEST FOLDER (pm-fit's pass command).  Each
# shard runs on its own host (a hostgroup per distinct host, one job at a
# time on each); the partial of shard i comes back as FOLDER/i.
pass() {
    shards=$1 req=$2 dir=$3
    awk -F '\t' '!($1 in g) { g[$1] = ++n; print $1 > "/dev/stderr" } { print $2 "@h" g[$1] }' \
        "$shards" >"$dir/args" 2>"$dir/hosts"
    i=0
    set --
    while read -r host; do
        i=$((i + 1))
        set -- "$@" -S "@h$i/$host"
    done <"$dir/hosts"
    remote=$(quote "${PM_FIT_REMOTE:-pm-fit}")
    status=0
    parallel --ssh "${PM_SSH:-ssh}" --hostgroups "$@" -j 1 --basefile "$req" \
        --results "$dir/{#}" --joblog "$dir/joblog" \
        "$remote --reduce $(quote "$req") --shard {#} {}" :::: "$dir/args" \
        >/dev/null 2>"$dir/parallel.err" || status=$?
    # The failed shards in the order of the list, each with its own message.
    failed=$(awk -F '\t' 'NR > 1 && $7 != 0 { print $1 "\t" $7 }' "$dir/joblog" | sort -n)
    if [ -z "$failed" ] && [ "$status" -eq 0 ]; then
        return 0
    fi
    [ -n "$failed" ] || die "parallel failed: $(head -n 1 "$dir/parallel.err")"
    printf '%s\n' "$failed" | while IFS=$tab read -r seq code; do
        line=$(sed -n "${seq}p" "$shards")
        printf '%s: host %s: shard %s: pm-fit --reduce exited %s\n' "$prog" \
            "${line%%"$tab"*}" "${line#*"$tab"}" "$code" >&2
        sed "s/^/  /" "$dir/$seq.err" >&2
    done
    exit 1
}

case "${1:-}" in
--help)
    printf '%s\n' "$usage"
    exit 0
    ;;
--version)
    printf '%s (pm) %s\n' "$prog" "$version"
    exit 0
    ;;
--pass)
    [ $# -eq 4 ] || die "--pass SHARDS REQUEST FOLDER"
    pass "$2" "$3" "$4"
    exit 0
    ;;
esac

[ $# -ge 1 ] || {
    printf '%s: no SHARDS list\n%s\n' "$prog" "$usage" >&2
    exit 2
}
for shards; do :; done # the last operand
[ -r "$shards" ] || die "cannot read $shards"
case $shards in /*) ;; *) shards=$PWD/$shards ;; esac
command -v parallel >/dev/null || die "GNU parallel is not installed"

here=$(dirname "$0")
fit=pm-fit
[ -x "$here/pm-fit" ] && fit=$here/pm-fit
case $0 in /*) self=$0 ;; *) self=$PWD/$0 ;; esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
# The shards' partials and the requests go to a folder of our own.
TMPDIR=$tmp
export TMPDIR

n=$#
i=0
for arg; do
    i=$((i + 1))
    [ "$i" -lt "$n" ] && set -- "$@" "$arg"
done
shift "$n"
"$fit" "$@" --merge "$shards" --pass-command "exec $(quote "$self") --pass $(quote "$shards")"
