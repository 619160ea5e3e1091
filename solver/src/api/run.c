/*
 * The public run API: the one place that joins configuration, mesh, model, analysis and output.
 * Data flows one way: config -> mesh -> model -> checks -> analysis -> frames -> HDF5.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/pf_analysis.h"
#include "api/pf_api.h"
#include "config/pf_config.h"
#include "core/pf_blas.h"
#include "foot/pf_foot.h"
#include "output/pf_output.h"

/* ---- the mesh kept across runs (ctx->reuse) ---------------------------------------------- */

/* The key of a mesh file: its path (the mesh records it as its source) and every byte of it, so
 * that a file rewritten in place is read again whatever its size and times say. Reading and
 * hashing take about 1 ms per 4 MB (docs/sweeps.md); path, size, mtime and inode alone are
 * cheaper but miss a rewrite within the file system's timestamp granularity with the same size.
 * An Abaqus deck with *INCLUDE depends on other files: cacheable is then 0 (it is read every
 * time). [out] key, cacheable. Returns PF_OK or PF_ERR_IO. */
static int mesh_file_key(pf_context *ctx, const char *path, pf_reuse_key *key, int *cacheable) {
  FILE *f = fopen(path, "rb");
  if (!f) return PF_ERROR(ctx, PF_ERR_IO, "cannot open %s: %s", path, strerror(errno));
  pf_reuse_hash h;
  pf_reuse_hash_init(&h, "pfsim mesh file 1");
  pf_reuse_hash_add(&h, path, strlen(path));
  static const char include[] = "include";
  int gmsh = -1, state = 0; /* state: -1 mid-line, 0 line start, 1 after '*', 1 + k matched */
  *cacheable = 1;
  enum { CHUNK = 1 << 16 };
  unsigned char *buf = malloc(CHUNK);
  if (!buf) {
    fclose(f);
    return PF_ERROR(ctx, PF_ERR_INTERNAL, "out of memory");
  }
  size_t n;
  while ((n = fread(buf, 1, CHUNK, f)) > 0) {
    pf_reuse_hash_add(&h, buf, n);
    if (gmsh < 0) gmsh = n >= 11 && !memcmp(buf, "$MeshFormat", 11);
    /* an Abaqus *INCLUDE line: '*', blanks, "include" in any case, at the start of a line */
    for (size_t i = 0; !gmsh && *cacheable && i < n; i++) {
      const int c = buf[i];
      if (c == '\n')
        state = 0;
      else if (state == 0 && (c == ' ' || c == '\t' || c == '\r'))
        continue;
      else if (state == 0 && c == '*')
        state = 1;
      else if (state == 1 && (c == ' ' || c == '\t'))
        continue;
      else if (state >= 1 && (c | 0x20) == include[state - 1]) {
        if (++state == (int)sizeof(include)) *cacheable = 0;
      } else
        state = -1;
    }
  }
  const int failed = ferror(f);
  free(buf);
  fclose(f);
  if (failed) return PF_ERROR(ctx, PF_ERR_IO, "cannot read %s", path);
  *key = pf_reuse_hash_key(&h);
  return PF_OK;
}

static void kept_mesh_destroy(void *object) {
  pf_mesh *mesh = object;
  pf_mesh_destroy(&mesh);
}

/* Reads the mesh file; with ctx->reuse gives a private copy of the mesh kept from an earlier run
 * on the same file, else reads it and keeps a copy. [out] mesh, reused (1 when it was kept). */
static int load_mesh(pf_context *ctx, const char *path, pf_mesh **mesh, int *reused) {
  *mesh = NULL;
  *reused = 0;
  if (!ctx->reuse) return pf_mesh_read(ctx, path, mesh);
  pf_reuse_key key, after;
  int cacheable;
  PF_CALL(mesh_file_key(ctx, path, &key, &cacheable));
  if (!cacheable) return pf_mesh_read(ctx, path, mesh);
  const pf_mesh *kept = pf_reuse_get(ctx, PF_REUSE_MESH, key);
  if (kept) {
    *reused = 1;
    return pf_mesh_copy(ctx, kept, mesh);
  }
  PF_CALL(pf_mesh_read(ctx, path, mesh));
  /* keep it only if the file did not change while it was read */
  pf_mesh *copy = NULL;
  int rc = mesh_file_key(ctx, path, &after, &cacheable);
  if (!rc && cacheable && after.a == key.a && after.b == key.b) {
    rc = pf_mesh_copy(ctx, *mesh, &copy);
    if (!rc) rc = pf_reuse_put(ctx, PF_REUSE_MESH, key, copy, kept_mesh_destroy);
  }
  if (rc) pf_mesh_destroy(mesh);
  return rc;
}

int pf_api_load(pf_context *ctx, const pf_run_options *opt, pf_loaded *ld) {
  memset(ld, 0, sizeof(*ld));
  PF_CHECK(opt && opt->config_path, ctx, PF_ERR_INPUT, "no configuration file given");
  double t = pf_wtime();
  PF_CALL(pf_config_load(ctx, opt->config_path, opt->n_overrides, opt->overrides, &ld->desc));
  ld->t_config = pf_wtime() - t;
  t = pf_wtime();
  int rc = PF_OK;
  if (access(ld->desc->mesh_file, R_OK) != 0)
    rc = pf_error_at(ctx, &ld->desc->mesh_loc, "cannot read the mesh file '%s': %s",
                     ld->desc->mesh_file, strerror(errno));
  int reused = 0;
  if (!rc) rc = load_mesh(ctx, ld->desc->mesh_file, &ld->mesh, &reused);
  if (rc) {
    pf_api_unload(ld);
    return rc;
  }
  if (ld->desc->mesh_scale != 1.0)
    for (int64_t k = 0; k < 3 * ld->mesh->n_nodes; k++) ld->mesh->x[k] *= ld->desc->mesh_scale;
  ld->t_mesh = pf_wtime() - t;
  pf_info(ctx, "mesh %s: %lld nodes, %lld elements, %.2f s%s\n", ld->desc->mesh_file,
          (long long)ld->mesh->n_nodes, (long long)ld->mesh->elem_offset[PF_ELEM_NUM_TYPES],
          ld->t_mesh, reused ? " (kept from an earlier run)" : "");
  for (int i = 0; i < ld->mesh->n_notes; i++) pf_debug(ctx, "mesh note: %s\n", ld->mesh->notes[i]);
  /* a foot model's regions and sets first: a mesh that is not the model's is named as such */
  rc = pf_foot_check_mesh(ctx, ld->desc, ld->mesh);
  if (!rc) rc = pf_model_build(ctx, ld->desc, ld->mesh, &ld->model);
  if (rc) {
    pf_api_unload(ld);
    return rc;
  }
  return PF_OK;
}

void pf_api_unload(pf_loaded *ld) {
  pf_model_destroy(&ld->model);
  pf_mesh_destroy(&ld->mesh);
  pf_model_desc_destroy(&ld->desc);
}

/* The result file: -o, else output.file of the config, else the configuration's own path with
 * .h5 in place of .yaml (beside the configuration, like every path in it). */
static void output_path(const pf_run_options *opt, const pf_model_desc *desc, char *buf, size_t n) {
  if (opt->output_path) {
    snprintf(buf, n, "%s", opt->output_path);
    return;
  }
  if (desc->output_file) {
    snprintf(buf, n, "%s", desc->output_file);
    return;
  }
  snprintf(buf, n, "%s", opt->config_path);
  char *slash = strrchr(buf, '/'), *dot = strrchr(buf, '.');
  if (dot && (!slash || dot > slash) && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml")))
    *dot = '\0';
  size_t len = strlen(buf);
  snprintf(buf + len, n - len, ".h5");
}

int pf_api_write_frame(frame_writer *w, const pf_model *model, const pf_solution *sol,
                       const pf_frame_info *info, pf_output_frame *extra) {
  if (w->level == PF_OUTPUT_SUMMARY) return PF_OK;
  const pf_model_desc *d = model->desc;
  pf_output_reaction *reac = NULL;
  PF_CALL(PF_CALLOC(w->ctx, d->n_bcs + 1, &reac));
  /* one reaction per boundary name (a later step's entry continuing an earlier one adds to it) */
  int n_reac = 0;
  for (int c = 0; c < d->n_bcs; c++) {
    int k = 0;
    while (k < n_reac && strcmp(reac[k].name, d->bcs[c].name)) k++;
    if (k == n_reac) reac[n_reac++].name = d->bcs[c].name;
    for (int i = 0; i < 3; i++) reac[k].force[i] += sol->bc_reaction[3 * c + i];
  }
  pf_output_frame f = {0};
  if (extra) f = *extra;
  f.step_name = info->step_name;
  f.step_index = info->step_index;
  f.load_factor = info->load_factor;
  f.iterations = info->iterations;
  f.converged = 1;
  f.wall_s = info->wall_s;
  f.displacement = sol->u;
  f.n_reactions = n_reac;
  f.reactions = reac;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    f.strain[t] = sol->elem.strain[t];
    f.stress[t] = sol->elem.stress[t];
    f.von_mises[t] = sol->elem.von_mises[t];
    f.min_J[t] = sol->elem.min_J[t];
    f.axial_force[t] = sol->elem.axial_force[t];
    if (extra) f.fibre_strain[t] = sol->elem.fibre_strain[t];
  }
  if (!extra) f.solver = &sol->solver;
  double t = pf_wtime();
  int rc = pf_output_write_frame(w->out, &f);
  w->t_write += pf_wtime() - t;
  w->frames += rc == 0;
  free(reac);
  return rc;
}

static int write_frame(void *user, const pf_model *model, const pf_solution *sol,
                       const pf_frame_info *info) {
  return pf_api_write_frame(user, model, sol, info, NULL);
}

int pf_api_write_summary(pf_context *ctx, pf_output *out, const pf_model *model,
                         const pf_solution *sol) {
  char **names = NULL;
  double *values = NULL;
  int n = 0;
  int rc = pf_summary_compute(ctx, model, sol, &names, &values, &n);
  if (!rc) rc = pf_output_write_summary(out, n, (const char *const *)names, values);
  for (int k = 0; k < n; k++) free(names[k]);
  free(names);
  free(values);
  return rc;
}

static int write_results(pf_context *ctx, pf_output *out, const pf_loaded *ld,
                         const pf_solution *sol, double t0, double t_write, int summary) {
  int rc = summary ? pf_api_write_summary(ctx, out, ld->model, sol) : PF_OK;
  const pf_solver_stats *st = &sol->solver;
  const struct {
    const char *name;
    double value;
  } attrs[] = {{"time_config_s", ld->t_config},
               {"time_mesh_s", ld->t_mesh},
               {"time_setup_s", sol->t_setup},
               {"time_assemble_s", sol->t_assemble},
               {"time_analyse_s", st->t_analyse},
               {"time_factor_s", st->t_factor},
               {"time_solve_s", st->t_solve},
               {"time_recover_s", sol->t_recover},
               {"time_write_s", t_write},
               {"time_total_s", pf_wtime() - t0},
               {"peak_memory_bytes", (double)pf_peak_rss_bytes()},
               {"unknowns", (double)st->n}};
  for (size_t k = 0; !rc && k < sizeof(attrs) / sizeof(attrs[0]); k++)
    rc = pf_output_set_attr_double(out, attrs[k].name, attrs[k].value);
  return rc;
}

/* The part path of a restart: "OUT.h5.part" -> final "OUT.h5", checkpoint "OUT.h5.ckpt". */
static int restart_paths(pf_context *ctx, const char *part, char *final, char *ckpt, size_t n) {
  const size_t len = strlen(part);
  PF_CHECK(len > 5 && !strcmp(part + len - 5, ".part") && len + 8 < n, ctx, PF_ERR_INPUT,
           "--restart %s: expected the OUT.h5.part file of an interrupted or failed run", part);
  memcpy(final, part, len - 5);
  final[len - 5] = '\0';
  memcpy(ckpt, final, len - 5);
  memcpy(ckpt + len - 5, ".ckpt", 6);
  return PF_OK;
}

static int open_output(pf_context *ctx, const pf_loaded *ld, const char *path, pf_output **out) {
  pf_output_meta meta = {0};
  meta.pfsim_version = pf_version();
  meta.git_hash = pf_git_hash();
  meta.config_path = ld->desc->config_path;
  meta.config_yaml = ld->desc->resolved_yaml;
  meta.title = ld->desc->title;
  meta.blas_kernel = pf_blas_kernel();
  meta.blas_threading = pf_blas_threading();
  meta.threads = ctx->threads;
  meta.reproducible = ctx->reproducible;
  PF_CALL(pf_output_open(ctx, path, &meta, out));
  if (ld->desc->output_level == PF_OUTPUT_SUMMARY) return PF_OK;
  const char **names = calloc((size_t)ld->desc->n_regions + 1, sizeof(*names));
  if (!names) return PF_ERROR(ctx, PF_ERR_INTERNAL, "out of memory");
  for (int r = 0; r < ld->desc->n_regions; r++) names[r] = ld->desc->regions[r].set;
  int rc = pf_output_write_mesh(*out, ld->mesh, ld->desc->n_regions, names, ld->model->elem_region);
  free(names);
  return rc;
}

int pf_run(pf_context *ctx, const pf_run_options *opt) {
  const double t0 = pf_wtime();
  pf_loaded ld;
  pf_output *out = NULL;
  pf_solution *sol = NULL;
  pf_checkpoint ckpt = {0};
  char path[4096], ckpt_path[4200];
  int rc;
  PF_CALL(pf_api_load(ctx, opt, &ld));
  const int nonlinear = ld.desc->analysis == PF_ANALYSIS_STATIC_NONLINEAR;
  /* Input problems are found before a result file exists. */
  rc = pf_check_elements(ctx, ld.model, NULL, NULL);
  if (!rc) rc = pf_check_units(ctx, ld.model, 0);
  if (!rc && !nonlinear) {
    pf_dofmap *dm = NULL;
    rc = pf_dofmap_build(ctx, ld.model, &dm);
    if (!rc) rc = pf_check_supports(ctx, ld.model, dm);
    pf_dofmap_destroy(&dm);
  }
  if (!rc && opt->restart_path && !nonlinear)
    rc = PF_ERROR(ctx, PF_ERR_INPUT,
                  "--restart %s: a linear analysis is one solve, there is nothing to continue "
                  "(run it again)",
                  opt->restart_path);
  if (rc) goto done;
  uint64_t hash = 0;
  if (nonlinear) PF_CALL_GOTO(rc, done, pf_api_model_hash(ctx, &ld, &hash));
  if (opt->restart_path) {
    PF_CALL_GOTO(rc, done, restart_paths(ctx, opt->restart_path, path, ckpt_path, sizeof(path)));
    PF_CALL_GOTO(rc, done, pf_checkpoint_read(ctx, ckpt_path, &ckpt));
    if (ckpt.model_hash != hash) {
      rc = PF_ERROR(ctx, PF_ERR_INPUT,
                    "--restart %s: the configuration or the mesh changed since the checkpoint "
                    "%s was written (expected the same resolved configuration and mesh file)",
                    opt->restart_path, ckpt_path);
      goto done;
    }
  } else {
    output_path(opt, ld.desc, path, sizeof(path) - 8);
    snprintf(ckpt_path, sizeof(ckpt_path), "%s.ckpt", path);
  }
  if (opt->output_used) snprintf(opt->output_used, opt->output_used_size, "%s", path);

  double t = pf_wtime();
  int first_frame = ckpt.n_frames;
  if (opt->restart_path) {
    rc = pf_output_reopen(ctx, opt->restart_path, ckpt.n_frames, &out);
    if (rc == PF_ERR_IO) {
      /* A .part damaged by the kill: keep it aside, continue from the checkpoint into a new
       * result file (the frames before the checkpoint are only in the damaged file). */
      char aside[4200];
      snprintf(aside, sizeof(aside), "%s.damaged", opt->restart_path);
      pf_warn(ctx, "%s; it is kept as %s and the run continues into a new %s.part\n", ctx->err_msg,
              aside, path);
      pf_error_clear(ctx);
      if (rename(opt->restart_path, aside) != 0) {
        rc = PF_ERROR(ctx, PF_ERR_IO, "cannot rename '%s' to '%s'", opt->restart_path, aside);
        goto done;
      }
      first_frame = 0;
      rc = open_output(ctx, &ld, path, &out);
    }
  } else {
    rc = open_output(ctx, &ld, path, &out);
  }
  if (rc) goto done;
  frame_writer w = {ctx, out, ld.desc->output_level, pf_wtime() - t, first_frame};
  if (nonlinear) {
    pf_nl_resume resume = {ckpt.step_index, ckpt.step_time, ckpt.increment, ckpt.state};
    rc = pf_api_run_nonlinear(ctx, &ld, &w, ckpt_path, hash, opt->restart_path ? &resume : NULL,
                              &sol);
    if (!rc) rc = write_results(ctx, out, &ld, sol, t0, w.t_write, 0);
  } else {
    rc = pf_analysis_linear(ctx, ld.model, write_frame, &w, &sol);
    if (!rc) rc = write_results(ctx, out, &ld, sol, t0, w.t_write, 1);
  }
done:
  if (out) {
    /* Keep what was written; the file says how the run ended. A failed finite-strain run keeps
     * its .part beside its checkpoint, for --restart. */
    if (nonlinear) pf_output_keep_part_on_failure(out);
    const char *status = rc == 0 ? "complete" : rc == PF_ERR_INTERRUPTED ? "interrupted" : "failed";
    char message[sizeof(ctx->err_msg)];
    snprintf(message, sizeof(message), "%s", rc ? ctx->err_msg : "");
    int rc_close = pf_output_close(&out, status, message);
    if (!rc && rc_close)
      rc = rc_close;
    else if (rc && rc_close)
      pf_warn(ctx, "could not finish the result file %s\n", path);
    if (rc) snprintf(ctx->err_msg, sizeof(ctx->err_msg), "%s", message);
    if (!rc) remove(ckpt_path); /* a complete run needs no checkpoint */
  }
  if (!rc) pf_info(ctx, "wrote %s (%.2f s in all)\n", path, pf_wtime() - t0);
  pf_checkpoint_free(&ckpt);
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  return rc;
}
