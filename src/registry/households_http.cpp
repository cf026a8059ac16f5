// The household routes: each parses its request, calls a use case (households.cpp), renders.
#include "core/error.h"
#include "registry/households.h"
#include "registry/service.h"
#include "territory/service.h"

namespace wangge::registry {
namespace {

store::HouseholdFilter household_filter(Service& svc, Context& ctx) {
  const auto& req = ctx.req();
  store::HouseholdFilter f;
  f.scope_paths = ctx.user().scope("registry:household:read");
  if (auto r = req.query_param("region")) {
    f.region_path = svc.territory().path_of(*r);
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
  return f;
}

Household new_household(const Service& svc, const json::object& body) {
  Household h;
  h.building_id = json::opt_int(body, "building_id");
  h.address = json::get_string(body, "address", 200);
  h.room = json::opt_string(body, "room", 32, 0).value_or("");
  h.housing_type = json::one_of(body, "housing_type", kHousingTypes);
  h.landlord_id = json::opt_int(body, "landlord_id");
  check_household({h.housing_type, h.landlord_id}, Problems::first());
  if (auto code = json::opt_string(body, "region_code", 24)) {
    h.region_code = *code;
    h.region_path = svc.place_path(h.region_code, "region_code");
  } else if (!h.building_id) {
    throw_validation("region_code", "required without a building", "未指定楼栋时必填");
  }
  return h;
}

HouseholdChanges household_changes(const json::object& body) {
  HouseholdChanges c;
  c.address = json::opt_string(body, "address", 200, 1);
  c.room = json::opt_string(body, "room", 32, 0);
  if (body.contains("housing_type")) c.housing_type = json::one_of(body, "housing_type", kHousingTypes);
  c.landlord_id = {body.contains("landlord_id"), json::opt_int(body, "landlord_id")};
  c.head_id = {body.contains("head_id"), json::opt_int(body, "head_id")};
  return c;
}

// The household file as answered: members now and before with their tags counted, the
// building, and the landlord's record for a reader who may read it (they may live elsewhere).
json::object household_file_json(const Service& svc, const Context& ctx, const HouseholdFile& file) {
  json::array members, former;
  std::map<std::string, std::int64_t> tag_counts;
  for (const auto& m : file.stays) {
    auto it = file.people.find(m.person_id);
    if (it == file.people.end()) continue;
    json::object o{{"membership_id", m.id},
                   {"relation", m.relation},
                   {"moved_in_on", m.moved_in_on},
                   {"person", svc.person_json(it->second)}};
    if (m.moved_out_on) {
      o["moved_out_on"] = *m.moved_out_on;
      o["out_reason"] = m.out_reason.value_or("");
      former.push_back(std::move(o));
    } else {
      for (const auto& t : it->second.tags) ++tag_counts[t.tag];
      members.push_back(std::move(o));
    }
  }
  const Household& h = file.household;
  json::object out = svc.household_json(h);
  out["members"] = std::move(members);
  out["former_members"] = std::move(former);
  json::object tags;
  for (const auto& [t, n] : tag_counts) tags[t] = n;
  out["tags"] = std::move(tags);
  if (file.building) {
    out["building"] = json::object{{"id", file.building->id},
                                   {"name", file.building->name},
                                   {"address", file.building->address},
                                   {"region_code", file.building->region_code}};
  }
  if (h.landlord_id) {
    auto landlord = file.people.find(*h.landlord_id);
    if (landlord != file.people.end() && ctx.user().can("registry:person:read", landlord->second.region_path))
      out["landlord"] = svc.person_json(landlord->second);
  }
  return out;
}

// The body of a new household: at a place, or in a building there.
schema::value new_household_body() {
  using namespace schema;
  return object(
      {opt("region_code", describe(str(24), "a grid or unit; required without building_id")), opt("building_id", id()),
       req("address", str(200)), opt("room", str(32)), req("housing_type", enumeration(kHousingTypes)),
       opt("landlord_id", describe(id(), "a rented home's landlord (a person)"))},
      closed);
}

// The list, and creating a household.
void household_routes(Service& svc, http::Router& router) {
  router.add("GET", "/api/v1/households",
             {.summary = "Households in the caller's territory, newest first; address and tag search",
              .tag = "registry",
              .permission = "registry:household:read",
              .query = {{"region", "under this region code"},
                        {"building_id", "in this building"},
                        {"q", "a part of the address (any characters; three or more use the trigram index)"},
                        {"tag", "a current member carries this tag now"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = schema::page_of(schema::ref("HouseholdListItem"))},
             [&svc](Context& ctx) {
               auto filter = household_filter(svc, ctx);
               int limit = static_cast<int>(json::query_int(ctx.req(), "limit", 1, 200).value_or(50));
               auto page = list_households(svc, std::move(filter), limit);
               json::array items;
               for (const auto& h : page.items) {
                 auto o = svc.household_json(h);
                 o["members"] = page.members[h.id];
                 items.push_back(std::move(o));
               }
               json::value next = page.more ? json::value(std::to_string(page.items.back().id)) : json::value(nullptr);
               return json::respond(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
             });

  router.add("POST", "/api/v1/households",
             {.summary = "Create a household at a grid or unit (or in a building there)",
              .tag = "registry",
              .permission = "registry:household:write",
              .request = new_household_body(),
              .response = schema::ref("Household"),
              .statuses = {201, 403, 422}},
             [&svc](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "building_id", "address", "room", "housing_type", "landlord_id"});
               return json::respond(201, svc.household_json(create_household(svc, ctx, new_household(svc, body))));
             });
}

// The household file, and correcting it.
void household_file_routes(Service& svc, http::Router& router) {
  router.add("GET", "/api/v1/households/{id}",
             {.summary = "The household file (一户一档): members now and before, tags, building, landlord; "
                         "the read is audited",
              .tag = "registry",
              .permission = "registry:household:read",
              .response = schema::ref("HouseholdFile"),
              .statuses = {200, 403, 404}},
             [&svc](Context& ctx) {
               auto file = read_household(svc, ctx, json::path_id(ctx.req(), "id"));
               return json::respond(200, household_file_json(svc, ctx, file));
             });

  router.add("PATCH", "/api/v1/households/{id}",
             {.summary = "Correct a household: address, room, housing, landlord, head",
              .tag = "registry",
              .permission = "registry:household:write",
              .request = schema::object(
                  {schema::opt("address", schema::str(200, 1)), schema::opt("room", schema::str(32)),
                   schema::opt("housing_type", schema::enumeration(kHousingTypes)),
                   schema::opt("landlord_id", schema::nullable(schema::id())),
                   schema::opt("head_id", schema::nullable(schema::id())), schema::req("version", schema::integer(1))},
                  schema::closed),
              .response = schema::ref("Household"),
              .statuses = {200, 403, 404, 409, 422, 428}},
             [&svc](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"address", "room", "housing_type", "landlord_id", "head_id", "version"});
               std::int64_t id = json::path_id(ctx.req(), "id");
               auto v = json::opt_int(body, "version");
               if (!v)
                 throw Error("precondition_required", "version", "send the version you edit", "请提供所编辑的版本号");
               auto h = correct_household(svc, ctx, id, *v, household_changes(body));
               return json::respond(200, svc.household_json(h));
             });
}

}  // namespace

void Service::register_household_routes(http::Router& router) {
  household_routes(*this, router);
  household_file_routes(*this, router);

  router.add("POST", "/api/v1/households/{id}/members",
             {.summary = "A person moves into the household (ending their stay elsewhere that day)",
              .tag = "registry",
              .permission = "registry:household:write",
              .request = schema::object(
                  {schema::req("person_id", schema::id()), schema::req("relation", schema::enumeration(kRelations)),
                   schema::opt("moved_in_on", schema::date())},
                  schema::closed),
              .response = schema::ref("Person"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"person_id", "relation", "moved_in_on"});
               std::int64_t id = json::path_id(ctx.req(), "id");
               std::int64_t person_id = json::get_int(body, "person_id");
               std::string relation = json::one_of(body, "relation", kRelations);
               std::string on = date_field(body, "moved_in_on", today());
               return json::respond(200, person_json(move_in(*this, ctx, id, person_id, relation, on)));
             });

  router.add(
      "POST", "/api/v1/households/{id}/members/{person_id}/move-out",
      {.summary = "A member moves out (the stay ends; the person stays registered at their last place)",
       .tag = "registry",
       .permission = "registry:household:write",
       .request = schema::object({schema::req("reason", schema::str(200)), schema::opt("moved_out_on", schema::date())},
                                 schema::closed),
       .response = schema::ref("HouseholdMoveOut"),
       .statuses = {200, 403, 404, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"reason", "moved_out_on"});
        std::int64_t id = json::path_id(ctx.req(), "id");
        std::int64_t person_id = json::path_id(ctx.req(), "person_id");
        std::string reason = json::get_string(body, "reason", 200);
        std::string on = date_field(body, "moved_out_on", today());
        move_out(*this, ctx, id, person_id, reason, on);
        return json::respond(200, json::object{{"household_id", id}, {"person_id", person_id}, {"moved_out_on", on}});
      });
}

}  // namespace wangge::registry
