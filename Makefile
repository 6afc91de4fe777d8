# PGXS build of the schemaguard extension (C++17).
# The control file lives in extension/ (SPEC §1); PGXS installs it by basename.
EXTENSION = extension/schemaguard
MODULE_big = schemaguard

SOURCES = $(wildcard extension/*.cpp) $(wildcard extension/rules/*.cpp)
OBJS = $(SOURCES:.cpp=.o)
SG_HEADERS = $(wildcard extension/*.hpp) $(wildcard extension/rules/*.hpp)

DATA = $(wildcard extension/schemaguard--*.sql)

REGRESS = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --inputdir=. --load-extension=schemaguard
ISOLATION = $(patsubst specs/%.spec,%,$(sort $(wildcard specs/*.spec)))
ISOLATION_OPTS = --inputdir=. --load-extension=schemaguard

PG_CXXFLAGS = -std=c++17 -Wno-register
SHLIB_LINK = -lstdc++

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)

# No LLVM bitcode for C++ sources: JIT inlining of this code is not needed.
override with_llvm = no

include $(PGXS)

$(OBJS): $(SG_HEADERS)
