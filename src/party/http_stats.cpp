// Figures of a node and period (organisations by level, current members by organisation,
// kind and post, members who joined and left, pledges made and fulfilled; definitions in
// docs/PARTY.md) and the members ledger as .xlsx.
#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/xlsx.h"
#include "party/service.h"
#include "party/store.h"
#include "territory/service.h"

namespace wangge::party {
namespace {

struct PartyPeriod {
  std::string code, path, from_day, until_day;
  std::int64_t from = 0, to = 0;
};

std::string party_code_of(const std::string& path) {
  auto trimmed = path.substr(0, path.size() - 1);
  return trimmed.substr(trimmed.rfind('/') + 1);
}

PartyPeriod party_period(const Context& ctx, territory::Service& territory, const Calendar& cal,
                         std::string_view permission) {
  const auto& req = ctx.req();
  PartyPeriod p;
  p.path = territory.request_paths(ctx, permission, req.query_param("region")).front();
  p.code = party_code_of(p.path);
  Day today = cal.day_of(storage::now_ms());
  Day from = dates::query_day(req, "from").value_or(day_from_ymd(year_of(today), 1, 1));
  Day until = dates::query_day(req, "until").value_or(today);
  if (until < from) throw Error("invalid_query", "until", "on or after from", "结束日期不能早于开始日期");
  p.from = cal.midnight(from);
  p.to = cal.midnight(until + 1);
  p.from_day = format_day(from);
  p.until_day = format_day(until);
  return p;
}

json::object party_counts(const std::map<std::string, std::int64_t>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

std::int64_t party_sum(const std::map<std::string, std::int64_t>& m) {
  std::int64_t n = 0;
  for (const auto& [k, v] : m) n += v;
  return n;
}

}  // namespace

void Service::register_stats_routes(http::Router& router) {
  using namespace schema;
  router.add(
      "GET", "/api/v1/party-stats",
      {.summary = "Party figures of a node and period: organisations by level, current members by organisation, kind "
                  "and post, members who joined and left, pledges made and fulfilled",
       .tag = "party",
       .permission = "party:stats:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"},
                 {"from", "YYYY-MM-DD (default: 1 January)"},
                 {"until", "YYYY-MM-DD, inclusive (default: today)"}},
       .response = object(
           {req("region_code", str()),
            req("from", date()),
            req("until", date()),
            req("orgs", describe(integer(0), "active organisations now")),
            req("orgs_by_level", map_of(integer(0))),
            req("members", describe(integer(0), "current stays now")),
            req("regular", integer(0)),
            req("in_service", integer(0)),
            req("members_by_post", map_of(integer(0))),
            req("members_by_org",
                array(object({req("org_id", id()), req("name", str()), req("level", enumeration(kLevels)),
                              req("region_code", str()), req("regular", integer(0)), req("in_service", integer(0))}))),
            req("joined", describe(integer(0), "stays opened in the period (joined_on)")),
            req("joined_by_transfer", describe(integer(0), "of which opened by a transfer")),
            req("left", describe(integer(0), "stays ended in the period (left_on)")),
            req("left_by_reason", map_of(integer(0))),
            req("pledges_made", describe(integer(0), "pledges added in the period")),
            req("pledges_made_by_kind", map_of(integer(0))),
            req("pledges_made_fulfilled", describe(integer(0), "of which fulfilled by now")),
            req("fulfilment_rate", describe(number(), "percent: pledges_made_fulfilled ÷ pledges_made")),
            req("pledges_fulfilled", describe(integer(0), "pledges fulfilled in the period, whenever made")),
            req("pledges_fulfilled_by_kind", map_of(integer(0))),
            req("pledges_active", describe(integer(0), "active pledges now"))}),
       .statuses = {200, 400, 403, 404}},
      [this](Context& ctx) {
        auto p = party_period(ctx, territory_, calendar_, "party:stats:read");
        json::object out;
        db_.read([&](storage::Tx& tx) {
          auto f = store::figures(tx, p.path, p.from_day, p.until_day, p.from, p.to);
          json::array by_org;
          for (const auto& o : f.by_org)
            by_org.push_back(json::object{{"org_id", o.org_id},
                                          {"name", o.name},
                                          {"level", o.level},
                                          {"region_code", o.region_code},
                                          {"regular", o.regular},
                                          {"in_service", o.in_service}});
          const std::int64_t made = party_sum(f.pledges_made);
          auto kind = [&](const char* k) {
            auto it = f.by_kind.find(k);
            return it == f.by_kind.end() ? std::int64_t{0} : it->second;
          };
          out = json::object{{"region_code", p.code},
                             {"from", p.from_day},
                             {"until", p.until_day},
                             {"orgs", party_sum(f.orgs_by_level)},
                             {"orgs_by_level", party_counts(f.orgs_by_level)},
                             {"members", party_sum(f.by_kind)},
                             {"regular", kind("regular")},
                             {"in_service", kind("in_service")},
                             {"members_by_post", party_counts(f.by_post)},
                             {"members_by_org", std::move(by_org)},
                             {"joined", f.joined},
                             {"joined_by_transfer", f.joined_by_transfer},
                             {"left", party_sum(f.left_by_reason)},
                             {"left_by_reason", party_counts(f.left_by_reason)},
                             {"pledges_made", made},
                             {"pledges_made_by_kind", party_counts(f.pledges_made)},
                             {"pledges_made_fulfilled", f.made_fulfilled},
                             {"fulfilment_rate", percent(f.made_fulfilled, made)},
                             {"pledges_fulfilled", party_sum(f.pledges_fulfilled)},
                             {"pledges_fulfilled_by_kind", party_counts(f.pledges_fulfilled)},
                             {"pledges_active", f.pledges_active}};
        });
        return json::respond(200, out);
      });

  router.add(
      "GET", "/api/v1/exports/party-members",
      {.summary = "The members of a node as .xlsx: organisation, name, kind, post, work unit, dates, pledges; phones "
                  "masked",
       .tag = "party",
       .permission = "party:stats:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"},
                 {"all", "true: ended stays too (default: current members)"}},
       .statuses = {200, 400, 403, 404, 422},
       .load = http::Load::bulk},
      [this](Context& ctx) {
        const auto& req = ctx.req();
        auto path = territory_.request_paths(ctx, "party:stats:read", req.query_param("region")).front();
        auto code = party_code_of(path);
        bool all = req.query_param("all").value_or("") == "true";
        const bool zh = req.prefers_zh();
        auto col = [&](const char* z, const char* e, double w, bool text = false) {
          return xlsx::Column{zh ? z : e, w, text};
        };
        auto label = [&](std::string_view code_in, std::span<const char* const> codes,
                         std::initializer_list<const char*> names_zh) {
          std::size_t i = 0;
          for (const char* n : names_zh) {
            if (i < codes.size() && code_in == codes[i]) return zh ? std::string(n) : std::string(code_in);
            ++i;
          }
          return std::string(code_in);
        };
        auto response = xlsx::attachment(export_dir_, "party-members-" + code + ".xlsx", [&](xlsx::Writer& w) {
          w.sheet(
              zh ? "党员名册" : "party members",
              {col("编号", "id", 8), col("党组织", "organisation", 24), col("层级", "level", 10),
               col("区域编码", "region", 16, true), col("姓名", "name", 10), col("类别", "kind", 12),
               col("职务", "post", 10), col("工作单位", "work unit", 20), col("原党组织", "home organisation", 20),
               col("联系电话", "phone", 14, true), col("入党日期", "joined party", 12), col("加入日期", "joined", 12),
               col("离开日期", "left", 12), col("离开原因", "reason", 10), col("进行中承诺", "active pledges", 10)});
          db_.read([&](storage::Tx& tx) {
            store::MemberFilter f;
            f.within = {path};
            if (!all) f.active = true;
            f.after_id = 0;
            f.limit = 1000;
            for (;;) {
              auto page = store::members(tx, f);
              for (const auto& m : page)
                w.row({m.id, m.org_name, label(m.org_level, kLevels, {"党工委", "党委", "党总支", "党支部", "党小组"}),
                       m.region_code, m.name, label(m.kind, kKinds, {"组织关系在此", "在职党员报到"}),
                       label(m.post, kPosts, {"书记", "副书记", "委员", "组长", "党员"}), m.home_unit, m.home_org_name,
                       m.phone_masked, m.joined_party_on.value_or(""), m.joined_on, m.left_on.value_or(""),
                       m.leave_reason ? label(*m.leave_reason, kLeaveReasons, {"转出", "迁离", "去世", "其他"})
                                      : std::string(),
                       m.pledges});
              if (page.size() < 1000) break;
              f.after_id = page.back().id;
            }
          });
        });
        db_.write([&](storage::Tx& tx) {
          audit::append(tx, audit::entry(ctx, "party:members:export", "region:" + code, json::object{{"all", all}}));
        });
        return response;
      });
}

}  // namespace wangge::party
