// The module's ledgers as .xlsx: the supplies of a node (with their flags) and the patrols
// and drills of a node and period (with their attendance and assembly minutes). Each export
// is audited.
#include "audit/audit.h"
#include "core/error.h"
#include "core/xlsx.h"
#include "emergency/http_common.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "territory/service.h"

namespace wangge::emergency {

void Service::register_export_routes(http::Router& router) {
  using namespace schema;
  router.add(
      "GET", "/api/v1/exports/emergency-supplies",
      {.summary = "The supplies of a node as .xlsx: stock, minimum, expiry and flags",
       .tag = "emergency",
       .permission = "emergency:plan:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"}},
       .statuses = {200, 400, 403, 404, 422},
       .load = http::Load::bulk},
      [this](Context& ctx) {
        auto p = web::period_of(ctx, territory_, calendar_, "emergency:plan:read");
        const bool zh = ctx.req().prefers_zh();
        auto col = [&](const char* z, const char* e, double w) { return xlsx::Column{zh ? z : e, w, false}; };
        auto [today, soon] = flag_days();
        territory::NameCache places(territory_);
        auto response =
            xlsx::attachment(export_dir_, "emergency-supplies-" + p.code + "-" + today + ".xlsx", [&](xlsx::Writer& w) {
              w.sheet(zh ? "物资储备" : "supplies",
                      {col("编号", "id", 8), col("区域", "node", 16), col("物资名称", "name", 20),
                       col("类别", "category", 12), col("数量", "quantity", 10), col("单位", "unit", 6),
                       col("最低储备", "minimum", 10), col("存放地点", "location", 20), col("保管人", "keeper", 10),
                       col("有效期至", "expires on", 12), col("状态", "flags", 20)});
              db_.read([&](storage::Tx& tx) {
                store::SupplyFilter f;
                f.reach = store::Reach{{p.path}, {}, std::nullopt};
                f.today = today;
                f.soon = soon;
                f.limit = 1000;
                for (;;) {
                  auto page = store::supplies(tx, f);
                  for (const auto& s : page) {
                    auto flags = flags_of(s, today, soon);
                    std::string note;
                    auto add = [&](bool on, const char* z, const char* e) {
                      if (on) note += (note.empty() ? "" : zh ? "、" : ", ") + std::string(zh ? z : e);
                    };
                    add(flags.expired, "已过期", "expired");
                    add(flags.expiring, "30 天内到期", "expiring");
                    add(flags.below_minimum, "低于最低储备", "below minimum");
                    w.row({s.id, places(s.region_code), s.name, zh ? std::string(name_zh(s.category)) : s.category,
                           s.quantity, s.unit, s.min_quantity, s.location, s.keeper_name,
                           s.expires_on ? xlsx::Cell(*s.expires_on) : xlsx::Cell(), note});
                  }
                  if (page.size() < 1000) break;
                  f.before_id = page.back().id;
                }
              });
            });
        db_.write([&](storage::Tx& tx) {
          audit::append(tx, audit::entry(ctx, "emergency:supplies:export", "region:" + p.code));
        });
        return response;
      });

  router.add("GET", "/api/v1/exports/emergency-activities",
             {.summary = "The patrols and drills of a node and period as .xlsx: teams, attendance, assembly minutes",
              .tag = "emergency",
              .permission = "emergency:plan:read",
              .query = {{"region", "a node within the scope (default: the caller's first)"},
                        {"from", "YYYY-MM-DD (default: 1 January)"},
                        {"to", "YYYY-MM-DD, inclusive (default: 31 December)"},
                        {"until", "the same as to"}},
              .statuses = {200, 400, 403, 404, 422},
              .load = http::Load::bulk},
             [this](Context& ctx) {
               auto p = web::period_of(ctx, territory_, calendar_, "emergency:plan:read");
               const bool zh = ctx.req().prefers_zh();
               auto col = [&](const char* z, const char* e, double w) { return xlsx::Column{zh ? z : e, w, false}; };
               territory::NameCache places(territory_);
               auto label = [&](const std::string& v) { return zh ? std::string(name_zh(v)) : v; };
               auto response = xlsx::attachment(
                   export_dir_, "emergency-activities-" + p.code + "-" + p.from_day + "-" + p.to_day + ".xlsx",
                   [&](xlsx::Writer& w) {
                     w.sheet(zh ? "巡查演练台账" : "patrols and drills",
                             {col("编号", "id", 8), col("类型", "kind", 12), col("标题", "title", 28),
                              col("区域", "node", 16), col("调集队伍", "teams", 24), col("地点", "place", 18),
                              col("开始", "starts", 18), col("结束", "ends", 18), col("状态", "status", 8),
                              col("应到", "expected", 8), col("实到", "attended", 8),
                              col("到位率%", "attendance %", 10), col("集结用时(分)", "assembly min", 12),
                              col("总结", "summary", 36), col("发现问题", "findings", 36)});
                     db_.read([&](storage::Tx& tx) {
                       store::ActivityFilter f;
                       f.reach = store::Reach{{p.path}, {}, std::nullopt};
                       f.starts_from = p.from;
                       f.starts_to = p.to;
                       f.limit = 1000;
                       std::map<std::int64_t, std::string> team_names;
                       for (;;) {
                         auto page = store::activities(tx, f);
                         for (const auto& a : page) {
                           std::string teams;
                           for (auto id : a.team_ids) {
                             if (!team_names.count(id))
                               if (auto t = store::team(tx, id)) team_names[id] = t->name;
                             teams += (teams.empty() ? "" : "、") + team_names[id];
                           }
                           auto num = [](const std::optional<std::int64_t>& v) {
                             return v ? xlsx::Cell(*v) : xlsx::Cell();
                           };
                           // The attendance rate, a number or an empty cell (written as one or the other:
                           // GCC 12 warns of a variant copied out of a conditional).
                           std::optional<double> rate;
                           if (a.expected && a.attended) rate = percent(*a.attended, *a.expected);
                           w.row({a.id, label(a.kind), a.title, places(a.region_code), teams, a.place,
                                  calendar_.format_time(a.starts_at), calendar_.format_time(a.ends_at), label(a.status),
                                  num(a.expected), num(a.attended), rate ? xlsx::Cell(*rate) : xlsx::Cell(),
                                  num(a.assembly_minutes), a.summary, a.findings});
                         }
                         if (page.size() < 1000) break;
                         f.before_id = page.back().id;
                       }
                     });
                   });
               db_.write([&](storage::Tx& tx) {
                 audit::append(tx, audit::entry(ctx, "emergency:activities:export", "region:" + p.code,
                                                json::object{{"from", p.from_day}, {"to", p.to_day}}));
               });
               return response;
             });
}

}  // namespace wangge::emergency
