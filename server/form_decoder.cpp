// server/form_decoder.cpp — see the header.
//
// Multipart as we accept it (RFC 2046 §5.1.1, RFC 7578), checked here before
// GMime sees a byte, because GMime is built to read whatever mail it is given:
//
//   body      = preamble 1*( delimiter part ) close epilogue
//   delimiter = line-start "--" boundary *LWSP EOL   ; line-start: offset 0 or just after LF
//   close     = line-start "--" boundary "--" *LWSP (EOL / end of body)
//   part      = headers [ EOL content ]              ; the EOL before the next delimiter is the delimiter's
//
// The LWSP rule is GMime's own (is_boundary in gmime-parser.c), so scan_parts()
// and GMime agree on where parts start; decode_multipart() checks they do.
// What GMime would tolerate and we refuse or repair:
//  - no close delimiter (a truncated upload): GMime ends the last part at EOF;
//  - thousands of parts, or megabytes of part headers: GMime builds an object per
//    part, header and parameter (~90 bytes of memory per byte of header), so both
//    are capped by the scan before it builds any;
//  - a nested multipart or message part: GMime parses it recursively; a header
//    callback stops the stream as soon as one is announced (see NestedGuard);
//  - the last part's line end: GMime trims from a part the line-end style of the
//    delimiter line after it, so "x\r\n--b--" at EOF would give "x\r"; GMime gets a
//    close line of ours, ended like the line before it, and no epilogue;
//  - quoted parameter values: GMime reads RFC 822 quoted-strings, where `\x` means
//    `x`; browsers put names verbatim between quotes (WHATWG HTML), so a backslash
//    is a character ("C:\fakepath\x.jpg"), taken verbatim when present;
//  - 8-bit headers that are not UTF-8: GMime silently converts them from Latin-1.
#include "server/form_decoder.h"

#include <boost/url/grammar/charset.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <gmime/gmime.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>

namespace tanggap::server {

namespace urls = boost::urls;

namespace {

constexpr std::size_t max_boundary_chars = 70;           // RFC 2046 §5.1.1
constexpr std::size_t header_bytes_per_part = 1024;      // a browser sends ~100-400
constexpr std::size_t no_pos = std::string_view::npos;

std::size_t sat_add(std::size_t a, std::size_t b) {
  return a > std::numeric_limits<std::size_t>::max() - b ? std::numeric_limits<std::size_t>::max() : a + b;
}
std::size_t sat_mul(std::size_t a, std::size_t b) {
  return b != 0 && a > std::numeric_limits<std::size_t>::max() / b ? std::numeric_limits<std::size_t>::max() : a * b;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

std::string_view trim(std::string_view s, std::string_view blanks = " \t") {
  const auto first = s.find_first_not_of(blanks);
  if (first == no_pos) return {};
  return s.substr(first, s.find_last_not_of(blanks) - first + 1);
}

std::string_view media_type_of(std::string_view content_type) {
  return trim(content_type.substr(0, content_type.find(';')));
}

// NUL is a valid code point but g_utf8_validate_len refuses it: validate between NULs.
bool valid_utf8(std::string_view s) {
  for (;;) {
    const auto nul = s.find('\0');
    const auto piece = s.substr(0, nul);
    if (!g_utf8_validate_len(piece.data(), piece.size(), nullptr)) return false;
    if (nul == no_pos) return true;
    s.remove_prefix(nul + 1);
  }
}

// "5 MB", "64 KB", "100 bytes": the caps as people read them in an error message.
std::string size_text(std::size_t bytes) {
  constexpr std::size_t kb = 1024, mb = 1024 * 1024;
  if (bytes >= mb && bytes % mb == 0) return std::to_string(bytes / mb) + " MB";
  if (bytes >= kb && bytes % kb == 0) return std::to_string(bytes / kb) + " KB";
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

// Browsers send a bare name, old ones and some clients a whole path.
std::string base_name(std::string_view path) {
  if (const auto slash = path.find_last_of("/\\"); slash != no_pos) path.remove_prefix(slash + 1);
  if (path == "." || path == "..") return {};
  return std::string(path);
}

// Counts and caps, the same for both encodings.
class FormBuilder {
 public:
  explicit FormBuilder(const FormLimits& limits) : limits_(limits) {}

  Result<void> check_name(std::string_view name) const {
    if (name.size() > limits_.max_field_bytes)
      return fail(Errc::body_too_large, "a field name is longer than " + size_text(limits_.max_field_bytes));
    if (!valid_utf8(name)) return fail(Errc::malformed, "a field name is not valid UTF-8");
    return {};
  }

  Result<void> add_text(std::string name, std::string value) {
    if (auto r = check_name(name); !r) return r.error();
    if (data_.fields.size() >= limits_.max_fields)
      return fail(Errc::body_too_large, "the form has more than " + std::to_string(limits_.max_fields) + " fields", name);
    if (value.size() > limits_.max_field_bytes) return value_too_long(name);
    if (!valid_utf8(value)) return fail(Errc::malformed, "field " + name + " is not valid UTF-8", name);
    data_.fields.emplace_back(std::move(name), std::move(value));
    return {};
  }

  Error value_too_long(const std::string& name) const {
    return fail(Errc::body_too_large, "field " + name + " is longer than " + size_text(limits_.max_field_bytes), name);
  }

  Result<void> check_file_name(std::string_view field, std::string_view filename) const {
    if (filename.size() > limits_.max_field_bytes)
      return fail(Errc::body_too_large, "the file name in field " + std::string(field) + " is longer than " +
                                            size_text(limits_.max_field_bytes), std::string(field));
    if (!valid_utf8(filename))
      return fail(Errc::malformed, "the file name in field " + std::string(field) + " is not valid UTF-8",
                  std::string(field));
    return {};
  }

  Error file_too_large(const FormFile& file) const {
    return fail(Errc::body_too_large, "attachment " + file.filename + " is larger than " + size_text(limits_.max_file_bytes),
                file.field);
  }

  Result<void> add_file(FormFile file) {
    if (file.filename.empty() && file.bytes.empty()) return {};  // a file input left empty
    if (data_.files.size() >= limits_.max_files)
      return fail(Errc::body_too_large, "the form has more than " + std::to_string(limits_.max_files) + " attachments",
                  file.field);
    if (file.bytes.size() > limits_.max_file_bytes) return file_too_large(file);
    if (file.bytes.size() > limits_.max_total_file_bytes - total_file_bytes_)  // total_ never passes the cap
      return fail(Errc::body_too_large,
                  "the attachments together are larger than " + size_text(limits_.max_total_file_bytes), file.field);
    total_file_bytes_ += file.bytes.size();
    data_.files.push_back(std::move(file));
    return {};
  }

  FormData take() { return std::move(data_); }

 private:
  const FormLimits& limits_;
  FormData data_;
  std::size_t total_file_bytes_ = 0;
};

// ---- multipart: the scan ---------------------------------------------------

struct Scan {
  std::size_t first = 0;   // offset of the first delimiter
  std::size_t close = 0;   // offset of the close delimiter
  std::size_t parts = 0;
  std::string_view close_eol;  // the line end before the close, for ours
};

enum class Line { other, delimiter, close };

Line line_kind(std::string_view body, std::size_t at, std::string_view dash_boundary) {
  auto line = body.substr(at + dash_boundary.size());
  line = line.substr(0, line.find('\n'));
  const bool close = line.substr(0, 2) == "--";
  if (close) line.remove_prefix(2);
  if (line.find_first_not_of(" \t\r") != no_pos) return Line::other;
  return close ? Line::close : Line::delimiter;
}

// Bytes GMime reads as headers: up to the first empty line, or the whole part.
std::size_t header_bytes(std::string_view part) {
  if (part.substr(0, 1) == "\n" || part.substr(0, 2) == "\r\n") return 0;
  return std::min({part.find("\n\n"), part.find("\n\r\n"), part.size()});
}

bool is_bchar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("'()+_,-./:=? ").find(c) != no_pos;
}

Result<Scan> scan_parts(std::string_view body, std::string_view boundary, const FormLimits& limits) {
  const std::string dash = "--" + std::string(boundary);
  const std::string nl_dash = "\n" + dash;
  const std::size_t max_parts = sat_add(limits.max_fields, limits.max_files);
  const std::size_t max_header_bytes =
      sat_add(sat_mul(2, limits.max_field_bytes), sat_mul(header_bytes_per_part, max_parts));
  Scan scan;
  std::size_t part_start = no_pos, headers = 0;
  auto next = [&](std::size_t from) { const auto p = body.find(nl_dash, from); return p == no_pos ? p : p + 1; };
  for (auto at = body.substr(0, dash.size()) == dash ? 0 : next(0); at != no_pos; at = next(at)) {
    const Line kind = line_kind(body, at, dash);
    if (kind == Line::other) continue;  // "--boundaryX" or text after it: content, by GMime's rule too
    if (part_start != no_pos) {
      headers += header_bytes(body.substr(part_start, at - part_start));
      if (headers > max_header_bytes)
        return fail(Errc::body_too_large, "the part headers are longer than " + size_text(max_header_bytes) + " together");
    }
    if (kind == Line::close) {
      if (scan.parts == 0) return fail(Errc::malformed, "the multipart body has no parts");
      scan.close = at;
      scan.close_eol = at >= 2 && body[at - 2] == '\r' ? "\r\n" : "\n";
      return scan;
    }
    if (++scan.parts > max_parts)
      return fail(Errc::body_too_large, "the form has more than " + std::to_string(max_parts) + " parts (" +
                                            std::to_string(limits.max_fields) + " fields and " +
                                            std::to_string(limits.max_files) + " attachments at most)");
    if (scan.parts == 1) scan.first = at;
    const auto eol = body.find('\n', at);
    part_start = eol == no_pos ? body.size() : eol + 1;
  }
  if (scan.parts == 0) return fail(Errc::malformed, "the multipart body has no delimiter line for its boundary");
  return fail(Errc::malformed, "the multipart body has no closing delimiter (truncated?)");
}

// ---- multipart: GMime ------------------------------------------------------

struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;
struct GFree {
  void operator()(gpointer p) const { g_free(p); }
};

void ensure_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });  // not safe to call twice, nor concurrently
}

// Parsing a nested multipart (or message) would cost an object per inner part
// before we could refuse it. When one is announced, the stream is cut where the
// parser has read to: it then ends within its 4 KB buffer, and we refuse.
struct NestedGuard {
  GMimeStream* stream;
  bool nested = false;
};

void on_content_type(GMimeParser*, const char*, const char* value, gint64 offset, gpointer data) {
  auto& guard = *static_cast<NestedGuard*>(data);
  if (offset == 0 || guard.nested) return;  // offset 0: our own top-level header
  GPtr<GMimeContentType> type(g_mime_content_type_parse(nullptr, value));
  if (type && (g_mime_content_type_is_type(type.get(), "multipart", "*") ||
               g_mime_content_type_is_type(type.get(), "message", "*"))) {
    guard.nested = true;
    g_mime_stream_set_bounds(guard.stream, 0, g_mime_stream_tell(guard.stream));
  }
}

Result<std::string> boundary_of(std::string_view content_type) {
  // No control characters: GMime wants a C string, and no header may end early.
  if (std::any_of(content_type.begin(), content_type.end(),
                  [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f; }))
    return fail(Errc::malformed, "the Content-Type header has control characters");
  const std::string text(content_type);
  GPtr<GMimeContentType> type(g_mime_content_type_parse(nullptr, text.c_str()));
  if (!type || !g_mime_content_type_is_type(type.get(), "multipart", "form-data"))
    return fail(Errc::unsupported_media_type, "the Content-Type must be multipart/form-data");
  const char* boundary = g_mime_content_type_get_parameter(type.get(), "boundary");
  if (boundary == nullptr || *boundary == '\0')
    return fail(Errc::malformed, "the multipart/form-data Content-Type has no boundary parameter");
  const std::string_view b(boundary);
  if (b.size() > max_boundary_chars || b.back() == ' ' || !std::all_of(b.begin(), b.end(), is_bchar))
    return fail(Errc::malformed, "the multipart boundary must be 1 to 70 letters, digits or '()+_,-./:=? and not end in a space");
  return std::string(b);
}

// The value of `param` as browsers write it: verbatim between double quotes.
std::optional<std::string> verbatim_param(std::string_view header, std::string_view param) {
  for (auto semi = header.find(';'); semi != no_pos; semi = header.find(';', semi)) {
    const auto eq = header.find_first_of("=;", semi + 1);
    if (eq == no_pos || header[eq] == ';') { semi = eq; continue; }
    const auto key = trim(header.substr(semi + 1, eq - semi - 1), " \t\r\n");
    const auto open = header.find_first_not_of(" \t\r\n", eq + 1);
    semi = eq + 1;
    if (open == no_pos || header[open] != '"') continue;
    const auto close = header.find('"', open + 1);
    if (close == no_pos) return std::nullopt;
    if (iequals(key, param)) return std::string(header.substr(open + 1, close - open - 1));
    semi = close;
  }
  return std::nullopt;
}

// A parameter of Content-Disposition; nullopt when absent.
std::optional<std::string> disposition_param(GMimeContentDisposition* disposition, const char* raw, const char* name) {
  const char* value = g_mime_content_disposition_get_parameter(disposition, name);
  if (value == nullptr) return std::nullopt;
  if (raw != nullptr && std::string_view(raw).find('\\') != no_pos)
    if (auto verbatim = verbatim_param(raw, name)) return verbatim;
  return std::string(value);
}

// The content with its transfer encoding undone, if it fits in `max_bytes`.
enum class Content { ok, too_long, unreadable };

Content content_of(GMimePart* part, std::size_t max_bytes, std::string& out) {
  GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
  if (wrapper == nullptr) return Content::ok;  // GMime gives every parsed part one; nothing to read
  // base64, quoted-printable and uuencode only shrink: raw bytes that fit decode to bytes that fit.
  const gint64 raw = g_mime_stream_length(g_mime_data_wrapper_get_stream(wrapper));
  switch (g_mime_data_wrapper_get_encoding(wrapper)) {
    case GMIME_CONTENT_ENCODING_BASE64:
    case GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE:
    case GMIME_CONTENT_ENCODING_UUENCODE: break;
    default:
      if (raw > 0 && static_cast<std::uint64_t>(raw) > max_bytes) return Content::too_long;
  }
  GPtr<GMimeStream> decoded(g_mime_stream_mem_new());
  if (g_mime_data_wrapper_write_to_stream(wrapper, decoded.get()) < 0) return Content::unreadable;
  const GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(decoded.get()));
  if (bytes->len > max_bytes) return Content::too_long;
  out.assign(reinterpret_cast<const char*>(bytes->data), bytes->len);
  return Content::ok;
}

const char* raw_header(GMimeObject* object, const char* name) {
  GMimeHeader* header = g_mime_header_list_get_header(g_mime_object_get_header_list(object), name);
  return header != nullptr ? g_mime_header_get_raw_value(header) : nullptr;
}

Result<void> read_part(GMimeObject* object, std::size_t index, const FormLimits& limits, FormBuilder& form) {
  const std::string which = "part " + std::to_string(index + 1);
  if (!GMIME_IS_PART(object)) return fail(Errc::malformed, which + " is a nested multipart or message");
  GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(object);
  if (disposition == nullptr) return fail(Errc::malformed, which + " has no Content-Disposition header");
  const char* kind = g_mime_content_disposition_get_disposition(disposition);
  if (kind == nullptr || !iequals(kind, "form-data"))
    return fail(Errc::malformed, which + " has a Content-Disposition other than form-data");
  // GMime reads 8-bit header text that is not UTF-8 as Latin-1; browsers send UTF-8.
  for (const char* name : {"Content-Disposition", "Content-Type"})
    if (const char* text = raw_header(object, name); text != nullptr && !valid_utf8(text))
      return fail(Errc::malformed, which + " has a " + name + " header that is not UTF-8");
  const char* raw = raw_header(object, "Content-Disposition");
  auto name = disposition_param(disposition, raw, "name");
  if (!name || name->empty()) return fail(Errc::malformed, which + " has no name");
  if (auto r = form.check_name(*name); !r) return r.error();

  const auto unreadable = [&] { return fail(Errc::malformed, which + " could not be decoded", *name); };
  auto filename = disposition_param(disposition, raw, "filename");
  if (!filename) {
    std::string value;
    switch (content_of(GMIME_PART(object), limits.max_field_bytes, value)) {
      case Content::ok: return form.add_text(std::move(*name), std::move(value));
      case Content::too_long: return form.value_too_long(*name);
      case Content::unreadable: break;
    }
    return unreadable();
  }
  FormFile file{*name, base_name(*filename), {}, {}};
  if (auto r = form.check_file_name(file.field, file.filename); !r) return r.error();
  if (g_mime_object_get_header(object, "Content-Type") != nullptr) {
    std::unique_ptr<char, GFree> type(g_mime_content_type_get_mime_type(g_mime_object_get_content_type(object)));
    file.declared_type = type ? type.get() : "";
    std::transform(file.declared_type.begin(), file.declared_type.end(), file.declared_type.begin(), ascii_lower);
  }
  switch (content_of(GMIME_PART(object), limits.max_file_bytes, file.bytes)) {
    case Content::ok: return form.add_file(std::move(file));
    case Content::too_long: return form.file_too_large(file);
    case Content::unreadable: break;
  }
  return unreadable();
}

}  // namespace

std::optional<std::string_view> FormData::field(std::string_view name) const {
  for (const auto& [key, value] : fields)
    if (key == name) return std::string_view(value);
  return std::nullopt;
}

bool is_form_content_type(std::string_view content_type) {
  const auto media = media_type_of(content_type);
  return iequals(media, "application/x-www-form-urlencoded") || iequals(media, "multipart/form-data");
}

Result<FormData> decode_urlencoded(std::string_view body, const FormLimits& limits) {
  // Boost.URL 1.81's parse_query measures the text it keeps with strlen (it hands
  // s.data() to a constructor that wants a string_view; boostorg/url#946), reading
  // past a body that is not NUL-terminated. Hence a terminated copy: it validates
  // the given size first, and a NUL is not a query character, so strlen then
  // stops exactly at the end.
  const std::string terminated(body);
  auto params = urls::parse_query(terminated);
  if (!params) {
    // Boost.URL says what is wrong, not where: a raw byte, or else a bad escape.
    constexpr auto allowed = urls::pchars + '/' + '?' + '%';
    const char* bad = urls::grammar::find_if_not(body.data(), body.data() + body.size(), allowed);
    if (bad != body.data() + body.size())
      return fail(Errc::malformed, "the form body has a byte at offset " + std::to_string(bad - body.data()) +
                                       " that must be percent-encoded");
    return fail(Errc::malformed, "the form body has a bad percent escape (" + params.error().message() + ")");
  }
  FormBuilder form(limits);
  const urls::encoding_opts plus_is_space(true, false, false);
  for (const auto& param : *params) {
    if (param.key.empty() && !param.has_value) continue;  // "a=1&&b=2": skipped, as browsers do
    if (auto r = form.add_text(param.key.decode(plus_is_space), param.value.decode(plus_is_space)); !r) return r.error();
  }
  return form.take();
}

Result<FormData> decode_multipart(std::string_view content_type, std::string_view body, const FormLimits& limits) {
  ensure_gmime();
  auto boundary = boundary_of(content_type);
  if (!boundary) return boundary.error();
  auto scan = scan_parts(body, *boundary, limits);
  if (!scan) return scan.error();

  // Our own header (nothing of the request's but the boundary reaches GMime),
  // the delimiters and parts, and our own close line.
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  const std::string head = "Content-Type: multipart/form-data; boundary=\"" + *boundary + "\"\r\n\r\n";
  const std::string close = "--" + *boundary + "--" + std::string(scan->close_eol);
  const auto parts = body.substr(scan->first, scan->close - scan->first);
  g_mime_stream_write(stream.get(), head.data(), head.size());
  g_mime_stream_write(stream.get(), parts.data(), parts.size());
  g_mime_stream_write(stream.get(), close.data(), close.size());
  g_mime_stream_reset(stream.get());

  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  NestedGuard guard{stream.get()};
  g_mime_parser_set_header_regex(parser.get(), "^content-type$", on_content_type, &guard);
  GPtr<GMimeObject> root(g_mime_parser_construct_part(parser.get(), nullptr));
  if (guard.nested) return fail(Errc::malformed, "a part is a nested multipart or message, which a form never sends");
  if (!root || !GMIME_IS_MULTIPART(root.get()))
    return fail(Errc::malformed, "the multipart body could not be parsed");
  auto* multipart = GMIME_MULTIPART(root.get());
  const int count = g_mime_multipart_get_count(multipart);
  if (count < 0 || static_cast<std::size_t>(count) != scan->parts)
    return fail(Errc::malformed, "the multipart body's parts could not be told apart");

  FormBuilder form(limits);
  for (int i = 0; i < count; ++i)
    if (auto r = read_part(g_mime_multipart_get_part(multipart, i), static_cast<std::size_t>(i), limits, form); !r)
      return r.error();
  return form.take();
}

Result<FormData> decode_form(std::string_view content_type, std::string_view body, const FormLimits& limits) {
  const auto media = media_type_of(content_type);
  if (iequals(media, "application/x-www-form-urlencoded")) return decode_urlencoded(body, limits);
  if (iequals(media, "multipart/form-data")) return decode_multipart(content_type, body, limits);
  return fail(Errc::unsupported_media_type,
              "the Content-Type must be application/x-www-form-urlencoded or multipart/form-data");
}

}  // namespace tanggap::server
