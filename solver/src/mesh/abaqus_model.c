/* Abaqus .inp reader: element types, scopes (top level, parts, assembly) and their sets, notes. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mesh/pf_abaqus.h"

/* Element types pfsim reads. Solid and truss node orders equal VTK's (Abaqus Analysis User's
 * Guide, "Three-dimensional solid element library" and "Truss elements"). Hybrid, incompatible-
 * mode, reduced-integration and modified variants are read as the plain element: pfsim uses its
 * own formulation (mean dilatation for near-incompressible materials). Surface element types are
 * read as faces: gmsh and other preprocessors write surface groups with them. */
static const pf_abq_type abq_types[] = {
    {"C3D4", PF_ELEM_TET4, 4, 0},
    {"C3D4H", PF_ELEM_TET4, 4, 1},
    {"C3D10", PF_ELEM_TET10, 10, 0},
    {"C3D10H", PF_ELEM_TET10, 10, 1},
    {"C3D10M", PF_ELEM_TET10, 10, 1},
    {"C3D10MH", PF_ELEM_TET10, 10, 1},
    {"C3D8", PF_ELEM_HEX8, 8, 0},
    {"C3D8R", PF_ELEM_HEX8, 8, 1},
    {"C3D8H", PF_ELEM_HEX8, 8, 1},
    {"C3D8I", PF_ELEM_HEX8, 8, 1},
    {"C3D8RH", PF_ELEM_HEX8, 8, 1},
    {"C3D8IH", PF_ELEM_HEX8, 8, 1},
    {"T3D2", PF_ELEM_TRUSS2, 2, 0},
    {"T3D2H", PF_ELEM_TRUSS2, 2, 1},
    {"CPS3", PF_ABQ_FACE + PF_FACE_TRI3, 3, 0},
    {"CPE3", PF_ABQ_FACE + PF_FACE_TRI3, 3, 0},
    {"STRI3", PF_ABQ_FACE + PF_FACE_TRI3, 3, 0},
    {"S3", PF_ABQ_FACE + PF_FACE_TRI3, 3, 0},
    {"S3R", PF_ABQ_FACE + PF_FACE_TRI3, 3, 0},
    {"M3D3", PF_ABQ_FACE + PF_FACE_TRI3, 3, 0},
    {"SFM3D3", PF_ABQ_FACE + PF_FACE_TRI3, 3, 0},
    {"R3D3", PF_ABQ_FACE + PF_FACE_TRI3, 3, 0},
    {"CPS4", PF_ABQ_FACE + PF_FACE_QUAD4, 4, 0},
    {"CPS4R", PF_ABQ_FACE + PF_FACE_QUAD4, 4, 0},
    {"CPE4", PF_ABQ_FACE + PF_FACE_QUAD4, 4, 0},
    {"CPE4R", PF_ABQ_FACE + PF_FACE_QUAD4, 4, 0},
    {"S4", PF_ABQ_FACE + PF_FACE_QUAD4, 4, 0},
    {"S4R", PF_ABQ_FACE + PF_FACE_QUAD4, 4, 0},
    {"M3D4", PF_ABQ_FACE + PF_FACE_QUAD4, 4, 0},
    {"M3D4R", PF_ABQ_FACE + PF_FACE_QUAD4, 4, 0},
    {"SFM3D4", PF_ABQ_FACE + PF_FACE_QUAD4, 4, 0},
    {"SFM3D4R", PF_ABQ_FACE + PF_FACE_QUAD4, 4, 0},
    {"R3D4", PF_ABQ_FACE + PF_FACE_QUAD4, 4, 0},
    {"CPS6", PF_ABQ_FACE + PF_FACE_TRI6, 6, 0},
    {"CPS6M", PF_ABQ_FACE + PF_FACE_TRI6, 6, 0},
    {"CPE6", PF_ABQ_FACE + PF_FACE_TRI6, 6, 0},
    {"CPE6M", PF_ABQ_FACE + PF_FACE_TRI6, 6, 0},
    {"STRI65", PF_ABQ_FACE + PF_FACE_TRI6, 6, 0},
    {"M3D6", PF_ABQ_FACE + PF_FACE_TRI6, 6, 0},
    {"SFM3D6", PF_ABQ_FACE + PF_FACE_TRI6, 6, 0},
};

static int has_prefix(const char *s, const char *prefix) {
  for (; *prefix; s++, prefix++)
    if (toupper((unsigned char)*s) != *prefix) return 0;
  return 1;
}

const pf_abq_type *pf_abq_type_info(const char *name, int *unsupported_solid) {
  *unsupported_solid = 0;
  for (size_t i = 0; i < sizeof(abq_types) / sizeof(abq_types[0]); i++)
    if (pf_strcaseeq(name, abq_types[i].name)) return &abq_types[i];
  /* 3D continuum (stress, heat transfer, acoustic): C3D.., DC3D.., AC3D.. */
  *unsupported_solid = has_prefix(name, "C3D") || has_prefix(name, "DC3D") ||
                       has_prefix(name, "AC3D") || has_prefix(name, "COH3D");
  return NULL;
}

const char *pf_abq_type_family(const char *name) {
  static const struct {
    const char *prefix, *family;
  } families[] = {
      {"CONN", "connector elements"},           {"SPRING", "spring elements"},
      {"DASHPOT", "dashpot elements"},          {"MASS", "point masses"},
      {"ROTARYI", "rotary inertia elements"},   {"B", "beam elements"},
      {"T", "truss elements of this order"},    {"GAP", "gap elements"},
      {"SFM", "surface elements of this kind"}, {"S", "shell elements of this kind"},
      {"CP", "plane elements of this kind"},    {"CA", "axisymmetric elements"},
      {"M", "membrane elements of this kind"},  {"R", "rigid elements of this kind"},
  };
  for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
    if (has_prefix(name, families[i].prefix)) return families[i].family;
  return "elements of this type";
}

int pf_abq_scope_new(pf_abq *A, const char *name, int kind, int64_t pos, int *index) {
  if (A->n_scopes == A->cap_scopes) {
    A->cap_scopes = A->cap_scopes ? 2 * A->cap_scopes : 8;
    PF_CALL(PF_REALLOC(A->ctx, A->cap_scopes, &A->scopes));
  }
  pf_abq_scope *s = &A->scopes[A->n_scopes];
  memset(s, 0, sizeof(*s));
  for (int k = 0; k < 3; k++) s->set_map[k].nocase = 1;
  s->kind = kind;
  s->pos = pos;
  *index = A->n_scopes++;
  return pf_strdup(A->ctx, name, &s->name);
}

int pf_abq_set_get(pf_abq *A, pf_abq_scope *s, int kind, const char *name, int64_t pos,
                   pf_abq_set **set) {
  const int i = pf_namemap_get(&s->set_map[kind], name);
  if (i >= 0) {
    *set = &s->sets[i];
    return PF_OK;
  }
  if (s->n_sets == s->cap_sets) {
    /* The name map keeps pointers to the names, which stay put when the array moves. */
    s->cap_sets = s->cap_sets ? 2 * s->cap_sets : 8;
    PF_CALL(PF_REALLOC(A->ctx, s->cap_sets, &s->sets));
  }
  pf_abq_set *t = &s->sets[s->n_sets];
  memset(t, 0, sizeof(*t));
  t->kind = kind;
  t->pos = pos;
  PF_CALL(pf_strdup(A->ctx, name, &t->name));
  s->n_sets++;
  PF_CALL(pf_namemap_put(A->ctx, &s->set_map[kind], t->name, s->n_sets - 1));
  *set = t;
  return PF_OK;
}

int pf_abq_item_add(pf_abq *A, pf_abq_set *set, int type, int64_t a, int64_t b, int64_t c,
                    const char *name, int name_len, const char *inst, int label, int64_t pos) {
  if (set->n_items == set->cap_items) {
    set->cap_items = set->cap_items ? 2 * set->cap_items : 8;
    PF_CALL(PF_REALLOC(A->ctx, set->cap_items, &set->items));
  }
  pf_abq_item *it = &set->items[set->n_items];
  memset(it, 0, sizeof(*it));
  set->n_items++;
  it->type = type;
  it->a = a;
  it->b = b;
  it->c = c;
  it->label = label;
  it->pos = pos;
  if (name) {
    if (name_len >= 2 && name[0] == '"' && name[name_len - 1] == '"') name++, name_len -= 2;
    PF_CALL(PF_CALLOC(A->ctx, name_len + 1, &it->name));
    memcpy(it->name, name, (size_t)name_len);
  }
  return pf_strdup(A->ctx, inst, &it->inst);
}

int pf_abq_note_once(pf_abq *A, const char *key, int *first) {
  *first = pf_namemap_get(&A->noted, key) < 0;
  if (!*first) return PF_OK;
  PF_CALL(PF_REALLOC(A->ctx, A->n_noted + 1, &A->noted_names));
  A->noted_names[A->n_noted] = NULL;
  PF_CALL(pf_strdup(A->ctx, key, &A->noted_names[A->n_noted]));
  A->n_noted++;
  return pf_namemap_put(A->ctx, &A->noted, A->noted_names[A->n_noted - 1], 1);
}

static void scope_free(pf_abq_scope *s) {
  free(s->name);
  pf_i64vec_free(&s->node_ids);
  pf_i64vec_free(&s->node_pos);
  pf_dvec_free(&s->x);
  for (int k = 0; k < PF_ABQ_KINDS; k++) {
    pf_i64vec_free(&s->el_ids[k]);
    pf_i64vec_free(&s->el_conn[k]);
    pf_i64vec_free(&s->el_pos[k]);
  }
  for (int64_t q = 0; q < s->n_qref; q++) free(s->qref[q]);
  free(s->qref);
  for (int i = 0; i < s->n_sets; i++) {
    pf_abq_set *t = &s->sets[i];
    free(t->name);
    pf_i64vec_free(&t->ids);
    for (int64_t k = 0; k < t->n_items; k++) {
      free(t->items[k].name);
      free(t->items[k].inst);
    }
    free(t->items);
  }
  free(s->sets);
  for (int k = 0; k < 3; k++) pf_namemap_free(&s->set_map[k]);
  pf_idmap_free(&s->node_map);
  pf_idmap_free(&s->elem_map);
  pf_i64vec_free(&s->elem_all_ids);
  pf_i64vec_free(&s->elem_codes);
}

void pf_abq_free(pf_abq *A) {
  for (int i = 0; i < A->n_scopes; i++) scope_free(&A->scopes[i]);
  free(A->scopes);
  for (int i = 0; i < A->n_inst; i++) {
    free(A->inst[i].name);
    free(A->inst[i].part);
  }
  free(A->inst);
  pf_namemap_free(&A->part_map);
  pf_namemap_free(&A->inst_map);
  pf_namemap_free(&A->noted);
  for (int i = 0; i < A->n_noted; i++) free(A->noted_names[i]);
  free(A->noted_names);
  /* placements (their memo) are freed by pf_abq_build */
}
