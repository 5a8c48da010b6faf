// One core's FP32 fused multiply-add peak on a processor with AVX2 and FMA but no AVX-512: the benchmark
// compiles and runs this where shared/bench/peak_flops.c cannot measure it. That file's AVX-512 half does not
// compile for such a processor, and its AVX2 half keeps 16 accumulators and 2 constants live, more than the
// 16 vector registers there are without AVX-512, so gcc spills three chains to memory and the figure comes out
// about 1.75x too low. Here 12 independent chains (enough to cover a 4–6 cycle FMA latency on two FMA units)
// and the 2 constants stay in registers; each started from a value read through a volatile, as there.
// Build: gcc -O2 -march=native peak_avx2.c -o peak_avx2   (the loop: objdump -d peak_avx2 | grep -c 'vfmadd...ps')
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static volatile float seed = 1.0f;

static double avx2(long iters, float* sink) {
  __m256 a0 = _mm256_set1_ps(seed), a1 = _mm256_set1_ps(seed + 1), a2 = _mm256_set1_ps(seed + 2),
         a3 = _mm256_set1_ps(seed + 3), a4 = _mm256_set1_ps(seed + 4), a5 = _mm256_set1_ps(seed + 5),
         a6 = _mm256_set1_ps(seed + 6), a7 = _mm256_set1_ps(seed + 7), a8 = _mm256_set1_ps(seed + 8),
         a9 = _mm256_set1_ps(seed + 9), a10 = _mm256_set1_ps(seed + 10), a11 = _mm256_set1_ps(seed + 11);
  __m256 b = _mm256_set1_ps(0.9999f), c = _mm256_set1_ps(1e-7f);
  double t = now();
  for (long k = 0; k < iters; k++) {
    a0 = _mm256_fmadd_ps(a0, b, c); a1 = _mm256_fmadd_ps(a1, b, c); a2 = _mm256_fmadd_ps(a2, b, c);
    a3 = _mm256_fmadd_ps(a3, b, c); a4 = _mm256_fmadd_ps(a4, b, c); a5 = _mm256_fmadd_ps(a5, b, c);
    a6 = _mm256_fmadd_ps(a6, b, c); a7 = _mm256_fmadd_ps(a7, b, c); a8 = _mm256_fmadd_ps(a8, b, c);
    a9 = _mm256_fmadd_ps(a9, b, c); a10 = _mm256_fmadd_ps(a10, b, c); a11 = _mm256_fmadd_ps(a11, b, c);
  }
  double dt = now() - t;
  __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)), _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
  s = _mm256_add_ps(s, _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
  float tmp[8]; _mm256_storeu_ps(tmp, s); *sink += tmp[0];
  return (double)iters * 12 * 8 * 2 / dt / 1e9;
}

int main(void) {
  double best = 0; float sink = 0;
  for (int rep = 0; rep < 5; rep++) {
    double g = avx2(50000000L, &sink); if (g > best) best = g;
  }
  printf("peak fp32 one core: avx2 %.1f GFLOP/s (12 register chains)\n", best);
  return sink == 12345.f;
}
