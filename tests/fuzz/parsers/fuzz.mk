# Builds the parser fuzz targets with clang and libFuzzer; used by run.sh (make -f fuzz.mk OUT=DIR).
# The client sources they need are compiled here directly (instrumented for coverage, ASan and
# UBSan); libpqxx, libpq, libpg_query, Boost.JSON and OpenSSL are the system's (g++-built, same
# libstdc++ ABI) and only the targets that need them link them.
ROOT    := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../../..)
HERE    := $(ROOT)/tests/fuzz/parsers
OUT     ?= $(ROOT)/build/fuzz-parsers
CXX     := $(shell command -v clang++-14 || command -v clang++)
VERSION := $(shell grep -m1 -o 'schemaguard VERSION [0-9.]*' $(ROOT)/CMakeLists.txt | cut -d' ' -f3)
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
CXXFLAGS := -std=c++17 -O1 -g -fno-omit-frame-pointer -Wall -Wextra -Wno-unused-parameter \
            -DSCHEMAGUARD_VERSION='"$(VERSION)"' -I$(ROOT)/client -I$(HERE) \
            $(shell pkg-config --cflags libpq) -MMD -MP

# client sources -> instrumented objects
CLIENT  := migrations/files migrations/sql migrations/plan db/connection db/findings support/common output/render_common \
           fleet/targets
$(OUT)/obj/client/%.o: $(ROOT)/client/%.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $(SAN) -fsanitize=fuzzer-no-link -c $< -o $@

$(OUT)/obj/%.o: $(HERE)/%.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $(SAN) -fsanitize=fuzzer -c $< -o $@

obj = $(patsubst %,$(OUT)/obj/client/%.o,$(1))
CORE      := $(call obj,migrations/files migrations/sql)
CORE_LIBS := -lpg_query -lboost_json -lcrypto
DB        := $(call obj,db/connection support/common)
DB_LIBS   := -lpqxx -lpq

TARGETS := fuzz_file_name fuzz_plan fuzz_sql_file fuzz_directives fuzz_split_statements \
           fuzz_conninfo fuzz_server_message fuzz_cli fuzz_locate_findings fuzz_targets

$(OUT)/fuzz_file_name:        $(CORE)
$(OUT)/fuzz_file_name:        LIBS = $(CORE_LIBS)
$(OUT)/fuzz_plan:             $(CORE) $(call obj,migrations/plan)
$(OUT)/fuzz_plan:             LIBS = $(CORE_LIBS)
$(OUT)/fuzz_sql_file:         $(CORE)
$(OUT)/fuzz_sql_file:         LIBS = $(CORE_LIBS)
$(OUT)/fuzz_directives:       $(CORE)
$(OUT)/fuzz_directives:       LIBS = $(CORE_LIBS)
$(OUT)/fuzz_split_statements: $(CORE)
$(OUT)/fuzz_split_statements: LIBS = $(CORE_LIBS)
$(OUT)/fuzz_conninfo:         $(DB)
$(OUT)/fuzz_conninfo:         LIBS = $(DB_LIBS)
$(OUT)/fuzz_server_message:   $(DB)
$(OUT)/fuzz_server_message:   LIBS = $(DB_LIBS)
$(OUT)/fuzz_cli:              $(call obj,support/common output/render_common)
$(OUT)/fuzz_cli:              LIBS = $(DB_LIBS)
$(OUT)/fuzz_locate_findings:  $(CORE) $(DB) $(call obj,db/findings)
$(OUT)/fuzz_locate_findings:  LIBS = $(CORE_LIBS) $(DB_LIBS)

$(OUT)/fuzz_targets:          $(DB) $(call obj,fleet/targets)
$(OUT)/fuzz_targets:          LIBS = $(DB_LIBS) -lboost_json

$(OUT)/fuzz_%: $(OUT)/obj/fuzz_%.o
	$(CXX) $(SAN) -fsanitize=fuzzer $^ $(LIBS) -o $@

all: $(addprefix $(OUT)/,$(TARGETS))
.DEFAULT_GOAL := all
.PHONY: all
-include $(shell find $(OUT)/obj -name '*.d' 2>/dev/null)
.SECONDARY:
