# pfsim sweep S.yaml slurm (docs/sweeps.md "SLURM"): the job scripts without a cluster (fast), and
# the job array on a private single-node SLURM that the test starts and stops itself (label slurm;
# exit 77 = skipped when SLURM cannot start, which scripts/test turns into a failure in CI).
pf_add_script_test(NAME sweep_slurm_script
                   COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/test_slurm.py script
                   LABELS fast TIMEOUT 180)
pf_add_script_test(NAME sweep_slurm
                   COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/test_slurm.py cluster
                   LABELS slurm TIMEOUT 300)
set_tests_properties(sweep_slurm PROPERTIES SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
