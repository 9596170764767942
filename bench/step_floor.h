// The batch-1 recurrent step's floor on this core (bench/step_floor.cpp, -march=native).
#pragma once

int step_floor_available();
// A buffer of H x N weights (N = `cols`: H, or G x H for G gates) in the kernels' packed
// layout: ceil(N / 16) column panels of H x 16 floats. Owned by the caller (free with
// step_floor_free).
float *step_floor_weights(int h, int cols);
void step_floor_free(float *w);
// `passes` products h . W over the packed weights, one broadcast and one FMA per panel per
// k, eight panels at a time; `alternate` walks every other pass backwards. Returns a value
// the caller must consume.
float step_floor_run(const float *w, int h, int cols, long passes, int alternate);
