#include "events/domain/error.h"

#include <cstdio>
#include <cstdlib>
#include <ostream>

namespace tanggap {

std::string_view code_name(Errc code) noexcept {
  switch (code) {
    case Errc::malformed: return "malformed";
    case Errc::unauthenticated: return "unauthenticated";
    case Errc::forbidden: return "forbidden";
    case Errc::not_found: return "not_found";
    case Errc::version_conflict: return "version_conflict";
    case Errc::duplicate: return "duplicate";
    case Errc::body_too_large: return "body_too_large";
    case Errc::unsupported_media_type: return "unsupported_media_type";
    case Errc::illegal_transition: return "illegal_transition";
    case Errc::rate_limited: return "rate_limited";
    case Errc::not_ready: return "not_ready";
    case Errc::storage_failed: return "storage_failed";
    case Errc::invalid_field: return "invalid_field";
    case Errc::method_not_allowed: return "method_not_allowed";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& os, const Error& error) {
  os << code_name(error.code) << ": " << error.message;
  if (!error.field.empty()) os << " (field " << error.field << ")";
  return os;
}

void throw_exception_from_error(const Error& error, const boost::source_location& loc) {
  // .value() on an error is a bug in the caller, who should have checked.
  std::fprintf(stderr, "tanggap: unchecked error %s: %s (at %s:%u)\n",
               std::string(code_name(error.code)).c_str(), error.message.c_str(), loc.file_name(),
               static_cast<unsigned>(loc.line()));
  std::abort();
}

}  // namespace tanggap
