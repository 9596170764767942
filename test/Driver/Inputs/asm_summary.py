"""Summarises x86 assembly from `rnnc --emit=asm` for FileCheck, one line per function and
one per loop, so tests check what matters (which FMAs, on which registers, and what is
called) without depending on instruction order or register allocation:

  <function>: <n> fma (xmm <a>, ymm <b>, zmm <c>), <m> mul, <k> add, calls: <targets|none>
  <function> loop <label>: <n> fma (xmm <a>, ymm <b>, zmm <c>)

fma counts vfmadd/vfmsub/vfnmadd/vfnmsub, mul and add count (v)mulps/(v)addps and the scalar
ss forms; a loop is the code from a label to a later jump back to it; calls are call and jmp
instructions whose target is not a local label (.L...).
"""
import re
import sys

FMA = re.compile(r"^\s+v?f(n?)m(add|sub)\w*\s")
MUL = re.compile(r"^\s+v?mul(ps|ss)\s")
ADD = re.compile(r"^\s+v?add(ps|ss)\s")
BRANCH = re.compile(r"^\s+(call|j[a-z]+)\w*\s+(\S+)")


def fma_text(lines):
    fmas = [l for l in lines if FMA.match(l)]
    width = {w: sum(f"%{w}" in l for l in fmas) for w in ("xmm", "ymm", "zmm")}
    return f"{len(fmas)} fma (xmm {width['xmm']}, ymm {width['ymm']}, zmm {width['zmm']})"


def main():
    functions, current = {}, None
    for line in open(sys.argv[1]):
        line = line.rstrip("\n")
        label = re.match(r"^([A-Za-z_.$][\w.$@]*):", line)
        if label and not label.group(1).startswith("."):
            current = label.group(1)
            functions[current] = []
        elif current is not None:
            if re.match(r"^\s+\.size\s", line) or re.match(r"^\s*\.section\s", line):
                current = None
                continue
            functions[current].append(line)
    for name, body in functions.items():
        if not any(re.match(r"^\s+[a-z]", l) and not l.strip().startswith(".") for l in body):
            continue  # data, not code
        calls = sorted({m.group(2) for m in map(BRANCH.match, body)
                        if m and not m.group(2).startswith(".L")})
        print(f"{name}: {fma_text(body)}, {sum(bool(MUL.match(l)) for l in body)} mul, "
              f"{sum(bool(ADD.match(l)) for l in body)} add, "
              f"calls: {' '.join(calls) if calls else 'none'}")
        labels = {}
        for i, l in enumerate(body):
            m = re.match(r"^(\.L\w+):", l)
            if m:
                labels[m.group(1)] = i
            m = BRANCH.match(l)
            if m and m.group(2) in labels:
                print(f"{name} loop {m.group(2)}: {fma_text(body[labels[m.group(2)]:i])}")


main()
