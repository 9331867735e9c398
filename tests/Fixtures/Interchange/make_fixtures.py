#!/usr/bin/env python3
"""Writes the NumPy and TEXMEX fixtures of the interchange tests with NumPy and struct.

Every vector is row i (0-based) of dimension 4 with component j = float32((i + 1) * 0.5 - j / 3.0),
computed in float64 and rounded to float32, so a reader in any language can check exact values.

Run from this folder: python3 make_fixtures.py (Debian's python3-numpy, NumPy 1.24 made the committed files).
"""
import struct

import numpy as np

ROWS, DIM = 5, 4


def values(rows=ROWS, dim=DIM):
    return np.array([[(i + 1) * 0.5 - j / 3.0 for j in range(dim)] for i in range(rows)], dtype=np.float64)


# numpy.save: float32 and float64 2-D arrays; the float32 one has a companion key file of int64.
np.save("vectors-f32.npy", values().astype(np.float32))
np.save("vectors-f32.ids.npy", np.array([10, 20, 30, 40, 50], dtype=np.int64))
np.save("vectors-f64.npy", values())

# ndarray.tofile: the usual way .fvecs/.ivecs are written with NumPy, each row prefixed with its
# dimension as an int32 viewed as float32.
base = values().astype(np.float32)
dims = np.full((ROWS, 1), DIM, dtype=np.int32).view(np.float32)
np.hstack([dims, base]).tofile("base.fvecs")

ground_truth = np.array([[4, 3, 2], [0, 1, 2], [1, 0, 2]], dtype=np.int32)
np.hstack([np.full((3, 1), 3, dtype=np.int32), ground_truth]).tofile("groundtruth.ivecs")

# struct: the same base set written byte by byte, and a .bvecs of small whole numbers.
with open("query.fvecs", "wb") as out:
    for i in range(2):
        out.write(struct.pack("<i", DIM))
        out.write(struct.pack("<4f", *values(2)[i]))

with open("bytes.bvecs", "wb") as out:
    for i in range(3):
        out.write(struct.pack("<i", DIM))
        out.write(bytes([i, i + 1, 200 + i, 255]))
