// Figures of a node and period (units and alliance members, resources by kind and
// availability, needs by status and source with the match rate, projects by status with
// budget and spent, reports-in per unit), and three ledgers as .xlsx: units, needs,
// projects.
#include "audit/audit.h"
#include "cobuild/service.h"
#include "cobuild/store.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/xlsx.h"
#include "territory/service.h"

namespace wangge::cobuild {
namespace {

struct CobuildPeriod {
  std::string code, path, from_day, until_day;
  std::int64_t from = 0, until = 0;  // [from, until): midnight of `from`, midnight after `until`
};

CobuildPeriod cobuild_period(const Context& ctx, territory::Service& territory, const Calendar& cal) {
  const auto& req = ctx.req();
  CobuildPeriod p;
  p.path = territory.request_paths(ctx, "cobuild:stats:read", req.query_param("region")).front();
  auto trimmed = p.path.substr(0, p.path.size() - 1);
  p.code = trimmed.substr(trimmed.rfind('/') + 1);
  Day today = cal.day_of(storage::now_ms());
  Day from = dates::query_day(req, "from").value_or(day_from_ymd(year_of(today), 1, 1));
  Day until = dates::query_day(req, "until").value_or(day_from_ymd(year_of(today), 12, 31));
  if (until < from) throw Error("invalid_query", "until", "on or after from", "结束日期不能早于开始日期");
  p.from = cal.midnight(from);
  p.until = cal.midnight(until + 1);
  p.from_day = format_day(from);
  p.until_day = format_day(until);
  return p;
}

json::object stats_counts(const std::map<std::string, std::int64_t>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

std::int64_t stats_sum(const std::map<std::string, std::int64_t>& m) {
  std::int64_t n = 0;
  for (const auto& [k, v] : m) n += v;
  return n;
}

const char* const kPeriodDocs[] = {"a node within the scope (default: the caller's first)",
                                   "YYYY-MM-DD (default: 1 January)", "YYYY-MM-DD, inclusive (default: 31 December)"};

}  // namespace

void Service::register_stats_routes(http::Router& router) {
  using namespace schema;
  const std::vector<http::QueryParam> period = {
      {"region", kPeriodDocs[0]}, {"from", kPeriodDocs[1]}, {"until", kPeriodDocs[2]}};
  value counts = map_of(integer(0));
  router.add("GET", "/api/v1/cobuild-stats",
             {.summary = "Co-building of a node and period: units and alliance members, resources, needs and the match "
                         "rate, projects with budget and spent, reports-in per unit",
              .tag = "cobuild",
              .permission = "cobuild:stats:read",
              .query = period,
              .response = object(
                  {req("region_code", str()),
                   req("from", date()),
                   req("until", date()),
                   req("units", describe(integer(0), "active units serving a node in the subtree, now")),
                   req("alliance", describe(integer(0), "of them, members of the party-building alliance")),
                   req("units_left", describe(integer(0), "units that left in the period")),
                   req("units_by_kind", counts),
                   req("resources", describe(integer(0), "resources listed in the subtree, now")),
                   req("resources_available", integer(0)),
                   req("resources_by_kind", counts),
                   req("needs", describe(integer(0), "needs collected in the period")),
                   req("needs_by_status", counts),
                   req("needs_by_source", counts),
                   req("match_rate", describe(number(), "percent: needs matched or met ÷ needs collected")),
                   req("projects", describe(integer(0), "projects listed in the period")),
                   req("projects_by_status", counts),
                   req("budget_cents", integer(0)),
                   req("spent_cents", integer(0)),
                   req("budget", str()),
                   req("spent", str()),
                   req("report_ins",
                       describe(array(object({req("unit_id", id()), req("name", str()), req("summoned", integer(0)),
                                              req("reported", integer(0)), req("late", integer(0))})),
                                "per unit: whistles of the subtree's events in the period that summoned it"))}),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               auto p = cobuild_period(ctx, territory_, calendar_);
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto f = store::figures(tx, p.path, p.from, p.until, p.from_day, p.until_day);
                 std::int64_t needs = stats_sum(f.needs_by_status);
                 std::int64_t matched = f.needs_by_status["matched"] + f.needs_by_status["met"];
                 json::array report_ins;
                 if (report_ins_of_) {
                   auto by_unit = report_ins_of_(tx, p.path, p.from, p.until);
                   std::vector<std::int64_t> ids;
                   for (const auto& [id, r] : by_unit) ids.push_back(id);
                   auto unit_names = store::unit_names(tx, ids);
                   for (const auto& [id, r] : by_unit)
                     report_ins.push_back(json::object{{"unit_id", id},
                                                       {"name", unit_names[id]},
                                                       {"summoned", r.summoned},
                                                       {"reported", r.reported},
                                                       {"late", r.late}});
                 }
                 out = json::object{{"region_code", p.code},
                                    {"from", p.from_day},
                                    {"until", p.until_day},
                                    {"units", f.units},
                                    {"alliance", f.alliance},
                                    {"units_left", f.units_left},
                                    {"units_by_kind", stats_counts(f.units_by_kind)},
                                    {"resources", f.resources},
                                    {"resources_available", f.resources_available},
                                    {"resources_by_kind", stats_counts(f.resources_by_kind)},
                                    {"needs", needs},
                                    {"needs_by_status", stats_counts(f.needs_by_status)},
                                    {"needs_by_source", stats_counts(f.needs_by_source)},
                                    {"match_rate", percent(matched, needs)},
                                    {"projects", stats_sum(f.projects_by_status)},
                                    {"projects_by_status", stats_counts(f.projects_by_status)},
                                    {"budget_cents", f.budget_cents},
                                    {"spent_cents", f.spent_cents},
                                    {"budget", yuan(f.budget_cents)},
                                    {"spent", yuan(f.spent_cents)},
                                    {"report_ins", report_ins}};
               });
               return json::respond(200, out);
             });

  // The three ledgers: what each sheet holds, how its rows are read.
  struct Ledger {
    const char* name;  // /api/v1/exports/cobuild-<name>
    const char* summary;
  };
  for (const Ledger& l : {Ledger{"units",
                                 "The co-building units serving nodes of a subtree as .xlsx, with contacts "
                                 "(phones masked) and figures"},
                          Ledger{"needs", "The needs collected in a subtree and period as .xlsx, with their matches"},
                          Ledger{"projects",
                                 "The projects of a subtree and period as .xlsx, with budget, spent and "
                                 "progress"}}) {
    std::string name = l.name;
    router.add("GET", "/api/v1/exports/cobuild-" + name,
               {.summary = l.summary,
                .tag = "cobuild",
                .permission = "cobuild:stats:read",
                .query = period,
                .statuses = {200, 400, 403, 404, 422},
                .load = http::Load::bulk},
               [this, name](Context& ctx) {
                 auto p = cobuild_period(ctx, territory_, calendar_);
                 const bool zh = ctx.req().prefers_zh();
                 auto file = "cobuild-" + name + "-" + p.code + "-" + p.from_day + "-" + p.until_day + ".xlsx";
                 auto response = xlsx::attachment(export_dir_, file, [&](xlsx::Writer& w) {
                   db_.read([&](storage::Tx& tx) {
                     if (name == "units")
                       export_units(tx, w, p.path, p.from, p.until, zh);
                     else if (name == "needs")
                       export_needs(tx, w, p.path, p.from, p.until, zh);
                     else
                       export_projects(tx, w, p.path, p.from, p.until, zh);
                   });
                 });
                 db_.write([&](storage::Tx& tx) {
                   audit::append(tx, audit::entry(ctx, "cobuild:" + name + ":export", "region:" + p.code,
                                                  json::object{{"from", p.from_day}, {"until", p.until_day}}));
                 });
                 return response;
               });
  }
}

}  // namespace wangge::cobuild
