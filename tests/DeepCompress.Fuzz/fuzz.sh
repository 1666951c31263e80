#!/usr/bin/env bash
# Builds the harnesses, instruments the reader assemblies with SharpFuzz and runs AFL++ on one target.
#   fuzz.sh TARGET [-V SECONDS | -E EXECUTIONS] [-o FINDINGS]     TARGET: dcz | onnx
# Findings (crashes/, hangs/, fuzzer_stats) go to .build/fuzz/TARGET/findings unless -o says otherwise.
# Exits 1 when AFL++ found a crash or a hang. Needs afl++ (Debian) and `dotnet tool restore` (sharpfuzz).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${1:?usage: fuzz.sh dcz|onnx [-V seconds | -E executions] [-o findings]}"
shift
limit=()
findings="$root/.build/fuzz/$target/findings"
while [ $# -gt 0 ]; do
  case "$1" in
    -V|-E) limit=("$1" "$2"); shift 2 ;;
    -o) findings="$2"; shift 2 ;;
    *) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$target" in dcz|onnx) ;; *) echo "fuzz.sh: unknown target $target (dcz, onnx)" >&2; exit 2 ;; esac

build="$root/.build/fuzz/build"
bin="$root/.build/fuzz/$target/bin"
# Serialize builds: the two targets may be started together.
(
  flock 9
  dotnet build "$here/DeepCompress.Fuzz.csproj" -c Release -o "$build" -nologo -v q >&2
) 9>"$root/.build/fuzz.lock"
rm -rf "$bin"
mkdir -p "$bin"
cp -r "$build/." "$bin/"
(cd "$root" && dotnet tool restore >/dev/null)
# The readers and everything they call on the input's bytes; protobuf too, so AFL++ learns message structure.
for assembly in DeepCompress.Core DeepCompress.Format DeepCompress.Onnx Google.Protobuf; do
  (cd "$root" && dotnet sharpfuzz "$bin/$assembly.dll" >/dev/null)
done

mkdir -p "$(dirname "$findings")"
rm -rf "$findings"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_TieredPGO=0
# -t 1000: an input that keeps a reader busy for more than a second is a finding (a hang); -m none: .NET reserves
# far more address space than AFL's default memory limit.
afl-fuzz -i "$here/corpus/$target" -o "$findings" -t 1000 -m none "${limit[@]}" -- "$bin/DeepCompress.Fuzz" "$target"
crashes=$(find "$findings/default/crashes" "$findings/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
if [ "$crashes" -gt 0 ]; then
  echo "fuzz.sh: $target: $crashes crashing or hanging inputs under $findings/default" >&2
  exit 1
fi
