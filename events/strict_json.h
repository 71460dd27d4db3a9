// events/strict_json.h — one job: reading hand-edited JSON data files strictly,
// so that every error names the file and the field path ("kab-lumajang.json:
// hours.friday[1]: ...") and a typo stops the server at start instead of
// silently changing a deadline. The catalog (catalog_json.cpp) and the office
// calendars (calendar_json.cpp) are read with it; each keeps its own format.
// Internal to events/: only *_json.cpp files call the functions; the public
// loader headers include this one for DataFile alone, which is why it names
// nlohmann through json_fwd.hpp. The readers check the JSON type before every
// access, so no nlohmann call made through them throws on bad input. Nothing
// here throws by itself; all functions are reentrant and may be called from
// any thread.
#pragma once

#include "events/domain/error.h"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace tanggap::events::strict_json {

// One data file in memory. `name` is what error messages call it: the path as
// found on disk, or a plain name in tests.
struct DataFile {
  std::string name;
  std::string text;
};

// What each format allows before parsing; a format states its own in its header.
struct Limits {
  std::size_t max_file_bytes;
  int max_depth;
};

// Where in which file a value stands. `file` borrows the DataFile's name, which
// outlives every reader call.
struct Where {
  std::string_view file;
  std::string path;  // "services[1].resolution.limit.unit"; empty at the top

  Where at(std::string_view key) const;
  Where at(std::size_t index) const;
};

// Input echoed into a message may be long or hold control bytes: this keeps it
// short and printable ASCII, so the message is safe in logs and JSON error bodies.
std::string printable(std::string_view s, std::size_t max = 60);

// "file: path: what" (or "file: what" at the top), Errc::invalid_field, with
// Error::field set to the path.
Error bad(const Where& w, std::string_view what);
// "expected <expected>, found <JSON type>" at `w`.
Error wrong_type(const nlohmann::json& j, const Where& w, std::string_view expected);

// Checks the size and nesting limits, then parses: a SAX pass first keeps
// nlohmann's description of the first syntax error, then the DOM parse runs
// with exceptions off. Errors are Errc::malformed, prefixed with the file name.
Result<void> parse_text(const DataFile& file, const Limits& limits, nlohmann::json& out);

// An object whose keys are all in `allowed`: a misspelt key is an error, not
// a silently ignored setting.
Result<void> expect_object(const nlohmann::json& j, const Where& w,
                           std::initializer_list<std::string_view> allowed);
Result<void> expect_array(const nlohmann::json& j, const Where& w);

// The member `key` of object `obj`, or an error when it is absent. The pointer
// is into `obj`.
Result<const nlohmann::json*> member(const nlohmann::json& obj, const Where& w,
                                     std::string_view key);

Result<void> read_string(const nlohmann::json& j, const Where& w, std::string& out);
Result<void> read_bool(const nlohmann::json& j, const Where& w, bool& out);

// One file per office, calendar or list, named after it: the file name is where
// people look. An error at `w` (the id's field) when the stem of file.name is not `id`.
Result<void> check_stem(const DataFile& file, const Where& w, const std::string& id);

// The whole file, or Errc::not_found when it cannot be read and Errc::malformed
// when it is larger than `max_file_bytes` (checked before reading it).
Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_file_bytes);

// Reads every path with read_file, in file-name order, so that errors and the
// result do not depend on the order the directory listed them in.
Result<std::vector<DataFile>> read_files(std::vector<std::filesystem::path> paths,
                                         std::size_t max_file_bytes);

}  // namespace tanggap::events::strict_json
