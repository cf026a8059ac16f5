// Pages of each ledger under a path, for exports.
#include "registry/store.h"

#include <algorithm>
#include <map>

#include "core/json.h"
#include "registry/store/rows.h"
#include "territory/store.h"

namespace wangge::registry::store {

using namespace detail;

namespace {

// The rows of `alias` under `path` after the cursor, in (region_path, id) order: the
// table's (region_path, id) index read in order, one page at a time.
std::string page_clause(std::string_view alias, const std::string& path, const PathCursor& after, int limit,
                        std::vector<Value>& p) {
  std::string a(alias);
  std::string sql = " WHERE " + a + ".region_path >= ? AND " + a + ".region_path < ?";
  p.emplace_back(path);
  p.emplace_back(territory::store::path_upper_bound(path));
  if (!after.region_path.empty()) {
    sql += " AND (" + a + ".region_path > ? OR (" + a + ".region_path = ? AND " + a + ".id > ?))";
    p.emplace_back(after.region_path);
    p.emplace_back(after.region_path);
    p.emplace_back(after.id);
  }
  sql += " ORDER BY " + a + ".region_path, " + a + ".id LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  return sql;
}

}  // namespace

namespace {

const std::string kPersonRowSelect = "SELECT " + prefixed(kPersonColumns, "p") +
                                     ", h.address, h.room, h.housing_type, m.relation, m.moved_in_on FROM persons p "
                                     "LEFT JOIN households h ON h.id = p.household_id "
                                     "LEFT JOIN household_members m ON m.person_id = p.id AND m.moved_out_on IS NULL";

std::vector<PersonRow> person_rows(storage::Tx& tx, const std::string& sql, const std::vector<Value>& p) {
  auto rows = tx.exec(sql, p).rows;
  std::vector<Person> persons;
  persons.reserve(rows.size());
  for (const auto& r : rows) persons.push_back(decode_person(r));
  load_tags(tx, persons);
  std::vector<PersonRow> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    std::size_t c = 20;  // after kPersonColumns
    out.push_back(PersonRow{std::move(persons[i]), r.str(c), r.str(c + 1), r.str(c + 2), r.str(c + 3), r.str(c + 4)});
  }
  return out;
}

}  // namespace

std::vector<PersonRow> export_persons(storage::Tx& tx, const std::string& path, const PathCursor& after, int limit) {
  std::vector<Value> p;
  std::string sql = kPersonRowSelect + page_clause("p", path, after, limit, p);
  return person_rows(tx, sql, p);
}

std::vector<PersonRow> export_persons_by_id(storage::Tx& tx, const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return {};
  std::vector<Value> p;
  std::string sql = kPersonRowSelect + " WHERE p.id IN (";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += i ? ", ?" : "?";
    p.emplace_back(ids[i]);
  }
  sql += ")";
  auto rows = person_rows(tx, sql, p);
  std::map<std::int64_t, std::size_t> at;
  for (std::size_t i = 0; i < ids.size(); ++i) at[ids[i]] = i;
  std::sort(rows.begin(), rows.end(),
            [&](const PersonRow& a, const PersonRow& b) { return at[a.person.id] < at[b.person.id]; });
  return rows;
}

std::vector<HouseholdRow> export_households(storage::Tx& tx, const std::string& path, const PathCursor& after,
                                            int limit) {
  std::vector<Value> p;
  std::string sql = "SELECT " + prefixed(kHouseholdColumns, "h") +
                    ", b.name, hd.name, hd.region_path, ll.name, ll.region_path, h.last_visited_at, "
                    "(SELECT count(*) FROM household_members m WHERE m.household_id = h.id AND m.moved_out_on IS NULL) "
                    "FROM households h LEFT JOIN buildings b ON b.id = h.building_id "
                    "LEFT JOIN persons hd ON hd.id = h.head_id LEFT JOIN persons ll ON ll.id = h.landlord_id" +
                    page_clause("h", path, after, limit, p);
  std::vector<HouseholdRow> out;
  for (const auto& r : tx.exec(sql, p).rows) {
    std::size_t c = 12;  // after kHouseholdColumns
    out.push_back(HouseholdRow{decode_household(r), r.str(c), r.str(c + 1), r.str(c + 2), r.str(c + 3), r.str(c + 4),
                               r.i64(c + 6), r.opt_i64(c + 5)});
  }
  return out;
}

std::vector<BuildingRow> export_buildings(storage::Tx& tx, const std::string& path, const PathCursor& after,
                                          int limit) {
  std::vector<Value> p;
  std::string sql = "SELECT " + prefixed(kBuildingColumns, "b") +
                    ", (SELECT count(*) FROM households h WHERE h.building_id = b.id) FROM buildings b" +
                    page_clause("b", path, after, limit, p);
  std::vector<BuildingRow> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(BuildingRow{decode_building(r), r.i64(9)});
  return out;
}

std::vector<BusinessRow> export_businesses(storage::Tx& tx, const std::string& path, const PathCursor& after,
                                           int limit) {
  std::vector<Value> p;
  std::string sql = "SELECT " + prefixed(kBusinessColumns, "x") +
                    ", b.name, o.name, o.region_path FROM businesses x LEFT JOIN buildings b ON b.id = x.building_id "
                    "LEFT JOIN persons o ON o.id = x.owner_id" +
                    page_clause("x", path, after, limit, p);
  std::vector<BusinessRow> out;
  for (const auto& r : tx.exec(sql, p).rows) {
    std::size_t c = kBusinessColumnCount;
    out.push_back(BusinessRow{decode_business(r), r.str(c), r.str(c + 1), r.str(c + 2)});
  }
  return out;
}

std::vector<VisitRow> export_visits(storage::Tx& tx, const std::string& path, const PathCursor& after, int limit) {
  std::vector<Value> p;
  std::string sql = "SELECT " + prefixed(kVisitColumns, "v") +
                    ", h.address, h.room FROM visits v JOIN households h ON h.id = v.household_id" +
                    page_clause("v", path, after, limit, p);
  std::vector<VisitRow> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(VisitRow{decode_visit(r), r.str(18), r.str(19)});
  return out;
}

}  // namespace wangge::registry::store
