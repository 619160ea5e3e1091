/* Mesh readers: maps from file ids to indices and from names to indices. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mesh/pf_mesh_io.h"

static int cmp_pair(const void *a, const void *b) {
  const int64_t *x = a, *y = b;
  if (x[0] != y[0]) return (x[0] > y[0]) - (x[0] < y[0]);
  return (x[1] > y[1]) - (x[1] < y[1]);
}

int pf_idmap_build(pf_context *ctx, const int64_t *ids, int64_t n, pf_idmap *map, int64_t *dup,
                   int64_t *dup_first) {
  memset(map, 0, sizeof(*map));
  *dup = -1;
  *dup_first = -1;
  if (n == 0) {
    map->dense = 1;
    return PF_OK;
  }
  int64_t lo = ids[0], hi = ids[0];
  for (int64_t i = 1; i < n; i++) {
    if (ids[i] < lo) lo = ids[i];
    if (ids[i] > hi) hi = ids[i];
  }
  /* A direct table when it costs at most a few entries per id (gmsh and most decks number
   * 1..n). Unsigned arithmetic: ids of any sign cannot overflow the range test. */
  const uint64_t limit = 2 * (uint64_t)n + 1024;
  if ((uint64_t)hi - (uint64_t)lo < limit) {
    map->dense = 1;
    map->min = lo;
    map->range = (int64_t)((uint64_t)hi - (uint64_t)lo) + 1;
    PF_CALL(PF_CALLOC(ctx, map->range, &map->table));
    for (int64_t r = 0; r < map->range; r++) map->table[r] = -1;
    for (int64_t i = 0; i < n; i++) {
      int64_t *slot = &map->table[(uint64_t)ids[i] - (uint64_t)lo];
      if (*slot >= 0 && *dup < 0) {
        *dup = i;
        *dup_first = *slot;
      }
      if (*slot < 0) *slot = i;
    }
    return PF_OK;
  }
  map->dense = 0;
  map->n = n;
  PF_CALL(PF_CALLOC(ctx, 2 * n, &map->table));
  for (int64_t i = 0; i < n; i++) {
    map->table[2 * i] = ids[i];
    map->table[2 * i + 1] = i;
  }
  qsort(map->table, (size_t)n, 2 * sizeof(int64_t), cmp_pair);
  for (int64_t k = 1; k < n; k++)
    if (map->table[2 * k] == map->table[2 * k - 2]) {
      const int64_t later = map->table[2 * k + 1];
      if (*dup < 0 || later < *dup) {
        *dup = later;
        *dup_first = map->table[2 * k - 1];
      }
    }
  return PF_OK;
}

int64_t pf_idmap_find(const pf_idmap *map, int64_t id) {
  if (map->dense) {
    const uint64_t k = (uint64_t)id - (uint64_t)map->min;
    if (!map->table || id < map->min || k >= (uint64_t)map->range) return -1;
    return map->table[k];
  }
  int64_t lo = 0, hi = map->n - 1;
  while (lo <= hi) {
    const int64_t mid = lo + (hi - lo) / 2, v = map->table[2 * mid];
    if (v == id) {
      /* The first of equal ids (the earlier definition). */
      int64_t k = mid;
      while (k > 0 && map->table[2 * k - 2] == id) k--;
      return map->table[2 * k + 1];
    }
    if (v < id)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return -1;
}

void pf_idmap_free(pf_idmap *map) {
  free(map->table);
  memset(map, 0, sizeof(*map));
}

/* FNV-1a over the (optionally lower-cased) bytes. */
static uint64_t name_hash(const char *s, int nocase) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (nocase) c = (unsigned char)tolower(c);
    h = (h ^ c) * 1099511628211ull;
  }
  return h;
}

static int name_eq(const char *a, const char *b, int nocase) {
  return nocase ? pf_strcaseeq(a, b) : strcmp(a, b) == 0;
}

static int64_t name_slot(const pf_namemap *map, const char *key) {
  const uint64_t mask = (uint64_t)map->cap - 1;
  uint64_t i = name_hash(key, map->nocase) & mask;
  while (map->keys[i] && !name_eq(map->keys[i], key, map->nocase)) i = (i + 1) & mask;
  return (int64_t)i;
}

int pf_namemap_put(pf_context *ctx, pf_namemap *map, const char *key, int val) {
  if (2 * (map->n + 1) > map->cap) {
    pf_namemap bigger = {map->nocase, 0, map->cap ? 2 * map->cap : 64, NULL, NULL};
    PF_CALL(PF_CALLOC(ctx, bigger.cap, &bigger.keys));
    int ierr = PF_CALLOC(ctx, bigger.cap, &bigger.vals);
    if (ierr) {
      free(bigger.keys);
      return ierr;
    }
    for (int64_t i = 0; i < map->cap; i++)
      if (map->keys[i]) {
        const int64_t s = name_slot(&bigger, map->keys[i]);
        bigger.keys[s] = map->keys[i];
        bigger.vals[s] = map->vals[i];
        bigger.n++;
      }
    pf_namemap_free(map);
    *map = bigger;
  }
  const int64_t s = name_slot(map, key);
  if (!map->keys[s]) map->n++;
  map->keys[s] = key;
  map->vals[s] = val;
  return PF_OK;
}

int pf_namemap_get(const pf_namemap *map, const char *key) {
  if (!map->cap) return -1;
  const int64_t s = name_slot(map, key);
  return map->keys[s] ? map->vals[s] : -1;
}

void pf_namemap_free(pf_namemap *map) {
  free(map->keys);
  free(map->vals);
  const int nocase = map->nocase;
  memset(map, 0, sizeof(*map));
  map->nocase = nocase;
}
