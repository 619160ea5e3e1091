/*
 * Inside config/: the YAML document tree, --set overrides, the schema (a data table) and its
 * validator, the model-description builder and the YAML emitter. Only config/ includes this.
 */
#ifndef PF_CONFIG_INTERNAL_H
#define PF_CONFIG_INTERNAL_H

#include <stddef.h>

#include "config/pf_config.h"

/* ------------------------------------------------------------------------------------------
 * YAML document tree (yaml_tree.c): maps, sequences and scalars with their lines. Scalars keep
 * their text untyped; the schema decides what a text means.
 * ------------------------------------------------------------------------------------------ */
typedef enum { PF_YSCALAR = 0, PF_YMAP = 1, PF_YSEQ = 2 } pf_ykind;

typedef struct pf_ynode_s pf_ynode;
struct pf_ynode_s {
  pf_ykind kind;
  int line;           /* 1-based line in the configuration file; 0 for a node from an override */
  const char *origin; /* NULL: from the file; else the override text ("--set a.b=1", tree-owned) */
  char *text;         /* scalar: its text */
  int quoted;         /* scalar: written quoted, as a block scalar or tagged !!str (a string) */
  int inherited;      /* a copy taken from the earlier entry a step entry continues (steps.c):
                       * validated and built like the user's keys, never emitted */
  int n, cap;         /* map: pairs; sequence: items */
  char **keys;        /* map: the keys */
  int *key_lines;     /* map: the line of each key (0 for a key created by an override) */
  pf_ynode **items;   /* map: the values; sequence: the items */
};

typedef struct {
  char *file;     /* the configuration path, as given */
  pf_ynode *root; /* always a map */
  int n_origins;  /* override texts owned by the tree (nodes' origin points at them) */
  char **origins;
} pf_ytree;

/* Reads and parses a configuration file into a tree. Rejects syntax errors (libyaml's problem
 * with its line), duplicate keys (at the second), anchors, aliases, tags other than !!str,
 * non-scalar keys, several documents and a root that is not a map.
 * [out] tree  the tree (NULL on failure). PF_ERR_IO if unreadable, else PF_ERR_INPUT. */
int pf_ytree_read(pf_context *ctx, const char *path, pf_ytree **tree);
/* The same for another YAML document read by the same rules (a foot model file): what names it
 * in messages ("foot model": "the foot model is empty"), keys are examples of its keys for the
 * message on an empty file. */
int pf_ytree_read_doc(pf_context *ctx, const char *path, const char *what, const char *keys,
                      pf_ytree **tree);
/* Frees a tree; safe on NULL. */
void pf_ytree_destroy(pf_ytree **tree);
/* Stores a copy of an override text in the tree. [out] origin  the tree-owned copy. */
int pf_ytree_add_origin(pf_context *ctx, pf_ytree *tree, const char *text, const char **origin);

/* Parses the value of an override: a flow collection ([..], {..}) or quoted scalar is YAML, any
 * other text is one plain scalar taken verbatim (trimmed). Every node gets origin and line 0.
 * Errors (PF_ERR_INPUT) start with origin. [out] node  the value. */
int pf_ynode_parse_value(pf_context *ctx, const char *text, const char *origin, pf_ynode **node);
/* Creates an empty map or sequence, or a plain scalar with text. [out] node. */
int pf_ynode_create(pf_context *ctx, pf_ykind kind, const char *text, int line, const char *origin,
                    pf_ynode **node);
/* Frees a node and everything below it; safe on NULL. */
void pf_ynode_destroy(pf_ynode **node);
/* Appends child to a map (under key, with its line) or a sequence (key NULL). Takes ownership of
 * child, also on failure (it is then freed). */
int pf_ynode_append(pf_context *ctx, pf_ynode *parent, const char *key, int key_line,
                    pf_ynode *child);
/* The value of key in a map (NULL if absent or parent is not a map); *index gets its position
 * when index is not NULL. */
pf_ynode *pf_ynode_find(const pf_ynode *map, const char *key, int *index);
/* 1 for a plain null scalar ("", ~, null, Null, NULL). */
int pf_ynode_is_null(const pf_ynode *node);
/* What a node is, for messages: "a map", "a list of 2", "null (no value)", "the number 5",
 * "the boolean 'yes'", "the string 'abc'". */
void pf_ynode_describe(const pf_ynode *node, char *buf, size_t size);

/* Scalar texts. Each returns 1 when text is valid and stores the value, else 0.
 * Numbers: decimal with optional sign, fraction and exponent; finite (no NaN, inf, hex, or
 * trailing characters). Integers: optional sign and digits, within int. Booleans: YAML 1.1
 * true/false, yes/no, on/off (any of lower, Capitalised, UPPER case). */
int pf_config_parse_number(const char *text, double *value);
int pf_config_parse_integer(const char *text, int *value);
int pf_config_parse_bool(const char *text, int *value);

/* A deep copy of node whose nodes all get line and origin (and inherited set on the copy's root).
 * [out] copy. */
int pf_ynode_copy(pf_context *ctx, const pf_ynode *node, int line, const char *origin,
                  pf_ynode **copy);

/* Emits a tree as block YAML (lists of scalars in flow style) with libyaml's emitter; quoted
 * scalars stay quoted, so that the text parses back to the same tree and emits again to the same
 * text. Inherited keys (steps.c) are left out: the text is what the user wrote, plus overrides.
 * [out] text (malloc'd). */
int pf_ynode_emit(pf_context *ctx, const pf_ynode *root, char **text);

/* The source location of a node for an error message: file = node's override or the tree's file;
 * line (0 for override nodes); key = path. */
void pf_config_err_loc(const pf_ytree *tree, const pf_ynode *node, int line, const char *path,
                       pf_srcloc *loc);

/* buf = path.key (key alone when path is empty), cut to size. */
void pf_config_path_join(char *buf, size_t size, const char *path, const char *key);

/* ------------------------------------------------------------------------------------------
 * Overrides (override.c)
 * ------------------------------------------------------------------------------------------ */
/* Applies one "key.path=value" override to the tree (see pf_config_load). Missing map keys are
 * created; list entries are addressed by [index] or by name. PF_ERR_INPUT with a message that
 * starts with "--set key.path=value:" on a malformed override, a bad path or a bad value. */
int pf_config_apply_override(pf_context *ctx, pf_ytree *tree, const char *override);

/* ------------------------------------------------------------------------------------------
 * Schema (schema_table.c: the data; schema.c: the validator; schema_doc.c: the reference)
 * ------------------------------------------------------------------------------------------ */
typedef enum {
  PF_SK_STRING = 0,  /* any scalar except null */
  PF_SK_NUMBER = 1,  /* a finite number, optionally in a range */
  PF_SK_INTEGER = 2, /* an integer, optionally in a range */
  PF_SK_BOOL = 3,    /* a YAML boolean */
  PF_SK_ENUM = 4,    /* one of values */
  PF_SK_NUMBERS = 5, /* a list of min_count..max_count numbers */
  PF_SK_ENUMS = 6,   /* a list of min_count..max_count distinct values */
  PF_SK_MAP = 7,     /* a map with the keys listed in children */
  PF_SK_NAMED = 8,   /* a map NAME -> element (children[0]) */
  PF_SK_LIST = 9,    /* a list of elements (children[0]) */
  PF_SK_LATER = 10,  /* a key of a later version: rejected as not supported yet */
} pf_schema_kind;

enum {
  PF_SF_REQUIRED = 1, /* must be present (when its condition holds) */
  PF_SF_UNIQUE = 2,   /* list element key: values unique within the list */
  PF_SF_IDENT = 4,    /* string: an identifier [A-Za-z_][A-Za-z0-9_]* */
  PF_SF_NONEMPTY = 8, /* map or list: at least one entry */
  PF_SF_PATH = 16,    /* string: a file path, resolved against the configuration's folder */
  PF_SF_GE = 32,      /* value >= min */
  PF_SF_GT = 64,      /* value > min */
  PF_SF_LE = 128,     /* value <= max */
  PF_SF_LT = 256,     /* value < max */
  PF_SF_BRIEF = 512,  /* docs: one row; the entries are those of the same list elsewhere */
};

typedef struct pf_schema_s pf_schema;
struct pf_schema_s {
  const char *key; /* NULL ends a table; "NAME"/"SET" name the element of NAMED maps */
  pf_schema_kind kind;
  unsigned flags;
  const char *when_key;              /* allowed only when sibling when_key is one of when_values */
  const char *const *when_values;    /* (the key is then "not allowed" for other values) */
  double min, max;                   /* range, by PF_SF_GE/GT/LE/LT */
  int min_count, max_count;          /* NUMBERS, ENUMS: list length */
  const char *const *values;         /* ENUM, ENUMS: allowed values, NULL-terminated */
  const char *const *later_values;   /* ENUM: values of later versions, NULL-terminated */
  const char *const *refused;        /* ENUM: values known but not allowed here (NULL-terminated) */
  const char *refused_why;           /* ... and why, for the message */
  const int *codes;                  /* ENUM: the pf_model.h code of each value (NULL: its index) */
  const pf_schema *children;         /* MAP: key table; NAMED, LIST: the element (one entry) */
  const char *const *name_fallbacks; /* LIST: keys that name an entry without name: (in order) */
  const char *one_of;                /* exactly one of this key and sibling one_of may be given;
                                      * with PF_SF_REQUIRED, one of the two must be */
  const char *unless;                /* PF_SF_REQUIRED does not apply when the sibling boolean
                                      * unless is true (release: true) */
  const pf_schema *alt; /* another shape the value may take: a scalar for a map (regions),
                         * a list for an enum (curve), a list for a number (stiffness) */
  const char *dflt;     /* default as YAML text, used by the builder (NULL: none) */
  const char *dflt_doc; /* default in words when it is not a value ("the set name") */
  const char *unit;     /* NULL: none */
  const char *doc;      /* one line for docs/config.md */
};

/* The schema of the whole configuration: a PF_SK_MAP whose children are the top-level keys. */
const pf_schema *pf_config_schema(void);
/* In a MAP schema: the entry for key whose condition holds for the sibling values in map (map
 * NULL: the first entry for key, whatever its condition). NULL if none. */
const pf_schema *pf_schema_find(const pf_schema *schema, const char *key, const pf_ynode *map);
/* 1 if schema's when-condition holds for the siblings in map (always 1 without a condition). */
int pf_schema_condition_holds(const pf_schema *schema, const pf_ynode *map);
/* Index of text in a NULL-terminated list, or -1. */
int pf_schema_value_index(const char *const *values, const char *text);
/* The pf_model.h code of an ENUM value (codes[], else its index); -1 if not a value. */
int pf_schema_code(const pf_schema *schema, const char *text);
/* 1 when node has the shape schema takes (a scalar, a list or a map; null fits any). */
int pf_schema_shape_fits(const pf_schema *schema, const pf_ynode *node);
/* The name of a list entry: its name:, else the first of the list's name_fallbacks it has (NULL
 * when it has none, or they are not scalars). */
const char *pf_schema_entry_name(const pf_schema *list_schema, const pf_ynode *entry);
/* The text of key in map, or the schema default (NULL when neither). */
const char *pf_schema_text(const pf_schema *schema, const pf_ynode *map, const char *key);
/* What a schema entry expects, for messages and docs: "a number > 0 (MPa)". */
void pf_schema_expected(const pf_schema *schema, char *buf, size_t size);
/* Its range as "-1 < nu < 0.5" ("" without one). */
void pf_schema_range(const pf_schema *schema, char *buf, size_t size);

/* Validates a tree against the schema: unknown keys (with the nearest valid key), keys of later
 * versions, types, ranges, enum values, required keys, conditions and unique names.
 * PF_ERR_INPUT with "FILE:LINE: KEY: what (expected)" at the first problem. */
int pf_config_validate(pf_context *ctx, const pf_ytree *tree);

/* The key reference of docs/config.md, generated from the schema table. [out] text (malloc'd). */
int pf_config_schema_markdown(pf_context *ctx, char **text);

/* ------------------------------------------------------------------------------------------
 * Steps (steps.c): before validation, an entry of a later step that continues an earlier entry
 * (same name) takes the keys it leaves out (type, target, dofs) from it, as inherited copies.
 * ------------------------------------------------------------------------------------------ */
/* Completes continuing step entries and checks what needs the order of steps before the schema
 * sees the tree: top-level loads/boundary beside steps, release: true with nothing to release.
 * PF_ERR_INPUT with "FILE:LINE: KEY: what (expected)". */
int pf_config_resolve_steps(pf_context *ctx, pf_ytree *tree);

/* ------------------------------------------------------------------------------------------
 * The foot model file (foot_model.c)
 * ------------------------------------------------------------------------------------------ */
/* Reads the foot model file foot->model_file (format pfsim-foot-model-1, written by the foot mesh
 * generator beside the mesh) into foot: side, bones, joints (name, proximal, distal, type,
 * centre, axes), landmark names and tendons. Keys it does not read are ignored; the keys it reads
 * are required (tendons may be left out) and checked: joints name listed bones, axes are
 * orthonormal and right-handed. Every location in foot points into the model file.
 * Returns PF_OK; PF_ERR_INPUT with "MODEL:LINE: KEY: what (expected)"; PF_ERR_IO when the file
 * cannot be read. What was read before a failure stays in foot (pf_foot_desc_clear frees it). */
int pf_foot_model_read(pf_context *ctx, pf_foot_desc *foot);

/* ------------------------------------------------------------------------------------------
 * Model description (build_desc.c and the parts in build_*.c, see pf_build.h)
 * ------------------------------------------------------------------------------------------ */
/* Fills desc (config_path already set) from a validated tree: defaults, resolved paths, names,
 * source locations, and the checks that cross entries (materials named by regions, values per
 * listed dof). PF_ERR_INPUT on such a problem. */
int pf_config_build_desc(pf_context *ctx, const pf_ytree *tree, pf_model_desc *desc);

#endif /* PF_CONFIG_INTERNAL_H */
