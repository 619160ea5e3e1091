"""A private single-node SLURM for tests: munged, slurmctld and slurmd on localhost, started by the
test itself and stopped by it (../shared/notes/platform.md, "A real single-node SLURM for tests").

Everything lives in a fresh folder of the test's work dir: munge key, socket, state, spool, logs,
slurm.conf. The daemons run in the foreground (-D / -F) as children of this process; only their
recorded pids are ever signalled (SIGTERM, then SIGKILL after a wait). They also get
PR_SET_PDEATHSIG(SIGKILL), so a test killed by ctest's timeout does not leave them behind.

    with Cluster(os.path.join(work, "slurm")) as c:   # raises Unavailable when SLURM cannot start
        subprocess.run(["sbatch", ...], env=c.env())   # c.env(): SLURM_CONF points at this cluster

PFSIM_TEST_NO_SLURM=1 in the environment makes start() report SLURM unavailable (to check that a
skip is reported as one, and that scripts/test fails on it in CI).
"""
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import time

PR_SET_PDEATHSIG = 1


class Unavailable(Exception):
    """SLURM cannot run here (packages missing, a daemon fails to start): the test is skipped."""


def _die_with_parent():
    # In the child between fork and exec: the daemon gets SIGKILL when this test process dies,
    # however it dies (ctest timeout, SIGKILL), so no daemon outlives the test.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path, n=15):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return "(no log)"


class Cluster:
    def __init__(self, root, log=print):
        self.root = os.path.abspath(root)
        self.log = log
        self.procs = []  # (name, Popen) of the daemons this object started, in start order
        self.conf = os.path.join(self.root, "slurm.conf")
        self.jobcomp = os.path.join(self.root, "jobcomp.txt")
        self.cpus = 0
        self.memory_mb = 0

    # ---------------------------------------------------------------- start
    def start(self):
        if os.environ.get("PFSIM_TEST_NO_SLURM"):
            raise Unavailable("PFSIM_TEST_NO_SLURM is set")
        for exe in ("munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol",
                    "scancel"):
            if not shutil.which(exe, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin"):
                raise Unavailable("'%s' not found (install slurm-wlm and munge: "
                                  "scripts/install-deps)" % exe)
        if os.geteuid() != 0:
            raise Unavailable("a private slurmd must run as root (SlurmUser=root)")
        if os.path.exists(self.root):
            shutil.rmtree(self.root)
        for d in ("munge", "state", "spool", "log"):
            os.makedirs(os.path.join(self.root, d))
        # every folder on the munge socket's path must be searchable by all (munged refuses
        # otherwise; mkdtemp's 0700 fails)
        path = self.root
        while path != "/":
            st = os.stat(path)
            if st.st_mode & 0o001 == 0:
                raise Unavailable("%s is not searchable by all (munge's socket needs it)" % path)
            path = os.path.dirname(path)
        os.chmod(os.path.join(self.root, "munge"), 0o755)
        try:
            self._start_munge()
            self._write_conf()
            self._start_slurm()
        except Unavailable:
            self.stop()
            raise
        except BaseException:
            self.stop()
            raise
        return self

    def _spawn(self, name, argv):
        logf = open(os.path.join(self.root, "log", name + ".out"), "w")
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                             preexec_fn=_die_with_parent, env=self.env())
        logf.close()
        self.procs.append((name, p))
        self.log("slurm_cluster: started %s (pid %d)" % (name, p.pid))
        return p

    def _start_munge(self):
        m = os.path.join(self.root, "munge")
        self.key = os.path.join(m, "munge.key")
        self.socket = os.path.join(m, "munge.socket")
        r = subprocess.run(["mungekey", "--create", "--keyfile=" + self.key],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise Unavailable("mungekey failed: " + r.stderr.strip())
        os.chmod(self.key, 0o600)
        p = self._spawn("munged", ["munged", "-F", "--force", "--socket=" + self.socket,
                                   "--key-file=" + self.key,
                                   "--pid-file=" + os.path.join(m, "munged.pid"),
                                   "--seed-file=" + os.path.join(m, "munged.seed"),
                                   "--log-file=" + os.path.join(self.root, "log", "munged.log")])
        if not self._wait(lambda: os.path.exists(self.socket), 10, p):
            raise Unavailable("munged did not start:\n" + _tail(os.path.join(self.root, "log",
                                                                            "munged.log")))

    def _write_conf(self):
        r = subprocess.run(["slurmd", "-C"], capture_output=True, text=True)
        if r.returncode != 0:
            raise Unavailable("slurmd -C failed: " + r.stderr.strip())
        fields = dict(kv.split("=", 1) for kv in r.stdout.split() if "=" in kv)
        cpus = int(fields.get("CPUs", "1"))
        # CoresPerSocket x Sockets: CR_Core counts cores
        self.cpus = cpus
        self.memory_mb = int(int(fields.get("RealMemory", "1000")) * 0.9)
        ctl_port, d_port = _free_port(), _free_port()
        while d_port == ctl_port:
            d_port = _free_port()
        r = self.root
        conf = """# a private single-node cluster for pfsim's tests (tests/sweep/slurm_cluster.py)
ClusterName=pftest
SlurmctldHost=localhost
SlurmUser=root
SlurmctldPort=%(ctl_port)d
SlurmdPort=%(d_port)d
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=%(socket)s
StateSaveLocation=%(r)s/state
SlurmdSpoolDir=%(r)s/spool
SlurmctldPidFile=%(r)s/state/slurmctld.pid
SlurmdPidFile=%(r)s/spool/slurmd.pid
SlurmctldLogFile=%(r)s/log/slurmctld.log
SlurmdLogFile=%(r)s/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=%(jobcomp)s
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
EnforcePartLimits=ALL
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
MinJobAge=600
KillWait=10
InactiveLimit=0
NodeName=localhost NodeAddr=127.0.0.1 CPUs=%(cpus)d RealMemory=%(mem)d State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
""" % dict(ctl_port=ctl_port, d_port=d_port, socket=self.socket, r=r, jobcomp=self.jobcomp,
           cpus=cpus, mem=self.memory_mb)
        with open(self.conf, "w") as f:
            f.write(conf)

    def _start_slurm(self):
        ctl = self._spawn("slurmctld", ["slurmctld", "-D", "-i", "-f", self.conf])
        if not self._wait(lambda: self._run(["scontrol", "ping"]).returncode == 0
                          and "UP" in self._run(["scontrol", "ping"]).stdout, 20, ctl):
            raise Unavailable("slurmctld did not start:\n"
                              + _tail(os.path.join(self.root, "log", "slurmctld.log")))
        d = self._spawn("slurmd", ["slurmd", "-D", "-N", "localhost", "-f", self.conf])

        def idle():
            s = self._run(["sinfo", "-h", "-N", "-o", "%T"]).stdout.strip()
            return s.startswith("idle")
        if not self._wait(idle, 30, d):
            raise Unavailable("the node did not become idle:\n"
                              + _tail(os.path.join(self.root, "log", "slurmd.log"))
                              + _tail(os.path.join(self.root, "log", "slurmctld.log")))

    def _wait(self, cond, timeout, proc=None):
        end = time.time() + timeout
        while time.time() < end:
            if cond():
                return True
            if proc is not None and proc.poll() is not None:
                return False
            time.sleep(0.2)
        return cond()

    # ---------------------------------------------------------------- use
    def env(self):
        """The environment for SLURM commands aimed at this cluster."""
        e = dict(os.environ)
        e["SLURM_CONF"] = self.conf
        e["PATH"] = e.get("PATH", "") + ":/usr/sbin:/sbin"
        return e

    def _run(self, argv, timeout=30):
        return subprocess.run(argv, capture_output=True, text=True, env=self.env(),
                              timeout=timeout)

    def run(self, argv, timeout=30):
        """Runs a SLURM command against this cluster; returns CompletedProcess."""
        return self._run(argv, timeout)

    def sbatch(self, *args):
        r = self._run(["sbatch", "--parsable"] + list(args))
        if r.returncode != 0:
            raise RuntimeError("sbatch failed: " + r.stderr)
        return r.stdout.strip().split(";")[0]

    def jobs(self):
        """{job id (array tasks as "J_T"): state} of the jobs slurmctld still knows."""
        r = self._run(["squeue", "-h", "-a", "-t", "all", "-r", "-o", "%i %T"])
        out = {}
        for line in r.stdout.splitlines():
            parts = line.split()
            if len(parts) == 2:
                out[parts[0]] = parts[1]
        return out

    def job_state(self, job):
        """State of a job (or array task "J_T") from scontrol; None when unknown."""
        r = self._run(["scontrol", "-o", "show", "job", str(job)])
        if r.returncode != 0:
            return None
        states = []
        for line in r.stdout.splitlines():
            for kv in line.split():
                if kv.startswith("JobState="):
                    states.append(kv.split("=", 1)[1])
        return states

    def wait_jobs(self, job_ids, timeout):
        """Waits until every job (and every task of an array) has ended; returns True, or False
        on timeout."""
        end_states = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "PREEMPTED",
                      "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE"}
        end = time.time() + timeout
        while time.time() < end:
            done = True
            for j in job_ids:
                st = self.job_state(j)
                if not st or any(s not in end_states for s in st):
                    done = False
                    break
            if done:
                return True
            time.sleep(0.5)
        return False

    def jobcomp_lines(self):
        try:
            with open(self.jobcomp) as f:
                return f.read().splitlines()
        except OSError:
            return []

    def logs(self):
        return "\n".join("== %s\n%s" % (n, _tail(os.path.join(self.root, "log", n), 30))
                         for n in ("slurmctld.log", "slurmd.log", "munged.log"))

    # ---------------------------------------------------------------- stop
    def stop(self):
        """Cancels this cluster's jobs, then stops the daemons it started (only those pids):
        SIGTERM, then SIGKILL after a wait, in reverse start order."""
        if not self.procs:
            return
        if any(n == "slurmctld" and p.poll() is None for n, p in self.procs):
            try:
                self._run(["scancel", "--full", "--user=root"], timeout=10)
                self._wait(lambda: not [s for s in self.jobs().values()
                                        if s in ("RUNNING", "COMPLETING", "PENDING")], 15)
            except (subprocess.SubprocessError, OSError):
                pass
        for name, p in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(timeout=10)
            self.log("slurm_cluster: stopped %s (pid %d, exit %s)" % (name, p.pid, p.returncode))
        self.procs = []

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False
