#include "disputes/service.h"

#include <span>

#include "core/dates.h"
#include "core/error.h"
#include "disputes/store.h"
#include "territory/service.h"

namespace wangge::disputes {

std::string_view label(std::string_view code, bool zh, bool referral) {
  for (const auto& l : referral ? std::span<const Label>(kReferralLabels) : std::span<const Label>(kLabels)) {
    if (l.code == code) return zh ? l.zh : l.en;
  }
  return code;
}

int risk_rank(std::string_view risk) {
  return risk == "high" ? 2 : risk == "medium" ? 1 : 0;
}

bool is_closed(std::string_view status) {
  return status == "settled" || status == "failed" || status == "referred";
}

std::optional<std::string> next_status(std::string_view step, std::string_view from) {
  for (const auto& t : kTransitions) {
    if (t.step == step && t.from == from) return std::string(t.to);
  }
  return std::nullopt;
}

Service::Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto)
    : db_(db), territory_(territory), calendar_(calendar), crypto_(crypto) {}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_ledger_routes(router);
  register_mediation_routes(router);
  register_warning_routes(router);
  register_stats_routes(router);
  register_export_routes(router);
}

std::string Service::today() const {
  return format_day(calendar_.day_of(storage::now_ms()));
}

std::string Service::date_field(const json::object& body, std::string_view key, const std::string& dflt) const {
  return dates::body_day(body, key, dflt, today(), false);
}

Dispute Service::load_for_change(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body,
                                 std::string_view permission) {
  auto d = store::get(tx, id);
  if (!d) throw_not_found("no dispute " + std::to_string(id), "纠纷不存在");
  ctx.require(permission, d->region_path);
  auto v = json::opt_int(body, "version");
  if (!v) throw Error("precondition_required", "version", "send the version you edit", "请提供所编辑的版本号");
  if (*v != d->version) throw Error("stale_version", "version", "the dispute changed meanwhile", "纠纷已被他人修改");
  return *d;
}

json::object Service::dispute_json(const Dispute& d) const {
  json::array parties;
  for (const auto& p : d.parties) {
    parties.push_back(json::object{{"id", p.id},
                                   {"role", p.role},
                                   {"name", p.name},
                                   {"person_id", p.person_id ? json::value(*p.person_id) : json::value(nullptr)},
                                   {"phone", p.phone_masked}});
  }
  auto opt = [](const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); };
  return json::object{{"id", d.id},
                      {"region_code", d.region_code},
                      {"type", d.type},
                      {"title", d.title},
                      {"description", d.description},
                      {"place", d.place},
                      {"risk", d.risk},
                      {"source", d.source},
                      {"source_ref", d.source_ref},
                      {"status", d.status},
                      {"referred_to", opt(d.referred_to)},
                      {"outcome_detail", d.outcome_detail},
                      {"mediator_id", d.mediator_id ? json::value(*d.mediator_id) : json::value(nullptr)},
                      {"found_on", d.found_on},
                      {"closed_on", opt(d.closed_on)},
                      {"parties", std::move(parties)},
                      {"version", d.version},
                      {"created_at", json::rfc3339(d.created_at)},
                      {"updated_at", json::rfc3339(d.updated_at)}};
}

}  // namespace wangge::disputes
