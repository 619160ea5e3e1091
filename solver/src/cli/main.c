/* pfsim command line (placeholder until the subcommands land). */
#include <stdio.h>
#include <string.h>

#include <pfsim.h>

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "--version")) {
    printf("pfsim %s\n", pf_version());
    return 0;
  }
  fprintf(stderr, "usage: pfsim --version\n");
  return 1;
}
