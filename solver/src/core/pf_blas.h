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
/* n BLAS threads for a stretch of code; pf_blas_threads_end restores the BLAS thread count and
 * OpenMP's default team size (which the OpenMP OpenBLAS sets with it). Used by the library calls'
 * guard (pf_linalg_run_blas), and with n = 1 around OpenMP loops that call BLAS or LAPACK on
 * small matrices (3 x 3 eigenproblems per element): a loop run on one thread is an inactive
 * parallel region, so the OpenMP OpenBLAS would run each call as a new parallel region of its
 * own threads: 0.3 ms per 3 x 3 dsyev, 1.9 s per frame of a 6.5k-element tet10 mesh, against
 * 0.02 s with the BLAS serial (measured with --threads 1 on 2 cores, either wait policy). */
typedef struct {
  int blas, omp;
} pf_blas_saved;
pf_blas_saved pf_blas_threads_begin(int n);
void pf_blas_threads_end(pf_blas_saved s);
/* The best OpenBLAS kernel name this CPU supports (NULL if unknown). */
const char *pf_blas_best_kernel(void);
/* Generation rank of an OpenBLAS kernel name (equal ranks run the same code paths); -1 for names
 * pfsim does not know (they are never replaced). */
int pf_blas_kernel_rank(const char *name);

/* Re-executes the program (argv) once when the launch environment can be improved, never
 * overriding a setting the user made (each is changed only when unset):
 * - OPENBLAS_CORETYPE = the best kernel for this CPU when OpenBLAS fell back to an older one;
 * - OMP_WAIT_POLICY = passive (GNU OpenMP spin-waiting made the OpenMP OpenBLAS 2.5-5x slower
 *   on 2 threads, platform.md);
 * - GLIBC_TUNABLES = glibc.malloc.hugetlb=1 when transparent huge pages are in madvise mode:
 *   large blocks (the factor, the matrix) then use 2 MiB pages; first-touch page faults of a
 *   2.8 GB factor cost a quarter of a 300k-unknown run on a VM without it.
 * PFSIM_REEXEC in the new process lists what pfsim set ("kernel,wait-policy,hugepages"); set by
 * the user it disables the mechanism. Returns only when nothing was re-executed (0) or exec
 * failed (-1). */
int pf_launch_reexec_if_needed(char **argv);
/* Whether transparent huge pages are in "madvise" mode (1), "always" (2) or off/unknown (0). */
int pf_launch_thp_mode(void);

#endif /* PF_BLAS_H */
