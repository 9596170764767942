# Sourced by the sanitizer and fuzz scripts: how ASan and UBSan report. Stop at the first
# finding with a stack, and print the stack of every UBSan report too.
#
# allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons its free slab space when inlined
# into instrumented code (ours) but not in Debian's uninstrumented libMLIR, and both sides
# allocate from the same allocators (the MLIR context's attribute storage), which makes
# ASan report libMLIR's own allocations as use-after-poison. The project never poisons
# memory by hand, so this turns off only LLVM's annotations.
# allocator_may_return_null=1: HDF5 sizes buffers by lengths read from the file and checks
# malloc for null; glibc returns null for an impossible size, ASan would abort instead.
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:print_stacktrace=1:allow_user_poisoning=0:allocator_may_return_null=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:report_error_type=1}"
