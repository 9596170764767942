#!/usr/bin/python3
"""Writes one damaged or unsuitable .npy file for rnn-run: make_npy.py CASE OUT.
The good file is a float32 (1, 10, 4) array, the input of examples/seed."""
import struct
import sys

import numpy as np

GOOD = np.arange(40, dtype=np.float32).reshape(1, 10, 4) / 8


def npy(header, data=b"", version=b"\x01\x00"):
    """A .npy file with a hand-written header dict, padded as numpy pads it."""
    h = header.encode("latin1")
    h += b" " * ((64 - (10 + len(h) + 1) % 64) % 64) + b"\n"
    return b"\x93NUMPY" + version + struct.pack("<H", len(h)) + h + data


def good_bytes():
    return npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 10, 4), }",
               GOOD.tobytes())


CASES = {
    "empty": lambda: b"",
    "truncated_header": lambda: good_bytes()[:30],
    "wrong_magic": lambda: b"\x93NUMPZ" + good_bytes()[6:],
    "version_9": lambda: npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 10, 4), }",
                             GOOD.tobytes(), version=b"\x09\x00"),
    "no_shape": lambda: npy("{'descr': '<f4', 'fortran_order': False, }", GOOD.tobytes()),
    "not_a_dict": lambda: npy("[1, 2, 3]", GOOD.tobytes()),
    "big_endian": lambda: npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1, 10, 4), }",
                              GOOD.astype(">f4").tobytes()),
    "object_dtype": lambda: npy("{'descr': '|O', 'fortran_order': False, 'shape': (1, 10, 4), }",
                                b"\0" * 320),
    "float16": lambda: npy("{'descr': '<f2', 'fortran_order': False, 'shape': (1, 10, 4), }",
                           GOOD.astype("<f2").tobytes()),
    "short_data": lambda: good_bytes()[:-8],
    "long_data": lambda: good_bytes() + b"\0" * 8,
    "shape_overflow": lambda: npy(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4, 4), }",
        GOOD.tobytes()),
    "dim_too_large": lambda: npy(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 99999999999999999999, 4), }",
        GOOD.tobytes()),
    "header_length_past_end": lambda: good_bytes()[:8] + struct.pack("<H", 60000)
    + good_bytes()[10:],
    "nul_in_header": lambda: npy(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1,\x00 10, 4), }", GOOD.tobytes()),
    "rank_4": lambda: npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 10, 4), }",
                          GOOD.tobytes()),
    "batch_2": lambda: npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 10, 4), }",
                           np.concatenate([GOOD, GOOD]).tobytes()),
    "unicode_dtype": lambda: npy("{'descr': '<U1', 'fortran_order': False, 'shape': (1, 10, 4), }",
                                 b"\0" * 160),
    "good": good_bytes,
}

if __name__ == "__main__":
    with open(sys.argv[2], "wb") as f:
        f.write(CASES[sys.argv[1]]())
