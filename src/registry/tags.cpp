// Person tags (人员标签): the catalogue, tagging a person from a date, ending a tag on a date.
// Tags are dated rows; ending one keeps it in the person's tag history.
#include "audit/audit.h"
#include "core/error.h"
#include "registry/service.h"
#include "registry/store.h"

namespace wangge::registry {

void Service::register_tag_routes(http::Router& router) {
  router.add("GET", "/api/v1/person-tags",
             {.summary = "The tags a person may carry (care groups, statuses, GB/T 31000 key person classes)",
              .tag = "registry",
              .permission = "registry:person:read"},
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
              .request_body = "{tag, since?, note?}",
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
               db_.write([&](storage::Tx& tx) {
                 auto p = store::person(tx, t.person_id);
                 if (!p) throw_not_found("no person " + std::to_string(t.person_id), "人员不存在");
                 ctx.require("registry:person:write", p->region_path);
                 for (const auto& other : store::tag_history(tx, t.person_id)) {
                   if (other.tag == t.tag && !other.until)
                     throw Error("already_exists", "tag", "the person carries this tag already", "该人员已有此标签");
                 }
                 t.id = store::insert_tag(tx, t, ctx.actor_id(), storage::now_ms());
                 audit::append(tx, audit::entry(ctx, "registry:person:tag", "person:" + std::to_string(t.person_id),
                                                {{"tag", t.tag}, {"since", t.since}}));
               });
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
              .request_body = "{until?}",
              .statuses = {200, 403, 404, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"until"});
               std::int64_t person_id = json::path_id(ctx.req(), "id");
               std::int64_t tag_id = json::path_id(ctx.req(), "tag_id");
               std::string until = date_field(body, "until", today());
               Tag t;
               db_.write([&](storage::Tx& tx) {
                 auto found = store::tag(tx, tag_id);
                 if (!found || found->person_id != person_id || found->until)
                   throw_not_found("no current tag " + std::to_string(tag_id), "标签不存在或已结束");
                 auto p = store::person(tx, person_id);
                 ctx.require("registry:person:write", p->region_path);
                 if (until < found->since)
                   throw_validation("until", "not before the tag's start (" + found->since + ")",
                                    "不能早于标签开始日期（" + found->since + "）");
                 store::end_tag(tx, tag_id, until);
                 t = *found;
                 t.until = until;
                 audit::append(tx, audit::entry(ctx, "registry:person:untag", "person:" + std::to_string(person_id),
                                                {{"tag", t.tag}, {"until", until}}));
               });
               return json::respond(200, json::object{{"id", t.id},
                                                      {"person_id", t.person_id},
                                                      {"tag", t.tag},
                                                      {"since", t.since},
                                                      {"until", *t.until},
                                                      {"note", t.note}});
             });
}

}  // namespace wangge::registry
