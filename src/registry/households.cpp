// Households (户): create at a place (a grid or unit, optionally in a building), correct,
// list within scope, the household file (一户一档: members now and before, their tags,
// the building, the landlord of a rented home), and moves: a person moving in ends their
// stay in any other household on the same day; moving out ends it. Moves are history rows,
// never overwrites.
#include <algorithm>
#include <map>

#include "audit/audit.h"
#include "core/error.h"
#include "registry/service.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge::registry {

void Service::register_household_routes(http::Router& router) {
  router.add("GET", "/api/v1/households",
             {.summary = "Households in the caller's territory, newest first; address and tag search",
              .tag = "registry",
              .permission = "registry:household:read",
              .query = {{"region", "under this region code"},
                        {"building_id", "in this building"},
                        {"q", "a part of the address (any characters; three or more use the trigram index)"},
                        {"tag", "a current member carries this tag now"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               store::HouseholdFilter f;
               f.scope_paths = ctx.user().scope("registry:household:read");
               if (auto r = req.query_param("region")) {
                 f.region_path = territory_.path_of(*r);
                 ctx.require("registry:household:read", *f.region_path);
               }
               f.building_id = json::query_int(req, "building_id", 1, INT64_MAX);
               if (auto q = req.query_param("q"); q && !q->empty()) {
                 if (q->size() > 200) throw Error("invalid_query", "q", "at most 200 bytes", "最多 200 字节");
                 f.address = *q;
               }
               if (auto t = req.query_param("tag")) {
                 if (!find_tag_kind(*t)) throw Error("invalid_query", "tag", "unknown tag " + *t, "未知标签 " + *t);
                 f.tag = *t;
               }
               f.before_id = json::query_int(req, "cursor", 1, INT64_MAX);
               int limit = static_cast<int>(json::query_int(req, "limit", 1, 200).value_or(50));
               f.limit = limit + 1;
               std::vector<Household> rows;
               std::map<std::int64_t, std::int64_t> members;
               db_.read([&](storage::Tx& tx) {
                 rows = store::households(tx, f);
                 std::vector<std::int64_t> ids;
                 for (const auto& h : rows) ids.push_back(h.id);
                 members = store::current_member_counts(tx, ids);
               });
               bool more = static_cast<int>(rows.size()) > limit;
               if (more) rows.pop_back();
               json::array items;
               for (const auto& h : rows) {
                 auto o = household_json(h);
                 o["members"] = members[h.id];
                 items.push_back(std::move(o));
               }
               json::value next = more ? json::value(std::to_string(rows.back().id)) : json::value(nullptr);
               return json::respond(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
             });

  router.add(
      "POST", "/api/v1/households",
      {.summary = "Create a household at a grid or unit (or in a building there)",
       .tag = "registry",
       .permission = "registry:household:write",
       .request_body = "{region_code? (or building_id), building_id?, address, room?, housing_type, "
                       "landlord_id?}",
       .statuses = {201, 403, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"region_code", "building_id", "address", "room", "housing_type", "landlord_id"});
        Household h;
        h.building_id = json::opt_int(body, "building_id");
        h.address = json::get_string(body, "address", 200);
        h.room = json::opt_string(body, "room", 32, 0).value_or("");
        h.housing_type = json::one_of(body, "housing_type", kHousingTypes);
        h.landlord_id = json::opt_int(body, "landlord_id");
        if (h.landlord_id && h.housing_type != "rented")
          throw_validation("landlord_id", "only a rented home has a landlord", "仅出租房屋登记房东");
        if (auto code = json::opt_string(body, "region_code", 24)) {
          h.region_code = *code;
          h.region_path = place_path(h.region_code, "region_code");
        } else if (!h.building_id) {
          throw_validation("region_code", "required without a building", "未指定楼栋时必填");
        }
        std::int64_t now = storage::now_ms();
        h.created_at = h.updated_at = now;
        db_.write([&](storage::Tx& tx) {
          if (h.building_id) {
            auto b = store::building(tx, *h.building_id);
            if (!b) throw_validation("building_id", "no such building", "楼栋不存在");
            if (h.region_code.empty()) {
              h.region_code = b->region_code;
              h.region_path = b->region_path;
            } else if (!path_within(b->region_path, h.region_path) && !path_within(h.region_path, b->region_path)) {
              throw_validation("building_id", "the building is not at " + h.region_code, "楼栋不在该区域");
            }
          }
          ctx.require("registry:household:write", h.region_path);
          if (h.landlord_id) {
            // A person one may not read cannot be named (that would reveal them in the file).
            auto landlord = store::person(tx, *h.landlord_id);
            if (!landlord || !ctx.user().can("registry:person:read", landlord->region_path))
              throw_validation("landlord_id", "no such person in your territory", "您的管辖范围内无此人员");
          }
          h.id = store::insert_household(tx, h);
          audit::append(tx, audit::entry(ctx, "registry:household:create", "household:" + std::to_string(h.id),
                                         {{"region", h.region_code}}));
        });
        return json::respond(201, household_json(h));
      });

  router.add("GET", "/api/v1/households/{id}",
             {.summary = "The household file (一户一档): members now and before, tags, building, landlord; "
                         "the read is audited",
              .tag = "registry",
              .permission = "registry:household:read",
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               std::int64_t id = json::path_id(ctx.req(), "id");
               Household h;
               std::vector<Membership> stays;
               std::vector<Person> people;
               std::optional<Building> building;
               db_.read([&](storage::Tx& tx) {
                 auto found = store::household(tx, id);
                 if (!found) throw_not_found("no household " + std::to_string(id), "住户不存在");
                 ctx.require("registry:household:read", found->region_path);
                 h = *found;
                 stays = store::memberships(tx, id);
                 std::vector<std::int64_t> ids;
                 for (const auto& m : stays) ids.push_back(m.person_id);
                 if (h.landlord_id) ids.push_back(*h.landlord_id);
                 std::sort(ids.begin(), ids.end());
                 ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
                 for (auto pid : ids) {
                   if (auto p = store::person(tx, pid)) people.push_back(std::move(*p));
                 }
                 store::load_tags(tx, people);
                 if (h.building_id) building = store::building(tx, *h.building_id);
               });
               db_.write([&](storage::Tx& tx) {
                 audit::append(tx, audit::entry(ctx, "registry:household:read", "household:" + std::to_string(id)));
               });
               std::map<std::int64_t, const Person*> by_id;
               for (const auto& p : people) by_id[p.id] = &p;
               json::array members, former;
               std::map<std::string, std::int64_t> tag_counts;
               for (const auto& m : stays) {
                 auto it = by_id.find(m.person_id);
                 if (it == by_id.end()) continue;
                 json::object o{{"membership_id", m.id},
                                {"relation", m.relation},
                                {"moved_in_on", m.moved_in_on},
                                {"person", person_json(*it->second)}};
                 if (m.moved_out_on) {
                   o["moved_out_on"] = *m.moved_out_on;
                   o["out_reason"] = m.out_reason.value_or("");
                   former.push_back(std::move(o));
                 } else {
                   for (const auto& t : it->second->tags) ++tag_counts[t.tag];
                   members.push_back(std::move(o));
                 }
               }
               json::object out = household_json(h);
               out["members"] = std::move(members);
               out["former_members"] = std::move(former);
               json::object tags;
               for (const auto& [t, n] : tag_counts) tags[t] = n;
               out["tags"] = std::move(tags);
               if (building) {
                 out["building"] = json::object{{"id", building->id},
                                                {"name", building->name},
                                                {"address", building->address},
                                                {"region_code", building->region_code}};
               }
               // The landlord's record only for a reader who may read it (they may live elsewhere).
               if (h.landlord_id && by_id.count(*h.landlord_id) &&
                   ctx.user().can("registry:person:read", by_id[*h.landlord_id]->region_path))
                 out["landlord"] = person_json(*by_id[*h.landlord_id]);
               return json::respond(200, out);
             });

  router.add("PATCH", "/api/v1/households/{id}",
             {.summary = "Correct a household: address, room, housing, landlord, head",
              .tag = "registry",
              .permission = "registry:household:write",
              .request_body = "{address?, room?, housing_type?, landlord_id?, head_id?, version}",
              .statuses = {200, 403, 404, 409, 422, 428}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"address", "room", "housing_type", "landlord_id", "head_id", "version"});
               std::int64_t id = json::path_id(ctx.req(), "id");
               auto v = json::opt_int(body, "version");
               if (!v)
                 throw Error("precondition_required", "version", "send the version you edit", "请提供所编辑的版本号");
               Household h;
               db_.write([&](storage::Tx& tx) {
                 auto found = store::household(tx, id);
                 if (!found) throw_not_found("no household " + std::to_string(id), "住户不存在");
                 ctx.require("registry:household:write", found->region_path);
                 if (*v != found->version)
                   throw Error("stale_version", "version", "the household changed meanwhile", "住户信息已被他人修改");
                 h = *found;
                 h.address = json::opt_string(body, "address", 200, 1).value_or(h.address);
                 h.room = json::opt_string(body, "room", 32, 0).value_or(h.room);
                 h.housing_type = json::one_of(body, "housing_type", kHousingTypes, h.housing_type);
                 if (body.contains("landlord_id")) h.landlord_id = json::opt_int(body, "landlord_id");
                 if (h.housing_type != "rented") h.landlord_id.reset();
                 if (h.landlord_id && h.landlord_id != found->landlord_id) {
                   auto landlord = store::person(tx, *h.landlord_id);
                   if (!landlord || !ctx.user().can("registry:person:read", landlord->region_path))
                     throw_validation("landlord_id", "no such person in your territory", "您的管辖范围内无此人员");
                 }
                 if (body.contains("head_id")) {
                   h.head_id = json::opt_int(body, "head_id");
                   if (h.head_id != found->head_id) {
                     // The relation of the stays follows: the new head's is head, the old head's other.
                     if (h.head_id) {
                       auto m = store::current_membership(tx, *h.head_id);
                       if (!m || m->household_id != id)
                         throw_validation("head_id", "the head is a current member", "户主须为本户现有成员");
                       store::set_relation(tx, m->id, "head");
                     }
                     if (found->head_id) {
                       auto old = store::current_membership(tx, *found->head_id);
                       if (old && old->household_id == id) store::set_relation(tx, old->id, "other");
                     }
                   }
                 }
                 h.version = found->version + 1;
                 h.updated_at = storage::now_ms();
                 if (!store::update_household(tx, h, found->version))
                   throw Error("stale_version", "version", "the household changed meanwhile", "住户信息已被他人修改");
                 audit::append(tx, audit::entry(ctx, "registry:household:update", "household:" + std::to_string(id)));
               });
               return json::respond(200, household_json(h));
             });

  router.add("POST", "/api/v1/households/{id}/members",
             {.summary = "A person moves into the household (ending their stay elsewhere that day)",
              .tag = "registry",
              .permission = "registry:household:write",
              .request_body = "{person_id, relation, moved_in_on?}",
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"person_id", "relation", "moved_in_on"});
               std::int64_t id = json::path_id(ctx.req(), "id");
               std::int64_t person_id = json::get_int(body, "person_id");
               std::string relation = json::one_of(body, "relation", kRelations);
               std::string on = date_field(body, "moved_in_on", today());
               Person p;
               db_.write([&](storage::Tx& tx) {
                 auto h = store::household(tx, id);
                 if (!h) throw_not_found("no household " + std::to_string(id), "住户不存在");
                 ctx.require("registry:household:write", h->region_path);
                 auto found = store::person(tx, person_id);
                 if (!found) throw_validation("person_id", "no such person", "人员不存在");
                 // Moving someone takes write access where they live now, too.
                 ctx.require("registry:person:write", found->region_path);
                 std::int64_t now = storage::now_ms();
                 if (auto cur = store::current_membership(tx, person_id)) {
                   if (cur->household_id == id)
                     throw Error("already_exists", "person_id", "already a member of this household", "已是本户成员");
                   if (on < cur->moved_in_on)
                     throw_validation("moved_in_on",
                                      "not before moving into the current household (" + cur->moved_in_on + ")",
                                      "不能早于迁入现住户的日期（" + cur->moved_in_on + "）");
                   store::close_membership(tx, cur->id, on, "moved to household " + std::to_string(id));
                   store::clear_head_if(tx, cur->household_id, person_id, now);
                 }
                 if (relation == "head") {
                   if (h->head_id) throw_validation("relation", "the household already has a head", "该户已有户主");
                   h->head_id = person_id;
                   h->version += 1;
                   h->updated_at = now;
                   store::update_household(tx, *h, h->version - 1);
                 }
                 store::insert_membership(tx, {0, id, person_id, relation, on, {}, {}}, ctx.actor_id(), now);
                 p = *found;
                 p.household_id = id;
                 p.region_code = h->region_code;
                 p.region_path = h->region_path;
                 p.version = found->version + 1;
                 p.updated_at = now;
                 if (!store::update_person(tx, p, found->version))
                   throw Error("stale_version", "person_id", "the person changed meanwhile", "人员信息已被他人修改");
                 audit::append(tx, audit::entry(ctx, "registry:household:move_in", "household:" + std::to_string(id),
                                                {{"person", person_id}, {"relation", relation}, {"on", on}}));
               });
               return json::respond(200, person_json(p));
             });

  router.add(
      "POST", "/api/v1/households/{id}/members/{person_id}/move-out",
      {.summary = "A member moves out (the stay ends; the person stays registered at their last place)",
       .tag = "registry",
       .permission = "registry:household:write",
       .request_body = "{reason, moved_out_on?}",
       .statuses = {200, 403, 404, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"reason", "moved_out_on"});
        std::int64_t id = json::path_id(ctx.req(), "id");
        std::int64_t person_id = json::path_id(ctx.req(), "person_id");
        std::string reason = json::get_string(body, "reason", 200);
        std::string on = date_field(body, "moved_out_on", today());
        db_.write([&](storage::Tx& tx) {
          auto h = store::household(tx, id);
          if (!h) throw_not_found("no household " + std::to_string(id), "住户不存在");
          ctx.require("registry:household:write", h->region_path);
          auto cur = store::current_membership(tx, person_id);
          if (!cur || cur->household_id != id)
            throw_not_found("person " + std::to_string(person_id) + " is not a member", "该人员不是本户成员");
          if (on < cur->moved_in_on)
            throw_validation("moved_out_on", "not before moving in (" + cur->moved_in_on + ")",
                             "不能早于迁入日期（" + cur->moved_in_on + "）");
          std::int64_t now = storage::now_ms();
          store::close_membership(tx, cur->id, on, reason);
          store::clear_head_if(tx, id, person_id, now);
          auto p = store::person(tx, person_id);
          p->household_id.reset();
          p->version += 1;
          p->updated_at = now;
          store::update_person(tx, *p, p->version - 1);
          audit::append(tx, audit::entry(ctx, "registry:household:move_out", "household:" + std::to_string(id),
                                         {{"person", person_id}, {"on", on}}));
        });
        return json::respond(200, json::object{{"household_id", id}, {"person_id", person_id}, {"moved_out_on", on}});
      });
}

}  // namespace wangge::registry
