// events/domain/overloaded.h — one lambda per alternative for std::visit.
#pragma once

namespace tanggap::domain {

template <class... Ts>
struct overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

}  // namespace tanggap::domain
