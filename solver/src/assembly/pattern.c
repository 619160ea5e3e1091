/*
 * Element colouring and the sparse pattern of the free equations.
 */
#include <stdlib.h>
#include <string.h>

#include "assembly/pf_assembly.h"

#define PF_COLOUR_WORDS 8 /* up to 512 colours; a tet10 mesh needs about 30-60 */

int pf_colouring_build(pf_context *ctx, const pf_mesh *mesh, pf_colouring **col_out) {
  return pf_colouring_build_masked(ctx, mesh, NULL, col_out);
}

int pf_colouring_build_masked(pf_context *ctx, const pf_mesh *mesh, const uint8_t *only,
                              pf_colouring **col_out) {
  const int64_t n_elems = mesh->elem_offset[PF_ELEM_NUM_TYPES];
  uint64_t *mask = NULL;
  int32_t *colour = NULL;
  pf_colouring *col = NULL;
  int ierr = PF_OK;
  *col_out = NULL;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, mesh->n_nodes * PF_COLOUR_WORDS, &mask));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n_elems, &colour));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, 1, &col));

  /* First fit in ascending element order: the lowest colour no element at any of its nodes has. */
  int n_colours = 0;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const pf_elem_block *b = &mesh->blocks[t];
    const int nn = pf_elem_nodes((pf_elem_type)t);
    for (int64_t e = 0; e < b->count; e++) {
      const int64_t *c = b->conn + e * nn;
      if (only && !only[mesh->elem_offset[t] + e]) {
        colour[mesh->elem_offset[t] + e] = -1;
        continue;
      }
      uint64_t used[PF_COLOUR_WORDS] = {0};
      for (int a = 0; a < nn; a++)
        for (int w = 0; w < PF_COLOUR_WORDS; w++) used[w] |= mask[c[a] * PF_COLOUR_WORDS + w];
      int k = -1;
      for (int w = 0; w < PF_COLOUR_WORDS && k < 0; w++)
        if (~used[w]) k = 64 * w + __builtin_ctzll(~used[w]);
      if (k < 0) {
        ierr = PF_ERROR(ctx, PF_ERR_INTERNAL,
                        "element colouring needs more than %d colours (element %lld shares nodes "
                        "with too many others)",
                        64 * PF_COLOUR_WORDS, (long long)b->ids[e]);
        goto done;
      }
      for (int a = 0; a < nn; a++) mask[c[a] * PF_COLOUR_WORDS + k / 64] |= 1ull << (k % 64);
      colour[mesh->elem_offset[t] + e] = k;
      if (k + 1 > n_colours) n_colours = k + 1;
    }
  }
  col->n_colours = n_colours;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n_colours + 1, &col->ptr));
  int64_t n_coloured = 0;
  for (int64_t g = 0; g < n_elems; g++) n_coloured += colour[g] >= 0;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n_coloured, &col->elems));
  for (int64_t g = 0; g < n_elems; g++)
    if (colour[g] >= 0) col->ptr[colour[g] + 1]++;
  for (int k = 0; k < n_colours; k++) col->ptr[k + 1] += col->ptr[k];
  {
    int64_t *next = NULL;
    PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n_colours + 1, &next));
    memcpy(next, col->ptr, (size_t)(n_colours + 1) * sizeof(int64_t));
    for (int64_t g = 0; g < n_elems; g++)
      if (colour[g] >= 0) col->elems[next[colour[g]]++] = g;
    free(next);
  }
  *col_out = col;
  col = NULL;
done:
  pf_colouring_destroy(&col);
  free(mask);
  free(colour);
  return ierr;
}

void pf_colouring_destroy(pf_colouring **col) {
  if (!col || !*col) return;
  free((*col)->ptr);
  free((*col)->elems);
  free(*col);
  *col = NULL;
}

int pf_clique_graph(pf_context *ctx, int64_t n, int64_t n_cliques, const int64_t *cptr,
                    const int64_t *cvert, int64_t **gptr_out, int64_t **gadj_out) {
  int64_t *vptr = NULL, *vlist = NULL, *next = NULL, *gptr = NULL, *gadj = NULL;
  int ierr = PF_OK;
  *gptr_out = *gadj_out = NULL;
  /* vertex -> cliques incidence */
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n + 1, &vptr));
  for (int64_t k = 0; k < cptr[n_cliques]; k++) vptr[cvert[k] + 1]++;
  for (int64_t v = 0; v < n; v++) vptr[v + 1] += vptr[v];
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, vptr[n], &vlist));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n, &next));
  memcpy(next, vptr, (size_t)n * sizeof(int64_t));
  for (int64_t c = 0; c < n_cliques; c++)
    for (int64_t k = cptr[c]; k < cptr[c + 1]; k++) vlist[next[cvert[k]]++] = c;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n + 1, &gptr));
  /* Two passes (count, fill), each vertex independent; a per-thread stamp marks neighbours. */
  for (int pass = 0; pass < 2; pass++) {
    int failed = 0;
#pragma omp parallel num_threads(ctx->threads)
    {
      int64_t *stamp = calloc((size_t)(n ? n : 1), sizeof(int64_t));
      if (!stamp) {
#pragma omp atomic write
        failed = 1;
      }
#pragma omp for schedule(dynamic, 1024)
      for (int64_t v = 0; v < n; v++) {
        if (!stamp) continue;
        int64_t cnt = 0, *out = pass ? gadj + gptr[v] : NULL;
        for (int64_t k = vptr[v]; k < vptr[v + 1]; k++) {
          const int64_t c = vlist[k];
          for (int64_t q = cptr[c]; q < cptr[c + 1]; q++) {
            const int64_t w = cvert[q];
            if (stamp[w] == v + 1) continue;
            stamp[w] = v + 1;
            if (out) out[cnt] = w;
            cnt++;
          }
        }
        if (out)
          qsort(out, (size_t)cnt, sizeof(int64_t), pf_cmp_i64);
        else
          gptr[v + 1] = cnt;
      }
      free(stamp);
    }
    if (failed) {
      ierr = PF_ERROR(ctx, PF_ERR_INTERNAL, "out of memory building the sparsity graph");
      goto done;
    }
    if (pass == 0) {
      for (int64_t v = 0; v < n; v++) gptr[v + 1] += gptr[v];
      PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, gptr[n], &gadj));
    }
  }
  *gptr_out = gptr;
  *gadj_out = gadj;
  gptr = gadj = NULL;
done:
  free(vptr);
  free(vlist);
  free(next);
  free(gptr);
  free(gadj);
  return ierr;
}

/* Sorted neighbour nodes (sharing an element, itself included) of every node. */
static int node_graph(pf_context *ctx, const pf_mesh *mesh, int64_t **gptr, int64_t **gadj) {
  const int64_t n_elems = mesh->elem_offset[PF_ELEM_NUM_TYPES];
  int64_t *cptr = NULL, *cvert = NULL;
  int ierr = PF_OK;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n_elems + 1, &cptr));
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++)
    for (int64_t e = 0; e < mesh->blocks[t].count; e++) {
      const int64_t g = mesh->elem_offset[t] + e;
      cptr[g + 1] = cptr[g] + pf_elem_nodes((pf_elem_type)t);
    }
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, cptr[n_elems], &cvert));
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const int64_t n = mesh->blocks[t].count * pf_elem_nodes((pf_elem_type)t);
    if (n > 0) /* an empty block has no connectivity array */
      memcpy(cvert + cptr[mesh->elem_offset[t]], mesh->blocks[t].conn, (size_t)n * sizeof(int64_t));
  }
  ierr = pf_clique_graph(ctx, mesh->n_nodes, n_elems, cptr, cvert, gptr, gadj);
done:
  free(cptr);
  free(cvert);
  return ierr;
}

int pf_pattern_build(pf_context *ctx, const pf_mesh *mesh, const pf_dofmap *dm, int upper,
                     pf_csr **A) {
  int64_t *gptr = NULL, *gadj = NULL, *rowptr = NULL, *col = NULL;
  int ierr = PF_OK;
  PF_CALL(node_graph(ctx, mesh, &gptr, &gadj));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, dm->n_eq + 1, &rowptr));
  /* Row of equation r (node v, component i): the free equations of v's neighbours, ascending
   * (equations are numbered in node order, so sorted neighbours give sorted columns). */
  for (int pass = 0; pass < 2; pass++) {
#pragma omp parallel for num_threads(ctx->threads) schedule(dynamic, 1024)
    for (int64_t v = 0; v < dm->n_nodes; v++) {
      for (int i = 0; i < 3; i++) {
        const int64_t r = dm->eq[3 * v + i];
        if (r < 0) continue;
        int64_t cnt = 0;
        for (int64_t k = gptr[v]; k < gptr[v + 1]; k++) {
          const int64_t w = gadj[k];
          for (int j = 0; j < 3; j++) {
            const int64_t c = dm->eq[3 * w + j];
            if (c < 0 || (upper && c < r)) continue;
            if (pass) col[rowptr[r] + cnt] = c;
            cnt++;
          }
        }
        if (!pass) rowptr[r + 1] = cnt;
      }
    }
    if (pass == 0) {
      for (int64_t r = 0; r < dm->n_eq; r++) rowptr[r + 1] += rowptr[r];
      PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, rowptr[dm->n_eq], &col));
    }
  }
  PF_CALL_GOTO(ierr, done, pf_csr_create(ctx, dm->n_eq, upper, rowptr, col, A));
done:
  free(gptr);
  free(gadj);
  free(rowptr);
  free(col);
  return ierr;
}
