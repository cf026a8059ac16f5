// Households (户): create at a place (a grid or unit, optionally in a building), correct,
// list within scope, the household file (一户一档: members now and before, their tags,
// the building, the landlord of a rented home), and moves: a person moving in ends their
// stay in any other household on the same day; moving out ends it. Moves are history rows,
// never overwrites.
#include "registry/households.h"

#include <algorithm>

#include "audit/audit.h"
#include "core/auth.h"
#include "core/error.h"
#include "registry/service.h"

namespace wangge::registry {
namespace {

// A person one may not read cannot be named (that would reveal them in the file).
void require_readable_landlord(storage::Tx& tx, const Context& ctx, std::int64_t landlord_id) {
  auto landlord = store::person(tx, landlord_id);
  if (!landlord || !ctx.user().can("registry:person:read", landlord->region_path))
    throw_validation("landlord_id", "no such person in your territory", "您的管辖范围内无此人员");
}

// A new head: the relation of the stays follows (the new head's is head, the old head's other).
void change_head(storage::Tx& tx, std::int64_t id, const std::optional<std::int64_t>& head,
                 const std::optional<std::int64_t>& old_head) {
  if (head) {
    auto m = store::current_membership(tx, *head);
    if (!m || m->household_id != id)
      throw_validation("head_id", "the head is a current member", "户主须为本户现有成员");
    store::set_relation(tx, m->id, "head");
  }
  if (old_head) {
    auto old = store::current_membership(tx, *old_head);
    if (old && old->household_id == id) store::set_relation(tx, old->id, "other");
  }
}

[[noreturn]] void stale_household() {
  throw Error("stale_version", "version", "the household changed meanwhile", "住户信息已被他人修改");
}

}  // namespace

HouseholdPage list_households(Service& svc, store::HouseholdFilter filter, int limit) {
  filter.limit = limit + 1;
  HouseholdPage page;
  svc.db().read([&](storage::Tx& tx) {
    page.items = store::households(tx, filter);
    std::vector<std::int64_t> ids;
    ids.reserve(page.items.size());
    for (const auto& h : page.items) ids.push_back(h.id);
    page.members = store::current_member_counts(tx, ids);
  });
  page.more = static_cast<int>(page.items.size()) > limit;
  if (page.more) page.items.pop_back();
  return page;
}

Household create_household(Service& svc, const Context& ctx, Household h) {
  svc.db().write([&](storage::Tx& tx) { h = create_household(svc, tx, ctx, h); });
  return h;
}

Household create_household(Service& /*svc*/, storage::Tx& tx, const Context& ctx, Household h) {
  std::int64_t now = storage::now_ms();
  h.created_at = h.updated_at = now;
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
  if (h.landlord_id) require_readable_landlord(tx, ctx, *h.landlord_id);
  h.id = store::insert_household(tx, h);
  audit::append(tx, audit::entry(ctx, "registry:household:create", "household:" + std::to_string(h.id),
                                 {{"region", h.region_code}}));
  return h;
}

HouseholdFile read_household(Service& svc, const Context& ctx, std::int64_t id) {
  HouseholdFile file;
  std::vector<Person> people;
  svc.db().read([&](storage::Tx& tx) {
    auto found = store::household(tx, id);
    if (!found) throw_not_found("no household " + std::to_string(id), "住户不存在");
    ctx.require("registry:household:read", found->region_path);
    file.household = *found;
    file.stays = store::memberships(tx, id);
    std::vector<std::int64_t> ids;
    ids.reserve(file.stays.size());
    for (const auto& m : file.stays) ids.push_back(m.person_id);
    if (file.household.landlord_id) ids.push_back(*file.household.landlord_id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (auto pid : ids) {
      if (auto p = store::person(tx, pid)) people.push_back(std::move(*p));
    }
    store::load_tags(tx, people);
    if (file.household.building_id) file.building = store::building(tx, *file.household.building_id);
  });
  svc.db().write([&](storage::Tx& tx) {
    audit::append(tx, audit::entry(ctx, "registry:household:read", "household:" + std::to_string(id)));
  });
  for (auto& p : people) file.people.emplace(p.id, std::move(p));
  return file;
}

Household correct_household(Service& svc, const Context& ctx, std::int64_t id, std::int64_t version,
                            const HouseholdChanges& changes) {
  Household h;
  svc.db().write([&](storage::Tx& tx) {
    auto found = store::household(tx, id);
    if (!found) throw_not_found("no household " + std::to_string(id), "住户不存在");
    ctx.require("registry:household:write", found->region_path);
    if (version != found->version) stale_household();
    h = *found;
    h.address = changes.address.value_or(h.address);
    h.room = changes.room.value_or(h.room);
    h.housing_type = changes.housing_type.value_or(h.housing_type);
    if (changes.landlord_id.sent) h.landlord_id = changes.landlord_id.value;
    if (h.housing_type != "rented") h.landlord_id.reset();
    if (h.landlord_id && h.landlord_id != found->landlord_id) require_readable_landlord(tx, ctx, *h.landlord_id);
    if (changes.head_id.sent) {
      h.head_id = changes.head_id.value;
      if (h.head_id != found->head_id) change_head(tx, id, h.head_id, found->head_id);
    }
    h.version = found->version + 1;
    h.updated_at = storage::now_ms();
    if (!store::update_household(tx, h, found->version)) stale_household();
    audit::append(tx, audit::entry(ctx, "registry:household:update", "household:" + std::to_string(id)));
  });
  return h;
}

Person move_in(Service& svc, const Context& ctx, std::int64_t id, std::int64_t person_id, const std::string& relation,
               const std::string& on) {
  Person p;
  svc.db().write([&](storage::Tx& tx) {
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
        throw_validation("moved_in_on", "not before moving into the current household (" + cur->moved_in_on + ")",
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
  return p;
}

void move_out(Service& svc, const Context& ctx, std::int64_t id, std::int64_t person_id, const std::string& reason,
              const std::string& on) {
  svc.db().write([&](storage::Tx& tx) { move_out(svc, tx, ctx, id, person_id, reason, on); });
}

void move_out(Service& /*svc*/, storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t person_id,
              const std::string& reason, const std::string& on) {
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
}

}  // namespace wangge::registry
