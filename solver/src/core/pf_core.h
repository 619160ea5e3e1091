/*
 * Core services shared by every module: the context, error recording and propagation, logging and
 * progress, checked allocation, timers and source locations of user input.
 */
#ifndef PF_CORE_H
#define PF_CORE_H

#include <pfsim.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The context: everything that would otherwise be global. Two analyses can run in one process
 * with two contexts. */
struct pf_context_s {
  int threads;                       /* threads for assembly, PCG and BLAS (>= 1) */
  int reproducible;                  /* factor with one BLAS thread */
  pf_log_level log_level;            /* messages at or below this level are written to log */
  FILE *log;                         /* message and progress sink (stderr) */
  volatile sig_atomic_t interrupted; /* set by pf_context_interrupt (signal handler) */
  int err_code;                      /* last error: pf_status, 0 if none */
  char err_msg[4096];                /* last error: user-facing message */
  const char *err_src_file;          /* last error: where in pfsim it was raised */
  int err_src_line;
  const char *err_src_func;
  int reuse; /* keep reusable results across runs in this context (pf_context_set_reuse) */
  struct pf_reuse_cache_s *cache; /* what is kept (core/reuse.c); NULL when empty */
};

/* Where a value came from in the user's input: the file, the line (1-based, 0 if unknown) and the
 * key path ("loads[2].set", "W.value[2]"; empty if none). Used to phrase input errors. */
typedef struct {
  const char *file;
  int line;
  char key[128];
} pf_srcloc;

/* Records an error in ctx and returns code (negative). fmt is the user-facing message; the pfsim
 * source location is kept separately for internal errors. */
int pf_error_set(pf_context *ctx, int code, const char *src_file, int src_line, const char *func,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Records an input error at a user-file location: message "FILE:LINE: KEY: what". */
int pf_error_at(pf_context *ctx, const pf_srcloc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prefixes the current error message with "prefix" (adds context while unwinding). */
void pf_error_prefix(pf_context *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Clears the last error. */
void pf_error_clear(pf_context *ctx);

/* Propagates a failure: returns the negative status of expr. */
#define PF_CALL(expr)                        \
  do {                                       \
    int pf_call_rc_ = (expr);                \
    if (pf_call_rc_ < 0) return pf_call_rc_; \
  } while (0)
/* Propagates a failure to a cleanup label: ierr = expr; on failure goto label. */
#define PF_CALL_GOTO(ierr, label, expr) \
  do {                                  \
    (ierr) = (expr);                    \
    if ((ierr) < 0) goto label;         \
  } while (0)
/* Checks cond; on failure records (code, message) in ctx and returns code. */
#define PF_CHECK(cond, ctx, code, ...)                                                          \
  do {                                                                                          \
    if (!(cond)) return pf_error_set((ctx), (code), __FILE__, __LINE__, __func__, __VA_ARGS__); \
  } while (0)
/* Records an error and returns its code from the current function. */
#define PF_ERROR(ctx, code, ...) \
  pf_error_set((ctx), (code), __FILE__, __LINE__, __func__, __VA_ARGS__)

/* Checked allocation: *ptr = calloc(count, size); PF_ERR_INTERNAL with the size on failure. A
 * count of 0 gives a valid (NULL or unique) pointer and succeeds. */
int pf_calloc_(pf_context *ctx, size_t count, size_t size, void *ptr, const char *src_file,
               int src_line, const char *func);
int pf_realloc_(pf_context *ctx, size_t count, size_t size, void *ptr, const char *src_file,
                int src_line, const char *func);
#define PF_CALLOC(ctx, count, ptr) \
  pf_calloc_((ctx), (size_t)(count), sizeof(**(ptr)), (ptr), __FILE__, __LINE__, __func__)
#define PF_REALLOC(ctx, count, ptr) \
  pf_realloc_((ctx), (size_t)(count), sizeof(**(ptr)), (ptr), __FILE__, __LINE__, __func__)
/* free(*ptr); *ptr = NULL. */
void pf_free_(void *ptr);
#define PF_FREE(ptr) pf_free_(ptr)
/* strdup that records an error on failure; NULL in gives NULL out and succeeds. */
int pf_strdup(pf_context *ctx, const char *s, char **out);

/* Logging to ctx->log (never stdout). */
void pf_log(const pf_context *ctx, pf_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define pf_warn(ctx, ...)  pf_log((ctx), PF_LOG_WARN, __VA_ARGS__)
#define pf_info(ctx, ...)  pf_log((ctx), PF_LOG_INFO, __VA_ARGS__)
#define pf_debug(ctx, ...) pf_log((ctx), PF_LOG_DEBUG, __VA_ARGS__)

/* Wall-clock seconds (monotonic). */
double pf_wtime(void);
/* Peak resident memory of the process in bytes (getrusage). */
int64_t pf_peak_rss_bytes(void);
/* Non-zero once an interrupt was requested. */
static inline int pf_interrupted(const pf_context *ctx) { return ctx->interrupted != 0; }

/* 64-bit FNV-1a hash of n bytes, continuing from h (start with PF_HASH64_INIT): detects a
 * changed model on restart (not a cryptographic hash). */
#define PF_HASH64_INIT 0xcbf29ce484222325ull
uint64_t pf_hash64(uint64_t h, const void *data, size_t n);

/* What a context keeps across runs (pf_context_set_reuse, core/reuse.c): a small store of
 * objects under (kind, 128-bit key). Core never looks into an object: each comes with the
 * callback that frees it. At most PF_REUSE_KEEP objects per kind are kept, the least recently
 * used one is freed to make room, so a sweep over many geometries does not grow the store.
 * Keys are hashes of every input the object depends on (pf_reuse_hash): equal keys mean equal
 * inputs (two independent 64-bit lanes; a false match has probability about 2^-128). The store
 * is used only while ctx->reuse is set; the callers check it. */
typedef enum {
  PF_REUSE_MESH = 0,     /* a mesh as read from its file (api/run.c) */
  PF_REUSE_SYMBOLIC = 1, /* a symbolic factorisation of a sparsity pattern (linalg/) */
  PF_REUSE_NUM_KINDS = 2
} pf_reuse_kind;
#define PF_REUSE_KEEP 2

typedef struct {
  uint64_t a, b;
} pf_reuse_key;

/* Incremental hash for reuse keys: 8 bytes at a time into two independent 64-bit hashes, each
 * spread over 4 accumulators (word k into accumulator k mod 4) so that the multiplications of
 * consecutive words overlap (about 1 ms per 4 MB, memory bound). */
typedef struct {
  uint64_t h1[4], h2[4];
  uint64_t words, n;
} pf_reuse_hash;
void pf_reuse_hash_init(pf_reuse_hash *h, const char *domain);
/* Adds n bytes. The result depends on how the bytes are split into calls (each call is padded to
 * whole words and its length mixed in): hash the same input with the same calls. */
void pf_reuse_hash_add(pf_reuse_hash *h, const void *data, size_t n);
pf_reuse_key pf_reuse_hash_key(const pf_reuse_hash *h);

typedef void (*pf_reuse_destroy_fn)(void *object);
/* The object kept under (kind, key), or NULL. A hit or a miss is counted. The object stays
 * owned by the store: it is valid until the next pf_reuse_put or pf_reuse_clear on ctx; the
 * caller copies what it takes (a run may modify what it gets). */
const void *pf_reuse_get(pf_context *ctx, pf_reuse_kind kind, pf_reuse_key key);
/* Keeps object under (kind, key); the store owns it from now on, also on failure (it is then
 * freed with destroy). An object already kept under the key is replaced; with PF_REUSE_KEEP
 * objects of this kind kept, the least recently used is freed. Returns PF_OK or PF_ERR_INTERNAL
 * (out of memory, bad kind). */
int pf_reuse_put(pf_context *ctx, pf_reuse_kind kind, pf_reuse_key key, void *object,
                 pf_reuse_destroy_fn destroy);
/* Frees every kept object (the counters stay). */
void pf_reuse_clear(pf_context *ctx);

/* Counters of one kind since the context was created (for tests, logs and benchmarks). */
typedef struct {
  int64_t hits;    /* pf_reuse_get that found an object */
  int64_t misses;  /* pf_reuse_get that found none */
  int64_t stored;  /* objects kept by pf_reuse_put */
  int64_t evicted; /* objects freed to make room or replaced */
  int kept;        /* objects kept now */
} pf_reuse_counts;
/* [out] counts of kind (all zero for a context that never kept anything). */
void pf_reuse_stats(const pf_context *ctx, pf_reuse_kind kind, pf_reuse_counts *counts);

/* qsort/bsearch comparison of int64_t. */
int pf_cmp_i64(const void *a, const void *b);

/* Git hash of the build ("unknown" outside a checkout; "-dirty" suffix for local changes). */
const char *pf_git_hash(void);

/* Case-insensitive string comparison helpers and the edit distance used for "did you mean". */
int pf_strcaseeq(const char *a, const char *b);
int pf_edit_distance(const char *a, const char *b);
/* The candidate nearest to word (edit distance, case-insensitive), or NULL when none is close
 * (distance more than max(2, strlen/3)). */
const char *pf_nearest(const char *word, const char *const *candidates, int n);
/* "a, b, c" into buf (truncated to size): the first n words, or all of a NULL-terminated list
 * when n < 0. For messages that list what was expected. */
void pf_join_words(const char *const *words, int n, char *buf, size_t size);

#endif /* PF_CORE_H */
