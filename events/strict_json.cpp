// The shared half of the strict readers: paths, messages, type checks and the
// two-pass parse. Every message format here is checked by the catalog and
// calendar tests, so a change to one is a change to both formats' errors.
#include "events/strict_json.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>
#include <fstream>
#include <sstream>

namespace tanggap::events::strict_json {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

// Syntax and depth only; keeps nlohmann's description of the first error.
struct SyntaxCheck final : nlohmann::json_sax<json> {
  explicit SyntaxCheck(int limit) : max_depth(limit) {}

  int max_depth;
  int depth = 0;
  bool too_deep = false;
  std::string error;
  // The keys of every object being read, innermost last: a key given twice
  // would silently replace the first (a second "friday" or "2026"), so it is
  // refused like any other typo in a data file.
  std::vector<std::vector<std::string>> keys;

  bool enter() {
    too_deep = ++depth > max_depth;
    return !too_deep;
  }
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    keys.emplace_back();
    return enter();
  }
  bool key(string_t& k) override {
    auto& seen = keys.back();
    if (std::find(seen.begin(), seen.end(), k) != seen.end()) {
      error = fmt::format("the key \"{}\" appears twice in one object", printable(k, 60));
      return false;
    }
    seen.push_back(k);
    return true;
  }
  bool end_object() override {
    keys.pop_back();
    return --depth >= 0;
  }
  bool start_array(std::size_t) override { return enter(); }
  bool end_array() override { return --depth >= 0; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    std::string_view what = e.what();  // "[json.exception.parse_error.101] parse error at ..."
    if (const auto close = what.find("] "); close != std::string_view::npos)
      what.remove_prefix(close + 2);
    error = what;
    return false;
  }
};

Error too_large(std::string_view name, std::size_t max_file_bytes) {
  return fail(Errc::malformed, fmt::format("{}: larger than {} bytes", name, max_file_bytes));
}

}  // namespace

Where Where::at(std::string_view key) const {
  return {file, path.empty() ? std::string(key) : fmt::format("{}.{}", path, key)};
}

Where Where::at(std::size_t index) const { return {file, fmt::format("{}[{}]", path, index)}; }

std::string printable(std::string_view s, std::size_t max) {
  std::string out;
  for (const char c : s.substr(0, max)) out += (c >= ' ' && c <= '~') ? c : '?';
  if (s.size() > max) out += "...";
  return out;
}

Error bad(const Where& w, std::string_view what) {
  std::string message = w.path.empty() ? fmt::format("{}: {}", w.file, what)
                                       : fmt::format("{}: {}: {}", w.file, w.path, what);
  return fail(Errc::invalid_field, std::move(message), w.path);
}

Error wrong_type(const json& j, const Where& w, std::string_view expected) {
  return bad(w, fmt::format("expected {}, found {}", expected, j.type_name()));
}

Result<void> parse_text(const DataFile& file, const Limits& limits, json& out) {
  if (file.text.size() > limits.max_file_bytes) return too_large(file.name, limits.max_file_bytes);
  SyntaxCheck check(limits.max_depth);
  if (!json::sax_parse(file.text, &check)) {
    const std::string why = check.too_deep
                                ? fmt::format("nested deeper than {} levels", limits.max_depth)
                                : fmt::format("not valid JSON: {}", printable(check.error, 240));
    return fail(Errc::malformed, fmt::format("{}: {}", file.name, why));
  }
  out = json::parse(file.text, nullptr, false);
  if (out.is_discarded()) return fail(Errc::malformed, fmt::format("{}: not valid JSON", file.name));
  return {};
}

Result<void> expect_object(const json& j, const Where& w,
                           std::initializer_list<std::string_view> allowed) {
  if (!j.is_object()) return wrong_type(j, w, "an object");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      return bad(w.at(printable(it.key())), "unknown key");
  return {};
}

Result<void> expect_array(const json& j, const Where& w) {
  if (!j.is_array()) return wrong_type(j, w, "an array");
  return {};
}

Result<const json*> member(const json& obj, const Where& w, std::string_view key) {
  const auto it = obj.find(std::string(key));
  if (it == obj.end()) return bad(w.at(key), "missing");
  return &*it;
}

Result<void> read_string(const json& j, const Where& w, std::string& out) {
  if (!j.is_string()) return wrong_type(j, w, "a string");
  out = j.get_ref<const std::string&>();
  return {};
}

Result<void> read_bool(const json& j, const Where& w, bool& out) {
  if (!j.is_boolean()) return wrong_type(j, w, "true or false");
  out = j.get<bool>();
  return {};
}

Result<void> check_stem(const DataFile& file, const Where& w, const std::string& id) {
  const std::string stem = fs::path(file.name).stem().string();
  if (id == stem) return {};
  return bad(w, fmt::format("'{}' does not match the file name '{}'", printable(id),
                            printable(stem)));
}

Result<std::string> read_file(const fs::path& path, std::size_t max_file_bytes) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return fail(Errc::not_found, fmt::format("{}: {}", path.string(), ec.message()));
  if (size > max_file_bytes) return too_large(path.string(), max_file_bytes);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return fail(Errc::not_found, fmt::format("{}: cannot be read", path.string()));
  return text.str();
}

Result<std::vector<DataFile>> read_files(std::vector<fs::path> paths, std::size_t max_file_bytes) {
  std::sort(paths.begin(), paths.end());
  std::vector<DataFile> files;
  for (const fs::path& p : paths) {
    auto text = read_file(p, max_file_bytes);
    if (!text) return text.error();
    files.push_back({p.string(), std::move(*text)});
  }
  return files;
}

}  // namespace tanggap::events::strict_json
