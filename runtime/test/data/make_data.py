"""Writes the checked-in .npy files of the runtime tests with NumPy itself, so the tests
compare rnnc_npy against real NumPy output. Run: /usr/bin/python3 make_data.py (in this dir)."""
import numpy as np
from numpy.lib import format as npformat

x = (np.arange(24, dtype=np.float32) / 4).reshape(2, 4, 3)
ids = np.array([0, 3, 1], dtype=np.int64)
table = np.array([[0, 0.5], [1, 1.5], [2, 2.5], [3, 3.5]], dtype=np.float32)

files = {
    # rnn-run on the scale fixture (y = 2 * x)
    "x_f32.npy": x,
    "y_expected.npy": 2 * x,
    "x_f64.npy": x.astype(np.float64),  # converts to float32 exactly
    "x_i32.npy": np.arange(24, dtype=np.int32).reshape(2, 4, 3),
    "x_f64_inexact.npy": np.full((1, 2, 3), 0.1, dtype=np.float64),
    "x_rank2.npy": x[0],
    "x_dim5.npy": np.zeros((2, 4, 5), dtype=np.float32),
    "x_empty.npy": np.zeros((0, 4, 3), dtype=np.float32),
    "y_empty_expected.npy": np.zeros((0, 4, 3), dtype=np.float32),
    # rnn-run on the embed fixture (vectors = table[ids])
    "ids_i64.npy": ids,
    "ids_i32.npy": ids.astype(np.int32),
    "ids_f64_fraction.npy": np.array([0, 1.5], dtype=np.float64),
    "ids_out_of_range.npy": np.array([0, 7], dtype=np.int64),
    "vectors_expected.npy": table[ids],
    # reader compatibility
    "scalar_f8.npy": np.array(2.5, dtype=np.float64),
    "bool.npy": np.array([True, False, True]),
    "int16.npy": np.array([[-3, 0], [7, 32767]], dtype=np.int16),
    "fortran.npy": np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)),
    "big_endian.npy": np.arange(3, dtype=">f4"),
    "complex.npy": np.zeros(2, dtype=np.complex64),
}
for name, array in files.items():
    np.save(name, array)

# Format versions 2.0 and 3.0 hold the same array as x_f32.npy.
for version in [(2, 0), (3, 0)]:
    with open(f"x_f32_v{version[0]}.npy", "wb") as f:
        npformat.write_array(f, x, version=version)
