// How the module's records are answered, and their JSON Schemas (published in
// /api/openapi.json, checked against every answer in the tests). Phones are answered
// masked only; the full one through the audited unmask route.
#include <boost/json/parse.hpp>

#include "cobuild/service.h"

namespace wangge::cobuild {
namespace {

json::value render_time(const std::optional<std::int64_t>& v) {
  return v ? json::value(json::rfc3339(*v)) : json::value(nullptr);
}
json::value render_text(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value render_id(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
std::string render_name(const std::map<std::int64_t, std::string>& names, std::optional<std::int64_t> id) {
  if (!id) return "";
  auto it = names.find(*id);
  return it == names.end() ? std::string() : it->second;
}

}  // namespace

void register_schemas(schema::Components& c) {
  using namespace schema;
  value time = date_time();
  c.add("CobuildUnit",
        object({req("id", id()), req("region_code", describe(str(), "the community or town it serves")),
                req("name", str()), req("kind", enumeration(kUnitKinds)),
                req("credit_code", describe(str(), "统一社会信用代码; \"\" when none is recorded")),
                req("address", str()), req("description", str()),
                req("alliance", describe(boolean(), "a member of the party-building alliance (党建联盟)")),
                req("joined_on", nullable(date())),
                req("area", describe(str(), "包街/包片: the streets or blocks it takes care of")),
                req("status", enumeration(kUnitStates)), req("left_on", nullable(date())), req("left_reason", str()),
                req("contacts", describe(integer(0), "active contacts")), req("version", integer(1)),
                req("created_at", time)}));
  c.add("CobuildContact",
        object({req("id", id()), req("unit_id", id()), req("name", str()), req("post", str()),
                req("phone", describe(str(), "masked; \"\" when none")),
                req("linked", describe(boolean(), "linked to an account")),
                req("account_name", describe(str(), "the linked account's display name")), req("active", boolean()),
                req("added_at", time), req("removed_at", nullable(time)), req("removed_reason", str())}));
  c.add("CobuildResource",
        object({req("id", id()), req("region_code", str()), req("kind", enumeration(kResourceKinds)),
                req("title", str()), req("description", str()), req("unit_id", nullable(id())),
                req("provider_name", describe(str(), "the unit's name, or who else offers it")),
                req("quantity", nullable(integer(0))), req("quantity_unit", str()), req("available", boolean()),
                req("contact_name", str()), req("contact_phone", describe(str(), "masked; \"\" when none")),
                req("writes", describe(boolean(), "the caller may change it")), req("version", integer(1)),
                req("created_at", time), req("updated_at", time)}));
  c.add("CobuildNeed",
        object({req("id", id()),
                req("region_code", str()),
                req("title", str()),
                req("description", str()),
                req("source", enumeration(kNeedSources)),
                req("source_id", describe(nullable(id()), "the visit, order or wish it was raised from")),
                req("status", enumeration(kNeedStates)),
                req("collected_by_name", str()),
                req("collected_at", time),
                req("resource_id", nullable(id())),
                req("resource_title", str()),
                req("project_id", nullable(id())),
                req("project_title", str()),
                req("matched_at", nullable(time)),
                req("match_note", str()),
                req("met_at", nullable(time)),
                req("met_note", str()),
                req("closed_at", nullable(time)),
                req("closed_reason", str()),
                req("version", integer(1))}));
  c.add("CobuildProject",
        object({req("id", id()),
                req("region_code", str()),
                req("title", str()),
                req("description", str()),
                req("budget_cents", describe(integer(0), "yuan × 100")),
                req("spent_cents", integer(0)),
                req("budget", describe(str(), "yuan, two decimals: \"38000.00\"")),
                req("spent", str()),
                req("owner_name", str()),
                req("owner_unit_id", nullable(id())),
                req("status", enumeration(kProjectStates)),
                req("progress", describe(integer(0, 100), "percent")),
                req("due_on", nullable(date())),
                req("started_on", nullable(date())),
                req("done_on", nullable(date())),
                req("cancel_reason", str()),
                req("units",
                    array(object({req("unit_id", id()), req("name", str()), req("role", enumeration(kProjectRoles))}))),
                req("needs", describe(integer(0), "needs matched to it")),
                req("version", integer(1)),
                req("created_at", time),
                req("updated_at", time)}));
  c.add("CobuildProjectUpdate",
        object({req("id", id()), req("progress", integer(0, 100)),
                req("spent_cents", describe(nullable(integer(0)), "the total spent as of the update")),
                req("note", str()), req("photos", array(str())), req("on", date()), req("by_name", str()),
                req("at", time)}));
  c.add("CobuildReportIn", object({req("event_id", describe(nullable(id()), "for those who may read the event")),
                                   req("tracking_code", describe(str(), "\"\" unless the caller may read the event")),
                                   req("summoned_at", time), req("due_at", time), req("reported_at", nullable(time)),
                                   req("response", str()), req("late", boolean())}));
  c.add(
      "CobuildUnitPage",
      all_of(
          {ref("CobuildUnit"),
           object({req("contacts_list", array(ref("CobuildContact"))), req("resources", array(ref("CobuildResource"))),
                   req("projects",
                       array(object({req("id", id()), req("title", str()), req("status", enumeration(kProjectStates)),
                                     req("progress", integer(0, 100)), req("role", enumeration(kProjectRoles))}))),
                   req("report_ins", object({req("summoned", integer(0)), req("reported", integer(0)),
                                             req("late", integer(0)), req("items", array(ref("CobuildReportIn")))})),
                   req("history", array(object({req("action", enumeration(kLogActions)), req("detail", any()),
                                                req("by_name", str()), req("at", time)}))),
                   req("writes", describe(boolean(), "the caller keeps the unit and its contacts")),
                   req("mine", describe(boolean(), "the caller is one of its contacts"))})}));
  c.add(
      "CobuildProjectPage",
      all_of({ref("CobuildProject"),
              object({req("updates", array(ref("CobuildProjectUpdate"))), req("needs_list", array(ref("CobuildNeed"))),
                      req("writes", describe(boolean(), "the caller runs the project")),
                      req("reports", describe(boolean(), "the caller may report its progress"))})}));
}

json::object Service::unit_json(const Unit& u) const {
  return {{"id", u.id},
          {"region_code", u.region_code},
          {"name", u.name},
          {"kind", u.kind},
          {"credit_code", u.credit_code},
          {"address", u.address},
          {"description", u.description},
          {"alliance", u.alliance},
          {"joined_on", render_text(u.joined_on)},
          {"area", u.area},
          {"status", u.status},
          {"left_on", render_text(u.left_on)},
          {"left_reason", u.left_reason},
          {"contacts", u.contacts},
          {"version", u.version},
          {"created_at", json::rfc3339(u.created_at)}};
}

json::object Service::contact_json(const Contact& c, const std::map<std::int64_t, std::string>& names) const {
  return {{"id", c.id},
          {"unit_id", c.unit_id},
          {"name", c.name},
          {"post", c.post},
          {"phone", c.phone_masked},
          {"linked", c.user_id.has_value()},
          {"account_name", render_name(names, c.user_id)},
          {"active", !c.removed_at.has_value()},
          {"added_at", json::rfc3339(c.added_at)},
          {"removed_at", render_time(c.removed_at)},
          {"removed_reason", c.removed_reason}};
}

json::object Service::resource_json(const Resource& r, bool writes) const {
  return {{"id", r.id},
          {"region_code", r.region_code},
          {"kind", r.kind},
          {"title", r.title},
          {"description", r.description},
          {"unit_id", render_id(r.unit_id)},
          {"provider_name", r.provider_name},
          {"quantity", render_id(r.quantity)},
          {"quantity_unit", r.quantity_unit},
          {"available", r.available},
          {"contact_name", r.contact_name},
          {"contact_phone", r.phone_masked},
          {"writes", writes},
          {"version", r.version},
          {"created_at", json::rfc3339(r.created_at)},
          {"updated_at", json::rfc3339(r.updated_at)}};
}

json::object Service::need_json(const Need& n, const std::map<std::int64_t, std::string>& names) const {
  return {{"id", n.id},
          {"region_code", n.region_code},
          {"title", n.title},
          {"description", n.description},
          {"source", n.source},
          {"source_id", render_id(n.source_id)},
          {"status", n.status},
          {"collected_by_name", render_name(names, n.collected_by)},
          {"collected_at", json::rfc3339(n.collected_at)},
          {"resource_id", render_id(n.resource_id)},
          {"resource_title", n.resource_title},
          {"project_id", render_id(n.project_id)},
          {"project_title", n.project_title},
          {"matched_at", render_time(n.matched_at)},
          {"match_note", n.match_note},
          {"met_at", render_time(n.met_at)},
          {"met_note", n.met_note},
          {"closed_at", render_time(n.closed_at)},
          {"closed_reason", n.closed_reason},
          {"version", n.version}};
}

json::object Service::project_json(const Project& p) const {
  json::array units;
  for (const auto& x : p.units)
    units.push_back(json::object{{"unit_id", x.unit_id}, {"name", x.unit_name}, {"role", x.role}});
  return {{"id", p.id},
          {"region_code", p.region_code},
          {"title", p.title},
          {"description", p.description},
          {"budget_cents", p.budget_cents},
          {"spent_cents", p.spent_cents},
          {"budget", yuan(p.budget_cents)},
          {"spent", yuan(p.spent_cents)},
          {"owner_name", p.owner_name},
          {"owner_unit_id", render_id(p.owner_unit_id)},
          {"status", p.status},
          {"progress", p.progress},
          {"due_on", render_text(p.due_on)},
          {"started_on", render_text(p.started_on)},
          {"done_on", render_text(p.done_on)},
          {"cancel_reason", p.cancel_reason},
          {"units", units},
          {"needs", p.needs},
          {"version", p.version},
          {"created_at", json::rfc3339(p.created_at)},
          {"updated_at", json::rfc3339(p.updated_at)}};
}

json::object Service::update_json(const ProjectUpdate& u, const std::map<std::int64_t, std::string>& names) const {
  boost::system::error_code ec;
  auto photos = boost::json::parse(u.photos, ec);
  return {{"id", u.id},
          {"progress", u.progress},
          {"spent_cents", render_id(u.spent_cents)},
          {"note", u.note},
          {"photos", ec || !photos.is_array() ? json::value(json::array{}) : photos},
          {"on", u.on},
          {"by_name", render_name(names, u.by)},
          {"at", json::rfc3339(u.at)}};
}

}  // namespace wangge::cobuild
