"""CHOLMOD, UMFPACK and PCG agree on the same problem to the solver tolerance."""
import os

from pftest import *

d = workdir("solvers")
os.chdir(d)
testmesh("box", "tet10", [10, 2, 2], [100, 20, 20, 0.2], "box.inp")
write("cant.yaml", CANTILEVER % {"mesh": "box.inp", "region": "block", "tip": "xmax", "clamp": "xmin"})
u = {}
for solver in ("cholmod", "umfpack", "pcg"):
    rc, out, err = pfsim("run", "cant.yaml", "-o", solver + ".h5", "--set", "solver.linear=" + solver,
                         "--set", "solver.tolerance=1e-12", "--quiet")
    check(rc == 0, "%s runs (%s)" % (solver, err.strip()))
    with h5py.File(solver + ".h5", "r") as f:
        u[solver] = f["steps/0000/displacement"][()]
        res = f["steps/0000/solver"].attrs["rel_residual"]
        it = f["steps/0000/solver"].attrs["iterations"]
    print("%-8s relative residual %.2e, iterations %d, tip %.9f" % (solver, res, it, u[solver][:, 2].min()))
    # a direct solve is backward stable: ||r|| ~ eps ||K|| ||u||, which is 1e-12 ||b|| here
    check(res <= 1e-10, "%s residual %.2e" % (solver, res))
scale = np.abs(u["cholmod"]).max()
check(np.abs(u["umfpack"] - u["cholmod"]).max() <= 1e-11 * scale, "UMFPACK agrees with CHOLMOD to 1e-11")
# PCG stops at ||r|| <= 1e-12 ||b||; the error is bounded by cond(K) times that
check(np.abs(u["pcg"] - u["cholmod"]).max() <= 1e-6 * scale, "PCG agrees with CHOLMOD to its tolerance")
finish("cli_solvers")
