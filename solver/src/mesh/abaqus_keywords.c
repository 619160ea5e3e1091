/* Abaqus .inp reader: the keyword loop. Geometry and sets are read (*NODE, *ELEMENT, *NSET,
 * *ELSET, *SURFACE, *PART, *ASSEMBLY, *INSTANCE, *INCLUDE); every other keyword is skipped with one
 * note per keyword (Abaqus Keywords Reference Guide for each keyword's parameters). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mesh/pf_abaqus.h"

static int is_blank_line(const pf_abq_line *line) {
  for (size_t i = 0; i < line->len; i++)
    if (!isspace((unsigned char)line->s[i])) return 0;
  return 1;
}

/* The next data line of the current keyword; *got = 0 at the next keyword line (given back) or
 * at the end of the deck. Blank lines are skipped unless keep_blank. */
static int next_data(pf_abq *A, pf_abq_line *line, int *got, int keep_blank) {
  for (;;) {
    PF_CALL(pf_abq_lex_next(&A->lx, line, got));
    if (!*got) return PF_OK;
    if (line->keyword) {
      pf_abq_lex_unread(&A->lx, line);
      *got = 0;
      return PF_OK;
    }
    if (keep_blank || !is_blank_line(line)) return PF_OK;
  }
}

static int skip_data(pf_abq *A) {
  pf_abq_line line;
  int got = 1;
  while (got) PF_CALL(next_data(A, &line, &got, 1));
  return PF_OK;
}

static const char *where(pf_abq *A, int64_t pos, char *buf, size_t size) {
  snprintf(buf, size, "%s:%lld", pf_rd_path(A->rd, pos), (long long)pf_rd_line(A->rd, pos));
  return buf;
}

/* The scope that receives nodes, elements and sets. */
static int data_scope(pf_abq *A, const pf_abq_keyword *kw, pf_abq_scope **s) {
  *s = &A->scopes[A->cur];
  if (A->in_instance >= 0)
    return pf_rd_error(A->rd, kw->pos,
                       "*%s inside *INSTANCE is not supported (expected it in the *PART that "
                       "the instance places, or at the assembly level)",
                       kw->name);
  const char *input = pf_abq_param(kw, "INPUT");
  if (input) PF_CALL(pf_abq_lex_include(&A->lx, input, kw->pos));
  return PF_OK;
}

/* A required name parameter. */
static int name_param(pf_abq *A, const pf_abq_keyword *kw, const char *key, const char **value) {
  *value = pf_abq_param(kw, key);
  if (!*value || !**value) return pf_rd_error(A->rd, kw->pos, "*%s needs %s=name", kw->name, key);
  return PF_OK;
}

static int kw_node(pf_abq *A, const pf_abq_keyword *kw) {
  pf_abq_scope *s;
  PF_CALL(data_scope(A, kw, &s));
  const char *system = pf_abq_param(kw, "SYSTEM"), *nset = pf_abq_param(kw, "NSET");
  if (system && !pf_strcaseeq(system, "R"))
    return pf_rd_error(A->rd, kw->pos,
                       "*NODE, SYSTEM=%s is not supported (expected rectangular coordinates, "
                       "SYSTEM=R)",
                       system);
  pf_abq_set *set = NULL;
  if (nset) PF_CALL(pf_abq_set_get(A, s, PF_ABQ_NSET, nset, kw->pos, &set));
  const int64_t first = set ? set->ids.n : 0;
  pf_abq_line line;
  int got = 1, more;
  pf_abq_field f[8];
  for (;;) {
    PF_CALL(next_data(A, &line, &got, 0));
    if (!got) break;
    const int n = pf_abq_split(&line, f, 8, &more);
    if (n == 0) continue;
    if (n > 7)
      return pf_rd_error(A->rd, line.pos,
                         "a *NODE line with %d fields (expected the node id and its coordinates)",
                         n);
    int64_t id;
    double x[3];
    PF_CALL(pf_abq_int(A->rd, &f[0], line.pos, 1, "a node id", &id));
    for (int k = 0; k < 3; k++) {
      x[k] = 0.0;
      if (k + 1 < n) PF_CALL(pf_abq_real(A->rd, &f[k + 1], line.pos, "a coordinate", &x[k]));
    }
    PF_CALL(pf_i64vec_push(A->ctx, &s->node_ids, id));
    PF_CALL(pf_i64vec_push(A->ctx, &s->node_pos, line.pos));
    for (int k = 0; k < 3; k++) PF_CALL(pf_dvec_push(A->ctx, &s->x, x[k]));
    if (set) PF_CALL(pf_i64vec_push(A->ctx, &set->ids, id));
  }
  if (set && set->ids.n > first)
    PF_CALL(
        pf_abq_item_add(A, set, PF_ABQ_ITEM_IDS, first, set->ids.n, 0, NULL, 0, NULL, 0, kw->pos));
  return PF_OK;
}

/* A node of element connectivity: an id, or "instance.id" at the assembly level. */
static int node_ref(pf_abq *A, pf_abq_scope *s, const pf_abq_field *f, int64_t pos, int64_t *v) {
  if (s->kind == PF_ABQ_ASSEMBLY && !pf_abq_is_int(f) && memchr(f->s, '.', (size_t)f->len)) {
    if (s->n_qref == s->cap_qref) {
      s->cap_qref = s->cap_qref ? 2 * s->cap_qref : 16;
      PF_CALL(PF_REALLOC(A->ctx, s->cap_qref, &s->qref));
    }
    s->qref[s->n_qref] = NULL;
    PF_CALL(PF_CALLOC(A->ctx, f->len + 1, &s->qref[s->n_qref]));
    memcpy(s->qref[s->n_qref], f->s, (size_t)f->len);
    *v = -(++s->n_qref);
    return PF_OK;
  }
  return pf_abq_int(A->rd, f, pos, 1, "a node id", v);
}

/* One note per element type that is read as something else or skipped. */
static int note_type(pf_abq *A, const pf_abq_keyword *kw, const char *type,
                     const pf_abq_type *info) {
  char key[96], at[1100];
  int first;
  snprintf(key, sizeof(key), "type:%s", type);
  for (char *c = key; *c; c++) *c = (char)toupper((unsigned char)*c);
  PF_CALL(pf_abq_note_once(A, key, &first));
  if (!first) return PF_OK;
  where(A, kw->pos, at, sizeof(at));
  if (!info)
    return pf_mesh_add_note(A->ctx, A->mesh,
                            "skipped %s elements (first at %s): pfsim's model has no %s", type, at,
                            pf_abq_type_family(type));
  if (info->kind >= PF_ABQ_FACE)
    return pf_mesh_add_note(A->ctx, A->mesh,
                            "%s elements (first at %s) are read as %s surface faces: an element "
                            "set of them is a surface of that name",
                            type, at, pf_face_name((pf_face_type)(info->kind - PF_ABQ_FACE)));
  if (info->alias)
    return pf_mesh_add_note(A->ctx, A->mesh,
                            "%s elements (first at %s) are read as %s: pfsim uses its own %s "
                            "formulation",
                            type, at, pf_elem_name((pf_elem_type)info->kind),
                            pf_elem_name((pf_elem_type)info->kind));
  return PF_OK;
}

static int kw_element(pf_abq *A, const pf_abq_keyword *kw) {
  const char *type = pf_abq_param(kw, "TYPE");
  if (!type || !*type)
    return pf_rd_error(A->rd, kw->pos, "*ELEMENT needs TYPE= (for example TYPE=C3D10)");
  int solid;
  const pf_abq_type *info = pf_abq_type_info(type, &solid);
  if (!info && solid)
    return pf_rd_error(A->rd, kw->pos,
                       "element type %s is not supported (expected C3D4, C3D10, C3D8 or T3D2, "
                       "or one of their variants)",
                       type);
  pf_abq_scope *s;
  PF_CALL(data_scope(A, kw, &s));
  PF_CALL(note_type(A, kw, type, info));
  const char *elset = pf_abq_param(kw, "ELSET");
  pf_abq_set *set = NULL;
  if (elset && *elset) PF_CALL(pf_abq_set_get(A, s, PF_ABQ_ELSET, elset, kw->pos, &set));
  const int64_t first = set ? set->ids.n : 0;
  const int kind = info ? info->kind : PF_ABQ_SKIPPED, nodes = info ? info->nodes : 0;
  pf_abq_line line;
  int got = 1, more;
  pf_abq_field f[32];
  int64_t v[11];
  for (;;) {
    PF_CALL(next_data(A, &line, &got, 0));
    if (!got) break;
    const int64_t pos = line.pos;
    int n = pf_abq_split(&line, f, 32, &more);
    if (n == 0) continue;
    int64_t id;
    PF_CALL(pf_abq_int(A->rd, &f[0], pos, 1, "an element id", &id));
    int count = 0;
    for (;;) {
      for (int k = 0; k < n && k < 32; k++, count++)
        if (kind != PF_ABQ_SKIPPED && count > 0 && count <= nodes)
          PF_CALL(node_ref(A, s, &f[k], pos, &v[count]));
      if (n > 32) count += n - 32;
      /* A record continues on the next line after a trailing comma (Abaqus: "C3D10
       * connectivity may span two lines"). */
      if (!more || (kind != PF_ABQ_SKIPPED && count >= 1 + nodes)) break;
      PF_CALL(next_data(A, &line, &got, 0));
      if (!got) break;
      n = pf_abq_split(&line, f, 32, &more);
    }
    if (kind != PF_ABQ_SKIPPED && count != 1 + nodes)
      return pf_rd_error(A->rd, pos, "element %lld has %d nodes (expected %d for %s)",
                         (long long)id, count - 1, nodes, type);
    PF_CALL(pf_i64vec_push(A->ctx, &s->el_ids[kind], id));
    PF_CALL(pf_i64vec_push(A->ctx, &s->el_pos[kind], pos));
    for (int a = 1; a <= nodes; a++) PF_CALL(pf_i64vec_push(A->ctx, &s->el_conn[kind], v[a]));
    if (set) PF_CALL(pf_i64vec_push(A->ctx, &set->ids, id));
  }
  if (set && set->ids.n > first)
    PF_CALL(
        pf_abq_item_add(A, set, PF_ABQ_ITEM_IDS, first, set->ids.n, 0, NULL, 0, NULL, 0, kw->pos));
  return PF_OK;
}

static int kw_set(pf_abq *A, const pf_abq_keyword *kw, int kind) {
  const char *name, *key = kind == PF_ABQ_NSET ? "NSET" : "ELSET";
  PF_CALL(name_param(A, kw, key, &name));
  pf_abq_scope *s;
  PF_CALL(data_scope(A, kw, &s));
  const int generate = pf_abq_param(kw, "GENERATE") != NULL;
  const char *inst = pf_abq_param(kw, "INSTANCE");
  const char *of_elset = kind == PF_ABQ_NSET ? pf_abq_param(kw, "ELSET") : NULL;
  if (inst && s->kind != PF_ABQ_ASSEMBLY)
    return pf_rd_error(A->rd, kw->pos,
                       "*%s, INSTANCE= outside *ASSEMBLY (expected it only in "
                       "assembly-level sets)",
                       kw->name);
  if (inst && !*inst) inst = NULL;
  pf_abq_set *set;
  PF_CALL(pf_abq_set_get(A, s, kind, name, kw->pos, &set));
  const int item = of_elset ? PF_ABQ_ITEM_ELSET_NODES : PF_ABQ_ITEM_SET;
  if (of_elset && *of_elset)
    PF_CALL(
        pf_abq_item_add(A, set, item, 0, 0, 0, of_elset, (int)strlen(of_elset), inst, 0, kw->pos));
  pf_abq_line line;
  int got = 1;
  pf_abq_field f;
  for (;;) {
    PF_CALL(next_data(A, &line, &got, 0));
    if (!got) break;
    size_t at = 0;
    if (generate) {
      int64_t g[3] = {0, 0, 1};
      int n = 0;
      while (pf_abq_field_next(&line, &at, &f)) {
        if (n == 3)
          return pf_rd_error(A->rd, line.pos,
                             "a GENERATE line with more than 3 fields (expected first, last, "
                             "step)");
        if (n < 2 || f.len)
          PF_CALL(pf_abq_int(A->rd, &f, line.pos, 1,
                             n == 0   ? "the first id"
                             : n == 1 ? "the last id"
                                      : "the step",
                             &g[n]));
        n++;
      }
      if (n < 2 || g[1] < g[0])
        return pf_rd_error(A->rd, line.pos,
                           "a GENERATE line needs first <= last (expected first, last[, step])");
      PF_CALL(
          pf_abq_item_add(A, set, PF_ABQ_ITEM_RANGE, g[0], g[1], g[2], NULL, 0, inst, 0, line.pos));
      continue;
    }
    int64_t start = set->ids.n;
    while (pf_abq_field_next(&line, &at, &f)) {
      if (!f.len) continue;
      if (!of_elset && pf_abq_is_int(&f)) {
        int64_t id;
        PF_CALL(pf_abq_int(A->rd, &f, line.pos, 1,
                           kind == PF_ABQ_NSET ? "a node id" : "an element id", &id));
        PF_CALL(pf_i64vec_push(A->ctx, &set->ids, id));
        continue;
      }
      if (set->ids.n > start)
        PF_CALL(pf_abq_item_add(A, set, PF_ABQ_ITEM_IDS, start, set->ids.n, 0, NULL, 0, inst, 0,
                                line.pos));
      PF_CALL(pf_abq_item_add(A, set, item, 0, 0, 0, f.s, f.len, inst, 0, line.pos));
      start = set->ids.n;
    }
    if (set->ids.n > start)
      PF_CALL(pf_abq_item_add(A, set, PF_ABQ_ITEM_IDS, start, set->ids.n, 0, NULL, 0, inst, 0,
                              line.pos));
  }
  return PF_OK;
}

/* Face identifier of a *SURFACE data line: S1..S6 -> 1..6, SPOS 7, SNEG 8. */
static int face_label(pf_abq *A, const pf_abq_field *f, int64_t pos, int *label) {
  *label = 0;
  if (f->len == 2 && toupper((unsigned char)f->s[0]) == 'S' && f->s[1] >= '1' && f->s[1] <= '6') {
    *label = f->s[1] - '0';
    return PF_OK;
  }
  if (f->len == 4 && !strncasecmp(f->s, "SPOS", 4)) *label = 7;
  if (f->len == 4 && !strncasecmp(f->s, "SNEG", 4)) *label = 8;
  if (*label) return PF_OK;
  return pf_rd_error(A->rd, pos, "unknown face identifier '%.*s' (expected S1 to S6, SPOS or SNEG)",
                     f->len > 20 ? 20 : f->len, f->s);
}

static int kw_surface(pf_abq *A, const pf_abq_keyword *kw) {
  const char *name;
  PF_CALL(name_param(A, kw, "NAME", &name));
  const char *type = pf_abq_param(kw, "TYPE");
  char at[1100];
  int first;
  if (type && !pf_strcaseeq(type, "ELEMENT") && !pf_strcaseeq(type, "NODE")) {
    PF_CALL(pf_abq_note_once(A, "kw:SURFACE TYPE", &first));
    PF_CALL(pf_mesh_add_note(A->ctx, A->mesh,
                             "skipped *SURFACE '%s', TYPE=%s at %s: only "
                             "TYPE=ELEMENT and TYPE=NODE surfaces are read",
                             name, type, where(A, kw->pos, at, sizeof(at))));
    return skip_data(A);
  }
  pf_abq_scope *s;
  PF_CALL(data_scope(A, kw, &s));
  const int nodal = type && pf_strcaseeq(type, "NODE");
  pf_abq_set *set;
  PF_CALL(pf_abq_set_get(A, s, nodal ? PF_ABQ_NSET : PF_ABQ_SURF, name, kw->pos, &set));
  if (nodal)
    PF_CALL(pf_mesh_add_note(A->ctx, A->mesh,
                             "*SURFACE '%s', TYPE=NODE at %s is read as a node "
                             "set",
                             name, where(A, kw->pos, at, sizeof(at))));
  pf_abq_line line;
  int got = 1, more;
  pf_abq_field f[4];
  for (;;) {
    PF_CALL(next_data(A, &line, &got, 0));
    if (!got) break;
    const int n = pf_abq_split(&line, f, 4, &more);
    if (n == 0) continue;
    if (n > 2)
      return pf_rd_error(A->rd, line.pos,
                         "a *SURFACE line with %d fields (expected an element "
                         "set or element and a face identifier)",
                         n);
    const int by_id = pf_abq_is_int(&f[0]);
    int64_t id = 0;
    if (by_id) PF_CALL(pf_abq_int(A->rd, &f[0], line.pos, 1, "an id", &id));
    if (nodal) {
      if (by_id) {
        PF_CALL(pf_i64vec_push(A->ctx, &set->ids, id));
        PF_CALL(pf_abq_item_add(A, set, PF_ABQ_ITEM_IDS, set->ids.n - 1, set->ids.n, 0, NULL, 0,
                                NULL, 0, line.pos));
      } else {
        PF_CALL(
            pf_abq_item_add(A, set, PF_ABQ_ITEM_SET, 0, 0, 0, f[0].s, f[0].len, NULL, 0, line.pos));
      }
      continue;
    }
    int label = 0;
    if (n == 2 && f[1].len) PF_CALL(face_label(A, &f[1], line.pos, &label));
    PF_CALL(pf_abq_item_add(A, set, PF_ABQ_ITEM_FACE, id, 0, 0, by_id ? NULL : f[0].s,
                            by_id ? 0 : f[0].len, NULL, label, line.pos));
  }
  return PF_OK;
}

/* *INSTANCE, NAME=, PART= with an optional translation line and rotation line (Abaqus Keywords
 * Reference, *INSTANCE: "If both translation and rotation are specified, translation is applied
 * before rotation"; the rotation is by the angle in degrees about the axis from point a to point
 * b, right-handed). A blank first line means no translation. */
static int kw_instance(pf_abq *A, const pf_abq_keyword *kw) {
  const char *name, *part;
  if (A->cur != A->assembly || A->assembly < 0 || A->in_instance >= 0)
    return pf_rd_error(A->rd, kw->pos, "*INSTANCE outside *ASSEMBLY (expected *ASSEMBLY first)");
  PF_CALL(name_param(A, kw, "NAME", &name));
  if (pf_abq_param(kw, "INSTANCE"))
    return pf_rd_error(A->rd, kw->pos,
                       "*INSTANCE, INSTANCE= (an instance of a model) is not "
                       "supported (expected PART=)");
  PF_CALL(name_param(A, kw, "PART", &part));
  if (pf_namemap_get(&A->inst_map, name) >= 0)
    return pf_rd_error(A->rd, kw->pos, "a second instance named '%s'", name);
  if (A->n_inst == A->cap_inst) {
    A->cap_inst = A->cap_inst ? 2 * A->cap_inst : 8;
    PF_CALL(PF_REALLOC(A->ctx, A->cap_inst, &A->inst));
  }
  pf_abq_instance *in = &A->inst[A->n_inst];
  memset(in, 0, sizeof(*in));
  in->scope = -1;
  in->pos = kw->pos;
  A->n_inst++;
  PF_CALL(pf_strdup(A->ctx, name, &in->name));
  PF_CALL(pf_strdup(A->ctx, part, &in->part));
  PF_CALL(pf_namemap_put(A->ctx, &A->inst_map, in->name, A->n_inst - 1));
  A->in_instance = A->n_inst - 1;
  pf_abq_line line;
  int got = 1, more, lines = 0;
  pf_abq_field f[8];
  for (;;) {
    PF_CALL(next_data(A, &line, &got, 1));
    if (!got) break;
    const int n = pf_abq_split(&line, f, 8, &more);
    if (lines >= 2) {
      if (!n) continue;
      return pf_rd_error(A->rd, line.pos,
                         "a third data line under *INSTANCE (expected a "
                         "translation line and a rotation line)");
    }
    if (lines == 0) {
      if (n > 3)
        return pf_rd_error(A->rd, line.pos, "a translation with %d values (expected 3)", n);
      for (int k = 0; k < n; k++)
        PF_CALL(pf_abq_real(A->rd, &f[k], line.pos, "a translation", &in->t[k]));
    } else if (n) {
      if (n != 7)
        return pf_rd_error(A->rd, line.pos,
                           "a rotation with %d values (expected 7: point a, "
                           "point b, angle in degrees)",
                           n);
      double r[7];
      for (int k = 0; k < 7; k++)
        PF_CALL(pf_abq_real(A->rd, &f[k], line.pos, "a rotation value", &r[k]));
      memcpy(in->a, r, sizeof(in->a));
      memcpy(in->b, r + 3, sizeof(in->b));
      in->angle = r[6];
      const double d = fabs(r[3] - r[0]) + fabs(r[4] - r[1]) + fabs(r[5] - r[2]);
      if (!(d > 0.0))
        return pf_rd_error(A->rd, line.pos,
                           "the rotation axis has a = b (expected two "
                           "distinct points)");
      in->rotate = 1;
    }
    lines++;
  }
  return PF_OK;
}

/* *PART / *END PART / *ASSEMBLY / *END ASSEMBLY / *END INSTANCE / *INCLUDE. */
static int kw_structure(pf_abq *A, const pf_abq_keyword *kw, int *handled) {
  *handled = 1;
  const char *name;
  if (!strcmp(kw->name, "PART")) {
    if (A->cur != 0)
      return pf_rd_error(A->rd, kw->pos, "*PART inside *%s (expected *END %s first)",
                         A->cur == A->assembly ? "ASSEMBLY" : "PART",
                         A->cur == A->assembly ? "ASSEMBLY" : "PART");
    PF_CALL(name_param(A, kw, "NAME", &name));
    if (pf_namemap_get(&A->part_map, name) >= 0)
      return pf_rd_error(A->rd, kw->pos, "a second part named '%s'", name);
    PF_CALL(pf_abq_scope_new(A, name, PF_ABQ_PART, kw->pos, &A->cur));
    PF_CALL(pf_namemap_put(A->ctx, &A->part_map, A->scopes[A->cur].name, A->cur));
  } else if (!strcmp(kw->name, "END PART")) {
    if (A->cur == 0 || A->cur == A->assembly)
      return pf_rd_error(A->rd, kw->pos, "*END PART without *PART");
    A->cur = 0;
  } else if (!strcmp(kw->name, "ASSEMBLY")) {
    if (A->cur != 0 || A->assembly >= 0)
      return pf_rd_error(A->rd, kw->pos, "%s",
                         A->assembly >= 0 ? "a second *ASSEMBLY (expected one)"
                                          : "*ASSEMBLY inside *PART (expected *END PART first)");
    const char *an = pf_abq_param(kw, "NAME");
    PF_CALL(pf_abq_scope_new(A, an ? an : "Assembly", PF_ABQ_ASSEMBLY, kw->pos, &A->assembly));
    A->cur = A->assembly;
  } else if (!strcmp(kw->name, "END ASSEMBLY")) {
    if (A->cur != A->assembly || A->assembly < 0 || A->in_instance >= 0)
      return pf_rd_error(A->rd, kw->pos, "*END ASSEMBLY without *ASSEMBLY%s",
                         A->in_instance >= 0 ? " (an *INSTANCE is still open)" : "");
    A->cur = 0;
  } else if (!strcmp(kw->name, "INSTANCE")) {
    return kw_instance(A, kw);
  } else if (!strcmp(kw->name, "END INSTANCE")) {
    if (A->in_instance < 0) return pf_rd_error(A->rd, kw->pos, "*END INSTANCE without *INSTANCE");
    A->in_instance = -1;
  } else if (!strcmp(kw->name, "INCLUDE")) {
    PF_CALL(name_param(A, kw, "INPUT", &name));
    PF_CALL(pf_abq_lex_include(&A->lx, name, kw->pos));
  } else {
    *handled = 0;
  }
  return PF_OK;
}

int pf_abq_read_deck(pf_abq *A) {
  pf_abq_keyword *kw = NULL;
  PF_CALL(PF_CALLOC(A->ctx, 1, &kw));
  int ierr = PF_OK;
  for (;;) {
    pf_abq_line line;
    int got, handled;
    PF_CALL_GOTO(ierr, done, pf_abq_lex_next(&A->lx, &line, &got));
    if (!got) break;
    if (!line.keyword) {
      if (is_blank_line(&line)) continue;
      ierr = pf_rd_error(A->rd, line.pos,
                         "a data line outside any keyword (expected a "
                         "*KEYWORD line first)");
      goto done;
    }
    PF_CALL_GOTO(ierr, done, pf_abq_keyword_parse(&A->lx, &line, kw));
    PF_CALL_GOTO(ierr, done, kw_structure(A, kw, &handled));
    if (handled) continue;
    if (!strcmp(kw->name, "NODE")) {
      PF_CALL_GOTO(ierr, done, kw_node(A, kw));
    } else if (!strcmp(kw->name, "ELEMENT")) {
      PF_CALL_GOTO(ierr, done, kw_element(A, kw));
    } else if (!strcmp(kw->name, "NSET")) {
      PF_CALL_GOTO(ierr, done, kw_set(A, kw, PF_ABQ_NSET));
    } else if (!strcmp(kw->name, "ELSET")) {
      PF_CALL_GOTO(ierr, done, kw_set(A, kw, PF_ABQ_ELSET));
    } else if (!strcmp(kw->name, "SURFACE")) {
      PF_CALL_GOTO(ierr, done, kw_surface(A, kw));
    } else {
      char key[80], at[1100];
      snprintf(key, sizeof(key), "kw:%s", kw->name);
      PF_CALL_GOTO(ierr, done, pf_abq_note_once(A, key, &got));
      if (got)
        PF_CALL_GOTO(ierr, done,
                     pf_mesh_add_note(A->ctx, A->mesh,
                                      "skipped *%s (first at %s): the mesh "
                                      "reader reads geometry and sets only",
                                      kw->name, where(A, kw->pos, at, sizeof(at))));
      PF_CALL_GOTO(ierr, done, skip_data(A));
    }
  }
  if (A->in_instance >= 0)
    ierr = pf_rd_error(A->rd, A->inst[A->in_instance].pos, "*INSTANCE '%s' has no *END INSTANCE",
                       A->inst[A->in_instance].name);
  else if (A->cur != 0)
    ierr = pf_rd_error(A->rd, A->scopes[A->cur].pos, "*%s '%s' has no *END %s",
                       A->cur == A->assembly ? "ASSEMBLY" : "PART", A->scopes[A->cur].name,
                       A->cur == A->assembly ? "ASSEMBLY" : "PART");
done:
  free(kw);
  return ierr;
}
