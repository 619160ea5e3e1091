"""DGEMM GFLOP/s of the system OpenBLAS (numpy links Debian's libblas.so.3, the alternative
pfsim's CHOLMOD also runs on) for a given OPENBLAS_CORETYPE and thread count: the ceiling the
supernodal factorisation's GFLOP/s can be read against.

Run as a child process (the kernel is chosen when the library loads):
  python3 -m bench_lib.dgemm N   -> prints 'kernel GFLOP/s'
"""
import os
import subprocess
import sys
import time


def _measure(n):
    import ctypes

    import numpy as np
    a = np.random.default_rng(1).random((n, n))
    b = np.random.default_rng(2).random((n, n))
    a @ b  # warm-up (thread pool, pages)
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - t)
    core = "?"
    try:
        lib = ctypes.CDLL("libblas.so.3")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        core = lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        pass
    return core, 2.0 * n ** 3 / best * 1e-9


def measure(coretype, threads, n=4000):
    """(kernel name, GFLOP/s) of an n x n DGEMM with OPENBLAS_CORETYPE = coretype ('auto' unsets
    it) on `threads` threads, in a child process."""
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    if coretype not in ("auto", "env"):
        env["OPENBLAS_CORETYPE"] = coretype
    elif coretype == "env" and "OPENBLAS_CORETYPE" in os.environ:
        env["OPENBLAS_CORETYPE"] = os.environ["OPENBLAS_CORETYPE"]
    env.update({"OMP_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(threads),
                "OMP_WAIT_POLICY": "passive"})
    p = subprocess.run([sys.executable, "-m", "bench_lib.dgemm", str(n)], env=env,
                       cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                       capture_output=True, text=True)
    if p.returncode != 0:
        return "?", float("nan")
    core, gf = p.stdout.split()
    return core, float(gf)


if __name__ == "__main__":
    c, g = _measure(int(sys.argv[1]) if len(sys.argv) > 1 else 4000)
    print(c, g)
