# The rnn-run end-to-end cases; expected outputs were written by NumPy (data/make_data.py),
# so comparing bytes also proves the .npy writer's header matches numpy.save's.
set(SCALE ${FIXTURE_DIR}/scale_model.so)
set(EMBED ${FIXTURE_DIR}/embed_model.so)

# Outputs are 2 * x, in float32, from float32, exactly representable float64 and int32 files.
add_rnn_run_test(scale_f32 ARGS ${SCALE} --input ${DATA_DIR}/x_f32.npy --output y.npy
  STDOUT "output 0 'y': float32 [2, 4, 3]" COMPARE y.npy ${DATA_DIR}/y_expected.npy)
add_rnn_run_test(scale_f64_exact ARGS ${SCALE} --input=${DATA_DIR}/x_f64.npy --output=y.npy
  COMPARE y.npy ${DATA_DIR}/y_expected.npy)
add_rnn_run_test(scale_v3_header ARGS ${SCALE} --input ${DATA_DIR}/x_f32_v3.npy --output y.npy
  COMPARE y.npy ${DATA_DIR}/y_expected.npy)
add_rnn_run_test(scale_empty ARGS ${SCALE} --input ${DATA_DIR}/x_empty.npy --output y.npy
  STDOUT "output 0 'y': float32 [0, 4, 3]" COMPARE y.npy ${DATA_DIR}/y_empty_expected.npy)
add_rnn_run_test(scale_repeat ARGS ${SCALE} --input ${DATA_DIR}/x_f32.npy --output y.npy
  --repeat 5 STDOUT "us per call over 5 calls" COMPARE y.npy ${DATA_DIR}/y_expected.npy)
add_rnn_run_test(embed ARGS ${EMBED} --input ${DATA_DIR}/ids_i32.npy --output v.npy
  STDOUT "output 0 'vectors': float32 [3, 2]" COMPARE v.npy ${DATA_DIR}/vectors_expected.npy)

# --info prints the signature, '?' for dynamic dims.
add_rnn_run_test(info ARGS ${SCALE} --info STDOUT
  "model 'scale'\ninput 0 'x': float32 [?, ?, 3]\noutput 0 'y': float32 [?, ?, 3]\n")
add_rnn_run_test(help ARGS --help STDOUT "usage: rnn-run MODEL.so")

# Every failure: one message, exit code 1, no output file.
add_rnn_run_test(missing_input EXIT 1 ARGS ${SCALE} --output y.npy STDERR
  "rnn-run: model 'scale' has 1 input ('x'), but 0 --input files were given")
add_rnn_run_test(extra_output EXIT 1
  ARGS ${SCALE} --input ${DATA_DIR}/x_f32.npy --output a.npy --output b.npy STDERR
  "rnn-run: model 'scale' has 1 output ('y'), but 2 --output files were given")
add_rnn_run_test(no_library EXIT 1 ARGS --input x.npy STDERR "rnn-run: no model library given")
add_rnn_run_test(unknown_option EXIT 1 ARGS ${SCALE} --inptu x.npy STDERR
  "rnn-run: unknown option '--inptu'")
add_rnn_run_test(option_without_value EXIT 1 ARGS ${SCALE} --output STDERR
  "rnn-run: --output needs a value")
add_rnn_run_test(bad_repeat EXIT 1
  ARGS ${SCALE} --input ${DATA_DIR}/x_f32.npy --output y.npy --repeat 0 STDERR
  "rnn-run: --repeat expects a count from 1 to 999999999, got '0'")
add_rnn_run_test(library_missing EXIT 1 ARGS nowhere.so --info STDERR
  "rnn-run: cannot open 'nowhere.so': ./nowhere.so: cannot open shared object file")
add_rnn_run_test(not_a_model EXIT 1 ARGS ${FIXTURE_DIR}/no_descriptor.so --info STDERR
  "has no symbol rnnc_model_descriptor: not a model compiled with rnnc --emit=shared")
add_rnn_run_test(wrong_abi EXIT 1 ARGS ${FIXTURE_DIR}/bad_abi_model.so --info STDERR
  "model ABI version is 99, this runtime expects 2")
add_rnn_run_test(input_missing EXIT 1 ARGS ${SCALE} --input nothing.npy --output y.npy STDERR
  "rnn-run: cannot read 'nothing.npy': No such file or directory")
add_rnn_run_test(input_rank EXIT 1 ARGS ${SCALE} --input ${DATA_DIR}/x_rank2.npy --output y.npy
  STDERR "rnn-run: input 0 'x' from '${DATA_DIR}/x_rank2.npy': expected rank 3 [?, ?, 3], got rank 2 [4, 3]")
add_rnn_run_test(input_static_dim EXIT 1
  ARGS ${SCALE} --input ${DATA_DIR}/x_dim5.npy --output y.npy STDERR
  "rnn-run: input 0 'x' from '${DATA_DIR}/x_dim5.npy': expected shape [?, ?, 3], got [2, 4, 5] (dim 2 must be 3)")
add_rnn_run_test(input_inexact EXIT 1
  ARGS ${SCALE} --input ${DATA_DIR}/x_f64_inexact.npy --output y.npy STDERR
  "rnn-run: input 0 'x' from '${DATA_DIR}/x_f64_inexact.npy': \
element [0, 0, 0] = 0.1 (float64) is not exactly representable as float32")
add_rnn_run_test(input_fraction_id EXIT 1
  ARGS ${EMBED} --input ${DATA_DIR}/ids_f64_fraction.npy --output v.npy STDERR
  "element [1] = 1.5 (float64) is not exactly representable as int64")
add_rnn_run_test(input_fortran EXIT 1 ARGS ${SCALE} --input ${DATA_DIR}/fortran.npy --output y.npy
  STDERR "Fortran-order arrays are not supported")
add_rnn_run_test(model_error EXIT 1
  ARGS ${EMBED} --input ${DATA_DIR}/ids_out_of_range.npy --output v.npy STDERR
  "rnn-run: model 'embed' failed with status 4: an embedding id lies outside the vocabulary")
add_rnn_run_test(output_unwritable EXIT 1
  ARGS ${SCALE} --input ${DATA_DIR}/x_f32.npy --output missing_dir/y.npy STDERR
  "rnn-run: cannot write 'missing_dir/y.npy': cannot create")
