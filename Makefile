# pm - propensity modeling as Unix filters.
#
#   make                    build every tool into $(BUILD)/bin
#   make check              build, lint the man pages, run every test
#   make check SANITIZE=1   the same under AddressSanitizer and UBSan
#   make install            PREFIX, BINDIR, MANPREFIX, DATADIR and DESTDIR apply
#   make demo               the whole flow on synthetic data, in this folder
#   make bench              the benchmarks of bench/ (slow; see bench/RESULTS.md)
#   make fuzz               AFL++ on the readers (tests/fuzz/README.md)
#
# The Makefile works from any folder (make -f path/to/pm/Makefile demo): the
# build stays in the source tree, the demo's data/, models/ and reports/ go
# to the current folder.

SRC := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/pm
MANPREFIX ?= $(PREFIX)/share/man

CFLAGS  ?= -O3 -g
LDFLAGS ?=
PM_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -ffp-contract=off -iquote $(SRC)/common
LDLIBS  = -Wl,--as-needed -lcsv -ljansson -lnettle -lxgboost -lpthread -lm

ifeq ($(SANITIZE),1)
BUILD     ?= $(SRC)/build/sanitize
SAN_FLAGS  = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD     ?= $(SRC)/build/release
SAN_FLAGS  =
endif

TOOLS     := $(patsubst $(SRC)/cmd/%.c,%,$(wildcard $(SRC)/cmd/pm-*.c))
SCRIPTS   := $(patsubst $(SRC)/cmd/%.sh,%,$(wildcard $(SRC)/cmd/pm-*.sh))
BINS      := $(TOOLS:%=$(BUILD)/bin/%) $(SCRIPTS:%=$(BUILD)/bin/%)
LIB_OBJ   := $(patsubst $(SRC)/%.c,$(BUILD)/obj/%.o,$(wildcard $(SRC)/common/*.c))
LIB       := $(BUILD)/libpm.a
UNITS     := $(patsubst $(SRC)/tests/unit/%.c,$(BUILD)/tests/%,$(wildcard $(SRC)/tests/unit/test_*.c))
TESTTOOLS := $(patsubst $(SRC)/tests/tools/%.c,$(BUILD)/tests/%,$(wildcard $(SRC)/tests/tools/*.c))
MAN1      := $(wildcard $(SRC)/man/*.1)
MAN7      := $(wildcard $(SRC)/man/*.7)
STAGES    := $(wildcard $(SRC)/pipelines/*.sh)
CHARTS    := $(wildcard $(SRC)/pipelines/*.gp)

.PHONY: all check test testprogs lint-man fuzz install uninstall clean format bench valgrind
.DELETE_ON_ERROR:
# Objects are intermediate files to make; keep them for the next build.
.SECONDARY:

all: $(BINS)

$(BUILD)/obj/%.o: $(SRC)/%.c
	@mkdir -p $(@D)
	$(CC) $(PM_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/bin/%: $(BUILD)/obj/cmd/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# A script's version is stamped from version.h, the one the C tools report.
PM_VERSION := $(shell sed -n 's/^\#define PM_VERSION "\(.*\)"$$/\1/p' $(SRC)/common/version.h)

$(BUILD)/bin/%: $(SRC)/cmd/%.sh $(SRC)/common/version.h
	@mkdir -p $(@D)
	sed 's/@PM_VERSION@/$(PM_VERSION)/' $< > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/tools/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---------- tests ----------

# The tests find the tools and the test programs through these.
export PM_BIN   = $(BUILD)/bin
export PM_TESTS = $(BUILD)/tests
export PM_ROOT  = $(SRC)
# A test that hangs fails after this many seconds, by name, rather than
# holding the run until whoever waits for it gives up.
BATS_TEST_TIMEOUT ?= 600
export BATS_TEST_TIMEOUT

# tests/man.bats runs lint-man, so that the pages are linted once.
check: all testprogs
	prove -j2 --exec 'bats --tap' $(SRC)/tests/*.bats

test: check

testprogs: $(UNITS) $(TESTTOOLS)

lint-man:
	@for m in $(MAN1) $(MAN7); do \
	    out=$$(groff -ww -z -man $$m 2>&1; mandoc -T lint -W warning $$m 2>&1); \
	    if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; \
	done; echo "man pages: $(words $(MAN1) $(MAN7)) lint-clean"

# Fuzzing with AFL++ on an instrumented, sanitized build (tests/fuzz/).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz:
	$(MAKE) -f $(SRC)/Makefile BUILD=$(SRC)/build/fuzz SANITIZE=1 CC=afl-clang-fast all testprogs
	$(SRC)/tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# ---------- install ----------

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man7 \
	    $(DESTDIR)$(DATADIR)/pipelines
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 $(MAN1) $(DESTDIR)$(MANPREFIX)/man1
	install -m 644 $(MAN7) $(DESTDIR)$(MANPREFIX)/man7
	install -m 755 $(filter-out %/lib.sh,$(STAGES)) $(DESTDIR)$(DATADIR)/pipelines
	install -m 644 $(filter %/lib.sh,$(STAGES)) $(CHARTS) $(DESTDIR)$(DATADIR)/pipelines

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%) $(SCRIPTS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(MAN1:$(SRC)/man/%=$(DESTDIR)$(MANPREFIX)/man1/%) \
	    $(MAN7:$(SRC)/man/%=$(DESTDIR)$(MANPREFIX)/man7/%)
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(SRC)/build

format:
	clang-format -i $(wildcard $(SRC)/cmd/*.c $(SRC)/common/*.[ch] $(SRC)/tests/unit/*.c \
	    $(SRC)/tests/tools/*.c)

# ---------- the demo flow ----------

# data -> train -> evaluate -> monitor -> score, in a file of its own.
include $(SRC)/demo.mk

# ---------- benchmarks ----------

bench: all
	$(SRC)/bench/run.sh

# ---------- valgrind ----------

# Every C tool under memcheck, on the release build (CI runs it).
valgrind: all testprogs
	prove -j2 --exec 'bats --tap' $(SRC)/tests/valgrind/*.bats
