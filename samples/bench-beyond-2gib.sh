#!/usr/bin/env bash
# Issue 6, a model over 2 GB: the model of LargeModelTests.CompressDecodeAndRunAModelWhoseDataFilePasses2GiB
# (tests/DeepCompress.TestModels/BeyondTwoGiBModel.cs: y = (x . wide + bias) . head, `wide` 16384 x 32800 float32 =
# 2,149,580,800 bytes with four nonzero 4 KiB blocks, bias and head stored past 2^31, one sparse data file) through
# `compress --threads 2`, `decode --external-data` and `run`, as the test runs them, measuring each command's wall
# and CPU time and peak RSS (GNU time's "%M") and the disk each file takes (du) against its apparent size; then the
# test itself, timed. Needs /usr/bin/time (Debian `time`); the model is written by `dotnet fsi` from the test
# project's build. Usage: samples/bench-beyond-2gib.sh. Files go to a fresh directory under /tmp, removed at exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/dcompress-2gib.XXXXXX)"
trap 'rm -rf "$work"' EXIT
dotnet build "$root/tests/DeepCompress.Cli.Tests" -c Release -nologo -v q >/dev/null
bin="$root/tests/DeepCompress.Cli.Tests/bin/Release/net10.0"

cat > "$work/save.fsx" <<EOF
#r "$bin/Google.Protobuf.dll"
#r "$bin/DeepCompress.Core.dll"
#r "$bin/DeepCompress.Onnx.dll"
#r "$bin/DeepCompress.TestModels.dll"
open DeepCompress.TestModels
BeyondTwoGiBModel.Save("$work") |> ignore
let x = Array.init BeyondTwoGiBModel.Inputs BeyondTwoGiBModel.Input
let bytes : byte[] = Array.zeroCreate (x.Length * 4)
for i in 0 .. x.Length - 1 do
    System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(System.Span<byte>(bytes, i * 4, 4), x.[i])
System.IO.File.WriteAllBytes("$work/x.bin", bytes)
let struct (y, _) = BeyondTwoGiBModel.ExpectedOutput()
printfn "expected y: %s" (String.concat " " (y |> Seq.map string))
EOF
dotnet fsi "$work/save.fsx"
cd "$work"

measure() {  # name, then the dcompress command line
  local name="$1"; shift
  /usr/bin/time -f "%e %M %U %S" -o "$name.time" dotnet exec "$bin/dcompress.dll" "$@" > "$name.out" 2> "$name.err"
  read -r elapsed rss_kb user system < "$name.time"
  printf '%-9s %6.2f s (CPU %5.2f s)  peak RSS %5d MiB\n' "$name" "$elapsed" "$(echo "$user + $system" | bc -l)" $((rss_kb / 1024))
}

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load:$(uptime | sed 's/.*load average://')"
measure compress compress wide.onnx -o c.dcz --threads 2
measure decode decode c.dcz -o d.onnx --external-data
measure run run c.dcz --input x.bin --shape 1,16384
sed -n 2p run.out | sed 's/^ *argmax [0-9]*: /engine y:   /'
for f in wide.bin c.dcz d.onnx d.onnx.data; do
  printf '%-12s apparent %13d bytes, on disk %8d KiB\n' "$f" "$(stat -c %s "$f")" "$(du -k "$f" | cut -f1)"
done
echo "load after:$(uptime | sed 's/.*load average://')"

start=$(date +%s.%N)
dotnet test "$root/tests/DeepCompress.Cli.Tests" -c Release --no-build \
  --filter "FullyQualifiedName~CompressDecodeAndRunAModelWhoseDataFilePasses2GiB" | tail -1
printf 'the test, through dotnet test: %.1f s wall; load after:%s\n' "$(echo "$(date +%s.%N) - $start" | bc -l)" "$(uptime | sed 's/.*load average://')"
