# collect, sensitivity (main effects, SRC, Sobol) and the plotting scripts (docs/sweeps.md).
pf_add_test(NAME sweep_sensitivity SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_sensitivity.c
            LABELS fast TIMEOUT 60)
pf_add_script_test(NAME sweep_collect
                   COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/test_sweep_collect.py
                   LABELS fast TIMEOUT 120)
