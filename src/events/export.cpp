// The event ledger as .xlsx: the queue's filters (status, category, department, region,
// period, flags, text) within the caller's scope, newest first; the reporter's contact stays masked.
// Every figure of the cockpit and the statistics opens a filtered list, and every such
// list exports here. Each export is audited.
#include <algorithm>

#include "audit/audit.h"
#include "core/dates.h"
#include "core/xlsx.h"
#include "events/http_routes.h"
#include "events/service.h"
#include "territory/service.h"

namespace wangge::events {

namespace {

std::string export_state_name(const std::string& state, bool zh) {
  for (const auto& s : states()) {
    if (s.state == state) return std::string(zh ? s.name_zh : s.name_en);
  }
  return state;
}

std::string export_time(const Calendar& cal, std::optional<std::int64_t> ms) {
  if (!ms) return "";
  return cal.format_time(*ms);
}

}  // namespace

void register_export_routes(Service& svc, http::Router& router) {
  router.add(
      "GET", "/api/v1/exports/events",
      {.summary = "The event ledger as .xlsx, with the queue's filters (the reporter's contact masked)",
       .tag = "events",
       .permission = "events:event:read",
       .query = {{"status", "comma-separated states"},
                 {"category", "a category code (a top-level code includes its subcategories)"},
                 {"source", "a source"},
                 {"region", "only under this region code"},
                 {"sla", "ok | yellow | red | none"},
                 {"overdue", "true | false"},
                 {"supervised", "true | false"},
                 {"department", "comma-separated department ids: only events assigned to one of them"},
                 {"from", "created at or after (date or RFC 3339)"},
                 {"to", "created before"},
                 {"q", "text in the description or address"}},
       .statuses = {200, 400, 403, 404, 422},
       .load = http::Load::bulk},
      [&svc](Context& ctx) {
        const auto& req = ctx.req();
        bool zh = req.prefers_zh();
        const Calendar& cal = svc.calendar();
        if (auto r = req.query_param("region")) {
          // The region must be one the caller may read (404 unknown, 403 elsewhere).
          ctx.require("events:event:read", svc.territory().get(*r, false).path);
        }
        store::ListFilter f;
        svc.db().read([&](storage::Tx& tx) { f = queue_filter(svc, tx, ctx); });
        f.before_id.reset();
        f.limit = 1000;
        auto deps = svc.department_names();
        std::map<std::string, std::pair<std::string, std::string>> cat_names;
        for (const auto& c : *svc.category_list()) cat_names[c.code] = {c.name_zh, c.name_en};
        territory::NameCache grid_names(svc.territory());
        std::string where = req.query_param("region").value_or("scope");
        std::string day = format_day(cal.day_of(storage::now_ms()));
        day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
        std::int64_t rows = 0;
        auto response =
            xlsx::attachment(svc.export_dir(), "events-" + where + "-" + day + ".xlsx", [&](xlsx::Writer& w) {
              std::vector<xlsx::Column> cols;
              for (auto [h_zh, h_en, width] :
                   std::initializer_list<std::tuple<const char*, const char*, double>>{{"编号", "id", 9},
                                                                                       {"查询码", "tracking_code", 14},
                                                                                       {"上报时间", "reported_at", 17},
                                                                                       {"来源", "source", 8},
                                                                                       {"大类", "category", 10},
                                                                                       {"小类", "subcategory", 12},
                                                                                       {"网格", "grid", 14},
                                                                                       {"地址", "address", 24},
                                                                                       {"描述", "description", 40},
                                                                                       {"状态", "status", 9},
                                                                                       {"处置层级", "level", 8},
                                                                                       {"处置部门", "department", 16},
                                                                                       {"办结时间", "closed_at", 17},
                                                                                       {"按时办结", "on_time", 8},
                                                                                       {"解决层级", "solved_level", 8},
                                                                                       {"满意度", "rating", 10},
                                                                                       {"返工次数", "rework", 8},
                                                                                       {"上报人", "reporter", 10},
                                                                                       {"联系电话", "contact", 13}}) {
                cols.push_back({zh ? h_zh : h_en, width});
              }
              w.sheet(zh ? "事件台账" : "events", cols);
              svc.db().read([&](storage::Tx& tx) {
                for (;;) {
                  auto page = store::list(tx, f);
                  for (const auto& e : page) {
                    auto sub = cat_names[e.category_code];
                    auto top = cat_names[e.category_code.substr(0, 2)];
                    std::string yes = zh ? "是" : "yes", no = zh ? "否" : "no";
                    w.row({e.id, e.tracking_code, export_time(cal, e.created_at), e.source, zh ? top.first : top.second,
                           zh ? sub.first : sub.second, e.grid_code ? grid_names(*e.grid_code) : std::string(),
                           e.address, e.description, export_state_name(e.status, zh), e.level,
                           e.department_id ? deps[*e.department_id] : std::string(), export_time(cal, e.closed_at),
                           e.on_time ? (*e.on_time ? yes : no) : std::string(), e.solved_level.value_or(""),
                           e.rating.value_or(""), e.rework_count, e.reporter_name, e.contact_masked});
                  }
                  if (static_cast<int>(page.size()) < f.limit) break;
                  f.before_id = page.back().id;
                }
              });
              rows = w.rows();
            });
        svc.db().write([&](storage::Tx& tx) {
          audit::append(tx, audit::entry(ctx, "events:event:export", "events", {{"node", where}, {"rows", rows}}));
        });
        return response;
      });
}

}  // namespace wangge::events
