// server/form_decoder.h — HTML form bodies (the /lapor web form, POST /api/v1/cases)
// turned into plain values: application/x-www-form-urlencoded through Boost.URL,
// multipart/form-data through GMime.
//
// The bytes come from anyone, so decoding never trusts them: every text name and
// value must be UTF-8, caps are checked while decoding (a body of 10,000 parts is
// refused before GMime builds a single one), and nothing here throws, recurses on
// input or keeps a pointer into the body. Errors: malformed (400) for a broken
// encoding, body_too_large (413) naming the cap passed and, where there is one, the
// field; unsupported_media_type (415) from decode_form for any other Content-Type.
//
// Thread safety: every function may be called from any thread at once (GMime is
// initialised once per process on first use). Results own their bytes.
#pragma once

#include "events/domain/error.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tanggap::server {

struct FormFile {
  std::string field;          // the form field's name ("foto")
  std::string filename;       // as sent, without any directory part ("C:\fakepath\x.jpg" → "x.jpg"); may be empty
  std::string declared_type;  // the part's "type/subtype", lower case; empty when the part had no Content-Type.
                              // Only what the sender claims: sniff the bytes before trusting it.
  std::string bytes;          // Content-Transfer-Encoding already undone
};

struct FormData {
  std::vector<std::pair<std::string, std::string>> fields;  // in order, a name may repeat
  std::vector<FormFile> files;  // parts that had a filename; an empty file input (no file chosen) is dropped
  std::optional<std::string_view> field(std::string_view name) const;  // the first value; points into `fields`
};

struct FormLimits {
  std::size_t max_fields = 64;                          // text fields
  std::size_t max_field_bytes = 64 * 1024;              // per text value, per name and per file name
  std::size_t max_files = 5;
  std::size_t max_file_bytes = 5 * 1024 * 1024;
  std::size_t max_total_file_bytes = 10 * 1024 * 1024;
};

// Either form media type, case-insensitive, parameters ignored.
bool is_form_content_type(std::string_view content_type);

// Browsers' encoding: `+` is a space, every other byte outside the URL query
// characters must be percent-encoded. A key without `=` has an empty value;
// empty pieces ("a=1&&b=2") are skipped.
Result<FormData> decode_urlencoded(std::string_view body, const FormLimits& limits);

// RFC 7578 as browsers send it: a `boundary` parameter of 1..70 RFC 2046
// characters, every part named by Content-Disposition: form-data, a closing
// delimiter; no nested multipart or message parts. Preamble and epilogue are ignored.
Result<FormData> decode_multipart(std::string_view content_type, std::string_view body, const FormLimits& limits);

// Dispatches on the media type; anything but the two form types is unsupported_media_type.
Result<FormData> decode_form(std::string_view content_type, std::string_view body, const FormLimits& limits);

}  // namespace tanggap::server
