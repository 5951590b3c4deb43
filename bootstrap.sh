#!/bin/sh
# bootstrap.sh [--bench] [--fuzz] - install the Debian packages that pm needs.
#
# Without options: what building, testing and the demo need.  With --bench:
# also what the benchmarks compare against (scikit-learn, LIBLINEAR) and
# time with; with --fuzz, AFL++ for `make fuzz`.  Runs apt-get through sudo
# unless already root.
set -eu

PACKAGES="make gcc clang libc6-dev pkg-config
  libcsv-dev libjansson-dev nettle-dev
  gnuplot-nox bats bats-assert bats-support perl parallel man-db
  groff-base mandoc valgrind libclang-rt-14-dev file locales bsdutils
  libxgboost-dev chromium openssh-server jq rsync strace"
BENCH_PACKAGES="python3 python3-sklearn python3-pandas python3-scipy
  python3-xgboost liblinear-tools hyperfine time"

for arg in "$@"; do
    case $arg in
    --bench) PACKAGES="$PACKAGES $BENCH_PACKAGES" ;;
    --fuzz) PACKAGES="$PACKAGES afl++" ;;
    *) echo "usage: bootstrap.sh [--bench] [--fuzz]" >&2; exit 2 ;;
    esac
done

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# shellcheck disable=SC2086 # the lists are meant to split into words
$SUDO apt-get install -y --no-install-recommends $PACKAGES
