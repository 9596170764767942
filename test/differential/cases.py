"""What a generated differential case is (how to compile it, the runs that check it),
and how a run is carried out and compared with its float64 values."""
import os
import shlex
import subprocess

import numpy as np

ABS_TOL = 1e-5  # the float32-vs-float64 bound; fixed, never widened
REL_TOL = 1e-4


class Failure(Exception):
    pass


def run(cmd, log, cwd, expect_ok=True, timeout=300):
    """Runs `cmd` in `cwd`, appending it to the case's log; returns (rc, output)."""
    with open(log, "a") as f:
        f.write(" ".join(shlex.quote(c) for c in cmd) + "\n")
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Failure("timed out after %d s: %s" % (timeout, " ".join(cmd)))
    out = p.stdout.decode(errors="replace")
    if p.returncode < 0 or p.returncode > 128:
        raise Failure("%s died (status %d):\n%s" % (cmd[0], p.returncode, out[-2000:]))
    if expect_ok and p.returncode != 0:
        raise Failure("%s failed (exit %d):\n%s" % (" ".join(cmd), p.returncode, out[-2000:]))
    return p.returncode, out


def error_ratios(got, expected):
    """|got - expected| over the tolerance, element-wise (inf where got is NaN)."""
    err = np.abs(np.asarray(got, np.float64) - expected)
    return np.where(np.isnan(err), np.inf, err / (ABS_TOL + REL_TOL * np.abs(expected)))


def tolerance_ratio(got, expected):
    """The largest error of `got` as a fraction of the tolerance (0 when empty)."""
    return float(np.max(error_ratios(got, expected), initial=0.0))


def compare(got, expected, what):
    got = np.asarray(got)
    if got.shape != expected.shape:
        raise Failure("%s: shape %s, expected %s" % (what, got.shape, expected.shape))
    g = got.astype(np.float64)
    ratio = error_ratios(g, expected)
    bad = ~(ratio <= 1.0)
    if bad.any():
        worst = np.unravel_index(int(np.argmax(ratio)), ratio.shape)
        raise Failure("%s: %d of %d elements out of tolerance; worst at %s: got %.9g, "
                      "expected %.9g" % (what, int(bad.sum()), bad.size,
                                         tuple(int(i) for i in worst), g[worst],
                                         expected[worst]))




class Case:
    def __init__(self, describe, compile_args, runs=(), compile_error=None):
        self.describe = describe          # one line: the options drawn
        self.compile_args = compile_args  # rnnc's arguments (run in the case directory)
        self.runs = list(runs)
        self.compile_error = compile_error  # text rnnc's error must contain, if it must fail


class RnnRun:
    """rnn-run on the compiled library: inputs in, outputs compared with float64 values, or
    a refused run whose message must contain `error`."""

    def __init__(self, library, inputs, expected=None, error=None, n_outputs=1, tag="run"):
        self.library, self.inputs, self.expected = library, inputs, expected
        self.error, self.n_outputs, self.tag = error, n_outputs, tag

    def execute(self, work, tools, log):
        cmd = [tools.rnn_run, self.library]
        for k, x in enumerate(self.inputs):
            path = "%s_in%d.npy" % (self.tag, k)
            np.save(os.path.join(work, path), x)
            cmd += ["--input", path]
        n_out = len(self.expected) if self.expected is not None else self.n_outputs
        outs = ["%s_out%d.npy" % (self.tag, k) for k in range(n_out)]
        for path in outs:
            cmd += ["--output", path]
        rc, out = run(cmd, log, work, expect_ok=self.error is None)
        if self.error is not None:
            if rc == 0:
                raise Failure("%s: the run succeeded where it must be refused (%s)"
                              % (self.tag, self.error))
            if self.error not in out:
                raise Failure("%s: the refusal does not say %r:\n%s"
                              % (self.tag, self.error, out))
            return
        for k, (path, want) in enumerate(zip(outs, self.expected)):
            np.save(os.path.join(work, "%s_expected%d.npy" % (self.tag, k)), want)
            compare(np.load(os.path.join(work, path)), want, "%s output %d" % (self.tag, k))


class CRun:
    """A C program linked with the compiled object: writes its outputs as raw float32 in
    order to out.bin, which is compared with the float64 values."""

    def __init__(self, source, objects, expected, tag="c"):
        self.source, self.objects, self.expected, self.tag = source, objects, expected, tag

    def execute(self, work, tools, log):
        src = os.path.join(work, self.tag + ".c")
        with open(src, "w") as f:
            f.write(self.source)
        exe = os.path.join(work, self.tag)
        run([tools.cc, "-O1", "-I", work, src] + self.objects + ["-o", exe]
            + tools.rnnrt_link + ["-lm", "-lpthread"], log, work)
        run([exe], log, work)
        data = np.fromfile(os.path.join(work, self.tag + ".out.bin"), np.float32)
        offset = 0
        for k, want in enumerate(self.expected):
            got = data[offset:offset + want.size]
            offset += want.size
            if got.size != want.size:
                raise Failure("%s: output %d has %d values, expected %d"
                              % (self.tag, k, got.size, want.size))
            np.save(os.path.join(work, "%s_expected%d.npy" % (self.tag, k)), want)
            compare(got.reshape(want.shape), want, "%s output %d" % (self.tag, k))
        if offset != data.size:
            raise Failure("%s: %d values written, expected %d" % (self.tag, data.size, offset))


def uniform(rng, shape, limit):
    return rng.uniform(-limit, limit, shape).astype(np.float32)


def round_bf16(a):
    """float32 values rounded to bf16 (nearest, ties to even), as float32."""
    bits = a.astype(np.float32).view(np.uint32).astype(np.uint64)
    bits = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    return bits.astype(np.uint32).view(np.float32)


def quantize_int8(w):
    """A (K, N) float32 matrix as rnnc --weight-precision=int8 stores it, as the values the
    kernels compute with (float64): per column, scale = max |w| / 127 in float32 and
    q = w / scale rounded to nearest even."""
    w64 = np.asarray(w, np.float64)
    scale = (np.max(np.abs(w64), axis=0, initial=0.0) / 127.0).astype(np.float32)
    scale = scale.astype(np.float64)
    safe = np.where(scale > 0, scale, 1.0)
    q = np.clip(np.rint(w64 / safe), -127, 127) * (scale > 0)
    return q * scale


def quantize_rows(a, log=None):
    """`a` as an int8-dot product reads it (--weight-precision=int8-dot): each row (the last
    axis) quantized symmetrically to 8 bits, m = max |a|, q = clamp(rint(a * (127 / m)),
    -127, 127), and read back as q * (m / 127), all in a's type (float32 or float64). When
    `log` is a list, a * (127 / m) before rounding is appended to it."""
    t = a.dtype.type
    m = np.max(np.abs(a), axis=-1, keepdims=True, initial=t(0))
    inv = np.where(m > 0, t(127) / np.where(m > 0, m, t(1)), t(0)).astype(a.dtype)
    x = a * inv
    if log is not None:
        log.append(x)
    return (np.clip(np.rint(x), -127, 127) * (m / t(127))).astype(a.dtype)


def rounding_margin(x64, x32):
    """How far the quantizations `x64` of a float64 run (arrays of quantize_rows' logs) keep
    from a rounding boundary, and how far the same run in float32 (`x32`) strays from them:
    (smallest distance of a value to a half-integer, largest |x32 - x64|)."""
    dist, dev = 0.5, 0.0
    for a, b in zip(x64, x32):
        if a.size == 0:
            continue
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            return 0.0, np.inf
        dist = min(dist, float(np.min(np.abs(a - np.floor(a) - 0.5))))
        dev = max(dev, float(np.max(np.abs(b - a))))
    return dist, dev


def narrow(a, precision):
    """Weight matrix `a` rounded in place as --weight-precision stores it (float32 values;
    int8's q * scale products are kept to float32's rounding, well within the tolerance)."""
    if precision in ("bf16", "bf16-dot"):
        a[...] = round_bf16(a)
    elif precision in ("int8", "int8-dot"):
        a[...] = quantize_int8(a).astype(np.float32)
