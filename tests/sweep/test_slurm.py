"""pfsim sweep S.yaml slurm (docs/sweeps.md "SLURM").

  test_slurm.py script    (label fast) the job scripts without a cluster: the #SBATCH lines, the
                          --mem rule, the chunking (every case in exactly one task, MaxArraySize),
                          bash syntax, and --submit against stand-in sbatch commands (a refusal,
                          no sbatch on PATH, the collect job's afterany dependency).
  test_slurm.py cluster   (label slurm) a private single-node SLURM started here
                          (slurm_cluster.py): a sweep submitted with --submit runs to the end and
                          its collect job follows; a task requeued part way (as a preemption
                          does: TERM to the job, then pending again) completes the rest, every
                          case done exactly once. Exits 77 (ctest: skipped, never passed) when SLURM
                          cannot start here; scripts/test fails on that skip in CI.
"""
import csv
import glob
import math
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pftest import PFSIM, SOURCE, check, finish, pfsim, testmesh, workdir, write  # noqa: E402

SKIP = 77
TRUSS = os.path.abspath(os.path.join(SOURCE, "configs", "arch-truss.yaml"))
# configs/arch-truss.yaml: fascia tension T = W l1 l2 / (h L) = 341.1 N for W = 350 N (statically
# determinate, so independent of E), on the fascia's area 87.3 mm^2
TENSION_PER_N = 341.1 / 350.0
FASCIA_AREA = 87.3


# a linear block (pf_testmesh box hex8), clamped at x = 0, loaded at x = L: about a second a
# case at 18^3 elements; its tip displacement is proportional to 1 / E
BLOCK = """title: block for the SLURM tests
mesh: {file: %s}
materials: {m: {model: linear_elastic, E: 7300, nu: 0.3}}
regions: {block: m}
loads: [{name: P, type: surface_force, surface: xmax, value: [0, 0, -10]}]
boundary: [{name: clamp, type: fixed, set: xmin}]
summary:
  - {name: tip_uz, set: xmax, field: displacement, component: z, stat: mean}
"""
BLOCK_SWEEP = """base: blk.yaml
name: %s
sampling: grid
parameters:
  materials.m.E: [5000, 6000, 7000, 8000, 9000, 10000]
"""


def truss_sweep(d, name, e_values, w_values):
    return write(os.path.join(d, name + ".yaml"), """base: %s
name: %s
sampling: grid
parameters:
  materials.fascia.E: [%s]
  loads.W.value[2]: [%s]
""" % (TRUSS, name, ", ".join(map(str, e_values)), ", ".join(map(str, w_values))))


def sbatch_lines(path):
    """{option: value} of a script's #SBATCH lines (value None for a flag)."""
    opts = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"#SBATCH\s+--([a-z-]+)(?:=(\S+))?", line)
            if m:
                opts[m.group(1)] = m.group(2)
    return opts


def task_ranges(script, n_tasks, pfsim_exe):
    """The --cases range each array task runs: the script with its exec turned into echo, run by
    bash with SLURM_ARRAY_TASK_ID set (the arithmetic the cluster runs)."""
    text = open(script).read()
    check(text.count("exec ") == 1, "sweep.sbatch has exactly one exec (of pfsim)")
    body = text.replace("exec ", "echo ", 1)
    ranges = []
    for t in range(n_tasks):
        env = dict(os.environ, SLURM_ARRAY_TASK_ID=str(t), SLURM_CPUS_PER_TASK="2")
        r = subprocess.run(["bash", "-c", body], capture_output=True, text=True, env=env)
        m = re.search(r"run --out \S+ --cases (\d+)-(\d+) -j (\d+) --threads (\d+)", r.stdout)
        if r.returncode != 0 or not m or pfsim_exe not in r.stdout:
            check(False, "task %d's command line: %s %s" % (t, r.stdout, r.stderr))
            return None
        ranges.append((int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4))))
    return ranges


def check_partition(ranges, n_cases, what):
    seen = []
    for a, b, _, _ in ranges:
        seen.extend(range(a, b + 1))
    check(sorted(seen) == list(range(n_cases)),
          "%s: the tasks' ranges cover cases 0-%d exactly once" % (what, n_cases - 1))


def plan_peak_mib(out):
    """The plan's per-case memory estimate (MiB) from its report line 'memory: X MiB per case'."""
    m = re.search(r"memory:\s+([\d.]+) (KiB|MiB|GiB) per case", out)
    if not m:
        return None
    return float(m.group(1)) * {"KiB": 1 / 1024.0, "MiB": 1.0, "GiB": 1024.0}[m.group(2)]


# ------------------------------------------------------------------------------------------------
def test_script():
    d = workdir("slurm_script")
    s = truss_sweep(d, "sc", [300, 350, 400], [-300, -350])
    rc, out, err = pfsim("sweep", s, "plan")
    check(rc == 0, "plan of 6 truss cases (rc %d %s)" % (rc, err.strip()))
    peak = plan_peak_mib(out)
    check(peak is not None and peak > 0, "the plan prints a memory estimate (%s MiB)" % peak)
    res = os.path.join(d, "sc")
    script = os.path.join(res, "slurm", "sweep.sbatch")
    collect = os.path.join(res, "slurm", "collect.sbatch")

    # automatic chunking: tiny cases (a guess of 2 s each) are packed, never one per task
    rc, out, err = pfsim("sweep", s, "slurm", "--cpus", "2", "--partition", "debug", "--time",
                         "30")
    check(rc == 0, "slurm writes the scripts (rc %d %s)" % (rc, err.strip()))
    o = sbatch_lines(script)
    check(o.get("array") == "0-0", "6 tiny cases: one task (--array=%s)" % o.get("array"))
    check(o.get("cpus-per-task") == "2", "--cpus-per-task=2")
    check(o.get("time") == "30", "--time as given (%s)" % o.get("time"))
    check(o.get("partition") == "debug", "--partition as given")
    check("requeue" in o and o.get("signal") == "B:TERM@120", "--requeue and --signal=B:TERM@120")
    check(o.get("output", "").startswith(os.path.join(res, "slurm") + "/") and
          o.get("error", "").startswith(os.path.join(res, "slurm") + "/"),
          "--output and --error in NAME/slurm/")
    check(o.get("job-name") == "pfsim-sc", "--job-name=pfsim-sc (%s)" % o.get("job-name"))
    # --mem = W x 1.5 x peak + 256 MiB, up to a multiple of 256; W = 2 one-thread workers on a
    # small model. The plan's peak and slurm's come from two processes: allow 20% either way.
    m = re.match(r"(\d+)M$", o.get("mem", ""))
    ranges = task_ranges(script, 1, PFSIM)
    w = ranges[0][2] if ranges else 0
    check(w == 2 and ranges[0][3] == 2, "a small model: 2 one-thread workers (-j %d)" % w)
    if m and peak:
        mem = int(m.group(1))
        lo = math.ceil((w * 1.5 * peak * 0.8 + 256) / 256) * 256
        hi = math.ceil((w * 1.5 * peak * 1.2 + 256) / 256) * 256
        check(lo <= mem <= hi and mem % 256 == 0,
              "--mem=%dM from %d x 1.5 x %.1f MiB + 256 MiB (expected %d-%d)" % (mem, w, peak, lo,
                                                                                 hi))
    else:
        check(False, "--mem in MiB (%s)" % o.get("mem"))
    text = open(script).read()
    check('export OMP_NUM_THREADS="${SLURM_CPUS_PER_TASK' in text and
          "OMP_WAIT_POLICY=passive" in text, "OMP_NUM_THREADS from SLURM_CPUS_PER_TASK, passive")
    for f in (script, collect):
        r = subprocess.run(["bash", "-n", f], capture_output=True, text=True)
        check(r.returncode == 0, "%s: bash -n (%s)" % (os.path.basename(f), r.stderr.strip()))
    c = open(collect).read()
    check(re.search(r"sweep \S+ collect --out", c) is not None and " status " in c,
          "collect.sbatch runs status and collect")
    check(sbatch_lines(collect).get("partition") == "debug", "collect.sbatch: --partition")

    # no --partition: no partition line; no --time: the rule's minimum of 10 min
    rc, out, err = pfsim("sweep", s, "slurm")
    o = sbatch_lines(script)
    check(rc == 0 and "partition" not in o and "partition" not in sbatch_lines(collect),
          "without --partition: the cluster's default (no #SBATCH --partition)")
    check(o.get("time") == "00:10:00", "default --time: 10 min for tiny cases (%s)" % o.get("time"))

    # --cases-per-task: 6 cases in tasks of 4 -> 0-3, 4-5
    rc, out, err = pfsim("sweep", s, "slurm", "--cases-per-task", "4", "-j", "1", "--cpus", "2")
    check(rc == 0, "slurm --cases-per-task 4 -j 1 (rc %d %s)" % (rc, err.strip()))
    o = sbatch_lines(script)
    check(o.get("array") == "0-1", "6 cases in tasks of 4: 2 tasks (--array=%s)" % o.get("array"))
    ranges = task_ranges(script, 2, PFSIM)
    if ranges:
        check([(a, b) for a, b, _, _ in ranges] == [(0, 3), (4, 5)],
              "task ranges 0-3 and 4-5 (%s)" % ranges)
        check(all(r[2] == 1 and r[3] == 2 for r in ranges), "-j 1 with 2 threads")

    # MaxArraySize: 2500 cases, one per task asked -> at most 1000 tasks (Slurm's default 1001)
    big = write(os.path.join(d, "big.yaml"), """base: %s
name: big
sampling: grid
parameters:
  materials.fascia.E: {range: [300, 400], count: 50}
  loads.W.value[2]: {range: [-400, -300], count: 50}
""" % TRUSS)
    rc, out, err = pfsim("sweep", big, "plan", timeout=300)
    check(rc == 0, "plan of 2500 cases (rc %d %s)" % (rc, err.strip()[-300:]))
    # no scontrol on PATH: Slurm's default MaxArraySize
    rc, out, err = pfsim("sweep", big, "slurm", "--cases-per-task", "1",
                         env={"PATH": "/nonexistent"})
    ob = sbatch_lines(os.path.join(d, "big", "slurm", "sweep.sbatch"))
    check(rc == 0 and ob.get("array") == "0-833",
          "2500 cases with MaxArraySize 1001: 834 tasks of 3 (--array=%s)" % ob.get("array"))
    r = task_ranges(os.path.join(d, "big", "slurm", "sweep.sbatch"), 834, PFSIM)
    if r:
        check_partition(r, 2500, "2500 cases in 834 tasks")

    # --mem on a model whose peak is well above the 256 MiB rounding: a block of 18^3 hex8 (about
    # 150 MiB per case), 4 workers -> 4 x 1.5 x peak + 256 MiB
    mesh = testmesh("box", "hex8", [18, 18, 18], [100, 100, 100, 0], os.path.join(d, "blk.inp"))
    write(os.path.join(d, "blk.yaml"), BLOCK % os.path.basename(mesh))
    sb = write(os.path.join(d, "sbm.yaml"), BLOCK_SWEEP % "sbm")
    rc, out, err = pfsim("sweep", sb, "plan")
    peak = plan_peak_mib(out)
    check(rc == 0 and peak and peak > 50, "plan of the block sweep (%s MiB per case)" % peak)
    rc, out, err = pfsim("sweep", sb, "slurm", "--cpus", "4", "-j", "4")
    mb = re.match(r"(\d+)M$", sbatch_lines(os.path.join(d, "sbm", "slurm", "sweep.sbatch"))
                  .get("mem", ""))
    if rc == 0 and mb and peak:
        mem = int(mb.group(1))
        lo = math.ceil((4 * 1.5 * peak * 0.8 + 256) / 256) * 256
        hi = math.ceil((4 * 1.5 * peak * 1.2 + 256) / 256) * 256
        check(lo <= mem <= hi and mem % 256 == 0,
              "block, -j 4: --mem=%dM from 4 x 1.5 x %.1f MiB + 256 MiB (expected %d-%d)"
              % (mem, peak, lo, hi))
    else:
        check(False, "block, -j 4: slurm writes --mem (rc %d %s)" % (rc, err.strip()))

    # a controller that does not answer (scontrol retries for about a minute with a bad
    # SLURM_CONF): given up after 10 s, MaxArraySize then assumed to be Slurm's default
    if shutil.which("scontrol"):
        t = time.time()
        rc, out, err = pfsim("sweep", s, "slurm", env={"SLURM_CONF": "/nonexistent/slurm.conf"})
        check(rc == 0 and time.time() - t < 30,
              "scontrol hanging: given up, slurm done in %.1f s (< 30)" % (time.time() - t))

    # --submit: no sbatch on PATH
    rc, out, err = pfsim("sweep", s, "slurm", "--submit", env={"PATH": "/nonexistent"})
    check(rc == 1 and "sbatch is not on PATH" in err,
          "--submit without sbatch: exit 1, says so (rc %d: %s)" % (rc, err.strip()))
    # --submit: stand-in sbatch commands (a refusal; then ids 101 and 102 with the arguments kept)
    fake = os.path.join(d, "fakebin")
    os.makedirs(fake, exist_ok=True)
    log = os.path.join(d, "sbatch.log")
    write(os.path.join(fake, "sbatch"), """#!/bin/bash
echo "$*" >> %s
if [ -n "$FAKE_SBATCH_REFUSE" ]; then
  echo "sbatch: error: Batch job submission failed: Invalid partition name specified" >&2
  exit 1
fi
n=$(wc -l < %s)
echo "$((100 + n));cluster"
""" % (log, log))
    os.chmod(os.path.join(fake, "sbatch"), 0o755)
    path = fake + ":" + os.environ.get("PATH", "")
    rc, out, err = pfsim("sweep", s, "slurm", "--submit", "--partition", "nope",
                         env={"PATH": path, "FAKE_SBATCH_REFUSE": "1"})
    check(rc != 0 and "Invalid partition name specified" in err and "array job" not in out,
          "sbatch refusing: non-zero exit with sbatch's message (rc %d: %s)" % (rc, err.strip()))
    if os.path.exists(log):
        os.remove(log)
    rc, out, err = pfsim("sweep", s, "slurm", "--submit", env={"PATH": path})
    calls = open(log).read().splitlines() if os.path.exists(log) else []
    check(rc == 0 and "array job: 101" in out and "collect job: 102" in out,
          "--submit prints both job ids (%s)" % out.strip().splitlines()[-2:])
    check(len(calls) == 2 and calls[0] == "--parsable " + script and
          calls[1] == "--parsable --dependency=afterany:101 " + collect,
          "sbatch calls: the array, then collect with afterany:101 (%s)" % calls)

    # bad options
    rc, out, err = pfsim("sweep", s, "slurm", "--time", "1:2:3:4")
    check(rc == 1 and "--time" in err, "a bad --time is refused (%s)" % err.strip())
    rc, out, err = pfsim("sweep", s, "slurm", "--partition", "a b")
    check(rc == 1 and "--partition" in err, "a bad --partition is refused (%s)" % err.strip())
    finish("sweep_slurm_script")


# ------------------------------------------------------------------------------------------------
def case_status(path):
    import h5py
    try:
        with h5py.File(path, "r") as f:
            s = f.attrs.get("status")
            return s.decode() if isinstance(s, bytes) else str(s)
    except OSError:
        return None


def attempts(res, i, width=5):
    p = os.path.join(res, "cases", "%0*d.attempts" % (width, i))
    try:
        return [line.split() for line in open(p).read().splitlines() if line.strip()]
    except OSError:
        return []


def completes(res, i):
    return sum(1 for a in attempts(res, i) if a and a[0] in ("complete", "done"))


def read_summary(res):
    with open(os.path.join(res, "summary.csv")) as f:
        return list(csv.DictReader(f))


def submit(c, sweep, *args):
    r = subprocess.run([PFSIM, "sweep", sweep, "slurm", "--submit"] + list(args),
                       capture_output=True, text=True, env=c.env(), timeout=120)
    ids = dict(re.findall(r"^(array|collect) job: (\d+)", r.stdout, re.M))
    check(r.returncode == 0 and "array" in ids and "collect" in ids,
          "slurm --submit %s: both jobs submitted (rc %d %s %s)" % (" ".join(args), r.returncode,
                                                                   r.stdout, r.stderr))
    return ids.get("array"), ids.get("collect")


def jobcomp(c):
    """[{key: value}] of the jobcomp file (one line per finished job or array task)."""
    out = []
    for line in c.jobcomp_lines():
        out.append(dict(kv.split("=", 1) for kv in line.split() if "=" in kv))
    return out


def job_env_processes(job_id):
    """(pid, comm) of the processes whose environment says SLURM_JOB_ID=job_id: the batch script
    and what it started."""
    found = []
    key = ("SLURM_JOB_ID=%s" % job_id).encode()
    for p in glob.glob("/proc/[0-9]*"):
        try:
            env = open(p + "/environ", "rb").read().split(b"\0")
            if key in env:
                found.append((int(os.path.basename(p)), open(p + "/comm").read().strip()))
        except OSError:
            pass
    return found


def task_job_id(c, array, task):
    r = c.run(["scontrol", "-o", "show", "job", "%s_%d" % (array, task)])
    m = re.search(r"\bJobId=(\d+)", r.stdout)
    return m.group(1) if m else None


def test_cluster():
    from slurm_cluster import Cluster, Unavailable
    d = workdir("slurm_cluster")
    for p in glob.glob(os.path.join(d, "*")):
        shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    # sweep A: 6 truss cases in 3 tasks; sweep B: 6 cases of a block that takes about a second
    a = truss_sweep(d, "sa", [300, 350, 400], [-300, -350])
    mesh = testmesh("box", "hex8", [18, 18, 18], [100, 100, 100, 0], os.path.join(d, "blk.inp"))
    write(os.path.join(d, "blk.yaml"), BLOCK % os.path.basename(mesh))
    b = write(os.path.join(d, "sb.yaml"), BLOCK_SWEEP % "sb")
    for s in (a, b):
        rc, out, err = pfsim("sweep", s, "plan")
        check(rc == 0, "plan %s (rc %d %s)" % (os.path.basename(s), rc, err.strip()))
    t0 = time.time()
    try:
        cluster = Cluster(os.path.join(d, "cluster")).start()
    except Unavailable as e:
        print("sweep_slurm: SKIPPED: SLURM cannot start here: %s" % e)
        sys.exit(SKIP)
    try:
        print("cluster up in %.1f s (%d cpus, %d MiB)" % (time.time() - t0, cluster.cpus,
                                                         cluster.memory_mb))
        run_sweep_a(cluster, d, a)
        run_sweep_b(cluster, d, b)
    except Exception as e:  # a crash is a failure, reported with the daemons' logs
        check(False, "no exception (%r)" % e)
        print(cluster.logs())
        raise
    finally:
        cluster.stop()
    print("sweep_slurm: %.1f s" % (time.time() - t0))
    finish("sweep_slurm")


def run_sweep_a(c, d, sweep):
    res = os.path.join(d, "sa")
    array, coll = submit(c, sweep, "--cases-per-task", "2", "-j", "1")
    if not array:
        return
    ok = c.wait_jobs([array, coll], 90)
    check(ok, "sweep A: the array and the collect job ended within 90 s")
    comp = jobcomp(c)
    tasks = [j for j in comp if j.get("ArrayJobId") == array]
    check(len(tasks) == 3 and all(j["JobState"] == "COMPLETED" and j["ExitCode"] == "0:0"
                                  for j in tasks),
          "sweep A: 3 array tasks completed with exit 0 (%s)"
          % [(j.get("ArrayTaskId"), j.get("JobState"), j.get("ExitCode")) for j in tasks])
    col = [j for j in comp if j.get("JobId") == coll]
    check(len(col) == 1 and col[0]["JobState"] == "COMPLETED", "sweep A: collect job completed")
    if col and tasks:
        check(col[0]["StartTime"] >= max(j["EndTime"] for j in tasks),
              "sweep A: collect started after the last task ended (afterany)")
    for i in range(6):
        st = case_status(os.path.join(res, "cases", "%05d.h5" % i))
        check(st == "complete" and completes(res, i) == 1,
              "sweep A: case %d complete, one complete attempt (%s, %s)" % (i, st,
                                                                         attempts(res, i)))
    rows = read_summary(res) if os.path.exists(os.path.join(res, "summary.csv")) else []
    check(len(rows) == 6, "sweep A: summary.csv has 6 rows (%d)" % len(rows))
    for r in rows:
        try:
            w = -float(r["loads.W.value[2]"])
            e = float(r["materials.fascia.E"])
            stress = float(r["fascia_stress_MPa"])
            strain = float(r["fascia_strain"])
        except (KeyError, ValueError) as ex:
            check(False, "sweep A: summary row %s readable (%r)" % (r, ex))
            continue
        want = w * TENSION_PER_N / FASCIA_AREA
        check(r.get("status") in ("done", "complete") and abs(stress - want) < 1e-3 * want
              and abs(strain * e - stress) < 1e-9 * stress,
              "sweep A: case %s: stress %.6g = T/A %.6g (closed form), strain x E = stress"
              % (r.get("case"), stress, want))
    for t in range(3):
        out = glob.glob(os.path.join(res, "slurm", "sweep-%s_%d.out" % (array, t)))
        check(len(out) == 1, "sweep A: task %d's output in NAME/slurm/" % t)


def run_sweep_b(c, d, sweep):
    """Requeue part way: task 0 (cases 0-2) is requeued after its first case is done, as a
    preemption does (TERM to the job's processes, pending again); the rerun finishes the rest."""
    res = os.path.join(d, "sb")
    t_submit = time.time()
    array, coll = submit(c, sweep, "--cases-per-task", "3", "-j", "1")
    if not array:
        return
    end = time.time() + 60
    while time.time() < end and completes(res, 0) == 0:
        time.sleep(0.05)
    t_requeue = time.time()
    check(completes(res, 0) == 1, "sweep B: case 0 done while task 0 runs")
    states = c.job_state("%s_0" % array)
    job0 = task_job_id(c, array, 0)
    procs = job_env_processes(job0) if job0 else []
    check(states == ["RUNNING"] and completes(res, 2) == 0,
          "sweep B: task 0 still running when requeued (%s; case 2 not done)" % states)
    # exec: the batch script itself is pfsim (its workers too); no shell stands between the
    # signal and pfsim
    comm_pfsim = os.path.basename(PFSIM)[:15]  # /proc/PID/comm keeps 15 characters
    check(procs and all(comm == comm_pfsim for _, comm in procs),
          "sweep B: task 0's processes are all pfsim, the batch shell exec'd (%s)" % procs)
    r = c.run(["scontrol", "requeue", "%s_0" % array])
    check(r.returncode == 0, "sweep B: scontrol requeue %s_0 (%s)" % (array, r.stderr.strip()))
    # Slurm holds a requeued job back 120 s (BeginTime); the test lifts the hold, but only once
    # the first run has ended (pending again, none of its processes left) and 2 s later: slurmd
    # revokes the job's credential at the kill, in whole seconds, and refuses a relaunch of the
    # same job id within that second (the launch fails with exit 1 and nothing run)
    end = time.time() + 60
    while time.time() < end:
        st = c.job_state("%s_0" % array)
        if st == ["PENDING"] and not job_env_processes(job0):
            break
        time.sleep(0.2)
    check(st == ["PENDING"] and not job_env_processes(job0),
          "sweep B: task 0 pending again after the requeue, its processes gone (%s)" % st)
    time.sleep(2.0)
    r = c.run(["scontrol", "update", "JobId=%s_0" % array, "StartTime=now"])
    check(r.returncode == 0, "sweep B: requeue hold lifted (%s)" % r.stderr.strip())
    ok = c.wait_jobs([array, coll], 90)
    check(ok, "sweep B: the array (with the requeued task) and the collect job ended")
    h0 = os.path.join(res, "cases", "00000.h5")
    check(os.path.exists(h0) and os.path.getmtime(h0) < t_requeue and len(attempts(res, 0)) == 1,
          "sweep B: case 0, done before the requeue, was not run again (%s)" % attempts(res, 0))
    for i in range(6):
        st = case_status(os.path.join(res, "cases", "%05d.h5" % i))
        check(st == "complete" and completes(res, i) == 1,
              "sweep B: case %d complete, done exactly once (%s)" % (i, attempts(res, i)))
    print("sweep B: requeued %.1f s after submission; attempts of task 0's cases: %s"
          % (t_requeue - t_submit, [attempts(res, i) for i in range(3)]))
    out0 = "".join(open(p).read() for p in glob.glob(os.path.join(res, "slurm",
                                                                   "sweep-%s_0.out" % array)))
    check("(restart 0)" in out0 and "(restart 1)" in out0,
          "sweep B: task 0 ran twice (restart 0 and 1 in its output, appended)")
    comp = jobcomp(c)
    col = [j for j in comp if j.get("JobId") == coll]
    t0 = [j for j in comp if j.get("ArrayJobId") == array and j.get("ArrayTaskId") == "0"
          and j.get("JobState") == "COMPLETED"]
    check(len(col) == 1 and col[0]["JobState"] == "COMPLETED" and t0 and
          col[0]["StartTime"] >= t0[-1]["EndTime"],
          "sweep B: collect ran after the requeued task completed")
    rows = read_summary(res) if os.path.exists(os.path.join(res, "summary.csv")) else []
    check(len(rows) == 6 and all(r.get("status") in ("done", "complete") for r in rows),
          "sweep B: summary.csv has 6 done rows")
    if len(rows) == 6:
        # linear elasticity: tip displacement proportional to 1 / E
        u = {float(r["materials.m.E"]): float(r["tip_uz"]) for r in rows}
        ref = u[5000.0] * 5000.0
        check(all(abs(v * e - ref) < 1e-6 * abs(ref) for e, v in u.items()),
              "sweep B: tip_uz x E constant (linear in 1/E): %s" % u)


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "script"
    if mode == "script":
        test_script()
    elif mode == "cluster":
        test_cluster()
    else:
        sys.exit("usage: test_slurm.py script|cluster")
