// tests/fuzz/fuzz_form.cpp — server/form_decoder.h on hostile bodies.
// Input: the first line is the Content-Type, the rest the body (seeds in
// corpus/form/). Small limits, so the fuzzer reaches every cap with short inputs.
// Besides crashes, leaks and UB, a decoded form that breaks a cap is a finding.
// fuzz-sources: server/form_decoder.cpp events/domain/error.cpp
// fuzz-libs: Boost::headers Boost::url PkgConfig::GMIME
#include "server/form_decoder.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto eol = input.find('\n');
  const auto content_type = input.substr(0, eol);
  const auto body = eol == std::string_view::npos ? std::string_view() : input.substr(eol + 1);

  tanggap::server::FormLimits limits;
  limits.max_fields = 8;
  limits.max_field_bytes = 256;
  limits.max_files = 3;
  limits.max_file_bytes = 1024;
  limits.max_total_file_bytes = 2048;

  auto form = tanggap::server::decode_form(content_type, body, limits);
  if (!form) return 0;
  if (form->fields.size() > limits.max_fields || form->files.size() > limits.max_files) __builtin_trap();
  for (const auto& [name, value] : form->fields)
    if (name.size() > limits.max_field_bytes || value.size() > limits.max_field_bytes) __builtin_trap();
  std::size_t total = 0;
  for (const auto& file : form->files) {
    if (file.bytes.size() > limits.max_file_bytes) __builtin_trap();
    if (file.filename.find_first_of("/\\") != std::string_view::npos) __builtin_trap();
    total += file.bytes.size();
  }
  if (total > limits.max_total_file_bytes) __builtin_trap();
  if (!form->fields.empty() && !form->field(form->fields.front().first)) __builtin_trap();
  return 0;
}
