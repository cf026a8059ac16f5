// Mediation (调解): a session's record and, when the parties agree, the agreement that
// settles the dispute; closing without agreement (failed, or referred to a court,
// arbitration, the police or the petition office); follow-up visits on whether an
// agreement holds. Status moves only as kTransitions (model.h) allows.
#include "audit/audit.h"
#include "core/error.h"
#include "disputes/service.h"
#include "disputes/store.h"

namespace wangge::disputes {

std::vector<work::Item> Service::waiting(storage::Tx& tx, const Context& ctx, int cap) {
  // The mediation page's statuses (views/disputes/mediation), in the caller's ledger scope,
  // each read up to cap + 1 rows: waiting for a first session, in mediation, failed and
  // not yet referred.
  if (!ctx.user().can_somewhere("disputes:mediation:write")) return {};
  std::vector<work::Item> out;
  for (const char* status : {"open", "mediating", "failed"}) {
    store::Filter f;
    f.scope_paths = ctx.user().scope("disputes:dispute:read");
    f.status = status;
    f.limit = cap + 1;
    out.push_back(work::capped("disputes", std::string("mediation.") + status, store::list(tx, f).size(), cap));
  }
  return out;
}

Dispute Service::record_session(const Context& ctx, std::int64_t id, const json::object& body, Session& s) {
  Dispute d;
  db_.write([&](storage::Tx& tx) {
    d = load_for_change(tx, ctx, id, body, "disputes:mediation:write");
    auto to = next_status("session:" + s.result, d.status);
    if (!to)
      throw Error("invalid_transition", "status", "no mediation on a " + d.status + " dispute", "当前状态不能调解");
    std::int64_t now = storage::now_ms();
    std::int64_t v = d.version;
    d.status = *to;
    if (!d.mediator_id) d.mediator_id = ctx.actor_id();
    if (is_closed(d.status)) {
      d.closed_on = s.held_on;
      d.outcome_detail = s.result == "agreement" ? s.agreement : s.record;
    }
    d.version = v + 1;
    d.updated_at = now;
    if (!store::update(tx, d, v))
      throw Error("stale_version", "version", "the dispute changed meanwhile", "纠纷已被他人修改");
    s.id = store::insert_session(tx, s, now);
    audit::append(tx, audit::entry(ctx, "disputes:mediation:session", "dispute:" + std::to_string(id),
                                   {{"result", s.result}, {"status", d.status}}));
  });
  return d;
}

Dispute Service::close(const Context& ctx, std::int64_t id, const json::object& body, const std::string& outcome,
                       const std::optional<std::string>& referred_to, const std::string& detail,
                       const std::string& on) {
  Dispute d;
  db_.write([&](storage::Tx& tx) {
    d = load_for_change(tx, ctx, id, body, "disputes:mediation:write");
    auto to = next_status("close:" + outcome, d.status);
    if (!to)
      throw Error("invalid_transition", "status", "a " + d.status + " dispute cannot become " + outcome,
                  "当前状态不能结案为该结果");
    std::int64_t v = d.version;
    d.status = *to;
    d.referred_to = referred_to;
    d.outcome_detail = detail;
    d.closed_on = on.empty() ? today() : on;
    d.version = v + 1;
    d.updated_at = storage::now_ms();
    if (!store::update(tx, d, v))
      throw Error("stale_version", "version", "the dispute changed meanwhile", "纠纷已被他人修改");
    audit::append(tx,
                  audit::entry(ctx, "disputes:dispute:close", "dispute:" + std::to_string(id), {{"outcome", outcome}}));
  });
  return d;
}

std::int64_t Service::add_followup(const Context& ctx, Followup& f) {
  db_.write([&](storage::Tx& tx) {
    auto d = store::get(tx, f.dispute_id);
    if (!d) throw_not_found("no dispute " + std::to_string(f.dispute_id), "纠纷不存在");
    ctx.require("disputes:dispute:write", d->region_path);
    f.id = store::insert_followup(tx, f, ctx.actor_id(), storage::now_ms());
    audit::append(tx, audit::entry(ctx, "disputes:dispute:followup", "dispute:" + std::to_string(f.dispute_id),
                                   {{"stable", f.stable}}));
  });
  return f.id;
}

void Service::register_mediation_routes(http::Router& router) {
  router.add("POST", "/api/v1/disputes/{id}/sessions",
             {.summary = "Record a mediation session: continue, agreement (settles) or failed",
              .tag = "disputes",
              .permission = "disputes:mediation:write",
              .request = schema::object(
                  {schema::opt("held_on", schema::describe(schema::date(), "not in the future; default today")),
                   schema::opt("participants", schema::str(500)), schema::req("record", schema::str(10000, 1)),
                   schema::req("result", schema::enumeration({"continue", "agreement", "failed"})),
                   schema::opt("agreement", schema::describe(schema::str(5000), "required for result agreement")),
                   schema::req("version", schema::id())},
                  schema::closed),
              .response = schema::ref("Dispute"),
              .statuses = {201, 403, 404, 409, 422, 428}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"held_on", "participants", "record", "result", "agreement", "version"});
               std::int64_t id = json::path_id(ctx.req(), "id");
               Session s;
               s.dispute_id = id;
               s.record = json::get_string(body, "record", 10000);
               s.result = json::get_string(body, "result", 16);
               if (s.result != "continue" && s.result != "agreement" && s.result != "failed")
                 throw_validation("result", "continue, agreement or failed", "应为 continue、agreement 或 failed");
               s.agreement = json::opt_string(body, "agreement", 5000, 0).value_or("");
               if (s.result == "agreement" && s.agreement.empty())
                 throw_validation("agreement", "the terms the parties agreed", "请填写调解协议内容");
               s.participants = json::opt_string(body, "participants", 500, 0).value_or("");
               s.held_on = date_field(body, "held_on", today());
               s.mediator_id = ctx.actor_id();
               s.mediator_name = ctx.actor();
               Dispute d = record_session(ctx, id, body, s);
               return json::respond(201, dispute_json(d));
             });

  router.add("POST", "/api/v1/disputes/{id}/close",
             {.summary = "Close a dispute without agreement: failed, or referred (court, arbitration, police, "
                         "petition office)",
              .tag = "disputes",
              .permission = "disputes:mediation:write",
              .request = schema::object(
                  {schema::req("outcome", schema::enumeration({"failed", "referred"})),
                   schema::opt("referred_to", schema::describe(schema::enumeration(kReferrals),
                                                               "required for outcome referred, refused otherwise")),
                   schema::req("detail", schema::str(2000, 1)), schema::req("version", schema::id())},
                  schema::closed),
              .response = schema::ref("Dispute"),
              .statuses = {200, 403, 404, 409, 422, 428}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"outcome", "referred_to", "detail", "version"});
               std::int64_t id = json::path_id(ctx.req(), "id");
               std::string outcome = json::get_string(body, "outcome", 16);
               if (outcome != "failed" && outcome != "referred")
                 throw_validation("outcome", "failed or referred", "应为 failed 或 referred");
               std::optional<std::string> referred_to;
               if (outcome == "referred") {
                 referred_to = json::get_string(body, "referred_to", 32);
                 bool known = false;
                 for (const char* r : kReferrals) known |= *referred_to == r;
                 if (!known)
                   throw_validation("referred_to", "court, arbitration, police, petition_office or other",
                                    "应为 court、arbitration、police、petition_office 或 other");
               } else if (body.contains("referred_to")) {
                 throw_validation("referred_to", "only a referral names where to", "仅移交时填写移交去向");
               }
               std::string detail = json::get_string(body, "detail", 2000);
               Dispute d = close(ctx, id, body, outcome, referred_to, detail);
               return json::respond(200, dispute_json(d));
             });

  router.add("POST", "/api/v1/disputes/{id}/followups",
             {.summary = "A follow-up visit (回访): does the outcome hold?",
              .tag = "disputes",
              .permission = "disputes:dispute:write",
              .request = schema::object(
                  {schema::opt("visited_on", schema::describe(schema::date(), "not in the future; default today")),
                   schema::req("note", schema::str(2000, 1)), schema::req("stable", schema::boolean())},
                  schema::closed),
              .response = schema::all_of(
                  {schema::ref("DisputeFollowup"), schema::object({schema::req("dispute_id", schema::id())})}),
              .statuses = {201, 403, 404, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"visited_on", "note", "stable"});
               Followup f;
               f.dispute_id = json::path_id(ctx.req(), "id");
               f.visited_on = date_field(body, "visited_on", today());
               f.note = json::get_string(body, "note", 2000);
               auto stable = json::opt_bool(body, "stable");
               if (!stable) throw_validation("stable", "true or false", "应为 true 或 false");
               f.stable = *stable;
               f.id = add_followup(ctx, f);
               return json::respond(201, json::object{{"id", f.id},
                                                      {"dispute_id", f.dispute_id},
                                                      {"visited_on", f.visited_on},
                                                      {"note", f.note},
                                                      {"stable", f.stable}});
             });
}

}  // namespace wangge::disputes
