/*
 * The XDMF sidecar: a small XML file that tells ParaView (XDMFReader and Xdmf3Reader) how to build
 * unstructured grids from the datasets of the result file. A temporal collection holds one frame
 * per /steps/NNNN (Time = frame number); each frame is a spatial collection with one uniform grid
 * per element type present, all sharing /mesh/nodes.
 *
 * Symmetric tensors are declared AttributeType="Matrix" with 6 columns, so both readers pass the
 * six stored components through unchanged and ParaView names them XX YY ZZ XY YZ XZ, which is
 * pfsim's order. XDMF's "Tensor6" is not used: ParaView 5.11's XDMFReader expands it from the
 * order xx xy xz yy yz zz while Xdmf3Reader keeps it as is, so no single ordering would be right
 * in both (checked by tests/output/check_xdmf_paraview.py).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "output/h5_internal.h"

static const char *const topology_type[PF_ELEM_NUM_TYPES] = {"Tetrahedron", "Tetrahedron_10",
                                                             "Hexahedron", "Polyline"};

/* Writes s with the five XML special characters escaped. */
static void xml_escaped(FILE *fp, const char *s) {
  for (; *s; s++) {
    switch (*s) {
      case '&':
        fputs("&amp;", fp);
        break;
      case '<':
        fputs("&lt;", fp);
        break;
      case '>':
        fputs("&gt;", fp);
        break;
      case '"':
        fputs("&quot;", fp);
        break;
      case '\'':
        fputs("&apos;", fp);
        break;
      default:
        fputc(*s, fp);
    }
  }
}

/* <DataItem> of an HDF5 dataset "h5:/path" of rows x cols (cols 0: 1-D). */
static void data_item(FILE *fp, const char *h5, const char *path, int64_t rows, int cols,
                      const char *number_type, int precision, const char *indent) {
  fprintf(fp, "%s<DataItem Dimensions=\"%lld", indent, (long long)rows);
  if (cols > 0) fprintf(fp, " %d", cols);
  fprintf(fp, "\" NumberType=\"%s\" Precision=\"%d\" Format=\"HDF\">", number_type, precision);
  xml_escaped(fp, h5);
  fprintf(fp, ":%s</DataItem>\n", path);
}

static void attribute(FILE *fp, const char *h5, const char *name, const char *type,
                      const char *center, const char *path, int64_t rows, int cols,
                      const char *number_type, int precision) {
  fprintf(fp, "          <Attribute Name=\"%s\" AttributeType=\"%s\" Center=\"%s\">\n", name, type,
          center);
  data_item(fp, h5, path, rows, cols, number_type, precision, "            ");
  fputs("          </Attribute>\n", fp);
}

/* One uniform grid: element type t, fields of frame (NULL: the mesh alone). */
static void grid(FILE *fp, const pf_output *out, const char *h5, int t, int frame_no,
                 const pf_output_frame_info *frame) {
  const char *tname = pf_elem_name((pf_elem_type)t);
  const int64_t m = out->elem_count[t];
  const int k = pf_elem_nodes((pf_elem_type)t);
  char path[160];
  fprintf(fp, "        <Grid Name=\"%s\" GridType=\"Uniform\">\n", tname);
  fprintf(fp, "          <Topology TopologyType=\"%s\" NumberOfElements=\"%lld\"", topology_type[t],
          (long long)m);
  if (t == PF_ELEM_TRUSS2) fprintf(fp, " NodesPerElement=\"2\"");
  fputs(">\n", fp);
  snprintf(path, sizeof(path), "/mesh/elements/%s/connectivity", tname);
  data_item(fp, h5, path, m, k, "Int", 8, "            ");
  fputs("          </Topology>\n          <Geometry GeometryType=\"XYZ\">\n", fp);
  data_item(fp, h5, "/mesh/nodes", out->n_nodes, 3, "Float", 8, "            ");
  fputs("          </Geometry>\n", fp);
  if (frame && frame->has_displacement) {
    snprintf(path, sizeof(path), "/steps/%04d/displacement", frame_no);
    attribute(fp, h5, "displacement", "Vector", "Node", path, out->n_nodes, 3, "Float", 8);
  }
  if (frame && frame->has_contact_pressure) { /* the sole coloured by the contact pressure */
    snprintf(path, sizeof(path), "/steps/%04d/contact/node_pressure", frame_no);
    attribute(fp, h5, "contact_pressure", "Scalar", "Node", path, out->n_nodes, 0, "Float", 8);
  }
  snprintf(path, sizeof(path), "/mesh/elements/%s/region", tname);
  attribute(fp, h5, "region", "Scalar", "Cell", path, m, 0, "Int", 4);
  if (!frame) {
    fputs("        </Grid>\n", fp);
    return;
  }
  static const struct {
    unsigned bit;
    const char *name;
    int cols;
  } fields[] = {{PF_FIELD_STRESS, "stress", 6},
                {PF_FIELD_STRAIN, "strain", 6},
                {PF_FIELD_VON_MISES, "von_mises", 0},
                {PF_FIELD_MIN_J, "min_J", 0},
                {PF_FIELD_FIBRE_STRAIN, "fibre_strain", 0},
                {PF_FIELD_AXIAL_FORCE, "axial_force", 0}};
  for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
    if (!(frame->fields[t] & fields[f].bit)) continue;
    snprintf(path, sizeof(path), "/steps/%04d/elements/%s/%s", frame_no, tname, fields[f].name);
    attribute(fp, h5, fields[f].name, fields[f].cols ? "Matrix" : "Scalar", "Cell", path, m,
              fields[f].cols, "Float", 8);
  }
  fputs("        </Grid>\n", fp);
}

/* One spatial collection (a frame, or the mesh alone when frame is NULL). */
static void collection(FILE *fp, const pf_output *out, const char *h5, int frame_no,
                       const pf_output_frame_info *frame) {
  if (frame)
    fprintf(fp,
            "      <Grid Name=\"frame %04d\" GridType=\"Collection\" CollectionType=\"Spatial\">\n"
            "        <Time Value=\"%d\"/>\n",
            frame_no, frame_no);
  else
    fputs("      <Grid Name=\"mesh\" GridType=\"Collection\" CollectionType=\"Spatial\">\n", fp);
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++)
    if (out->elem_count[t] > 0) grid(fp, out, h5, t, frame_no, frame);
  fputs("      </Grid>\n", fp);
}

int pf_xdmf_write(pf_context *ctx, const pf_output *out, const char *h5_path,
                  const char *xdmf_path) {
  const char *slash = strrchr(h5_path, '/');
  const char *h5 = slash ? slash + 1 : h5_path; /* by basename: the folder can be moved */
  FILE *fp = fopen(xdmf_path, "w");
  if (!fp) return PF_ERROR(ctx, PF_ERR_IO, "cannot write '%s': %s", xdmf_path, strerror(errno));
  fputs(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<!-- pfsim result sidecar: open this file in ParaView. Time = output frame number "
      "(/steps/NNNN); stress and strain components XX YY ZZ XY YZ XZ. -->\n"
      "<Xdmf Version=\"3.0\">\n  <Domain>\n",
      fp);
  if (out->n_frames > 0) {
    fputs("    <Grid Name=\"pfsim\" GridType=\"Collection\" CollectionType=\"Temporal\">\n", fp);
    for (int i = 0; i < out->n_frames; i++) collection(fp, out, h5, i, &out->frames[i]);
    fputs("    </Grid>\n", fp);
  } else {
    collection(fp, out, h5, 0, NULL);
  }
  fputs("  </Domain>\n</Xdmf>\n", fp);
  int bad = ferror(fp);
  if (fclose(fp) != 0 || bad)
    return PF_ERROR(ctx, PF_ERR_IO, "cannot write '%s': %s", xdmf_path, strerror(errno));
  return PF_OK;
}
