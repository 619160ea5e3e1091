/* Running a configuration in-process for verification tests. */
#ifndef PF_TESTRUN_H
#define PF_TESTRUN_H

#include "analysis/pf_analysis.h"
#include "analysis/pf_nonlinear.h"
#include "api/pf_api.h"

/* Writes a formatted text file; returns 0 or -1. */
int tr_write(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Loads config (with overrides): configuration, mesh and model, without solving. [out] ld
 * (pf_api_unload it). Prints the error on failure. */
int tr_load(pf_context *ctx, const char *config, int n_overrides, const char *const *overrides,
            pf_loaded *ld);

/* Loads config (with overrides) and runs the linear analysis without writing a result file.
 * [out] ld (pf_api_unload it), sol (pf_solution_destroy it). Prints the error on failure. */
int tr_solve(pf_context *ctx, const char *config, int n_overrides, const char *const *overrides,
             pf_loaded *ld, pf_solution **sol);

/* The same for a nonlinear analysis: every step run, no result file; sol is the final state. */
int tr_solve_nl(pf_context *ctx, const char *config, int n_overrides, const char *const *overrides,
                pf_loaded *ld, pf_solution **sol);

/* Sum over the nodes of set (node rows of a mesh node set) of the nodal reaction component c. */
double tr_reaction_sum(const pf_loaded *ld, const pf_solution *sol, const char *set, int c);

#endif /* PF_TESTRUN_H */
