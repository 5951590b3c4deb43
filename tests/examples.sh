#!/bin/bash
# examples.sh FILE - run the examples of a man page or of a Markdown file, as
# the file shows them, so that documentation cannot rot.
#
# A man page: the .EX/.EE blocks of its EXAMPLES section, with roff escapes
# undone (\- \e \(aq \&).  Markdown (FILE ending in .md): its ```console
# blocks.  In a block, a line starting with "$ " is a command; the lines after
# it, up to the next command or the end of the block, are its expected
# standard output (none: only success is required).  Commands run in order, in
# the current folder, with bash -o pipefail (a SIGPIPE before `head` is not a
# failure).  Exit 1 with a diff at the first example that fails.
set -u
page=$1
case $page in
*.md)
    script=$(awk '/^```console$/ { block = 1; next } /^```/ { block = 0; next } block { print }' "$page")
    ;;
*)
    script=$(awk '
        /^\.SH / { in_ex_section = ($2 == "EXAMPLES") }
        in_ex_section && /^\.EX/ { block = 1; next }
        in_ex_section && /^\.EE/ { block = 0; next }
        block { print }
    ' "$page" | sed -e 's/\\-/-/g' -e 's/\\(aq/'"'"'/g' -e 's/\\&//g' -e 's/\\e/\\/g')
    ;;
esac

n=0
cmd=
expected=
check() {
    [ -n "$cmd" ] || return 0
    n=$((n + 1))
    actual=$(bash -o pipefail -c "$cmd" 2>stderr.txt)
    status=$?
    # 141: a process before `head` ended by SIGPIPE, as in any shell.
    if [ $status -ne 0 ] && [ $status -ne 141 ]; then
        printf '%s: example %d failed (exit %d): %s\n' "$page" "$n" "$status" "$cmd"
        cat stderr.txt
        exit 1
    fi
    if [ -n "$expected" ] && [ "$actual" != "$expected" ]; then
        printf '%s: example %d printed something else: %s\n' "$page" "$n" "$cmd"
        diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual")
        exit 1
    fi
}
while IFS= read -r line; do
    case $line in
    '$ '*)
        check
        cmd=${line#'$ '}
        expected=
        ;;
    *)
        expected=${expected:+$expected$'\n'}$line
        ;;
    esac
done <<<"$script"
check
echo "$page: $n examples ran as documented"
