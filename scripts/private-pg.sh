# shellcheck shell=bash
# A private copy of the system's PostgreSQL 15 installation with a schemaguard build of
# its own, so that a benchmark or a sanitizer build never replaces the extension other
# tests load from the system directories. PostgreSQL finds its share and lib directories
# relative to its binaries, so a copy of the tree runs as it is. Source this file.

# private_pg_install ROOT WORKDIR ARCHIVE [MAKE_ARGS...]: copies PostgreSQL into ROOT and
# builds the Makefile and extension/ of the tar ARCHIVE in WORKDIR with MAKE_ARGS, without
# the caller's compiler flags, installing it into ROOT. Sets PRIVATE_PG_BIN and
# PRIVATE_PG_LIB (the schemaguard.so built).
private_pg_install() {
  local root=$1 workdir=$2 archive=$3
  shift 3
  private_pg_copy "$root"
  rm -rf "$workdir"
  mkdir -p "$workdir"
  tar -C "$workdir" -xf "$archive"
  env -u PG_CXXFLAGS -u PG_CPPFLAGS -u SHLIB_LINK -u CXXFLAGS -u CFLAGS \
    make -C "$workdir" -s -j2 "$@" >/dev/null
  make -C "$workdir" -s install DESTDIR="$root" >/dev/null
  chmod -R a+rX "$root"
  PRIVATE_PG_LIB=$root$(pg_config --pkglibdir)/schemaguard.so
}

# private_pg_copy ROOT: a copy of the system's PostgreSQL 15 (with the extensions installed
# in it then, less schemaguard) in ROOT. Sets PRIVATE_PG_BIN and PRIVATE_PG_CONFIG: build
# and install into it with `make PG_CONFIG="$PRIVATE_PG_CONFIG" install`, and start clusters
# with PG_BIN="$PRIVATE_PG_BIN" (scripts/cluster.sh).
private_pg_copy() {
  local root=$1 bindir sharedir
  bindir=$(pg_config --bindir) sharedir=$(pg_config --sharedir)
  rm -rf "$root"
  mkdir -p "$root$(dirname "$bindir")" "$root$(dirname "$sharedir")"
  cp -a "$(dirname "$bindir")" "$root$(dirname "$(dirname "$bindir")")/"
  cp -a "$sharedir" "$root$(dirname "$sharedir")/"
  rm -f "$root$(pg_config --pkglibdir)"/schemaguard.so "$root$sharedir"/extension/schemaguard*
  # PGXS builds against the system's server headers, found relative to pg_config.
  mkdir -p "$root$(dirname "$(pg_config --includedir)")"
  ln -s "$(pg_config --includedir)" "$root$(pg_config --includedir)"
  chmod -R a+rX "$root"
  PRIVATE_PG_BIN=$root$bindir
  PRIVATE_PG_CONFIG=$root$bindir/pg_config
}
