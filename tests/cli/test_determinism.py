"""Determinism: with --reproducible a run is bit-identical for 1, 2 and 3 threads; without it,
bit-identical from run to run at a fixed thread count."""
import os

from pftest import *

d = workdir("determinism")
os.chdir(d)
# ~35k unknowns: big enough that CHOLMOD's supernodes go through multi-threaded BLAS
testmesh("box", "tet10", [20, 8, 8], [100, 20, 20, 0.2], "box.inp")
write("cant.yaml", CANTILEVER % {"mesh": "box.inp", "region": "block", "tip": "xmax", "clamp": "xmin"})


def run(threads, reproducible, out):
    args = ["run", "cant.yaml", "-o", out, "--threads", threads, "--quiet"]
    if reproducible:
        args.append("--reproducible")
    rc, _, err = pfsim(*args)
    check(rc == 0, "run threads=%d reproducible=%d (%s)" % (threads, reproducible, err.strip()))
    with h5py.File(out, "r") as f:
        u = f["steps/0000/displacement"][()]
        s = f["steps/0000/elements/tet10/stress"][()]
        r = f["steps/0000/reactions/clamp"][()]
    return u, s, r


ref = run(1, True, "r1.h5")
for t in (2, 3):
    other = run(t, True, "r%d.h5" % t)
    same = all(a.tobytes() == b.tobytes() for a, b in zip(ref, other))
    check(same, "--reproducible: %d threads bit-identical to 1 thread" % t)
a = run(2, False, "a.h5")
b = run(2, False, "b.h5")
check(all(x.tobytes() == y.tobytes() for x, y in zip(a, b)), "2 threads: bit-identical run to run")
check(np.abs(a[0] - ref[0]).max() <= 1e-10 * np.abs(ref[0]).max(),
      "without --reproducible the thread count changes only round-off")
finish("cli_determinism")
