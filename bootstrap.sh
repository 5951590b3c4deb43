#!/bin/sh
# bootstrap.sh [--bench] - install the Debian packages that pm needs.
#
# Without options: what building, testing and the demo need.  With --bench:
# also what the benchmarks compare against (scikit-learn, LIBLINEAR) and
# time with.  Runs apt-get through sudo unless already root.
set -eu

PACKAGES="make gcc clang libc6-dev pkg-config
  libcsv-dev libjansson-dev libopenblas-dev liblapacke-dev
  gnuplot-nox bats bats-assert bats-support perl
  groff-base mandoc valgrind libclang-rt-14-dev file"
BENCH_PACKAGES="python3 python3-sklearn python3-pandas python3-scipy
  liblinear-tools hyperfine time"

case ${1:-} in
--bench) PACKAGES="$PACKAGES $BENCH_PACKAGES" ;;
"") ;;
*) echo "usage: bootstrap.sh [--bench]" >&2; exit 2 ;;
esac

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# shellcheck disable=SC2086 # the lists are meant to split into words
$SUDO apt-get install -y --no-install-recommends $PACKAGES
