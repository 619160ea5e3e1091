/* Malformed meshes: each gives PF_ERR_INPUT with a message that starts "FILE:LINE: " for the file
 * actually read (an included file names itself) and the line of the fault; the mesh handle stays
 * NULL. Unreadable files give PF_ERR_IO "cannot open FILE: reason". Also: format sniffing for
 * other extensions, and a gmsh file without physical groups (element set 'all', with a note).
 * The data files are in tests/mesh/data (tiny.msh / tiny.inp and variants of them). */
#include <stdio.h>

#include "mesh_test.h"

typedef struct {
  const char *file;    /* under tests/mesh/data */
  const char *in_file; /* the file the message names, if not `file` */
  int line;
  const char *text; /* a part of the message */
} pf_bad_case;

static const pf_bad_case cases[] = {
    {"truncated.msh", NULL, 28, "end of file inside the $Nodes section that starts at line 19"},
    {"truncated-eol.msh", NULL, 29, "end of file inside the $Nodes section"}, /* ends with \n */
    {"truncated-bin.msh", NULL, 18, "end of file inside the $Elements section"},
    {"truncated-bin-nodes.msh", NULL, 15, "end of file inside the $Nodes section"},
    {"wrong-count.msh", NULL, 20, "$Nodes declares 6 nodes but its blocks hold 5"},
    {"dangling.msh", NULL, 39, "element 2 (tet4) references node 9"},
    {"duplicate.msh", NULL, 24, "node tag 2 repeats (first at line 23)"},
    {"duplicate-elem.msh", NULL, 39, "element tag 1 repeats (first at line 37)"},
    {"endian.msh", NULL, 3, "the other byte order"},
    {"prism.msh", NULL, 38, "gmsh element type 6 (prism6) is not supported"},
    {"too-few.msh", NULL, 39, "element 2 has 3 nodes (expected 4 for tet4)"},
    {"bad-number.msh", NULL, 27, "expected a node coordinate, found '0x'"},
    {"version22.msh", NULL, 2, "gmsh format version 2.2 is not supported"},
    {"c3d20.inp", NULL, 9, "element type C3D20R is not supported"},
    {"missing-set.inp", NULL, 14,
     "surface 'bottom': no element set named 'solids' (did you mean 'solid'?)"},
    {"dangling.inp", NULL, 10, "element 1 references node 9, which is not defined"},
    {"duplicate.inp", NULL, 6, "node 2 is defined twice"},
    {"duplicate-elem.inp", NULL, 12, "element 1 is defined twice"},
    {"bad-number.inp", NULL, 7, "expected a coordinate, found '1.0.0'"},
    {"too-few.inp", NULL, 10, "element 1 has 9 nodes (expected 10 for C3D10)"},
    {"include-missing.inp", NULL, 3, "cannot open"},
    {"include-error.inp", "inc/bad-nodes.inc", 5, "expected a coordinate, found 'zero'"},
    {"include-cycle.inp", NULL, 2, "*INCLUDE nested more than"},
    {"set-cycle.inp", NULL, 15, "element set 'loop_a' contains itself"},
    {"instance-nopart.inp", NULL, 9, "no *PART named 'Blok' (did you mean 'Block'?)"},
};

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
}

static void copy_file(const char *from, const char *to) {
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  char buf[4096];
  size_t n;
  while (in && out && (n = fread(buf, 1, sizeof(buf), in)) > 0) fwrite(buf, 1, n, out);
  if (in) fclose(in);
  if (out) fclose(out);
}

int main(void) {
  pf_context *ctx;
  pf_context_create(&ctx);
  char path[4096], named[512];
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const pf_bad_case *c = &cases[i];
    snprintf(named, sizeof(named), "tests/mesh/data/%s", c->file);
    pf_test_path(named, path, sizeof(path));
    pf_mesh *m = (pf_mesh *)&m; /* must come back NULL */
    const int rc = pf_mesh_read(ctx, path, &m);
    const char *msg = pf_context_error(ctx);
    PF_EXPECT(rc == PF_ERR_INPUT && pf_context_error_code(ctx) == PF_ERR_INPUT,
              "%s: status %d, expected PF_ERR_INPUT (%s)", c->file, rc, msg);
    PF_EXPECT(m == NULL, "%s: the mesh handle is not NULL after a failure", c->file);
    if (c->in_file) {
      snprintf(named, sizeof(named), "tests/mesh/data/%s", c->in_file);
      pf_test_path(named, path, sizeof(path));
    }
    PF_EXPECT(mt_has_location(msg, path, c->line), "%s: message does not start with %s:%d: -> %s",
              c->file, path, c->line, msg);
    PF_EXPECT(strstr(msg, c->text) != NULL, "%s: message lacks \"%s\" -> %s", c->file, c->text,
              msg);
    pf_mesh_destroy(&m);
  }

  /* I/O errors. */
  pf_mesh *m = NULL;
  PF_EXPECT(pf_mesh_read(ctx, "no-such-dir/no-such-file.msh", &m) == PF_ERR_IO, "missing file");
  PF_EXPECT(!strcmp(pf_context_error(ctx),
                    "cannot open no-such-dir/no-such-file.msh: No such file or directory"),
            "message: %s", pf_context_error(ctx));
  PF_EXPECT(pf_mesh_read(ctx, ".", &m) == PF_ERR_IO && m == NULL, "a directory");
  PF_EXPECT(strstr(pf_context_error(ctx), "cannot open .: ") != NULL, "message: %s",
            pf_context_error(ctx));

  /* Format by content when the extension says nothing. */
  pf_test_path("tests/mesh/data/tiny.msh", path, sizeof(path));
  copy_file(path, "sniffed-gmsh.mesh");
  PF_EXPECT(
      pf_mesh_read(ctx, "sniffed-gmsh.mesh", &m) == PF_OK && m->blocks[PF_ELEM_TET4].count == 1,
      "sniffing a gmsh file: %s", pf_context_error(ctx));
  pf_mesh_destroy(&m);
  pf_test_path("tests/mesh/data/tiny.inp", path, sizeof(path));
  copy_file(path, "sniffed-abaqus.deck");
  PF_EXPECT(
      pf_mesh_read(ctx, "sniffed-abaqus.deck", &m) == PF_OK && m->blocks[PF_ELEM_TET4].count == 1,
      "sniffing an Abaqus deck: %s", pf_context_error(ctx));
  pf_mesh_destroy(&m);
  /* A deck that starts with a UTF-8 byte-order mark. */
  write_file("bom.deck",
             "\xEF\xBB\xBF*Node\n1, 0, 0, 0\n2, 1, 0, 0\n*Element, type=T3D2\n1, 1, 2\n");
  PF_EXPECT(pf_mesh_read(ctx, "bom.deck", &m) == PF_OK && m->blocks[PF_ELEM_TRUSS2].count == 1,
            "a deck with a byte-order mark: %s", pf_context_error(ctx));
  pf_mesh_destroy(&m);
  write_file("unknown.dat", "hello\n");
  PF_EXPECT(pf_mesh_read(ctx, "unknown.dat", &m) == PF_ERR_INPUT && m == NULL, "unknown format");
  PF_EXPECT(mt_has_location(pf_context_error(ctx), "unknown.dat", 1) &&
                strstr(pf_context_error(ctx), "unknown mesh format"),
            "message: %s", pf_context_error(ctx));
  write_file("empty.msh", "");
  PF_EXPECT(pf_mesh_read(ctx, "empty.msh", &m) == PF_ERR_INPUT && m == NULL, "empty file");
  PF_EXPECT(mt_has_location(pf_context_error(ctx), "empty.msh", 1), "message: %s",
            pf_context_error(ctx));

  /* A gmsh file without physical groups: element set 'all' of the 3D elements, with a note. */
  write_file("no-groups.msh",
             "$MeshFormat\n4.1 0 8\n$EndMeshFormat\n$Nodes\n1 4 1 4\n3 1 0 4\n1\n2\n3\n4\n"
             "0 0 0\n1 0 0\n0 1 0\n0 0 1\n$EndNodes\n$Elements\n2 2 1 2\n2 1 2 1\n1 1 2 3\n"
             "3 1 4 1\n2 1 2 3 4\n$EndElements\n");
  PF_EXPECT(pf_mesh_read(ctx, "no-groups.msh", &m) == PF_OK, "no-groups.msh: %s",
            pf_context_error(ctx));
  if (m) {
    const int all = pf_mesh_find_elset(m, "all");
    PF_EXPECT(all >= 0 && m->elsets[all].count == 1 && m->n_surfaces == 0,
              "no-groups.msh: expected element set 'all' of 1 element and no surface");
    int noted = 0;
    for (int i = 0; i < m->n_notes; i++) noted |= strstr(m->notes[i], "no physical groups") != 0;
    PF_EXPECT(noted, "no-groups.msh: no note about the missing physical groups");
    pf_mesh_destroy(&m);
  }
  pf_context_destroy(&ctx);
  return pf_test_result("test_mesh_errors");
}
