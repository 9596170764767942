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
// ISDIR: rnnc: error: cannot write '[[OUT]]': {{Is a directory|it is a directory}}
// LEFT:      {{/m\.s$}}
// LEFT-NEXT: {{/m\.so$}}
// LEFT-NOT:  {{.}}

// The header would replace the object: refused before anything is written.
// RUN: rm -rf %t.hdir && mkdir -p %t.hdir
// RUN: not rnnc %examples/seed/seed.mlir -o %t.hdir/m.h 2>&1 | FileCheck %s --check-prefix=SAMEPATH
// SAMEPATH: rnnc: error: the object '{{.*}}m.h' would be overwritten by its header; name it with another extension, e.g. -o model.o
// RUN: ls %t.hdir | count 0

// The object and its header appear together or not at all.
// RUN: mkdir -p %t.hdir/m.h
// RUN: not rnnc %examples/seed/seed.mlir -o %t.hdir/m.o 2>&1 | FileCheck %s --check-prefix=PAIR
// PAIR: rnnc: error: cannot write '{{.*}}m.h': it is a directory
// RUN: not ls %t.hdir/m.o
