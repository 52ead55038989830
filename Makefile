# sumq build. `make` builds everything into bin/; see README.md.
#
# Sources are found by directory, so a new module is a new .c file and
# nothing else: lib/ and proto/ make libsumq; services/<name>/main.c makes
# bin/sumq-<name>, and the other services/*/*.c (broker and worker classes)
# a library those programs link; clients/ makes bin/sumq; and
# tests/unit/check_<module>.c makes one Check suite.

.SECONDEXPANSION:
VERSION   := 0.1.0
CC        ?= cc
OPT       ?= -O2
CFLAGS    ?= $(OPT) -g
CFLAGS    += -std=gnu11 -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE \
             -DSUMQ_VERSION='"$(VERSION)"' -Ilib -Iproto -Iservices/common -Iservices/broker -Iclients -Ibuild/gen
PKGS      := libczmq libzmq jansson icu-uc icu-i18n libexttextcat sqlite3 libmicrohttpd libxml-2.0
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm
CFLAGS    += $(PKG_CFLAGS)
LDLIBS    += $(PKG_LIBS)

BUILD     ?= build
BIN       ?= bin
LIB_SRC   := $(wildcard lib/*.c) $(wildcard proto/*.c)
LIB_OBJ   := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC)) $(BUILD)/gen/stopwords_data.o \
             $(BUILD)/gen/abbrevs_data.o
LIBSUMQ   := $(BUILD)/libsumq.a
# Everything of services/ but the programs' main.c files is a library, so
# the unit suites can link the broker and worker classes too.
SERVICE_LIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(filter-out %/main.c,$(wildcard services/*/*.c)))
SERVICES_LIB := $(BUILD)/libsumq-services.a
CLIENT_LIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(filter-out clients/sumq.c clients/cli_%.c,$(wildcard clients/*.c)))
CLI_OBJ   := $(patsubst %.c,$(BUILD)/%.o,$(wildcard clients/sumq.c clients/cli_*.c))
SERVICES  := broker parser ranker summarizer
PROGRAMS  := $(addprefix $(BIN)/sumq-,$(SERVICES)) $(BIN)/sumq
UNIT_SRC  := $(wildcard tests/unit/check_*.c)
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

# Debian packages the build, the tests and the demo need.
DEB_PKGS  := build-essential pkg-config libzmq3-dev libczmq-dev libjansson-dev \
             check libsubunit-dev libicu-dev libstemmer-dev libexttextcat-dev \
             liblingua-stopwords-perl liblingua-sentence-perl \
             hunspell-fr-classical libtracker-sparql-3.0-0 apertium-swe-dan apertium-ind-zlm hunspell-id lttoolbox wswedish wdanish \
             libsqlite3-dev python3 python3-zmq python3-jsonschema \
             libmicrohttpd-dev libxml2-dev ots linux-perf docker-compose python3-yaml yamllint iproute2 clang libclang-rt-dev

.PHONY: all deps demo check unit clean check-asan eval bench idf-models
all: $(PROGRAMS)

deps:
	@tools/install-deps.sh $(DEB_PKGS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/gen/stopwords_data.c: tools/gen-stopwords.pl
	@mkdir -p $(dir $@)
	perl tools/gen-stopwords.pl > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/stopwords_data.o: $(BUILD)/gen/stopwords_data.c
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/gen/abbrevs_data.c: tools/gen-abbrevs.pl
	@mkdir -p $(dir $@)
	perl tools/gen-abbrevs.pl > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/abbrevs_data.o: $(BUILD)/gen/abbrevs_data.c
	$(CC) $(CFLAGS) -c $< -o $@

$(LIBSUMQ): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SERVICES_LIB): $(SERVICE_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN)/sumq-%: $(BUILD)/services/%/main.o $(SERVICES_LIB) $(LIBSUMQ)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BIN)/sumq: $(CLI_OBJ) $(CLIENT_LIB_OBJ) $(LIBSUMQ)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/check_%: tests/unit/check_%.c $(CLIENT_LIB_OBJ) $(SERVICES_LIB) $(LIBSUMQ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -MF $@.d -o $@ $< $(filter %.o %.a,$^) $(LDLIBS) $(shell pkg-config --libs check)

# `make check` is the one test command (README, .ci/run). Unit suites first,
# then integration tests that start real processes on private endpoints.
# The models folder is named because programs in build-asan/bin would look
# for it beside themselves.
TEST_ENV  := SUMQ_BIN=$(BIN) SUMQ_MODEL_DIR=$(CURDIR)/models
check: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@$(TEST_ENV) tests/run-tests.sh $(UNIT_BIN)

unit: all $(UNIT_BIN)
	@$(TEST_ENV) tests/run-tests.sh --unit-only $(UNIT_BIN)

ASAN_VARS := BUILD=build-asan BIN=build-asan/bin OPT="-O1 -fsanitize=address,undefined -fno-omit-frame-pointer"
check-asan: deps
	@$(MAKE) --no-print-directory $(ASAN_VARS) check

demo: deps
	@$(MAKE) --no-print-directory all
	@SUMQ_BIN=$(BIN) tools/demo.sh

# Summary quality (ROUGE) of every algorithm on a set with references;
# the scorer and the development set live outside the project.
EVAL_SET  ?= ../shared/eval/bbc-news-summary
EVAL_ARGS ?=
eval: all
	@python3 tools/eval.py --docs $(EVAL_SET)/docs --refs $(EVAL_SET)/refs $(EVAL_ARGS)

# The IDF models of languages without a corpus, from word-frequency lists
# kept outside the project (README.md, "IDF models"; FREQ_DIR/SOURCE.md).
FREQ_DIR  ?= /work/evaldata/freq
idf-models: all
	@FREQ_DIR=$(FREQ_DIR) tools/gen-idf-models.sh

# Throughput, latency and memory against baselines measured in the same
# run (bench/README.md). Quick by default; BENCH=full for the long run,
# BENCH=profile for where the time goes (perf).
BENCH     ?= quick
bench: deps
	@$(MAKE) --no-print-directory all
	@SUMQ_BIN=$(BIN) SUMQ_BUILD=$(BUILD) BENCH=$(BENCH) bench/run.sh

clean:
	rm -rf build build-asan bin

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# Fuzzing (fuzz/README.md): libFuzzer harnesses, built with clang, ASan and
# UBSan into build/fuzz/, each run for FUZZ_SECONDS from its seed corpus in
# fuzz/corpus/. `make check` runs them briefly (tests/integration/
# test_malformed.py); `make fuzz` is the longer run.
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build/fuzz
FUZZ_NAMES   := $(patsubst fuzz/%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_VARS    := BUILD=$(FUZZ_BUILD) CC=clang \
                OPT="-O1 -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
.PHONY: fuzz fuzz-run fuzz-build
fuzz: deps
	@$(MAKE) --no-print-directory fuzz-run

fuzz-build:
	@$(MAKE) --no-print-directory $(FUZZ_VARS) $(addprefix $(FUZZ_BUILD)/,$(FUZZ_NAMES))

fuzz-run: fuzz-build
	@fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_NAMES)

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(SERVICES_LIB) $(LIBSUMQ)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(filter %.a,$^) $(LDLIBS)
