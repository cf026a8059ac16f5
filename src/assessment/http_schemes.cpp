// Routes of the indicator catalogue and of schemes: list and make schemes, read one, edit a
// draft, activate, retire, copy. A route naming a scheme checks the caller's scope on the
// scheme's node before it reads the body.
#include "assessment/service.h"
#include "assessment/store.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "territory/service.h"

namespace wangge::assessment {
namespace {

schema::value scheme_indicators_body() {
  using namespace schema;
  return array(
      object({req("key", describe(str(40, 1), "a key of GET /assessment/indicators")),
              req("weight", describe(number(), "more than 0; an active scheme's weights sum to 100")),
              req("target", describe(number(), "the value worth the full weight")),
              opt("direction", describe(enumeration(kDirections), "default: the catalogue's")),
              opt("cap", describe(nullable(number()), "1-10: the largest multiple of the weight (default 1)"))},
             closed),
      20);
}

std::optional<std::string> scheme_query_choice(const http::Request& req, const char* name,
                                               std::span<const char* const> allowed) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  for (const char* a : allowed)
    if (*v == a) return v;
  throw Error("invalid_query", name, "one of the listed values", "取值无效");
}

}  // namespace

void Service::register_scheme_routes(http::Router& router) {
  using namespace schema;
  router.add("GET", "/api/v1/assessment/indicators",
             {.summary = "The indicator catalogue (指标库): names, units, the posts each measures, what it counts",
              .tag = "assessment",
              .permission = "assessment:scheme:read",
              .query = {{"post", "only the indicators measuring this post"}},
              .response = object({req("items", array(ref("AssessmentIndicatorSpec")))}),
              .statuses = {200, 400, 403}},
             [this](Context& ctx) {
               auto post = scheme_query_choice(ctx.req(), "post", kPosts);
               json::array items;
               for (const auto& spec : catalogue())
                 if (!post || measures(spec, *post)) items.push_back(indicator_spec_json(spec));
               return json::respond(200, json::object{{"items", items}});
             });

  router.add("GET", "/api/v1/assessment/schemes",
             {.summary = "Assessment schemes (考核方案) within the caller's scope, newest first",
              .tag = "assessment",
              .permission = "assessment:scheme:read",
              .query = {{"region", "a node within the scope: its schemes and those under it"},
                        {"post", "one of the posts"},
                        {"status", "draft, active or retired"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-100, default 20"}},
              .response = page_of(ref("AssessmentScheme")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto scoped = territory_.scoped_region(ctx, "assessment:scheme:read");
               store::SchemeFilter f;
               f.within = scoped.scope;
               f.region_path = scoped.path;
               f.post = scheme_query_choice(req, "post", kPosts);
               f.status = scheme_query_choice(req, "status", kSchemeStates);
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 100, 20);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 page = paging::page(
                     store::schemes(tx, f), limit, [&](const Scheme& s) { return scheme_json(s); },
                     [](const Scheme& s) { return std::to_string(s.id); });
               });
               return json::respond(200, page);
             });

  router.add("POST", "/api/v1/assessment/schemes",
             {.summary = "Make a draft scheme for a post over a node: weighted indicators, monthly or quarterly",
              .tag = "assessment",
              .permission = "assessment:scheme:write",
              .request = object({req("name", str(100, 1)), req("post", enumeration(kPosts)),
                                 req("region_code", describe(str(24, 1), "the node it applies to")),
                                 req("period_kind", enumeration(kPeriodKinds)), opt("description", str(2000)),
                                 req("indicators", scheme_indicators_body())},
                                closed),
              .response = ref("AssessmentScheme"),
              .statuses = {201, 403, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"name", "post", "region_code", "period_kind", "description", "indicators"});
               Scheme s;
               s.name = json::get_string(body, "name", 100);
               s.post = json::one_of(body, "post", kPosts);
               s.region_code = json::get_string(body, "region_code", 24);
               s.period_kind = json::one_of(body, "period_kind", kPeriodKinds);
               s.description = json::opt_string(body, "description", 2000).value_or("");
               if (!body.contains("indicators")) throw_validation("indicators", "is required", "必填");
               s.indicators = read_indicators(body.at("indicators"), s.post);
               return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
                 Scheme made = create_scheme(tx, ctx, s);
                 return idempotency::Reply{201, json::to_text(scheme_json(made))};
               });
             });

  router.add("GET", "/api/v1/assessment/schemes/{id}",
             {.summary = "A scheme with its indicators",
              .tag = "assessment",
              .permission = "assessment:scheme:read",
              .response = ref("AssessmentScheme"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               Scheme s;
               db_.read([&](storage::Tx& tx) { s = readable_scheme(tx, ctx, id, "assessment:scheme:read"); });
               return json::respond(200, scheme_json(s));
             });

  router.add(
      "PUT", "/api/v1/assessment/schemes/{id}",
      {.summary = "Edit a draft scheme: name, description, period kind, indicators (version checked)",
       .tag = "assessment",
       .permission = "assessment:scheme:write",
       .request = object({req("version", integer(1)), opt("name", str(100, 1)), opt("description", str(2000)),
                          opt("period_kind", enumeration(kPeriodKinds)), opt("indicators", scheme_indicators_body())},
                         closed),
       .response = ref("AssessmentScheme"),
       .statuses = {200, 403, 404, 409, 422}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        // Who first: nothing about the body to those outside the scheme's node.
        db_.read([&](storage::Tx& tx) { readable_scheme(tx, ctx, id, "assessment:scheme:write"); });
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"version", "name", "description", "period_kind", "indicators"});
        Scheme s;
        db_.write([&](storage::Tx& tx) { s = update_scheme(tx, ctx, id, body); });
        return json::respond(200, scheme_json(s));
      });

  // The steps of a scheme without a body of consequence: activate, retire, copy.
  struct Step {
    const char* verb;
    const char* summary;
    int status;
  };
  for (const Step& step :
       {Step{"activate", "Activate a draft scheme: its weights must sum to 100 (422 otherwise)", 200},
        Step{"retire", "Retire an active scheme (its runs are kept)", 200},
        Step{"copy", "Copy a scheme into a new draft (an active scheme changes this way: retire, copy, edit)", 201}}) {
    std::string verb = step.verb;
    int status = step.status;
    value request = verb == "copy" ? object({opt("name", str(100, 1))}, closed) : value();
    router.add("POST", "/api/v1/assessment/schemes/{id}/" + verb,
               {.summary = step.summary,
                .tag = "assessment",
                .permission = "assessment:scheme:write",
                .request = request,
                .response = ref("AssessmentScheme"),
                .statuses = {status, 403, 404, 409, 422}},
               [this, verb, status](Context& ctx) {
                 auto id = json::path_id(ctx.req(), "id");
                 db_.read([&](storage::Tx& tx) { readable_scheme(tx, ctx, id, "assessment:scheme:write"); });
                 std::optional<std::string> name;
                 if (!ctx.req().body.empty()) {
                   auto body = json::parse_body(ctx.req());
                   json::allow_only(body, {"name"});
                   if (verb == "copy") name = json::opt_string(body, "name", 100, 1);
                 }
                 Scheme s;
                 db_.write([&](storage::Tx& tx) {
                   if (verb == "activate")
                     s = activate(tx, ctx, id);
                   else if (verb == "retire")
                     s = retire(tx, ctx, id);
                   else
                     s = copy_scheme(tx, ctx, id, name);
                 });
                 return json::respond(status, scheme_json(s));
               });
  }
}

}  // namespace wangge::assessment
