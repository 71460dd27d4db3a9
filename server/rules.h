// server/rules.h — the service rules a store is run under: the catalog
// (ops/catalog/) and the offices' calendars (ops/calendar/), loaded together
// because a deadline needs both. serve and rebuild load them the same way.
#pragma once

#include "events/domain/business_calendar.h"
#include "events/domain/catalog.h"
#include "server/config.h"

#include <filesystem>
#include <memory>
#include <string>

namespace tanggap::server {

struct Rules {
  std::shared_ptr<const domain::Catalog> catalog;
  std::shared_ptr<const domain::Calendars> calendars;
};

// A directory of data shipped in ops/ (catalog, calendars, bot texts): a
// relative one is looked up from the working directory, then beside the
// binary and one level up (build/tanggap finds ops/ in the checkout).
std::filesystem::path locate_shipped_dir(const std::string& dir);

// Errors name the file and the field.
Result<Rules> load_rules(const Config& config);

}  // namespace tanggap::server
