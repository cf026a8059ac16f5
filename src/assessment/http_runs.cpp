// Routes of runs: compute a scheme for a period (a new version, or the latest draft again),
// list the runs the caller reads, read one with its results a page at a time in rank order,
// its manual points and commendations.
#include <set>

#include "assessment/service.h"
#include "assessment/store.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "core/paging.h"

namespace wangge::assessment {
namespace {

// The results cursor "rank:subject" (the last row of the previous page).
std::optional<std::pair<std::int64_t, std::string>> results_cursor(const http::Request& req) {
  auto c = req.query_param("cursor");
  if (!c) return std::nullopt;
  auto colon = c->find(':');
  auto rank = colon == std::string::npos ? std::nullopt : json::parse_id(c->substr(0, colon));
  if (!rank || colon + 1 >= c->size())
    throw Error("invalid_query", "cursor", "next_cursor of the previous page", "应为上一页的 next_cursor");
  return std::make_pair(*rank, c->substr(colon + 1));
}

// Subject names of the adjusted and commended subjects, from the run's results.
std::map<std::string, std::string> run_subject_names(storage::Tx& tx, std::int64_t run_id,
                                                     const std::set<std::string>& keys) {
  std::map<std::string, std::string> out;
  for (const auto& k : keys)
    if (auto r = store::result(tx, run_id, k)) out[k] = r->subject.name;
  return out;
}

}  // namespace

void Service::register_run_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/assessment/schemes/{id}/runs",
             {.summary = "Compute an active scheme for a period (2026-11, 2026-Q4): version 1, a new version after "
                         "freezing, or the latest draft again (its manual points kept); Idempotency-Key",
              .tag = "assessment",
              .permission = "assessment:result:write",
              .request = object({req("period", describe(str(7, 7), "YYYY-MM or YYYY-Qn, as the scheme's period kind"))},
                                closed),
              .response = ref("AssessmentRun"),
              .statuses = {201, 403, 404, 409, 422},
              .runs = http::Runs::pool,
              .load = http::Load::bulk},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               Scheme s;
               db_.read([&](storage::Tx& tx) { s = readable_scheme(tx, ctx, id, "assessment:result:write"); });
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"period"});
               Period p = period_for(s, json::get_string(body, "period", 7));
               if (s.status != "active")
                 throw Error("conflict", {}, "only an active scheme is computed", "只能计算已启用的方案");
               // The reads first, outside the write: the write holds only the inserts.
               Computed c = compute(s, p);
               return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
                 Run r = store_run(tx, ctx, id, p, c);
                 return idempotency::Reply{201, json::to_text(run_json(r))};
               });
             });

  router.add("GET", "/api/v1/assessment/runs",
             {.summary = "Runs within the caller's scope (every version), newest first",
              .tag = "assessment",
              .permission = "assessment:result:read",
              .query = {{"scheme", "of this scheme"},
                        {"period", "of this period (YYYY-MM or YYYY-Qn)"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-100, default 20"}},
              .response = page_of(ref("AssessmentRun")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               store::RunFilter f;
               f.within = ctx.user().scope("assessment:result:read");
               f.scheme_id = json::query_int(req, "scheme", 1, INT64_MAX);
               if (auto period = req.query_param("period")) {
                 if (!parse_period(*period))
                   throw Error("invalid_query", "period", "YYYY-MM or YYYY-Qn", "应为 YYYY-MM 或 YYYY-Qn");
                 f.period = *period;
               }
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 100, 20);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 if (f.scheme_id) readable_scheme(tx, ctx, *f.scheme_id, "assessment:result:read");
                 page = paging::page(
                     store::runs(tx, f), limit, [&](const Run& r) { return run_json(r); },
                     [](const Run& r) { return std::to_string(r.id); });
               });
               return json::respond(200, page);
             });

  router.add(
      "GET", "/api/v1/assessment/runs/{id}",
      {.summary = "A run with its results a page at a time in rank order, its manual points and commendations",
       .tag = "assessment",
       .permission = "assessment:result:read",
       .query = {{"cursor", "next_cursor of the previous page"}, {"limit", "1-500, default 100"}},
       .response = all_of({ref("AssessmentRun"),
                           object({req("results", array(ref("AssessmentResult"))), req("next_cursor", nullable(str())),
                                   req("adjustments", array(ref("AssessmentAdjustment"))),
                                   req("commendations", array(ref("AssessmentCommendation")))})}),
       .statuses = {200, 400, 403, 404}},
      [this](Context& ctx) {
        const auto& req = ctx.req();
        auto id = json::path_id(req, "id");
        auto after = results_cursor(req);
        int limit = paging::limit(req, 500, 100);
        json::object out;
        db_.read([&](storage::Tx& tx) {
          Run r = readable_run(tx, ctx, id, "assessment:result:read");
          auto rows = store::results(tx, id, after, limit + 1);
          auto page = paging::page(
              rows, limit, [&](const Result& x) { return result_json(x); },
              [](const Result& x) { return std::to_string(x.rank) + ":" + x.subject.key; });
          auto adjustments = store::adjustments(tx, id);
          auto commendations = store::commendations(tx, id);
          std::set<std::string> keys;
          std::vector<std::int64_t> people;
          for (const auto& a : adjustments) {
            keys.insert(a.subject_key);
            if (a.created_by) people.push_back(*a.created_by);
          }
          for (const auto& c : commendations) {
            keys.insert(c.subject_key);
            if (c.created_by) people.push_back(*c.created_by);
          }
          auto subjects = run_subject_names(tx, id, keys);
          auto by = names(tx, people);
          json::array adjusted, commended;
          for (const auto& a : adjustments) adjusted.push_back(adjustment_json(a, subjects, by));
          for (const auto& c : commendations) commended.push_back(commendation_json(c, subjects, by));
          out = run_json(r);
          out["results"] = page["items"];
          out["next_cursor"] = page["next_cursor"];
          out["adjustments"] = std::move(adjusted);
          out["commendations"] = std::move(commended);
        });
        return json::respond(200, out);
      });
}

}  // namespace wangge::assessment
