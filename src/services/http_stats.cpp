// The service desk's figures per territory node and period, and its ledgers as .xlsx.
// Definitions (docs/SERVICES.md "Figures"): 可办事项覆盖率 = items a community can handle
// now ÷ items approved on its list (seed 002: "可办事项覆盖率99.7%"); 满意率 = ratings of
// 基本满意 and above (3-5 of the five levels of 政务服务"好差评", 国办发〔2019〕51号) ÷
// rated; on time = closed by the due time ÷ closed; 帮代办 = cases handled on someone's
// behalf. Every figure counts the records created in the period, under the node.
#include <algorithm>

#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "services/service.h"
#include "services/store.h"
#include "territory/service.h"

namespace wangge::services {
namespace {

json::object counts(const std::vector<std::pair<std::string, std::int64_t>>& rows, std::int64_t* total = nullptr) {
  json::object out;
  for (const auto& [k, n] : rows) {
    out[k] = n;
    if (total) *total += n;
  }
  return out;
}

json::value rate(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? json::value(nullptr) : json::value(static_cast<double>(part) / static_cast<double>(whole));
}

std::int64_t count_of(const std::vector<std::pair<std::string, std::int64_t>>& rows, std::string_view key) {
  for (const auto& [k, n] : rows)
    if (k == key) return n;
  return 0;
}

}  // namespace

store::StatsScope Service::stats_scope(const Context& ctx, std::string& region_code, std::string& from_day,
                                       std::string& to_day) const {
  const auto& req = ctx.req();
  auto node = req.query_param("region");
  auto paths = territory_.request_paths(ctx, "services:stats:read", node);
  if (paths.size() != 1) throw_validation("region", "the node to count under", "请选择统计区域");
  store::StatsScope s;
  s.path = paths.front();
  region_code = s.path.substr(0, s.path.size() - 1);
  region_code = region_code.substr(region_code.rfind('/') + 1);
  Day today = calendar_.day_of(storage::now_ms());
  Day from = dates::query_day(req, "from").value_or(today - 29);
  Day to = dates::query_day(req, "to").value_or(today);  // inclusive
  if (to < from) throw_validation("to", "on or after from", "结束日期不能早于开始日期");
  if (to - from > 3660) throw_validation("from", "at most ten years", "统计区间最长十年");
  s.from = calendar_.midnight(from);
  s.to = calendar_.midnight(to + 1);
  from_day = format_day(from);
  to_day = format_day(to);
  return s;
}

json::object Service::stats(storage::Tx& tx, const store::StatsScope& s) {
  json::object out;
  // The catalogue of the towns the node lies in or holds.
  store::StatsScope towns = s;
  if (auto town = town_path_of(s.path); !town.empty()) towns.path = town;
  {
    std::int64_t total = 0;
    const std::string active = " AND active = 1";
    json::object items{
        {"by_level", counts(store::grouped(tx, "service_items", "level", "region_path", towns, false, active), &total)},
        {"by_kind", counts(store::grouped(tx, "service_items", "kind", "region_path", towns, false, active))}};
    items["total"] = total;
    for (auto flag : {"on_behalf", "door_to_door", "off_hours", "orderable"})
      items[flag] = count_of(store::grouped(tx, "service_items", flag, "region_path", towns, false, active), "1");
    out["items"] = std::move(items);
  }
  {
    std::int64_t approved = 0, ready = 0;
    json::array rows;
    territory::NameCache places(territory_);
    for (const auto& c : store::coverage(tx, s.path)) {
      approved += c.approved;
      ready += c.ready;
      rows.push_back(json::object{{"community_code", c.community_code},
                                  {"community_name", places(c.community_code)},
                                  {"approved", c.approved},
                                  {"ready", c.ready},
                                  {"coverage", rate(c.ready, c.approved)}});
    }
    out["admissions"] = json::object{
        {"approved", approved}, {"ready", ready}, {"coverage", rate(ready, approved)}, {"by_community", rows}};
  }
  {
    std::int64_t total = 0;
    auto by_status = store::grouped(tx, "service_cases", "status", "region_path", s, true);
    auto by_mode = store::grouped(tx, "service_cases", "mode", "region_path", s, true);
    auto on_time = store::grouped(tx, "service_cases", "CASE WHEN closed_at <= due_at THEN 'on_time' ELSE 'late' END",
                                  "region_path", s, true, " AND status IN ('done', 'solved')");
    auto rated = store::grouped(tx, "service_cases", "CASE WHEN rating >= 3 THEN 'satisfied' ELSE 'not' END",
                                "region_path", s, true, " AND rating IS NOT NULL");
    const std::int64_t closed = count_of(on_time, "on_time") + count_of(on_time, "late");
    const std::int64_t n_rated = count_of(rated, "satisfied") + count_of(rated, "not");
    json::array by_item;
    for (const auto& r : store::ratings(tx,
                                        "(SELECT c.item_id, i.name AS item_name, c.rating, c.region_path, c.created_at "
                                        "FROM service_cases c JOIN service_items i ON i.id = c.item_id) x",
                                        "item_id", "item_name", "region_path", s))
      by_item.push_back(json::object{{"item_id", r.key},
                                     {"name", r.name},
                                     {"cases", r.rows},
                                     {"rated", r.rated},
                                     {"satisfied", r.satisfied},
                                     {"satisfaction", rate(r.satisfied, r.rated)}});
    json::object cases{{"by_status", counts(by_status, &total)},
                       {"by_mode", counts(by_mode)},
                       {"by_desk", counts(store::grouped(tx, "service_cases", "desk", "region_path", s, true))},
                       {"on_behalf", count_of(by_mode, "on_behalf")},
                       {"closed", closed},
                       {"on_time", count_of(on_time, "on_time")},
                       {"on_time_rate", rate(count_of(on_time, "on_time"), closed)},
                       {"rated", n_rated},
                       {"satisfied", count_of(rated, "satisfied")},
                       {"satisfaction", rate(count_of(rated, "satisfied"), n_rated)},
                       {"by_item", std::move(by_item)}};
    cases["total"] = total;
    out["cases"] = std::move(cases);
  }
  {
    std::int64_t total = 0;
    auto by_status = store::grouped(tx, "service_orders", "status", "region_path", s, true);
    auto rated = store::grouped(tx, "service_orders", "CASE WHEN rating >= 3 THEN 'satisfied' ELSE 'not' END",
                                "region_path", s, true, " AND rating IS NOT NULL");
    const std::int64_t n_rated = count_of(rated, "satisfied") + count_of(rated, "not");
    auto takers = store::ratings(tx, "service_orders", "taker_id", "NULL", "region_path", s);
    std::vector<std::int64_t> ids;
    for (const auto& r : takers) ids.push_back(r.key);
    auto people = names(tx, ids);
    json::array by_taker;
    for (const auto& r : takers)
      by_taker.push_back(json::object{{"taker_id", r.key},
                                      {"name", people[r.key]},
                                      {"orders", r.rows},
                                      {"rated", r.rated},
                                      {"satisfied", r.satisfied}});
    auto minutes = [](std::optional<std::int64_t> ms) {
      return ms ? json::value(static_cast<double>(*ms) / 60000.0) : json::value(nullptr);
    };
    json::object orders{
        {"by_status", counts(by_status, &total)},
        {"by_requester", counts(store::grouped(tx, "service_orders", "requester_kind", "region_path", s, true))},
        {"by_taker", std::move(by_taker)},
        {"median_take_minutes", minutes(store::median(tx, "service_orders", "taken_at - created_at", "region_path", s,
                                                      " AND taken_at IS NOT NULL"))},
        {"median_finish_minutes", minutes(store::median(tx, "service_orders", "done_at - created_at", "region_path", s,
                                                        " AND done_at IS NOT NULL"))},
        {"rated", n_rated},
        {"satisfied", count_of(rated, "satisfied")},
        {"satisfaction", rate(count_of(rated, "satisfied"), n_rated)}};
    orders["total"] = total;
    out["orders"] = std::move(orders);
  }
  {
    std::int64_t total = 0;
    auto by_status = store::grouped(tx, "service_wishes", "status", "region_path", s, true);
    json::object wishes{
        {"by_status", counts(by_status, &total)},
        {"by_channel", counts(store::grouped(tx, "service_wishes", "channel", "region_path", s, true))}};
    wishes["collected"] = total;
    wishes["claimed"] = count_of(
        store::grouped(tx, "service_wishes", "CASE WHEN claims > 0 THEN 'y' ELSE 'n' END", "region_path", s, true),
        "y");
    wishes["fulfilled"] = count_of(by_status, "fulfilled") + count_of(by_status, "confirmed");
    wishes["confirmed"] = count_of(by_status, "confirmed");
    out["wishes"] = std::move(wishes);
  }
  return out;
}

void Service::register_stats_routes(http::Router& router) {
  router.add(
      "GET", "/api/v1/service-stats",
      {.summary = "The service desk's figures under a node for a period (items, coverage, cases, orders, wishes)",
       .tag = "services",
       .permission = "services:stats:read",
       .query = {{"region", "the node (default: the caller's scope when it is one node)"},
                 {"from", "YYYY-MM-DD (default: 29 days before to)"},
                 {"to", "YYYY-MM-DD, inclusive (default: today)"}},
       .response = schema::ref("ServiceStats"),
       .statuses = {200, 403, 404, 422}},
      [this](Context& ctx) {
        std::string code, from, to;
        auto s = stats_scope(ctx, code, from, to);
        json::object out;
        db_.read([&](storage::Tx& tx) { out = stats(tx, s); });
        out["region_code"] = code;
        out["region_name"] = territory_.find(code, false) ? territory_.find(code, false)->name : std::string();
        out["from"] = from;
        out["to"] = to;
        return json::respond(200, out);
      });
  register_export_routes(router);
}

}  // namespace wangge::services
