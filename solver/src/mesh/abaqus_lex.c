/* Abaqus .inp reader: lines, comments and included files; keyword lines and their parameters;
 * comma-separated fields of data lines and the numbers in them. Input syntax: Abaqus Analysis
 * User's Guide, "Input syntax rules" (keyword lines start with '*', comment lines with '**', a
 * line ending with a comma continues on the next line). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mesh/pf_abaqus.h"

int pf_abq_lex_next(pf_abq_lexer *lx, pf_abq_line *line, int *got) {
  memset(line, 0, sizeof(*line));
  *got = 0;
  if (lx->have_peek) {
    *line = lx->peek;
    lx->have_peek = 0;
    *got = 1;
    return PF_OK;
  }
  while (lx->depth > 0) {
    const int top = lx->depth - 1, f = lx->file[top];
    const pf_rd_file *file = &lx->rd->files[f];
    size_t cur = lx->cur[top];
    if (cur == 0 && file->size >= 3 && !memcmp(file->data, "\xEF\xBB\xBF", 3))
      cur = lx->cur[top] = 3; /* a UTF-8 byte-order mark */
    if (cur >= file->size) {
      lx->depth--;
      continue;
    }
    const char *s = file->data + cur;
    const char *nl = memchr(s, '\n', file->size - cur);
    size_t len = nl ? (size_t)(nl - s) : file->size - cur;
    lx->cur[top] = cur + len + (nl ? 1 : 0);
    if (len > 0 && s[len - 1] == '\r') len--;
    size_t k = 0;
    while (k < len && (s[k] == ' ' || s[k] == '\t')) k++;
    if (k + 1 < len && s[k] == '*' && s[k + 1] == '*') continue; /* comment */
    line->s = s;
    line->len = len;
    line->pos = PF_POS(f, cur);
    line->keyword = k < len && s[k] == '*';
    *got = 1;
    return PF_OK;
  }
  return PF_OK;
}

void pf_abq_lex_unread(pf_abq_lexer *lx, const pf_abq_line *line) {
  lx->peek = *line;
  lx->have_peek = 1;
}

int pf_abq_lex_include(pf_abq_lexer *lx, const char *input, int64_t pos) {
  pf_reader *rd = lx->rd;
  if (!input || !*input)
    return pf_rd_error(rd, pos, "INPUT= names no file (expected INPUT=file.inp)");
  if (lx->depth >= PF_ABQ_MAX_DEPTH)
    return pf_rd_error(rd, pos, "*INCLUDE nested more than %d deep (does a file include itself?)",
                       PF_ABQ_MAX_DEPTH - 1);
  /* Relative to the folder of the including file. */
  const char *from = pf_rd_path(rd, pos), *slash = strrchr(from, '/');
  const size_t dir = (input[0] == '/' || !slash) ? 0 : (size_t)(slash - from) + 1;
  char *path = NULL;
  PF_CALL(PF_CALLOC(rd->ctx, dir + strlen(input) + 1, &path));
  memcpy(path, from, dir);
  memcpy(path + dir, input, strlen(input) + 1);
  int index;
  const int ierr = pf_rd_open(rd, path, &index);
  free(path);
  if (ierr) {
    /* An include that cannot be opened is an input error at the line that names it. */
    char msg[sizeof(rd->ctx->err_msg)];
    snprintf(msg, sizeof(msg), "%s", pf_context_error(rd->ctx));
    return pf_rd_error(rd, pos, "%s", msg);
  }
  lx->file[lx->depth] = index;
  lx->cur[lx->depth] = 0;
  lx->depth++;
  return PF_OK;
}

static void trim(const char **s, size_t *len) {
  while (*len && isspace((unsigned char)**s)) (*s)++, (*len)--;
  while (*len && isspace((unsigned char)(*s)[*len - 1])) (*len)--;
}

/* Trims buf[a..b) in place, removes enclosing quotes, NUL-terminates; returns its start. */
static char *trim_in_place(char *buf, size_t a, size_t b) {
  while (a < b && isspace((unsigned char)buf[a])) a++;
  while (b > a && isspace((unsigned char)buf[b - 1])) b--;
  if (b - a >= 2 && buf[a] == '"' && buf[b - 1] == '"') a++, b--;
  buf[b] = '\0';
  return buf + a;
}

int pf_abq_keyword_parse(pf_abq_lexer *lx, const pf_abq_line *line, pf_abq_keyword *kw) {
  pf_reader *rd = lx->rd;
  memset(kw, 0, offsetof(pf_abq_keyword, buf));
  kw->pos = line->pos;
  const char *s = line->s;
  size_t len = line->len;
  trim(&s, &len);
  s++, len--; /* the '*' */
  size_t n = 0;
  for (;;) {
    if (n + len + 2 > sizeof(kw->buf))
      return pf_rd_error(rd, line->pos, "keyword line longer than %d characters",
                         PF_ABQ_KW_MAX - 2);
    memcpy(kw->buf + n, s, len);
    n += len;
    /* A keyword line that ends with a comma continues on the next (non-keyword) line. */
    if (!len || s[len - 1] != ',') break;
    pf_abq_line next;
    int got;
    PF_CALL(pf_abq_lex_next(lx, &next, &got));
    if (!got) break;
    if (next.keyword) {
      pf_abq_lex_unread(lx, &next);
      break;
    }
    s = next.s;
    len = next.len;
    trim(&s, &len);
  }
  kw->buf[n] = '\0';
  /* Split at commas outside quotes. */
  size_t start = 0;
  int field = 0, quoted = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && kw->buf[i] == '"') quoted = !quoted;
    if (i < n && (kw->buf[i] != ',' || quoted)) continue;
    if (field == 0) {
      /* The keyword name: upper case, runs of blanks -> one space. */
      size_t k = 0;
      int space = 0;
      for (size_t j = start; j < i; j++) {
        const unsigned char c = (unsigned char)kw->buf[j];
        if (isspace(c)) {
          space = k > 0;
          continue;
        }
        if (space && k + 1 < sizeof(kw->name)) kw->name[k++] = ' ';
        space = 0;
        if (k + 1 < sizeof(kw->name)) kw->name[k++] = (char)toupper(c);
      }
      kw->name[k] = '\0';
      if (!k) return pf_rd_error(rd, line->pos, "a '*' with no keyword name");
    } else {
      char *eq = memchr(kw->buf + start, '=', i - start);
      const size_t key_end = eq ? (size_t)(eq - kw->buf) : i;
      char *key = trim_in_place(kw->buf, start, key_end);
      char *value = eq ? trim_in_place(kw->buf, key_end + 1, i) : kw->buf + key_end;
      if (!eq) *value = '\0';
      if (*key) {
        if (kw->n == PF_ABQ_MAX_PARAMS)
          return pf_rd_error(rd, line->pos, "*%s has more than %d parameters", kw->name,
                             PF_ABQ_MAX_PARAMS);
        for (char *c = key; *c; c++) *c = (char)toupper((unsigned char)*c);
        kw->key[kw->n] = key;
        kw->value[kw->n] = value;
        kw->n++;
      }
    }
    field++;
    start = i + 1;
  }
  return PF_OK;
}

const char *pf_abq_param(const pf_abq_keyword *kw, const char *key) {
  for (int i = 0; i < kw->n; i++)
    if (!strcmp(kw->key[i], key)) return kw->value[i];
  return NULL;
}

int pf_abq_split(const pf_abq_line *line, pf_abq_field *f, int max, int *more) {
  const char *s = line->s;
  size_t len = line->len;
  trim(&s, &len);
  *more = len > 0 && s[len - 1] == ',';
  if (*more) len--;
  if (!len) return 0;
  int n = 0;
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && s[i] != ',') continue;
    if (n < max) {
      const char *p = s + start;
      size_t l = i - start;
      trim(&p, &l);
      f[n].s = p;
      f[n].len = (int)(l > 0x7fffffff ? 0x7fffffff : l);
    }
    n++;
    start = i + 1;
  }
  return n;
}

int pf_abq_field_next(const pf_abq_line *line, size_t *at, pf_abq_field *f) {
  const char *s = line->s;
  size_t len = line->len;
  while (len && isspace((unsigned char)s[len - 1])) len--;
  if (len && s[len - 1] == ',') len--; /* a trailing comma adds no empty field */
  /* A field starts at *at unless the line is used up; "a,,b" has an empty middle field. */
  if (!(*at < len || (*at == len && len > 0 && s[len - 1] == ','))) return 0;
  size_t i = *at;
  while (i < len && s[i] != ',') i++;
  const char *p = s + *at;
  size_t l = i - *at;
  trim(&p, &l);
  f->s = p;
  f->len = (int)(l > 0x7fffffff ? 0x7fffffff : l);
  *at = i + 1;
  return 1;
}

int pf_abq_is_int(const pf_abq_field *f) {
  int i = 0;
  if (i < f->len && (f->s[i] == '-' || f->s[i] == '+')) i++;
  if (i == f->len) return 0;
  for (; i < f->len; i++)
    if (!isdigit((unsigned char)f->s[i])) return 0;
  return 1;
}

/* The field as a NUL-terminated string in buf; 0 if it does not fit. */
static int field_copy(const pf_abq_field *f, char *buf, size_t size) {
  if ((size_t)f->len + 1 > size) return 0;
  memcpy(buf, f->s, (size_t)f->len);
  buf[f->len] = '\0';
  return 1;
}

int pf_abq_int(pf_reader *rd, const pf_abq_field *f, int64_t pos, int64_t lo, const char *what,
               int64_t *v) {
  *v = 0;
  char buf[64], *end;
  if (!f->len) return pf_rd_error(rd, pos, "expected %s, found an empty field", what);
  if (field_copy(f, buf, sizeof(buf))) {
    errno = 0;
    const long long x = strtoll(buf, &end, 10);
    if (end != buf && *end == '\0' && !errno) {
      if (x < lo)
        return pf_rd_error(rd, pos, "%s %lld is out of range (expected %lld or more)", what, x,
                           (long long)lo);
      *v = x;
      return PF_OK;
    }
  }
  return pf_rd_error(rd, pos, "expected %s, found '%.*s'", what, f->len > 40 ? 40 : f->len, f->s);
}

int pf_abq_real(pf_reader *rd, const pf_abq_field *f, int64_t pos, const char *what, double *v) {
  *v = 0.0;
  if (!f->len) return PF_OK; /* Abaqus reads an empty field as zero */
  char buf[64], *end;
  if (field_copy(f, buf, sizeof(buf))) {
    for (char *c = buf; *c; c++)
      if (*c == 'd' || *c == 'D') *c = 'e'; /* Fortran double-precision exponent */
    const double x = strtod(buf, &end);
    if (end != buf && *end == '\0' && x - x == 0.0) {
      *v = x;
      return PF_OK;
    }
  }
  return pf_rd_error(rd, pos, "expected %s, found '%.*s'", what, f->len > 40 ? 40 : f->len, f->s);
}
