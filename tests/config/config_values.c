/*
 * Scalar texts: which numbers, integers and booleans are accepted (finite decimals; no NaN, inf,
 * hex, underscores or trailing characters), how a node is described in messages, and the range
 * and expectation texts the schema gives.
 */
#include "config/pf_config_internal.h"
#include "pf_test.h"

#include <string.h>

int main(void) {
  static const struct {
    const char *text;
    double value;
  } good[] = {{"0", 0},         {"-1", -1},           {"+2.5", 2.5},      {".5", 0.5},
              {"5.", 5},        {"1e3", 1e3},         {"1E-3", 1e-3},     {"-1.5e+10", -1.5e10},
              {"2.1e5", 2.1e5}, {"7.85e-9", 7.85e-9}, {"1e-320", 1e-320}, {"-0.0", 0}};
  for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
    double x = -12345;
    PF_EXPECT(pf_config_parse_number(good[i].text, &x) && x == good[i].value, "number '%s' -> %g",
              good[i].text, x);
  }
  static const char *const bad[] = {"",         "+",     "-",      ".",    "e5",    "1e",   "1e+",
                                    "nan",      "NaN",   ".nan",   "inf",  "-inf",  ".inf", "-.inf",
                                    "Infinity", "1e999", "-1e999", "0x10", "1_000", "5 ",   " 5",
                                    "5mm",      "1,5",   "1.2.3",  "--1",  "1e5.0", "true"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    double x = -12345;
    PF_EXPECT(!pf_config_parse_number(bad[i], &x) && x == -12345, "'%s' is not a number", bad[i]);
  }

  static const struct {
    const char *text;
    int value;
  } good_int[] = {{"0", 0}, {"42", 42}, {"-7", -7}, {"+3", 3}, {"2147483647", 2147483647}};
  for (size_t i = 0; i < sizeof(good_int) / sizeof(good_int[0]); i++) {
    int k = -1;
    PF_EXPECT(pf_config_parse_integer(good_int[i].text, &k) && k == good_int[i].value,
              "integer '%s' -> %d", good_int[i].text, k);
  }
  static const char *const bad_int[] = {
      "1.0", "1e3", "", "-", "2147483648", "-2147483649", "0x1", "1 ", "9999999999999999999999"};
  for (size_t i = 0; i < sizeof(bad_int) / sizeof(bad_int[0]); i++) {
    int k = -1;
    PF_EXPECT(!pf_config_parse_integer(bad_int[i], &k), "'%s' is not an integer", bad_int[i]);
  }

  static const struct {
    const char *text;
    int value;
  } good_bool[] = {{"true", 1},  {"True", 1}, {"TRUE", 1}, {"yes", 1}, {"On", 1},
                   {"false", 0}, {"No", 0},   {"OFF", 0},  {"off", 0}};
  for (size_t i = 0; i < sizeof(good_bool) / sizeof(good_bool[0]); i++) {
    int b = -1;
    PF_EXPECT(pf_config_parse_bool(good_bool[i].text, &b) && b == good_bool[i].value,
              "boolean '%s' -> %d", good_bool[i].text, b);
  }
  /* y and n are not booleans here: they are dof names. */
  static const char *const bad_bool[] = {"y", "n", "tRue", "1", "0", "", "yes please"};
  for (size_t i = 0; i < sizeof(bad_bool) / sizeof(bad_bool[0]); i++) {
    int b = -1;
    PF_EXPECT(!pf_config_parse_bool(bad_bool[i], &b), "'%s' is not a boolean", bad_bool[i]);
  }

  /* How nodes are described in messages. */
  pf_context *ctx;
  if (pf_context_create(&ctx)) return 2;
  static const struct {
    const char *text;
    int quoted;
    const char *want;
  } described[] = {{"5", 0, "the number 5"},
                   {"5", 1, "the string '5'"},
                   {"yes", 0, "the boolean 'yes'"},
                   {"", 0, "null (no value)"},
                   {"~", 0, "null (no value)"},
                   {"null", 1, "the string 'null'"},
                   {"abcdefghijklmnopqrstuvwxyz0123456789abcdefghij", 0,
                    "the string 'abcdefghijklmnopqrstuvwxyz0123456789a...'"}};
  for (size_t i = 0; i < sizeof(described) / sizeof(described[0]); i++) {
    pf_ynode *n = NULL;
    char buf[128] = "";
    if (pf_ynode_create(ctx, PF_YSCALAR, described[i].text, 1, NULL, &n) == PF_OK) {
      n->quoted = described[i].quoted;
      pf_ynode_describe(n, buf, sizeof(buf));
    }
    PF_EXPECT(!strcmp(buf, described[i].want), "'%s' described as '%s', expected '%s'",
              described[i].text, buf, described[i].want);
    pf_ynode_destroy(&n);
    PF_EXPECT(n == NULL, "destroy sets the handle to NULL");
  }

  /* Range and expectation texts, from the schema table. */
  const pf_schema *materials = pf_schema_find(pf_config_schema(), "materials", NULL);
  const pf_schema *nu = pf_schema_find(&materials->children[0], "nu", NULL);
  char buf[256];
  pf_schema_range(nu, buf, sizeof(buf));
  PF_EXPECT(!strcmp(buf, "-1 < nu < 0.5"), "nu range '%s'", buf);
  const pf_schema *E = pf_schema_find(&materials->children[0], "E", NULL);
  pf_schema_expected(E, buf, sizeof(buf));
  PF_EXPECT(!strcmp(buf, "a number, E > 0, in MPa"), "E expected '%s'", buf);
  const pf_schema *solver = pf_schema_find(pf_config_schema(), "solver", NULL);
  pf_schema_expected(pf_schema_find(solver, "max_iterations", NULL), buf, sizeof(buf));
  PF_EXPECT(!strcmp(buf, "an integer, max_iterations >= 1"), "max_iterations expected '%s'", buf);
  pf_context_destroy(&ctx);
  return pf_test_result("config_values");
}
