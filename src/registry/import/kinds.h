// The four kinds of import, one file each (persons.cpp, households.cpp, buildings.cpp,
// businesses.cpp). A kind names its columns, checks a record into a Row (check), keys it
// for duplicates within the file (key), and upserts it by its natural key (Applier::apply,
// counting only when `write` is false).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/storage/database.h"
#include "registry/import/fields.h"
#include "registry/model.h"

namespace wangge::registry::import {

struct PersonImport {
  static constexpr const char* kPermission = "registry:person:write";
  static const std::vector<Column>& columns();

  struct Row {
    std::size_t line = 0;
    Person person;  // name, gender, birth, id and phone (sealed by seal()), residence, floating dates, note
    std::string id_plain, phone_plain;  // checked and normalized, until seal()
    std::string region_code, region_path, address, room, housing_type, relation;
    std::vector<std::string> tags;
  };
  static std::string key(const Row& r) { return *r.person.id_index; }
  // Encrypts the ID number and phone of a checked row; run on the import thread, so the
  // writer's time goes to SQL only. A row is sealed before it is applied with write=true.
  static void seal(Service& svc, Row& r);
  static constexpr const char* kKeyColumn = "id_number";
  static constexpr const char* kDuplicateEn = "the same ID number as line ";
  static constexpr const char* kDuplicateZh = "身份证号码重复";
  // Rows are matched to registered persons by ID number: a match outside the importer's
  // scope is a row error, as the API refuses to change such a person.
  static std::optional<std::string> match_key(const Row& r) { return r.person.id_index; }
  static std::map<std::string, std::string> match_paths(storage::Tx& tx, const std::vector<std::string>& keys);
  static RowError foreign(std::size_t line);
  static std::optional<Row> check(Common& c, Fields& in);

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
    void apply(storage::Tx& tx, const Row& r, bool write);
  };
};

// Kinds matched by their place, which check() requires in scope: nothing to look up by a
// key before the rows are applied, and an Applier that needs nothing but its counts.
struct MatchedByPlace {
  template <typename Row>
  static std::optional<std::string> match_key(const Row&) {
    return std::nullopt;
  }
  static std::map<std::string, std::string> match_paths(storage::Tx&, const std::vector<std::string>&) { return {}; }
};

struct HouseholdImport : MatchedByPlace {
  static constexpr const char* kPermission = "registry:household:write";
  static const std::vector<Column>& columns();
  using Row = Household;
  static std::string key(const Row& h) { return h.region_code + "|" + h.address + "|" + h.room; }
  static constexpr const char* kKeyColumn = "address";
  static constexpr const char* kDuplicateEn = "the same place, address and room as line ";
  static constexpr const char* kDuplicateZh = "区域、地址和房号重复";
  static RowError foreign(std::size_t line) { return {line, kKeyColumn, "", ""}; }
  static std::optional<Row> check(Common& c, Fields& in);

  struct Applier : Counts {
    Applier(Service&, std::optional<std::int64_t>, std::string, const std::vector<std::string>&) {}
    void apply(storage::Tx& tx, const Row& r, bool write);
  };
};

struct BuildingImport : MatchedByPlace {
  static constexpr const char* kPermission = "registry:building:write";
  static const std::vector<Column>& columns();
  using Row = Building;
  static std::string key(const Row& b) { return b.region_code + "|" + b.name; }
  static constexpr const char* kKeyColumn = "name";
  static constexpr const char* kDuplicateEn = "the same place and name as line ";
  static constexpr const char* kDuplicateZh = "区域和楼栋名称重复";
  static RowError foreign(std::size_t line) { return {line, kKeyColumn, "", ""}; }
  static std::optional<Row> check(Common& c, Fields& in);

  struct Applier : Counts {
    Applier(Service&, std::optional<std::int64_t>, std::string, const std::vector<std::string>&) {}
    void apply(storage::Tx& tx, const Row& r, bool write);
  };
};

struct BusinessImport {
  static constexpr const char* kPermission = "registry:business:write";
  static const std::vector<Column>& columns();
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
  static std::map<std::string, std::string> match_paths(storage::Tx& tx, const std::vector<std::string>& keys);
  static RowError foreign(std::size_t line);
  static std::optional<Row> check(Common& c, Fields& in);

  struct Applier : Counts {
    const std::vector<std::string>& scope;
    Applier(Service&, std::optional<std::int64_t>, std::string, const std::vector<std::string>& sc) : scope(sc) {}
    void apply(storage::Tx& tx, const Row& r, bool write);
  };
};

// The columns and the write permission of a kind ("persons", ...); null columns for an
// unknown kind.
const std::vector<Column>* columns_of(const std::string& kind);
const char* permission_of(const std::string& kind);

}  // namespace wangge::registry::import
