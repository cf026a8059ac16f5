// Figures of a node and period (points earned by deed, redeemed, refunded, corrected;
// holders; the period's top earners) and the node's points ledger as .xlsx (by deed, the
// holders' balances, the redemptions), from the day totals and the holders' balances.
#include <algorithm>

#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/xlsx.h"
#include "points/service.h"
#include "points/store.h"
#include "territory/service.h"

namespace wangge::points {
namespace {

struct PointsPeriod {
  std::string code, path, from_day, to_day;
};

PointsPeriod points_period(const Context& ctx, territory::Service& territory, std::string_view permission) {
  const auto& req = ctx.req();
  auto paths = territory.request_paths(ctx, permission, req.query_param("region"));
  PointsPeriod p;
  p.path = paths.front();
  auto trimmed = p.path.substr(0, p.path.size() - 1);
  p.code = trimmed.substr(trimmed.rfind('/') + 1);
  std::string today = day_of(storage::now_ms());
  auto from = dates::query_day(req, "from");
  auto to = dates::query_day(req, "to");
  p.from_day = from ? format_day(*from) : today.substr(0, 4) + "-01-01";
  p.to_day = to ? format_day(*to) : today;
  if (p.to_day < p.from_day) throw Error("invalid_query", "to", "on or after from", "结束日期不能早于开始日期");
  return p;
}

json::object points_figures(storage::Tx& tx, const PointsPeriod& p) {
  json::array by_deed;
  std::int64_t earned = 0, redeemed = 0, refunded = 0, corrected = 0, redemptions = 0;
  for (const auto& [kind, sums] : store::day_totals(tx, p.code, p.from_day, p.to_day)) {
    if (kind == "redemption") {
      redeemed = -sums.first;
      redemptions = sums.second;
    } else if (kind == "refund") {
      refunded = sums.first;
    } else if (kind == "correction") {
      corrected = sums.first;
    } else if (kind != "expiry") {
      earned += sums.first;
      by_deed.push_back(json::object{{"deed", kind}, {"points", sums.first}, {"entries", sums.second}});
    }
  }
  return json::object{{"region_code", p.code}, {"from", p.from_day},
                      {"to", p.to_day},        {"holders", store::count_holders(tx, p.path)},
                      {"earned", earned},      {"by_deed", std::move(by_deed)},
                      {"redeemed", redeemed},  {"redemptions", redemptions},
                      {"refunded", refunded},  {"corrected", corrected}};
}

}  // namespace

void Service::register_stats_routes(http::Router& router) {
  router.add(
      "GET", "/api/v1/point-stats",
      {.summary = "Points of a node and period: earned by deed (where the deeds were done), redeemed, refunded, "
                  "corrected, and the holders there",
       .tag = "points",
       .permission = "points:stats:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"},
                 {"from", "YYYY-MM-DD (default: 1 January)"},
                 {"to", "YYYY-MM-DD, inclusive (default: today)"}},
       .response = schema::object(
           {schema::req("region_code", schema::str()), schema::req("from", schema::date()),
            schema::req("to", schema::date()), schema::req("holders", schema::integer(0)),
            schema::req("earned", schema::integer()),
            schema::req("by_deed", schema::array(schema::object({schema::req("deed", schema::enumeration(kDeeds)),
                                                                 schema::req("points", schema::integer()),
                                                                 schema::req("entries", schema::integer(0))}))),
            schema::req("redeemed", schema::integer()), schema::req("redemptions", schema::integer(0)),
            schema::req("refunded", schema::integer()), schema::req("corrected", schema::integer())}),
       .statuses = {200, 400, 403, 404}},
      [this](Context& ctx) {
        auto p = points_period(ctx, territory_, "points:stats:read");
        json::object out;
        db_.read([&](storage::Tx& tx) { out = points_figures(tx, p); });
        return json::respond(200, out);
      });

  router.add(
      "GET", "/api/v1/exports/points",
      {.summary = "A node's points ledger as .xlsx: points by deed in the period, every holder's balance, the "
                  "redemptions at its shops",
       .tag = "points",
       .permission = "points:stats:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"},
                 {"from", "YYYY-MM-DD (default: 1 January)"},
                 {"to", "YYYY-MM-DD, inclusive (default: today)"}},
       .statuses = {200, 400, 403, 404, 422},
       .load = http::Load::bulk},
      [this](Context& ctx) {
        auto p = points_period(ctx, territory_, "points:stats:read");
        const bool zh = ctx.req().prefers_zh();
        auto col = [&](const char* z, const char* e, double w) { return xlsx::Column{zh ? z : e, w, false}; };
        auto response = xlsx::attachment(
            export_dir_, "points-" + p.code + "-" + p.from_day + "-" + p.to_day + ".xlsx", [&](xlsx::Writer& w) {
              db_.read([&](storage::Tx& tx) {
                auto figures = points_figures(tx, p);
                w.sheet(zh ? "按事项" : "by deed",
                        {col("事项", "deed", 20), col("积分", "points", 12), col("笔数", "entries", 10)});
                for (const auto& d : figures.at("by_deed").as_array()) {
                  const auto& o = d.as_object();
                  w.row({std::string(o.at("deed").as_string()), o.at("points").as_int64(), o.at("entries").as_int64()});
                }
                w.row({std::string(zh ? "兑换" : "redeemed"), figures.at("redeemed").as_int64(),
                       figures.at("redemptions").as_int64()});
                w.sheet(zh ? "积分台账" : "holders",
                        {col("编号", "id", 8), col("类型", "kind", 10), col("姓名", "name", 16),
                         col("区域", "region", 16), col("对象", "earner type", 12), col("余额", "balance", 10),
                         col("累计获得", "earned", 10), col("累计兑换", "spent", 10)});
                std::optional<std::int64_t> before;
                for (;;) {
                  auto page = store::holders_in(tx, {p.path}, std::nullopt, before, 1000);
                  for (const auto& [h, b] : page)
                    w.row({h.id, h.kind, h.name, h.region_code, h.earner_type, b.balance, b.earned, b.spent});
                  if (page.size() < 1000) break;
                  before = page.back().first.id;
                }
                w.sheet(zh ? "兑换记录" : "redemptions",
                        {col("编号", "id", 8), col("礼品", "reward", 20), col("兑换人", "holder", 16),
                         col("积分", "points", 8), col("状态", "status", 10), col("时间", "at", 20)});
                store::RedemptionFilter f;
                f.within = {p.path};
                f.limit = 1000;
                for (;;) {
                  auto page = store::redemptions(tx, f);
                  for (const auto& d : page)
                    w.row(
                        {d.id, d.reward_name, d.holder_name, d.points, d.status, calendar_.format_time(d.created_at)});
                  if (page.size() < 1000) break;
                  f.before_id = page.back().id;
                }
              });
            });
        db_.write([&](storage::Tx& tx) {
          audit::append(tx, audit::entry(ctx, "points:ledger:export", "region:" + p.code,
                                         json::object{{"from", p.from_day}, {"to", p.to_day}}));
        });
        return response;
      });
}

}  // namespace wangge::points
