#include "registry/store/rows.h"

#include "territory/store.h"

namespace wangge::registry::store::detail {

const char* const kPersonColumns =
    "id, name, gender, birth_date, id_sealed, id_index, id_masked, phone_sealed, phone_index, phone_masked, "
    "residence_type, floating_registered_on, floating_expires_on, household_id, region_code, region_path, note, "
    "version, created_at, updated_at";
const char* const kHouseholdColumns =
    "id, region_code, region_path, building_id, address, room, housing_type, landlord_id, head_id, version, "
    "created_at, updated_at";
const char* const kTagColumns = "id, person_id, tag, since, until, note";
const char* const kMembershipColumns = "id, household_id, person_id, relation, moved_in_on, moved_out_on, out_reason";
const char* const kBuildingColumns = "id, region_code, region_path, name, address, floors, lat, lng, version";
const char* const kBusinessColumns =
    "id, name, licence_no, kind, owner_id, region_code, region_path, building_id, address, version";
const char* const kVisitColumns =
    "id, household_id, region_code, region_path, status, planned_on, visited_at, visitor_id, visitor_name, purpose, "
    "findings, photos, lat, lng, event_id, version, created_at, updated_at";
const char* const kImportColumns =
    "id, kind, status, dry_run, filename, encoding, file_path, rows_total, rows_done, inserted, updated, unchanged, "
    "error_count, errors, message, created_by, scope, created_at, finished_at";

void scope_clause(const std::vector<std::string>& paths, std::string& sql, std::vector<Value>& p) {
  territory::store::scope_clause(paths, "region_path", sql, p);
}

void under(const std::optional<std::string>& path, std::string& sql, std::vector<Value>& p) {
  if (!path) return;
  sql += " AND region_path >= ? AND region_path < ?";
  p.emplace_back(*path);
  p.emplace_back(territory::store::path_upper_bound(*path));
}

// "id, name" -> "p.id, p.name": a table's column list inside a join.
std::string prefixed(std::string_view columns, std::string_view alias) {
  std::string out;
  std::size_t pos = 0;
  while (pos < columns.size()) {
    std::size_t comma = columns.find(',', pos);
    if (comma == std::string_view::npos) comma = columns.size();
    std::string_view col = columns.substr(pos, comma - pos);
    while (!col.empty() && col.front() == ' ') col.remove_prefix(1);
    if (!out.empty()) out += ", ";
    out.append(alias).append(".").append(col);
    pos = comma + 1;
  }
  return out;
}

Person decode_person(const storage::Row& r) {
  Person p;
  std::size_t i = 0;
  p.id = r.i64(i++);
  p.name = r.str(i++);
  p.gender = r.str(i++);
  p.birth_date = r.str(i++);
  p.id_sealed = r.opt_str(i++);
  p.id_index = r.opt_str(i++);
  p.id_masked = r.str(i++);
  p.phone_sealed = r.opt_str(i++);
  p.phone_index = r.opt_str(i++);
  p.phone_masked = r.str(i++);
  p.residence_type = r.str(i++);
  p.floating_registered_on = r.opt_str(i++);
  p.floating_expires_on = r.opt_str(i++);
  p.household_id = r.opt_i64(i++);
  p.region_code = r.str(i++);
  p.region_path = r.str(i++);
  p.note = r.str(i++);
  p.version = r.i64(i++);
  p.created_at = r.i64(i++);
  p.updated_at = r.i64(i++);
  return p;
}

std::vector<Value> person_values(const Person& p) {
  return {p.name,
          p.gender,
          p.birth_date,
          blob(p.id_sealed),
          opt(p.id_index),
          p.id_masked,
          blob(p.phone_sealed),
          opt(p.phone_index),
          p.phone_masked,
          p.residence_type,
          opt(p.floating_registered_on),
          opt(p.floating_expires_on),
          opt(p.household_id),
          p.region_code,
          p.region_path,
          p.note,
          p.version,
          p.updated_at};
}

Household decode_household(const storage::Row& r) {
  Household h;
  h.id = r.i64(0);
  h.region_code = r.str(1);
  h.region_path = r.str(2);
  h.building_id = r.opt_i64(3);
  h.address = r.str(4);
  h.room = r.str(5);
  h.housing_type = r.str(6);
  h.landlord_id = r.opt_i64(7);
  h.head_id = r.opt_i64(8);
  h.version = r.i64(9);
  h.created_at = r.i64(10);
  h.updated_at = r.i64(11);
  return h;
}

Tag decode_tag(const storage::Row& r) {
  return Tag{r.i64(0), r.i64(1), r.str(2), r.str(3), r.opt_str(4), r.str(5)};
}

Membership decode_membership(const storage::Row& r) {
  return Membership{r.i64(0), r.i64(1), r.i64(2), r.str(3), r.str(4), r.opt_str(5), r.opt_str(6)};
}

Building decode_building(const storage::Row& r) {
  Building b;
  b.id = r.i64(0);
  b.region_code = r.str(1);
  b.region_path = r.str(2);
  b.name = r.str(3);
  b.address = r.str(4);
  b.floors = r.opt_i64(5);
  if (!r.is_null(6)) b.lat = r.f64(6);
  if (!r.is_null(7)) b.lng = r.f64(7);
  b.version = r.i64(8);
  return b;
}

Business decode_business(const storage::Row& r) {
  Business b;
  b.id = r.i64(0);
  b.name = r.str(1);
  b.licence_no = r.opt_str(2);
  b.kind = r.str(3);
  b.owner_id = r.opt_i64(4);
  b.region_code = r.str(5);
  b.region_path = r.str(6);
  b.building_id = r.opt_i64(7);
  b.address = r.str(8);
  b.version = r.i64(9);
  return b;
}

Visit decode_visit(const storage::Row& r) {
  Visit v;
  std::size_t i = 0;
  v.id = r.i64(i++);
  v.household_id = r.i64(i++);
  v.region_code = r.str(i++);
  v.region_path = r.str(i++);
  v.status = r.str(i++);
  v.planned_on = r.opt_str(i++);
  v.visited_at = r.opt_i64(i++);
  v.visitor_id = r.opt_i64(i++);
  v.visitor_name = r.str(i++);
  v.purpose = r.str(i++);
  v.findings = r.str(i++);
  v.photos = r.str(i++);
  if (!r.is_null(i)) v.lat = r.f64(i);
  ++i;
  if (!r.is_null(i)) v.lng = r.f64(i);
  ++i;
  v.event_id = r.opt_i64(i++);
  v.version = r.i64(i++);
  v.created_at = r.i64(i++);
  v.updated_at = r.i64(i++);
  return v;
}

}  // namespace wangge::registry::store::detail
