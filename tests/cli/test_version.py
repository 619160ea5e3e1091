"""--version states the OpenBLAS kernel and threading variant, and the variant is the one the
binary actually loads; pfsim picks the best kernel for the CPU unless the user chose one."""
import os
import re
import subprocess

from pftest import *

env = {k: v for k, v in os.environ.items()
       if k not in ("OPENBLAS_CORETYPE", "PFSIM_REEXEC", "OMP_WAIT_POLICY", "GLIBC_TUNABLES")}


def version(extra=None):
    e = dict(env)
    if extra:
        e.update(extra)
    p = subprocess.run([PFSIM, "--version"], capture_output=True, text=True, env=e)
    return p.returncode, p.stdout


rc, out = version()
print(out)
check(rc == 0, "--version exits 0")
m = re.search(r"blas: OpenBLAS kernel (\S+), threading (\S+) \(best for this CPU: (\S+)\)", out)
check(m is not None, "--version names kernel and threading")
kernel, threading, best = m.groups() if m else ("", "", "")
# the variant the dynamic loader picks for this binary
ldd = subprocess.run(["ldd", PFSIM], capture_output=True, text=True).stdout
lib = [l.split("=>")[1].split()[0] for l in ldd.splitlines() if "libopenblas" in l]
real = os.path.realpath(lib[0]) if lib else ""
expect = "openmp" if "openmp" in real else "pthread" if "pthread" in real else "serial" if "serial" in real else "?"
print("loaded OpenBLAS:", real)
check(threading == expect, "threading variant %s matches the loaded library (%s)" % (threading, expect))
if best != "unknown":
    check(kernel.lower() == best.lower(), "kernel %s is the best for this CPU (%s)" % (kernel, best))
    check("set by pfsim" in out or "OPENBLAS_CORETYPE: -" in out, "pfsim says it chose the kernel")
check("OMP_WAIT_POLICY: passive" in out, "OMP_WAIT_POLICY defaults to passive")
thp = open("/sys/kernel/mm/transparent_hugepage/enabled").read() if os.path.exists(
    "/sys/kernel/mm/transparent_hugepage/enabled") else ""
if "[madvise]" in thp:
    check("GLIBC_TUNABLES: glibc.malloc.hugetlb=1 (set by pfsim)" in out,
          "huge pages for large blocks when transparent huge pages are in madvise mode")
rc, out = version({"GLIBC_TUNABLES": "glibc.malloc.arena_max=2"})
check("GLIBC_TUNABLES: glibc.malloc.arena_max=2 (set by the user)" in out, "a user's GLIBC_TUNABLES is kept")
rc, out = version({"PFSIM_REEXEC": "off"})
check("OMP_WAIT_POLICY: - (unset)" in out, "PFSIM_REEXEC set by the user disables the re-execution")
rc, out = version({"OPENBLAS_CORETYPE": "Sandybridge"})
check("kernel Sandybridge" in out and "set by the user" in out, "a user's OPENBLAS_CORETYPE is kept")
rc, out = version({"OMP_WAIT_POLICY": "active"})
check("OMP_WAIT_POLICY: active (set by the user)" in out, "a user's OMP_WAIT_POLICY is kept")
finish("cli_version")
