// The dispute ledger (矛盾纠纷排查台账): record a dispute found in a place with its parties,
// list and filter within scope, read one with its sessions, follow-ups and risk history,
// correct it (a risk change is kept with its reason).
#include <algorithm>

#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/paging.h"
#include "disputes/service.h"
#include "disputes/store.h"
#include "territory/service.h"

namespace wangge::disputes {
namespace {

// The parties of a new dispute: 1 to 50, each with a role, a name and optionally a registry
// person and a phone (sealed, and kept masked for display).
std::vector<Party> parse_parties(const json::object& body, const Crypto& crypto) {
  std::vector<Party> out;
  if (!body.contains("parties") || !body.at("parties").is_array() || body.at("parties").as_array().empty() ||
      body.at("parties").as_array().size() > 50)
    throw_validation("parties", "1 to 50 parties", "应有 1 至 50 位当事人");
  std::size_t i = 0;
  for (const auto& pv : body.at("parties").as_array()) {
    std::string field = "parties[" + std::to_string(i++) + "]";
    if (!pv.is_object()) throw_validation(field, "an object", "应为对象");
    const auto& po = pv.as_object();
    json::allow_only(po, {"role", "name", "person_id", "phone"});
    Party p;
    p.role = json::opt_string(po, "role", 16).value_or("other");
    if (p.role != "applicant" && p.role != "respondent" && p.role != "other")
      throw_validation(field + ".role", "applicant, respondent or other", "应为 applicant、respondent 或 other");
    p.name = json::get_string(po, "name", 50);
    p.person_id = json::opt_int(po, "person_id");
    if (auto phone = json::opt_string(po, "phone", 20)) {
      if (!valid_phone(*phone))
        throw_validation(field + ".phone", "an 11-digit mobile or a landline with area code",
                         "应为 11 位手机号或带区号的固话");
      p.phone_sealed = crypto.seal(normalize_phone(*phone));
      p.phone_masked = mask_phone(normalize_phone(*phone));
    }
    out.push_back(std::move(p));
  }
  return out;
}

// A dispute's mediation sessions, follow-ups and risk history, added to its JSON.
void add_history(storage::Tx& tx, std::int64_t id, json::object& out) {
  json::array sessions, followups, risks;
  for (const auto& s : store::sessions(tx, id)) {
    sessions.push_back(json::object{{"id", s.id},
                                    {"held_on", s.held_on},
                                    {"mediator_name", s.mediator_name},
                                    {"participants", s.participants},
                                    {"record", s.record},
                                    {"agreement", s.agreement},
                                    {"result", s.result}});
  }
  for (const auto& f : store::followups(tx, id)) {
    followups.push_back(
        json::object{{"id", f.id}, {"visited_on", f.visited_on}, {"note", f.note}, {"stable", f.stable}});
  }
  for (const auto& c : store::risk_changes(tx, id)) {
    risks.push_back(json::object{
        {"from", c.from_risk}, {"to", c.to_risk}, {"reason", c.reason}, {"at", json::rfc3339(c.changed_at)}});
  }
  out["sessions"] = std::move(sessions);
  out["followups"] = std::move(followups);
  out["risk_history"] = std::move(risks);
}

// The body of POST /disputes (the route's handler and parse_parties read it).
schema::value create_schema() {
  using namespace schema;
  value parties = array(
      object({opt("role", describe(enumeration({"applicant", "respondent", "other"}), "default other")),
              req("name", str(50, 1)), opt("person_id", describe(id(), "a registry person in the caller's territory")),
              opt("phone", describe(str(20), "an 11-digit mobile or a landline with area code"))},
             closed),
      50);
  parties.as_object()["minItems"] = 1;
  return object(
      {req("region_code", describe(str(24, 1), "a town, community, grid or unit")), req("type", enumeration(kTypes)),
       req("title", str(100, 1)), req("description", str(5000, 1)), opt("place", str(200)),
       req("risk", enumeration(kRisks)), req("source", enumeration(kSources)), opt("source_ref", str(40)),
       opt("found_on", describe(date(), "not in the future; default today")), req("parties", parties)},
      closed);
}

// The body of PATCH /disputes/{id} (Service::correct reads it).
schema::value patch_schema() {
  using namespace schema;
  return object({opt("title", str(100, 1)), opt("description", str(5000, 1)), opt("place", str(200)),
                 opt("type", enumeration(kTypes)), opt("risk", enumeration(kRisks)),
                 opt("risk_reason", describe(str(500), "required when the risk changes")),
                 opt("mediator_id", describe(nullable(id()), "null: none")), req("version", id())},
                closed);
}

}  // namespace

Dispute Service::create(const Context& ctx, Dispute d) {
  std::int64_t now = storage::now_ms();
  d.created_at = d.updated_at = now;
  d.created_by = ctx.actor_id();
  db_.write([&](storage::Tx& tx) {
    for (std::size_t k = 0; k < d.parties.size(); ++k) {
      const auto& p = d.parties[k];
      if (p.person_id && person_visible_ && !person_visible_(tx, ctx, *p.person_id))
        throw_validation("parties[" + std::to_string(k) + "].person_id", "no such person in your territory",
                         "您的管辖范围内无此人员");
    }
    d.id = store::insert(tx, d);
    audit::append(tx, audit::entry(ctx, "disputes:dispute:create", "dispute:" + std::to_string(d.id),
                                   {{"region", d.region_code}, {"type", d.type}, {"risk", d.risk}}));
  });
  db_.read([&](storage::Tx& tx) { d = *store::get(tx, d.id); });
  return d;
}

// The PATCH body's fields are read inside the transaction, after the dispute is loaded:
// a stale version or a closed dispute is answered before a field's validation.
Dispute Service::correct(const Context& ctx, std::int64_t id, const json::object& body) {
  Dispute d;
  db_.write([&](storage::Tx& tx) {
    d = load_for_change(tx, ctx, id, body, "disputes:dispute:write");
    if (is_closed(d.status))
      throw Error("invalid_transition", "status", "a closed dispute is not changed", "已结案的纠纷不能修改");
    Dispute before = d;
    d.title = json::opt_string(body, "title", 100, 1).value_or(d.title);
    d.description = json::opt_string(body, "description", 5000, 1).value_or(d.description);
    d.place = json::opt_string(body, "place", 200, 0).value_or(d.place);
    if (body.contains("type")) d.type = json::one_of(body, "type", kTypes);
    if (body.contains("risk")) d.risk = json::one_of(body, "risk", kRisks);
    if (body.contains("mediator_id")) d.mediator_id = json::opt_int(body, "mediator_id");
    std::int64_t now = storage::now_ms();
    if (d.risk != before.risk) {
      std::string reason = json::opt_string(body, "risk_reason", 500).value_or("");
      if (reason.empty()) throw_validation("risk_reason", "say why the risk changes", "请说明风险等级变化的原因");
      store::insert_risk_change(tx, id, {before.risk, d.risk, reason, now}, ctx.actor_id());
    }
    d.version = before.version + 1;
    d.updated_at = now;
    if (!store::update(tx, d, before.version))
      throw Error("stale_version", "version", "the dispute changed meanwhile", "纠纷已被他人修改");
    audit::append(tx,
                  audit::entry(ctx, "disputes:dispute:update", "dispute:" + std::to_string(id), {{"risk", d.risk}}));
  });
  return d;
}

void Service::register_ledger_routes(http::Router& router) {
  router.add("GET", "/api/v1/disputes",
             {.summary = "Disputes in the caller's territory, newest first",
              .tag = "disputes",
              .permission = "disputes:dispute:read",
              .query = {{"region", "under this region code"},
                        {"status", "open, mediating, settled, failed, referred, or active (open or mediating)"},
                        {"type", "dispute type"},
                        {"risk", "low, medium or high"},
                        {"from", "found on or after (YYYY-MM-DD)"},
                        {"to", "found before"},
                        {"person_id", "with this registry person as a party"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = schema::page_of(schema::ref("Dispute"))},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               store::Filter f;
               auto scoped = territory_.scoped_region(ctx, "disputes:dispute:read");
               f.scope_paths = std::move(scoped.scope);
               f.region_path = std::move(scoped.path);
               f.status = req.query_param("status");
               f.type = req.query_param("type");
               f.risk = req.query_param("risk");
               if (auto d = dates::query_day(req, "from")) f.found_from = format_day(*d);
               if (auto d = dates::query_day(req, "to")) f.found_to = format_day(*d);
               f.person_id = json::query_int(req, "person_id", 1, INT64_MAX);
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 200, 50);
               f.limit = limit + 1;
               std::vector<Dispute> rows;
               db_.read([&](storage::Tx& tx) {
                 rows = store::list(tx, f);
                 store::load_parties(tx, rows);
               });
               return json::respond(200, paging::page(
                                             rows, limit, [this](const Dispute& d) { return dispute_json(d); },
                                             [](const Dispute& d) { return std::to_string(d.id); }));
             });

  router.add("POST", "/api/v1/disputes",
             {.summary = "Record a dispute found in a place, with its parties",
              .tag = "disputes",
              .permission = "disputes:dispute:write",
              .request = create_schema(),
              .response = schema::ref("Dispute"),
              .statuses = {201, 403, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "type", "title", "description", "place", "risk", "source",
                                       "source_ref", "found_on", "parties"});
               Dispute d;
               d.region_code = json::get_string(body, "region_code", 24);
               auto region = territory_.find(d.region_code, false);
               if (!region || d.region_code.size() < 9)
                 throw_validation("region_code", "a town, community, grid or unit", "应为街道、社区、网格或最小单元");
               d.region_path = region->path;
               ctx.require("disputes:dispute:write", d.region_path);
               d.type = json::one_of(body, "type", kTypes);
               d.title = json::get_string(body, "title", 100);
               d.description = json::get_string(body, "description", 5000);
               d.place = json::opt_string(body, "place", 200, 0).value_or("");
               d.risk = json::one_of(body, "risk", kRisks);
               d.source = json::one_of(body, "source", kSources);
               d.source_ref = json::opt_string(body, "source_ref", 40, 0).value_or("");
               d.found_on = date_field(body, "found_on", today());
               d.parties = parse_parties(body, crypto_);
               d = create(ctx, std::move(d));
               return json::respond(201, dispute_json(d));
             });

  router.add("GET", "/api/v1/disputes/{id}",
             {.summary = "A dispute with its parties, mediation sessions, follow-ups and risk history",
              .tag = "disputes",
              .permission = "disputes:dispute:read",
              .response = schema::ref("DisputeDetail"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               std::int64_t id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto d = store::get(tx, id);
                 if (!d) throw_not_found("no dispute " + std::to_string(id), "纠纷不存在");
                 ctx.require("disputes:dispute:read", d->region_path);
                 out = dispute_json(*d);
                 add_history(tx, id, out);
               });
               return json::respond(200, out);
             });

  router.add("PATCH", "/api/v1/disputes/{id}",
             {.summary = "Correct a dispute or change its risk (with a reason) or mediator",
              .tag = "disputes",
              .permission = "disputes:dispute:write",
              .request = patch_schema(),
              .response = schema::ref("Dispute"),
              .statuses = {200, 403, 404, 409, 422, 428}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(
                   body, {"title", "description", "place", "type", "risk", "risk_reason", "mediator_id", "version"});
               std::int64_t id = json::path_id(ctx.req(), "id");
               Dispute d = correct(ctx, id, body);
               return json::respond(200, dispute_json(d));
             });
}

}  // namespace wangge::disputes
