/* Small utilities: timers, memory, string comparison and "did you mean", sorting. */
#include <ctype.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/pf_core.h"

double pf_wtime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int64_t pf_peak_rss_bytes(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
  return (int64_t)ru.ru_maxrss * 1024; /* Linux reports KiB */
}

int pf_strcaseeq(const char *a, const char *b) {
  if (!a || !b) return 0;
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
  return *a == *b;
}

int pf_edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 255 || lb > 255) return 1 << 20;
  int prev[256], cur[256];
  for (size_t j = 0; j <= lb; j++) prev[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    cur[0] = (int)i;
    for (size_t j = 1; j <= lb; j++) {
      int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
      int v = prev[j - 1] + cost;
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      cur[j] = v;
    }
    memcpy(prev, cur, (lb + 1) * sizeof(int));
  }
  return prev[lb];
}

const char *pf_nearest(const char *word, const char *const *candidates, int n) {
  const char *best = NULL;
  int best_d = 1 << 20;
  for (int i = 0; i < n; i++) {
    int d = pf_edit_distance(word, candidates[i]);
    if (d < best_d) {
      best_d = d;
      best = candidates[i];
    }
  }
  int limit = (int)strlen(word) / 3;
  if (limit < 2) limit = 2;
  return best_d <= limit ? best : NULL;
}

void pf_join_words(const char *const *words, int n, char *buf, size_t size) {
  size_t used = 0;
  if (size) buf[0] = '\0';
  for (int i = 0; words && (n < 0 ? words[i] != NULL : i < n) && used < size; i++)
    used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", words[i]);
}

int pf_cmp_i64(const void *a, const void *b) {
  const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

uint64_t pf_hash64(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}
