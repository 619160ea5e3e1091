"""Helpers for pfsim's command-line tests: run the pfsim command, make meshes, read results.

Run under Debian's /usr/bin/python3 (h5py, numpy). Each test is a script whose exit status is the
verdict; check() records failures and finish() reports them.
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

PFSIM = os.environ.get("PFSIM_BIN", "pfsim")
TESTMESH = os.environ.get("PFSIM_TESTMESH", "pf_testmesh")
SOURCE = os.environ.get("PFSIM_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
_failures = []


def check(cond, what):
    """Records a failed expectation (never raises, so one run reports every failure)."""
    if cond:
        print("ok   " + what)
    else:
        print("FAIL " + what)
        _failures.append(what)


def finish(name):
    if _failures:
        print("%s: %d check(s) failed" % (name, len(_failures)))
        sys.exit(1)
    print("%s: all checks passed" % name)
    sys.exit(0)


def workdir(name):
    d = os.path.join(os.getcwd(), name)
    os.makedirs(d, exist_ok=True)
    return d


def pfsim(*args, env=None, timeout=600, cwd=None):
    """Runs pfsim; returns (exit code, stdout, stderr)."""
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run([PFSIM] + [str(a) for a in args], capture_output=True, text=True,
                       env=e, timeout=timeout, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def testmesh(kind, etype, n, params, out):
    """Writes a structured verification mesh (tests/common/testmesh.h) as an Abaqus deck."""
    subprocess.run([TESTMESH, kind, etype] + [str(v) for v in n] + [str(v) for v in params]
                   + [out], check=True)
    return out


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def displacement(h5path, frame=-1):
    """(node_ids, displacement [n,3]) of a frame of a result file."""
    with h5py.File(h5path, "r") as f:
        steps = sorted(f["steps"].keys())
        return f["mesh/node_ids"][()], f["steps"][steps[frame]]["displacement"][()]


def by_id(ids, values):
    order = np.argsort(ids)
    return ids[order], values[order]


CANTILEVER = """title: cantilever block
mesh: {file: %(mesh)s}
materials: {m: {model: linear_elastic, E: 7300, nu: 0.3}}
regions: {%(region)s: m}
loads: [{name: P, type: surface_force, surface: %(tip)s, value: [0, 0, -10]}]
boundary: [{name: clamp, type: fixed, set: %(clamp)s}]
summary:
  - {name: tip_uz, set: %(tip)s, field: displacement, component: z, stat: mean}
"""
