#!/usr/bin/env bash
# The model parity tests again on an emulated AVX2-only x86-64 CPU (qemu-user's EPYC-Rome model: AVX2, no
# AVX-512, no VNNI), whatever CPU this machine has. int8 kernels differ by instruction set (issue 12: an AVX2
# CPU once computed logits 0.02-1.6 away from a VNNI one), so CI checks both families on every run.
# Needs qemu-user (Debian: apt-get install qemu-user). About 2 minutes: emulation is slow.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v qemu-x86_64 >/dev/null 2>&1; then
  echo "test:isa needs qemu-x86_64 (Debian package qemu-user)" >&2
  exit 2
fi
# In-process mocha (no re-spawned node), so every line of the tests runs under the emulator. The fp32 check
# is left out: fp32 is not committed, and under emulation it outlasts the test's timeout (float kernels agree
# across instruction sets to 1e-6: training/compare_quantization.py --against).
qemu-x86_64 -cpu EPYC-Rome "$(command -v node)" --import tsx node_modules/mocha/bin/mocha.js --no-config \
  --timeout 900000 --grep "given fp32" --invert test/nlp/parity.test.ts \
  2> >(grep -v "TCG doesn't support requested feature" >&2)
