// Window cases (办件): a clerk records a case for an item of the window's catalogue (a
// town's items at the town's windows; an approved item of a community's list at its
// window) for an applicant (a person, or a business with its credit code), with the
// materials checked against the item's required ones; handled at once (即办, done on the
// spot), accepted with the item's deadline in working days (承诺件), or handled on the
// applicant's behalf (帮代办, with the person who carried it). The "办不成事" window (desk
// hard) takes an appeal that could not be done elsewhere: a case with a coordinator, who
// brings departments in (case_steps.cpp). Read and rendered here.
#include <algorithm>
#include <boost/json/value_from.hpp>

#include "audit/audit.h"
#include "core/error.h"
#include "registry/id_number.h"
#include "registry/rules.h"
#include "services/service.h"
#include "services/store.h"
#include "territory/service.h"

namespace wangge::services {
namespace {

// The materials the clerk checked, each one of the item's; every required one present.
void check_materials(const Item& it, const std::vector<std::string>& checked) {
  for (const auto& name : checked) {
    if (std::none_of(it.materials.begin(), it.materials.end(), [&](const Material& m) { return m.name == name; }))
      throw_validation("materials", "not a material of the item: " + name, "不是该事项的材料：" + name);
  }
  std::string missing;
  for (const auto& m : it.materials) {
    if (m.required && std::find(checked.begin(), checked.end(), m.name) == checked.end())
      missing += (missing.empty() ? "" : "、") + m.name;
  }
  if (!missing.empty())
    throw Error("validation", "materials", "required materials missing: " + missing, "缺少必要材料：" + missing);
}

}  // namespace

void Service::seal_applicant(Case& c, const std::optional<std::string>& id_number,
                             const std::optional<std::string>& phone) const {
  if (id_number && !id_number->empty()) {
    registry::IdProblem problem;
    auto parsed = registry::parse_id_number(*id_number, format_day(calendar_.day_of(storage::now_ms())), &problem);
    if (!parsed) throw_validation("id_number", problem.en, problem.zh);
    c.id_sealed = crypto_.seal(parsed->normalized);
    c.id_masked = registry::mask_id_number(parsed->normalized);
  }
  if (phone && !phone->empty()) {
    if (!valid_phone(*phone))
      throw_validation("phone", "an 11-digit mobile or a landline with area code", "应为 11 位手机号或带区号的固话");
    c.phone_sealed = crypto_.seal(normalize_phone(*phone));
    c.phone_masked = mask_phone(normalize_phone(*phone));
  }
}

Case Service::create_case(storage::Tx& tx, const Context& ctx, Case c) {
  auto region = territory_.find(c.region_code, false);
  if (!region || (region->level != "town" && region->level != "community"))
    throw_validation("region_code", "the town or community whose window takes the case",
                     "应为受理窗口所在的街道（乡镇）或社区");
  c.region_path = region->path;
  ctx.require("services:case:create", c.region_path);
  if (c.applicant_kind == "business") {
    if (!registry::valid_credit_code(c.credit_code))
      throw_validation("credit_code", "not a valid unified social credit code", "统一社会信用代码无效");
  } else {
    c.credit_code.clear();
  }
  std::int64_t now = storage::now_ms();
  if (c.desk == "window") {
    if (!c.item_id) throw_validation("item_id", "the item the case is for", "请选择服务事项");
    auto it = store::item(tx, *c.item_id);
    if (!it || !it->active) throw_validation("item_id", "an active service item", "应为有效的服务事项");
    bool ours = region->level == "town"
                    ? it->level == "town" && it->region_code == c.region_code
                    : store::admission_of(tx, it->id, c.region_code).value_or(Admission{}).status == "approved";
    if (!ours) throw_validation("item_id", "an item this window handles", "该事项不由本窗口受理");
    check_materials(*it, c.materials);
    if (c.mode == "coordinated") throw_validation("mode", "at_once, deadline or on_behalf", "应为即办、承诺件或帮代办");
    if (c.mode == "on_behalf") {
      if (!it->on_behalf)
        throw_validation("mode", "this item is not handled on someone's behalf", "该事项不提供帮代办");
      if (c.carrier.empty()) throw_validation("carrier", "who carried it for the applicant", "请填写代办人");
    } else {
      c.carrier.clear();
    }
    c.item_name = it->name;
    c.status = c.mode == "at_once" ? "done" : "accepted";
    int days = c.mode == "at_once" ? 0 : std::max(1, it->time_limit_days);
    c.due_at = calendar_.add_working_minutes(now, std::int64_t{days} * calendar_.minutes_per_day());
    if (c.mode == "at_once") {
      c.closed_at = now;
      if (c.outcome.empty()) c.outcome = "当场办结";
    }
  } else {
    if (c.summary.empty())
      throw_validation("summary", "what could not be done, and where it was tried", "请填写诉求及曾在何处办理");
    if (!c.grid_code) throw_validation("grid_code", "the grid the matter lies in", "请选择诉求所在网格");
    auto grid = territory_.find(*c.grid_code, false);
    if (!grid || grid->level != "grid" || grid->path.rfind(c.region_path, 0) != 0)
      throw_validation("grid_code", "a grid under the window's town or community", "应为本窗口辖区内的网格");
    if (c.address.empty()) throw_validation("address", "where the matter lies", "请填写地址");
    if (!c.coordinator_id) c.coordinator_id = ctx.user().user_id;
    if (!holds_ || !holds_(tx, *c.coordinator_id, "services:case:coordinate", c.region_path))
      throw_validation("coordinator_id", "someone who coordinates cases at this window", "协调人应为本窗口的协调人员");
    c.item_id.reset();
    c.mode = "coordinated";
    c.carrier.clear();
    c.materials.clear();
    c.status = "coordinating";
    c.due_at = calendar_.add_working_minutes(now, std::int64_t{hard_case_days} * calendar_.minutes_per_day());
  }
  c.clerk_id = ctx.user().user_id;
  c.created_at = c.updated_at = now;
  c.version = 1;
  c.id = store::insert_case(tx, c);
  TimelineEntry e;
  e.record_kind = "case";
  e.record_id = c.id;
  e.action = "create";
  e.actor_id = ctx.actor_id();
  e.actor = ctx.actor();
  e.to_status = c.status;
  e.comment = c.desk == "hard" ? c.summary : c.outcome;
  e.detail = json::to_text(json::object{{"mode", c.mode}, {"materials", boost::json::value_from(c.materials)}});
  e.at = now;
  store::append(tx, e);
  audit::append(tx, audit::entry(ctx, "services:case:create", "case:" + std::to_string(c.id),
                                 json::object{{"desk", c.desk}, {"mode", c.mode}, {"status", c.status}}));
  if (c.coordinator_id && *c.coordinator_id != ctx.user().user_id)
    tell(tx, {*c.coordinator_id}, "case.create", "case", c.id, "办不成事诉求待协调：" + c.applicant_name,
         "An appeal to coordinate: " + c.applicant_name);
  return c;
}

bool Service::can_read(const Context& ctx, const Case& c) const {
  const Principal& u = ctx.user();
  if (c.coordinator_id && *c.coordinator_id == u.user_id) return true;
  return u.can("services:case:read", c.region_path) || u.can("services:case:create", c.region_path) ||
         u.can("services:case:coordinate", c.region_path);
}

json::object Service::case_json(storage::Tx& tx, const Context& ctx, const Case& c, bool detail) {
  std::vector<std::int64_t> ids{c.clerk_id};
  if (c.coordinator_id) ids.push_back(*c.coordinator_id);
  std::vector<TimelineEntry> timeline;
  if (detail) {
    timeline = store::timeline(tx, "case", c.id);
    for (const auto& e : timeline)
      if (e.actor_id) ids.push_back(*e.actor_id);
  }
  auto names = names_of_ ? names_of_(tx, ids) : std::map<std::int64_t, std::string>{};
  territory::NameCache places(territory_);
  json::object out = render_case(c, names, places(c.region_code));
  if (!detail) return out;
  out["timeline"] = timeline_json(timeline, names);
  json::array actions;
  for (const auto* t : offered(tx, ctx, c)) actions.push_back(action_json(*t));
  out["actions"] = std::move(actions);
  out["whistles"] =
      c.event_id && hard_.whistles ? json::value(hard_.whistles(tx, *c.event_id)) : json::value(json::array());
  if (c.grid_code) out["grid_name"] = places(*c.grid_code);
  return out;
}

json::object Service::render_case(const Case& c, const std::map<std::int64_t, std::string>& names,
                                  const std::string& region_name) const {
  auto name = [&](const std::optional<std::int64_t>& id) {
    if (!id) return json::value(nullptr);
    auto it = names.find(*id);
    return json::value(it == names.end() ? std::string() : it->second);
  };
  std::string sla = "none";
  if (case_open(c.status)) {
    std::int64_t now = storage::now_ms();
    std::int64_t warn = c.due_at - (c.due_at - c.created_at) / 5;  // the last fifth of the time
    sla = now > c.due_at ? "red" : (now >= warn ? "yellow" : "ok");
  }
  return json::object{{"id", c.id},
                      {"region_code", c.region_code},
                      {"region_name", region_name},
                      {"desk", c.desk},
                      {"item_id", c.item_id ? json::value(*c.item_id) : json::value(nullptr)},
                      {"item_name", c.item_name},
                      {"mode", c.mode},
                      {"carrier", c.carrier},
                      {"applicant_kind", c.applicant_kind},
                      {"applicant_name", c.applicant_name},
                      {"id_number", c.id_masked},
                      {"phone", c.phone_masked},
                      {"credit_code", c.credit_code},
                      {"summary", c.summary},
                      {"materials", boost::json::value_from(c.materials)},
                      {"grid_code", c.grid_code ? json::value(*c.grid_code) : json::value(nullptr)},
                      {"address", c.address},
                      {"status", c.status},
                      {"clerk", name(c.clerk_id)},
                      {"coordinator_id", c.coordinator_id ? json::value(*c.coordinator_id) : json::value(nullptr)},
                      {"coordinator", name(c.coordinator_id)},
                      {"event_id", c.event_id ? json::value(*c.event_id) : json::value(nullptr)},
                      {"outcome", c.outcome},
                      {"rating", c.rating ? json::value(*c.rating) : json::value(nullptr)},
                      {"due_at", json::rfc3339(c.due_at)},
                      {"sla", sla},
                      {"closed_at", opt_time(c.closed_at)},
                      {"version", c.version},
                      {"created_at", json::rfc3339(c.created_at)}};
}

}  // namespace wangge::services
