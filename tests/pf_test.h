/*
 * Minimal assertion helpers for pfsim's test executables. A test prints what it checks and
 * returns non-zero from main (via pf_test_result) when any check failed.
 */
#ifndef PF_TEST_H
#define PF_TEST_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int pf_test_failures = 0;

/* Tolerances are absolute (PF_EXPECT_NEAR) or relative (PF_EXPECT_REL), by name. */
#define PF_EXPECT(cond, ...)                               \
  do {                                                     \
    if (!(cond)) {                                         \
      pf_test_failures++;                                  \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                        \
      fprintf(stderr, "\n");                               \
    }                                                      \
  } while (0)

/* Absolute tolerance. */
#define PF_EXPECT_NEAR(got, want, tol)                                                           \
  do {                                                                                           \
    double g_ = (got), w_ = (want), t_ = (tol);                                                  \
    if (!(fabs(g_ - w_) <= t_)) {                                                                \
      pf_test_failures++;                                                                        \
      fprintf(stderr, "FAIL %s:%d: %s = %.17g, expected %.17g (|diff| %.3g > %.3g)\n", __FILE__, \
              __LINE__, #got, g_, w_, fabs(g_ - w_), t_);                                        \
    }                                                                                            \
  } while (0)

/* Relative tolerance: |got - want| <= tol * |want|. */
#define PF_EXPECT_REL(got, want, tol)                                                              \
  do {                                                                                             \
    double g_ = (got), w_ = (want), t_ = (tol);                                                    \
    if (!(fabs(g_ - w_) <= t_ * fabs(w_))) {                                                       \
      pf_test_failures++;                                                                          \
      fprintf(stderr, "FAIL %s:%d: %s = %.17g, expected %.17g (rel diff %.3g > %.3g)\n", __FILE__, \
              __LINE__, #got, g_, w_, fabs(g_ - w_) / fabs(w_), t_);                               \
    }                                                                                              \
  } while (0)

/* Ends main: prints a verdict and returns the exit code. */
static inline int pf_test_result(const char *name) {
  if (pf_test_failures) {
    fprintf(stderr, "%s: %d check(s) failed\n", name, pf_test_failures);
    return 1;
  }
  printf("%s: all checks passed\n", name);
  return 0;
}

/* The source tree (PFSIM_SOURCE_DIR, set by ctest) joined with a relative path. */
static inline const char *pf_test_path(const char *rel, char *buf, size_t n) {
  const char *root = getenv("PFSIM_SOURCE_DIR");
  snprintf(buf, n, "%s/%s", root ? root : ".", rel);
  return buf;
}

#endif /* PF_TEST_H */
