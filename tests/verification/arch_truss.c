/*
 * The arch truss (Hicks; Salathe et al. 1986; ../shared/validation/literature.md section e): two
 * bony struts meet at the talus (apex, height h above the tie), the plantar fascia ties heel and
 * metatarsal heads; pinned at the heel, on a roller at the forefoot, load W at the apex. Statics:
 *   T = W l1 l2 / (h L),  R_heel = W l2 / L,  R_forefoot = W l1 / L.
 * The truss is statically determinate, so the small-strain solution reproduces these to
 * round-off whatever the stiffnesses: asserted to 1e-10, and halving h doubles T (1e-10).
 */
#include <math.h>
#include <stdio.h>

#include "pf_test.h"
#include "testrun.h"

static const double W = 350.0, l1 = 107.7, l2 = 55.1, area_tie = 87.3;

static double tie_tension(double h, double *r_heel, double *r_ff) {
  const double L = l1 + l2;
  tr_write("arch.inp",
           "*NODE\n1, 0, 0, 0\n2, %.17g, 0, %.17g\n3, %.17g, 0, 0\n"
           "*ELEMENT, TYPE=T3D2, ELSET=STRUTS\n1, 1, 2\n2, 2, 3\n"
           "*ELEMENT, TYPE=T3D2, ELSET=FASCIA\n3, 1, 3\n"
           "*NSET, NSET=HEEL\n1\n*NSET, NSET=APEX\n2\n*NSET, NSET=FOREFOOT\n3\n",
           l1, h, L);
  tr_write("arch.yaml",
           "mesh: {file: arch.inp}\n"
           "materials:\n"
           "  bone: {model: truss, E: 7300, area: 100}\n"
           "  fascia: {model: truss, E: 350, area: %g}\n"
           "regions: {STRUTS: bone, FASCIA: fascia}\n"
           "loads: [{name: W, type: nodal_force, set: APEX, value: [0, 0, %g]}]\n"
           "boundary:\n"
           "  - {name: heel, type: fixed, set: HEEL}\n"
           "  - {name: forefoot, type: fixed, set: FOREFOOT, dofs: [y, z]}\n"
           "  - {name: apex, type: fixed, set: APEX, dofs: [y]}\n"
           "summary:\n"
           "  - {name: tie_stress, set: FASCIA, field: stress, component: xx, stat: mean}\n",
           area_tie, -W);
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  pf_loaded ld;
  pf_solution *sol;
  double T = NAN;
  if (!tr_solve(ctx, "arch.yaml", 0, NULL, &ld, &sol)) {
    T = sol->elem.axial_force[PF_ELEM_TRUSS2][2];
    *r_heel = sol->bc_reaction[2];
    *r_ff = sol->bc_reaction[5];
    pf_solution_destroy(&sol);
    pf_api_unload(&ld);
  }
  pf_context_destroy(&ctx);
  return T;
}

int main(void) {
  const double h = 37.4, L = l1 + l2;
  double rh, rf, rh2, rf2;
  const double T = tie_tension(h, &rh, &rf);
  const double T2 = tie_tension(h / 2, &rh2, &rf2);
  const double T_exact = W * l1 * l2 / (h * L);
  printf("tie tension %.10f N (closed form %.10f N), at h/2: %.10f N (ratio %.12f)\n", T, T_exact,
         T2, T2 / T);
  printf("reactions: heel %.10f N (closed form %.10f), forefoot %.10f N (closed form %.10f)\n", rh,
         W * l2 / L, rf, W * l1 / L);
  PF_EXPECT_REL(T, T_exact, 1e-10);
  PF_EXPECT_REL(T2 / T, 2.0, 1e-10);
  PF_EXPECT_REL(rh, W * l2 / L, 1e-10);
  PF_EXPECT_REL(rf, W * l1 / L, 1e-10);
  PF_EXPECT_REL(rh2, W * l2 / L, 1e-10);
  return pf_test_result("verify_arch_truss");
}
