# pm - propensity modeling as Unix filters.
#
#   make                 build every tool into $(BUILD)/bin
#   make check           build, lint the man pages, run every test
#   make check SANITIZE=1   the same under AddressSanitizer and UBSan
#   make install         PREFIX, BINDIR, MANPREFIX, DATADIR and DESTDIR apply
#   make demo            the whole flow on synthetic data
#   make bench           the benchmarks of bench/ (slow; see bench/RESULTS.md)

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/pm
MANPREFIX ?= $(PREFIX)/share/man

CFLAGS  ?= -O2 -g
LDFLAGS ?=
PM_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -ffp-contract=off -iquote common
LDLIBS  = -Wl,--as-needed -lcsv -ljansson -lnettle -llapacke -lopenblas -lm

ifeq ($(SANITIZE),1)
BUILD     ?= build/sanitize
SAN_FLAGS  = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD     ?= build/release
SAN_FLAGS  =
endif

TOOLS    := $(patsubst cmd/%.c,%,$(wildcard cmd/pm-*.c))
SCRIPTS  := $(patsubst cmd/%.sh,%,$(wildcard cmd/pm-*.sh))
BINS     := $(TOOLS:%=$(BUILD)/bin/%) $(SCRIPTS:%=$(BUILD)/bin/%)
LIB_OBJ  := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard common/*.c))
LIB      := $(BUILD)/libpm.a
UNITS    := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
TESTTOOLS := $(patsubst tests/tools/%.c,$(BUILD)/tests/%,$(wildcard tests/tools/*.c))
MAN1     := $(wildcard man/*.1)
MAN7     := $(wildcard man/*.7)
PIPELINES := $(wildcard pipelines/*.sh pipelines/*.gp)

.PHONY: all check test testprogs lint-man fuzz install uninstall clean format demo bench
.DELETE_ON_ERROR:
# Objects are intermediate files to make; keep them for the next build.
.SECONDARY:

all: $(BINS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(PM_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/bin/%: $(BUILD)/obj/cmd/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/bin/%: cmd/%.sh
	@mkdir -p $(@D)
	cp $< $@ && chmod +x $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/tools/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---------- tests ----------

# The tests find the tools and the test programs through these.
export PM_BIN   = $(abspath $(BUILD)/bin)
export PM_TESTS = $(abspath $(BUILD)/tests)
export PM_ROOT  = $(CURDIR)

check: all testprogs lint-man
	prove -j2 --exec 'bats --tap' tests/*.bats

test: check

testprogs: $(UNITS) $(TESTTOOLS)

lint-man:
	@for m in $(MAN1) $(MAN7); do \
	    out=$$(groff -ww -z -man $$m 2>&1; mandoc -T lint -W warning $$m 2>&1); \
	    if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; \
	done; echo "man pages: $(words $(MAN1) $(MAN7)) lint-clean"

# Fuzzing with AFL++ on an instrumented, sanitized build (tests/fuzz/).
FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) BUILD=build/fuzz SANITIZE=1 CC=afl-clang-fast all testprogs
	tests/fuzz/run.sh $(FUZZ_SECONDS)

# ---------- install ----------

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man7 \
	    $(DESTDIR)$(DATADIR)/pipelines
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 $(MAN1) $(DESTDIR)$(MANPREFIX)/man1
	$(if $(MAN7),install -m 644 $(MAN7) $(DESTDIR)$(MANPREFIX)/man7)
	$(if $(PIPELINES),install -m 755 $(PIPELINES) $(DESTDIR)$(DATADIR)/pipelines)

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%) $(SCRIPTS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(MAN1:man/%=$(DESTDIR)$(MANPREFIX)/man1/%) $(MAN7:man/%=$(DESTDIR)$(MANPREFIX)/man7/%)
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build

format:
	clang-format -i $(wildcard cmd/*.c common/*.[ch] tests/unit/*.c tests/tools/*.c)

# ---------- the demo flow ----------

DEMO_ROWS ?= 20000
DEMO_SEED ?= 42
BIN := $(BUILD)/bin

data/raw/accounts.tsv: $(BIN)/pm-synth
	@mkdir -p $(@D)
	$(BIN)/pm-synth -n $(DEMO_ROWS) -s $(DEMO_SEED) -o $@

data/features.tsv: data/raw/accounts.tsv $(BIN)/pm-features
	$(BIN)/pm-features -o $@ data/raw/accounts.tsv

demo: data/features.tsv

# ---------- benchmarks ----------

bench: all
	bench/run.sh
