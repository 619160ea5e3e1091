# Reuse across the cases of one context: the mesh and the symbolic factorisation kept, taken again
# only for the same inputs, bit-identical results, a bounded store.
pf_add_test(NAME sweep_reuse SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_reuse.c LABELS fast TIMEOUT 120)
