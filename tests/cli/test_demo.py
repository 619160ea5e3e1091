"""The default example (configs/arch-truss.yaml) runs from a clean tree and gives the closed-form
fascia tension of the arch truss, W l1 l2 / (h L)."""
import json
import os

from pftest import *

d = workdir("demo")
os.chdir(d)
cfg = os.path.join(SOURCE, "configs", "arch-truss.yaml")
rc, out, err = pfsim("run", cfg, "-o", "demo.h5")
check(rc == 0, "arch-truss runs (%s)" % err.strip())
check("fascia_stress_MPa" in out, "run prints the summary")
rc, out, err = pfsim("summary", "demo.h5", "--json")
s = json.loads(out)
T = s["summary"]["fascia_stress_MPa"] * 87.3
T_exact = 350 * 107.7 * 55.1 / (37.4 * 162.8)
print("fascia tension %.9f N, closed form %.9f N" % (T, T_exact))
check(s["status"] == "complete", "status complete")
check(abs(T - T_exact) <= 1e-9 * T_exact, "fascia tension equals the closed form")
check(os.path.exists("demo.xdmf"), "ParaView sidecar written")
finish("cli_demo")
