// Routes of read receipts (who of the staff a notice reached has read it, per node below
// it, and who has not, to remind them), of the figures of a node and period, and of the
// notices ledger as .xlsx.
#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/xlsx.h"
#include "notices/service.h"
#include "notices/store.h"
#include "territory/service.h"

namespace wangge::notices {
namespace {

std::string code_of(const std::string& path) {
  auto trimmed = path.substr(0, path.size() - 1);
  return trimmed.substr(trimmed.rfind('/') + 1);
}

struct NoticePeriod {
  std::string code, path, from_day, to_day;
  std::int64_t from = 0, to = 0;
};

NoticePeriod notice_period(const Context& ctx, territory::Service& territory, const Calendar& cal) {
  const auto& req = ctx.req();
  NoticePeriod p;
  p.path = territory.request_paths(ctx, "notices:receipt:read", req.query_param("region")).front();
  p.code = code_of(p.path);
  Day today = cal.day_of(storage::now_ms());
  Day from = dates::query_day(req, "from").value_or(day_from_ymd(year_of(today), 1, 1));
  Day to = dates::query_day(req, "to").value_or(today);
  if (to < from) throw Error("invalid_query", "to", "on or after from", "结束日期不能早于开始日期");
  p.from = cal.midnight(from);
  p.to = cal.midnight(to + 1);
  p.from_day = format_day(from);
  p.to_day = format_day(to);
  return p;
}

}  // namespace

void Service::register_receipt_routes(http::Router& router) {
  using namespace schema;
  router.add(
      "GET", "/api/v1/notices/{id}/receipts",
      {.summary = "Who of the staff a notice reached has read it: per node below it, and a page of accounts",
       .tag = "notices",
       .permission = "notices:receipt:read",
       .query = {{"read", "true or false"},
                 {"cursor", "next_cursor of the previous page"},
                 {"limit", "1-500, default 100"}},
       .response = object(
           {req("recipients", integer(0)), req("recipients_read", integer(0)), req("read_rate", number()),
            req("readers", integer(0)),
            req("by_node", array(object({req("region_code", str()), req("recipients", integer(0)),
                                         req("read", integer(0)), req("read_rate", number())}))),
            req("items", array(object({req("user_id", id()), req("name", str()), req("region_code", str()),
                                       req("read_at", nullable(date_time()))}))),
            req("next_cursor", nullable(str()))}),
       .statuses = {200, 400, 403, 404}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        const auto& req = ctx.req();
        std::optional<bool> read;
        if (auto r = req.query_param("read")) read = *r == "true";
        std::optional<std::int64_t> after;
        if (auto c = req.query_param("cursor")) {
          after = json::parse_id(*c);
          if (!after)
            throw Error("invalid_query", "cursor", "next_cursor of a previous page", "应为上一页的 next_cursor");
        }
        auto limit = static_cast<int>(json::query_int(req, "limit", 1, 500).value_or(100));
        json::object out;
        db_.read([&](storage::Tx& tx) {
          auto n = readable(tx, ctx, id);
          ctx.require("notices:receipt:read", n.region_path);
          json::array nodes;
          for (const auto& r : store::rates_by_child(tx, id, n.region_path))
            nodes.push_back(json::object{{"region_code", code_of(r.path)},
                                         {"recipients", r.recipients},
                                         {"read", r.read},
                                         {"read_rate", percent(r.read, r.recipients)}});
          auto rows = store::recipients(tx, id, read, after, limit + 1);
          std::vector<std::int64_t> ids;
          for (const auto& r : rows) ids.push_back(r.user_id);
          auto who = names(tx, ids);
          json::array items;
          for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit); ++i)
            items.push_back(json::object{
                {"user_id", rows[i].user_id},
                {"name", who[rows[i].user_id]},
                {"region_code", code_of(rows[i].region_path)},
                {"read_at", rows[i].read_at ? json::value(json::rfc3339(*rows[i].read_at)) : json::value(nullptr)}});
          out = json::object{{"recipients", n.recipients},
                             {"recipients_read", n.recipients_read},
                             {"read_rate", percent(n.recipients_read, n.recipients)},
                             {"readers", n.readers},
                             {"by_node", nodes},
                             {"items", items}};
          out["next_cursor"] = rows.size() > static_cast<std::size_t>(limit)
                                   ? json::value(std::to_string(rows[static_cast<std::size_t>(limit) - 1].user_id))
                                   : json::value(nullptr);
        });
        return json::respond(200, out);
      });

  router.add("GET", "/api/v1/notice-stats",
             {.summary = "Notices of a node and period: published by kind, must-read, withdrawn; staff reached and "
                         "the read rate; readers",
              .tag = "notices",
              .permission = "notices:receipt:read",
              .query = {{"region", "a node within the scope (default: the caller's first)"},
                        {"from", "YYYY-MM-DD (default: 1 January)"},
                        {"to", "YYYY-MM-DD, inclusive (default: today)"}},
              .response =
                  object({req("region_code", str()), req("from", date()), req("to", date()), req("notices", integer(0)),
                          req("policies", integer(0)), req("must_read", integer(0)), req("withdrawn", integer(0)),
                          req("recipients", integer(0)), req("recipients_read", integer(0)),
                          req("read_rate", describe(number(), "percent: receipts of the staff ÷ staff reached")),
                          req("readers", integer(0))}),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               auto p = notice_period(ctx, territory_, calendar_);
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto f = store::figures(tx, p.path, p.from, p.to);
                 out = json::object{{"region_code", p.code},
                                    {"from", p.from_day},
                                    {"to", p.to_day},
                                    {"notices", f.notices},
                                    {"policies", f.policies},
                                    {"must_read", f.must_read},
                                    {"withdrawn", f.withdrawn},
                                    {"recipients", f.recipients},
                                    {"recipients_read", f.recipients_read},
                                    {"read_rate", percent(f.recipients_read, f.recipients)},
                                    {"readers", f.readers}};
               });
               return json::respond(200, out);
             });

  router.add(
      "GET", "/api/v1/exports/notices",
      {.summary = "The notices of a node and period as .xlsx, with their read rates",
       .tag = "notices",
       .permission = "notices:receipt:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"},
                 {"from", "YYYY-MM-DD (default: 1 January)"},
                 {"to", "YYYY-MM-DD, inclusive (default: today)"}},
       .statuses = {200, 400, 403, 404, 422},
       .load = http::Load::bulk},
      [this](Context& ctx) {
        auto p = notice_period(ctx, territory_, calendar_);
        const bool zh = ctx.req().prefers_zh();
        auto col = [&](const char* z, const char* e, double w) { return xlsx::Column{zh ? z : e, w, false}; };
        auto response = xlsx::attachment(
            export_dir_, "notices-" + p.code + "-" + p.from_day + "-" + p.to_day + ".xlsx", [&](xlsx::Writer& w) {
              w.sheet(zh ? "通知公告" : "notices",
                      {col("编号", "id", 8), col("类别", "kind", 8), col("领域", "topic", 10), col("标题", "title", 36),
                       col("发布范围", "region", 14), col("必读", "must read", 6), col("状态", "status", 8),
                       col("发布时间", "published", 18), col("有效期至", "valid until", 18),
                       col("送达人员", "recipients", 10), col("已读人员", "read", 10), col("已读率%", "read %", 8),
                       col("阅读人数", "readers", 10)});
              db_.read([&](storage::Tx& tx) {
                store::Filter f;
                f.within = {p.path};
                f.statuses = {"published", "withdrawn"};
                f.limit = 1000;
                for (;;) {
                  auto page = store::notices(tx, f);
                  for (const auto& n : page) {
                    if (!n.published_at || *n.published_at < p.from || *n.published_at >= p.to) continue;
                    w.row({n.id, n.kind, n.topic, n.title, n.region_code, n.must_read ? "✓" : "", n.status,
                           calendar_.format_time(*n.published_at),
                           n.valid_until ? xlsx::Cell(calendar_.format_time(*n.valid_until)) : xlsx::Cell(),
                           n.recipients, n.recipients_read, percent(n.recipients_read, n.recipients), n.readers});
                  }
                  if (page.size() < 1000) break;
                  f.before_id = page.back().id;
                }
              });
            });
        db_.write([&](storage::Tx& tx) {
          audit::append(tx, audit::entry(ctx, "notices:notice:export", "region:" + p.code,
                                         json::object{{"from", p.from_day}, {"to", p.to_day}}));
        });
        return response;
      });
}

}  // namespace wangge::notices
