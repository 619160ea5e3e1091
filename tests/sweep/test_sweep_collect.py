"""pfsim sweep S.yaml collect, the sensitivity ranking and the plotting scripts, end to end on the
arch truss (configs/arch-truss.yaml), through the pfsim command (issue 6).

1. A grid of 3 x 3 x 2 cases over loads.W.value[2] (the talus load's z component), the fascia's
   and the bones' Young's moduli: plan, run, collect.
   - summary.csv and summary.h5 hold, for every case, exactly (to the last bit: %.17g) the
     /summary values `pfsim summary --json` prints for its result file, the parameter texts of
     cases.csv, status done, and the root attributes n_cases and n_done;
   - the arch truss is statically determinate: the fascia tension is T = W l1 l2 / (h L)
     (configs/arch-truss.yaml), so fascia_stress_MPa = c W, whatever the moduli, and
     fascia_strain = c W / E_fascia. For these closed forms (the constant c cancels in every
     measure) on the grid's levels, main effects (level means: exact on a full grid) and SRCs
     (least squares on standardised values) are computed here, and collect's must equal them to
     1e-9 (round-off of the solves is ~1e-15 relative); the ranks follow: stress W only (|SRC| 1,
     R^2 1, main effect 1, the moduli 0), strain W first, E_fascia second, E_bone last (0);
   - a case whose result is deleted is collected as missing with NaN metrics, and the sensitivity
     then uses the other 17 cases (n_used).
2. A Saltelli sweep (N = 8, the three parameters uniform): 40 cases. The first-order (Saltelli
   2010) and total (Jansen 1999) indices that collect reports equal a separate implementation of
   the same estimators here, from the collected values, to 1e-12; for the stress, the moduli's
   indices are 0 (AB_E rows repeat the A rows' stress) and W ranks first.
3. Plots: scripts/plot_sweep.py on the sweep draws a scatter and a sensitivity PNG per metric,
   scripts/plot_run.py draws one case's truss fascia strain and summary, and the pressure map and
   fibre strain of a small block with fibres on the ground (pf_testmesh); each PNG starts with the
   PNG signature and has more than 5 kB. Both scripts exit 1 with a message on a missing file and
   on the other's kind of file.
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from pftest import SOURCE, TESTMESH, check, finish, pfsim, workdir, write  # noqa: E402

PY = "/usr/bin/python3"
PLOT_SWEEP = os.path.join(SOURCE, "scripts", "plot_sweep.py")
PLOT_RUN = os.path.join(SOURCE, "scripts", "plot_run.py")
BASE = os.path.abspath(os.path.join(SOURCE, "configs", "arch-truss.yaml"))
W, EF, EB = "loads.W.value[2]", "materials.fascia.E", "materials.bone.E"
PNG = b"\x89PNG\r\n\x1a\n"

GRID = """base: %s
name: grid
sampling: grid
parameters:
  loads.W.value[2]: [-200, -350, -500]
  materials.fascia.E: [250, 350, 450]
  materials.bone.E: [5000, 10000]
"""

SALTELLI = """base: %s
name: saltelli
sampling: saltelli
samples: 8
seed: 3
parameters:
  loads.W.value[2]: {uniform: [-500, -200]}
  materials.fascia.E: {uniform: [250, 450]}
  materials.bone.E: {uniform: [5000, 10000]}
"""


def sweep(sweep_file, *args):
    rc, out, err = pfsim("sweep", sweep_file, *args, timeout=300)
    check(rc == 0, "pfsim sweep %s %s: exit %d %s" % (os.path.basename(sweep_file),
                                                      " ".join(args), rc, err.strip()[-800:]))
    return rc, out, err


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def cases_csv(folder):
    """The plan's parameter texts (cases.csv: '#' lines, then case,<path>,...)."""
    with open(os.path.join(folder, "cases.csv"), newline="") as f:
        rows = list(csv.reader(line for line in f if not line.startswith("#")))
    return rows[0][1:], [r[1:] for r in rows[1:]]


def case_file(folder, i, n):
    return os.path.join(folder, "cases", "%0*d.h5" % (max(5, len(str(n - 1))), i))


def strings(ds):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in ds[()]]


def by_name(group):
    return {str(ds.attrs["name"]): ds[()] for ds in group.values()}


def same(a, b):
    """Bit-equal floats (NaN equals NaN)."""
    return (math.isnan(a) and math.isnan(b)) or a == b


def sensitivity_rows(folder):
    head, rows = read_csv(os.path.join(folder, "sensitivity.csv"))
    out = {}
    for r in rows:
        d = dict(zip(head, r))
        out[(d["metric"], d["parameter"])] = d
    return out


def closed_form_measures(x, y):
    """Main effects (level means) and SRCs of y over the grid x (n x k), from numpy."""
    k = x.shape[1]
    me = []
    for j in range(k):
        levels = np.unique(x[:, j])
        means = np.array([y[x[:, j] == v].mean() for v in levels])
        counts = np.array([(x[:, j] == v).sum() for v in levels])
        me.append(np.sum(counts * (means - y.mean()) ** 2) / np.sum((y - y.mean()) ** 2))
    xs = (x - x.mean(axis=0)) / x.std(axis=0)
    ys = (y - y.mean()) / y.std()
    src = np.linalg.lstsq(xs, ys, rcond=None)[0]
    r2 = 1 - np.sum((ys - xs @ src) ** 2) / np.sum(ys ** 2)
    return np.array(me), src, r2


def check_collect_equals_files(folder, names, texts, n):
    """summary.csv and summary.h5 against every case's `pfsim summary --json`."""
    head, rows = read_csv(os.path.join(folder, "summary.csv"))
    check(head[:len(names) + 1] == ["case"] + names and head[len(names) + 1] == "status",
          "summary.csv columns: case, the parameters, status, the metrics (%s)" % head)
    metrics = head[len(names) + 2:]
    check(len(rows) == n, "summary.csv has %d rows for %d cases" % (len(rows), n))
    f = h5py.File(os.path.join(folder, "summary.h5"), "r")
    hm, hp = by_name(f["metrics"]), by_name(f["parameters"])
    ht = {p: [v.decode() if isinstance(v, bytes) else str(v) for v in t]
          for p, t in by_name(f["parameter_text"]).items()}
    check(strings(f["metric_names"]) == metrics and list(hm) == metrics,
          "summary.h5 /metrics in the CSV's order")
    check(list(f["cases"][()]) == list(range(n)), "summary.h5 /cases = 0..n-1")
    status = strings(f["status"])
    bad_csv, bad_h5, bad_param = [], [], []
    done = 0
    for i, r in enumerate(rows):
        js = None
        if os.path.exists(case_file(folder, i, n)):
            rc, out, err = pfsim("summary", "--json", case_file(folder, i, n))
            js = json.loads(out) if rc == 0 else None
        if r[0] != str(i) or r[1:len(names) + 1] != texts[i]:
            bad_param.append(i)
        for j, p in enumerate(names):
            if ht[p][i] != texts[i][j] or not same(float(hp[p][i]), float(texts[i][j])):
                bad_param.append(i)
        complete = js is not None and js["status"] == "complete"
        done += complete
        if (r[len(names) + 1] == "done") != complete or (status[i] == "done") != complete:
            bad_csv.append((i, "status %s / %s" % (r[len(names) + 1], status[i])))
            continue
        for k, m in enumerate(metrics):
            want = js["summary"].get(m) if complete else None
            want = float("nan") if want is None else float(want)
            if not same(float(r[len(names) + 2 + k]), want):
                bad_csv.append((i, m, r[len(names) + 2 + k], want))
            if not same(float(hm[m][i]), want):
                bad_h5.append((i, m, hm[m][i], want))
        if complete and set(js["summary"]) != set(metrics):
            bad_csv.append((i, "metric names"))
    check(not bad_param, "parameters and their texts equal cases.csv in every row (bad: %s)"
          % bad_param[:5])
    check(not bad_csv, "summary.csv: status and every metric of every case equal `pfsim summary "
          "--json` exactly (bad: %s)" % bad_csv[:5])
    check(not bad_h5, "summary.h5: every metric of every case equals `pfsim summary --json` "
          "exactly (bad: %s)" % bad_h5[:5])
    check(int(f.attrs["n_cases"]) == n and int(f.attrs["n_done"]) == done,
          "summary.h5 n_cases %s = %d, n_done %s = %d" % (f.attrs["n_cases"], n,
                                                           f.attrs["n_done"], done))
    check(str(f.attrs["sampling"]) in ("grid", "saltelli") and "plan_hash" in f.attrs
          and str(f.attrs["sweep_file"]).endswith(".yaml"), "summary.h5 root attributes")
    f.close()
    return metrics


def plan_run_collect(d, name, text):
    """Writes sweep file NAME.yaml, plans, runs (-j 2) and collects it from an empty folder.
    Returns the sweep file, its results folder, collect's exit code and output, and the plan's
    parameter names and value texts."""
    sf = write(os.path.join(d, name + ".yaml"), text)
    folder = os.path.join(d, name)
    shutil.rmtree(folder, ignore_errors=True)
    sweep(sf, "plan")
    sweep(sf, "run", "-j", "2")
    rc, out, err = sweep(sf, "collect")
    print(out)
    names, texts = cases_csv(folder)
    return sf, folder, rc, out, err, names, texts


def grid_sweep(d):
    sf, folder, rc, out, err, names, texts = plan_run_collect(d, "grid", GRID % BASE)
    n = len(texts)
    check(names == [W, EF, EB] and n == 18, "the plan: 3 x 3 x 2 = 18 cases (%d, %s)"
          % (n, names))
    if n != 18 or names != [W, EF, EB]:
        return sf, folder
    metrics = check_collect_equals_files(folder, names, texts, n)
    for m in ("fascia_stress_MPa", "fascia_strain", "arch_drop_mm"):
        check(m in metrics, "metric %s collected" % m)

    # closed forms: stress = -c W_z, strain = -c W_z / E_fascia (the load points down, W_z < 0;
    # c > 0 cancels in every measure)
    x = np.array([[float(v) for v in t] for t in texts])
    sens = sensitivity_rows(folder)
    with h5py.File(os.path.join(folder, "summary.h5"), "r") as f:
        g = f["sensitivity"]
        h5rows = {(a, b): i for i, (a, b) in enumerate(zip(strings(g["metric"]),
                                                            strings(g["parameter"])))}
        h5src, h5me = g["src"][()], g["main_effect"][()]
        y_stress = by_name(f["metrics"])["fascia_stress_MPa"]
    ratio = y_stress / x[:, 0]
    check(np.all(np.abs(ratio / ratio[0] - 1) < 1e-12),
          "fascia stress / W is one constant over the grid (statically determinate: %.3e)"
          % np.max(np.abs(ratio / ratio[0] - 1)))
    for metric, model, want_order in (
            ("fascia_stress_MPa", -x[:, 0], [W]),
            ("fascia_strain", -x[:, 0] / x[:, 1], [W, EF, EB])):
        me, src, r2 = closed_form_measures(x, model)
        exp_rank = {p: i + 1 for i, p in enumerate(np.array(names)[np.argsort(-np.abs(src))])}
        # the design separates the ranks clearly (so round-off cannot swap them)
        gaps = -np.diff(np.sort(np.abs(src))[::-1])
        print("%s closed form: main effects %s, SRC %s, R^2 %.6f, ranks %s"
              % (metric, me, src, r2, exp_rank))
        for j, p in enumerate(names):
            row = sens.get((metric, p))
            if row is None:
                check(False, "sensitivity.csv has a row for %s / %s" % (metric, p))
                continue
            check(abs(float(row["main_effect"]) - me[j]) <= 1e-9,
                  "%s / %s: main effect %s = closed form %.12g" % (metric, p, row["main_effect"],
                                                                  me[j]))
            check(abs(float(row["src"]) - src[j]) <= 1e-9,
                  "%s / %s: SRC %s = closed form %.12g" % (metric, p, row["src"], src[j]))
            check(abs(h5src[h5rows[(metric, p)]] - float(row["src"])) == 0
                  and abs(h5me[h5rows[(metric, p)]] - float(row["main_effect"])) == 0,
                  "%s / %s: /sensitivity in summary.h5 = sensitivity.csv" % (metric, p))
            if metric == "fascia_strain":
                check(int(row["rank"]) == exp_rank[p],
                      "%s / %s: rank %s = closed form's %d" % (metric, p, row["rank"],
                                                              exp_rank[p]))
            check(abs(float(row["r2"]) - r2) <= 1e-9 and int(row["reliable"]) == (r2 >= 0.7),
                  "%s: R^2 %s = closed form %.9f, reliable %s" % (metric, row["r2"], r2,
                                                                  row["reliable"]))
        check(int(sens[(metric, want_order[0])]["rank"]) == 1,
              "%s: %s ranks first" % (metric, want_order[0]))
        if metric == "fascia_stress_MPa":
            check(abs(abs(src[0]) - 1) < 1e-12 and abs(me[0] - 1) < 1e-12 and r2 > 1 - 1e-12,
                  "closed form: the stress is W alone")
            for p in (EF, EB):
                check(abs(float(sens[(metric, p)]["src"])) < 1e-9
                      and abs(float(sens[(metric, p)]["main_effect"])) < 1e-9,
                      "fascia stress does not depend on %s (SRC %s, main effect %s)"
                      % (p, sens[(metric, p)]["src"], sens[(metric, p)]["main_effect"]))
        else:
            check(min(gaps) > 0.05, "the strain's ranks are well separated (gaps %s)" % gaps)
            check([p for p, _ in sorted(exp_rank.items(), key=lambda t: t[1])] == want_order,
                  "closed form: strain ranks W, E_fascia, E_bone")
    check("fascia_stress_MPa" in out and "ranked by" in out and "R^2" in out,
          "collect prints the ranking per metric")

    # a deleted result: missing, NaN metrics, the sensitivity from the 17 others
    os.remove(case_file(folder, 4, n))
    sweep(sf, "collect")
    metrics = check_collect_equals_files(folder, names, texts, n)
    head, rows = read_csv(os.path.join(folder, "summary.csv"))
    check(rows[4][len(names) + 1] == "missing", "a deleted case is collected as missing (%s)"
          % rows[4][len(names) + 1])
    check(all(v == "nan" for v in rows[4][len(names) + 2:]), "its metrics are nan")
    sens = sensitivity_rows(folder)
    check(int(sens[("fascia_strain", W)]["n_used"]) == 17, "the sensitivity uses the 17 others")
    return sf, folder


def saltelli_sweep(d):
    sf, folder, rc, out, err, names, texts = plan_run_collect(d, "saltelli", SALTELLI % BASE)
    n, N, k = len(texts), 8, 3
    check(n == N * (k + 2), "Saltelli plan: N (k + 2) = 40 cases (%d)" % n)
    if n != N * (k + 2):
        return folder
    check_collect_equals_files(folder, names, texts, n)
    sens = sensitivity_rows(folder)
    with h5py.File(os.path.join(folder, "summary.h5"), "r") as f:
        ys = by_name(f["metrics"])
    for m in ("fascia_stress_MPa", "fascia_strain", "arch_drop_mm"):
        y = ys[m]
        A, B = y[:N], y[N:2 * N]
        f0 = np.concatenate([A, B]).mean()
        A, B = A - f0, B - f0
        V = np.mean(np.concatenate([A, B]) ** 2)
        for i, p in enumerate(names):
            AB = y[(2 + i) * N:(3 + i) * N] - f0
            s1 = np.mean(B * (AB - A)) / V  # Saltelli et al. 2010, Table 2 (b)
            st = 0.5 * np.mean((A - AB) ** 2) / V  # Jansen 1999, Table 2 (f)
            row = sens[(m, p)]
            check(abs(float(row["sobol_first"]) - s1) <= 1e-12
                  and abs(float(row["sobol_total"]) - st) <= 1e-12,
                  "%s / %s: S1 %s ST %s = %.15g %.15g" % (m, p, row["sobol_first"],
                                                         row["sobol_total"], s1, st))
    for p in (EF, EB):
        row = sens[("fascia_stress_MPa", p)]
        check(abs(float(row["sobol_first"])) < 1e-9 and abs(float(row["sobol_total"])) < 1e-9,
              "Saltelli: stress indices of %s are 0 (%s, %s)" % (p, row["sobol_first"],
                                                                 row["sobol_total"]))
    check(int(sens[("fascia_stress_MPa", W)]["rank"]) == 1, "Saltelli: W ranks first (stress)")
    check("Sobol" in out, "collect prints the Sobol indices")
    return folder


def is_png(path, min_bytes=5000):
    try:
        with open(path, "rb") as f:
            head = f.read(8)
        return head == PNG and os.path.getsize(path) > min_bytes
    except OSError:
        return False


def plots(d, folder):
    out = os.path.join(d, "plots")
    shutil.rmtree(out, ignore_errors=True)
    p = subprocess.run([PY, PLOT_SWEEP, folder, "-o", out], capture_output=True, text=True,
                       timeout=120)
    check(p.returncode == 0, "plot_sweep.py %s: exit %d %s" % (folder, p.returncode,
                                                                p.stderr[-500:]))
    for m in ("fascia_stress_MPa", "fascia_strain", "arch_drop_mm"):
        for suffix in ("", "-sensitivity"):
            png = os.path.join(out, m + suffix + ".png")
            check(is_png(png), "plot_sweep.py drew %s (PNG, > 5 kB)" % os.path.basename(png))
    p = subprocess.run([PY, PLOT_SWEEP, os.path.join(folder, "summary.h5"), "-o", out + "2"],
                       capture_output=True, text=True, timeout=120)
    check(p.returncode == 0 and is_png(os.path.join(out + "2", "fascia_strain.png")),
          "plot_sweep.py takes summary.h5 too")

    case = case_file(folder, 0, 18)
    p = subprocess.run([PY, PLOT_RUN, case, "-o", out], capture_output=True, text=True,
                       timeout=120)
    check(p.returncode == 0, "plot_run.py %s: exit %d %s" % (case, p.returncode,
                                                             p.stderr[-500:]))
    check(is_png(os.path.join(out, "00000-summary.png")), "plot_run.py drew the summary")
    check(is_png(os.path.join(out, "00000-fascia-strain.png")),
          "plot_run.py drew the truss fascia's strain")
    check("no plantar pressure" in p.stdout, "plot_run.py says the truss has no pressure map")

    # a block with fibres on the ground: fibre strain and the pressure map
    mesh = os.path.join(d, "block.inp")
    subprocess.run([TESTMESH, "box", "hex8", "4", "4", "2", "2", "2", "1", "0.1", mesh],
                   check=True)
    cfg = write(os.path.join(d, "block.yaml"), BLOCK % mesh)
    rc, o, e = pfsim("run", cfg, "-o", os.path.join(d, "block.h5"))
    check(rc == 0, "block on the ground runs (%s)" % e[-300:])
    p = subprocess.run([PY, PLOT_RUN, os.path.join(d, "block.h5"), "-o", out],
                       capture_output=True, text=True, timeout=120)
    check(p.returncode == 0 and is_png(os.path.join(out, "block-pressure.png"))
          and is_png(os.path.join(out, "block-fascia-strain.png")),
          "plot_run.py drew the pressure map and the fibre strain (%s)" % p.stderr[-300:])

    for script, arg, what in ((PLOT_SWEEP, os.path.join(d, "nothere"), "no such file"),
                              (PLOT_SWEEP, case, "not a sweep summary"),
                              (PLOT_RUN, os.path.join(d, "nothere.h5"), "no such file"),
                              (PLOT_RUN, os.path.join(folder, "summary.h5"),
                               "not a pfsim result file"),
                              (PLOT_RUN, mesh, "not an HDF5 file")):
        p = subprocess.run([PY, script, arg, "-o", out], capture_output=True, text=True,
                           timeout=120)
        check(p.returncode == 1 and what in p.stderr,
              "%s %s: exit 1 and '%s' (exit %d: %s)" % (os.path.basename(script),
                                                        os.path.basename(arg), what,
                                                        p.returncode, p.stderr.strip()))


BLOCK = """title: a block with fibres along x on the ground
mesh: {file: %s}
materials:
  tissue: {model: fibre, matrix: {model: neo_hookean, mu: 3.8, kappa: 8.3},
           fibre: {law: exponential, k: 3.0, alpha: 2.0}}
regions: {block: {material: tissue, direction: [1, 0, 0]}}
contact:
  ground: {type: rigid_plane, surface: zmin, plate: {pitch: 0.5, threshold: 0.01}}
loads:
  - {name: p, type: pressure, surface: zmax, value: 0.5}
boundary:
  - {type: fixed, set: xmin, dofs: [x]}
  - {type: fixed, set: ymin, dofs: [y]}
analysis: {type: static_nonlinear, increments: 1}
"""


def main():
    d = workdir("sweep_collect")
    sf, folder = grid_sweep(d)
    # the plots run on the grid as collected (one case missing: still drawn)
    plots(d, folder)
    saltelli_sweep(d)
    finish("test_sweep_collect")


if __name__ == "__main__":
    main()
