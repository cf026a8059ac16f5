// Routes on a computed run: manual points with their reason, freezing, commendations, the
// run as an .xlsx workbook (results, manual points, commendations); and a worker's own card.
// A route naming a run checks the caller's scope on the run's node before it reads the body.
#include "assessment/service.h"
#include "assessment/store.h"
#include "audit/audit.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "core/xlsx.h"

namespace wangge::assessment {
namespace {

constexpr int kExportRows = 1000;

double adjustment_points(const json::object& body) {
  const auto* v = body.if_contains("points");
  if (!v || v->is_null()) throw_validation("points", "is required", "必填");
  if (!v->is_number()) throw_validation("points", "a number", "应为数字");
  return v->to_number<double>();
}

// The results sheet: rank, subject, each indicator's raw value and points, the sums.
void export_results(storage::Tx& tx, xlsx::Writer& w, const Run& run, bool zh) {
  std::vector<xlsx::Column> cols = {{zh ? "名次" : "rank", 6},
                                    {zh ? "考核对象" : "subject", 20},
                                    {zh ? "编号" : "key", 16, true},
                                    {zh ? "所在区域" : "region", 16, true}};
  for (const auto& i : run.indicators) {
    const IndicatorSpec* spec = find_indicator(i.key);
    std::string name = spec ? std::string(zh ? spec->name_zh : spec->name_en) : i.key;
    std::string unit = spec ? std::string(zh ? spec->unit_zh : spec->unit_en) : "";
    cols.push_back({name + (unit.empty() ? "" : "（" + unit + "）"), 14});
    cols.push_back({name + (zh ? " 得分" : " points"), 10});
  }
  for (const char* h : {zh ? "计算得分" : "computed", zh ? "加减分" : "manual", zh ? "总分" : "total"})
    cols.push_back({h, 10});
  w.sheet(zh ? "考核结果" : "results", cols);
  std::optional<std::pair<std::int64_t, std::string>> after;
  for (;;) {
    auto page = store::results(tx, run.id, after, kExportRows);
    for (const auto& r : page) {
      // One cell at a time: g++ 12 reports a false "maybe uninitialized" on an initializer
      // list of variants holding strings.
      std::vector<xlsx::Cell> row;
      row.reserve(4 + 2 * run.indicators.size() + 3);
      row.emplace_back(r.rank);
      row.emplace_back(r.subject.name);
      row.emplace_back(r.subject.key);
      row.emplace_back(r.subject.region_code);
      for (const auto& i : run.indicators) {
        auto v = r.values.find(i.key);
        auto p = r.points.find(i.key);
        if (v != r.values.end() && v->second) {
          row.emplace_back(std::in_place_type<double>, *v->second);
        } else {
          row.emplace_back(std::in_place_type<std::monostate>);
        }
        double points = p == r.points.end() ? 0.0 : p->second;
        row.emplace_back(std::in_place_type<double>, points);
      }
      row.emplace_back(r.computed);
      row.emplace_back(r.manual);
      row.emplace_back(r.total);
      w.row(row);
    }
    if (page.size() < static_cast<std::size_t>(kExportRows)) break;
    after = std::make_pair(page.back().rank, page.back().subject.key);
  }
}

}  // namespace

void Service::register_result_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/assessment/runs/{id}/adjustments",
             {.summary = "Manual points (加减分) on a subject of a draft run, with the reason (required)",
              .tag = "assessment",
              .permission = "assessment:result:write",
              .request = object({req("subject", describe(str(24, 1), "a subject of the run")),
                                 req("points", describe(number(), "-100 to 100, not 0")), req("reason", str(500, 1))},
                                closed),
              .response = ref("AssessmentAdjustment"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               db_.read([&](storage::Tx& tx) { readable_run(tx, ctx, id, "assessment:result:write"); });
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"subject", "points", "reason"});
               auto subject = json::get_string(body, "subject", 24);
               double points = adjustment_points(body);
               auto reason = json::get_string(body, "reason", 500);
               return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
                 Adjustment a = adjust(tx, ctx, id, subject, points, reason);
                 auto r = store::result(tx, id, subject);
                 std::map<std::string, std::string> subjects{{subject, r ? r->subject.name : std::string()}};
                 auto by = names(tx, {ctx.user().user_id});
                 return idempotency::Reply{201, json::to_text(adjustment_json(a, subjects, by))};
               });
             });

  router.add("POST", "/api/v1/assessment/runs/{id}/freeze",
             {.summary = "Freeze a draft run: no change after it; a recomputation makes the period's next version",
              .tag = "assessment",
              .permission = "assessment:result:write",
              .response = ref("AssessmentRun"),
              .statuses = {200, 403, 404, 409}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               Run r;
               db_.write([&](storage::Tx& tx) { r = freeze(tx, ctx, id); });
               return json::respond(200, run_json(r));
             });

  router.add(
      "POST", "/api/v1/assessment/runs/{id}/commendations",
      {.summary = "Commend (表彰) a subject of a frozen run: a title and the reason",
       .tag = "assessment",
       .permission = "assessment:result:write",
       .request = object({req("subject", describe(str(24, 1), "a subject of the run")),
                          req("title", describe(str(100, 1), "优秀网格员, 先锋片长, ...")), req("reason", str(500, 1))},
                         closed),
       .response = ref("AssessmentCommendation"),
       .statuses = {201, 403, 404, 409, 422}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        db_.read([&](storage::Tx& tx) { readable_run(tx, ctx, id, "assessment:result:write"); });
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"subject", "title", "reason"});
        auto subject = json::get_string(body, "subject", 24);
        auto title = json::get_string(body, "title", 100);
        auto reason = json::get_string(body, "reason", 500);
        return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
          Commendation c = commend(tx, ctx, id, subject, title, reason);
          auto r = store::result(tx, id, subject);
          std::map<std::string, std::string> subjects{{subject, r ? r->subject.name : std::string()}};
          auto by = names(tx, {ctx.user().user_id});
          return idempotency::Reply{201, json::to_text(commendation_json(c, subjects, by))};
        });
      });

  router.add("GET", "/api/v1/assessment/runs/{id}/export.xlsx",
             {.summary = "A run as .xlsx: results in rank order with every raw value and points, manual points, "
                         "commendations",
              .tag = "assessment",
              .permission = "assessment:result:read",
              .statuses = {200, 403, 404, 422},
              .load = http::Load::bulk},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               const bool zh = ctx.req().prefers_zh();
               Run run;
               db_.read([&](storage::Tx& tx) { run = readable_run(tx, ctx, id, "assessment:result:read"); });
               std::string file = "assessment-" + std::to_string(run.scheme_id) + "-" + run.period + "-v" +
                                  std::to_string(run.version) + ".xlsx";
               auto response = xlsx::attachment(export_dir_, file, [&](xlsx::Writer& w) {
                 db_.read([&](storage::Tx& tx) {
                   export_results(tx, w, run, zh);
                   w.sheet(zh ? "加减分" : "manual points", {{zh ? "考核对象编号" : "subject", 16, true},
                                                             {zh ? "分值" : "points", 8},
                                                             {zh ? "理由" : "reason", 40},
                                                             {zh ? "时间" : "at", 22}});
                   for (const auto& a : store::adjustments(tx, id))
                     w.row({a.subject_key, a.points, a.reason, json::rfc3339(a.created_at)});
                   w.sheet(zh ? "表彰" : "commendations", {{zh ? "考核对象编号" : "subject", 16, true},
                                                           {zh ? "称号" : "title", 20},
                                                           {zh ? "理由" : "reason", 40},
                                                           {zh ? "时间" : "at", 22}});
                   for (const auto& c : store::commendations(tx, id))
                     w.row({c.subject_key, c.title, c.reason, json::rfc3339(c.created_at)});
                 });
               });
               db_.write([&](storage::Tx& tx) {
                 audit::append(tx, audit::entry(ctx, "assessment:run:export", "assessment_run:" + std::to_string(id)));
               });
               return response;
             });

  router.add(
      "GET", "/api/v1/assessment/my-card",
      {.summary = "The caller's own results (考评卡) in the frozen runs of active schemes: the latest version of "
                  "each, newest period first",
       .tag = "assessment",
       .permission = "assessment:card:read",
       .query = {{"period", "only this period (YYYY-MM or YYYY-Qn)"}},
       .response = object(
           {req("period", nullable(str(7, 7))),
            req("items",
                array(object(
                    {req("scheme_id", id()), req("scheme_name", str()), req("post", enumeration(kPosts)),
                     req("region_code", str()), req("run_id", id()), req("period", str(7, 7)),
                     req("version", integer(1)), req("frozen_at", nullable(date_time())), req("rank", integer(1)),
                     req("subjects", integer(0)), req("computed", number()), req("manual", number()),
                     req("total", number()),
                     req("indicators", array(object({req("key", str()), req("name_zh", str()), req("name_en", str()),
                                                     req("unit_zh", str()), req("unit_en", str()),
                                                     req("weight", number()), req("target", number()),
                                                     req("value", nullable(number())), req("points", number())}))),
                     req("commendations", array(object({req("title", str()), req("reason", str()),
                                                        req("created_at", date_time())})))})))}),
       .statuses = {200, 400, 403}},
      [this](Context& ctx) {
        std::optional<std::string> period = ctx.req().query_param("period");
        if (period && !parse_period(*period))
          throw Error("invalid_query", "period", "YYYY-MM or YYYY-Qn", "应为 YYYY-MM 或 YYYY-Qn");
        json::object out;
        db_.read([&](storage::Tx& tx) { out = card_json(tx, ctx, period); });
        return json::respond(200, out);
      });
}

}  // namespace wangge::assessment
