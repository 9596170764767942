// Output files that cannot be written: the error names the path and the OS error, rnnc exits
// 1, and no partial or temporary file is left behind.
// RUN: rm -rf %t.dir && mkdir -p %t.dir

// A directory that does not exist, for every kind of output.
// RUN: not rnnc %examples/seed/seed.mlir -o /nonexistent/dir/m.o 2>&1 | FileCheck %s --check-prefix=NODIR -DOUT=/nonexistent/dir/m.o
// RUN: not rnnc %examples/seed/seed.mlir --emit=shared -o /nonexistent/dir/m.so 2>&1 | FileCheck %s --check-prefix=NODIR -DOUT=/nonexistent/dir/m.so
// RUN: not rnnc %examples/seed/seed.mlir --emit=asm -o /nonexistent/dir/m.s 2>&1 | FileCheck %s --check-prefix=NODIR -DOUT=/nonexistent/dir/m.s
// RUN: not rnnc %examples/seed/seed.mlir --emit=header -o /nonexistent/dir/m.h 2>&1 | FileCheck %s --check-prefix=NODIR -DOUT=/nonexistent/dir/m.h
// RUN: not rnnc %examples/seed/seed.mlir --emit=rnn -o /nonexistent/dir/m.mlir 2>&1 | FileCheck %s --check-prefix=NODIR -DOUT=/nonexistent/dir/m.mlir
// NODIR: rnnc: error: cannot write '[[OUT]]': No such file or directory

// An output path that is a directory: the directory is left as it was, and the shared
// library's temporary object and link output are removed.
// RUN: mkdir -p %t.dir/m.so %t.dir/m.s
// RUN: not rnnc %examples/seed/seed.mlir --emit=shared -o %t.dir/m.so 2>&1 | FileCheck %s --check-prefix=ISDIR -DOUT=%t.dir/m.so
// RUN: not rnnc %examples/seed/seed.mlir --emit=asm -o %t.dir/m.s 2>&1 | FileCheck %s --check-prefix=ISDIR -DOUT=%t.dir/m.s
// RUN: find %t.dir -mindepth 1 | sort | FileCheck %s --check-prefix=LEFT
// ISDIR: rnnc: error: cannot write '[[OUT]]': Is a directory
// LEFT:      {{/m\.s$}}
// LEFT-NEXT: {{/m\.so$}}
// LEFT-NOT:  {{.}}
