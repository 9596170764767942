// Errors about the model file: each is one clear message, located where it can be, exit 1.

// A missing file names the file and the OS error.
// RUN: not rnnc %t.does-not-exist.mlir -o %t.o 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: does-not-exist.mlir{{.*}}: error: cannot read the model: No such file or directory

// A format rnnc cannot import is refused by its extension, whether or not the file exists.
// RUN: rm -rf %t.dir && mkdir -p %t.dir && cp %examples/seed/seed.mlir %t.dir/model.tflite
// RUN: not rnnc %t.dir/model.tflite -o %t.dir/model.o 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not rnnc %t.dir/absent.pb 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: error: unsupported model format '.{{tflite|pb}}'; expected .h5, .hdf5, .keras, .json (Keras), .onnx or .mlir (the rnn dialect)

// A syntax error is reported at its line and column, with the source line.
// RUN: not rnnc %S/Inputs/syntax_error.mlir -o %t.o 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX:      syntax_error.mlir:4:10: error: use of undeclared SSA value name
// SYNTAX-NEXT: return %y : tensor<1x3x2xf32>

// Two public functions and no --function: the message lists both.
// RUN: not rnnc %S/Inputs/two_functions.mlir -o %t.o 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: not rnnc %S/Inputs/two_functions.mlir --emit=header 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: two_functions.mlir{{.*}}: error: the model has 2 public functions; choose one with --function: encoder decoder

// --function names a function the file does not have.
// RUN: not rnnc %S/Inputs/two_functions.mlir --function=tagger -o %t.o 2>&1 | FileCheck %s --check-prefix=NO-FUNCTION
// NO-FUNCTION: two_functions.mlir{{.*}}: error: no function named 'tagger'

// --function chooses one of them (the header shows the decoder's shapes).
// RUN: rnnc %S/Inputs/two_functions.mlir --function=decoder --emit=header | FileCheck %s --check-prefix=CHOSEN
// CHOSEN: /* input 0 'input0': float32 [1, 3, 4] */
// CHOSEN: /* output 0 'output0': float32 [1, 3, 2] */

// --function on a declaration: nothing to compile, said so.
// RUN: not rnnc %S/Inputs/declaration.mlir --function=decl --emit=header 2>&1 | FileCheck %s --check-prefix=DECL
// DECL: error: function 'decl' has no body to compile

// --function compiles the chosen function alone: the other one is dropped, whatever it holds.
// RUN: rnnc %S/Inputs/two_functions.mlir --function=decoder -o %t.dir/two_functions.o
// RUN: %llvm-nm %t.dir/two_functions.o | FileCheck %s --check-prefix=ONLY
// ONLY: T two_functions_run
// ONLY-NOT: encoder
