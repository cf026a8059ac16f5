// Importing the registry from CSV (UTF-8 or GBK as Chinese Excel saves it): persons (with
// their households), households, buildings or businesses, one kind a file.
//   1. the handler reads the file in the declared or detected encoding, checks the header
//      and keeps the file (as UTF-8) under the data dir: a file that cannot be read is
//      refused at once with 422 and nothing kept;
//   2. the worker checks every row (ID numbers with their check digit, credit codes,
//      phones, dates, the place and the importer's scope, buildings and owners that must
//      exist, duplicates within the file) and counts what would be inserted, updated and
//      left unchanged. Any row error rejects the whole file, with a row-by-row report
//      (line, column, message in both languages): nothing is applied;
//   3. unless it was a dry run, the worker applies the rows in chunks of their own
//      transactions (other writes interleave, reads never wait), each row an upsert by its
//      natural key: a person by ID number (their household found or created by place,
//      address and room, a move recorded when it changed, tags added), a household by
//      place, address and room, a building by place and name, a business by credit code
//      (or place and name without one). Re-importing a file changes nothing. A crash
//      mid-way is resumed at the next start from the kept file.
#include "registry/import.h"

#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "audit/audit.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/files.h"
#include "core/text.h"
#include "registry/id_number.h"
#include "registry/service.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge::registry {

bool valid_credit_code(std::string_view code);  // places.cpp

namespace {

namespace fs = std::filesystem;

// A column, by any of its header names (Chinese first, as the ledgers have them).
struct Column {
  const char* key;
  std::vector<std::string> names;
  bool required;
};

const std::map<std::string, std::string>& synonyms() {
  static const std::map<std::string, std::string> kMap = {
      {"户籍", "registered"},    {"户籍人口", "registered"}, {"常住", "permanent"},
      {"常住人口", "permanent"}, {"流动", "floating"},       {"流动人口", "floating"},
      {"自有", "owned"},         {"自住", "owned"},          {"自有住房", "owned"},
      {"出租", "rented"},        {"出租屋", "rented"},       {"租住", "rented"},
      {"公房", "public"},        {"公租房", "public"},       {"其他", "other"},
      {"户主", "head"},          {"配偶", "spouse"},         {"妻", "spouse"},
      {"夫", "spouse"},          {"子女", "child"},          {"子", "child"},
      {"女", "child"},           {"父母", "parent"},         {"父亲", "parent"},
      {"母亲", "parent"},        {"祖父母", "grandparent"},  {"外祖父母", "grandparent"},
      {"孙子女", "grandchild"},  {"外孙子女", "grandchild"}, {"兄弟姐妹", "sibling"},
      {"租户", "tenant"},        {"租客", "tenant"},
  };
  return kMap;
}

std::string trim(std::string s) {
  auto sp = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && sp(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && sp(static_cast<unsigned char>(s[i]))) ++i;
  // A full-width space (U+3000) around a value is common in hand-typed ledgers.
  s = s.substr(i);
  while (s.size() >= 3 && s.compare(0, 3, "\xE3\x80\x80") == 0) s.erase(0, 3);
  while (s.size() >= 3 && s.compare(s.size() - 3, 3, "\xE3\x80\x80") == 0) s.erase(s.size() - 3);
  return s;
}

std::string canonical(const std::string& v) {
  auto it = synonyms().find(v);
  return it == synonyms().end() ? v : it->second;
}

template <std::size_t N>
bool listed(const char* const (&allowed)[N], const std::string& v) {
  for (const char* a : allowed) {
    if (v == a) return true;
  }
  return false;
}

struct RowError {
  std::size_t line;
  std::string column, en, zh;
};

using HeaderMap = std::map<std::string, std::size_t>;  // column key -> index

// The header's columns; the missing required ones in `missing`.
HeaderMap map_header(const std::vector<Column>& columns, const std::vector<std::string>& header,
                     std::vector<std::string>* missing) {
  HeaderMap m;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string h = trim(header[i]);
    for (const auto& c : columns) {
      for (const auto& n : c.names) {
        if (h == n) m[c.key] = i;
      }
    }
  }
  for (const auto& c : columns) {
    if (c.required && !m.count(c.key)) missing->push_back(c.names[0] + std::string(" (") + c.key + ")");
  }
  return m;
}

// One record being checked: its fields by column key, and the errors found so far.
struct Fields {
  const HeaderMap& header;
  const std::vector<std::string>& values;
  std::size_t line;
  std::vector<RowError>& errors;

  std::string get(const char* key) const {
    auto it = header.find(key);
    return it == header.end() || it->second >= values.size() ? std::string() : trim(values[it->second]);
  }
  void fail(const char* column, std::string en, std::string zh) {
    errors.push_back({line, column, std::move(en), std::move(zh)});
  }
  // Text of 1 (or 0 when optional) to max characters, without control characters.
  std::string text(const char* key, std::size_t max, bool required) {
    std::string v = get(key);
    if (json::has_control_chars(v)) {
      fail(key, "contains control characters", "包含控制字符");
      return v;
    }
    if ((required && v.empty()) || json::utf8_length(v) > max) {
      fail(key, (required ? "1 to " : "at most ") + std::to_string(max) + " characters",
           (required ? "应为 1 至 " : "最多 ") + std::to_string(max) + " 个字符");
    }
    return v;
  }
};

// What every kind's check shares over one job: the importer's scope, the places and
// buildings already looked up.
struct Common {
  Service& svc;
  std::vector<std::string> scope;
  std::string today;
  std::map<std::string, std::optional<std::string>> places;  // code -> path (nullopt: unknown)
  std::map<std::string, std::vector<Building>> buildings;    // path|name -> buildings there

  // The path of the place in column `key`: a region of at least `min_digits` digits (12: a
  // community or below; 15: a grid or a unit) inside the importer's scope.
  std::optional<std::string> place(Fields& in, const char* key, std::size_t min_digits) {
    std::string code = in.get(key);
    auto it = places.find(code);
    if (it == places.end()) {
      auto region = svc.territory().find(code, false);
      std::optional<std::string> path;
      if (region && code.size() >= 12) path = region->path;
      it = places.emplace(code, path).first;
    }
    if (!it->second || code.size() < min_digits) {
      if (min_digits >= 15) {
        in.fail(key, "no grid or unit " + code, "网格或单元 " + code + " 不存在");
      } else {
        in.fail(key, "no community, grid or unit " + code, "社区、网格或单元 " + code + " 不存在");
      }
      return std::nullopt;
    }
    bool in_scope = false;
    for (const auto& s : scope) in_scope |= path_within(*it->second, s);
    if (!in_scope) {
      in.fail(key, "outside your territory", "不在您的管辖范围内");
      return std::nullopt;
    }
    return it->second;
  }

  std::optional<std::string> date(Fields& in, const char* key) {
    std::string v = in.get(key);
    if (v.empty()) return std::nullopt;
    std::replace(v.begin(), v.end(), '/', '-');
    try {
      return format_day(parse_day(v));
    } catch (const std::exception&) {
      in.fail(key, "a date YYYY-MM-DD", "应为日期 YYYY-MM-DD");
      return std::nullopt;
    }
  }

  // The building named in column `key` at or under the place; none when the column is empty.
  std::optional<std::int64_t> building(Fields& in, const char* key, const std::optional<std::string>& path) {
    std::string name = in.get(key);
    if (name.empty() || !path) return std::nullopt;
    auto it = buildings.find(*path + "|" + name);
    if (it == buildings.end()) {
      std::vector<Building> found;
      svc.db().read([&](storage::Tx& tx) { found = store::buildings_named(tx, *path, name); });
      it = buildings.emplace(*path + "|" + name, std::move(found)).first;
    }
    if (it->second.size() == 1) return it->second[0].id;
    if (it->second.empty()) {
      in.fail(key, "no building " + name + " here (import the buildings first)",
              "此处无楼栋 " + name + "（请先导入楼栋）");
    } else {
      in.fail(key, "several buildings are named " + name + " here: give the grid's code",
              "此处有多个名为 " + name + " 的楼栋，请填写其所在网格编码");
    }
    return std::nullopt;
  }
};

// What a chunk applied or would apply: kept apart until its transaction commits (the group
// commit may run a closure again), then added.
struct Counts {
  std::int64_t inserted = 0, updated = 0, unchanged = 0;
  std::int64_t chunk_inserted = 0, chunk_updated = 0, chunk_unchanged = 0;
  // Rows whose matched record is outside the importer's scope when applied (it moved
  // away after the check): left alone and reported.
  std::vector<RowError> refused, chunk_refused;
  void begin_chunk() {
    chunk_inserted = chunk_updated = chunk_unchanged = 0;
    chunk_refused.clear();
  }
  void commit_chunk() {
    inserted += chunk_inserted;
    updated += chunk_updated;
    unchanged += chunk_unchanged;
    for (auto& e : chunk_refused) refused.push_back(std::move(e));
    begin_chunk();
  }
};

bool within_any(const std::string& path, const std::vector<std::string>& scope) {
  for (const auto& s : scope) {
    if (path_within(path, s)) return true;
  }
  return false;
}

// ---------------------------------------------------------------- persons

struct PersonImport {
  static constexpr const char* kPermission = "registry:person:write";
  static const std::vector<Column>& columns() {
    static const std::vector<Column> kColumns = {
        {"name", {"姓名", "name"}, true},
        {"id_number", {"身份证号", "身份证号码", "公民身份号码", "id_number"}, true},
        {"region_code", {"网格编码", "区域编码", "所属网格", "region_code"}, true},
        {"address", {"地址", "住址", "address"}, true},
        {"room", {"房号", "门牌号", "room"}, false},
        {"phone", {"手机", "手机号", "联系电话", "电话", "phone"}, false},
        {"residence_type", {"人口类型", "户籍类型", "居住类型", "residence_type"}, false},
        {"housing_type", {"住房类型", "房屋性质", "housing_type"}, false},
        {"relation", {"与户主关系", "relation"}, false},
        {"tags", {"标签", "tags"}, false},
        {"floating_registered_on", {"居住证登记日期", "floating_registered_on"}, false},
        {"floating_expires_on", {"居住证到期日期", "floating_expires_on"}, false},
        {"note", {"备注", "note"}, false},
    };
    return kColumns;
  }

  struct Row {
    std::size_t line = 0;
    Person person;  // name, gender, birth, sealed id and phone, residence, floating dates, note
    std::string id_plain;
    std::string region_code, region_path, address, room, housing_type, relation;
    std::vector<std::string> tags;
  };
  static std::string key(const Row& r) { return *r.person.id_index; }
  // Encrypts the ID number and phone of a checked row; run on the import thread, so the
  // writer's time goes to SQL only. A row is sealed before it is applied with write=true.
  static void seal(Service& svc, Row& r) {
    r.person.id_sealed = svc.crypto().seal(r.id_plain);
    if (r.person.phone_sealed) r.person.phone_sealed = svc.crypto().seal(*r.person.phone_sealed);
  }
  static constexpr const char* kKeyColumn = "id_number";
  static constexpr const char* kDuplicateEn = "the same ID number as line ";
  static constexpr const char* kDuplicateZh = "身份证号码重复";
  // Rows are matched to registered persons by ID number: a match outside the importer's
  // scope is a row error, as the API refuses to change such a person.
  static std::optional<std::string> match_key(const Row& r) { return r.person.id_index; }
  static std::map<std::string, std::string> match_paths(storage::Tx& tx, const std::vector<std::string>& keys) {
    return store::person_paths(tx, keys);
  }
  static RowError foreign(std::size_t line) {
    return {line, kKeyColumn,
            "a person with this ID number is registered outside your territory: their move is recorded by "
            "someone whose territory covers where they live now",
            "该身份证号码的人员登记在您的管辖范围之外，须由其现居住地的管辖人员办理迁出"};
  }

  static std::optional<Row> check(Common& c, Fields& in) {
    std::size_t before = in.errors.size();
    Row r;
    r.line = in.line;
    Person& p = r.person;
    p.name = in.text("name", 50, true);
    IdProblem problem;
    auto id = parse_id_number(in.get("id_number"), c.today, &problem);
    if (!id) {
      bool empty = in.get("id_number").empty();
      in.fail("id_number", empty ? "required (rows are matched by ID number)" : problem.en,
              empty ? "必填（按身份证号码匹配）" : problem.zh);
    } else {
      r.id_plain = id->normalized;
      p.gender = id->gender;
      p.birth_date = id->birth_date;
      p.id_index = c.svc.crypto().blind_index("id_number", id->normalized);
      p.id_masked = mask_id_number(id->normalized);
    }
    if (std::string typed = in.get("phone"); !typed.empty()) {
      std::string phone = normalize_phone(typed);
      if (!valid_phone(typed)) {
        in.fail("phone", "an 11-digit mobile or a landline with area code", "应为 11 位手机号或带区号的固话");
      } else {
        p.phone_sealed = phone;  // sealed by seal() before a write
        p.phone_index = c.svc.crypto().blind_index("phone", phone);
        p.phone_masked = mask_phone(phone);
      }
    }
    std::string rt = in.get("residence_type");
    p.residence_type = rt.empty() ? "registered" : canonical(rt);
    if (!listed(kResidenceTypes, p.residence_type))
      in.fail("residence_type", "registered/户籍, permanent/常住 or floating/流动", "应为 户籍、常住 或 流动");
    p.floating_registered_on = c.date(in, "floating_registered_on");
    p.floating_expires_on = c.date(in, "floating_expires_on");
    if (p.residence_type != "floating" && (p.floating_registered_on || p.floating_expires_on))
      in.fail("residence_type", "only floating residents have residence permit dates", "仅流动人口有居住证日期");
    if (p.floating_registered_on && p.floating_expires_on && *p.floating_expires_on < *p.floating_registered_on)
      in.fail("floating_expires_on", "after the registration date", "应晚于登记日期");
    p.note = in.text("note", 500, false);  // as the API takes it
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

  struct Applier : Counts {
    Service& svc;
    std::optional<std::int64_t> actor_id;
    std::string today;
    const std::vector<std::string>& scope;
    std::unordered_map<std::string, std::int64_t> households, pending;  // code|address|room -> id
    std::int64_t next_fake = -1;                                        // dry run: households to create

    Applier(Service& s, std::optional<std::int64_t> actor, std::string day, const std::vector<std::string>& sc)
        : svc(s), actor_id(actor), today(std::move(day)), scope(sc) {}
    void begin_chunk() {
      pending.clear();
      Counts::begin_chunk();
    }
    void commit_chunk() {
      households.merge(pending);
      Counts::commit_chunk();
      pending.clear();
    }

    void apply(storage::Tx& tx, const Row& r, bool write) {
      std::int64_t now = storage::now_ms();
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
        if (!have.count(t)) add.push_back(t);
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
  };
};

// ---------------------------------------------------------------- households

struct HouseholdImport {
  static constexpr const char* kPermission = "registry:household:write";
  static const std::vector<Column>& columns() {
    static const std::vector<Column> kColumns = {
        {"region_code", {"网格编码", "区域编码", "所属网格", "region_code"}, true},
        {"address", {"地址", "住址", "address"}, true},
        {"room", {"房号", "门牌号", "room"}, false},
        {"housing_type", {"住房类型", "房屋性质", "housing_type"}, false},
        {"building", {"楼栋", "楼栋名称", "building"}, false},
    };
    return kColumns;
  }
  using Row = Household;
  static std::string key(const Row& h) { return h.region_code + "|" + h.address + "|" + h.room; }
  static constexpr const char* kKeyColumn = "address";
  static constexpr const char* kDuplicateEn = "the same place, address and room as line ";
  static constexpr const char* kDuplicateZh = "区域、地址和房号重复";
  // Matched by their place, which check() requires in scope.
  static std::optional<std::string> match_key(const Row&) { return std::nullopt; }
  static std::map<std::string, std::string> match_paths(storage::Tx&, const std::vector<std::string>&) { return {}; }
  static RowError foreign(std::size_t line) { return {line, kKeyColumn, "", ""}; }

  static std::optional<Row> check(Common& c, Fields& in) {
    std::size_t before = in.errors.size();
    Household h;
    h.region_code = in.get("region_code");
    auto path = c.place(in, "region_code", 12);
    if (path) h.region_path = *path;
    h.address = in.text("address", 200, true);
    h.room = in.text("room", 32, false);
    std::string ht = in.get("housing_type");
    h.housing_type = ht.empty() ? "owned" : canonical(ht);
    if (!listed(kHousingTypes, h.housing_type))
      in.fail("housing_type", "owned, rented, public or other", "应为 自有、出租、公房 或 其他");
    h.building_id = c.building(in, "building", path);
    if (in.errors.size() != before) return std::nullopt;
    return h;
  }

  struct Applier : Counts {
    Applier(Service&, std::optional<std::int64_t>, std::string, const std::vector<std::string>&) {}
    void apply(storage::Tx& tx, const Row& r, bool write) {
      std::int64_t now = storage::now_ms();
      auto id = store::household_at(tx, r.region_code, r.address, r.room);
      if (!id) {
        ++chunk_inserted;
        if (!write) return;
        Household h = r;
        h.created_at = h.updated_at = now;
        store::insert_household(tx, h);
        return;
      }
      Household h = *store::household(tx, *id);
      if (h.housing_type == r.housing_type && (!r.building_id || h.building_id == r.building_id)) {
        ++chunk_unchanged;
        return;
      }
      ++chunk_updated;
      if (!write) return;
      h.housing_type = r.housing_type;
      if (r.building_id) h.building_id = r.building_id;
      h.version += 1;
      h.updated_at = now;
      store::update_household(tx, h, h.version - 1);
    }
  };
};

// ---------------------------------------------------------------- buildings

std::optional<double> number_field(Fields& in, const char* key, double lo, double hi) {
  std::string v = in.get(key);
  if (v.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    double d = std::stod(v, &used);
    if (used == v.size() && d >= lo && d <= hi) return d;
  } catch (const std::exception&) {
  }
  std::string range = std::to_string(static_cast<int>(lo)) + " - " + std::to_string(static_cast<int>(hi));
  in.fail(key, "a number " + range, "应为数字 " + range);
  return std::nullopt;
}

struct BuildingImport {
  static constexpr const char* kPermission = "registry:building:write";
  static const std::vector<Column>& columns() {
    static const std::vector<Column> kColumns = {
        {"region_code", {"网格编码", "区域编码", "所属网格", "region_code"}, true},
        {"name", {"楼栋名称", "名称", "楼栋", "name"}, true},
        {"address", {"地址", "address"}, false},
        {"floors", {"层数", "楼层数", "floors"}, false},
        {"lat", {"纬度", "lat"}, false},
        {"lng", {"经度", "lng"}, false},
    };
    return kColumns;
  }
  using Row = Building;
  static std::string key(const Row& b) { return b.region_code + "|" + b.name; }
  static constexpr const char* kKeyColumn = "name";
  static constexpr const char* kDuplicateEn = "the same place and name as line ";
  static constexpr const char* kDuplicateZh = "区域和楼栋名称重复";
  // Matched by their place, which check() requires in scope.
  static std::optional<std::string> match_key(const Row&) { return std::nullopt; }
  static std::map<std::string, std::string> match_paths(storage::Tx&, const std::vector<std::string>&) { return {}; }
  static RowError foreign(std::size_t line) { return {line, kKeyColumn, "", ""}; }

  static std::optional<Row> check(Common& c, Fields& in) {
    std::size_t before = in.errors.size();
    Building b;
    b.region_code = in.get("region_code");
    if (auto path = c.place(in, "region_code", 15)) b.region_path = *path;
    b.name = in.text("name", 100, true);
    b.address = in.text("address", 200, false);
    if (auto f = number_field(in, "floors", 1, 200)) {
      if (*f != static_cast<double>(static_cast<std::int64_t>(*f))) {
        in.fail("floors", "a whole number from 1 to 200", "应为 1 至 200 的整数");
      } else {
        b.floors = static_cast<std::int64_t>(*f);
      }
    }
    b.lat = number_field(in, "lat", -90, 90);
    b.lng = number_field(in, "lng", -180, 180);
    if (b.lat.has_value() != b.lng.has_value())
      in.fail("lat", "both latitude and longitude, or neither", "经纬度须同时填写");
    if (in.errors.size() != before) return std::nullopt;
    return b;
  }

  struct Applier : Counts {
    Applier(Service&, std::optional<std::int64_t>, std::string, const std::vector<std::string>&) {}
    void apply(storage::Tx& tx, const Row& r, bool write) {
      std::int64_t now = storage::now_ms();
      std::optional<Building> found;
      for (auto& b : store::buildings_named(tx, r.region_path, r.name)) {
        if (b.region_code == r.region_code) found = std::move(b);
      }
      if (!found) {
        ++chunk_inserted;
        if (write) store::insert_building(tx, r, now);
        return;
      }
      Building b = *found;
      if (b.address == r.address && b.floors == r.floors && b.lat == r.lat && b.lng == r.lng) {
        ++chunk_unchanged;
        return;
      }
      ++chunk_updated;
      if (!write) return;
      b.address = r.address;
      b.floors = r.floors;
      b.lat = r.lat;
      b.lng = r.lng;
      b.version += 1;
      store::update_building(tx, b, b.version - 1, now);
    }
  };
};

// ---------------------------------------------------------------- businesses

struct BusinessImport {
  static constexpr const char* kPermission = "registry:business:write";
  static const std::vector<Column>& columns() {
    static const std::vector<Column> kColumns = {
        {"name", {"名称", "店名", "商户名称", "企业名称", "name"}, true},
        {"licence_no", {"统一社会信用代码", "信用代码", "licence_no"}, false},
        {"kind", {"类别", "经营类别", "行业", "kind"}, false},
        {"region_code", {"网格编码", "区域编码", "所属网格", "region_code"}, true},
        {"address", {"地址", "经营地址", "address"}, false},
        {"building", {"楼栋", "楼栋名称", "building"}, false},
        {"owner_id_number", {"经营者身份证号", "负责人身份证号", "owner_id_number"}, false},
    };
    return kColumns;
  }
  struct Row {
    std::size_t line = 0;
    Business business;
    std::optional<std::string> owner_index;  // the owner's blind index, checked to exist
  };
  static std::string key(const Row& r) {
    return r.business.licence_no ? *r.business.licence_no : r.business.region_code + "|" + r.business.name;
  }
  static constexpr const char* kKeyColumn = "licence_no";
  static constexpr const char* kDuplicateEn = "the same business (credit code, or place and name) as line ";
  static constexpr const char* kDuplicateZh = "商户重复（统一社会信用代码，或区域与名称）";
  // Matched by credit code (a business registered anywhere), else by place and name (in
  // scope by check()): a credit code matching a business outside the scope is a row error.
  static std::optional<std::string> match_key(const Row& r) { return r.business.licence_no; }
  static std::map<std::string, std::string> match_paths(storage::Tx& tx, const std::vector<std::string>& keys) {
    return store::business_paths(tx, keys);
  }
  static RowError foreign(std::size_t line) {
    return {line, kKeyColumn, "a business with this credit code is registered outside your territory",
            "该统一社会信用代码的商户登记在您的管辖范围之外"};
  }

  static std::optional<Row> check(Common& c, Fields& in) {
    std::size_t before = in.errors.size();
    Row r;
    r.line = in.line;
    Business& b = r.business;
    b.name = in.text("name", 100, true);
    if (std::string code = in.get("licence_no"); !code.empty()) {
      for (auto& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (!valid_credit_code(code)) {
        in.fail("licence_no", "not a valid unified social credit code (18 characters, check character)",
                "统一社会信用代码无效（18 位，校验位须相符）");
      } else {
        b.licence_no = code;
      }
    }
    b.kind = in.text("kind", 32, false);
    b.region_code = in.get("region_code");
    auto path = c.place(in, "region_code", 12);
    if (path) b.region_path = *path;
    b.address = in.text("address", 200, false);
    b.building_id = c.building(in, "building", path);
    if (std::string owner = in.get("owner_id_number"); !owner.empty()) {
      for (auto& ch : owner) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      IdProblem problem;
      auto id = parse_id_number(owner, c.today, &problem);
      if (!id) {
        in.fail("owner_id_number", problem.en, problem.zh);
      } else {
        std::string index = c.svc.crypto().blind_index("id_number", id->normalized);
        std::optional<Person> p;
        c.svc.db().read([&](storage::Tx& tx) { p = store::person_by_id_index(tx, index); });
        bool readable = false;
        for (const auto& s : c.scope) readable |= p && path_within(p->region_path, s);
        if (!readable) {
          in.fail("owner_id_number", "no registered person with this ID number in your territory (import them first)",
                  "您的管辖范围内未登记此身份证号码的人员（请先导入人员）");
        } else {
          b.owner_id = p->id;
        }
      }
    }
    if (in.errors.size() != before) return std::nullopt;
    return r;
  }

  struct Applier : Counts {
    const std::vector<std::string>& scope;
    Applier(Service&, std::optional<std::int64_t>, std::string, const std::vector<std::string>& sc) : scope(sc) {}
    void apply(storage::Tx& tx, const Row& r, bool write) {
      std::int64_t now = storage::now_ms();
      const Business& in = r.business;
      auto found = in.licence_no ? store::business_by_licence(tx, *in.licence_no)
                                 : store::business_named(tx, in.region_code, in.name);
      if (found && !within_any(found->region_path, scope)) {
        chunk_refused.push_back(foreign(r.line));
        return;
      }
      if (!found) {
        ++chunk_inserted;
        if (write) store::insert_business(tx, in, now);
        return;
      }
      Business b = *found;
      auto building = in.building_id ? in.building_id : b.building_id;
      auto owner = in.owner_id ? in.owner_id : b.owner_id;
      if (b.name == in.name && b.kind == in.kind && b.region_code == in.region_code && b.address == in.address &&
          b.building_id == building && b.owner_id == owner) {
        ++chunk_unchanged;
        return;
      }
      ++chunk_updated;
      if (!write) return;
      b.name = in.name;
      b.kind = in.kind;
      b.region_code = in.region_code;
      b.region_path = in.region_path;
      b.address = in.address;
      b.building_id = building;
      b.owner_id = owner;
      b.version += 1;
      store::update_business(tx, b, b.version - 1, now);
    }
  };
};

const std::vector<Column>* columns_of(const std::string& kind) {
  if (kind == "persons") return &PersonImport::columns();
  if (kind == "households") return &HouseholdImport::columns();
  if (kind == "buildings") return &BuildingImport::columns();
  if (kind == "businesses") return &BusinessImport::columns();
  return nullptr;
}

const char* permission_of(const std::string& kind) {
  if (kind == "households") return HouseholdImport::kPermission;
  if (kind == "buildings") return BuildingImport::kPermission;
  if (kind == "businesses") return BusinessImport::kPermission;
  return PersonImport::kPermission;
}

// Checks every row of a job's file, then (unless a dry run or any error) applies them in
// chunks; `stopping` is asked between rows and chunks (a stopped job resumes at the next start).
template <typename K>
void run_job(Service& svc, const store::ImportJob& job, const std::string& text, std::vector<std::string> scope,
             const std::function<bool()>& stopping) {
  const std::int64_t id = job.id;
  std::string today = svc.today();
  auto started = std::chrono::steady_clock::now();
  auto seconds_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  // Pass 1: every row checked, nothing written.
  svc.db().write([&](storage::Tx& tx) { store::set_import_status(tx, id, "checking"); });
  Common common{svc, std::move(scope), today, {}, {}};
  typename K::Applier classify(svc, job.created_by, today, common.scope);
  std::vector<RowError> errors;
  std::size_t error_total = 0;
  std::int64_t rows = 0;
  std::unordered_map<std::string, std::size_t> seen;  // natural key -> line
  // The file's header row (checked when the job was accepted), read again by each pass.
  auto read_header = [](csv::Reader& reader) {
    std::vector<std::string> fields, missing;
    std::string err;
    reader.next(fields, &err);
    return map_header(K::columns(), fields, &missing);
  };
  {
    csv::Reader reader(text);
    HeaderMap header = read_header(reader);
    std::vector<std::string> fields;
    std::string err;
    std::vector<typename K::Row> chunk;
    auto flush = [&] {
      svc.db().read([&](storage::Tx& tx) {
        classify.begin_chunk();
        for (const auto& r : chunk) classify.apply(tx, r, false);
      });
      classify.commit_chunk();
      chunk.clear();
    };
    // Rows matching a record by natural key: where that record lives, looked up 5,000 rows
    // at a time; a record outside the importer's scope makes the row an error.
    std::vector<std::pair<std::size_t, std::string>> matches;  // line, key
    auto check_matches = [&] {
      if (matches.empty()) return;
      std::vector<std::string> keys;
      for (const auto& m : matches) keys.push_back(m.second);
      std::map<std::string, std::string> paths;
      svc.db().read([&](storage::Tx& tx) { paths = K::match_paths(tx, keys); });
      for (const auto& [line, key] : matches) {
        auto it = paths.find(key);
        if (it == paths.end() || within_any(it->second, common.scope)) continue;
        ++error_total;
        if (errors.size() < 10000) errors.push_back(K::foreign(line));
      }
      matches.clear();
    };
    while (reader.next(fields, &err)) {
      ++rows;
      std::vector<RowError> row_errors;
      Fields in{header, fields, reader.line(), row_errors};
      if (!err.empty()) {
        row_errors.push_back({reader.line(), "", "malformed CSV: " + err, "CSV 格式错误：" + err});
      } else if (auto r = K::check(common, in)) {
        auto [it, fresh] = seen.emplace(K::key(*r), reader.line());
        if (!fresh) {
          row_errors.push_back({reader.line(), K::kKeyColumn, K::kDuplicateEn + std::to_string(it->second),
                                "与第 " + std::to_string(it->second) + " 行" + K::kDuplicateZh});
        } else {
          if (auto key = K::match_key(*r)) {
            matches.emplace_back(reader.line(), *key);
            if (matches.size() >= 5000) check_matches();
          }
          if (error_total == 0 && job.dry_run) {  // a real run counts as it applies
            chunk.push_back(std::move(*r));
            if (chunk.size() >= 5000) flush();
          }
        }
      }
      error_total += row_errors.size();
      for (auto& e : row_errors) {
        if (errors.size() < 10000) errors.push_back(std::move(e));
      }
      if (stopping()) return;  // resumed at the next start
    }
    check_matches();
    if (error_total == 0) flush();
  }
  std::stable_sort(errors.begin(), errors.end(), [](const RowError& a, const RowError& b) { return a.line < b.line; });
  spdlog::info("import {} ({}): {} rows checked in {:.1f} s, {} errors", id, job.kind, rows, seconds_since(started),
               error_total);
  json::array report;
  for (const auto& e : errors)
    report.push_back(json::object{{"line", e.line}, {"column", e.column}, {"message_en", e.en}, {"message_zh", e.zh}});
  svc.db().write([&](storage::Tx& tx) {
    store::set_import_check(tx, id, rows, static_cast<std::int64_t>(error_total), json::to_text(report),
                            classify.inserted, classify.updated, classify.unchanged);
  });
  if (error_total > 0 || rows == 0) {
    svc.db().write([&](storage::Tx& tx) {
      store::finish_import(
          tx, id, "rejected",
          rows == 0 ? "the file has no rows" : std::to_string(error_total) + " errors; nothing applied");
    });
    return;
  }
  if (job.dry_run) {
    svc.db().write([&](storage::Tx& tx) { store::finish_import(tx, id, "checked", "dry run: nothing applied"); });
    return;
  }
  // Pass 2: applied in chunks, each its own transaction.
  svc.db().write([&](storage::Tx& tx) { store::set_import_status(tx, id, "applying"); });
  auto applying = std::chrono::steady_clock::now();
  typename K::Applier applier(svc, job.created_by, today, common.scope);
  csv::Reader reader(text);
  HeaderMap header = read_header(reader);
  std::vector<std::string> fields;
  std::string err;
  std::vector<typename K::Row> chunk;
  std::int64_t done = 0;
  // One chunk is applied by the writer while this thread reads, checks and seals the next
  // (the applier is touched by one chunk at a time: each waits for the one before).
  std::future<void> applying_chunk;
  auto wait_applied = [&] {
    if (applying_chunk.valid()) applying_chunk.get();  // rethrows the chunk's failure
  };
  auto flush = [&] {
    wait_applied();
    applying_chunk = std::async(std::launch::async, [&, rows = std::move(chunk)] {
      svc.db().write([&](storage::Tx& tx) {
        applier.begin_chunk();
        for (const auto& r : rows) applier.apply(tx, r, true);
        store::set_import_progress(tx, id, done + static_cast<std::int64_t>(rows.size()),
                                   applier.inserted + applier.chunk_inserted, applier.updated + applier.chunk_updated,
                                   applier.unchanged + applier.chunk_unchanged);
      });
      applier.commit_chunk();
      done += static_cast<std::int64_t>(rows.size());
    });
    chunk.clear();
  };
  std::vector<RowError> ignored;
  while (reader.next(fields, &err)) {
    Fields in{header, fields, reader.line(), ignored};
    if (auto r = K::check(common, in)) {
      if constexpr (requires { K::seal(svc, *r); }) K::seal(svc, *r);
      chunk.push_back(std::move(*r));
    }
    // 10,000 rows a transaction (about 0.6 s of the writer on the reference machine): fewer,
    // larger commits write each touched index page to the WAL less often.
    if (chunk.size() >= 10000) {
      flush();
      if (stopping()) {
        wait_applied();
        return;  // resumed at the next start (upserts: nothing doubles)
      }
    }
  }
  flush();
  wait_applied();
  spdlog::info("import {} ({}): {} rows applied in {:.1f} s ({} inserted, {} updated, {} unchanged, {} refused)", id,
               job.kind, done, seconds_since(applying), applier.inserted, applier.updated, applier.unchanged,
               applier.refused.size());
  svc.db().write([&](storage::Tx& tx) {
    std::string message;
    if (!applier.refused.empty()) {
      // Records that left the importer's territory between the check and the apply.
      json::array refused;
      for (const auto& e : applier.refused) {
        if (refused.size() >= 10000) break;
        refused.push_back(
            json::object{{"line", e.line}, {"column", e.column}, {"message_en", e.en}, {"message_zh", e.zh}});
      }
      store::add_import_errors(tx, id, static_cast<std::int64_t>(applier.refused.size()), json::to_text(refused));
      message = std::to_string(applier.refused.size()) + " rows left alone: their record is outside your territory";
    }
    store::finish_import(tx, id, "done", message);
    audit::Entry e;
    e.actor_id = job.created_by;
    e.actor = "import:" + std::to_string(id);
    e.action = "registry:import:apply";
    e.target = "import:" + std::to_string(id);
    e.detail = json::to_text(json::object{{"kind", job.kind},
                                          {"rows", done},
                                          {"inserted", applier.inserted},
                                          {"updated", applier.updated},
                                          {"unchanged", applier.unchanged}});
    audit::append(tx, e);
  });
}

json::object job_json(const store::ImportJob& j, bool with_errors) {
  json::object o{{"id", j.id},
                 {"kind", j.kind},
                 {"status", j.status},
                 {"dry_run", j.dry_run},
                 {"filename", j.filename},
                 {"encoding", j.encoding},
                 {"rows", j.rows_total},
                 {"rows_done", j.rows_done},
                 {"inserted", j.inserted},
                 {"updated", j.updated},
                 {"unchanged", j.unchanged},
                 {"error_count", j.error_count},
                 {"message", j.message},
                 {"created_at", json::rfc3339(j.created_at)},
                 {"finished_at", j.finished_at ? json::value(json::rfc3339(*j.finished_at)) : json::value(nullptr)}};
  if (with_errors) {
    boost::system::error_code ec;
    auto errors = boost::json::parse(j.errors, ec);
    json::array first;
    if (!ec && errors.is_array()) {
      for (const auto& e : errors.as_array()) {
        if (first.size() >= 100) break;
        first.push_back(e);
      }
    }
    o["errors"] = std::move(first);
  }
  return o;
}

}  // namespace

namespace {

bool finished(const std::string& status) {
  return status != "queued" && status != "checking" && status != "applying";
}

void remove_file(const std::string& path) {
  std::error_code ec;
  if (!path.empty()) fs::remove(path, ec);
}

}  // namespace

Importer::Importer(Service& svc, std::string dir) : svc_(svc), dir_(std::move(dir)) {
  fs::create_directories(dir_);
  sweep();
  worker_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "wg-import");
    run();
  });
}

Importer::~Importer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void Importer::wake() {
  cv_.notify_all();
}

bool Importer::stopping() {
  std::lock_guard lock(mu_);
  return stop_;
}

void Importer::sweep() {
  // Files are kept only while their job needs them, and sealed (older versions kept every
  // file, in clear): a finished job's file goes, an unfinished one's is sealed, a file no
  // job names (a crash between the file and its job) goes.
  std::vector<store::ImportJob> jobs;
  svc_.db().read([&](storage::Tx& tx) { jobs = store::import_files(tx); });
  std::set<std::string> kept;
  std::size_t sealed = 0, removed = 0;
  for (const auto& j : jobs) {
    std::error_code ec;
    if (j.file_path.empty() || !fs::exists(j.file_path, ec)) continue;
    if (finished(j.status)) {
      remove_file(j.file_path);
      ++removed;
    } else {
      sealed += files::seal_in_place(j.file_path, svc_.crypto()) ? 1 : 0;
      kept.insert(fs::weakly_canonical(j.file_path, ec).string());
    }
  }
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    std::error_code ec2;
    if (!entry.is_regular_file(ec2) || kept.count(fs::weakly_canonical(entry.path(), ec2).string())) continue;
    remove_file(entry.path().string());
    ++removed;
  }
  if (sealed + removed > 0)
    spdlog::info("imports: {} files of unfinished jobs sealed, {} files of finished jobs removed", sealed, removed);
}

void Importer::run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    std::optional<std::int64_t> next;
    try {
      svc_.db().read([&](storage::Tx& tx) { next = store::next_import(tx); });
      if (next) process(*next);
    } catch (const std::exception& e) {
      spdlog::warn("import: {}", e.what());
      if (next) {
        try {
          svc_.db().write([&](storage::Tx& tx) { store::finish_import(tx, *next, "failed", e.what()); });
        } catch (...) {
        }
      }
    }
    // A finished job's file goes at once: its report lives in the job (no row data).
    if (next) {
      try {
        std::optional<store::ImportJob> job;
        svc_.db().read([&](storage::Tx& tx) { job = store::import_job(tx, *next); });
        if (job && finished(job->status)) remove_file(job->file_path);
      } catch (const std::exception& e) {
        spdlog::warn("import: {}", e.what());
      }
    }
    lock.lock();
    if (!next) cv_.wait_for(lock, std::chrono::seconds(5));
  }
}

void Importer::process(std::int64_t id) {
  store::ImportJob job;
  svc_.db().read([&](storage::Tx& tx) { job = *store::import_job(tx, id); });
  std::string text = files::read_sealed(job.file_path, svc_.crypto());
  std::vector<std::string> scope;
  {
    boost::system::error_code ec;
    auto v = boost::json::parse(job.scope, ec);
    if (!ec && v.is_array()) {
      for (const auto& s : v.as_array()) scope.emplace_back(s.as_string());
    }
  }
  auto stop = [this] { return stopping(); };
  if (job.kind == "households") {
    run_job<HouseholdImport>(svc_, job, text, std::move(scope), stop);
  } else if (job.kind == "buildings") {
    run_job<BuildingImport>(svc_, job, text, std::move(scope), stop);
  } else if (job.kind == "businesses") {
    run_job<BusinessImport>(svc_, job, text, std::move(scope), stop);
  } else {
    run_job<PersonImport>(svc_, job, text, std::move(scope), stop);
  }
}

void Service::set_import_dir(const std::string& dir) {
  importer_ = std::make_unique<Importer>(*this, dir);
}

Service::~Service() = default;

void Service::register_import_routes(http::Router& router) {
  router.add("POST", "/api/v1/registry/imports",
             {.summary = "Import persons (with their households), households, buildings or businesses from CSV, "
                         "UTF-8 or GBK; checked row by row, applied in the background unless dry_run",
              .tag = "registry",
              .permission = "registry:person:write",  // and the kind's own write permission
              .query = {{"kind", "persons (default), households, buildings or businesses"},
                        {"dry_run", "true: check and count only"},
                        {"encoding", "auto (default), utf-8 or gbk"},
                        {"filename", "the file's name, for the record"}},
              .request_body = "the CSV file's bytes",
              .statuses = {202, 403, 413, 422},
              .load = http::Load::bulk, .body = http::Body::import},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               std::string kind = req.query_param("kind").value_or("persons");
               const auto* columns = columns_of(kind);
               if (!columns)
                 throw Error("invalid_query", "kind", "persons, households, buildings or businesses",
                             "应为 persons、households、buildings 或 businesses");
               const char* permission = permission_of(kind);
               ctx.require_somewhere("registry:person:write");
               ctx.require_somewhere(permission);
               if (!importer_) throw Error("internal", "", "imports are not configured", "未配置导入目录");
               std::string encoding = req.query_param("encoding").value_or("auto");
               if (encoding != "auto" && encoding != "utf-8" && encoding != "gbk")
                 throw Error("invalid_query", "encoding", "auto, utf-8 or gbk", "应为 auto、utf-8 或 gbk");
               auto dry = req.query_param("dry_run");
               bool dry_run = dry && (*dry == "true" || *dry == "1");
               std::string used;
               auto text = text::to_utf8(req.body, encoding, &used);
               if (!text)
                 throw_validation("encoding", "the file is not valid " + used + " text (save it as UTF-8 or GBK CSV)",
                                  "文件不是有效的 " + used + " 文本（请另存为 UTF-8 或 GBK 编码的 CSV）");
               if (text->find('\0') != std::string::npos)
                 throw_validation("body", "the file holds NUL characters (is it a CSV file?)",
                                  "文件包含空字符（是否为 CSV 文件？）");
               csv::Reader reader(*text);
               std::vector<std::string> header;
               std::string err;
               if (!reader.next(header, &err) || !err.empty())
                 throw_validation("header", "the first line names the columns", "第一行应为列名");
               std::vector<std::string> missing;
               map_header(*columns, header, &missing);
               if (!missing.empty()) {
                 std::string list;
                 for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
                 throw_validation("header", "missing columns: " + list, "缺少列：" + list);
               }
               store::ImportJob job;
               job.kind = kind;
               job.dry_run = dry_run;
               job.filename = text::truncate_utf8(req.query_param("filename").value_or(""), 200);
               job.encoding = used;
               job.created_by = ctx.actor_id();
               json::array scope;
               for (const auto& s : ctx.user().scope(permission)) scope.push_back(json::value(s));
               job.scope = json::to_text(scope);
               job.created_at = storage::now_ms();
               // The file first (sealed, fsynced), then the job that points at it.
               std::string path = importer_->dir() + "/" + std::to_string(job.created_at) + "-" +
                                  std::to_string(ctx.actor_id().value_or(0)) + "-" +
                                  std::to_string(randombytes_random()) + ".csv.sealed";
               files::write_sealed(path, *text, crypto_);
               job.file_path = path;
               db_.write([&](storage::Tx& tx) {
                 job.id = store::insert_import(tx, job);
                 audit::append(tx,
                               audit::entry(ctx, "registry:import:create", "import:" + std::to_string(job.id),
                                            {{"dry_run", dry_run}, {"encoding", used}, {"bytes", req.body.size()}}));
               });
               job.status = "queued";
               importer_->wake();
               return json::respond(202, job_json(job, false));
             });

  router.add("GET", "/api/v1/registry/imports",
             {.summary = "The caller's imports (all of them for an administrator), newest first",
              .tag = "registry",
              .permission = "registry:person:write"},
             [this](Context& ctx) {
               ctx.require_somewhere("registry:person:write");
               bool all = ctx.user().can("accounts:user:write", "/");
               std::vector<store::ImportJob> jobs;
               db_.read([&](storage::Tx& tx) { jobs = store::imports(tx, all ? std::nullopt : ctx.actor_id(), 100); });
               json::array items;
               for (const auto& j : jobs) items.push_back(job_json(j, false));
               return json::respond(200, json::object{{"items", std::move(items)}});
             });

  auto load = [this](Context& ctx) {
    ctx.require_somewhere("registry:person:write");
    std::int64_t id = json::path_id(ctx.req(), "id");
    std::optional<store::ImportJob> job;
    db_.read([&](storage::Tx& tx) { job = store::import_job(tx, id); });
    if (!job || (job->created_by != ctx.actor_id() && !ctx.user().can("accounts:user:write", "/")))
      throw_not_found("no import " + std::to_string(id), "导入任务不存在");
    return *job;
  };
  router.add("GET", "/api/v1/registry/imports/{id}",
             {.summary = "An import's state, counts and its first 100 row errors",
              .tag = "registry",
              .permission = "registry:person:write",
              .statuses = {200, 404}},
             [load](Context& ctx) { return json::respond(200, job_json(load(ctx), true)); });
  router.add("GET", "/api/v1/registry/imports/{id}/errors.csv",
             {.summary = "An import's row-by-row error report as CSV (line, column, message)",
              .tag = "registry",
              .permission = "registry:person:write",
              .statuses = {200, 404}},
             [load](Context& ctx) {
               auto job = load(ctx);
               std::string out = "\xEF\xBB\xBF行号 line,列 column,错误 error,error\r\n";
               boost::system::error_code ec;
               auto errors = boost::json::parse(job.errors, ec);
               if (!ec && errors.is_array()) {
                 for (const auto& e : errors.as_array()) {
                   const auto& o = e.as_object();
                   out += std::to_string(o.at("line").to_number<std::int64_t>()) + "," +
                          csv::quote(std::string(o.at("column").as_string())) + "," +
                          csv::quote(std::string(o.at("message_zh").as_string())) + "," +
                          csv::quote(std::string(o.at("message_en").as_string())) + "\r\n";
                 }
               }
               http::Response r;
               r.status = 200;
               r.content_type = "text/csv; charset=utf-8";
               r.headers.emplace_back("Content-Disposition",
                                      "attachment; filename=\"import-" + std::to_string(job.id) + "-errors.csv\"");
               r.body = std::move(out);
               return r;
             });
}

}  // namespace wangge::registry
