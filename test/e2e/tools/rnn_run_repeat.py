# rnn-run --repeat N times N calls after the warm-up (--warmup, default 1) and prints the
# median, min, p90 and mean; this script checks their order (min <= median <= p90, min <=
# mean) and the counts. A repeated run prints the same outputs as a single call.
#
# RUN: rm -rf %t.dir && mkdir -p %t.dir
# RUN: rnnc %examples/seed/seed.mlir --emit=shared -o %t.dir/seed.so
# RUN: rnn-run %t.dir/seed.so --input 1x10x4xf32=random --output %t.dir/once.npy
# RUN: rnn-run %t.dir/seed.so --input 1x10x4xf32=random --repeat 20 --expected %t.dir/once.npy --tolerance 0,0 > %t.dir/default.txt
# RUN: rnn-run %t.dir/seed.so --input 1x10x4xf32=random --repeat=7 --warmup=3 > %t.dir/warm3.txt
# RUN: rnn-run %t.dir/seed.so --input 1x10x4xf32=random --repeat 1 --warmup 0 > %t.dir/cold.txt
# RUN: %python %s %t.dir/default.txt 20 1 %t.dir/warm3.txt 7 3 %t.dir/cold.txt 1 0 | FileCheck %s
# RUN: FileCheck %s --check-prefix=SAME < %t.dir/default.txt

# CHECK:      default.txt: 20 calls, 1 warm-up call: min <= median <= p90, min <= mean: OK
# CHECK-NEXT: warm3.txt: 7 calls, 3 warm-up calls: min <= median <= p90, min <= mean: OK
# CHECK-NEXT: cold.txt: 1 call, 0 warm-up calls: min <= median <= p90, min <= mean: OK
# SAME: output 0 'h' matches '{{.*}}once.npy' (max |diff| 0)
import os
import re
import sys

LINE = re.compile(r"^median ([\d.]+) us per call over (\d+) calls? \(min ([\d.]+), p90 ([\d.]+), "
                  r"mean ([\d.]+) us; (\d+) warm-up calls?\)$", re.M)


def main(args):
    ok = True
    for path, calls, warmup in zip(args[0::3], args[1::3], args[2::3]):
        m = LINE.search(open(path).read())
        median, n, lo, p90, mean, warm = (float(v) for v in m.groups()) if m else (0,) * 6
        good = bool(m) and n == int(calls) and warm == int(warmup) and \
            lo <= median <= p90 and lo <= mean
        print(f"{os.path.basename(path)}: {int(n)} call{'s' if n != 1 else ''}, {int(warm)} "
              f"warm-up call{'s' if warm != 1 else ''}: min <= median <= p90, min <= mean: "
              f"{'OK' if good else 'FAIL'}")
        ok &= good
    return 0 if ok else 1


sys.exit(main(sys.argv[1:]))
