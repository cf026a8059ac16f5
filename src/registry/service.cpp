#include "registry/service.h"

#include "core/dates.h"
#include "core/error.h"
#include "registry/import/importer.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge::registry {

const TagKind* find_tag_kind(std::string_view code) {
  for (const auto& k : kTagKinds) {
    if (k.code == code) return &k;
  }
  return nullptr;
}

std::string_view label(std::string_view code, bool zh) {
  for (const auto& l : kLabels) {
    if (l.code == code) return zh ? l.zh : l.en;
  }
  return code;
}

Service::Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto)
    : db_(db), territory_(territory), calendar_(calendar), crypto_(crypto) {}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_person_routes(router);
  register_household_routes(router);
  register_tag_routes(router);
  register_place_routes(router);
  register_visit_routes(router);
  register_import_routes(router);
  register_export_routes(router);
  register_link_routes(router);
}

std::string Service::today() const {
  return format_day(calendar_.day_of(storage::now_ms()));
}

std::string Service::date_field(const json::object& body, std::string_view key, const std::string& dflt,
                                bool future_ok) const {
  return dates::body_day(body, key, dflt, today(), future_ok);
}

std::string Service::place_path(const std::string& code, std::string_view field) const {
  auto r = territory_.find(code, false);
  if (!r) throw_validation(std::string(field), "no region " + code, "区域 " + code + " 不存在");
  if (code.size() < 12)
    throw_validation(std::string(field), "a community, grid or unit (not " + r->level + ")",
                     "应为社区、网格或最小单元");
  return r->path;
}

json::object Service::person_json(const Person& p) const {
  json::array tags;
  for (const auto& t : p.tags) {
    const TagKind* k = find_tag_kind(t.tag);
    tags.push_back(json::object{{"id", t.id},
                                {"tag", t.tag},
                                {"name_zh", k ? k->name_zh : t.tag},
                                {"name_en", k ? k->name_en : t.tag},
                                {"since", t.since},
                                {"note", t.note}});
  }
  // Age in whole years on today's date.
  std::string now = today();
  int age = std::stoi(now.substr(0, 4)) - std::stoi(p.birth_date.substr(0, 4));
  if (now.substr(5) < p.birth_date.substr(5)) --age;
  auto opt = [](const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); };
  return json::object{{"id", p.id},
                      {"name", p.name},
                      {"gender", p.gender},
                      {"birth_date", p.birth_date},
                      {"age", age},
                      {"id_number", p.id_masked},
                      {"phone", p.phone_masked},
                      {"residence_type", p.residence_type},
                      {"floating_registered_on", opt(p.floating_registered_on)},
                      {"floating_expires_on", opt(p.floating_expires_on)},
                      {"household_id", p.household_id ? json::value(*p.household_id) : json::value(nullptr)},
                      {"region_code", p.region_code},
                      {"note", p.note},
                      {"tags", std::move(tags)},
                      {"version", p.version},
                      {"created_at", json::rfc3339(p.created_at)},
                      {"updated_at", json::rfc3339(p.updated_at)}};
}

json::object Service::household_json(const Household& h) const {
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); };
  return json::object{{"id", h.id},
                      {"region_code", h.region_code},
                      {"building_id", opt(h.building_id)},
                      {"address", h.address},
                      {"room", h.room},
                      {"housing_type", h.housing_type},
                      {"landlord_id", opt(h.landlord_id)},
                      {"head_id", opt(h.head_id)},
                      {"version", h.version},
                      {"created_at", json::rfc3339(h.created_at)},
                      {"updated_at", json::rfc3339(h.updated_at)}};
}

}  // namespace wangge::registry
