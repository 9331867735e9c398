#!/usr/bin/env bash
# Coverage-guided fuzzing of the store's file readers: SharpFuzz instruments VelesDb.Engine.dll
# and AFL++ drives one target (index, wal, data, or index-sealed, wal-sealed, data-sealed, which
# recompute the checksums of each input so mutations reach the checks behind them) for a while.
#
#   apt-get install afl++            # once; afl-fuzz must be on PATH
#   tests/VelesDb.Fuzz/run-afl.sh index 10     # target, minutes (default: index, 10)
#
# Findings land in out/fuzz/<target>/findings/default/crashes (and hangs). Replay them with
#   dotnet out/fuzz/<target>/bin/VelesDb.Fuzz.dll replay <target> out/fuzz/<target>/findings/default/crashes
# and keep each real one as a regression: its hex in tests/VelesDb.Engine.Tests/Corruption/FuzzRegressions.cs.
set -euo pipefail
target="${1:-index}"
minutes="${2:-10}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/out/fuzz/$target"
tool="$root/.tools/sharpfuzz"

command -v afl-fuzz >/dev/null || { echo "afl-fuzz is not installed (apt-get install afl++)" >&2; exit 1; }
[ -x "$tool/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tool"

# Two builds: plain (seeds, replay) and instrumented (only runnable under afl-fuzz).
rm -rf "$out/bin" "$out/bin-afl"
dotnet publish "$root/tests/VelesDb.Fuzz" -c Release -o "$out/bin" --nologo
cp -r "$out/bin" "$out/bin-afl"
"$tool/sharpfuzz" "$out/bin-afl/VelesDb.Engine.dll"
dotnet "$out/bin/VelesDb.Fuzz.dll" seeds "$out/seeds"

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
timeout --signal=INT "${minutes}m" afl-fuzz -i "$out/seeds/$target" -o "$out/findings" -t 5000 -m none -- dotnet "$out/bin-afl/VelesDb.Fuzz.dll" "$target" || true

crashes="$out/findings/default/crashes"
count=$(find "$crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "fuzz: $target ran ${minutes} min; $count crashing input(s) in $crashes"
