/* gmsh .msh 4.1 reader: $ElementData (post-processing views with values per element) ->
 * mesh->elem_data. Format: gmsh reference manual, "MSH file format" (version 4.1), $ElementData:
 *   numStringTags, then that many quoted strings, one a line (the first is the view name);
 *   numRealTags, then that many reals (the first is the time);
 *   numIntegerTags (at least 3), then that many integers: the time step, the number of
 *   components, the number of entries (then the partition, unused here);
 *   the entries "elementTag value ..." (binary: an int, then the doubles).
 * The header is text in both encodings. Each view name gives one mesh->elem_data; several
 * sections of one name are time steps (or partitions of one step): the last time step is used.
 *
 * Element tags: with physical groups gmsh saves only their elements in $Elements but writes the
 * values of a view for every element of the model, so a tag that $Elements lacks is ignored
 * (noted) there; in a file without physical groups every element is saved and such a tag is an
 * error. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mesh/pf_gmsh.h"

#define PF_INT32_MAX 2147483647

/* Does $Elements hold every element of the model? gmsh saves only the elements of physical
 * groups when there are any (Mesh.SaveAll = 0, the default), and all of them otherwise. */
static int saves_every_element(const pf_gmsh *g) { return g->phys.n == 0; }

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* A string tag: a quoted string on its own line. [out] name (a copy) when want_name. */
static int string_tag(pf_gmsh *g, int want_name, char **name) {
  while (g->cur < g->size && is_blank(g->data[g->cur])) g->cur++;
  if (g->cur >= g->size) return pf_gmsh_eof(g, "a quoted string tag");
  const int64_t pos = PF_POS(0, g->cur);
  if (g->data[g->cur] != '"') {
    const char *tok;
    size_t len;
    int64_t at;
    PF_CALL(pf_gmsh_word(g, &tok, &len, &at, "a quoted string tag"));
    return pf_rd_error(g->rd, at,
                       "expected a quoted string tag (the first is the view name), found "
                       "'%.*s' (the section holds fewer string tags than it declares?)",
                       len > 40 ? 40 : (int)len, tok);
  }
  const size_t start = ++g->cur;
  while (g->cur < g->size && g->data[g->cur] != '"' && g->data[g->cur] != '\n' &&
         g->data[g->cur] != '\0')
    g->cur++;
  if (g->cur >= g->size) return pf_gmsh_eof(g, "the closing quote of a string tag");
  if (g->data[g->cur] != '"')
    return pf_rd_error(g->rd, pos, "the string tag has no closing quote on its line");
  const size_t len = g->cur - start;
  g->cur++;
  if (!want_name) return PF_OK;
  if (len == 0) return pf_rd_error(g->rd, pos, "an empty view name (expected a name)");
  PF_CALL(PF_CALLOC(g->rd->ctx, len + 1, name));
  memcpy(*name, g->data + start, len);
  return PF_OK;
}

/* A new view at the end of g->views, with its name. */
static int new_view(pf_gmsh *g, pf_gmsh_view **v) {
  if (g->n_views >= (1 << 24))
    return pf_rd_error(g->rd, g->section_pos, "more than %d $ElementData sections (expected fewer)",
                       1 << 24);
  if (g->n_views == g->cap_views) {
    g->cap_views = g->cap_views ? 2 * g->cap_views : 8;
    PF_CALL(PF_REALLOC(g->rd->ctx, g->cap_views, &g->views));
  }
  *v = &g->views[g->n_views++];
  memset(*v, 0, sizeof(**v));
  (*v)->pos = g->section_pos;
  (*v)->next = -1;
  (*v)->tail = g->n_views - 1;
  return PF_OK;
}

/* The integer tags: time step, components (1, 3 or 9), entries, then any others. */
static int integer_tags(pf_gmsh *g, pf_gmsh_view *v) {
  int64_t n, x;
  PF_CALL(pf_gmsh_int(g, &n, 0, PF_INT32_MAX, "the number of integer tags"));
  if (n < 3)
    return pf_rd_error(g->rd, g->tok_pos,
                       "element data '%s': %lld integer tags (expected at least 3: the time "
                       "step, the number of components and the number of entries)",
                       v->name, (long long)n);
  PF_CALL(pf_gmsh_int(g, &v->step, 0, PF_INT32_MAX, "the time step"));
  PF_CALL(pf_gmsh_int(g, &x, 1, 9, "the number of components"));
  if (x != 1 && x != 3 && x != 9)
    return pf_rd_error(g->rd, g->tok_pos,
                       "element data '%s': %lld components (expected 1, 3 or 9: a scalar, a "
                       "vector or a tensor)",
                       v->name, (long long)x);
  v->components = (int)x;
  const int me = (int)(v - g->views), first = pf_namemap_get(&g->view_first, v->name);
  if (first >= 0 && g->views[first].components != v->components)
    return pf_rd_error(g->rd, g->tok_pos,
                       "element data '%s' has %d component%s here but %d in the $ElementData "
                       "section at line %lld (expected the same number)",
                       v->name, v->components, v->components == 1 ? "" : "s",
                       g->views[first].components,
                       (long long)pf_rd_line(g->rd, g->views[first].pos));
  if (first >= 0) {
    g->views[g->views[first].tail].next = me;
    g->views[first].tail = me;
  } else {
    PF_CALL(pf_namemap_put(g->rd->ctx, &g->view_first, v->name, me));
  }
  PF_CALL(pf_gmsh_int(g, &v->count, 0, INT64_MAX, "the number of entries"));
  const int64_t count_pos = g->tok_pos;
  for (int64_t i = 3; i < n; i++)
    PF_CALL(pf_gmsh_int(g, &x, -INT64_MAX, INT64_MAX, "an integer tag"));
  /* A wrong count must not allocate beyond the file: an entry takes at least "t v\n" per
   * component (ASCII) or an int and its doubles (binary). */
  const int64_t bytes = g->binary ? 4 + 8 * (int64_t)v->components : 2 * (1 + v->components);
  const int64_t room = (int64_t)(g->size - g->cur) / bytes;
  if (v->count > room)
    return pf_rd_error(g->rd, count_pos,
                       "element data '%s': %lld entries declared but the rest of the file can "
                       "hold at most %lld (the file is truncated or the count is wrong)",
                       v->name, (long long)v->count, (long long)room);
  if (saves_every_element(g) && v->count > g->n_elem_tags)
    return pf_rd_error(g->rd, count_pos,
                       "element data '%s': %lld entries declared but $Elements holds %lld "
                       "elements (expected at most one value per element)",
                       v->name, (long long)v->count, (long long)g->n_elem_tags);
  return PF_OK;
}

int pf_gmsh_element_data(pf_gmsh *g) {
  pf_context *ctx = g->rd->ctx;
  pf_gmsh_view *v = NULL;
  PF_CALL(new_view(g, &v));
  int64_t n;
  PF_CALL(pf_gmsh_int(g, &n, 0, PF_INT32_MAX, "the number of string tags"));
  if (n < 1)
    return pf_rd_error(g->rd, g->tok_pos,
                       "$ElementData without string tags (expected at least 1: the view name)");
  for (int64_t i = 0; i < n; i++) PF_CALL(string_tag(g, i == 0, &v->name));
  PF_CALL(pf_gmsh_int(g, &n, 0, PF_INT32_MAX, "the number of real tags"));
  for (int64_t i = 0; i < n; i++) {
    double x;
    PF_CALL(pf_gmsh_real(g, &x, "a real tag (the first is the time)"));
    if (i == 0) v->time = x;
  }
  PF_CALL(integer_tags(g, v));
  if (g->binary) { /* the entries start on the next line */
    while (g->cur < g->size && g->data[g->cur] != '\n') g->cur++;
    if (g->cur < g->size) g->cur++;
  }
  if (!g->seen) {
    PF_CALL(PF_CALLOC(ctx, g->n_elem_tags, &g->seen));
    PF_CALL(PF_CALLOC(ctx, g->n_elem_tags, &g->seen_pos));
  }
  v->first = g->view_tags.n;
  v->first_value = g->view_values.n;
  PF_CALL(pf_i64vec_reserve(ctx, &g->view_tags, g->view_tags.n + v->count));
  PF_CALL(pf_dvec_reserve(ctx, &g->view_values, g->view_values.n + v->count * v->components));
  return g->binary ? pf_gmsh_binary_element_data(g, v) : pf_gmsh_ascii_element_data(g, v);
}

int pf_gmsh_view_entry(pf_gmsh *g, pf_gmsh_view *v, int64_t tag, const double *values,
                       int64_t pos) {
  const int64_t k = pf_idmap_find(&g->elem_map, tag);
  if (k < 0 && saves_every_element(g))
    return pf_rd_error(g->rd, pos,
                       "element data '%s': element %lld is not in $Elements (expected the tag "
                       "of an element of the mesh)",
                       v->name, (long long)tag);
  if (k >= 0) {
    const int64_t me = (v - g->views) + 1;
    if (g->seen[k] == me)
      return pf_rd_error(g->rd, pos,
                         "element data '%s': element %lld has a second value in this section "
                         "(first at line %lld)",
                         v->name, (long long)tag, (long long)pf_rd_line(g->rd, g->seen_pos[k]));
    g->seen[k] = me;
    g->seen_pos[k] = pos;
  }
  /* Room was reserved for the declared entries, and no more can be read. */
  g->view_tags.a[g->view_tags.n++] = tag;
  memcpy(g->view_values.a + g->view_values.n, values, (size_t)v->components * sizeof(double));
  g->view_values.n += v->components;
  return PF_OK;
}

/* The sections named like section i (the first of its name): one mesh->elem_data from their
 * last time step. glob maps element tag indices to global element numbers (-1: not an element of
 * pfsim). */
static int build_view(pf_gmsh *g, int i, const int64_t *glob) {
  pf_context *ctx = g->rd->ctx;
  pf_mesh *m = g->mesh;
  const pf_gmsh_view *v0 = &g->views[i], *last = v0;
  const int nc = v0->components;
  const int64_t n_elems = m->elem_offset[PF_ELEM_NUM_TYPES];
  int64_t lo = v0->step;
  int sections = 0;
  for (int j = i; j >= 0; j = g->views[j].next) {
    const pf_gmsh_view *v = &g->views[j];
    sections++;
    if (v->step >= last->step) last = v;
    if (v->step < lo) lo = v->step;
  }
  PF_CALL(PF_REALLOC(ctx, m->n_elem_data + 1, &m->elem_data));
  pf_elem_data *d = &m->elem_data[m->n_elem_data];
  memset(d, 0, sizeof(*d));
  PF_CALL(pf_strdup(ctx, v0->name, &d->name));
  m->n_elem_data++;
  d->components = nc;
  PF_CALL(PF_CALLOC(ctx, n_elems * nc, &d->values));
  for (int64_t k = 0; k < n_elems * nc; k++) d->values[k] = NAN;
  /* Sections of the last step in file order: partitions, or a repeat whose values win. */
  int64_t not_saved = 0, not_kept = 0, first_ignored = 0;
  for (int j = i; j >= 0; j = g->views[j].next) {
    const pf_gmsh_view *v = &g->views[j];
    if (v->step != last->step) continue;
    for (int64_t k = 0; k < v->count; k++) {
      const int64_t tag = g->view_tags.a[v->first + k];
      const int64_t t = pf_idmap_find(&g->elem_map, tag), e = t >= 0 ? glob[t] : -1;
      if (e < 0) {
        not_saved += t < 0;
        not_kept += t >= 0;
        if (!first_ignored) first_ignored = tag;
        continue;
      }
      memcpy(d->values + e * nc, g->view_values.a + v->first_value + k * nc,
             (size_t)nc * sizeof(double));
    }
  }
  const char *path = g->rd->files[0].path;
  if (lo != last->step)
    PF_CALL(pf_mesh_add_note(ctx, m,
                             "element data '%s': %d $ElementData sections with time steps %lld "
                             "to %lld in %s; the last time step is used (step %lld, time %g, "
                             "line %lld)",
                             d->name, sections, (long long)lo, (long long)last->step, path,
                             (long long)last->step, last->time,
                             (long long)pf_rd_line(g->rd, last->pos)));
  if (not_saved + not_kept) {
    char why[256];
    int len = 0;
    if (not_saved)
      len = snprintf(why, sizeof(why),
                     "%lld element%s not saved in $Elements (gmsh saves only the elements of "
                     "physical groups)",
                     (long long)not_saved, not_saved == 1 ? "" : "s");
    if (not_kept)
      snprintf(why + len, sizeof(why) - (size_t)len,
               "%s%lld point%s, face%s or line%s outside 1D groups", len ? ", " : "",
               (long long)not_kept, not_kept == 1 ? "" : "s", not_kept == 1 ? "" : "s",
               not_kept == 1 ? "" : "s");
    const int64_t n = not_saved + not_kept;
    PF_CALL(pf_mesh_add_note(ctx, m,
                             "element data '%s': %lld value%s ignored, for elements pfsim does "
                             "not keep: %s; first: element %lld",
                             d->name, (long long)n, n == 1 ? "" : "s", why,
                             (long long)first_ignored));
  }
  int64_t missing = 0;
  for (int64_t e = 0; e < n_elems; e++) missing += isnan(d->values[e * nc]) != 0;
  if (missing)
    PF_CALL(pf_mesh_add_note(ctx, m, "element data '%s': %lld of %lld elements have no value (NaN)",
                             d->name, (long long)missing, (long long)n_elems));
  return PF_OK;
}

int pf_gmsh_build_data(pf_gmsh *g) {
  if (g->n_views == 0) return PF_OK;
  pf_mesh *m = g->mesh;
  int64_t *glob = NULL; /* element tag index -> global element number, -1 if none */
  PF_CALL(PF_CALLOC(g->rd->ctx, g->n_elem_tags, &glob));
  for (int64_t k = 0; k < g->n_elem_tags; k++) glob[k] = -1;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++)
    for (int64_t e = 0; e < m->blocks[t].count; e++) {
      const int64_t k = pf_idmap_find(&g->elem_map, m->blocks[t].ids[e]);
      if (k >= 0) glob[k] = m->elem_offset[t] + e;
    }
  int ierr = PF_OK;
  for (int i = 0; i < g->n_views && !ierr; i++)
    if (pf_namemap_get(&g->view_first, g->views[i].name) == i) ierr = build_view(g, i, glob);
  free(glob);
  return ierr;
}

void pf_gmsh_views_free(pf_gmsh *g) {
  for (int i = 0; i < g->n_views; i++) free(g->views[i].name);
  free(g->views);
  g->views = NULL;
  pf_namemap_free(&g->view_first);
  g->n_views = g->cap_views = 0;
  pf_i64vec_free(&g->view_tags);
  pf_dvec_free(&g->view_values);
  free(g->seen);
  free(g->seen_pos);
  g->seen = g->seen_pos = NULL;
}
