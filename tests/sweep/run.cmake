# The worker pool, resume after SIGKILL and SIGTERM, a dead worker, retries and status
# (docs/sweeps.md "run, status and resume"); about 30 s on 2 cores.
pf_add_script_test(NAME sweep_run
                   COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/test_sweep_run.py
                   LABELS fast TIMEOUT 120)
