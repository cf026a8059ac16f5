// The dispute ledger as .xlsx, with the list's filters, within the caller's scope (or one
// node of it), newest first; parties' phones stay masked. Each export is audited.
#include <algorithm>

#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/xlsx.h"
#include "disputes/service.h"
#include "disputes/store.h"
#include "territory/service.h"

namespace wangge::disputes {

void Service::register_export_routes(http::Router& router) {
  router.add(
      "GET", "/api/v1/exports/disputes",
      {.summary = "The dispute ledger as .xlsx (parties' phones masked)",
       .tag = "disputes",
       .permission = "disputes:dispute:read",
       .query = {{"node", "under this region code (default: the caller's scope)"},
                 {"status", "open, mediating, settled, failed, referred, or active"},
                 {"type", "dispute type"},
                 {"risk", "low, medium or high"},
                 {"from", "found on or after (YYYY-MM-DD)"},
                 {"to", "found before"}},
       .statuses = {200, 403, 404, 422},
       .load = http::Load::bulk},
      [this](Context& ctx) {
        constexpr const char* kPermission = "disputes:dispute:read";
        const auto& req = ctx.req();
        bool zh = req.prefers_zh();
        store::Filter f;
        auto node = req.query_param("node");
        f.scope_paths = territory_.request_paths(ctx, kPermission, node);
        std::string where = node && !node->empty() ? *node : "scope";
        f.status = req.query_param("status");
        f.type = req.query_param("type");
        f.risk = req.query_param("risk");
        if (auto d = dates::query_day(req, "from")) f.found_from = format_day(*d);
        if (auto d = dates::query_day(req, "to")) f.found_to = format_day(*d);
        f.limit = 1000;
        territory::NameCache region_name(territory_);
        auto l = [zh](std::string_view code) { return std::string(label(code, zh)); };
        std::int64_t rows = 0;
        std::string day = today();
        day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
        auto response = xlsx::attachment(export_dir_, "disputes-" + where + "-" + day + ".xlsx", [&](xlsx::Writer& w) {
          std::vector<xlsx::Column> cols;
          for (auto [h_zh, h_en, width] :
               std::initializer_list<std::tuple<const char*, const char*, double>>{{"编号", "dispute_id", 8},
                                                                                   {"网格编码", "region_code", 17},
                                                                                   {"网格", "region", 14},
                                                                                   {"类型", "type", 12},
                                                                                   {"标题", "title", 24},
                                                                                   {"地点", "place", 20},
                                                                                   {"风险", "risk", 6},
                                                                                   {"来源", "source", 10},
                                                                                   {"状态", "status", 10},
                                                                                   {"发现日期", "found_on", 11},
                                                                                   {"结案日期", "closed_on", 11},
                                                                                   {"移交去向", "referred_to", 10},
                                                                                   {"当事人", "parties", 36},
                                                                                   {"情况", "description", 40},
                                                                                   {"结果说明", "outcome", 30}}) {
            cols.push_back({zh ? h_zh : h_en, width});
          }
          w.sheet(zh ? "矛盾纠纷" : "disputes", cols);
          db_.read([&](storage::Tx& tx) {
            for (;;) {
              auto page = store::list(tx, f);
              store::load_parties(tx, page);
              for (const auto& d : page) {
                std::string parties;
                for (const auto& p : d.parties) {
                  if (!parties.empty()) parties += zh ? "；" : "; ";
                  parties += p.name + (zh ? "（" : " (") + l(p.role) +
                             (p.phone_masked.empty() ? "" : " " + p.phone_masked) + (zh ? "）" : ")");
                }
                w.row({d.id, d.region_code, region_name(d.region_code), l(d.type), d.title, d.place, l(d.risk),
                       l(d.source), l(d.status), d.found_on, d.closed_on.value_or(""),
                       d.referred_to ? std::string(label(*d.referred_to, zh, true)) : std::string(), parties,
                       d.description, d.outcome_detail});
              }
              if (static_cast<int>(page.size()) < f.limit) break;
              f.before_id = page.back().id;
            }
          });
          rows = w.rows();
        });
        db_.write([&](storage::Tx& tx) {
          audit::append(tx,
                        audit::entry(ctx, "disputes:dispute:export", "disputes", {{"node", where}, {"rows", rows}}));
        });
        return response;
      });
}

}  // namespace wangge::disputes
