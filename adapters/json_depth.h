// adapters/json_depth.h — the nesting-depth guard every adapter runs on raw
// JSON before nlohmann parses it: nlohmann's parser recurses per level, so a
// body of 100,000 '[' must be refused by a flat scan first. It lives here, the
// innermost folder that parses JSON, so server/json_body.cpp uses it too.
// Pure, any thread.
#pragma once

#include <cstddef>
#include <string_view>

namespace tanggap::adapters {

// True when brackets outside strings nest deeper than `max_depth`. Stops at the
// first level past the limit; does not check that the text is JSON otherwise.
bool json_nested_deeper_than(std::string_view text, std::size_t max_depth) noexcept;

}  // namespace tanggap::adapters
