/* OpenBLAS provenance (kernel, threading variant), thread control and kernel re-selection. */
#ifndef PF_BLAS_H
#define PF_BLAS_H

/* The kernel OpenBLAS loaded ("Haswell", "SkylakeX", "Prescott", ...). */
const char *pf_blas_kernel(void);
/* The library's build configuration string (openblas_get_config). */
const char *pf_blas_config(void);
/* Threading variant of the loaded OpenBLAS: "pthread", "openmp" or "serial". */
const char *pf_blas_threading(void);
/* Sets / reads the number of BLAS threads. */
void pf_blas_set_threads(int n);
int pf_blas_threads(void);
/* The best OpenBLAS kernel name this CPU supports (NULL if unknown). */
const char *pf_blas_best_kernel(void);
/* Re-executes the program (argv) once with OPENBLAS_CORETYPE set to the best kernel when the
 * user has not set it and OpenBLAS fell back to an older one, and with OMP_WAIT_POLICY=passive
 * when unset. Sets PFSIM_REEXEC in the new process (which also disables the mechanism when set
 * by the user). Returns only when no re-execution happened (0) or exec failed (-1). */
int pf_blas_reexec_if_needed(char **argv);

#endif /* PF_BLAS_H */
