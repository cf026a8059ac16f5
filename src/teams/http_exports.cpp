// The module's ledgers as .xlsx: a month's care coverage per carer with the node's totals,
// and the active rosters under a node (phones masked unless published). Each export is
// audited.
#include "audit/audit.h"
#include "core/error.h"
#include "core/xlsx.h"
#include "teams/figures.h"
#include "teams/service.h"
#include "teams/store.h"
#include "territory/service.h"

namespace wangge::teams {
namespace {

std::string export_code_of(const std::string& path) {
  auto trimmed = path.substr(0, path.size() - 1);
  return trimmed.substr(trimmed.rfind('/') + 1);
}

std::string post_label(const std::string& post, bool zh) {
  const PostName* p = find_post(post);
  if (!p) return post;
  return std::string(zh ? p->name_zh : p->name_en);
}

}  // namespace

void Service::register_export_routes(http::Router& router) {
  router.add(
      "GET", "/api/v1/exports/care-coverage",
      {.summary = "A month's care coverage per carer as .xlsx, with the node's totals",
       .tag = "teams",
       .permission = "teams:care:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"},
                 {"month", "YYYY-MM (default: this month)"}},
       .statuses = {200, 400, 403, 404, 422},
       .load = http::Load::bulk},
      [this](Context& ctx) {
        const auto& req = ctx.req();
        std::string path = territory_.request_paths(ctx, "teams:care:read", req.query_param("region")).front();
        std::string code = export_code_of(path);
        std::string month = query_month(req, this_month());
        const bool zh = req.prefers_zh();
        auto col = [&](const char* z, const char* e, double w) { return xlsx::Column{zh ? z : e, w, false}; };
        const std::int64_t start = today_start();
        auto response = xlsx::attachment(
            export_dir_, "care-coverage-" + (code.empty() ? std::string("all") : code) + "-" + month + ".xlsx",
            [&](xlsx::Writer& w) {
              w.sheet(
                  zh ? "包户走访" : "care coverage",
                  {col("编号", "id", 8), col("姓名", "name", 14), col("岗位", "post", 14),
                   col("所在网格/社区", "node", 18), col("包户数", "in care", 10), col("本月走访户数", "visited", 12),
                   col("走访户次", "visits", 10), col("走访人次", "persons", 10), col("覆盖率%", "coverage %", 10),
                   col("逾期未访", "overdue", 10)});
              db_.read([&](storage::Tx& tx) {
                std::optional<std::int64_t> after;
                for (;;) {
                  auto page = store::carers(tx, path, month, after, 1000, start);
                  for (const auto& r : page)
                    w.row({r.member_id, r.name, post_label(r.post, zh), r.region_code, r.in_care, r.households,
                           r.visits, r.persons, percent(r.households, r.in_care), r.overdue});
                  if (page.size() < 1000) break;
                  after = page.back().member_id;
                }
                auto t = store::care_totals(tx, path, month, calendar_.day_of(start), start);
                w.row({xlsx::Cell(), std::string(zh ? "合计" : "total"), xlsx::Cell(), code, t.in_care, t.households,
                       t.visits, t.persons, percent(t.households, t.in_care), t.overdue});
              });
            });
        db_.write([&](storage::Tx& tx) {
          audit::append(tx, audit::entry(ctx, "teams:care:export", "region:" + code, json::object{{"month", month}}));
        });
        return response;
      });

  router.add(
      "GET", "/api/v1/exports/team-roster",
      {.summary = "The active rosters under a node as .xlsx (phones masked unless published)",
       .tag = "teams",
       .permission = "teams:roster:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"}},
       .statuses = {200, 400, 403, 404, 422},
       .load = http::Load::bulk},
      [this](Context& ctx) {
        std::string path = territory_.request_paths(ctx, "teams:roster:read", ctx.req().query_param("region")).front();
        std::string code = export_code_of(path);
        const bool zh = ctx.req().prefers_zh();
        auto col = [&](const char* z, const char* e, double w, bool text = false) {
          return xlsx::Column{zh ? z : e, w, text};
        };
        territory::NameCache places(territory_);
        auto response = xlsx::attachment(
            export_dir_, "team-roster-" + (code.empty() ? std::string("all") : code) + ".xlsx", [&](xlsx::Writer& w) {
              w.sheet(zh ? "网格小组" : "grid teams",
                      {col("编号", "id", 8), col("区域编码", "node code", 18, true), col("区域", "node", 18),
                       col("岗位", "post", 14), col("姓名", "name", 12), col("电话", "phone", 16, true),
                       col("分工", "responsibility", 20), col("值班", "on duty", 6), col("任职日期", "since", 12),
                       col("包户数", "in care", 8)});
              db_.read([&](storage::Tx& tx) {
                store::MemberFilter f;
                f.within = {path};
                f.status = "active";
                f.limit = 1000;
                for (;;) {
                  auto page = store::members(tx, f);
                  std::vector<std::string> codes;
                  for (const auto& m : page) codes.push_back(m.region_code);
                  places.prime(codes);
                  for (const auto& m : page) {
                    std::string phone = m.phone_masked;
                    if (m.phone_public && m.phone_sealed)
                      if (auto plain = crypto_.open(*m.phone_sealed)) phone = *plain;
                    w.row({m.id, m.region_code, places(m.region_code), post_label(m.post, zh), m.name, phone,
                           m.responsibility, m.on_duty ? "✓" : "", m.since, m.in_care});
                  }
                  if (page.size() < 1000) break;
                  f.before_id = page.back().id;
                }
              });
            });
        db_.write(
            [&](storage::Tx& tx) { audit::append(tx, audit::entry(ctx, "teams:roster:export", "region:" + code)); });
        return response;
      });
}

}  // namespace wangge::teams
