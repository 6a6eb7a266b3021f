#!/usr/bin/env bash
# Reruns the fuzz targets from the committed seeds, one at a time:
#   fuzz/run.sh [SECONDS per target, default 60] [TARGET...]   (targets: request sigv4 shorthand)
# Each target starts from fuzz/seeds/<target> plus whatever fuzz/corpus/<target> has grown
# to on this machine (not committed; full output in fuzz/logs/<target>.log); a crash or a slow input stops the run and is written
# to fuzz/artifacts/<target>/, the command that replays it is printed. The last lines of each
# run give libFuzzer's statistics (executions, time).
#
# cargo-fuzz needs nightly-only compiler flags (-Zsanitizer=address); the stable toolchain
# takes them with RUSTC_BOOTSTRAP=1. Set CARGO_TARGET_DIR to keep the (sanitizer) build
# apart from the workspace's.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(request sigv4 shorthand)
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cargo fuzz build -O
mkdir -p logs
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    echo "== $t: ${secs}s"
    # -timeout: an input that takes more than 10 s is reported as a hang;
    # -rss_limit_mb: one that needs more than 2 GiB as an out-of-memory bug.
    cargo fuzz run -O "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"logs/$t.log" 2>&1 || true
    grep -a -E "^#[0-9]+[[:space:]]*(INITED|DONE)|stat::number_of_executed_units|stat::average_exec_per_sec|ERROR|panicked|SUMMARY|Test unit written" "logs/$t.log" || true
    if [ -n "$(ls -A "artifacts/$t")" ]; then
        echo "$t: failing inputs in fuzz/artifacts/$t/ (replay: RUSTC_BOOTSTRAP=1 cargo fuzz run $t <file>)" >&2
        exit 1
    fi
done
