// The tag routes: the catalogue, tagging a person, ending a tag (use cases in tags.cpp).
#include "core/error.h"
#include "registry/service.h"
#include "registry/tags.h"

namespace wangge::registry {

void Service::register_tag_routes(http::Router& router) {
  router.add("GET", "/api/v1/person-tags",
             {.summary = "The tags a person may carry (care groups, statuses, GB/T 31000 key person classes)",
              .tag = "registry",
              .permission = "registry:person:read",
              .response = schema::object({schema::req("items", schema::array(schema::ref("PersonTagKind")))})},
             [](Context&) {
               json::array items;
               for (const auto& k : kTagKinds) {
                 items.push_back(json::object{
                     {"code", k.code}, {"name_zh", k.name_zh}, {"name_en", k.name_en}, {"group", k.group}});
               }
               return json::respond(200, json::object{{"items", std::move(items)}});
             });

  router.add("POST", "/api/v1/persons/{id}/tags",
             {.summary = "Tag a person from a date",
              .tag = "registry",
              .permission = "registry:person:write",
              .request = schema::object({schema::req("tag", tag_codes()),
                                         schema::opt("since", schema::describe(schema::date(), "default today")),
                                         schema::opt("note", schema::str(200))},
                                        schema::closed),
              .response = schema::ref("PersonTagRecord"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"tag", "since", "note"});
               Tag t;
               t.person_id = json::path_id(ctx.req(), "id");
               t.tag = json::get_string(body, "tag", 32);
               if (!find_tag_kind(t.tag)) throw_validation("tag", "unknown tag " + t.tag, "未知标签 " + t.tag);
               t.since = date_field(body, "since", today());
               t.note = json::opt_string(body, "note", 200, 0).value_or("");
               t = tag_person(*this, ctx, t);
               return json::respond(201, json::object{{"id", t.id},
                                                      {"person_id", t.person_id},
                                                      {"tag", t.tag},
                                                      {"since", t.since},
                                                      {"until", nullptr},
                                                      {"note", t.note}});
             });

  router.add("POST", "/api/v1/persons/{id}/tags/{tag_id}/end",
             {.summary = "End a tag on a date (it stays in the history)",
              .tag = "registry",
              .permission = "registry:person:write",
              .request = schema::object({schema::opt("until", schema::describe(schema::date(), "default today"))},
                                        schema::closed),
              .response = schema::ref("PersonTagRecord"),
              .statuses = {200, 403, 404, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"until"});
               std::int64_t person_id = json::path_id(ctx.req(), "id");
               std::int64_t tag_id = json::path_id(ctx.req(), "tag_id");
               std::string until = date_field(body, "until", today());
               Tag t = end_tag(*this, ctx, person_id, tag_id, until);
               return json::respond(200, json::object{{"id", t.id},
                                                      {"person_id", t.person_id},
                                                      {"tag", t.tag},
                                                      {"since", t.since},
                                                      {"until", *t.until},
                                                      {"note", t.note}});
             });
}

}  // namespace wangge::registry
