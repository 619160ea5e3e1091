/* Per-element data from gmsh $ElementData -> mesh->elem_data (fibre directions).
 *  1. tests/mesh/data/fibre.msh, written by gmsh 4.8.4 itself (make_fibre.sh, fibre.geo): 48 tet10
 *     with the 3-component view "fibre" = the position of each tet's 4th corner (how
 *     Plugin(ModifyComponents) evaluates x, y, z on ElementData). Checked exactly for every tet
 *     (the file holds coordinates and values with 16 significant digits); the 64 values of
 *     points, lines and triangles are ignored (noted).
 *  2. fibre-bin.msh (the same, binary) gives bit-identical values element by element, and so does
 *     fibre.msh with its entries in reverse order.
 *  3. elem-data.msh (by hand): tet4, hex8, a truss from a 1D group, a face and a point; views
 *     "fibre" (two time steps: the last wins, elements it misses are NaN), "Angle" (1 component,
 *     two partitions of one step, a later value wins), "angle" and "stress" (9 components);
 *     look-up exact, then case-insensitive.
 *  4. Malformed $ElementData sections (ASCII, and binary patches of fibre-bin.msh): PF_ERR_INPUT
 *     with "FILE:LINE: " of the fault.
 * Files written here go to the working directory: the test's build directory under ctest. */
#include <stdint.h>
#include <stdio.h>

#include "mesh_test.h"

static int has_note(const pf_mesh *m, const char *text) {
  for (int i = 0; i < m->n_notes; i++)
    if (strstr(m->notes[i], text)) return 1;
  return 0;
}

/* The global number of element id (any type), -1 if absent. */
static int64_t global_of(const pf_mesh *m, int64_t id) {
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const int64_t e = mt_elem_index(m, (pf_elem_type)t, id);
    if (e >= 0) return m->elem_offset[t] + e;
  }
  return -1;
}

static void check_gmsh_fibre(pf_context *ctx) {
  pf_mesh *m = mt_read(ctx, "tests/mesh/data/fibre.msh");
  if (!m) return;
  const int64_t n = m->blocks[PF_ELEM_TET10].count;
  PF_EXPECT(n == 48 && m->elem_offset[PF_ELEM_NUM_TYPES] == 48,
            "fibre.msh: %lld tet10, expected 48", (long long)n);
  const int f = pf_mesh_find_elem_data(m, "fibre");
  PF_EXPECT(m->n_elem_data == 1 && f == 0, "fibre.msh: %d element data, 'fibre' at %d",
            m->n_elem_data, f);
  if (f == 0 && m->elem_data[0].components == 3) {
    const pf_elem_data *d = &m->elem_data[0];
    int64_t wrong = 0;
    for (int64_t e = 0; e < n; e++) {
      const int64_t g = m->elem_offset[PF_ELEM_TET10] + e;
      const double *corner = m->x + 3 * m->blocks[PF_ELEM_TET10].conn[10 * e + 3];
      for (int i = 0; i < 3; i++) wrong += d->values[3 * g + i] != corner[i];
    }
    PF_EXPECT(wrong == 0, "fibre.msh: %lld values differ from the position of corner 3",
              (long long)wrong);
    /* Not all alike: the check above tells elements apart. */
    int64_t distinct = 0;
    for (int64_t e = 1; e < n; e++)
      distinct += memcmp(d->values + 3 * e, d->values, 3 * sizeof(double)) != 0;
    PF_EXPECT(distinct > n / 2, "fibre.msh: only %lld values differ from the first",
              (long long)distinct);
  } else {
    PF_EXPECT(0, "fibre.msh: 'fibre' missing or not 3 components");
  }
  PF_EXPECT(pf_mesh_find_elem_data(m, "FIBRE") == 0 && pf_mesh_find_elem_data(m, "fibres") == -1,
            "fibre.msh: look-up by name");
  PF_EXPECT(has_note(m, "'fibre': 64 values ignored") && has_note(m, "56 elements not saved") &&
                has_note(m, "8 points, faces or lines") && !has_note(m, "no value (NaN)"),
            "fibre.msh: notes about the ignored values (and none about NaN) expected");
  pf_mesh_destroy(&m);
}

static void check_binary(pf_context *ctx) {
  pf_mesh *a = mt_read(ctx, "tests/mesh/data/fibre.msh");
  pf_mesh *b = mt_read(ctx, "tests/mesh/data/fibre-bin.msh");
  if (a && b && a->n_elem_data == 1 && b->n_elem_data == 1) {
    PF_EXPECT(!strcmp(b->elem_data[0].name, "fibre") && b->elem_data[0].components == 3,
              "fibre-bin.msh: 'fibre' of 3 components expected");
    const int64_t n = a->elem_offset[PF_ELEM_NUM_TYPES];
    PF_EXPECT(b->elem_offset[PF_ELEM_NUM_TYPES] == n, "fibre-bin.msh: element count differs");
    int64_t compared = 0;
    for (int64_t g = 0; g < n; g++) {
      pf_elem_type t;
      int64_t e;
      pf_mesh_elem_locate(a, g, &t, &e);
      const int64_t h = global_of(b, a->blocks[t].ids[e]);
      PF_EXPECT(h >= 0 && !memcmp(a->elem_data[0].values + 3 * g, b->elem_data[0].values + 3 * h,
                                  3 * sizeof(double)),
                "fibre: element %lld differs between ASCII and binary",
                (long long)a->blocks[t].ids[e]);
      compared++;
    }
    PF_EXPECT(compared == 48, "fibre: %lld elements compared", (long long)compared);
  } else {
    PF_EXPECT(0, "fibre.msh / fibre-bin.msh: one element data each expected");
  }
  pf_mesh_destroy(&a);
  pf_mesh_destroy(&b);
}

/* The entries of fibre.msh in reverse order (written to the working directory, the test's build
 * directory under ctest): every tet10 gets the same value as from the file in gmsh's order, so a
 * value follows its element tag, not its position. */
static void check_reversed(pf_context *ctx) {
  char path[4096];
  pf_test_path("tests/mesh/data/fibre.msh", path, sizeof(path));
  FILE *f = fopen(path, "rb");
  PF_EXPECT(f != NULL, "cannot open %s", path);
  if (!f) return;
  static char data[1 << 15], out[1 << 15];
  const size_t size = fread(data, 1, sizeof(data) - 1, f);
  fclose(f);
  data[size] = '\0';
  /* The entries: the lines after the 10 header lines of $ElementData up to $EndElementData. */
  char *sec = strstr(data, "$ElementData\n"), *end = strstr(data, "$EndElementData");
  PF_EXPECT(sec && end && sec < end, "fibre.msh: no $ElementData section");
  if (!sec || !end || sec > end) return;
  char *first = sec;
  for (int nl = 0; nl < 10 && first < end; first++) nl += *first == '\n';
  size_t n_out = (size_t)(first - data);
  memcpy(out, data, n_out);
  int lines = 0;
  for (char *line_end = end - 1; line_end > first;) { /* line_end: the '\n' ending a line */
    char *line = line_end;
    while (line > first && line[-1] != '\n') line--;
    memcpy(out + n_out, line, (size_t)(line_end - line) + 1);
    n_out += (size_t)(line_end - line) + 1;
    line_end = line - 1;
    lines++;
  }
  memcpy(out + n_out, end, size - (size_t)(end - data));
  n_out += size - (size_t)(end - data);
  PF_EXPECT(lines == 112, "fibre.msh: %d entries reversed, expected 112", lines);
  FILE *o = fopen("data-reversed.msh", "wb");
  fwrite(out, 1, n_out, o);
  fclose(o);
  pf_mesh *a = mt_read(ctx, "tests/mesh/data/fibre.msh"), *b = NULL;
  PF_EXPECT(pf_mesh_read(ctx, "data-reversed.msh", &b) == PF_OK, "data-reversed.msh: %s",
            pf_context_error(ctx));
  if (a && b && a->n_elem_data == 1 && b->n_elem_data == 1) {
    const int64_t n = a->elem_offset[PF_ELEM_NUM_TYPES];
    PF_EXPECT(b->elem_offset[PF_ELEM_NUM_TYPES] == n &&
                  !memcmp(a->elem_data[0].values, b->elem_data[0].values,
                          (size_t)(3 * n) * sizeof(double)),
              "data-reversed.msh: values differ from fibre.msh");
  } else {
    PF_EXPECT(0, "fibre.msh / data-reversed.msh: one element data each expected");
  }
  pf_mesh_destroy(&a);
  pf_mesh_destroy(&b);
}

/* Value c of data d at element id; NaN checks use isnan. */
static double value_at(const pf_mesh *m, const pf_elem_data *d, int64_t id, int c) {
  const int64_t g = global_of(m, id);
  return g >= 0 ? d->values[g * d->components + c] : -12345.0;
}

static void check_hand_written(pf_context *ctx) {
  pf_mesh *m = mt_read(ctx, "tests/mesh/data/elem-data.msh");
  if (!m) return;
  PF_EXPECT(m->elem_offset[PF_ELEM_NUM_TYPES] == 4 && m->blocks[PF_ELEM_TRUSS2].count == 1,
            "elem-data.msh: 2 tet4, 1 hex8 and 1 truss2 expected");
  PF_EXPECT(m->n_elem_data == 4, "elem-data.msh: %d element data, expected 4", m->n_elem_data);
  const char *names[4] = {"fibre", "Angle", "angle", "stress"};
  const int comps[4] = {3, 1, 1, 9};
  for (int i = 0; i < 4 && i < m->n_elem_data; i++)
    PF_EXPECT(!strcmp(m->elem_data[i].name, names[i]) && m->elem_data[i].components == comps[i],
              "element data %d: '%s' of %d components, expected '%s' of %d", i,
              m->elem_data[i].name, m->elem_data[i].components, names[i], comps[i]);
  PF_EXPECT(pf_mesh_find_elem_data(m, "angle") == 2 && pf_mesh_find_elem_data(m, "Angle") == 1 &&
                pf_mesh_find_elem_data(m, "ANGLE") == 1 &&
                pf_mesh_find_elem_data(m, "Stress") == 3 &&
                pf_mesh_find_elem_data(m, "strain") == -1 && pf_mesh_find_elem_data(m, NULL) == -1,
            "elem-data.msh: look-up exact, then case-insensitive");
  if (m->n_elem_data == 4) {
    /* fibre: step 1 (the last) gives 10 and 21; 20 and the truss 30 had values only at step 0. */
    const pf_elem_data *f = &m->elem_data[0];
    const double f10[3] = {0.6, 0.8, 0.0}, f21[3] = {0.0, 0.6, 0.8};
    for (int c = 0; c < 3; c++) {
      PF_EXPECT(value_at(m, f, 10, c) == f10[c] && value_at(m, f, 21, c) == f21[c],
                "fibre: elements 10 and 21 must have the step-1 values (component %d)", c);
      PF_EXPECT(isnan(value_at(m, f, 20, c)) && isnan(value_at(m, f, 30, c)),
                "fibre: elements 20 and 30 have no step-1 value: NaN expected (component %d)", c);
    }
    /* Angle: two partitions of step 0; element 20 is given twice, the later value (26) wins. */
    const pf_elem_data *a = &m->elem_data[1];
    const int64_t ids[4] = {10, 20, 21, 30};
    const double want[4] = {15.0, 26.0, 35.0, 45.0};
    for (int k = 0; k < 4; k++)
      PF_EXPECT(value_at(m, a, ids[k], 0) == want[k], "Angle at element %lld: %g, expected %g",
                (long long)ids[k], value_at(m, a, ids[k], 0), want[k]);
    const pf_elem_data *s = &m->elem_data[3];
    for (int c = 0; c < 9; c++)
      PF_EXPECT(value_at(m, s, 10, c) == 1.0 + c && value_at(m, s, 21, c) == 11.0 + c &&
                    isnan(value_at(m, s, 20, c)) && isnan(value_at(m, s, 30, c)),
                "stress: component %d misread", c);
    PF_EXPECT(
        value_at(m, &m->elem_data[2], 10, 0) == -1.0 && isnan(value_at(m, &m->elem_data[2], 21, 0)),
        "angle: element 10 is -1, the others NaN");
  }
  const char *notes[] = {"'fibre': 2 $ElementData sections with time steps 0 to 1",
                         "step 1, time 0.5, line 96",
                         "'fibre': 1 value ignored, for elements pfsim does not keep: 1 point",
                         "first: element 50",
                         "'fibre': 2 of 4 elements have no value (NaN)",
                         "'angle': 3 of 4 elements have no value",
                         "skipped section $NodeData",
                         "skipped section $ElementNodeData"};
  for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
    PF_EXPECT(has_note(m, notes[i]), "elem-data.msh: no note \"%s\"", notes[i]);
  PF_EXPECT(!has_note(m, "'Angle': ") && !has_note(m, "'stress': 2 $ElementData"),
            "elem-data.msh: 'Angle' has a value everywhere and one step: no note expected");
  pf_mesh_destroy(&m);
}

/* A mesh of two tet4 without physical groups (every element saved: an unknown tag is an error),
 * 23 lines, then an $ElementData section from line 24. */
static const char base[] =
    "$MeshFormat\n4.1 0 8\n$EndMeshFormat\n$Nodes\n1 5 1 5\n3 1 0 5\n1\n2\n3\n4\n5\n"
    "0 0 0\n1 0 0\n0 1 0\n0 0 1\n1 1 1\n$EndNodes\n$Elements\n1 2 1 2\n3 1 4 2\n1 1 2 3 4\n"
    "2 2 3 4 5\n$EndElements\n";

typedef struct {
  const char *data; /* the $ElementData part */
  int line;
  const char *text;
} pf_data_case;

#define HEAD "$ElementData\n1\n\"fibre\"\n1\n0\n3\n0\n3\n" /* lines 24-31 */
static const pf_data_case bad[] = {
    {HEAD "2\n1 1 0 0\n$EndElementData\n", 34,
     "expected an element tag, found '$EndElementData' (the section holds fewer entries"},
    {HEAD "1\n1 1 0 0\n2 0 1 0\n$EndElementData\n", 34, "expected $EndElementData, found '2'"},
    {HEAD "2\n1 1 0 0\n7 0 1 0\n$EndElementData\n", 34,
     "element data 'fibre': element 7 is not in $Elements"},
    {HEAD "2\n1 1 0 0\n2 0 x1 0\n$EndElementData\n", 34, "expected a value, found 'x1'"},
    {HEAD "2\n1 1 0 0\n2 0 nan 0\n$EndElementData\n", 34, "expected a value, found 'nan'"},
    {HEAD "2\n1 1 0 0\n2 0 1\n$EndElementData\n", 34, "element 2 has 2 values (expected 3)"},
    {HEAD "2\n1 1 0 0\n2 0 1 0 4\n$EndElementData\n", 34, "element 2 has more than 3 values"},
    {HEAD "2\n1 1 0 0\n1 0 1 0\n$EndElementData\n", 34,
     "element 1 has a second value in this section (first at line 33)"},
    {HEAD "2\n1 1.000 0 0\n2 0 1", 34,
     "end of file inside the $ElementData section that starts at line 24: expected a value"},
    {HEAD "2\n1 1 0 0\n2 0 1 0\n", 34, "expected $EndElementData"},
    {HEAD "3\n1 1 0 0\n2 0 1 0\n3 0 0 1\n$EndElementData\n", 32,
     "3 entries declared but $Elements holds 2 elements"},
    {HEAD "1000\n1 1 0 0\n2 0 1 0\n$EndElementData\n", 32,
     "1000 entries declared but the rest of the file can hold at most"},
    {HEAD "0\n$EndElementData\n$ElementData\n1\n\"fibre\"\n1\n0\n3\n1\n1\n0\n$EndElementData\n", 41,
     "has 1 component here but 3 in the $ElementData section at line 24"},
    {"$ElementData\n1\n\"fibre\"\n1\n0\n3\n0\n2\n1\n1 1 0\n$EndElementData\n", 31,
     "2 components (expected 1, 3 or 9"},
    {"$ElementData\n1\n\"fibre\"\n1\n0\n2\n0\n3\n$EndElementData\n", 29,
     "2 integer tags (expected at least 3"},
    {"$ElementData\n0\n1\n0\n3\n0\n3\n0\n$EndElementData\n", 25, "without string tags"},
    {"$ElementData\n1\nfibre\n1\n0\n3\n0\n3\n0\n$EndElementData\n", 26,
     "expected a quoted string tag (the first is the view name), found 'fibre'"},
    {"$ElementData\n1\n\"fibre\n1\n0\n3\n0\n3\n0\n$EndElementData\n", 26, "no closing quote"},
    {"$ElementData\n1\n\"\"\n1\n0\n3\n0\n3\n0\n$EndElementData\n", 26, "an empty view name"},
    {"$ElementData\n1\n\"fibre\"\n1\nsoon\n3\n0\n3\n0\n$EndElementData\n", 28,
     "expected a real tag (the first is the time), found 'soon'"},
};

static void write_text(const char *path, const char *a, const char *b) {
  FILE *f = fopen(path, "w");
  fputs(a, f);
  fputs(b, f);
  fclose(f);
}

/* Reads path and expects PF_ERR_INPUT "path:line: ...text...", and a NULL mesh. */
static void expect_error(pf_context *ctx, const char *path, int line, const char *text,
                         const char *what) {
  pf_mesh *m = (pf_mesh *)&m;
  const int rc = pf_mesh_read(ctx, path, &m);
  const char *msg = pf_context_error(ctx);
  PF_EXPECT(rc == PF_ERR_INPUT && m == NULL, "%s: status %d (%s)", what, rc, msg);
  PF_EXPECT(mt_has_location(msg, path, line), "%s: expected %s:%d: -> %s", what, path, line, msg);
  PF_EXPECT(strstr(msg, text) != NULL, "%s: message lacks \"%s\" -> %s", what, text, msg);
  if (rc == PF_OK) pf_mesh_destroy(&m);
}

static void check_errors(pf_context *ctx) {
  /* The base with a good section reads (so that each case fails for its own fault). */
  write_text("data-good.msh", base, HEAD "2\n1 1 0 0\n2 0 1 0\n$EndElementData\n");
  pf_mesh *m = NULL;
  PF_EXPECT(pf_mesh_read(ctx, "data-good.msh", &m) == PF_OK && m->n_elem_data == 1,
            "data-good.msh: %s", pf_context_error(ctx));
  pf_mesh_destroy(&m);
  char what[64];
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    write_text("data-bad.msh", base, bad[i].data);
    snprintf(what, sizeof(what), "ASCII case %zu", i);
    expect_error(ctx, "data-bad.msh", bad[i].line, bad[i].text, what);
  }
  /* A section before $Elements. */
  write_text("data-early.msh", "$MeshFormat\n4.1 0 8\n$EndMeshFormat\n" HEAD "0\n$EndElementData\n",
             "$Nodes\n0 0 0 0\n$EndNodes\n");
  expect_error(ctx, "data-early.msh", 4, "$ElementData before $Elements", "early section");
}

/* Binary faults: fibre-bin.msh with its first entry's tag set to 0, a value set to NaN, or the
 * file cut inside the entries. */
static void check_binary_errors(pf_context *ctx) {
  char path[4096];
  pf_test_path("tests/mesh/data/fibre-bin.msh", path, sizeof(path));
  FILE *f = fopen(path, "rb");
  PF_EXPECT(f != NULL, "cannot open %s", path);
  if (!f) return;
  static char data[1 << 16];
  const size_t size = fread(data, 1, sizeof(data), f);
  fclose(f);
  /* The entries start on the line after the 3 integer tags that follow the section header. */
  const char *sec = NULL;
  for (size_t k = 0; k + 12 < size && !sec; k++)
    if (!memcmp(data + k, "$ElementData", 12)) sec = data + k;
  PF_EXPECT(sec != NULL, "fibre-bin.msh: no $ElementData");
  if (!sec) return;
  const char *p = sec;
  int line = 1;
  for (const char *q = data; q < sec; q++) line += *q == '\n';
  for (int nl = 0; nl < 10; p++) /* $ElementData, 2 string, 1+1 real, 1+3 integer tag lines */
    if (*p == '\n') nl++, line++;
  const size_t at = (size_t)(p - data);
  int tag;
  memcpy(&tag, data + at, sizeof(tag));
  PF_EXPECT(tag == 57, "fibre-bin.msh: the first entry is element %d, expected 57", tag);
  static char copy[1 << 16];
  memcpy(copy, data, size);
  memset(copy + at, 0, sizeof(int));
  FILE *o = fopen("data-bin-tag.msh", "wb");
  fwrite(copy, 1, size, o);
  fclose(o);
  expect_error(ctx, "data-bin-tag.msh", line, "element data 'fibre': element tag 0 (expected >= 1)",
               "binary tag 0");
  memcpy(copy, data, size);
  const double nan = NAN;
  memcpy(copy + at + sizeof(int), &nan, sizeof(nan));
  o = fopen("data-bin-nan.msh", "wb");
  fwrite(copy, 1, size, o);
  fclose(o);
  expect_error(ctx, "data-bin-nan.msh", line, "a value is not a finite number", "binary NaN");
  o = fopen("data-bin-cut.msh", "wb");
  fwrite(data, 1, at + 100, o);
  fclose(o);
  expect_error(ctx, "data-bin-cut.msh", line - 1, "entries declared but the rest of the file",
               "binary cut");
}

int main(void) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_ERROR);
  check_gmsh_fibre(ctx);
  check_binary(ctx);
  check_reversed(ctx);
  check_hand_written(ctx);
  check_errors(ctx);
  check_binary_errors(ctx);
  pf_context_destroy(&ctx);
  return pf_test_result("test_mesh_elem_data");
}
