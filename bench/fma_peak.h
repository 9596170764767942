// FMA throughput loops of bench/fma_peak.cpp (the only TU built with -march=native).
#pragma once

int fma_peak_avx512_available();
int fma_peak_avx2_available();
double fma_peak_avx512_flops_per_iter();
double fma_peak_avx2_flops_per_iter();
// Runs `iters` iterations of 12 independent FMAs; returns a value the caller must consume.
float fma_peak_avx512(long iters);
float fma_peak_avx2(long iters);
