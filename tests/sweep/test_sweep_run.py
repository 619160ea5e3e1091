"""pfsim sweep S.yaml run and status: the worker pool, resume, signals, retries (issue 6).

The model: a finite-strain neo-Hookean block (pf_testmesh, 8 x 8 x 4 hex8) pressed and sheared
in increments, about 0.5 s per case; a grid of 5 shear moduli x 2 pushes = 10 cases, run with -j 2.
Finite strain, so an interrupted or killed case has a checkpoint to continue from.

0. A clean sweep (-j 2, OMP_NUM_THREADS=1 exported as CI may): exit 0, every case done with one
   "complete" line in its attempts file, each worker with floor(cpus / 2) threads (not 1 from
   OMP_NUM_THREADS), the last progress line "sweep: 10 done, 0 failed, 0 remaining".
5. -j 1 (floor(cpus / 1) threads): every /summary value equal to the -j 2 sweep's to 1e-12 of its
   scale; with --reproducible -j 1 and -j 2 bit-identical.
1. SIGKILL to the whole process group part way: status counts as done exactly the cases with a
   complete NNNNN.h5 (no case with a .part is done); the rerun does not run those again and runs
   every other case exactly once (one "complete" line each, nothing else recorded, no .part or
   .ckpt left; a case completed in the instant of the kill may lack its line) and every /summary
   value equals the clean sweep's to 1e-8 of the largest value in its unit (a case continued from
   its checkpoint is not bit-identical: tests/nonlinear/test_restart.py's tolerance).
2. One case's .h5 deleted: the rerun runs that case alone (its attempts grow by one line, no
   other attempts file changes), to the same values.
3. SIGTERM to the parent alone (as SLURM's --signal=B:TERM with exec): exit 5; no case is left
   incomplete, the running cases are interrupted (their .part marked so, an "interrupted 5" line)
   or done; the rerun continues the interrupted ones from their checkpoint (one interrupted before
   its first increment converged has none and starts again) and completes them all.
   A worker killed by SIGKILL is recorded: its case fails with "worker died (signal 9)", run exits
   2, status names it, and the next run completes it.
4. A case that cannot converge (one Newton iteration, no cut-back) with retries: 1: run exits 2
   and records the failure; the second run tries it again (2 failures); the third does not
   (failed for good; the other cases are not run again either); status reports it with its
   reason; --retries 2 runs it once more.
6. Two runs at once on one sweep: both exit 0 and every case runs exactly once (the case locks).
7. A linear sweep (tet10 block) stopped by SIGTERM: exit 5, the stopped cases' .part marked
   interrupted without a checkpoint; the rerun starts them again from nothing and completes them;
   the tip displacement scales as 1/E over the cases.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import h5py

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from pftest import PFSIM, check, finish, pfsim, testmesh, workdir, write  # noqa: E402

shutil.rmtree(os.path.join(os.getcwd(), "sweep_run"), ignore_errors=True)  # a previous run's
d = workdir("sweep_run")
os.chdir(d)
testmesh("box", "hex8", [8, 8, 4], [20, 20, 10, 0.1], "pad.inp")
write("base.yaml", """title: sweep run test
mesh: {file: pad.inp}
materials: {tissue: {model: neo_hookean, mu: 0.1, kappa: 1.0}}
regions: {block: tissue}
boundary:
  - {name: base, type: fixed, set: zmin}
  - {name: push, type: displacement, set: zmax, value: [0.5, 0, -3.0]}
analysis: {type: static_nonlinear, increments: %(inc)d}
summary:
  - {name: top_ux, set: zmax, field: displacement, component: x, stat: mean}
""" % {"inc": 8})
SWEEP = """base: base.yaml
name: %(name)s
retries: 1
%(extra)sparameters:
  materials.tissue.mu: [0.08, 0.1, 0.12, 0.14, 0.16]
  boundary.push.value[2]: [-2.5, -3.0]
"""
N = 10
CPUS = len(os.sched_getaffinity(0))
ENV1 = {"OMP_NUM_THREADS": "1"}


def sweep(name, extra=""):
    path = write(name + ".yaml", SWEEP % {"name": name, "extra": extra})
    rc, out, err = pfsim("sweep", path, "plan")
    check(rc == 0, "%s: plan exit 0 (got %d: %s)" % (name, rc, err.strip()[-300:]))
    return path


def case(name, i, suffix=".h5"):
    return os.path.join(name, "cases", "%05d%s" % (i, suffix))


def attempts(name, n=N):
    out = []
    for i in range(n):
        p = case(name, i, ".attempts")
        out.append(open(p).read().splitlines() if os.path.exists(p) else [])
    return out


def attrs(path):
    with h5py.File(path, "r") as f:
        a = {k: f.attrs[k] for k in f.attrs}
        s = {k: float(v) for k, v in f["summary"].attrs.items()} if "summary" in f else {}
    return a, s


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def summaries(name, n=N):
    return [attrs(case(name, i))[1] if os.path.exists(case(name, i)) else None for i in range(n)]


def status(path):
    rc, out, err = pfsim("sweep", path, "status")
    counts = {}
    for k in ("done", "failed", "interrupted", "incomplete", "missing", "running"):
        m = re.search(r"^\s+%s\s+(\d+)" % k, out, re.M)
        counts[k] = int(m.group(1)) if m else -1
    return rc, out, counts


def last_progress(err):
    lines = [l for l in err.splitlines() if l.startswith("sweep: ")]
    return lines[-1] if lines else ""


def start(path, *args):
    """Starts a run in its own process group; returns the Popen."""
    return subprocess.Popen([PFSIM, "sweep", path, "run"] + list(args), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_for(name, n_done, n_part, limit=30.0):
    """Waits until n_done cases are complete and n_part .part files exist (or the limit)."""
    t = time.time()
    while time.time() - t < limit:
        done = sum(os.path.exists(case(name, i)) for i in range(N))
        parts = sum(os.path.exists(case(name, i, ".h5.part")) for i in range(N))
        if done >= n_done and parts >= n_part:
            return True
        time.sleep(0.02)
    return False


def close_to(a, b, scale, what):
    bad = [(i, k) for i in range(len(a)) for k in a[i]
           if a[i] is None or b[i] is None or abs(a[i][k] - b[i][k]) > 1e-8 * scale[k]]
    check(not bad, "%s: every /summary value equals the clean sweep's to 1e-8 (off: %s)"
          % (what, bad[:4]))


def one_complete_each(name, what):
    att = attempts(name)
    check(all(len(a) == 1 and a[0].startswith("complete 0 ") for a in att),
          "%s: every case has exactly one attempt, complete (%s)"
          % (what, [len(a) for a in att]))
    left = [f for f in os.listdir(os.path.join(name, "cases"))
            if f.endswith(".part") or f.endswith(".ckpt")]
    check(not left, "%s: no .part or .ckpt left (%s)" % (what, left[:4]))


# 0. The clean sweep, -j 2.
ref = sweep("ref")
t0 = time.time()
rc, out, err = pfsim("sweep", ref, "run", "-j", "2", env=ENV1)
t_j2 = time.time() - t0
check(rc == 0, "clean -j 2: exit 0 (got %d: %s)" % (rc, err.strip()[-300:]))
check(last_progress(err) == "sweep: 10 done, 0 failed, 0 remaining",
      "clean -j 2: the last progress line says 10 done (%s)" % last_progress(err))
one_complete_each("ref", "clean -j 2")
S_REF = summaries("ref")
check(all(s and len(s) >= 3 for s in S_REF), "clean -j 2: every case has its /summary")
threads = {int(attrs(case("ref", i))[0]["threads"]) for i in range(N)}
check(threads == {max(1, CPUS // 2)},
      "clean -j 2: each worker has floor(%d / 2) thread(s), whatever OMP_NUM_THREADS says (%s)"
      % (CPUS, threads))
rc, out, counts = status(ref)
check(rc == 0 and counts["done"] == N and counts["failed"] == 0 and counts["missing"] == 0,
      "clean -j 2: status says 10 done (%s)" % counts)
# The scale of a metric: the largest value of its unit over the sweep (a reaction near zero by
# symmetry is measured against the reaction forces, as test_restart.py measures displacements).
UNIT = {k: k.rsplit("_", 1)[-1] for k in S_REF[0]}
SCALE = {k: max(abs(s[j]) for s in S_REF for j in s if UNIT[j] == UNIT[k]) or 1.0 for k in UNIT}
print("clean sweep -j 2: %.2f s for %d cases on %d CPUs" % (t_j2, N, CPUS))

# 5. -j 1 (its factorisation on every CPU) equals -j 2 to round-off; with --reproducible (one BLAS
# thread in every worker) -j 1 and -j 2 are bit-identical.
j1 = sweep("j1")
t0 = time.time()
rc, out, err = pfsim("sweep", j1, "run", "-j", "1", env=ENV1)
print("clean sweep -j 1: %.2f s" % (time.time() - t0))
check(rc == 0, "-j 1: exit 0 (got %d)" % rc)
threads = {int(attrs(case("j1", i))[0]["threads"]) for i in range(N)}
check(threads == {CPUS}, "-j 1: the worker has all %d CPUs (%s)" % (CPUS, threads))
S_J1 = summaries("j1")
worst = max(abs(S_J1[i][k] - S_REF[i][k]) / SCALE[k] for i in range(N) for k in S_REF[i])
check(worst <= 1e-12, "-j 1 and -j 2: every /summary value equal to 1e-12 of its scale (%.1e)"
      % worst)
R = {}
for j in ("1", "2"):
    R[j] = sweep("repro-j" + j)
    rc, out, err = pfsim("sweep", R[j], "run", "-j", j, "--reproducible", env=ENV1)
    check(rc == 0, "--reproducible -j %s: exit 0 (got %d)" % (j, rc))
check(summaries("repro-j1") == summaries("repro-j2"),
      "--reproducible: -j 1 and -j 2 give every /summary value bit-identical")

# 1. SIGKILL to the whole process group part way, then rerun.
kl = sweep("kill")
p = start(kl, "-j", "2")
reached = wait_for("kill", 2, 1)
os.killpg(p.pid, signal.SIGKILL)
p.communicate()
check(reached, "kill: the sweep got part way (2 cases done, one running) before SIGKILL")
complete = [i for i in range(N) if os.path.exists(case("kill", i))]
parts = [i for i in range(N) if os.path.exists(case("kill", i, ".h5.part"))]
rc, out, counts = status(kl)
check(counts["done"] == len(complete) and counts["incomplete"] == len(parts) and
      counts["running"] == 0,
      "kill: status counts as done exactly the %d complete files, the %d .part as incomplete (%s)"
      % (len(complete), len(parts), counts))
check(not set(complete) & set(parts) and len(complete) < N,
      "kill: no case has both a result and a .part, and some are left (%s, %s)" % (complete, parts))
at_kill = attempts("kill")
rc, out, err = pfsim("sweep", kl, "run", "-j", "2")
check(rc == 0, "kill: the rerun exits 0 (got %d: %s)" % (rc, err.strip()[-300:]))
m = re.search(r"(\d+) done, \d+ failed for good, \d+ running elsewhere, (\d+) to run", err)
check(m and int(m.group(1)) == len(complete) and int(m.group(2)) == N - len(complete),
      "kill: the rerun skips the %d done cases and runs the other %d (%s)"
      % (len(complete), N - len(complete), m.group(0) if m else err[:200]))
# A case complete at the kill is not run again; its one attempt line may be missing when the
# kill fell between the result file's rename and the line's write. Every other case has one line.
att = attempts("kill")
check(all(att[i] == at_kill[i] and len(att[i]) <= 1 for i in complete) and
      all(a.startswith("complete 0 ") for i in complete for a in att[i]),
      "kill + rerun: the cases complete at the kill did not run again (%s)"
      % [len(att[i]) for i in complete])
check(all(len(att[i]) == 1 and att[i][0].startswith("complete 0 ")
          for i in range(N) if i not in complete),
      "kill + rerun: every other case has exactly one attempt, complete (%s)"
      % [len(a) for a in att])
# (a .ckpt may stay beside a result completed in the instant of the kill: pf_run removes it
# after the rename; it is harmless there)
left = [f for f in os.listdir(os.path.join("kill", "cases")) if f.endswith(".part") or
        (f.endswith(".ckpt") and int(f[:5]) not in complete)]
check(not left, "kill + rerun: no .part or .ckpt left (%s)" % left[:4])
rc, sout, counts = status(kl)
check(counts["done"] == N, "kill + rerun: status says 10 done (%s)" % counts)
restarted = [i for i in parts if "continued from its checkpoint" in open(case("kill", i, ".log")).read()]
print("kill: %d cases done before the kill, %s incomplete, %s continued from a checkpoint"
      % (len(complete), parts, restarted))
close_to(summaries("kill"), S_REF, SCALE, "kill + rerun")

# 2. A deleted result is recomputed alone.
before = attempts("kill")
os.remove(case("kill", 9))
rc, out, err = pfsim("sweep", kl, "run", "-j", "2")
after = attempts("kill")
check(rc == 0, "delete: the rerun exits 0 (got %d)" % rc)
check(len(after[9]) == len(before[9]) + 1 and after[9][-1].startswith("complete 0 "),
      "delete: case 9 ran once more (%d -> %d attempts)" % (len(before[9]), len(after[9])))
check(all(after[i] == before[i] for i in range(N) if i != 9), "delete: no other case ran")
close_to(summaries("kill"), S_REF, SCALE, "delete + rerun")

# 3. SIGTERM to the parent: the running cases stop as interrupted; the rerun continues them.
tm = sweep("term")
p = start(tm, "-j", "2")
reached = wait_for("term", 1, 2)
p.send_signal(signal.SIGTERM)
out, err = p.communicate()
check(reached, "term: the sweep got part way (1 case done, two running) before SIGTERM")
check(p.returncode == 5, "term: exit 5 (got %d: %s)" % (p.returncode, err.strip()[-200:]))
rc, sout, counts = status(tm)
check(counts["incomplete"] == 0 and counts["failed"] == 0 and counts["running"] == 0,
      "term: nothing incomplete, failed or running after SIGTERM (%s)" % counts)
check(counts["done"] + counts["interrupted"] + counts["missing"] == N and counts["missing"] > 0,
      "term: every case is done, interrupted or not started (%s)" % counts)
inter = [i for i in range(N) if os.path.exists(case("term", i, ".h5.part"))]
st = [text(attrs(case("term", i, ".h5.part"))[0]["status"]) for i in inter]
check(len(inter) == counts["interrupted"] and all(s == "interrupted" for s in st),
      "term: the interrupted cases' .part files say interrupted (%s: %s)" % (inter, st))
with_ckpt = [i for i in inter if os.path.exists(case("term", i, ".h5.ckpt"))]
att = attempts("term")
check(all(att[i] and att[i][-1].startswith("interrupted 5 ") for i in inter),
      "term: each interrupted case has an 'interrupted 5' attempt line")
print("term: %d done, %d interrupted (%s)" % (counts["done"], counts["interrupted"], inter))
check(counts["interrupted"] >= 1 or counts["done"] >= 2,
      "term: the cases running at SIGTERM ended interrupted or done")
rc, out, err = pfsim("sweep", tm, "run", "-j", "2")
check(rc == 0, "term: the rerun exits 0 (got %d: %s)" % (rc, err.strip()[-300:]))
cont = [i for i in inter if "continued from its checkpoint" in open(case("term", i, ".log")).read()]
check(cont == with_ckpt, "term: the rerun continued the interrupted cases that have a checkpoint "
      "from it, the others from the start (%s of %s; with a checkpoint %s)"
      % (cont, inter, with_ckpt))
close_to(summaries("term"), S_REF, SCALE, "term + rerun")

# 3b. A worker that dies: its case fails with the signal, the next run completes it.
for i in (6, 7, 8, 9):
    os.remove(case("term", i))
p = start(tm, "-j", "2")
reached = wait_for("term", 0, 1)
kids = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split()
victim = None
for k in kids:
    try:
        os.kill(int(k), signal.SIGKILL)
        victim = k
        break
    except ProcessLookupError:
        pass
out, err = p.communicate()
check(reached and victim, "crash: a worker was killed while it ran a case")
check(p.returncode == 2, "crash: run exits 2 (got %d: %s)" % (p.returncode, err.strip()[-200:]))
died = [i for i, a in enumerate(attempts("term")) if a and "worker died (signal 9)" in a[-1]]
check(len(died) == 1, "crash: one case records 'worker died (signal 9)' (%s)" % died)
rc, sout, counts = status(tm)
check(counts["failed"] == 1 and "worker died (signal 9)" in sout,
      "crash: status shows the case failed with the reason (%s)" % counts)
rc, out, err = pfsim("sweep", tm, "run", "-j", "2")
check(rc == 0, "crash: the next run completes it (exit %d)" % rc)
close_to(summaries("term"), S_REF, SCALE, "crash + rerun")

# 4. A case that fails: retried up to the limit (retries: 1), then failed for good.
write("fail.yaml", """base: base.yaml
name: fail
sampling: zip
retries: 1
set: [analysis.max_cutbacks=0]
parameters:
  solver.newton_iterations: [25, 1, 25]
""")
rc, out, err = pfsim("sweep", "fail.yaml", "plan")
check(rc == 0, "fail: plan exit 0 (got %d: %s)" % (rc, err.strip()[-300:]))
history = []
for k in range(3):
    rc, out, err = pfsim("sweep", "fail.yaml", "run", "-j", "2")
    check(rc == 2, "fail: run %d exits 2 (got %d)" % (k + 1, rc))
    history.append([len(a) for a in attempts("fail", 3)])
check(history == [[1, 1, 1], [1, 2, 1], [1, 2, 1]],
      "fail: the failing case runs twice (1 + 1 retry), then never; the others once (%s)"
      % history)
a1 = attempts("fail", 3)[1]
check(all(l.startswith("failed 2 ") and "did not converge" in l for l in a1),
      "fail: its attempts say failed, exit 2, did not converge (%s)" % a1[-1:])
rc, sout, counts = status("fail.yaml")
check(rc == 0 and counts["done"] == 2 and counts["failed"] == 1, "fail: status 2 done, 1 failed")
check(re.search(r"case 1 \(2 attempts, failed for good\): .*did not converge", sout) is not None,
      "fail: status names case 1, failed for good, with its reason:\n" + sout)
rc, out, err = pfsim("sweep", "fail.yaml", "run", "--retries", "2")
check(rc == 2 and len(attempts("fail", 3)[1]) == 3, "fail: --retries 2 runs it once more")

# 6. Two runs on one sweep at once (two machines on a shared folder): each case runs once, and
# both end when the whole sweep is done (the second waits for the cases the first holds).
pr = sweep("pair")
p = start(pr, "-j", "1", "--reproducible")
rc, out, err = pfsim("sweep", pr, "run", "-j", "1", "--reproducible")
out1, err1 = p.communicate()
check(rc == 0 and p.returncode == 0, "pair: both runs exit 0 (%d, %d: %s)"
      % (p.returncode, rc, (err1 + err).strip()[-300:]))
att = attempts("pair")
check(all(len(a) == 1 and a[0].startswith("complete 0 ") for a in att),
      "pair: every case ran exactly once (%s)" % [len(a) for a in att])
check(summaries("pair") == summaries("repro-j2"),
      "pair: the same /summary values as the --reproducible -j 2 sweep, bit for bit")

# 7. A linear case is one solve: SIGTERM stops it at the next safe point (after the symbolic
# analysis or after the factorisation), its .part is marked interrupted with no checkpoint, and
# the next run starts it again from nothing (pfsim run --restart refuses a linear run).
testmesh("box", "tet10", [10, 10, 10], [10, 10, 10, 0.0], "lin.inp")
write("lin.yaml", """title: linear block
mesh: {file: lin.inp}
materials: {m: {model: linear_elastic, E: 7300, nu: 0.3}}
regions: {block: m}
loads: [{name: P, type: surface_force, surface: xmax, value: [0, 0, -10]}]
boundary: [{name: clamp, type: fixed, set: xmin}]
summary:
  - {name: tip_uz, set: xmax, field: displacement, component: z, stat: mean}
""")
write("linear.yaml", """base: lin.yaml
name: linear
sampling: zip
parameters:
  materials.m.E: [6000, 7000, 8000, 9000]
""")
rc, out, err = pfsim("sweep", "linear.yaml", "plan")
check(rc == 0, "linear: plan exit 0 (got %d: %s)" % (rc, err.strip()[-300:]))
p = start("linear.yaml", "-j", "2")
t = time.time()
while time.time() - t < 20 and sum(os.path.exists(case("linear", i, ".h5.part"))
                                   for i in range(4)) < 2:
    time.sleep(0.01)
p.send_signal(signal.SIGTERM)
out, err = p.communicate()
check(p.returncode == 5, "linear: SIGTERM gives exit 5 (got %d)" % p.returncode)
inter = [i for i in range(4) if os.path.exists(case("linear", i, ".h5.part"))]
st = [text(attrs(case("linear", i, ".h5.part"))[0]["status"]) for i in inter]
ck = [i for i in range(4) if os.path.exists(case("linear", i, ".h5.ckpt"))]
check(all(s == "interrupted" for s in st) and not ck,
      "linear: the stopped cases' .part say interrupted, and there is no checkpoint (%s: %s, %s)"
      % (inter, st, ck))
print("linear: %d case(s) interrupted by SIGTERM: %s" % (len(inter), inter))
rc, out, err = pfsim("sweep", "linear.yaml", "run", "-j", "2")
check(rc == 0, "linear: the rerun exits 0 (got %d: %s)" % (rc, err.strip()[-300:]))
att = attempts("linear", 4)
again = [i for i in inter if "continued" not in open(case("linear", i, ".log")).read() and
         [a.split()[0] for a in att[i]] == ["interrupted", "complete"]]
check(again == inter, "linear: each interrupted case ran again from the start, then completed (%s)"
      % again)
E = [6000, 7000, 8000, 9000]
uz = [s["tip_uz"] for s in summaries("linear", 4)]
check(all(abs(uz[i] * E[i] / (uz[0] * E[0]) - 1) < 1e-9 for i in range(4)),
      "linear: tip_uz scales as 1/E across the cases (linear elasticity), to 1e-9")

finish("sweep_run")
