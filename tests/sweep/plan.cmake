# Sweep files, expansion (grid, zip, ranges, LHS, Saltelli), plan validation, hash and refusal
# (docs/sweeps.md "sweep file and plan").
pf_add_test(NAME sweep_expand SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_sweep_expand.c
            LABELS fast TIMEOUT 60)
pf_add_script_test(NAME sweep_plan
                   COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/test_sweep_plan.py
                   LABELS fast TIMEOUT 120)
# Geometry parameters: three coarse foot meshes made by the generator at plan time (~15 s each).
pf_add_script_test(NAME sweep_plan_geometry
                   COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/test_sweep_geometry.py
                   LABELS foot TIMEOUT 300)
