// events/domain/error.h — the error vocabulary every folder shares.
// Errors are values at module edges (STYLE.md §4): a Result<T> holds either the
// value or an Error whose `code` is the stable wire code of the HTTP error shape
// and whose `message` is for people. No exception crosses a module edge.
#pragma once

#include <boost/system/result.hpp>

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace tanggap {

// The stable codes. A new code is a contract change; a retired name is never reused.
enum class Errc : std::uint8_t {
  malformed,
  unauthenticated,
  forbidden,
  not_found,
  version_conflict,
  duplicate,
  body_too_large,
  unsupported_media_type,
  illegal_transition,
  rate_limited,
  not_ready,
  storage_failed,
  invalid_field,       // well-formed but a field's value is not acceptable (422)
  method_not_allowed,  // a known path with another method (405)
};

// "version_conflict": the snake_case wire name of the code.
std::string_view code_name(Errc code) noexcept;

struct Error {
  Errc code;
  std::string message;  // for people: says what and, where it helps, why
  std::string field;    // the offending input field ("reporter.nik"), or empty
};

template <class T>
class [[nodiscard]] Result : public boost::system::result<T, Error> {
 public:
  using boost::system::result<T, Error>::result;
};

inline Error fail(Errc code, std::string message, std::string field = {}) {
  return Error{code, std::move(message), std::move(field)};
}

// "version_conflict: message" (test output and Boost's result printer).
std::ostream& operator<<(std::ostream& os, const Error& error);

// Prints a Result (Catch2 and logs). Boost's own printer wants operator<< for
// every T; this one, being a better match, prints only the error or "ok".
template <class T>
std::ostream& operator<<(std::ostream& os, const Result<T>& r) {
  if (r) return os << "ok";
  return os << r.error();
}

// Found by ADL when .value() is called on a Result holding an Error: a
// programmer mistake (callers check first), so it aborts with the message.
[[noreturn]] void throw_exception_from_error(const Error& error, const boost::source_location& loc);

}  // namespace tanggap
