#!/bin/sh
# run.sh SECONDS [NAME...] - fuzz the targets of tests/fuzz/targets (all, or
# those named) with AFL++ for SECONDS each, on the instrumented build in
# build/fuzz (make fuzz builds it).  A target's NAME/*.dict, if any, is given
# to AFL++ as its dictionary.
# New crashes and hangs are copied into tests/fuzz/NAME/crashes, to be kept as
# regression inputs; the status is 1 if there were any.  Fuzzing runs without
# LeakSanitizer (it makes every execution several times slower); afterwards
# every input of the queue AFL++ kept is replayed once with leak detection on.
set -eu
seconds=${1:-60}
[ $# -gt 0 ] && shift
only=" $* "
root=$(cd "$(dirname "$0")/../.." && pwd)
B=$root/build/fuzz
out=$B/out
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
export ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1
found=0
grep -v '^#' "$root/tests/fuzz/targets" | while IFS='	' read -r name cmd; do
    [ -n "$name" ] || continue
    [ "$only" = "  " ] || case $only in *" $name "*) ;; *) continue ;; esac
    dict=
    for d in "$root/tests/fuzz/$name"/*.dict; do
        [ -e "$d" ] && dict="-x $d"
    done
    cmd=$(printf '%s' "$cmd" | sed "s|\\\$B|$B|g")
    rm -rf "${out:?}/$name"
    mkdir -p "$out/$name"
    echo "fuzzing $name for $seconds s: $cmd" >&2
    # shellcheck disable=SC2086 # the command splits into words
    # shellcheck disable=SC2086 # $dict is empty or two words
    afl-fuzz -i "$root/tests/fuzz/$name/seeds" -o "$out/$name" -V "$seconds" -m none -t 2000 $dict \
        -- $cmd > "$out/$name.log" 2>&1 || { tail -20 "$out/$name.log" >&2; exit 1; }
    stats=$out/$name/default/fuzzer_stats
    get() { sed -n "s/^$1 *: //p" "$stats"; }
    printf '%s: %s s, %s execs, %s paths, %s crashes, %s hangs\n' "$name" \
        "$(get run_time)" "$(get execs_done)" "$(get corpus_count)" "$(get saved_crashes)" \
        "$(get saved_hangs)"
    leaks=0
    nqueue=0
    for f in "$out/$name/default/queue"/id:*; do
        nqueue=$((nqueue + 1))
        # shellcheck disable=SC2086
        ASAN_OPTIONS=detect_leaks=1:exitcode=86 $(printf '%s' "$cmd" | sed "s|@@|$f|g") \
            > /dev/null 2> "$out/$name.replay" || [ $? -eq 1 ] || {
            leaks=$((leaks + 1))
            mkdir -p "$root/tests/fuzz/$name/crashes"
            cp "$f" "$root/tests/fuzz/$name/crashes/leak-$(date +%s)-$leaks"
            found=1
        }
    done
    printf '%s: queue of %d inputs replayed with LeakSanitizer: %d failed\n' "$name" "$nqueue" "$leaks"
    for kind in crashes hangs; do
        for f in "$out/$name/default/$kind"/id:*; do
            [ -e "$f" ] || continue
            mkdir -p "$root/tests/fuzz/$name/crashes"
            cp "$f" "$root/tests/fuzz/$name/crashes/$kind-$(basename "$f" | cut -c1-9 | tr : -)-$(date +%s)"
            found=1
        done
    done
    [ "$found" -eq 0 ] || exit 1
done
