#include "events/case_event_json.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <exception>
#include <limits>
#include <optional>
#include <type_traits>
#include <utility>

// data grammar (keys sorted on the wire; `?` marks a key left out when empty):
//   CaseSubmitted      {at, attachments?[{media_type, name, sha256, size}], body, case_id,
//                       channel, information_request, location{lat?, lon?,
//                       text}, occurred_on, office, privacy, reporter{chat_id, email, name, nik,
//                       phone}, service, step_total, title, tracking_code_hash}
//   CaseAssigned       {at, officer, unit}         OfficerReplied {at, officer, text}
//   NoteAdded          {at, author, text}          StepAdvanced   {at, name, step, total}
//   CitizenWaitStarted {at, reason}                CitizenWaitEnded {at}
//   CaseEscalated      {at, level, reason}         CaseClosed     {at}
//   CaseResolved       {at, exemption, outcome?, resolution}
//   CaseReopened, CaseRejected, DeadlineExtended, ObjectionFiled {at, reason}
//   CaseReclassified   {at, from_service, information_request, step_total, to_service}
//   SlaWarning, SlaBreached {at, calendar, clock, due}
// at: "YYYY-MM-DDTHH:MM:SS.mmmZ"; channel, privacy, outcome: their wire names.

namespace tanggap::events {

namespace {

namespace d = tanggap::domain;
using json = nlohmann::json;

// Every case event type is at schema 1. When one type's shape changes, give
// it its own number in make_table() and register an upcaster for the old one.
constexpr std::uint32_t schema_v1 = 1;

// ---- encoding --------------------------------------------------------------

std::string str(std::string_view s) { return std::string(s); }
std::string at(d::Instant t) { return d::format_instant(t); }

json to_json(const d::Reporter& r) {
  return {{"name", r.name}, {"phone", r.phone}, {"email", r.email}, {"nik", r.nik},
          {"chat_id", r.chat_id}};
}
json to_json(const d::Location& l) {
  json j = json::object();
  j["text"] = l.text;
  if (l.lat) j["lat"] = *l.lat;
  if (l.lon) j["lon"] = *l.lon;
  return j;
}
json to_json(const d::CaseSubmitted& e) {
  json j = {{"case_id", e.case_id},
          {"service", e.service},
          {"office", e.office},
          {"channel", str(d::channel_name(e.channel))},
          {"title", e.title},
          {"body", e.body},
          {"reporter", to_json(e.reporter)},
          {"privacy", str(d::privacy_name(e.privacy))},
          {"location", to_json(e.location)},
          {"occurred_on", e.occurred_on},
          {"tracking_code_hash", e.tracking_code_hash},
          {"step_total", e.step_total},
          {"information_request", e.information_request},
          {"at", at(e.at)}};
  // Left out when empty: events written before attachments existed read the same.
  if (!e.attachments.empty()) {
    json list = json::array();
    for (const auto& a : e.attachments)
      list.push_back({{"sha256", a.sha256}, {"name", a.name}, {"media_type", a.media_type}, {"size", a.size}});
    j["attachments"] = std::move(list);
  }
  return j;
}
json to_json(const d::CaseAssigned& e) {
  return {{"unit", e.unit}, {"officer", e.officer}, {"at", at(e.at)}};
}
json to_json(const d::OfficerReplied& e) {
  return {{"text", e.text}, {"officer", e.officer}, {"at", at(e.at)}};
}
json to_json(const d::NoteAdded& e) {
  return {{"text", e.text}, {"author", e.author}, {"at", at(e.at)}};
}
json to_json(const d::StepAdvanced& e) {
  return {{"step", e.step}, {"total", e.total}, {"name", e.name}, {"at", at(e.at)}};
}
json to_json(const d::CitizenWaitStarted& e) { return {{"reason", e.reason}, {"at", at(e.at)}}; }
json to_json(const d::CitizenWaitEnded& e) { return {{"at", at(e.at)}}; }
json to_json(const d::CaseEscalated& e) {
  return {{"level", e.level}, {"reason", e.reason}, {"at", at(e.at)}};
}
json to_json(const d::CaseResolved& e) {
  json j = {{"resolution", e.resolution}, {"exemption", e.exemption}, {"at", at(e.at)}};
  if (e.outcome) j["outcome"] = str(d::outcome_name(*e.outcome));
  return j;
}
json to_json(const d::CaseClosed& e) { return {{"at", at(e.at)}}; }
json to_json(const d::CaseReopened& e) { return {{"reason", e.reason}, {"at", at(e.at)}}; }
json to_json(const d::CaseRejected& e) { return {{"reason", e.reason}, {"at", at(e.at)}}; }
json to_json(const d::CaseReclassified& e) {
  return {{"from_service", e.from_service},
          {"to_service", e.to_service},
          {"step_total", e.step_total},
          {"information_request", e.information_request},
          {"at", at(e.at)}};
}
json to_json(const d::DeadlineExtended& e) { return {{"reason", e.reason}, {"at", at(e.at)}}; }
json to_json(const d::ObjectionFiled& e) { return {{"reason", e.reason}, {"at", at(e.at)}}; }
template <class SlaEvent>
json sla_json(const SlaEvent& e) {
  return {{"clock", str(d::sla_clock_name(e.clock))}, {"due", at(e.due)}, {"calendar", e.calendar},
          {"at", at(e.at)}};
}
json to_json(const d::SlaWarning& e) { return sla_json(e); }
json to_json(const d::SlaBreached& e) { return sla_json(e); }

// ---- decoding --------------------------------------------------------------

// Reads the fields of one JSON object without throwing. The first problem is
// kept in `error` (shared with nested readers) and later reads return
// defaults, so a decoder reads straight through and checks once at the end.
class Fields {
 public:
  Fields(const json& object, std::string prefix, std::string_view type,
         std::optional<Error>& error)
      : j_(object), prefix_(std::move(prefix)), type_(type), error_(error) {
    if (!j_.is_object()) problem("", "must be a JSON object");
  }

  std::string text(const char* key) {
    const json* v = get(key);
    if (v == nullptr) return {};
    if (!v->is_string()) {
      problem(key, "must be a string");
      return std::string{};
    }
    return v->get_ref<const std::string&>();
  }
  std::uint32_t count(const char* key) {
    const json* v = get(key);
    if (v == nullptr) return 0;
    if (!v->is_number_unsigned() ||
        v->get<std::uint64_t>() > std::numeric_limits<std::uint32_t>::max()) {
      problem(key, "must be a whole number from 0 to 4294967295");
      return 0;
    }
    return static_cast<std::uint32_t>(v->get<std::uint64_t>());
  }
  bool flag(const char* key) {
    const json* v = get(key);
    if (v == nullptr) return false;
    if (!v->is_boolean()) {
      problem(key, "must be true or false");
      return false;
    }
    return v->get<bool>();
  }
  d::Instant instant(const char* key) {
    const std::string s = text(key);
    if (!ok()) return {};
    const auto t = d::parse_instant(s);
    if (!t) {
      problem(key, "must be an ISO 8601 instant with a zone");
      return d::Instant{};
    }
    return *t;
  }
  std::optional<double> maybe_number(const char* key) {
    const json* v = get(key, false);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number()) {
      problem(key, "must be a number");
      return std::nullopt;
    }
    return v->get<double>();
  }
  template <class Enum>
  std::optional<Enum> maybe_name(const char* key,
                                 std::optional<Enum> (*parse)(std::string_view) noexcept,
                                 bool required = false) {
    const json* v = get(key, required);
    if (v == nullptr) return std::nullopt;
    const auto value = v->is_string() ? parse(v->get_ref<const std::string&>()) : std::nullopt;
    if (!value) problem(key, "is not a known name");
    return value;
  }
  template <class Enum>
  Enum name(const char* key, std::optional<Enum> (*parse)(std::string_view) noexcept) {
    return maybe_name(key, parse, true).value_or(Enum{});
  }
  std::uint64_t size(const char* key) {
    const json* v = get(key);
    if (v == nullptr) return 0;
    if (!v->is_number_unsigned()) {
      problem(key, "must be a whole number");
      return 0;
    }
    return v->get<std::uint64_t>();
  }
  // An optional array of objects, at most `max` long, each read by `read`.
  template <class Read>
  void each_object(const char* key, std::size_t max, Read read) {
    const json* v = get(key, false);
    if (v == nullptr) return;
    if (!v->is_array() || v->size() > max) {
      problem(key, fmt::format("must be an array of at most {} objects", max));
      return;
    }
    for (std::size_t i = 0; i < v->size() && ok(); ++i) {
      Fields item((*v)[i], prefix_ + key + "." + std::to_string(i) + ".", type_, error_);
      read(item);
    }
  }
  Fields object(const char* key) {
    static const json empty = json::object();  // stands in once a problem is recorded
    const json* v = get(key);
    if (v != nullptr && !v->is_object()) problem(key, "must be a JSON object");
    return Fields(v != nullptr && ok() ? *v : empty, prefix_ + key + ".", type_, error_);
  }
  bool ok() const { return !error_.has_value(); }

 private:
  const json* get(const char* key, bool required = true) {
    if (!ok() || !j_.is_object()) return nullptr;
    const auto it = j_.find(key);
    if (it == j_.end()) {
      if (required) problem(key, "is missing");
      return nullptr;
    }
    return &*it;
  }
  void problem(std::string_view key, std::string_view what) {
    if (!ok()) return;  // the first problem is the one worth reporting
    std::string field = prefix_ + std::string(key);
    if (!field.empty() && field.back() == '.') field.pop_back();
    error_ = fail(Errc::malformed,
                  fmt::format("{} data: {} {}", type_, field.empty() ? "data" : field, what), field);
  }

  const json& j_;
  std::string prefix_;
  std::string_view type_;
  std::optional<Error>& error_;
};

template <class T>
using as = std::type_identity<T>;

d::CaseEvent read(Fields& f, as<d::CaseSubmitted>) {
  d::CaseSubmitted e;
  e.case_id = f.text("case_id");
  e.service = f.text("service");
  e.office = f.text("office");
  e.channel = f.name("channel", &d::parse_channel);
  e.title = f.text("title");
  e.body = f.text("body");
  Fields r = f.object("reporter");
  e.reporter = d::Reporter{r.text("name"), r.text("phone"), r.text("email"), r.text("nik"),
                           r.text("chat_id")};
  e.privacy = f.name("privacy", &d::parse_privacy);
  Fields l = f.object("location");
  e.location.text = l.text("text");
  e.location.lat = l.maybe_number("lat");
  e.location.lon = l.maybe_number("lon");
  e.occurred_on = f.text("occurred_on");
  e.tracking_code_hash = f.text("tracking_code_hash");
  e.step_total = f.count("step_total");
  e.information_request = f.flag("information_request");
  e.at = f.instant("at");
  f.each_object("attachments", d::max_attachments_per_case, [&](Fields& a) {
    e.attachments.push_back(
        d::Attachment{a.text("sha256"), a.text("name"), a.text("media_type"), a.size("size")});
  });
  return e;
}
d::CaseEvent read(Fields& f, as<d::CaseAssigned>) {
  return d::CaseAssigned{f.text("unit"), f.text("officer"), f.instant("at")};
}
d::CaseEvent read(Fields& f, as<d::OfficerReplied>) {
  return d::OfficerReplied{f.text("text"), f.text("officer"), f.instant("at")};
}
d::CaseEvent read(Fields& f, as<d::NoteAdded>) {
  return d::NoteAdded{f.text("text"), f.text("author"), f.instant("at")};
}
d::CaseEvent read(Fields& f, as<d::StepAdvanced>) {
  return d::StepAdvanced{f.count("step"), f.count("total"), f.text("name"), f.instant("at")};
}
d::CaseEvent read(Fields& f, as<d::CitizenWaitStarted>) {
  return d::CitizenWaitStarted{f.text("reason"), f.instant("at")};
}
d::CaseEvent read(Fields& f, as<d::CitizenWaitEnded>) {
  return d::CitizenWaitEnded{f.instant("at")};
}
d::CaseEvent read(Fields& f, as<d::CaseEscalated>) {
  return d::CaseEscalated{f.count("level"), f.text("reason"), f.instant("at")};
}
d::CaseEvent read(Fields& f, as<d::CaseResolved>) {
  return d::CaseResolved{f.text("resolution"), f.maybe_name("outcome", &d::parse_outcome),
                         f.text("exemption"), f.instant("at")};
}
d::CaseEvent read(Fields& f, as<d::CaseClosed>) { return d::CaseClosed{f.instant("at")}; }
d::CaseEvent read(Fields& f, as<d::CaseReopened>) {
  return d::CaseReopened{f.text("reason"), f.instant("at")};
}
d::CaseEvent read(Fields& f, as<d::CaseRejected>) {
  return d::CaseRejected{f.text("reason"), f.instant("at")};
}
d::CaseEvent read(Fields& f, as<d::CaseReclassified>) {
  d::CaseReclassified e;
  e.from_service = f.text("from_service");
  e.to_service = f.text("to_service");
  e.step_total = f.count("step_total");
  e.at = f.instant("at");
  e.information_request = f.flag("information_request");
  return e;
}
d::CaseEvent read(Fields& f, as<d::DeadlineExtended>) {
  return d::DeadlineExtended{f.text("reason"), f.instant("at")};
}
d::CaseEvent read(Fields& f, as<d::ObjectionFiled>) {
  return d::ObjectionFiled{f.text("reason"), f.instant("at")};
}
d::CaseEvent read(Fields& f, as<d::SlaWarning>) {
  return d::SlaWarning{f.name("clock", &d::parse_sla_clock), f.instant("due"), f.text("calendar"),
                       f.instant("at")};
}
d::CaseEvent read(Fields& f, as<d::SlaBreached>) {
  return d::SlaBreached{f.name("clock", &d::parse_sla_clock), f.instant("due"), f.text("calendar"),
                        f.instant("at")};
}

// One entry per CaseEvent alternative, named by domain::event_type_name so the
// wire names have one source. A missing read() overload fails to compile.
struct Entry {
  std::string_view type;
  std::uint32_t schema;
  d::CaseEvent (*read)(Fields&);
};
template <class T>
d::CaseEvent read_as(Fields& f) {
  return read(f, as<T>{});
}
template <std::size_t... I>
std::array<Entry, sizeof...(I)> make_table(std::index_sequence<I...>) {
  return {Entry{d::event_type_name(d::CaseEvent{std::in_place_index<I>}), schema_v1,
                &read_as<std::variant_alternative_t<I, d::CaseEvent>>}...};
}
const Entry* find_entry(std::string_view type) {
  static const auto table =
      make_table(std::make_index_sequence<std::variant_size_v<d::CaseEvent>>{});
  for (const Entry& e : table)
    if (e.type == type) return &e;
  return nullptr;
}

// A hostile type name goes into an error message: keep it short and printable.
std::string printable(std::string_view s) {
  std::string out;
  for (const char c : s.substr(0, 64)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return out;
}

}  // namespace

EncodedEvent encode_case_event(const domain::CaseEvent& event) {
  const json j = std::visit([](const auto& e) { return to_json(e); }, event);
  // replace: a text with invalid UTF-8 is stored with U+FFFD rather than refused here.
  return EncodedEvent{std::string(d::event_type_name(event)), schema_v1,
                      j.dump(-1, ' ', false, json::error_handler_t::replace)};
}

Result<domain::CaseEvent> decode_case_event(std::string_view type, std::uint32_t schema,
                                            std::string_view data) {
  try {
    const Entry* entry = find_entry(type);
    if (entry == nullptr)
      return fail(Errc::malformed, fmt::format("\"{}\" is not a case event type", printable(type)));
    const auto text = upcast(entry->type, schema, entry->schema, data);
    if (!text) return text.error();
    const json j = json::parse(text->begin(), text->end(), nullptr, false);
    if (j.is_discarded()) return fail(Errc::malformed, fmt::format("{} data is not JSON", entry->type));
    std::optional<Error> error;
    Fields fields(j, "", entry->type, error);
    d::CaseEvent event = entry->read(fields);
    if (error) return std::move(*error);
    return event;
  } catch (const std::exception& e) {
    // Nothing above should throw but allocation; a log reader must get an answer anyway.
    return fail(Errc::malformed, fmt::format("case event cannot be decoded: {}", e.what()));
  }
}

const Result<domain::CaseEvent>& case_event_of(const RecordedEvent& event) {
  using Decoded = Result<domain::CaseEvent>;
  if (auto kept = event.decoded.get()) return *static_cast<const Decoded*>(kept.get());
  std::shared_ptr<const void> decoded =
      std::make_shared<const Decoded>(decode_case_event(event.type, event.schema, event.data));
  // The event holds what it keeps, so the reference lives as long as it does.
  return *static_cast<const Decoded*>(event.decoded.keep(std::move(decoded)).get());
}

bool is_case_event_type(std::string_view type) noexcept { return case_event_schema(type) != 0; }

std::uint32_t case_event_schema(std::string_view type) noexcept {
  const Entry* entry = find_entry(type);
  return entry == nullptr ? 0 : entry->schema;
}

}  // namespace tanggap::events
