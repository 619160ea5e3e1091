/*
 * Fill-reducing ordering on the node graph. A stiffness matrix has 3 unknowns per mesh node (fewer
 * where some are constrained away) that share their sparsity pattern; ordering the node graph
 * with METIS_NodeND is 3x smaller than ordering the unknown graph, 9x fewer edges, and keeps the
 * unknowns of a node together, which lets the supernodal factorisation form larger supernodes.
 */
#include <limits.h>
#include <metis.h>
#include <stdlib.h>

#include "linalg/linalg_impl.h"

int pf_linalg_order_groups(pf_context *ctx, const pf_csr *A, int64_t n_groups, const int64_t *group,
                           int64_t *perm) {
  const int64_t n = A->n;
  const int64_t *rp = A->rowptr, *ci = A->col;
  int64_t *gid = NULL, *gptr = NULL, *gunk = NULL, *start = NULL, *next = NULL, *adj = NULL,
          *mark = NULL;
  idx_t *xadj = NULL, *adjncy = NULL, *vwgt = NULL, *mperm = NULL, *miperm = NULL;
  int ierr = PF_OK;
  if (n == 0) return PF_OK;

  /* Groups that hold unknowns, numbered compactly (a fully constrained node holds none). */
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n_groups, &gid));
  for (int64_t i = 0; i < n; i++) gid[group[i]] = 1;
  int64_t m = 0;
  for (int64_t g = 0; g < n_groups; g++) gid[g] = gid[g] ? m++ : -1;

  /* The unknowns of each compact group, in increasing index (counting sort). */
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, m + 1, &gptr));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n, &gunk));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, m + 1, &next));
  for (int64_t i = 0; i < n; i++) gptr[gid[group[i]] + 1]++;
  for (int64_t g = 0; g < m; g++) gptr[g + 1] += gptr[g];
  for (int64_t g = 0; g < m; g++) next[g] = gptr[g];
  for (int64_t i = 0; i < n; i++) gunk[next[gid[group[i]]]++] = i;

  /* Group graph in two steps that never hold more than twice its edges: (1) the directed graph
   * of the rows of A, deduplicated per group with a marker; (2) its union with its transpose (so
   * that an upper triangle or an unsymmetric pattern gives the graph of A + A^T), deduplicated
   * again. */
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, m, &mark));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, m + 1, &start));
  int64_t *d_adj = NULL;
  for (int pass = 0; pass < 2; pass++) {
    int64_t cnt = 0;
    for (int64_t g = 0; g < m; g++) mark[g] = -1;
    for (int64_t g = 0; g < m; g++) {
      for (int64_t q = gptr[g]; q < gptr[g + 1]; q++) {
        const int64_t i = gunk[q];
        for (int64_t p = rp[i]; p < rp[i + 1]; p++) {
          const int64_t h = gid[group[ci[p]]];
          if (h != g && mark[h] != g) {
            mark[h] = g;
            if (pass) d_adj[cnt] = h;
            cnt++;
          }
        }
      }
      if (!pass) start[g + 1] = cnt;
    }
    if (!pass) PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, cnt, &d_adj));
  }
  adj = d_adj; /* freed at done */
  /* (2) both directions, into next[] / sym[] */
  int64_t *sym = NULL;
  for (int64_t g = 0; g <= m; g++) next[g] = 0;
  for (int64_t g = 0; g < m; g++)
    for (int64_t p = start[g]; p < start[g + 1]; p++) {
      next[g + 1]++;
      next[adj[p] + 1]++;
    }
  for (int64_t g = 0; g < m; g++) next[g + 1] += next[g];
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, next[m], &sym));
  {
    int64_t *pos = mark; /* mark doubles as the insertion cursor */
    for (int64_t g = 0; g < m; g++) pos[g] = next[g];
    for (int64_t g = 0; g < m; g++)
      for (int64_t p = start[g]; p < start[g + 1]; p++) {
        sym[pos[g]++] = adj[p];
        sym[pos[adj[p]]++] = g;
      }
  }
  free(adj);
  adj = sym;
  for (int64_t g = 0; g < m; g++) mark[g] = -1;
  int64_t nz = 0;
  for (int64_t g = 0; g < m; g++) {
    const int64_t lo = next[g], hi = next[g + 1];
    for (int64_t p = lo; p < hi; p++)
      if (mark[adj[p]] != g) {
        mark[adj[p]] = g;
        adj[nz++] = adj[p];
      }
    start[g + 1] = nz; /* start[] now holds the compacted row pointers */
  }
  start[0] = 0;
  if (m >= INT32_MAX || nz >= INT32_MAX) {
    ierr = PF_ERROR(ctx, PF_ERR_INTERNAL,
                    "node ordering: %lld nodes and %lld edges exceed METIS's 32-bit index range",
                    (long long)m, (long long)nz);
    goto done;
  }

  if (nz == 0) {
    /* No edges between groups: every order is fill-free (METIS_NodeND rejects an empty graph). */
    for (int64_t q = 0; q < n; q++) perm[q] = gunk[q];
    goto done;
  }
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, m + 1, &xadj));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, nz, &adjncy));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, m, &vwgt));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, m, &mperm));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, m, &miperm));
  for (int64_t g = 0; g <= m; g++) xadj[g] = (idx_t)start[g];
  for (int64_t p = 0; p < nz; p++) adjncy[p] = (idx_t)adj[p];
  for (int64_t g = 0; g < m; g++) vwgt[g] = (idx_t)(gptr[g + 1] - gptr[g]);
  free(adj);
  adj = NULL;

  idx_t options[METIS_NOPTIONS];
  METIS_SetDefaultOptions(options);
  options[METIS_OPTION_NUMBERING] = 0;
  idx_t nv = (idx_t)m;
  /* METIS's perm has CHOLMOD's meaning: perm[k] is the vertex eliminated k-th (CHOLMOD's own
   * METIS interface passes it straight through as its Perm). */
  const int rc = METIS_NodeND(&nv, xadj, adjncy, vwgt, options, mperm, miperm);
  if (rc != METIS_OK) {
    ierr = PF_ERROR(ctx, PF_ERR_INTERNAL, "node ordering: METIS_NodeND failed (%s)",
                    rc == METIS_ERROR_MEMORY  ? "out of memory"
                    : rc == METIS_ERROR_INPUT ? "invalid input"
                                              : "error");
    goto done;
  }
  int64_t k = 0;
  for (int64_t q = 0; q < m; q++) {
    const int64_t g = mperm[q];
    for (int64_t r = gptr[g]; r < gptr[g + 1]; r++) perm[k++] = gunk[r];
  }

done:
  free(gid);
  free(gptr);
  free(gunk);
  free(start);
  free(next);
  free(adj);
  free(mark);
  free(xadj);
  free(adjncy);
  free(vwgt);
  free(mperm);
  free(miperm);
  return ierr;
}
