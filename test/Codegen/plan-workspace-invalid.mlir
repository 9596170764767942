// RUN: rnn-opt %s -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(rnn-plan-workspace)'

// Work buffers are planned per call: one allocated inside a loop is not a model's.
func.func @in_loop(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    // expected-error @+1 {{'memref.alloc' op work buffer allocated inside a region}}
    %a = memref.alloc() : memref<4xf32>
    memref.dealloc %a : memref<4xf32>
  }
  return
}

// -----

// expected-error @+1 {{'func.func' op has work buffers but is not a single-block function without results}}
func.func @with_result() -> memref<4xf32> {
  %a = memref.alloc() : memref<4xf32>
  return %a : memref<4xf32>
}

// -----

func.func @strided() {
  // expected-error @+1 {{'memref.alloc' op work buffer of type 'memref<4xf32, strided<[2]>>' cannot be planned}}
  %a = memref.alloc() : memref<4xf32, strided<[2]>>
  memref.dealloc %a : memref<4xf32, strided<[2]>>
  return
}

// -----

func.func @frees_an_argument(%x: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  // expected-error @+1 {{'memref.dealloc' op frees a buffer that is not a top-level work buffer}}
  memref.dealloc %x : memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  return
}

// -----

// Sizes are computed before any work: a size read from memory could change in between.
func.func @size_from_memory(%n: memref<1xindex>, %x: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  memref.store %f, %x[%c0] : memref<4xf32>
  // expected-error @+1 {{'memref.load' op computes a work buffer's size from memory; sizes must come from the shapes of the arguments}}
  %d = memref.load %n[%c0] : memref<1xindex>
  %a = memref.alloc(%d) : memref<?xf32>
  memref.dealloc %a : memref<?xf32>
  return
}
