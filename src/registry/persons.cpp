// Persons: register (with an identity number checked and sealed), correct, list and search
// within scope, read (masked; audited), unmask with a reason (audited).
#include "registry/persons.h"

#include "audit/audit.h"
#include "core/error.h"
#include "registry/service.h"
#include "territory/service.h"

namespace wangge::registry {
namespace {

// A duplicate identity number is refused whoever holds it.
void require_unique_id(storage::Tx& tx, const Person& p) {
  if (!p.id_index) return;
  auto other = store::person_by_id_index(tx, *p.id_index);
  if (other && other->id != p.id)
    throw Error("already_exists", "id_number", "this ID number is already registered", "该身份证号码已登记");
}

// The checked secrets sealed into the person (a cleared phone is cleared by the check).
void seal(const Service& svc, const PersonSecrets& secrets, Person& p) {
  if (!secrets.id_number.empty()) p.id_sealed = svc.crypto().seal(secrets.id_number);
  if (!secrets.phone.empty()) p.phone_sealed = svc.crypto().seal(secrets.phone);
}

// Registers p, in its household when it has one (heading it when the relation says so).
void insert_person(storage::Tx& tx, const Context& ctx, const NewPerson& in, Person& p, std::int64_t now) {
  if (in.household_id) {
    auto h = store::household(tx, *in.household_id);
    if (!h) throw_validation("household_id", "no such household", "住户不存在");
    ctx.require("registry:person:write", h->region_path);
    p.region_code = h->region_code;
    p.region_path = h->region_path;
    p.household_id = h->id;
    if (in.relation == "head" && h->head_id)
      throw_validation("relation", "the household already has a head", "该户已有户主");
  }
  require_unique_id(tx, p);
  p.id = store::insert_person(tx, p);
  if (in.household_id) {
    store::insert_membership(tx, {0, *in.household_id, p.id, in.relation, in.moved_in_on, {}, {}}, ctx.actor_id(), now);
    // Only the head changes: an UPDATE naming the address would, on SQLite, take the
    // address out of the search index before a household created in this same transaction
    // has entered it (its entry is written at commit, store/households.cpp).
    if (in.relation == "head" && !store::head_if_none(tx, *in.household_id, p.id, now))
      throw_validation("relation", "the household already has a head", "该户已有户主");
  }
  audit::append(
      tx, audit::entry(ctx, "registry:person:create", "person:" + std::to_string(p.id), {{"region", p.region_code}}));
}

}  // namespace

PersonPage search_persons(Service& svc, const Context& ctx, PersonSearch search) {
  const int limit = search.limit;
  const auto& f = search.filter;
  search.filter.limit = limit + 1;
  PersonPage page;
  svc.db().read([&](storage::Tx& tx) {
    page.items = store::persons(tx, f);
    if (static_cast<int>(page.items.size()) > limit) page.items.resize(static_cast<std::size_t>(limit) + 1);
    store::load_tags(tx, page.items);
  });
  page.more = static_cast<int>(page.items.size()) > limit;
  if (page.more) page.items.pop_back();
  // Reading personal data is recorded, masked or not: who looked for what.
  svc.db().write([&](storage::Tx& tx) {
    // What kind of search, never its value (an ID number or a phone is personal).
    json::object what{{"count", page.items.size()}};
    if (f.region_path) what["region"] = *search.region_code;
    if (f.tag) what["tag"] = *f.tag;
    if (f.id_index) what["by"] = "id_number";
    if (f.phone_index) what["by"] = "phone";
    if (f.name || f.contains) what["by"] = "name";
    audit::append(tx, audit::entry(ctx, "registry:person:list", "persons", what));
  });
  return page;
}

namespace {

// A new person checked and sealed, at their place when they join no household.
Person checked_person(Service& svc, const Context& ctx, const NewPerson& in) {
  Person p;
  PersonSecrets secrets = check_person(in.input, p, {svc.today(), true, false}, svc.crypto(), Problems::first());
  seal(svc, secrets, p);
  if (!in.household_id) {
    p.region_code = in.region_code;
    p.region_path = svc.place_path(p.region_code, "region_code");
    ctx.require("registry:person:write", p.region_path);
  }
  p.created_at = p.updated_at = storage::now_ms();
  return p;
}

}  // namespace

Person register_person(Service& svc, storage::Tx& tx, const Context& ctx, const NewPerson& in) {
  Person p = checked_person(svc, ctx, in);
  insert_person(tx, ctx, in, p, p.created_at);
  return p;
}

Person register_person(Service& svc, const Context& ctx, const NewPerson& in) {
  Person p = checked_person(svc, ctx, in);
  try {
    svc.db().write([&](storage::Tx& tx) { insert_person(tx, ctx, in, p, p.created_at); });
  } catch (const storage::DbError& e) {
    if (e.kind() == storage::DbError::Kind::unique)  // a race on the same number
      throw Error("already_exists", "id_number", "this ID number is already registered", "该身份证号码已登记");
    throw;
  }
  return p;
}

PersonFile read_person(Service& svc, const Context& ctx, std::int64_t id) {
  std::vector<Person> one;
  PersonFile file;
  svc.db().read([&](storage::Tx& tx) {
    auto p = store::person(tx, id);
    if (!p) throw_not_found("no person " + std::to_string(id), "人员不存在");
    ctx.require("registry:person:read", p->region_path);
    one.push_back(std::move(*p));
    store::load_tags(tx, one);
    file.history = store::tag_history(tx, id);
  });
  svc.db().write([&](storage::Tx& tx) {
    audit::append(tx, audit::entry(ctx, "registry:person:read", "person:" + std::to_string(id)));
  });
  file.person = std::move(one[0]);
  return file;
}

Person correct_person(Service& svc, const Context& ctx, std::int64_t id, std::int64_t version, const PersonInput& in,
                      json::array fields) {
  Person p;
  svc.db().write([&](storage::Tx& tx) {
    auto found = store::person(tx, id);
    if (!found) throw_not_found("no person " + std::to_string(id), "人员不存在");
    ctx.require("registry:person:write", found->region_path);
    if (version != found->version)
      throw Error("stale_version", "version", "the person changed meanwhile", "人员信息已被他人修改");
    p = *found;
    PersonSecrets secrets = check_person(in, p, {svc.today(), false, false}, svc.crypto(), Problems::first());
    seal(svc, secrets, p);
    require_unique_id(tx, p);
    p.version = found->version + 1;
    p.updated_at = storage::now_ms();
    if (!store::update_person(tx, p, found->version))
      throw Error("stale_version", "version", "the person changed meanwhile", "人员信息已被他人修改");
    audit::append(tx,
                  audit::entry(ctx, "registry:person:update", "person:" + std::to_string(id), {{"fields", fields}}));
  });
  std::vector<Person> one{p};
  svc.db().read([&](storage::Tx& tx) { store::load_tags(tx, one); });
  return one[0];
}

Unmasked unmask_person(Service& svc, const Context& ctx, std::int64_t id, const std::string& reason) {
  std::optional<Person> p;
  svc.db().read([&](storage::Tx& tx) { p = store::person(tx, id); });
  if (!p) throw_not_found("no person " + std::to_string(id), "人员不存在");
  ctx.require("registry:person:unmask", p->region_path);
  auto open = [&](const std::optional<std::string>& sealed) -> std::optional<std::string> {
    if (!sealed) return std::nullopt;
    auto plain = svc.crypto().open(*sealed);
    if (!plain)
      throw Error("internal", "", "a sealed value did not open under the data key", "加密数据无法用当前密钥解开");
    return plain;
  };
  Unmasked out{open(p->id_sealed), open(p->phone_sealed)};
  // Recorded before the answer leaves: no audit row, no plain values.
  svc.db().write([&](storage::Tx& tx) {
    audit::append(tx,
                  audit::entry(ctx, "registry:person:unmask", "person:" + std::to_string(id), {{"reason", reason}}));
  });
  return out;
}

}  // namespace wangge::registry
