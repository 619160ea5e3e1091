/*
 * What a context keeps across runs (pf_context_set_reuse): a fixed, small store of objects under
 * (kind, 128-bit key) with least-recently-used eviction, and the hash that makes the keys.
 * Core knows nothing of the objects: the mesh and the symbolic factor come with their own
 * destroy callbacks (api/run.c, linalg/solver_cholmod.c).
 */
#include <stdlib.h>
#include <string.h>

#include "core/pf_core.h"

typedef struct {
  int used; /* slot holds an object */
  pf_reuse_kind kind;
  pf_reuse_key key;
  void *object;
  pf_reuse_destroy_fn destroy;
  uint64_t tick; /* last get or put: the smallest is the least recently used */
} reuse_entry;

struct pf_reuse_cache_s {
  reuse_entry entries[PF_REUSE_NUM_KINDS * PF_REUSE_KEEP];
  uint64_t tick;
  pf_reuse_counts counts[PF_REUSE_NUM_KINDS];
};

/* ---- hash ---------------------------------------------------------------------------------- */

/* Multipliers of xxHash64 and the murmur3 finaliser: well mixed, no cryptographic claim. A key
 * only needs to change when its input changes. */
#define P1 0x9e3779b185ebca87ull
#define P2 0xc2b2ae3d27d4eb4full
#define P3 0x165667b19e3779f9ull

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> ((64 - r) & 63)); }

static inline uint64_t fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  return k;
}

/* One word into both hashes: hash 1 is an xxHash64 round, hash 2 a multiply-xorshift chain with
 * other constants, so that a collision of one is independent of the other. */
static inline void mix_word(pf_reuse_hash *h, uint64_t w) {
  const int j = (int)(h->words++ & 3);
  h->h1[j] = rotl64(h->h1[j] + w * P2, 31) * P1;
  h->h2[j] = (h->h2[j] ^ (w * P3)) * P2;
  h->h2[j] ^= h->h2[j] >> 29;
}

void pf_reuse_hash_init(pf_reuse_hash *h, const char *domain) {
  memset(h, 0, sizeof(*h));
  for (int j = 0; j < 4; j++) { /* any distinct seeds: digits of pi */
    h->h1[j] = 0x243f6a8885a308d3ull + (uint64_t)j * P1;
    h->h2[j] = 0x13198a2e03707344ull + (uint64_t)j * P3;
  }
  if (domain) pf_reuse_hash_add(h, domain, strlen(domain));
}

void pf_reuse_hash_add(pf_reuse_hash *h, const void *data, size_t n) {
  const unsigned char *p = data;
  size_t k = 0;
  /* the four accumulators in turn, unrolled: their chains run side by side */
  for (; k + 32 <= n && (h->words & 3) == 0; k += 32) {
    uint64_t w[4];
    memcpy(w, p + k, 32);
    for (int j = 0; j < 4; j++) {
      h->h1[j] = rotl64(h->h1[j] + w[j] * P2, 31) * P1;
      h->h2[j] = (h->h2[j] ^ (w[j] * P3)) * P2;
      h->h2[j] ^= h->h2[j] >> 29;
    }
    h->words += 4;
  }
  for (; k + 8 <= n; k += 8) {
    uint64_t w;
    memcpy(&w, p + k, 8);
    mix_word(h, w);
  }
  if (k < n) {
    uint64_t w = 0;
    memcpy(&w, p + k, n - k);
    mix_word(h, w);
  }
  mix_word(h, (uint64_t)n ^ 0xa5a5a5a5a5a5a5a5ull); /* "ab"+"c" differs from "a"+"bc" */
  h->n += n;
}

pf_reuse_key pf_reuse_hash_key(const pf_reuse_hash *h) {
  uint64_t a = h->n, b = h->n * P1;
  for (int j = 0; j < 4; j++) {
    a = fmix64(a ^ rotl64(h->h1[j], 16 * j)) * P1;
    b = fmix64(b + rotl64(h->h2[j], 16 * j + 7)) * P2;
  }
  pf_reuse_key key = {fmix64(a), fmix64(b)};
  return key;
}

/* ---- store --------------------------------------------------------------------------------- */

/* The context's store, made on first use. */
static int store(pf_context *ctx, struct pf_reuse_cache_s **c) {
  if (!ctx->cache) PF_CALL(PF_CALLOC(ctx, 1, &ctx->cache));
  *c = ctx->cache;
  return PF_OK;
}

static void entry_free(reuse_entry *e) {
  if (e->used && e->destroy) e->destroy(e->object);
  memset(e, 0, sizeof(*e));
}

const void *pf_reuse_get(pf_context *ctx, pf_reuse_kind kind, pf_reuse_key key) {
  if ((unsigned)kind >= PF_REUSE_NUM_KINDS) return NULL;
  struct pf_reuse_cache_s *c;
  if (store(ctx, &c) < 0) {
    pf_error_clear(ctx); /* out of memory here is only a miss; the caller's work goes on */
    return NULL;
  }
  for (int i = 0; i < PF_REUSE_NUM_KINDS * PF_REUSE_KEEP; i++) {
    reuse_entry *e = &c->entries[i];
    if (e->used && e->kind == kind && e->key.a == key.a && e->key.b == key.b) {
      e->tick = ++c->tick;
      c->counts[kind].hits++;
      return e->object;
    }
  }
  c->counts[kind].misses++;
  return NULL;
}

int pf_reuse_put(pf_context *ctx, pf_reuse_kind kind, pf_reuse_key key, void *object,
                 pf_reuse_destroy_fn destroy) {
  if ((unsigned)kind >= PF_REUSE_NUM_KINDS) {
    if (object && destroy) destroy(object);
    return PF_ERROR(ctx, PF_ERR_INTERNAL, "pf_reuse_put: unknown kind %d", (int)kind);
  }
  struct pf_reuse_cache_s *c;
  const int rc = store(ctx, &c);
  if (rc < 0 || !object) {
    if (object && destroy) destroy(object);
    return rc;
  }
  c->counts[kind].stored++;
  /* the slot: the same key (replaced), else a free slot while fewer than PF_REUSE_KEEP of this
   * kind are kept, else the least recently used of this kind */
  reuse_entry *slot = NULL, *lru = NULL, *free_slot = NULL;
  int n_kind = 0;
  for (int i = 0; i < PF_REUSE_NUM_KINDS * PF_REUSE_KEEP; i++) {
    reuse_entry *e = &c->entries[i];
    if (!e->used) {
      if (!free_slot) free_slot = e;
      continue;
    }
    if (e->kind != kind) continue;
    n_kind++;
    if (e->key.a == key.a && e->key.b == key.b) slot = e;
    if (!lru || e->tick < lru->tick) lru = e;
  }
  if (!slot) slot = n_kind < PF_REUSE_KEEP ? free_slot : lru;
  if (slot->used) {
    c->counts[kind].evicted++;
    c->counts[kind].kept--;
  }
  entry_free(slot);
  slot->used = 1;
  slot->kind = kind;
  slot->key = key;
  slot->object = object;
  slot->destroy = destroy;
  slot->tick = ++c->tick;
  c->counts[kind].kept++;
  return PF_OK;
}

void pf_reuse_clear(pf_context *ctx) {
  struct pf_reuse_cache_s *c = ctx->cache;
  if (!c) return;
  for (int i = 0; i < PF_REUSE_NUM_KINDS * PF_REUSE_KEEP; i++) entry_free(&c->entries[i]);
  for (int k = 0; k < PF_REUSE_NUM_KINDS; k++) c->counts[k].kept = 0;
}

void pf_reuse_stats(const pf_context *ctx, pf_reuse_kind kind, pf_reuse_counts *counts) {
  memset(counts, 0, sizeof(*counts));
  if (ctx->cache && (unsigned)kind < PF_REUSE_NUM_KINDS) *counts = ctx->cache->counts[kind];
}
