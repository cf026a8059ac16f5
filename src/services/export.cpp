// The service desk's ledgers as .xlsx under a node (default: the caller's scope): the
// catalogue, the window cases, the orders and the wishes created in a period, newest
// first; ID numbers and phones stay masked. Each export is audited.
#include <algorithm>

#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/xlsx.h"
#include "services/service.h"
#include "services/store.h"
#include "territory/service.h"

namespace wangge::services {
namespace {

using Columns = std::initializer_list<std::tuple<const char*, const char*, double>>;

std::vector<xlsx::Column> columns(bool zh, Columns cs) {
  std::vector<xlsx::Column> out;
  for (auto [h_zh, h_en, width] : cs) out.push_back({zh ? h_zh : h_en, width, true});
  return out;
}

std::string state_name(const std::vector<flow::StateName>& states, const std::string& s, bool zh) {
  for (const auto& n : states)
    if (n.state == s) return std::string(zh ? n.name_zh : n.name_en);
  return s;
}

std::string kind_name(const std::string& kind, bool zh) {
  static const std::map<std::string, std::pair<const char*, const char*>> kNames = {
      {"duty", {"依法履职", "duty"}},
      {"assist", {"协助", "assist"}},
      {"devolved", {"下沉", "devolved"}},
      {"convenience", {"便民", "convenience"}}};
  auto it = kNames.find(kind);
  return it == kNames.end() ? kind : (zh ? it->second.first : it->second.second);
}

std::string mode_name(const std::string& mode, bool zh) {
  static const std::map<std::string, std::pair<const char*, const char*>> kNames = {
      {"at_once", {"即办", "at once"}},
      {"deadline", {"承诺件", "with a deadline"}},
      {"on_behalf", {"帮代办", "on behalf"}},
      {"coordinated", {"办不成事协调", "coordinated"}}};
  auto it = kNames.find(mode);
  return it == kNames.end() ? mode : (zh ? it->second.first : it->second.second);
}

}  // namespace

void Service::register_export_routes(http::Router& router) {
  struct Ledger {
    const char* name;
    const char* permission;
    const char* summary;
  };
  static constexpr Ledger kLedgers[] = {
      {"items", "services:item:read", "The service item catalogue as .xlsx"},
      {"cases", "services:case:read", "The window cases ledger as .xlsx (ID numbers and phones masked)"},
      {"orders", "services:order:read", "The orders ledger as .xlsx (phones masked)"},
      {"wishes", "services:wish:read", "The micro-wish ledger as .xlsx (phones masked)"},
  };
  for (const auto& ledger : kLedgers) {
    router.add(
        "GET", std::string("/api/v1/exports/service-") + ledger.name,
        {.summary = ledger.summary,
         .tag = "services",
         .permission = ledger.permission,
         .query = {{"node", "under this region code (default: the caller's scope)"},
                   {"from", "created on or after (YYYY-MM-DD)"},
                   {"to", "created on or before (YYYY-MM-DD)"}},
         .statuses = {200, 403, 404, 422},
         .load = http::Load::bulk},
        [this, &ledger](Context& ctx) {
          const auto& req = ctx.req();
          const bool zh = req.prefers_zh();
          auto node = req.query_param("node");
          auto paths = territory_.request_paths(ctx, ledger.permission, node);
          std::optional<std::int64_t> from, to;
          if (auto d = dates::query_day(req, "from")) from = calendar_.midnight(*d);
          if (auto d = dates::query_day(req, "to")) to = calendar_.midnight(*d + 1);
          std::string where = node && !node->empty() ? *node : "scope";
          std::string day = format_day(calendar_.day_of(storage::now_ms()));
          day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
          territory::NameCache places(territory_);
          auto time = [&](const std::optional<std::int64_t>& t) {
            return t ? xlsx::Cell(calendar_.format_time(*t)) : xlsx::Cell();
          };
          std::int64_t rows = 0;
          const std::string kind = ledger.name;
          auto response = xlsx::attachment(
              export_dir_, "service-" + kind + "-" + where + "-" + day + ".xlsx", [&](xlsx::Writer& w) {
                db_.read([&](storage::Tx& tx) {
                  if (kind == "items") {
                    w.sheet(zh ? "服务事项" : "items", columns(zh, Columns{{"编号", "id", 8},
                                                                           {"街道", "town", 14},
                                                                           {"层级", "level", 8},
                                                                           {"类别", "kind", 10},
                                                                           {"名称", "name", 28},
                                                                           {"办理时限(工作日)", "days", 8},
                                                                           {"帮代办", "on_behalf", 6},
                                                                           {"上门", "door_to_door", 6},
                                                                           {"错时", "off_hours", 6},
                                                                           {"可点单", "orderable", 6},
                                                                           {"受理窗口", "window", 16},
                                                                           {"材料", "materials", 40},
                                                                           {"状态", "active", 6}}));
                    for (const auto& path : paths) {
                      store::ItemFilter f;
                      f.town_path = town_path_of(path).empty() ? path : town_path_of(path);
                      f.limit = 1000;
                      for (;;) {
                        auto page = store::items(tx, f);
                        for (const auto& it : page) {
                          std::string materials;
                          for (const auto& m : it.materials)
                            materials += (materials.empty() ? "" : "、") + m.name +
                                         (m.required ? "" : (zh ? "（可选）" : " (optional)"));
                          auto yes = [&](bool b) { return std::string(b ? (zh ? "是" : "yes") : ""); };
                          w.row({it.id, places(it.region_code),
                                 std::string(it.level == "town" ? (zh ? "街道" : "town") : (zh ? "社区" : "community")),
                                 kind_name(it.kind, zh), it.name, std::int64_t{it.time_limit_days}, yes(it.on_behalf),
                                 yes(it.door_to_door), yes(it.off_hours), yes(it.orderable), it.window_name, materials,
                                 std::string(it.active ? (zh ? "有效" : "active") : (zh ? "停用" : "inactive"))});
                        }
                        if (static_cast<int>(page.size()) < f.limit) break;
                        f.before_id = page.back().id;
                      }
                    }
                  } else if (kind == "cases") {
                    w.sheet(zh ? "办件台账" : "cases", columns(zh, Columns{{"编号", "id", 8},
                                                                           {"受理窗口", "window", 14},
                                                                           {"事项", "item", 24},
                                                                           {"办理方式", "mode", 10},
                                                                           {"代办人", "carrier", 10},
                                                                           {"申请人", "applicant", 16},
                                                                           {"身份证号", "id_number", 20},
                                                                           {"电话", "phone", 14},
                                                                           {"统一社会信用代码", "credit_code", 20},
                                                                           {"诉求", "summary", 30},
                                                                           {"状态", "status", 8},
                                                                           {"受理时间", "created", 17},
                                                                           {"办结时限", "due", 17},
                                                                           {"办结时间", "closed", 17},
                                                                           {"办理结果", "outcome", 30},
                                                                           {"评价", "rating", 6}}));
                    store::CaseFilter f;
                    f.scope_paths = paths;
                    f.from = from;
                    f.to = to;
                    f.limit = 1000;
                    for (;;) {
                      auto page = store::cases(tx, f);
                      for (const auto& c : page)
                        w.row({c.id, places(c.region_code), c.item_name, mode_name(c.mode, zh), c.carrier,
                               c.applicant_name, c.id_masked, c.phone_masked, c.credit_code, c.summary,
                               state_name(case_states(), c.status, zh), time(c.created_at), time(c.due_at),
                               time(c.closed_at), c.outcome,
                               c.rating ? xlsx::Cell(std::int64_t{*c.rating}) : xlsx::Cell()});
                      if (static_cast<int>(page.size()) < f.limit) break;
                      f.before_id = page.back().id;
                    }
                  } else if (kind == "orders") {
                    w.sheet(zh ? "服务工单" : "orders", columns(zh, Columns{{"编号", "id", 8},
                                                                            {"地点", "place", 16},
                                                                            {"服务", "title", 24},
                                                                            {"下单方", "requester", 8},
                                                                            {"联系人", "contact", 10},
                                                                            {"电话", "phone", 14},
                                                                            {"状态", "status", 8},
                                                                            {"下单时间", "created", 17},
                                                                            {"接单时间", "taken", 17},
                                                                            {"完成时间", "done", 17},
                                                                            {"时限", "due", 17},
                                                                            {"退单次数", "returns", 6},
                                                                            {"评价", "rating", 6}}));
                    store::OrderFilter f;
                    f.scope_paths = paths;
                    f.limit = 1000;
                    for (;;) {
                      auto page = store::orders(tx, f);
                      for (const auto& o : page) {
                        if ((from && o.created_at < *from) || (to && o.created_at >= *to)) continue;
                        w.row({o.id, places(o.region_code), o.title, o.requester_kind, o.contact_name, o.phone_masked,
                               state_name(order_states(), o.status, zh), time(o.created_at), time(o.taken_at),
                               time(o.done_at), time(o.due_at), std::int64_t{o.returns},
                               o.rating ? xlsx::Cell(std::int64_t{*o.rating}) : xlsx::Cell()});
                      }
                      if (static_cast<int>(page.size()) < f.limit || (from && page.back().created_at < *from)) break;
                      f.before_id = page.back().id;
                    }
                  } else {
                    w.sheet(zh ? "微心愿" : "wishes", columns(zh, Columns{{"编号", "id", 8},
                                                                          {"地点", "place", 16},
                                                                          {"心愿", "title", 24},
                                                                          {"心愿人", "wisher", 10},
                                                                          {"电话", "phone", 14},
                                                                          {"征集方式", "channel", 8},
                                                                          {"状态", "status", 8},
                                                                          {"认领方", "claimer", 16},
                                                                          {"提交时间", "created", 17},
                                                                          {"认领时间", "claimed", 17},
                                                                          {"兑现时间", "fulfilled", 17},
                                                                          {"确认时间", "confirmed", 17}}));
                    store::WishFilter f;
                    f.scope_paths = paths;
                    f.from = from;
                    f.to = to;
                    f.limit = 1000;
                    for (;;) {
                      auto page = store::wishes(tx, f);
                      for (const auto& x : page)
                        w.row({x.id, places(x.region_code), x.title, x.wisher_name, x.phone_masked, x.channel,
                               state_name(wish_states(), x.status, zh), x.claimer_name, time(x.created_at),
                               time(x.claimed_at), time(x.fulfilled_at), time(x.confirmed_at)});
                      if (static_cast<int>(page.size()) < f.limit) break;
                      f.before_id = page.back().id;
                    }
                  }
                });
                rows = w.rows();
              });
          db_.write([&](storage::Tx& tx) {
            audit::append(tx, audit::entry(ctx, "services:" + kind + ":export", "service-" + kind,
                                           {{"node", where}, {"rows", rows}}));
          });
          return response;
        });
  }
}

}  // namespace wangge::services
