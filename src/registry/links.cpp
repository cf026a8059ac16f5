// Accounts linked to registry persons (实名认证): the community's staff link a resident's
// account to their person, or the resident claims it with their name and ID number (the
// person must live where the account is granted; five failed tries a day at most, each
// audited). The link says who an account is: its person and household, which ballots use
// to let residents and households vote online (deliberation; docs/DELIBERATION.md).
#include "audit/audit.h"
#include "core/error.h"
#include "registry/id_number.h"
#include "registry/service.h"
#include "registry/store.h"

namespace wangge::registry {
namespace {

constexpr std::int64_t kClaimWindowMs = 24LL * 3600 * 1000;
constexpr std::int64_t kClaimsPerWindow = 5;

json::object link_json(std::int64_t person_id, std::optional<std::int64_t> user_id) {
  return {{"person_id", person_id},
          {"linked", user_id.has_value()},
          {"user_id", user_id ? json::value(*user_id) : json::value(nullptr)}};
}

}  // namespace

std::optional<Service::Identity> Service::identity(storage::Tx& tx, std::int64_t user_id) const {
  auto person_id = store::person_of_account(tx, user_id);
  if (!person_id) return std::nullopt;
  auto p = store::person(tx, *person_id);
  if (!p) return std::nullopt;
  return Identity{p->id, p->household_id, p->region_path};
}

std::vector<std::pair<std::int64_t, std::string>> Service::electorate(storage::Tx& tx, const std::string& kind,
                                                                      const std::string& path) const {
  // Adults: 18 or older today (村民委员会组织法 §22, 城市居民委员会组织法 §12: 十八周岁以上).
  std::string t = today();
  std::string born_by = std::to_string(std::stoi(t.substr(0, 4)) - 18) + t.substr(4);
  return store::electorate(tx, kind, path, born_by);
}

void Service::register_link_routes(http::Router& router) {
  using namespace schema;
  value link = object({req("person_id", id()), req("linked", boolean()), req("user_id", nullable(id()))});
  router.add("PUT", "/api/v1/persons/{id}/account",
             {.summary = "Link a resident's account to their registry person (实名认证, by the community's staff)",
              .tag = "registry",
              .permission = "registry:person:write",
              .request = object({req("username", str(64, 2))}, closed),
              .response = link,
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"username"});
               auto username = json::get_string(body, "username", 64, 2);
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 auto p = store::person(tx, id);
                 if (!p || !ctx.user().can("registry:person:read", p->region_path))
                   throw_not_found("no person " + std::to_string(id), "人员 " + std::to_string(id) + " 不存在");
                 ctx.require("registry:person:write", p->region_path);
                 auto user = user_by_name_ ? user_by_name_(tx, username) : std::nullopt;
                 if (!user) throw_validation("username", "an existing account", "账号不存在");
                 if (!store::link_account(tx, id, *user, "staff", ctx.actor_id(), storage::now_ms()))
                   throw Error("conflict", "username", "the person or the account is linked already",
                               "该人员或该账号已绑定");
                 audit::append(tx, audit::entry(ctx, "registry:person:link", "person:" + std::to_string(id),
                                                json::object{{"user", *user}}));
                 out = link_json(id, user);
               });
               return json::respond(200, out);
             });

  router.add("DELETE", "/api/v1/persons/{id}/account",
             {.summary = "Unlink the account linked to a registry person",
              .tag = "registry",
              .permission = "registry:person:write",
              .response = link,
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 auto p = store::person(tx, id);
                 if (!p || !ctx.user().can("registry:person:read", p->region_path))
                   throw_not_found("no person " + std::to_string(id), "人员 " + std::to_string(id) + " 不存在");
                 ctx.require("registry:person:write", p->region_path);
                 if (store::unlink_account(tx, id))
                   audit::append(tx, audit::entry(ctx, "registry:person:unlink", "person:" + std::to_string(id)));
                 out = link_json(id, std::nullopt);
               });
               return json::respond(200, out);
             });

  router.add("POST", "/api/v1/me/person",
             {.summary = "Claim one's registry person (实名认证) with one's name and ID number; five tries a day",
              .tag = "registry",
              .request = object({req("name", str(50, 1)), req("id_number", str(18, 15))}, closed),
              .response = link,
              .statuses = {200, 409, 422, 429}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"name", "id_number"});
               auto name = json::get_string(body, "name", 50);
               auto number = json::get_string(body, "id_number", 18, 15);
               for (auto& c : number) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
               const std::int64_t user = ctx.user().user_id;
               const std::int64_t now = storage::now_ms();
               bool failed = false;
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 if (store::claim_failures(tx, user, now - kClaimWindowMs) >= kClaimsPerWindow)
                   throw Error("too_many_requests", {}, "too many failed tries today: ask your community",
                               "今日尝试次数过多，请联系社区核实");
                 if (store::person_of_account(tx, user))
                   throw Error("conflict", {}, "your account is linked already", "您的账号已完成实名认证");
                 IdProblem problem;
                 std::optional<Person> p;
                 if (parse_id_number(number, today(), &problem))
                   p = store::person_by_id_index(tx, crypto_.blind_index("id_number", number));
                 // The person must carry that name and live where the account is granted.
                 bool here = false;
                 for (const auto& g : ctx.user().grants)
                   here = here || (p && !g.region_path.empty() && path_within(p->region_path, g.region_path));
                 if (!p || p->name != name || !here) {
                   store::add_claim_failure(tx, user, now);
                   audit::append(
                       tx, audit::entry(ctx, "registry:person:claim", "user:" + std::to_string(user), {}, "denied"));
                   failed = true;
                   return;
                 }
                 if (!store::link_account(tx, p->id, user, "self", user, now))
                   throw Error("conflict", {}, "this person is linked to another account: ask your community",
                               "该人员已绑定其他账号，请联系社区核实");
                 audit::append(tx, audit::entry(ctx, "registry:person:claim", "person:" + std::to_string(p->id)));
                 out = link_json(p->id, user);
               });
               if (failed)
                 throw Error("validation", "id_number", "no resident with this name and ID number lives here",
                             "未找到与姓名和身份证号相符的本辖区居民");
               return json::respond(200, out);
             });

  router.add(
      "GET", "/api/v1/me/person",
      {.summary = "The registry person the caller's account is linked to, if any",
       .tag = "registry",
       .response = object({req("linked", boolean()), req("person_id", nullable(id())), req("name", str()),
                           req("region_code", str()), req("household_id", nullable(id()))}),
       .statuses = {200}},
      [this](Context& ctx) {
        json::object out{
            {"linked", false}, {"person_id", nullptr}, {"name", ""}, {"region_code", ""}, {"household_id", nullptr}};
        db_.read([&](storage::Tx& tx) {
          auto id = store::person_of_account(tx, ctx.user().user_id);
          auto p = id ? store::person(tx, *id) : std::nullopt;
          if (!p) return;
          out = json::object{{"linked", true},
                             {"person_id", p->id},
                             {"name", p->name},
                             {"region_code", p->region_code},
                             {"household_id", p->household_id ? json::value(*p->household_id) : json::value(nullptr)}};
        });
        return json::respond(200, out);
      });
}

}  // namespace wangge::registry
