"""Crash safety: a run killed with SIGKILL mid-solve leaves no OUT.h5, only OUT.h5.part, which
stays readable and says it was running; SIGTERM gives exit 5 and a .part marked interrupted."""
import os
import signal
import subprocess
import time

from pftest import *

d = workdir("crash")
os.chdir(d)
testmesh("box", "tet10", [40, 12, 12], [100, 20, 20, 0.1], "big.inp")  # ~170k unknowns
write("big.yaml", CANTILEVER % {"mesh": "big.inp", "region": "block", "tip": "xmax", "clamp": "xmin"})


def start(out):
    for f in (out, out + ".part"):
        if os.path.exists(f):
            os.remove(f)
    p = subprocess.Popen([PFSIM, "run", "big.yaml", "-o", out, "--threads", "1"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t0 = time.time()
    while not os.path.exists(out + ".part") and time.time() - t0 < 60 and p.poll() is None:
        time.sleep(0.05)
    time.sleep(1.0)  # into the solve
    return p


p = start("killed.h5")
running = p.poll() is None
p.send_signal(signal.SIGKILL)
p.wait()
check(running, "the run was still solving when killed")
check(not os.path.exists("killed.h5"), "SIGKILL leaves no killed.h5")
check(os.path.exists("killed.h5.part"), "SIGKILL leaves killed.h5.part")
try:
    with h5py.File("killed.h5.part", "r") as f:
        status = f.attrs["status"]
        status = status.decode() if isinstance(status, bytes) else status
        check(status == "running", "the .part says running (%s)" % status)
        check("mesh/nodes" in f, "the .part holds the mesh")
except OSError as e:
    check(False, "the .part is readable (%s)" % e)

p = start("term.h5")
p.send_signal(signal.SIGTERM)
out, err = p.communicate()
check(p.returncode == 5, "SIGTERM: exit 5 (got %d: %s)" % (p.returncode, err.strip()))
check(not os.path.exists("term.h5") and os.path.exists("term.h5.part"), "SIGTERM keeps term.h5.part only")
if os.path.exists("term.h5.part"):
    with h5py.File("term.h5.part", "r") as f:
        status = f.attrs["status"]
        status = status.decode() if isinstance(status, bytes) else status
        check(status == "interrupted", "the .part says interrupted (%s)" % status)

# SIGTERM at any moment (mesh reading, ordering, assembly, factorisation, writing) gives exit 5 or,
# once the run has finished, 0; never a crash. (METIS's own SIGTERM handler once crashed a run
# interrupted during the ordering.)
testmesh("box", "tet10", [24, 8, 8], [100, 20, 20, 0.1], "mid.inp")
write("mid.yaml", CANTILEVER % {"mesh": "mid.inp", "region": "block", "tip": "xmax", "clamp": "xmin"})
for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.7):
    for f in ("mid.h5", "mid.h5.part"):
        if os.path.exists(f):
            os.remove(f)
    p = subprocess.Popen([PFSIM, "run", "mid.yaml", "-o", "mid.h5", "--threads", "2", "--quiet"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate()
    # a signal in the first milliseconds, before pfsim has started listening, ends the process by
    # the default action; then nothing may have been written
    early = p.returncode == -signal.SIGTERM and not os.path.exists("mid.h5.part") and not os.path.exists("mid.h5")
    ok = p.returncode == 5 or (p.returncode == 0 and os.path.exists("mid.h5")) or early
    check(ok, "SIGTERM after %.2f s: exit %d (%s)" % (delay, p.returncode, err.strip()[-200:]))
finish("cli_crash")
