/*
 * A virtual pressure plate (issue 4): a grid of square sensors of side `pitch` in the ground
 * plane, each reading the contact force on it divided by its area, as a clinical plate (emed,
 * Zebris) reads a foot. The contact pressure comes in per face as a quadratic field (tri6
 * interpolation of six values: corners, then edge midpoints 01, 12, 20) over straight triangles in
 * plate coordinates; each sensor's force is its exact integral over the part of the triangle
 * inside the sensor (clipping, then a rule exact for quadratics), so that the reading does not
 * depend on how the mesh faces fall on the sensors.
 */
#ifndef PF_PLATE_H
#define PF_PLATE_H

#include <stdint.h>

typedef struct {
  double origin[2]; /* corner of sensor (0, 0), plate coordinates (mm) */
  double pitch;     /* sensor side (mm) */
  int nx, ny;       /* sensors along x and y; sensor (i, j) is force[i + nx j] */
} pf_plate;

/* Adds to force [nx ny] (N, with p in MPa and xy in mm) the integral over each sensor of the
 * quadratic field p [6] over the straight triangle whose corners are xy [3][2] (the midside
 * values at the edge midpoints). Parts outside the grid are not counted. */
void pf_plate_add_tri6(const pf_plate *plate, const double xy[6], const double p[6], double *force);

typedef struct {
  double force;     /* total force on the sensors */
  double peak;      /* largest sensor pressure, force / pitch^2 */
  double mean;      /* mean pressure of the sensors above the threshold (0 if none) */
  double area;      /* sensors above the threshold x pitch^2 */
  double cop[2];    /* centre of pressure: the force-weighted mean of the sensor centres */
  int64_t n_loaded; /* sensors above the threshold */
} pf_plate_stats;

/* Statistics of the sensor forces; a sensor is loaded when its pressure exceeds threshold. */
void pf_plate_statistics(const pf_plate *plate, const double *force, double threshold,
                         pf_plate_stats *st);

#endif /* PF_PLATE_H */
