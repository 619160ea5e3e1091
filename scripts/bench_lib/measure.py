"""Running a command under /usr/bin/time -v: wall time, CPU time, peak RSS, and how busy the rest
of the machine was meanwhile (the bench machine is shared, so every number carries its noise)."""
import os
import subprocess
import time

TIME = "/usr/bin/time"
HZ = os.sysconf("SC_CLK_TCK")


def cpu_jiffies():
    """(busy, total) jiffies of all CPUs from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]          # idle + iowait
    total = sum(v[:8])          # user nice system idle iowait irq softirq steal
    return total - idle, total


def others_busy(seconds=2.0):
    """Average number of cores busy over the next `seconds` (nothing of ours runs meanwhile)."""
    b0, _ = cpu_jiffies()
    time.sleep(seconds)
    b1, _ = cpu_jiffies()
    return (b1 - b0) / HZ / seconds


def wait_quiet(max_wait, threshold=0.3, log=print):
    """Waits (up to max_wait s) until other processes keep less than `threshold` cores busy.
    Returns the last measured load."""
    t0 = time.monotonic()
    load = others_busy()
    said = False
    while load > threshold and time.monotonic() - t0 < max_wait:
        if not said:
            log("  waiting for the machine to quieten (other processes use %.1f cores) ..." % load)
            said = True
        time.sleep(3.0)
        load = others_busy()
    return load


def _parse_time_v(path):
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if ":" not in line:
                continue
            key, _, val = line.rpartition(": ")
            out[key.strip()] = val.strip()
    return out


def _wall(text):
    parts = [float(p) for p in text.split(":")]
    s = 0.0
    for p in parts:
        s = 60.0 * s + p
    return s


def run(cmd, cwd, env, name):
    """Runs cmd in cwd with env under /usr/bin/time -v; stdout/stderr go to NAME.out/NAME.err.
    Returns a dict: rc, wall_s, cpu_s, peak_rss_bytes, others_cores (average cores used by other
    processes during the run)."""
    tfile = os.path.join(cwd, name + ".time")
    with open(os.path.join(cwd, name + ".out"), "w") as out, \
            open(os.path.join(cwd, name + ".err"), "w") as err:
        b0, _ = cpu_jiffies()
        t = time.monotonic()
        p = subprocess.run([TIME, "-v", "-o", tfile] + cmd, cwd=cwd, env=env, stdout=out,
                           stderr=err)
        wall = time.monotonic() - t
        b1, _ = cpu_jiffies()
    tv = _parse_time_v(tfile)
    cpu = float(tv.get("User time (seconds)", 0)) + float(tv.get("System time (seconds)", 0))
    res = {
        "rc": p.returncode,
        "wall_s": _wall(tv["Elapsed (wall clock) time (h:mm:ss or m:ss)"])
        if "Elapsed (wall clock) time (h:mm:ss or m:ss)" in tv else wall,
        "cpu_s": cpu,
        "peak_rss_bytes": 1024 * int(tv.get("Maximum resident set size (kbytes)", 0)),
        "others_cores": max(0.0, ((b1 - b0) / HZ - cpu) / wall) if wall > 0 else 0.0,
    }
    return res
