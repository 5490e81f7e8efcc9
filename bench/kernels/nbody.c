/* Floating-point physics: the five-body planetary simulation (Jovian planets
 * around the sun), n steps of 0.01 days; the checksum folds the final energy
 * and positions. Exercises f64 arithmetic, sqrt and division on a small
 * array of structs. */
#include "kernel.h"

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define BODIES 5

typedef struct { double x, y, z, vx, vy, vz, mass; } Body;

static const Body initial[BODIES] = {
  { 0, 0, 0, 0, 0, 0, SOLAR_MASS },
  { 4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
    1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
    -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS },
  { 8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
    -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
    2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS },
  { 1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
    2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
    -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS },
  { 1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
    2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
    -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS },
};

static Body bodies[BODIES];

static void advance(double dt) {
  for (int i = 0; i < BODIES; i++) {
    Body *bi = &bodies[i];
    for (int j = i + 1; j < BODIES; j++) {
      Body *bj = &bodies[j];
      double dx = bi->x - bj->x, dy = bi->y - bj->y, dz = bi->z - bj->z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * __builtin_sqrt(d2));
      bi->vx -= dx * bj->mass * mag; bi->vy -= dy * bj->mass * mag; bi->vz -= dz * bj->mass * mag;
      bj->vx += dx * bi->mass * mag; bj->vy += dy * bi->mass * mag; bj->vz += dz * bi->mass * mag;
    }
  }
  for (int i = 0; i < BODIES; i++) {
    bodies[i].x += dt * bodies[i].vx;
    bodies[i].y += dt * bodies[i].vy;
    bodies[i].z += dt * bodies[i].vz;
  }
}

static double energy(void) {
  double e = 0;
  for (int i = 0; i < BODIES; i++) {
    const Body *bi = &bodies[i];
    e += 0.5 * bi->mass * (bi->vx * bi->vx + bi->vy * bi->vy + bi->vz * bi->vz);
    for (int j = i + 1; j < BODIES; j++) {
      const Body *bj = &bodies[j];
      double dx = bi->x - bj->x, dy = bi->y - bj->y, dz = bi->z - bj->z;
      e -= bi->mass * bj->mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

unsigned run(int n) {
  for (int i = 0; i < BODIES; i++) bodies[i] = initial[i];
  double px = 0, py = 0, pz = 0;
  for (int i = 0; i < BODIES; i++) {
    px += bodies[i].vx * bodies[i].mass; py += bodies[i].vy * bodies[i].mass; pz += bodies[i].vz * bodies[i].mass;
  }
  bodies[0].vx = -px / SOLAR_MASS; bodies[0].vy = -py / SOLAR_MASS; bodies[0].vz = -pz / SOLAR_MASS;
  for (int step = 0; step < n; step++) advance(0.01);
  uint32_t h = mix_f64(2166136261u, energy());
  for (int i = 0; i < BODIES; i++) h = mix_f64(mix_f64(mix_f64(h, bodies[i].x), bodies[i].y), bodies[i].z);
  return h;
}
