#!/usr/bin/env bash
# Builds the harnesses, instruments the reader assemblies with SharpFuzz and runs AFL++ on one target.
#   fuzz.sh TARGET [-V SECONDS | -E EXECUTIONS] [-o DIR]     TARGET: dcz | onnx
# DIR (default .build/fuzz/TARGET) receives the instrumented build (bin/) and AFL++'s output (findings/default:
# crashes/, hangs/, fuzzer_stats). Exits 1 when AFL++ saved a crashing or hanging input, listing them.
# Needs afl++ (Debian) and the sharpfuzz local tool (`dotnet tool restore`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${1:?usage: fuzz.sh dcz|onnx [-V seconds | -E executions] [-o dir]}"
shift
limit=()
work="$root/.build/fuzz/$target"
while [ $# -gt 0 ]; do
  case "$1" in
    -V|-E) limit=("$1" "$2"); shift 2 ;;
    -o) work="$2"; shift 2 ;;
    *) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$target" in dcz|onnx) ;; *) echo "fuzz.sh: unknown target $target (dcz, onnx)" >&2; exit 2 ;; esac

build="$root/.build/fuzz/build"
bin="$work/bin"
findings="$work/findings"
mkdir -p "$root/.build"
# One build at a time: both targets may be started together.
(
  flock 9
  dotnet build "$here/DeepCompress.Fuzz.csproj" -c Release -o "$build" -nologo -v q >&2
  rm -rf "$bin"
  mkdir -p "$bin"
  cp -r "$build/." "$bin/"
) 9>"$root/.build/fuzz.lock"
(cd "$root" && dotnet tool restore >/dev/null)
# The readers and everything they call on the input's bytes; protobuf too, so AFL++ learns message structure.
for assembly in DeepCompress.Core DeepCompress.Format DeepCompress.Onnx Google.Protobuf; do
  (cd "$root" && dotnet sharpfuzz "$bin/$assembly.dll" >/dev/null)
done

rm -rf "$findings"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_TieredPGO=0
# -t 1000: an input that keeps a reader busy for more than a second is a finding (a hang); -m none: .NET reserves
# far more address space than AFL's default memory limit.
afl-fuzz -i "$here/corpus/$target" -o "$findings" -t 1000 -m none "${limit[@]}" -- "$bin/DeepCompress.Fuzz" "$target"
found=$(find "$findings/default/crashes" "$findings/default/hangs" -type f -name 'id:*' 2>/dev/null | sort)
if [ -n "$found" ]; then
  echo "fuzz.sh: $target: $(wc -l <<<"$found") crashing or hanging inputs (replay: $bin/DeepCompress.Fuzz $target < FILE):" >&2
  echo "$found" >&2
  exit 1
fi
