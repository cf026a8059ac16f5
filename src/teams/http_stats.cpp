// Routes of the figures (docs/TEAMS.md defines each): care coverage per carer for a month
// (paged, with the node's totals, read from the rollup and the due-day counters), and the
// team figures of a node: the roster by post and per grid (三长三员一民警), grids without a
// chief or without anyone on duty, calls and their response times, this month's coverage.
#include <algorithm>

#include "core/dates.h"
#include "core/error.h"
#include "core/paging.h"
#include "teams/figures.h"
#include "teams/service.h"
#include "teams/store.h"
#include "territory/service.h"

namespace wangge::teams {
namespace {

std::string stats_code_of(const std::string& path) {
  auto trimmed = path.substr(0, path.size() - 1);
  return trimmed.substr(trimmed.rfind('/') + 1);
}

json::object counts_of(const std::map<std::string, std::int64_t>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

json::value maybe_ms(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

// A month "YYYY-MM" from the query (default: this month), within the served years.
std::string query_month(const http::Request& req, const std::string& dflt) {
  auto m = req.query_param("month");
  if (!m) return dflt;
  bool ok = m->size() == 7 && (*m)[4] == '-' &&
            std::all_of(m->begin(), m->end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
  int year = ok ? std::stoi(m->substr(0, 4)) : 0, month = ok ? std::stoi(m->substr(5, 2)) : 0;
  if (!ok || year < dates::kFirstYear || year > dates::kLastYear || month < 1 || month > 12)
    throw Error("invalid_query", "month", "a month YYYY-MM (2000-2099)", "应为月份 YYYY-MM（2000-2099 年）");
  return *m;
}

json::object coverage_totals_json(const store::CareTotals& t) {
  return json::object{{"households_in_care", t.in_care},
                      {"households_visited", t.households},
                      {"visits", t.visits},
                      {"persons", t.persons},
                      {"coverage", percent(t.households, t.in_care)},
                      {"overdue", t.overdue}};
}

json::object carer_json(const store::CarerRow& r) {
  return json::object{{"member_id", r.member_id},
                      {"name", r.name},
                      {"post", r.post},
                      {"region_code", r.region_code},
                      {"households_in_care", r.in_care},
                      {"households_visited", r.households},
                      {"visits", r.visits},
                      {"persons", r.persons},
                      {"coverage", percent(r.households, r.in_care)},
                      {"overdue", r.overdue}};
}

schema::value coverage_totals_schema() {
  using namespace schema;
  return object({req("households_in_care", describe(integer(0), "households in care now")),
                 req("households_visited", describe(integer(0), "visited in the month, each once per carer")),
                 req("visits", describe(integer(0), "户次")), req("persons", describe(integer(0), "人次")),
                 req("coverage", describe(number(), "percent: households visited ÷ households in care")),
                 req("overdue", describe(integer(0), "in care and due before today"))});
}

void Service::register_stats_routes(http::Router& router) {
  using namespace schema;
  value row =
      object({req("member_id", id()), req("name", str()), req("post", enumeration(kPosts)), req("region_code", str()),
              req("households_in_care", integer(0)), req("households_visited", integer(0)), req("visits", integer(0)),
              req("persons", integer(0)), req("coverage", number()), req("overdue", integer(0))});
  router.add(
      "GET", "/api/v1/care/coverage",
      {.summary = "Care coverage of a month per carer (包户走访覆盖率), with the node's totals",
       .tag = "teams",
       .permission = "teams:care:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"},
                 {"month", "YYYY-MM (default: this month)"},
                 {"cursor", "next_cursor of the previous page (also: after)"},
                 {"limit", "1-200, default 50"}},
       .response = object({req("region_code", str()), req("month", str(7, 7)), req("totals", coverage_totals_schema()),
                           req("items", array(row)), req("next_cursor", nullable(str()))}),
       .statuses = {200, 400, 403, 404}},
      [this](Context& ctx) {
        const auto& req = ctx.req();
        std::string path = territory_.request_paths(ctx, "teams:care:read", req.query_param("region")).front();
        std::string month = query_month(req, this_month());
        std::optional<std::int64_t> after = paging::id_cursor(req);
        if (!after) after = json::query_int(req, "after", 1, INT64_MAX);
        int limit = paging::limit(req, 200, 50);
        const std::int64_t start = today_start();
        json::object out;
        db_.read([&](storage::Tx& tx) {
          auto rows = store::carers(tx, path, month, after, limit + 1, start);
          auto totals = store::care_totals(tx, path, month, calendar_.day_of(start), start);
          auto page = paging::page(rows, limit, carer_json,
                                   [](const store::CarerRow& r) { return std::to_string(r.member_id); });
          out = json::object{{"region_code", stats_code_of(path)},
                             {"month", month},
                             {"totals", coverage_totals_json(totals)},
                             {"items", page["items"]},
                             {"next_cursor", page["next_cursor"]}};
        });
        return json::respond(200, out);
      });

  value grid = object({req("grid_code", str()), req("grid_name", str()), req("entries", integer(0)),
                       req("on_duty", integer(0)), req("has_chief", boolean()),
                       req("model_complete", describe(boolean(), "every role of 三长三员一民警 held")),
                       req("by_post", map_of(integer(0)))});
  router.add(
      "GET", "/api/v1/team-stats",
      {.summary = "Team figures of a node: the roster by post and per grid (三长三员一民警), grids without a chief or "
                  "anyone on duty, calls and response times, this month's care coverage",
       .tag = "teams",
       .permission = "teams:stats:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"},
                 {"from", "calls made from YYYY-MM-DD (default: the 1st of this month)"},
                 {"to", "to YYYY-MM-DD, inclusive (default: today)"}},
       .response =
           object({req("region_code", str()), req("from", date()), req("to", date()),
                   req("roster", object({req("entries", integer(0)), req("by_post", map_of(integer(0)))})),
                   req("grids",
                       object({req("grids", integer(0)), req("with_team", integer(0)), req("without_chief", integer(0)),
                               req("without_on_duty", integer(0)), req("model_complete", integer(0)),
                               req("without_chief_codes", array(str())), req("without_on_duty_codes", array(str()))})),
                   req("by_grid", array(grid)), req("by_grid_truncated", boolean()),
                   req("calls", object({req("calls", integer(0)), req("answered", integer(0)), req("open", integer(0)),
                                        req("late", describe(integer(0), "not answered within 10 minutes")),
                                        req("median_response_ms", nullable(integer(0))),
                                        req("p90_response_ms", nullable(integer(0)))})),
                   req("care", all_of({object({req("month", str(7, 7))}), coverage_totals_schema()}))}),
       .statuses = {200, 400, 403, 404}},
      [this](Context& ctx) {
        const auto& req = ctx.req();
        std::string path = territory_.request_paths(ctx, "teams:stats:read", req.query_param("region")).front();
        std::string code = stats_code_of(path);
        const std::int64_t now = storage::now_ms();
        Day today = calendar_.day_of(now);
        std::string this_m = format_day(today).substr(0, 7);
        Day from = dates::query_day(req, "from").value_or(parse_day(this_m + "-01"));
        Day to = dates::query_day(req, "to").value_or(today);
        if (to < from) throw Error("invalid_query", "to", "on or after from", "结束日期不能早于开始日期");
        // The grids under the node (or the node itself).
        std::vector<territory::Region> grids;
        if (auto region = territory_.find(code, false); region && region->level == "grid")
          grids.push_back(*region);
        else if (path != "/")
          grids = territory_.grids_under(code);
        json::object out;
        db_.read([&](storage::Tx& tx) {
          auto posts = store::posts_under(tx, path);
          std::int64_t entries = 0;
          for (const auto& [k, v] : posts) entries += v;
          auto teams = store::grid_teams(tx, path);
          std::int64_t with_team = 0, without_chief = 0, without_duty = 0, complete = 0;
          json::array no_chief, no_duty, by_grid;
          for (const auto& g : grids) {
            auto it = teams.find(g.code);
            store::GridTeam t = it == teams.end() ? store::GridTeam{} : it->second;
            std::vector<std::string> held;
            for (const auto& [post, n] : t.by_post) held.push_back(post);
            bool chief = t.by_post.count("grid_chief") > 0, full = model_complete(held);
            with_team += t.entries > 0;
            complete += full;
            if (!chief && ++without_chief <= 100) no_chief.push_back(json::value(g.code));
            if (t.on_duty == 0 && ++without_duty <= 100) no_duty.push_back(json::value(g.code));
            if (by_grid.size() < 200)
              by_grid.push_back(json::object{{"grid_code", g.code},
                                             {"grid_name", g.name},
                                             {"entries", t.entries},
                                             {"on_duty", t.on_duty},
                                             {"has_chief", chief},
                                             {"model_complete", full},
                                             {"by_post", counts_of(t.by_post)}});
          }
          auto calls = store::call_figures(tx, path, calendar_.midnight(from), calendar_.midnight(to + 1), now);
          const std::int64_t start = today_start();
          auto care = coverage_totals_json(store::care_totals(tx, path, this_m, today, start));
          care["month"] = this_m;
          out = json::object{{"region_code", code},
                             {"from", format_day(from)},
                             {"to", format_day(to)},
                             {"roster", json::object{{"entries", entries}, {"by_post", counts_of(posts)}}},
                             {"grids", json::object{{"grids", static_cast<std::int64_t>(grids.size())},
                                                    {"with_team", with_team},
                                                    {"without_chief", without_chief},
                                                    {"without_on_duty", without_duty},
                                                    {"model_complete", complete},
                                                    {"without_chief_codes", no_chief},
                                                    {"without_on_duty_codes", no_duty}}},
                             {"by_grid", by_grid},
                             {"by_grid_truncated", grids.size() > by_grid.size()},
                             {"calls", json::object{{"calls", calls.calls},
                                                    {"answered", calls.answered},
                                                    {"open", calls.open},
                                                    {"late", calls.late},
                                                    {"median_response_ms", maybe_ms(calls.median_ms)},
                                                    {"p90_response_ms", maybe_ms(calls.p90_ms)}}},
                             {"care", care}};
        });
        return json::respond(200, out);
      });
}

}  // namespace wangge::teams
