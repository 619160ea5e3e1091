/* The pfsim command: one file per subcommand, shared option parsing and error reporting. */
#ifndef PF_CLI_H
#define PF_CLI_H

#include <pfsim.h>

#include "output/pf_output.h"

/* Each subcommand returns the process exit code (DESIGN.md: 0 ok, 1 input, 2 convergence, 3 I/O,
 * 4 internal, 5 interrupted). argv[0] is the subcommand name. */
int pf_cmd_run(int argc, char **argv);
int pf_cmd_check(int argc, char **argv);
int pf_cmd_summary(int argc, char **argv);
int pf_cmd_mesh_info(int argc, char **argv);
int pf_cmd_version(int argc, char **argv);
int pf_cmd_sweep(int argc, char **argv);

/* Prints "pfsim: message" for a failed call (with pfsim's source location for internal errors)
 * and returns the exit code of status rc. */
int pf_cli_fail(const pf_context *ctx, int rc);
/* Exit code of a pf_status. */
int pf_cli_exit_code(int rc);
/* Blocks SIGTERM and SIGINT in the calling thread (main, before any thread starts). */
void pf_cli_block_signals(void);
/* Prints the summary of a result file as a table or as JSON. */
void pf_cli_print_summary(const pf_summary *s, const char *path, int json, FILE *f);
/* Prints a usage error and returns 1. */
int pf_cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* PF_CLI_H */
