"""Failure, interruption and restart of a finite-strain run (issue 3):
- an impossible load (a block pushed through its own thickness) ends with exit 2, a message that
  names the step and the reason, and OUT.h5.part marked failed with the converged increments kept;
- SIGKILL after increment k, then `pfsim run CONFIG --restart OUT.h5.part`, completes the run with
  the displacements of an uninterrupted run to 1e-8 (relative to the largest displacement), and
  every frame, those after the restart included, equal to the uninterrupted run's to 1e-12 (the
  prescribed ramp resumes where it was);
- SIGTERM ends the increment, keeps OUT.h5.part marked interrupted and exits 5; the restart from
  it completes too;
- --restart refuses a changed model (another material parameter) with exit 1.
"""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from pftest import *  # noqa: E402,F401,F403

d = workdir("restart")
os.chdir(d)
testmesh("box", "hex8", [12, 12, 6], [20, 20, 10, 0.1], "pad.inp")
CONFIG = """title: restart test
mesh: {file: pad.inp}
materials: {tissue: {model: neo_hookean, mu: %(mu)s, kappa: 1.0}}
regions: {block: tissue}
boundary:
  - {name: base, type: fixed, set: zmin}
  - {name: push, type: displacement, set: zmax, value: [0.5, 0, %(dz)s]}
analysis: {type: static_nonlinear, increments: 8}
output: {level: all}
"""
write("ok.yaml", CONFIG % {"mu": 0.1, "dz": -3.0})
write("changed.yaml", CONFIG % {"mu": 0.11, "dz": -3.0})
write("impossible.yaml", CONFIG % {"mu": 0.1, "dz": -14.0})


def clean(out):
    for f in (out, out + ".part", out + ".ckpt"):
        if os.path.exists(f):
            os.remove(f)


def status_of(path):
    with h5py.File(path, "r") as f:
        s = f.attrs["status"]
        s = s.decode() if isinstance(s, bytes) else s
        m = f.attrs.get("message", b"")
        m = m.decode() if isinstance(m, bytes) else m
        return s, m, len(f["steps"]) if "steps" in f else 0


def final_u(path):
    ids, u = displacement(path)
    return by_id(ids, u)[1]


# 1. The uninterrupted reference.
clean("ref.h5")
rc, out, err = pfsim("run", "ok.yaml", "-o", "ref.h5", "--threads", "1")
check(rc == 0, "uninterrupted run: exit 0 (got %d: %s)" % (rc, err.strip()[-300:]))
u_ref = final_u("ref.h5") if rc == 0 else None
n_ref = status_of("ref.h5")[2] if rc == 0 else 0
check(not os.path.exists("ref.h5.ckpt"), "a complete run leaves no checkpoint")

# 2. Impossible load: exit 2, the converged increments kept, marked failed.
clean("bad.h5")
rc, out, err = pfsim("run", "impossible.yaml", "-o", "bad.h5", "--threads", "1")
check(rc == 2, "impossible load: exit 2 (got %d)" % rc)
last = err.strip().splitlines()[-1] if err.strip() else ""
check("did not converge" in err, "impossible load: the message says it did not converge (%s)"
      % last)
check(not os.path.exists("bad.h5") and os.path.exists("bad.h5.part"),
      "impossible load: only bad.h5.part exists")
if os.path.exists("bad.h5.part"):
    s, m, n = status_of("bad.h5.part")
    check(s == "failed" and "converge" in m, "bad.h5.part is marked failed with the reason (%s: %s)"
          % (s, m))
    check(n >= 1, "bad.h5.part keeps the converged increments (%d frames)" % n)


def run_until(out, k, sig):
    """Starts the run and sends sig once increment k has converged (the progress log says so)."""
    clean(out)
    p = subprocess.Popen([PFSIM, "run", "ok.yaml", "-o", out, "--threads", "1"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    for line in p.stderr:
        lines.append(line)
        if "increment %d:" % k in line:
            p.send_signal(sig)
            break
    rest_out, rest_err = p.communicate()
    return p.returncode, "".join(lines) + rest_err


# 3. SIGKILL after increment 3, then restart.
rc, log = run_until("kill.h5", 3, signal.SIGKILL)
check(rc == -signal.SIGKILL, "killed by SIGKILL (rc %s)" % rc)
check(os.path.exists("kill.h5.part") and os.path.exists("kill.h5.ckpt"),
      "SIGKILL leaves kill.h5.part and kill.h5.ckpt")
if os.path.exists("kill.h5.part"):
    s, m, n = status_of("kill.h5.part")
    check(n >= 3, "the killed .part holds the %d converged increments" % n)
rc, out, err = pfsim("run", "changed.yaml", "--restart", "kill.h5.part", "--threads", "1")
check(rc == 1 and "changed" in err, "restart with a changed model refused: exit 1 (%d: %s)"
      % (rc, err.strip()[-200:]))
rc, out, err = pfsim("run", "ok.yaml", "--restart", "kill.h5.part", "--threads", "1")
check(rc == 0, "restart after SIGKILL: exit 0 (got %d: %s)" % (rc, err.strip()[-300:]))
if rc == 0 and u_ref is not None:
    u = final_u("kill.h5")
    diff = float(np.max(np.abs(u - u_ref)) / np.max(np.abs(u_ref)))
    check(diff <= 1e-8, "restart after SIGKILL matches the uninterrupted run: %.2e" % diff)
    s, m, n = status_of("kill.h5")
    check(s == "complete" and n == n_ref, "the restarted file is complete with every frame "
          "(%s, %d of %d)" % (s, n, n_ref))
    # the path, not only the end: every frame after the restart equals the uninterrupted run's
    # (the prescribed displacement resumes its ramp where it was, it does not restart it from
    # the state at the restart; the hyperelastic end state alone cannot show the path)
    worst = 0.0
    for k in range(min(n, n_ref)):
        a = by_id(*displacement("ref.h5", k))[1]
        b = by_id(*displacement("kill.h5", k))[1]
        worst = max(worst, float(np.max(np.abs(a - b)) / max(np.max(np.abs(a)), 1e-300)))
    check(worst <= 1e-12, "restart after SIGKILL: every frame equals the uninterrupted run's "
          "(largest relative difference %.2e)" % worst)

# 4. SIGTERM after increment 2: exit 5, interrupted, and the restart completes.
rc, log = run_until("term.h5", 2, signal.SIGTERM)
check(rc == 5, "SIGTERM: exit 5 (got %s)" % rc)
if os.path.exists("term.h5.part"):
    s, m, n = status_of("term.h5.part")
    check(s == "interrupted", "term.h5.part is marked interrupted (%s)" % s)
    rc, out, err = pfsim("run", "ok.yaml", "--restart", "term.h5.part", "--threads", "1")
    check(rc == 0, "restart after SIGTERM: exit 0 (got %d: %s)" % (rc, err.strip()[-300:]))
    if rc == 0 and u_ref is not None:
        diff = float(np.max(np.abs(final_u("term.h5") - u_ref)) / np.max(np.abs(u_ref)))
        check(diff <= 1e-8, "restart after SIGTERM matches the uninterrupted run: %.2e" % diff)
else:
    check(False, "SIGTERM leaves term.h5.part")

finish("nl_restart")
