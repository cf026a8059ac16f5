// The SQL of projects (项目清单, 民生微实事), the units taking part and their progress.
#include "cobuild/store.h"
#include "core/storage/rows.h"
#include "core/storage/scope.h"

namespace wangge::cobuild::store {
namespace {

using storage::Value;

constexpr const char* kProjectFields =
    "p.id, p.region_code, p.region_path, p.title, p.description, p.budget_cents, p.spent_cents, p.owner_name, "
    "p.owner_unit_id, p.status, p.progress, p.due_on, p.started_on, p.done_on, p.cancel_reason, p.created_by, "
    "p.version, p.created_at, p.updated_at, (SELECT COUNT(*) FROM cobuild_needs n WHERE n.project_id = p.id)";
const std::string kProjectColumns = std::string(kProjectFields) + " FROM cobuild_projects p";

Project decode_project(const storage::Row& r) {
  Project p;
  std::size_t i = 0;
  p.id = r.i64(i++);
  p.region_code = r.str(i++);
  p.region_path = r.str(i++);
  p.title = r.str(i++);
  p.description = r.str(i++);
  p.budget_cents = r.i64(i++);
  p.spent_cents = r.i64(i++);
  p.owner_name = r.str(i++);
  p.owner_unit_id = r.opt_i64(i++);
  p.status = r.str(i++);
  p.progress = static_cast<int>(r.i64(i++));
  p.due_on = r.opt_str(i++);
  p.started_on = r.opt_str(i++);
  p.done_on = r.opt_str(i++);
  p.cancel_reason = r.str(i++);
  p.created_by = r.i64(i++);
  p.version = r.i64(i++);
  p.created_at = r.i64(i++);
  p.updated_at = r.i64(i++);
  p.needs = r.i64(i++);
  return p;
}

// The units of these projects, lead first, filled into them.
void fill_participants(storage::Tx& tx, std::vector<Project>& ps) {
  if (ps.empty()) return;
  std::vector<Value> p;
  std::string in = storage::in_list(ps, p, &Project::id);
  std::map<std::int64_t, std::vector<Participant>> by;
  for (const auto& r : tx.exec("SELECT pu.project_id, pu.unit_id, pu.role, u.name FROM cobuild_project_units pu JOIN "
                               "cobuild_units u ON u.id = pu.unit_id WHERE pu.project_id IN (" +
                                   in +
                                   ") ORDER BY pu.project_id, (CASE WHEN pu.role = 'lead' THEN 0 ELSE 1 END), "
                                   "pu.added_at, pu.unit_id",
                               p)
                           .rows)
    by[r.i64(0)].push_back(Participant{r.i64(0), r.i64(1), r.str(2), r.str(3)});
  for (auto& x : ps) x.units = by[x.id];
}

}  // namespace

std::int64_t insert_project(storage::Tx& tx, const Project& p) {
  return tx.insert_id(
      "INSERT INTO cobuild_projects (region_code, region_path, title, description, budget_cents, spent_cents, "
      "owner_name, owner_unit_id, status, progress, due_on, created_by, version, created_at, updated_at) VALUES (?, ?, "
      "?, ?, ?, 0, ?, ?, 'planned', 0, ?, ?, 1, ?, ?) RETURNING id",
      {p.region_code, p.region_path, p.title, p.description, p.budget_cents, p.owner_name, opt_int(p.owner_unit_id),
       opt_text(p.due_on), p.created_by, p.created_at, p.updated_at});
}

bool update_project(storage::Tx& tx, const Project& p, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE cobuild_projects SET title = ?, description = ?, budget_cents = ?, spent_cents = ?, owner_name "
               "= ?, owner_unit_id = ?, status = ?, progress = ?, due_on = ?, started_on = ?, done_on = ?, "
               "cancel_reason = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
               {p.title, p.description, p.budget_cents, p.spent_cents, p.owner_name, opt_int(p.owner_unit_id), p.status,
                std::int64_t{p.progress}, opt_text(p.due_on), opt_text(p.started_on), opt_text(p.done_on),
                p.cancel_reason, p.version, p.updated_at, p.id, expected_version})
             .changes == 1;
}

void record_progress(storage::Tx& tx, std::int64_t id, int progress, std::optional<std::int64_t> spent_cents,
                     std::int64_t at) {
  if (spent_cents)
    tx.exec(
        "UPDATE cobuild_projects SET progress = ?, spent_cents = ?, version = version + 1, updated_at = ? WHERE id = ?",
        {std::int64_t{progress}, *spent_cents, at, id});
  else
    tx.exec("UPDATE cobuild_projects SET progress = ?, version = version + 1, updated_at = ? WHERE id = ?",
            {std::int64_t{progress}, at, id});
}

std::optional<Project> project(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec("SELECT " + kProjectColumns + " WHERE p.id = ?", {id});
  auto all = storage::all_as(res, decode_project);
  fill_participants(tx, all);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<Project> projects(storage::Tx& tx, const ProjectFilter& f) {
  std::string sql = "SELECT " + kProjectColumns + " WHERE ";
  std::vector<Value> p;
  storage::reach_clause(f.where.within, f.where.line, "p.region_path", sql, p);
  if (f.where.under) {
    sql += " AND ";
    storage::scope_clause({*f.where.under}, "p.region_path", sql, p);
  }
  if (f.status) sql += " AND p.status = ?", p.emplace_back(*f.status);
  if (f.unit_id) {
    sql += " AND p.id IN (SELECT project_id FROM cobuild_project_units WHERE unit_id = ?)";
    p.emplace_back(*f.unit_id);
  }
  if (f.created_from) sql += " AND p.created_at >= ?", p.emplace_back(*f.created_from);
  if (f.created_to) sql += " AND p.created_at < ?", p.emplace_back(*f.created_to);
  if (f.where.before_id) sql += " AND p.id < ?", p.emplace_back(*f.where.before_id);
  sql += " ORDER BY p.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.where.limit});
  auto out = storage::all_as(tx.exec(sql, p), decode_project);
  fill_participants(tx, out);
  return out;
}

void insert_participant(storage::Tx& tx, const Participant& p) {
  tx.exec("INSERT INTO cobuild_project_units (project_id, unit_id, role, added_at) VALUES (?, ?, ?, ?)",
          {p.project_id, p.unit_id, p.role, storage::now_ms()});
}

bool is_participant(storage::Tx& tx, std::int64_t project_id, std::int64_t unit_id) {
  return !tx.exec("SELECT 1 FROM cobuild_project_units WHERE project_id = ? AND unit_id = ?", {project_id, unit_id})
              .empty();
}

std::vector<std::pair<Project, std::string>> projects_of_unit(storage::Tx& tx, std::int64_t unit_id, int limit) {
  auto res = tx.exec(std::string("SELECT ") + kProjectFields +
                         ", pu.role FROM cobuild_projects p JOIN cobuild_project_units pu ON pu.project_id = p.id "
                         "WHERE pu.unit_id = ? ORDER BY p.id DESC LIMIT ?",
                     {unit_id, std::int64_t{limit}});
  auto ps = storage::all_as(res, decode_project);
  std::vector<std::string> roles;
  for (const auto& r : res.rows) roles.push_back(r.str(20));
  fill_participants(tx, ps);
  std::vector<std::pair<Project, std::string>> out;
  for (std::size_t i = 0; i < ps.size(); ++i) out.emplace_back(ps[i], i < roles.size() ? roles[i] : "partner");
  return out;
}

std::int64_t insert_update(storage::Tx& tx, const ProjectUpdate& u) {
  return tx.insert_id(
      "INSERT INTO cobuild_project_updates (project_id, progress, spent_cents, note, photos, on_day, by_id, at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {u.project_id, std::int64_t{u.progress}, opt_int(u.spent_cents), u.note, u.photos, u.on, u.by, u.at});
}

std::vector<ProjectUpdate> updates(storage::Tx& tx, std::int64_t project_id, int limit) {
  return storage::all_as(tx.exec("SELECT id, project_id, progress, spent_cents, note, photos, on_day, by_id, at FROM "
                                 "cobuild_project_updates WHERE project_id = ? ORDER BY id DESC LIMIT ?",
                                 {project_id, std::int64_t{limit}}),
                         [](const storage::Row& r) {
                           ProjectUpdate u;
                           u.id = r.i64(0);
                           u.project_id = r.i64(1);
                           u.progress = static_cast<int>(r.i64(2));
                           u.spent_cents = r.opt_i64(3);
                           u.note = r.str(4);
                           u.photos = r.str(5);
                           u.on = r.str(6);
                           u.by = r.i64(7);
                           u.at = r.i64(8);
                           return u;
                         });
}

}  // namespace wangge::cobuild::store
