// Routes of co-building units: set one up, list those the caller reaches (or the caller's
// own units), read one's page, change it, end its membership; add and remove contacts, and
// a contact's phone in full for a stated reason.
#include "cobuild/service.h"
#include "cobuild/store.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "territory/service.h"

namespace wangge::cobuild {
namespace {

schema::value unit_body(bool creating) {
  using namespace schema;
  std::vector<Field> f = {
      creating ? req("region_code", describe(str(24, 1), "the community or town it serves"))
               : req("version", integer(1)),
      creating ? req("name", str(100, 1)) : opt("name", str(100, 1)),
      creating ? req("kind", enumeration(kUnitKinds)) : opt("kind", enumeration(kUnitKinds)),
      opt("credit_code", describe(str(18), "统一社会信用代码, 18 characters with its check character")),
      opt("address", str(200)),
      opt("description", str(2000)),
      opt("alliance", describe(boolean(), "a member of the party-building alliance (党建联盟)")),
      opt("joined_on", describe(nullable(date()), "joined the alliance (default: today)")),
      opt("area", describe(str(500), "包街/包片: the streets or blocks it takes care of"))};
  return object(f, closed);
}

std::string upper_code(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

}  // namespace

void Service::register_unit_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/cobuild-units",
             {.summary = "Set up a co-building unit (共建单位) serving a community or a town (Idempotency-Key)",
              .tag = "cobuild",
              .permission = "cobuild:unit:write",
              .request = unit_body(true),
              .response = ref("CobuildUnit"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "name", "kind", "credit_code", "address", "description",
                                       "alliance", "joined_on", "area"});
               Unit u;
               u.region_code = json::get_string(body, "region_code", 24);
               u.name = json::get_string(body, "name", 100);
               u.kind = json::one_of(body, "kind", kUnitKinds);
               u.credit_code = upper_code(json::opt_string(body, "credit_code", 18).value_or(""));
               u.address = json::opt_string(body, "address", 200).value_or("");
               u.description = json::opt_string(body, "description", 2000).value_or("");
               u.alliance = json::opt_bool(body, "alliance").value_or(false);
               u.joined_on = body_date(body, "joined_on", today(), false);
               u.area = json::opt_string(body, "area", 500).value_or("");
               return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
                 u = create_unit(tx, ctx, u);
                 return idempotency::Reply{201, json::to_text(unit_json(u))};
               });
             });

  router.add("GET", "/api/v1/cobuild-units",
             {.summary = "Co-building units the caller reaches (within their scope and above their place), or their "
                         "own (view=mine)",
              .tag = "cobuild",
              .permission = "cobuild:unit:read",
              .query = {{"view", "all (default) or mine: the units the caller is a contact of"},
                        {"region", "a node within the scope: its subtree only"},
                        {"kind", "a unit kind"},
                        {"alliance", "true or false"},
                        {"status", "active (default), left or all"},
                        {"q", "words in the name"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-100, default 20"}},
              .response = page_of(ref("CobuildUnit")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto scoped = territory_.scoped_region(ctx, "cobuild:unit:read");
               store::UnitFilter f;
               f.where.within = f.where.line = scoped.scope;
               f.where.under = scoped.path;
               std::string view(req.query_param("view").value_or("all"));
               if (view != "all" && view != "mine")
                 throw Error("invalid_query", "view", "all or mine", "应为 all 或 mine");
               if (auto k = req.query_param("kind")) {
                 if (std::find(std::begin(kUnitKinds), std::end(kUnitKinds), *k) == std::end(kUnitKinds))
                   throw Error("invalid_query", "kind", "a unit kind", "单位类型无效");
                 f.kind = std::string(*k);
               }
               if (auto a = req.query_param("alliance")) f.alliance = *a == "true";
               std::string status(req.query_param("status").value_or("active"));
               if (status != "active" && status != "left" && status != "all")
                 throw Error("invalid_query", "status", "active, left or all", "应为 active、left 或 all");
               if (status != "all") f.status = status;
               if (auto q = req.query_param("q")) f.q = std::string(*q);
               if (view == "mine") f.contact_user = ctx.user().user_id;
               f.where.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 100, 20);
               f.where.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::units(tx, f);
                 page = paging::page(
                     rows, limit, [&](const Unit& u) { return unit_json(u); },
                     [](const Unit& u) { return std::to_string(u.id); });
               });
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/cobuild-units/{id}",
             {.summary = "A unit's page: contacts, resources, projects it takes part in, the whistles it answered "
                         "(吹哨报到), history",
              .tag = "cobuild",
              .permission = "cobuild:unit:read",
              .query = {{"all", "true: removed contacts too"}},
              .response = ref("CobuildUnitPage"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               bool all = ctx.req().query_param("all").value_or("") == "true";
               json::object out;
               db_.read([&](storage::Tx& tx) { out = unit_page(tx, ctx, readable_unit(tx, ctx, id), all); });
               return json::respond(200, out);
             });

  router.add("PATCH", "/api/v1/cobuild-units/{id}",
             {.summary = "Change a unit's particulars (kept in its history)",
              .tag = "cobuild",
              .permission = "cobuild:unit:write",
              .request = unit_body(false),
              .response = ref("CobuildUnit"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version", "name", "kind", "credit_code", "address", "description", "alliance",
                                       "joined_on", "area"});
               Unit u;
               db_.write([&](storage::Tx& tx) { u = update_unit(tx, ctx, id, body); });
               return json::respond(200, unit_json(u));
             });

  router.add("POST", "/api/v1/cobuild-units/{id}/leave",
             {.summary = "A unit leaves the alliance, with the reason (its record and history kept)",
              .tag = "cobuild",
              .permission = "cobuild:unit:write",
              .request = object({req("version", integer(1)), req("reason", str(500, 1)),
                                 opt("left_on", describe(nullable(date()), "default: today"))},
                                closed),
              .response = ref("CobuildUnit"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version", "reason", "left_on"});
               auto version = json::get_int(body, "version");
               auto reason = json::get_string(body, "reason", 500);
               auto day = today();
               auto left_on = body_date(body, "left_on", day, false).value_or(day);
               Unit u;
               db_.write([&](storage::Tx& tx) { u = leave_unit(tx, ctx, id, version, reason, left_on); });
               return json::respond(200, unit_json(u));
             });

  router.add("POST", "/api/v1/cobuild-units/{id}/contacts",
             {.summary = "Add a contact (联络人) to a unit, optionally linked to the account they log in with",
              .tag = "cobuild",
              .permission = "cobuild:unit:write",
              .request = object(
                  {req("name", str(50, 1)), opt("post", describe(str(50), "站长, 党支部书记 ...")),
                   opt("phone", describe(str(20), "an 11-digit mobile or a landline with area code; sealed at rest")),
                   opt("username", describe(str(64), "an account holding unit_contact where the unit serves"))},
                  closed),
              .response = ref("CobuildContact"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"name", "post", "phone", "username"});
               Contact c;
               c.name = json::get_string(body, "name", 50);
               c.post = json::opt_string(body, "post", 50).value_or("");
               auto phone = json::opt_string(body, "phone", 20);
               auto username = json::opt_string(body, "username", 64);
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 c = add_contact(tx, ctx, id, c, phone, username);
                 out = contact_json(c, c.user_id ? names(tx, {*c.user_id}) : std::map<std::int64_t, std::string>{});
               });
               return json::respond(201, out);
             });

  router.add("POST", "/api/v1/cobuild-contacts/{id}/remove",
             {.summary = "Remove a unit's contact, with the reason (kept in its history)",
              .tag = "cobuild",
              .permission = "cobuild:unit:write",
              .request = object({req("reason", str(500, 1))}, closed),
              .response = ref("CobuildContact"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"reason"});
               auto reason = json::get_string(body, "reason", 500);
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 auto c = remove_contact(tx, ctx, id, reason);
                 out = contact_json(c, c.user_id ? names(tx, {*c.user_id}) : std::map<std::int64_t, std::string>{});
               });
               return json::respond(200, out);
             });

  router.add("POST", "/api/v1/cobuild-contacts/{id}/unmask",
             {.summary = "A contact's phone in full, for a stated reason (audited)",
              .tag = "cobuild",
              .permission = "cobuild:unit:write",
              .request = object({req("reason", str(200, 2))}, closed),
              .response = object({req("id", id()), req("phone", describe(str(), "\"\" when none"))}),
              .statuses = {200, 403, 404, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"reason"});
               auto reason = json::get_string(body, "reason", 200, 2);
               std::string phone;
               db_.write([&](storage::Tx& tx) { phone = unmask_contact(tx, ctx, id, reason); });
               return json::respond(200, json::object{{"id", id}, {"phone", phone}});
             });
}

}  // namespace wangge::cobuild
