// events/catalog_json.h — the service catalog on disk (ops/catalog/, see its
// README.md) and the public catalog document of GET /api/v1/services.
// Reading is strict (events/strict_json.h): unknown keys, wrong JSON types and
// unknown enum names are errors, because a typo in an SLA promise must stop the
// server at start, not silently change a deadline. Every error names the file
// and the field path ("offices/kab-lumajang.json: services[1].resolution.limit
// .unit: ..."), with Error::field set to the path. Nothing here throws; all
// functions are reentrant and may be called from any thread.
#pragma once

#include "events/domain/catalog.h"
#include "events/domain/error.h"
#include "events/strict_json.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tanggap::events {

// One catalog file in memory: `name` is used in error messages and, for an
// office file, its stem must equal the office id ("offices/kab-madiun.json").
using CatalogFile = strict_json::DataFile;

// Files larger than this are refused before parsing (a catalog is a few KiB).
inline constexpr std::size_t max_catalog_file_bytes = 1024 * 1024;
// JSON nested deeper than this is refused; the catalog's own depth is 5.
inline constexpr int max_catalog_depth = 32;

// Reads `dir`/service-types.json and every `dir`/offices/*.json (in file-name
// order), then domain::validate()s the result. A validation error's message is
// prefixed with the file that holds the offending entry.
Result<domain::Catalog> load_catalog(const std::filesystem::path& dir);

// The same from memory, without touching the disk: for tests and fuzzing.
Result<domain::Catalog> parse_catalog_files(const CatalogFile& service_types,
                                            const std::vector<CatalogFile>& offices);

// The public catalog document (CONTRACT.md §3.1): {"offices": [{office fields,
// "complaint_channels": [...], "services": [...]}]}. An empty `office_filter`
// lists every office; otherwise only the office with that id (none if unknown:
// the caller decides whether that is a 404).
std::string catalog_to_json(const domain::Catalog& catalog, std::string_view office_filter);

}  // namespace tanggap::events
