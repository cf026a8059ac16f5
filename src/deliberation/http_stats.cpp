// Figures of a node and period: topics by stage and source, meetings held by type and
// level (seed 000 counts "居民代表会议、楼栋长联席会议、议事骨干会议…约362次"), ballots,
// passed and turnout, tasks due and done on time; and the topics ledger as .xlsx.
#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/xlsx.h"
#include "deliberation/service.h"
#include "deliberation/store.h"
#include "territory/service.h"

namespace wangge::deliberation {
namespace {

struct StatsPeriod {
  std::string code, path;
  std::int64_t from = 0, to = 0;
  std::string from_day, to_day, today;
};

StatsPeriod stats_period(const Context& ctx, territory::Service& territory, const Calendar& cal) {
  const auto& req = ctx.req();
  auto paths = territory.request_paths(ctx, "deliberation:stats:read", req.query_param("region"));
  StatsPeriod p;
  p.path = paths.front();
  auto trimmed = p.path.substr(0, p.path.size() - 1);
  p.code = trimmed.substr(trimmed.rfind('/') + 1);
  Day today = cal.day_of(storage::now_ms());
  Day from = dates::query_day(req, "from").value_or(day_from_ymd(year_of(today), 1, 1));
  Day to = dates::query_day(req, "to").value_or(day_from_ymd(year_of(today), 12, 31));
  if (to < from) throw Error("invalid_query", "to", "on or after from", "结束日期不能早于开始日期");
  p.from = cal.midnight(from);
  p.to = cal.midnight(to + 1);
  p.from_day = format_day(from);
  p.to_day = format_day(to);
  p.today = format_day(today);
  return p;
}

json::object counts(const std::map<std::string, std::int64_t>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

double share(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part * 10000 / whole) / 100.0;
}

}  // namespace

void Service::register_stats_routes(http::Router& router) {
  using namespace schema;
  router.add(
      "GET", "/api/v1/deliberation-stats",
      {.summary = "Deliberation of a node and period: topics by stage and source, meetings held by type and "
                  "level, ballots and turnout, tasks done on time",
       .tag = "deliberation",
       .permission = "deliberation:stats:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"},
                 {"from", "YYYY-MM-DD (default: 1 January)"},
                 {"to", "YYYY-MM-DD, inclusive (default: 31 December)"}},
       .response = object({req("region_code", str()), req("from", date()), req("to", date()), req("topics", integer(0)),
                           req("topics_by_status", map_of(integer(0))), req("topics_by_source", map_of(integer(0))),
                           req("meetings", integer(0)), req("meetings_by_kind", map_of(integer(0))),
                           req("meetings_by_level", map_of(integer(0))), req("ballots", integer(0)),
                           req("ballots_passed", integer(0)),
                           req("turnout", describe(number(), "percent: cast ÷ eligible, closed ballots")),
                           req("tasks", describe(integer(0), "due in the period")), req("tasks_done", integer(0)),
                           req("tasks_on_time", integer(0)), req("tasks_overdue", integer(0)),
                           req("on_time_rate", describe(number(), "percent: done by the deadline ÷ due"))}),
       .statuses = {200, 400, 403, 404}},
      [this](Context& ctx) {
        auto p = stats_period(ctx, territory_, calendar_);
        json::object out;
        db_.read([&](storage::Tx& tx) {
          auto f = store::figures(tx, p.path, p.from, p.to, p.from_day, p.to_day, p.today);
          std::int64_t topics = 0, meetings = 0;
          for (const auto& [k, v] : f.topics_by_status) topics += v;
          for (const auto& [k, v] : f.meetings_by_kind) meetings += v;
          out = json::object{{"region_code", p.code},
                             {"from", p.from_day},
                             {"to", p.to_day},
                             {"topics", topics},
                             {"topics_by_status", counts(f.topics_by_status)},
                             {"topics_by_source", counts(f.topics_by_source)},
                             {"meetings", meetings},
                             {"meetings_by_kind", counts(f.meetings_by_kind)},
                             {"meetings_by_level", counts(f.meetings_by_level)},
                             {"ballots", f.ballots},
                             {"ballots_passed", f.ballots_passed},
                             {"turnout", share(f.cast, f.eligible)},
                             {"tasks", f.tasks},
                             {"tasks_done", f.tasks_done},
                             {"tasks_on_time", f.tasks_on_time},
                             {"tasks_overdue", f.tasks_overdue},
                             {"on_time_rate", share(f.tasks_on_time, f.tasks)}};
        });
        return json::respond(200, out);
      });

  router.add(
      "GET", "/api/v1/exports/topics",
      {.summary = "The topics of a node and period as .xlsx: council, source, stage, supporters, decision",
       .tag = "deliberation",
       .permission = "deliberation:stats:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"},
                 {"from", "YYYY-MM-DD (default: 1 January)"},
                 {"to", "YYYY-MM-DD, inclusive (default: 31 December)"}},
       .statuses = {200, 400, 403, 404, 422},
       .load = http::Load::bulk},
      [this](Context& ctx) {
        auto p = stats_period(ctx, territory_, calendar_);
        const bool zh = ctx.req().prefers_zh();
        auto col = [&](const char* z, const char* e, double w) { return xlsx::Column{zh ? z : e, w, false}; };
        auto state_name = [&](const std::string& s) {
          for (const auto& n : topic_states())
            if (n.state == s) return std::string(zh ? n.name_zh : n.name_en);
          return s;
        };
        auto response = xlsx::attachment(
            export_dir_, "topics-" + p.code + "-" + p.from_day + "-" + p.to_day + ".xlsx", [&](xlsx::Writer& w) {
              w.sheet(zh ? "议题台账" : "topics",
                      {col("编号", "id", 8), col("议事会", "council", 18), col("议题", "title", 30),
                       col("来源", "source", 10), col("单位", "unit", 14), col("阶段", "stage", 10),
                       col("附议人数", "supporters", 8), col("提出时间", "proposed", 18), col("结束时间", "closed", 18),
                       col("协商结果", "decision", 40), col("落实反馈", "feedback", 40)});
              db_.read([&](storage::Tx& tx) {
                store::TopicFilter f;
                f.within = {p.path};
                f.created_from = p.from;
                f.created_to = p.to;
                f.limit = 1000;
                for (;;) {
                  auto page = store::topics(tx, f);
                  for (const auto& t : page)
                    w.row({t.id, t.council_name, t.title, t.source, t.unit_name, state_name(t.status), t.supporters,
                           calendar_.format_time(t.created_at),
                           t.closed_at ? xlsx::Cell(calendar_.format_time(*t.closed_at)) : xlsx::Cell(), t.decision,
                           t.feedback});
                  if (page.size() < 1000) break;
                  f.before_id = page.back().id;
                }
              });
            });
        db_.write([&](storage::Tx& tx) {
          audit::append(tx, audit::entry(ctx, "deliberation:topics:export", "region:" + p.code,
                                         json::object{{"from", p.from_day}, {"to", p.to_day}}));
        });
        return response;
      });
}

}  // namespace wangge::deliberation
