#!/usr/bin/env bats
# Replay every fuzz seed and every crash the fuzzers ever found
# (tests/fuzz/*/seeds, tests/fuzz/*/crashes) on this build: each input must
# end in success or a clean error (status 0 or 1), never in a signal or a
# sanitizer report.  The long runs are `make fuzz`; see tests/fuzz/README.md.

load helper

@test "fuzz corpus replays cleanly: every input gives status 0 or 1" {
    B=$(dirname "$PM_TESTS")
    n=0
    while IFS='	' read -r name cmd; do
        case $name in '#'* | '') continue ;; esac
        for input in "$PM_ROOT/tests/fuzz/$name"/seeds/* "$PM_ROOT/tests/fuzz/$name"/crashes/*; do
            [ -e "$input" ] || continue
            line=${cmd//\$B/$B}
            line=${line//@@/$input}
            run -- $line
            n=$((n + 1))
            [ "$status" -le 1 ] || fail "$name: $input: status $status: $output"
        done
    done < "$PM_ROOT/tests/fuzz/targets"
    [ "$n" -gt 0 ]
}
