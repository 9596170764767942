// Loading models (dlopen of an `rnnc --emit=shared` library, or a statically linked
// descriptor) and read-only introspection of their inputs and outputs.
#include "Internal.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <sys/stat.h>

using namespace rnnrt;

namespace {

rnnrt_model *makeModel(void *handle, const rnnc_model *desc, rnnrt_error *err) {
  auto *model = new (std::nothrow) rnnrt_model{handle, desc};
  if (!model) {
    if (handle)
      dlclose(handle);
    fail(err, RNNRT_ERR_OUT_OF_MEMORY, "out of memory");
    return nullptr;
  }
  succeed(err);
  return model;
}

/// dlopen maps a library's segments as its program headers describe them; when the file
/// is shorter (a truncated copy), touching the missing pages raises SIGBUS inside dlopen.
/// Checks that every segment lies within the file; false (with `err` set) when one does
/// not. Files that are not ELF of this machine's class are left to dlopen's own message.
bool segmentsFitFile(const char *path, const char *file, rnnrt_error *err) {
  FILE *f = std::fopen(file, "rb");
  if (!f)
    return true;
  bool ok = true;
  ElfW(Ehdr) eh;
  long size = -1;
  if (std::fseek(f, 0, SEEK_END) == 0)
    size = std::ftell(f);
  auto fits = [&](uint64_t offset, uint64_t bytes) {
    return size >= 0 && offset <= uint64_t(size) && bytes <= uint64_t(size) - offset;
  };
  if (size >= long(sizeof eh) && std::fseek(f, 0, SEEK_SET) == 0 &&
      std::fread(&eh, sizeof eh, 1, f) == 1 && std::memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 &&
      eh.e_ident[EI_CLASS] == (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32) &&
      eh.e_phentsize == sizeof(ElfW(Phdr))) {
    uint64_t need = 0;
    if (!fits(eh.e_phoff, uint64_t(eh.e_phnum) * sizeof(ElfW(Phdr)))) {
      ok = false;
      need = uint64_t(eh.e_phoff) + uint64_t(eh.e_phnum) * sizeof(ElfW(Phdr));
    }
    for (unsigned i = 0; ok && i < eh.e_phnum; ++i) {
      ElfW(Phdr) ph;
      if (std::fseek(f, long(eh.e_phoff + uint64_t(i) * sizeof ph), SEEK_SET) != 0 ||
          std::fread(&ph, sizeof ph, 1, f) != 1)
        break;
      if (ph.p_type == PT_LOAD && !fits(ph.p_offset, ph.p_filesz)) {
        ok = false;
        need = uint64_t(ph.p_offset) + uint64_t(ph.p_filesz);
      }
    }
    if (!ok)
      fail(err, RNNRT_ERR_LOAD,
           "cannot open '%s': the library is truncated or damaged: its segments need "
           "%llu bytes, the file has %ld",
           path, (unsigned long long)need, size);
  }
  std::fclose(f);
  return ok;
}

} // namespace

extern "C" {

rnnrt_model *rnnrt_open(const char *path, rnnrt_error *err) {
  if (!path) {
    fail(err, RNNRT_ERR_INVALID_ARGUMENT, "rnnrt_open: path is NULL");
    return nullptr;
  }
  // dlopen searches the library path for a bare name; a caller passing "m.so" means the
  // file in the working directory.
  const char *file = path;
  std::unique_ptr<char[]> relative;
  if (!std::strchr(path, '/')) {
    size_t length = std::strlen(path);
    relative = allocateArray<char>(length + 3);
    if (!relative) {
      fail(err, RNNRT_ERR_OUT_OF_MEMORY, "out of memory");
      return nullptr;
    }
    std::memcpy(relative.get(), "./", 2);
    std::memcpy(relative.get() + 2, path, length + 1);
    file = relative.get();
  }
  // dlerror() is per-thread in glibc; clear a stale message before relying on it.
  // Opening a FIFO for reading blocks until someone writes to it; a device is no library.
  struct stat st;
  if (stat(file, &st) == 0 && !S_ISREG(st.st_mode)) {
    fail(err, RNNRT_ERR_LOAD, "cannot open '%s': %s", path,
         S_ISDIR(st.st_mode) ? "it is a directory" : "not a regular file");
    return nullptr;
  }
  if (!segmentsFitFile(path, file, err))
    return nullptr;
  dlerror();
  void *handle = dlopen(file, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *reason = dlerror();
    fail(err, RNNRT_ERR_LOAD, "cannot open '%s': %s", path, reason ? reason : "unknown error");
    return nullptr;
  }
  const auto *desc = static_cast<const rnnc_model *>(dlsym(handle, RNNC_MODEL_SYMBOL));
  if (!desc) {
    dlclose(handle);
    fail(err, RNNRT_ERR_LOAD,
         "'%s' has no symbol " RNNC_MODEL_SYMBOL ": not a model compiled with rnnc "
         "--emit=shared",
         path);
    return nullptr;
  }
  // A symbol of that name that is not an rnnc_model (a function, a smaller object) would
  // have validation read past it. A size of 0 means unknown, not empty.
  Dl_info info;
  void *entry = nullptr;
  const auto *symbol = dladdr1(desc, &info, &entry, RTLD_DL_SYMENT)
                           ? static_cast<const ElfW(Sym) *>(entry)
                           : nullptr;
  if (symbol && ELF64_ST_TYPE(symbol->st_info) == STT_FUNC) {
    dlclose(handle);
    fail(err, RNNRT_ERR_BAD_MODEL, "'%s': " RNNC_MODEL_SYMBOL " is a function, not an rnnc_model",
         path);
    return nullptr;
  }
  // Read before dlclose: the symbol table is the library's, unmapped with it.
  size_t symbolSize = symbol ? static_cast<size_t>(symbol->st_size) : 0;
  if (symbolSize != 0 && symbolSize < sizeof(rnnc_model)) {
    dlclose(handle);
    fail(err, RNNRT_ERR_BAD_MODEL,
         "'%s': " RNNC_MODEL_SYMBOL " has %zu bytes, but an rnnc_model has %zu", path, symbolSize,
         sizeof(rnnc_model));
    return nullptr;
  }
  char origin[RNNRT_MESSAGE_SIZE];
  std::snprintf(origin, sizeof(origin), "'%s'", path);
  if (validateDescriptor(desc, origin, err) != RNNRT_OK) {
    dlclose(handle);
    return nullptr;
  }
  return makeModel(handle, desc, err);
}

rnnrt_model *rnnrt_wrap(const rnnc_model *desc, rnnrt_error *err) {
  if (!desc) {
    fail(err, RNNRT_ERR_INVALID_ARGUMENT, "rnnrt_wrap: desc is NULL");
    return nullptr;
  }
  char origin[RNNRT_MESSAGE_SIZE] = "model descriptor";
  if (desc->name)
    std::snprintf(origin, sizeof(origin), "model '%s'", desc->name);
  if (validateDescriptor(desc, origin, err) != RNNRT_OK)
    return nullptr;
  return makeModel(nullptr, desc, err);
}

void rnnrt_close(rnnrt_model *model) {
  if (!model)
    return;
  if (model->handle)
    dlclose(model->handle);
  std::free(model->weights);
  delete model;
}

const char *rnnrt_model_name(const rnnrt_model *model) {
  return model ? model->desc->name : nullptr;
}

uint32_t rnnrt_model_flags(const rnnrt_model *model) { return model ? model->desc->flags : 0; }

size_t rnnrt_num_inputs(const rnnrt_model *model) {
  return model ? static_cast<size_t>(model->desc->num_inputs) : 0;
}

size_t rnnrt_num_outputs(const rnnrt_model *model) {
  return model ? static_cast<size_t>(model->desc->num_outputs) : 0;
}

const rnnc_tensor_desc *rnnrt_input(const rnnrt_model *model, size_t index) {
  if (!model || index >= rnnrt_num_inputs(model))
    return nullptr;
  return &model->desc->inputs[index];
}

const rnnc_tensor_desc *rnnrt_output(const rnnrt_model *model, size_t index) {
  if (!model || index >= rnnrt_num_outputs(model))
    return nullptr;
  return &model->desc->outputs[index];
}

} // extern "C"
