// Importing persons, each with the household at their place, address and room; matched by ID
// number. A move is recorded when the household changed, tags are added, never removed.
#include <set>

#include "core/auth.h"
#include "core/error.h"
#include "registry/id_number.h"
#include "registry/import/kinds.h"
#include "registry/rules.h"
#include "registry/service.h"
#include "registry/store.h"

namespace wangge::registry::import {

const std::vector<Column>& PersonImport::columns() {
  static const std::vector<Column> kColumns = {
      {"name", {"姓名", "name"}, true},
      {"id_number", {"身份证号", "身份证号码", "公民身份号码", "id_number"}, true, Format::digits},
      {"region_code", {"网格编码", "区域编码", "所属网格", "region_code"}, true, Format::code},
      {"address", {"地址", "住址", "address"}, true},
      {"room", {"房号", "门牌号", "room"}, false},
      {"phone", {"手机", "手机号", "联系电话", "电话", "phone"}, false, Format::digits},
      {"residence_type", {"人口类型", "户籍类型", "居住类型", "residence_type"}, false},
      {"housing_type", {"住房类型", "房屋性质", "housing_type"}, false},
      {"relation", {"与户主关系", "relation"}, false},
      {"tags", {"标签", "tags"}, false},
      {"floating_registered_on", {"居住证登记日期", "floating_registered_on"}, false, Format::date},
      {"floating_expires_on", {"居住证到期日期", "floating_expires_on"}, false, Format::date},
      {"note", {"备注", "note"}, false},
  };
  return kColumns;
}

void PersonImport::seal(Service& svc, Row& r) {
  r.person.id_sealed = svc.crypto().seal(r.id_plain);
  if (!r.phone_plain.empty()) r.person.phone_sealed = svc.crypto().seal(r.phone_plain);
}

std::map<std::string, std::string> PersonImport::match_paths(storage::Tx& tx, const std::vector<std::string>& keys) {
  return store::person_paths(tx, keys);
}

RowError PersonImport::foreign(std::size_t line) {
  return {line, kKeyColumn,
          "a person with this ID number is registered outside your territory: their move is recorded by "
          "someone whose territory covers where they live now",
          "该身份证号码的人员登记在您的管辖范围之外，须由其现居住地的管辖人员办理迁出"};
}

std::optional<PersonImport::Row> PersonImport::check(Common& c, Fields& in) {
  std::size_t before = in.errors.size();
  Row r;
  r.line = in.line;
  PersonInput input;
  input.name = in.text("name", 50, true);
  if (std::string id = in.get("id_number"); !id.empty()) input.id_number = {true, id};
  if (std::string typed = in.get("phone"); !typed.empty()) input.phone = {true, typed};
  std::string rt = in.get("residence_type");
  std::string type = rt.empty() ? "registered" : canonical(rt);
  if (listed(kResidenceTypes, type)) {
    input.residence_type = type;
  } else {
    in.fail("residence_type", "registered/户籍, permanent/常住 or floating/流动", "应为 户籍、常住 或 流动");
  }
  if (auto on = c.date(in, "floating_registered_on")) input.floating_registered_on = {true, on};
  if (auto on = c.date(in, "floating_expires_on")) input.floating_expires_on = {true, on};
  FieldProblems problems{in};
  PersonSecrets secrets = check_person(input, r.person, {c.today, true, true}, c.svc.crypto(), problems);
  r.id_plain = secrets.id_number;
  r.phone_plain = secrets.phone;                // both sealed by seal() before a write
  r.person.note = in.text("note", 500, false);  // as the API takes it
  r.region_code = in.get("region_code");
  if (auto path = c.place(in, "region_code", 12)) r.region_path = *path;
  r.address = in.text("address", 200, true);
  r.room = in.text("room", 32, false);
  std::string ht = in.get("housing_type");
  r.housing_type = ht.empty() ? "owned" : canonical(ht);
  if (!listed(kHousingTypes, r.housing_type))
    in.fail("housing_type", "owned, rented, public or other", "应为 自有、出租、公房 或 其他");
  std::string rel = in.get("relation");
  r.relation = rel.empty() ? "other" : canonical(rel);
  if (!listed(kRelations, r.relation))
    in.fail("relation", "a relation to the head (户主, 配偶, 子女, ...)", "应为与户主关系（户主、配偶、子女等）");
  std::string tags = in.get("tags");
  for (std::size_t pos = 0; pos <= tags.size();) {
    std::size_t end = tags.size();
    for (const char* sep : {";", ",", "|", "；", "，", "、"}) {
      auto k = tags.find(sep, pos);
      if (k != std::string::npos && k < end) end = k;
    }
    std::string t = trim(tags.substr(pos, end - pos));
    if (!t.empty()) {
      const TagKind* kind = find_tag_kind(t);
      for (const auto& k : kTagKinds) {
        if (!kind && (k.name_zh == t || k.name_en == t)) kind = &k;
      }
      if (!kind) {
        in.fail("tags", "unknown tag " + t, "未知标签 " + t);
      } else {
        r.tags.emplace_back(kind->code);
      }
    }
    if (end == tags.size()) break;
    std::size_t sep_len = static_cast<unsigned char>(tags[end]) < 0x80 ? 1 : 3;
    pos = end + sep_len;
  }
  if (in.errors.size() != before) return std::nullopt;
  return r;
}

void PersonImport::Applier::apply(storage::Tx& tx, const Row& r, bool write) {
  std::int64_t now = storage::now_ms();
  // Import rows are matched by ID number: check_person refuses a row without one.
  if (!r.person.id_index) throw std::logic_error("person import row without an ID number");
  auto existing = store::person_by_id_index(tx, *r.person.id_index);
  if (existing && !within_any(existing->region_path, scope)) {
    chunk_refused.push_back(foreign(r.line));
    return;
  }
  std::string hkey = r.region_code + "|" + r.address + "|" + r.room;
  std::int64_t hid;
  if (auto hit = pending.find(hkey); hit != pending.end()) {
    hid = hit->second;
  } else if (auto known = households.find(hkey); known != households.end()) {
    hid = known->second;
  } else if (auto found = store::household_at(tx, r.region_code, r.address, r.room)) {
    hid = pending[hkey] = *found;
  } else if (write) {
    Household h;
    h.region_code = r.region_code;
    h.region_path = r.region_path;
    h.address = r.address;
    h.room = r.room;
    h.housing_type = r.housing_type;
    h.created_at = h.updated_at = now;
    hid = pending[hkey] = store::insert_household(tx, h);
  } else {
    hid = pending[hkey] = next_fake--;
  }
  if (!existing) {
    ++chunk_inserted;
    if (!write) return;
    Person p = r.person;  // sealed
    p.region_code = r.region_code;
    p.region_path = r.region_path;
    p.household_id = hid;
    p.created_at = p.updated_at = now;
    p.id = store::insert_person(tx, p);
    store::add_membership_later(tx, {0, hid, p.id, r.relation, today, {}, {}}, actor_id, now);
    // A row marked 户主 heads its household unless it already has a head (as registering
    // a head through the API does).
    if (r.relation == "head") store::head_if_none(tx, hid, p.id, now);
    for (const auto& t : r.tags) store::add_tag_later(tx, {0, p.id, t, today, {}, ""}, actor_id, now);
    return;
  }
  Person p = *existing;
  bool same = p.name == r.person.name && p.phone_index == r.person.phone_index &&
              p.residence_type == r.person.residence_type &&
              p.floating_registered_on == r.person.floating_registered_on &&
              p.floating_expires_on == r.person.floating_expires_on && p.note == r.person.note &&
              p.household_id == std::optional<std::int64_t>(hid);
  std::set<std::string> have;
  if (!r.tags.empty()) {
    for (const auto& t : store::tag_history(tx, p.id)) {
      if (!t.until) have.insert(t.tag);
    }
  }
  std::vector<std::string> add;
  for (const auto& t : r.tags) {
    if (!have.contains(t)) add.push_back(t);
  }
  if (same && add.empty()) {
    ++chunk_unchanged;
    return;
  }
  ++chunk_updated;
  if (!write) return;
  for (const auto& t : add) store::insert_tag(tx, {0, p.id, t, today, {}, ""}, actor_id, now);
  if (same) return;
  p.name = r.person.name;
  if (r.person.phone_index != p.phone_index) {
    p.phone_index = r.person.phone_index;
    p.phone_masked = r.person.phone_masked;
    p.phone_sealed = r.person.phone_sealed;
  }
  p.residence_type = r.person.residence_type;
  p.floating_registered_on = r.person.floating_registered_on;
  p.floating_expires_on = r.person.floating_expires_on;
  p.note = r.person.note;
  if (p.household_id != std::optional<std::int64_t>(hid)) {
    if (auto cur = store::current_membership(tx, p.id)) {
      store::close_membership(tx, cur->id, today, "import");
      store::clear_head_if(tx, cur->household_id, p.id, now);  // as a move through the API does
    }
    store::insert_membership(tx, {0, hid, p.id, r.relation, today, {}, {}}, actor_id, now);
    if (r.relation == "head") store::head_if_none(tx, hid, p.id, now);
    p.household_id = hid;
    p.region_code = r.region_code;
    p.region_path = r.region_path;
  }
  p.version += 1;
  p.updated_at = now;
  store::update_person(tx, p, p.version - 1);
}

}  // namespace wangge::registry::import
