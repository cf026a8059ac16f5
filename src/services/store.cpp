#include "services/store.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/storage/cluster.h"
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "services/store_values.h"

namespace wangge::services::store {
namespace {

using storage::Value;
using values::flag;
using values::opt;

std::string materials_text(const std::vector<Material>& ms) {
  boost::json::array a;
  for (const auto& m : ms) {
    a.push_back(boost::json::object{
        {"name", m.name}, {"required", m.required}, {"form", m.form ? boost::json::value(*m.form) : nullptr}});
  }
  return boost::json::serialize(a);
}

std::vector<Material> materials_of(const std::string& text) {
  std::vector<Material> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& m : v.as_array()) {
    if (!m.is_object()) continue;
    const auto& o = m.as_object();
    Material x;
    if (const auto* n = o.if_contains("name"); n && n->is_string()) x.name = std::string(n->as_string());
    if (const auto* r = o.if_contains("required"); r && r->is_bool()) x.required = r->as_bool();
    if (const auto* f = o.if_contains("form"); f && f->is_string()) x.form = std::string(f->as_string());
    out.push_back(std::move(x));
  }
  return out;
}

constexpr const char* kItemColumns =
    "id, region_code, region_path, level, kind, name, description, materials, time_limit_days, on_behalf, "
    "door_to_door, off_hours, orderable, window_name, active, version, created_at, updated_at";

Item decode_item(const storage::Row& r) {
  Item it;
  std::size_t i = 0;
  it.id = r.i64(i++);
  it.region_code = r.str(i++);
  it.region_path = r.str(i++);
  it.level = r.str(i++);
  it.kind = r.str(i++);
  it.name = r.str(i++);
  it.description = r.str(i++);
  it.materials = materials_of(r.str(i++));
  it.time_limit_days = static_cast<int>(r.i64(i++));
  it.on_behalf = r.i64(i++) != 0;
  it.door_to_door = r.i64(i++) != 0;
  it.off_hours = r.i64(i++) != 0;
  it.orderable = r.i64(i++) != 0;
  it.window_name = r.str(i++);
  it.active = r.i64(i++) != 0;
  it.version = r.i64(i++);
  it.created_at = r.i64(i++);
  it.updated_at = r.i64(i++);
  return it;
}

constexpr const char* kAdmissionColumns =
    "a.id, a.item_id, i.name, a.community_code, a.community_path, a.status, a.basis, a.ready, a.requested_by, "
    "a.requested_at, a.decided_by, a.decided_at, a.decision_note, a.version";

Admission decode_admission(const storage::Row& r) {
  Admission a;
  std::size_t i = 0;
  a.id = r.i64(i++);
  a.item_id = r.i64(i++);
  a.item_name = r.str(i++);
  a.community_code = r.str(i++);
  a.community_path = r.str(i++);
  a.status = r.str(i++);
  a.basis = r.str(i++);
  a.ready = r.i64(i++) != 0;
  a.requested_by = r.opt_i64(i++);
  a.requested_at = r.i64(i++);
  a.decided_by = r.opt_i64(i++);
  a.decided_at = r.opt_i64(i++);
  a.decision_note = r.str(i++);
  a.version = r.i64(i++);
  return a;
}

TimelineEntry decode_entry(const storage::Row& r) {
  TimelineEntry e;
  std::size_t i = 0;
  e.id = r.i64(i++);
  e.record_kind = r.str(i++);
  e.record_id = r.i64(i++);
  e.action = r.str(i++);
  e.actor_id = r.opt_i64(i++);
  e.actor = r.str(i++);
  e.from_status = r.str(i++);
  e.to_status = r.str(i++);
  e.comment = r.str(i++);
  e.photos = r.str(i++);
  e.detail = r.str(i++);
  e.at = r.i64(i++);
  return e;
}

}  // namespace

// --- items ---

std::int64_t insert_item(storage::Tx& tx, const Item& it) {
  return tx.insert_id(
      "INSERT INTO service_items (region_code, region_path, level, kind, name, description, materials, "
      "time_limit_days, on_behalf, door_to_door, off_hours, orderable, window_name, active, version, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {it.region_code, it.region_path, it.level, it.kind, it.name, it.description, materials_text(it.materials),
       std::int64_t{it.time_limit_days}, flag(it.on_behalf), flag(it.door_to_door), flag(it.off_hours),
       flag(it.orderable), it.window_name, flag(it.active), it.version, it.created_at, it.updated_at});
}

bool update_item(storage::Tx& tx, const Item& it, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE service_items SET level = ?, kind = ?, name = ?, description = ?, materials = ?, "
               "time_limit_days = ?, on_behalf = ?, door_to_door = ?, off_hours = ?, orderable = ?, window_name = ?, "
               "active = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
               {it.level, it.kind, it.name, it.description, materials_text(it.materials),
                std::int64_t{it.time_limit_days}, flag(it.on_behalf), flag(it.door_to_door), flag(it.off_hours),
                flag(it.orderable), it.window_name, flag(it.active), it.version, it.updated_at, it.id,
                expected_version})
             .changes == 1;
}

std::optional<Item> item(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(
      tx.exec(std::string("SELECT ") + kItemColumns + " FROM service_items WHERE id = ?", {id}), decode_item);
}

std::vector<Item> items(storage::Tx& tx, const ItemFilter& f) {
  std::string sql = std::string("SELECT ") + kItemColumns + " FROM service_items WHERE region_path = ?";
  std::vector<Value> p{f.town_path};
  if (f.level) sql += " AND level = ?", p.emplace_back(*f.level);
  if (f.kind) sql += " AND kind = ?", p.emplace_back(*f.kind);
  if (f.active) sql += " AND active = ?", p.emplace_back(flag(*f.active));
  if (f.orderable) sql += " AND orderable = ?", p.emplace_back(flag(*f.orderable));
  if (f.q) sql += " AND name LIKE ?", p.emplace_back("%" + *f.q + "%");
  if (f.before_id) sql += " AND id < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode_item);
}

std::vector<Item> community_items(storage::Tx& tx, const std::string& community_code) {
  static const std::string cols = [] {
    std::string out = "i.";
    for (const char* c = kItemColumns; *c; ++c) out += (*c == ' ') ? std::string(" i.") : std::string(1, *c);
    return out;
  }();
  return storage::all_as(tx.exec("SELECT " + cols +
                                     " FROM service_admissions a JOIN service_items i ON i.id = a.item_id "
                                     "WHERE a.community_code = ? AND a.status = 'approved' AND i.active = 1 "
                                     "ORDER BY i.id DESC",
                                 {community_code}),
                         decode_item);
}

// --- admissions ---

std::optional<Admission> admission(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kAdmissionColumns +
                                            " FROM service_admissions a JOIN service_items i ON i.id = a.item_id "
                                            "WHERE a.id = ?",
                                        {id}),
                                decode_admission);
}

std::optional<Admission> admission_of(storage::Tx& tx, std::int64_t item_id, const std::string& community_code) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kAdmissionColumns +
                                            " FROM service_admissions a JOIN service_items i ON i.id = a.item_id "
                                            "WHERE a.item_id = ? AND a.community_code = ?",
                                        {item_id, community_code}),
                                decode_admission);
}

std::int64_t insert_admission(storage::Tx& tx, const Admission& a) {
  return tx.insert_id(
      "INSERT INTO service_admissions (item_id, community_code, community_path, status, basis, ready, requested_by, "
      "requested_at, decided_by, decided_at, decision_note, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {a.item_id, a.community_code, a.community_path, a.status, a.basis, flag(a.ready), opt(a.requested_by),
       a.requested_at, opt(a.decided_by), opt(a.decided_at), a.decision_note, a.version});
}

bool update_admission(storage::Tx& tx, const Admission& a, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE service_admissions SET status = ?, basis = ?, ready = ?, requested_by = ?, requested_at = ?, "
               "decided_by = ?, decided_at = ?, decision_note = ?, version = ? WHERE id = ? AND version = ?",
               {a.status, a.basis, flag(a.ready), opt(a.requested_by), a.requested_at, opt(a.decided_by),
                opt(a.decided_at), a.decision_note, a.version, a.id, expected_version})
             .changes == 1;
}

std::vector<Admission> admissions(storage::Tx& tx, const AdmissionFilter& f) {
  std::string sql = std::string("SELECT ") + kAdmissionColumns +
                    " FROM service_admissions a JOIN service_items i ON i.id = a.item_id WHERE ";
  std::vector<Value> p;
  storage::scope_clause(f.scope_paths, "a.community_path", sql, p);
  if (f.community_code) sql += " AND a.community_code = ?", p.emplace_back(*f.community_code);
  if (f.status) sql += " AND a.status = ?", p.emplace_back(*f.status);
  if (f.item_id) sql += " AND a.item_id = ?", p.emplace_back(*f.item_id);
  if (f.before_id) sql += " AND a.id < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY a.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode_admission);
}

// --- timeline ---

void append(storage::Tx& tx, const TimelineEntry& e) {
  tx.exec(
      "INSERT INTO service_timeline (record_kind, record_id, action, actor_id, actor, from_status, to_status, "
      "comment, photos, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.record_kind, e.record_id, e.action, opt(e.actor_id), e.actor, e.from_status, e.to_status, e.comment, e.photos,
       e.detail, e.at});
}

std::vector<TimelineEntry> timeline(storage::Tx& tx, const std::string& kind, std::int64_t id) {
  return storage::all_as(
      tx.exec("SELECT id, record_kind, record_id, action, actor_id, actor, from_status, to_status, comment, photos, "
              "detail, at FROM service_timeline WHERE record_kind = ? AND record_id = ? ORDER BY id",
              {kind, id}),
      decode_entry);
}

std::int64_t count_uses(storage::Tx& tx, const std::string& region_code) {
  return tx
      .exec(
          "SELECT (SELECT COUNT(*) FROM service_items WHERE region_code = ?) + (SELECT COUNT(*) FROM "
          "service_admissions WHERE community_code = ?) + (SELECT COUNT(*) FROM service_orders WHERE region_code = ?) "
          "+ (SELECT COUNT(*) FROM service_cases WHERE region_code = ? OR grid_code = ?) + (SELECT COUNT(*) FROM "
          "service_wishes WHERE region_code = ?)",
          {region_code, region_code, region_code, region_code, region_code, region_code})
      .one()
      .i64(0);
}

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  const std::string upper = storage::path_upper_bound(path);
  return tx
      .exec(
          "SELECT (SELECT COUNT(*) FROM service_items WHERE region_path >= ? AND region_path < ?) + (SELECT "
          "COUNT(*) FROM service_orders WHERE region_path >= ? AND region_path < ?) + (SELECT COUNT(*) FROM "
          "service_cases WHERE region_path >= ? AND region_path < ?) + (SELECT COUNT(*) FROM service_wishes WHERE "
          "region_path >= ? AND region_path < ?)",
          {path, upper, path, upper, path, upper, path, upper})
      .one()
      .i64(0);
}

}  // namespace wangge::services::store
