/*
 * Private to the Abaqus .inp reader:
 *   abaqus_lex.c       lines (comments, *INCLUDE), keyword lines and parameters, fields, numbers
 *   abaqus_keywords.c  the keyword loop: *NODE, *ELEMENT, *NSET, *ELSET, *SURFACE, *PART,
 *                      *ASSEMBLY, *INSTANCE, *INCLUDE; everything else is skipped with a note
 *   abaqus_model.c     scopes (the top level, parts, the assembly), their sets, element types
 *   abaqus_assembly.c  ids -> rows per scope, instances placed into the mesh
 *   abaqus_sets.c      set and surface resolution (set references, GENERATE, faces S1..S6)
 * Keywords and parameter names are case-insensitive, and so are set, part and instance names
 * (Abaqus upper-cases them); pfsim keeps the spelling of a name's first definition.
 */
#ifndef PF_ABAQUS_H
#define PF_ABAQUS_H

#include "mesh/pf_mesh_io.h"

#define PF_ABQ_MAX_DEPTH  16   /* *INCLUDE nesting */
#define PF_ABQ_KW_MAX     4096 /* a keyword line with its continuation lines */
#define PF_ABQ_MAX_PARAMS 32

/* ---- lexer (abaqus_lex.c) ---- */

/* A line of input that is not a comment: a keyword line or a data line (possibly blank). */
typedef struct {
  const char *s; /* text, without the line end; not NUL-terminated */
  size_t len;
  int64_t pos; /* PF_POS of the first character */
  int keyword; /* starts with a single '*' */
} pf_abq_line;

typedef struct {
  pf_reader *rd;
  int depth; /* open files: file[0] is the deck, the others *INCLUDE or INPUT= files */
  int file[PF_ABQ_MAX_DEPTH];
  size_t cur[PF_ABQ_MAX_DEPTH];
  int have_peek;
  pf_abq_line peek;
} pf_abq_lexer;

/* A keyword line: name upper case with single spaces ("END PART"); parameters with keys upper
 * case and values as written without quotes ("" for a flag such as GENERATE). */
typedef struct {
  char name[64];
  int n;
  const char *key[PF_ABQ_MAX_PARAMS];
  const char *value[PF_ABQ_MAX_PARAMS];
  int64_t pos;
  char buf[PF_ABQ_KW_MAX];
} pf_abq_keyword;

/* A comma-separated field of a data line, trimmed. */
typedef struct {
  const char *s;
  int len;
} pf_abq_field;

/* The next line (*got = 0 at the end of the deck); comment lines are skipped, included files are
 * entered and left. */
int pf_abq_lex_next(pf_abq_lexer *lx, pf_abq_line *line, int *got);
/* Gives back one line, returned again by the next pf_abq_lex_next. */
void pf_abq_lex_unread(pf_abq_lexer *lx, const pf_abq_line *line);
/* Opens file `input` (relative to the folder of the file holding pos) and reads on from it. */
int pf_abq_lex_include(pf_abq_lexer *lx, const char *input, int64_t pos);
/* Parses a keyword line, joining continuation lines (a keyword line that ends with a comma). */
int pf_abq_keyword_parse(pf_abq_lexer *lx, const pf_abq_line *line, pf_abq_keyword *kw);
/* The value of parameter key (upper case), or NULL when the keyword does not have it. */
const char *pf_abq_param(const pf_abq_keyword *kw, const char *key);
/* Splits a data line into fields f[0..max-1]; returns the number of fields (fields beyond max are
 * counted, not stored). A trailing comma adds no empty field and sets *more (the record
 * continues on the next line). */
int pf_abq_split(const pf_abq_line *line, pf_abq_field *f, int max, int *more);
/* The next field of a data line from offset *at (start at 0); 0 when none is left. A trailing
 * comma gives no empty field. For lines of any length (set data). */
int pf_abq_field_next(const pf_abq_line *line, size_t *at, pf_abq_field *f);
/* Is the field an integer (digits with an optional sign)? */
int pf_abq_is_int(const pf_abq_field *f);
/* Field -> integer >= lo, or -> real (an empty field is 0; Fortran D exponents accepted).
 * PF_ERR_INPUT at pos naming `what` otherwise. */
int pf_abq_int(pf_reader *rd, const pf_abq_field *f, int64_t pos, int64_t lo, const char *what,
               int64_t *v);
int pf_abq_real(pf_reader *rd, const pf_abq_field *f, int64_t pos, const char *what, double *v);

/* ---- model (abaqus_model.c) ---- */

/* Element kinds: 0..3 pf_elem_type, PF_ABQ_FACE + pf_face_type for surface element types,
 * PF_ABQ_SKIPPED for types pfsim does not model (kept so that sets may name them). */
#define PF_ABQ_FACE    4
#define PF_ABQ_SKIPPED 7
#define PF_ABQ_KINDS   8

typedef struct {
  const char *name; /* Abaqus type */
  int kind;
  int nodes;
  int alias; /* read as a pfsim element whose formulation differs (hybrid, reduced, ...) */
} pf_abq_type;

/* The entry of an element type (case-insensitive), or NULL. *unsupported_solid is set for 3D
 * continuum types pfsim has no element for (an error, unlike other unknown types). */
const pf_abq_type *pf_abq_type_info(const char *name, int *unsupported_solid);
/* What pfsim lacks to model an unknown element type ("beam elements", ...). */
const char *pf_abq_type_family(const char *name);

enum { PF_ABQ_NSET = 0, PF_ABQ_ELSET = 1, PF_ABQ_SURF = 2 };
enum {
  PF_ABQ_ITEM_IDS,         /* ids[a..b) of the set, listed on one data line */
  PF_ABQ_ITEM_RANGE,       /* GENERATE a, b, step c */
  PF_ABQ_ITEM_SET,         /* another set of the same kind (name may be "instance.set" or
                              "instance.id" at the assembly level) */
  PF_ABQ_ITEM_ELSET_NODES, /* *NSET, ELSET=: the nodes of an element set */
  PF_ABQ_ITEM_FACE         /* *SURFACE, TYPE=ELEMENT: element a (name NULL) or set name, label */
};

typedef struct {
  int type;
  int label; /* faces: 0 none, 1..6 S1..S6, 7 SPOS, 8 SNEG */
  int64_t a, b, c;
  char *name;
  char *inst;  /* the instance an assembly-level item refers to (INSTANCE=), or NULL */
  int64_t pos; /* the data line */
} pf_abq_item;

typedef struct {
  char *name;
  int kind; /* PF_ABQ_NSET, PF_ABQ_ELSET, PF_ABQ_SURF */
  int64_t pos;
  pf_i64vec ids;
  int64_t n_items, cap_items;
  pf_abq_item *items;
} pf_abq_set;

enum { PF_ABQ_ROOT = 0, PF_ABQ_PART = 1, PF_ABQ_ASSEMBLY = 2 };

/* The top level, a part or the assembly: nodes, elements and sets with the ids of the deck. */
typedef struct {
  char *name;
  int kind;
  int64_t pos;
  pf_i64vec node_ids, node_pos;
  pf_dvec x;
  pf_i64vec el_ids[PF_ABQ_KINDS], el_conn[PF_ABQ_KINDS], el_pos[PF_ABQ_KINDS];
  /* assembly connectivity that names "instance.node": conn holds -(k + 1) */
  int64_t n_qref, cap_qref;
  char **qref;
  int n_sets, cap_sets;
  pf_abq_set *sets;
  pf_namemap set_map[3];
  /* after pf_abq_prepare: conn holds scope rows; elements by id */
  int prepared;
  pf_idmap node_map, elem_map;
  pf_i64vec elem_all_ids, elem_codes; /* code = index << 3 | kind */
} pf_abq_scope;

typedef struct {
  char *name, *part;
  int64_t pos;
  double t[3]; /* translation */
  int rotate;  /* rotation about the axis a -> b by angle degrees (right hand) */
  double a[3], b[3], angle;
  int scope; /* the part's scope, once resolved */
} pf_abq_instance;

/* One copy of a scope in the mesh: the top level, each instance, the assembly. */
typedef struct {
  int scope, inst;
  int64_t node_off;                    /* first mesh node row */
  int64_t elem_off[PF_ELEM_NUM_TYPES]; /* first index in each mesh block */
  int64_t id_off;                      /* added to the deck's node and element ids */
  struct pf_abq_result_s **memo;       /* resolved sets, [scope's n_sets] */
  unsigned char *state;                /* 0 not yet, 1 resolving, 2 done */
} pf_abq_place;

typedef struct {
  pf_reader *rd;
  pf_context *ctx;
  pf_mesh *mesh;
  pf_abq_lexer lx;
  int n_scopes, cap_scopes;
  pf_abq_scope *scopes; /* [0] the top level */
  int cur;              /* scope receiving data */
  int assembly;         /* the assembly's scope, -1 */
  int in_instance;      /* the open *INSTANCE, -1 */
  int n_inst, cap_inst;
  pf_abq_instance *inst;
  pf_namemap part_map, inst_map;
  pf_namemap noted; /* keywords and element types already noted */
  int n_noted;
  char **noted_names;
  int n_places;
  pf_abq_place *places;
} pf_abq;

int pf_abq_scope_new(pf_abq *A, const char *name, int kind, int64_t pos, int *index);
/* The set (kind, name) of scope s, created when absent. */
int pf_abq_set_get(pf_abq *A, pf_abq_scope *s, int kind, const char *name, int64_t pos,
                   pf_abq_set **set);
/* Appends an item (copies name and inst). */
int pf_abq_item_add(pf_abq *A, pf_abq_set *set, int type, int64_t a, int64_t b, int64_t c,
                    const char *name, int name_len, const char *inst, int label, int64_t pos);
/* Adds a note once per key ("kw:STEP", "type:B31"); *first tells whether it was added now. */
int pf_abq_note_once(pf_abq *A, const char *key, int *first);
void pf_abq_free(pf_abq *A);

/* ---- keywords (abaqus_keywords.c) ---- */
int pf_abq_read_deck(pf_abq *A);

/* ---- assembly (abaqus_assembly.c, abaqus_sets.c) ---- */
/* Node and element id maps of a scope, connectivity ids -> scope rows; repeated ids and dangling
 * nodes are errors. */
int pf_abq_prepare(pf_abq *A, pf_abq_scope *s);
/* Places the scopes into the mesh (nodes, elements) and builds its sets and surfaces. */
int pf_abq_build(pf_abq *A);
/* Sets of every placement -> mesh sets and surfaces (abaqus_sets.c). */
int pf_abq_build_sets(pf_abq *A);
/* Frees the resolved sets kept in the placements. */
void pf_abq_free_results(pf_abq *A);
/* The mesh row of node "instance.id" named in assembly-level connectivity (error at pos). */
int pf_abq_qualified_node(pf_abq *A, const char *ref, int64_t pos, int64_t *row);
/* The placement of instance name (case-insensitive), or -1. */
int pf_abq_place_of_instance(const pf_abq *A, const char *name);

#endif /* PF_ABAQUS_H */
