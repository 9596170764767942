// Reads a Keras 3 `.keras` zip archive with libzip; see KerasArchive.h.
#include "compiler/Frontends/Keras/KerasArchive.h"

#include "llvm/ADT/Twine.h"

#include <zip.h>

#include <algorithm>
#include <memory>

using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

namespace rnnc::keras {

namespace {

/// Entries larger than this are treated as a damaged archive rather than allocated.
constexpr zip_uint64_t kMaxEntryBytes = zip_uint64_t(1) << 32;

Error fail(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

struct ZipCloser {
  void operator()(zip_t *z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t *f) const { zip_fclose(f); }
};

/// Reads entry `name`; nullopt when the archive has no such entry.
Expected<std::optional<std::vector<char>>> readEntry(zip_t *archive, StringRef name) {
  std::string key = name.str();
  zip_int64_t index = zip_name_locate(archive, key.c_str(), 0);
  if (index < 0)
    return std::optional<std::vector<char>>();
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive, zip_uint64_t(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
      st.size > kMaxEntryBytes)
    return fail("archive entry '" + name + "' is damaged");
  std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive, zip_uint64_t(index), 0));
  if (!file)
    return fail("archive entry '" + name + "' cannot be read: " + zip_strerror(archive));
  // The size is what the archive's directory claims: grow the buffer as data arrives
  // rather than allocating it up front, so a damaged size costs no more than the data.
  std::vector<char> bytes;
  constexpr zip_uint64_t kChunk = zip_uint64_t(1) << 20;
  while (bytes.size() < st.size) {
    size_t done = bytes.size();
    bytes.resize(done + size_t(std::min(kChunk, st.size - done)));
    zip_int64_t got = zip_fread(file.get(), bytes.data() + done, bytes.size() - done);
    if (got <= 0)
      return fail("archive entry '" + name + "' is truncated or damaged");
    bytes.resize(done + size_t(got));
  }
  // libzip checks the CRC when it reaches the end of the data: read past the last byte.
  char extra;
  if (zip_fread(file.get(), &extra, 1) != 0)
    return fail("archive entry '" + name + "' is damaged (its checksum or size is wrong)");
  return std::optional<std::vector<char>>(std::move(bytes));
}

} // namespace

Expected<KerasArchive> readKerasArchive(StringRef path) {
  std::string p = path.str();
  int code = 0;
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open(p.c_str(), ZIP_RDONLY, &code));
  if (!archive) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return fail("cannot open the .keras archive (a zip file): " + message);
  }
  KerasArchive out;
  auto config = readEntry(archive.get(), "config.json");
  if (!config)
    return config.takeError();
  if (!*config)
    return fail("the .keras archive has no config.json");
  out.config.assign((*config)->begin(), (*config)->end());

  auto metadata = readEntry(archive.get(), "metadata.json");
  if (!metadata)
    return metadata.takeError();
  if (*metadata)
    out.metadata = std::string((*metadata)->begin(), (*metadata)->end());

  auto weights = readEntry(archive.get(), "model.weights.h5");
  if (!weights)
    return weights.takeError();
  if (!*weights)
    return fail("the .keras archive has no model.weights.h5");
  out.weights = std::move(**weights);
  return out;
}

} // namespace rnnc::keras
