// The events list's SQL (store_list.h). A queue page must cost the same at ten million
// events as at ten thousand: it walks an index in id order and stops after the page.
//
// Who may see an event is an OR of ways to reach it: the caller's territory, the
// departments they serve, their own reports, the whistles their departments or units
// answer. One statement with that OR cannot walk any index: the territory lives in
// (status, id, region_path, ...: the tab's filters too, migration 0051), the departments in (department_id, status,
// id), the reporter in (reporter_id, id), and each event's row must be read to decide the OR. So the query is expanded:
// one walk per way and per status, each on its own index and each stopping after the page, merged on ids (UNION drops
// an event reached twice), and the page's rows read once, by id. An administrator's territory is everything: the other
// ways add nothing.
#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>

#include "core/storage/rows.h"
#include "events/store_list.h"
#include "events/store_list_filters.h"
#include "events/transitions.h"
#include "territory/store.h"

namespace wangge::events::store {

using storage::Value;

namespace {

// A way to reach events: its condition and parameters. `few`: the condition names the
// events (a subquery of whistles); SQLite would otherwise walk every event in id order
// testing each against it (seconds at ten million), so its order is not taken from an index;
// its statuses are one IN test on those few rows.
// `own_index`: the way has an index of its own that leads with its column (the reporter's
// (reporter_id, id)); SQLite, without statistics, would rather walk the status index and read
// every row of the status, so the status is tested on the row (a unary +). Its statuses are
// one walk with an IN test: one person's own reports (a resident's, through the app) are
// few, and each walk more costs PostgreSQL a plan (a grid chief's "ended" tab: 6 walks became 4).
// `per_status`: the way's index has the status before the id (a department's (department_id,
// status, id), a path's (region_path, status, id)), so it is in id order only within a
// status: without a status filter the way is walked once per state, merged, instead of
// sorting all the department's events.
struct ListReach {
  std::string sql;
  std::vector<Value> params;
  bool few = false;
  bool own_index = false;
  bool per_status = false;
  // SQLite: the narrow territory's walk of its path range (sorted), whose next page's cursor
  // must not draw the planner onto the rowid (below).
  bool path_range = false;
  // The caller's territory: none of the above, walked on the status index (or a rare
  // filter's), deciding the path on the index entry.
  bool territory() const { return !few && !own_index && !per_status; }
};

// A narrow territory's paths that hold events (a community: itself and its grids), each found
// by one descent of the path index (region_path, status, id; migration 0053) past the last;
// nullopt when there are more than kMaxLeaves.
constexpr std::size_t kMaxLeaves = 64;
std::optional<std::vector<std::string>> leaf_paths(storage::Tx& tx, const std::vector<std::string>& scope) {
  static const std::string sql =
      "WITH RECURSIVE leaves(p) AS ("
      "SELECT (SELECT region_path FROM events WHERE region_path >= ? AND region_path < ? "
      "ORDER BY region_path LIMIT 1) "
      "UNION ALL SELECT (SELECT region_path FROM events WHERE region_path > leaves.p AND region_path < ? "
      "ORDER BY region_path LIMIT 1) FROM leaves WHERE leaves.p IS NOT NULL) "
      "SELECT p FROM leaves WHERE p IS NOT NULL LIMIT ?";
  std::vector<std::string> out;
  for (const auto& path : scope) {
    const std::string up = territory::store::path_upper_bound(path);
    for (const auto& r : tx.exec(sql, {path, up, up, static_cast<std::int64_t>(kMaxLeaves + 1)}).rows)
      out.push_back(r.str(0));
    if (out.size() > kMaxLeaves) return std::nullopt;
  }
  return out;
}

// A narrow territory's tab of some statuses is walked one path and one status at a time: each
// walk is in id order on (region_path, status, id) and stops after the page. Walking a status
// of the whole table for a community's few events read every entry of that status until the
// page was full: a community holds 0.3 % of ten million events, so its "rejected, merged,
// withdrawn" tab read ~54,000 entries (4.8 ms on PostgreSQL; the same statement over its six
// paths 0.29 ms). Not for the "all" tab (every state of every path: the id order's walk is
// cheaper), a wide territory (a town's 80 paths), nor a filter (the status index carries the
// filters on its entries, and the rare filters' partial indexes their path).
bool walks_leaves(const ListFilter& f) {
  return !f.statuses.empty() && plain_tab(f) &&
         std::all_of(f.scope_paths.begin(), f.scope_paths.end(), territory::store::narrow_path);
}

std::vector<ListReach> list_reaches(storage::Tx& tx, const ListFilter& f) {
  std::vector<ListReach> out;
  const bool everything = std::find(f.scope_paths.begin(), f.scope_paths.end(), "/") != f.scope_paths.end();
  const auto leaves = !f.scope_paths.empty() && walks_leaves(f) ? leaf_paths(tx, f.scope_paths) : std::nullopt;
  if (leaves) {
    for (const auto& path : *leaves) out.push_back({"region_path = ?", {path}, false, false, true});
  } else if (!f.scope_paths.empty()) {
    // A scope of a town or wider holds much of the table: without a status, walking the id
    // order and filtering beats collecting the subtree and sorting it. SQLite's planner has
    // no statistics to know that (the unary + keeps it off the path index); a community or
    // a grid is narrow enough for the path index. With a status the walk of (status, id,
    // region_path) filters on the index entry, which the unary + would prevent.
    const bool broad = tx.dialect() == storage::Dialect::sqlite && f.statuses.empty() &&
                       !std::all_of(f.scope_paths.begin(), f.scope_paths.end(), territory::store::narrow_path);
    ListReach r;
    territory::store::scope_clause(f.scope_paths, broad ? "+region_path" : "region_path", r.sql, r.params);
    r.path_range = tx.dialect() == storage::Dialect::sqlite && f.statuses.empty() && !broad;
    out.push_back(std::move(r));
  }
  if (everything) return out;
  if (!f.department_ids.empty()) {
    // One walk per department: (department_id, status, id) is in id order for one id only.
    for (std::int64_t id : f.department_ids) out.push_back({"department_id = ?", {id}, false, false, true});
    ListReach w;
    w.sql = "id IN (SELECT event_id FROM event_whistles WHERE department_id IN (" +
            storage::in_list(f.department_ids, w.params) + "))";
    w.few = true;
    out.push_back(std::move(w));
  }
  if (f.reporter_id) out.push_back({"reporter_id = ?", {*f.reporter_id}, false, true});
  for (const auto& [column, ids] :
       {std::pair{"department_id", &f.whistled_departments}, std::pair{"unit_id", &f.whistled_units}}) {
    if (ids->empty()) continue;
    ListReach r;
    r.sql = std::string("id IN (SELECT event_id FROM event_whistles WHERE reported_at IS NULL AND ") + column + " IN (";
    r.sql += storage::in_list(*ids, r.params);
    r.sql += "))";
    r.few = true;
    out.push_back(std::move(r));
  }
  if (out.empty()) out.push_back({"1 = 0", {}});
  return out;
}

// The end of a way's walk. PostgreSQL: a territory's walk of a status is ordered by (id,
// region_path), which the status index (status, id, region_path, ...) and the rare filters'
// indexes (id, region_path) give and the primary key does not. Asked for `status = 'closed'
// ORDER BY id DESC`, it walked the primary key testing each row (it assumes the statuses
// spread evenly over the ids): after an intake run the newest 37,908 events were reported,
// and the administrator's closed tab read 38,121 pages (595 ms against 1.4). id is unique:
// the order is the same. SQLite: a few events' walk (whistles) is kept off the id order.
std::string walk_tail(bool lite, const ListReach& way, const ListFilter& f) {
  if (lite) return way.few ? " ORDER BY +id DESC LIMIT ?" : " ORDER BY id DESC LIMIT ?";
  return way.territory() && !f.statuses.empty() ? " ORDER BY id DESC, region_path DESC LIMIT ?"
                                                : " ORDER BY id DESC LIMIT ?";
}

// The per-status ways of one condition (`department_id = ?`, `region_path = ?`) on
// PostgreSQL: one walk over their (value, status) pairs, a LATERAL subquery planned once,
// appended to the merge `ids` as its next member.
struct Pairs {
  std::string values;
  std::vector<Value> params;
};
void add_pairs_walk(std::string cond, const Pairs& pw, const std::string& shared,
                    const std::vector<Value>& shared_params, int limit, std::size_t n, std::string& ids,
                    std::vector<Value>& params) {
  // The way's one parameter is the pair's first value (`department_id = ?` -> `= k.v`).
  cond.replace(cond.find('?'), 1, "k.v");
  ids += (n ? " UNION " : "") + std::string("SELECT id FROM (SELECT w.id FROM (VALUES ") + pw.values +
         ") AS k(v, s) CROSS JOIN LATERAL (SELECT id FROM events WHERE (" + cond + ")" + shared +
         " AND status = k.s ORDER BY id DESC LIMIT ?) AS w) AS w" + std::to_string(n);
  params.insert(params.end(), pw.params.begin(), pw.params.end());
  params.insert(params.end(), shared_params.begin(), shared_params.end());
  params.emplace_back(std::int64_t{limit});
}

}  // namespace

bool list_plans_per_call(const ListFilter& f) {
  return f.text || !f.ids.empty() || !f.assigned_departments.empty() || !f.category_codes.empty() || f.level ||
         f.source || f.sla || f.category_prefix || f.grid_prefix_path || f.from_ms || f.to_ms;
}

std::pair<std::string, std::vector<Value>> list_query(storage::Tx& tx, const ListFilter& f,
                                                      const std::string& columns) {
  std::string shared;
  std::vector<Value> shared_params;
  list_filters(tx, f, shared, shared_params);
  const std::vector<ListReach> ways = list_reaches(tx, f);
  const std::string tail = " ORDER BY id DESC LIMIT ?";
  const bool lite = tx.dialect() == storage::Dialect::sqlite;
  auto tail_of = [&](const ListReach& way) { return walk_tail(lite, way, f); };
  // Supervised events and extension requests are a handful in the whole table: every way
  // walks their partial index (migration 0047), testing the statuses on the few rows, which
  // beats a walk per status of the status index that reads every row of the status to find
  // them. Overdue events are about one in a hundred (0049): the territory's way walks their
  // index (the path is on its entries), while a reporter's or a department's way keeps its
  // own index and tests sla on its rows, since the red events' index holds far more than one
  // reporter's events. SQLite's planner has no statistics to know any of this, so it is told.
  const char* rare = f.supervised.value_or(false)          ? "events_supervised"
                     : f.pending_extension.value_or(false) ? "events_extension"
                     : f.overdue.value_or(false)           ? "events_overdue"
                                                           : nullptr;
  const bool rare_for_every_way = f.supervised.value_or(false) || f.pending_extension.value_or(false);
  auto walks_rare = [&](const ListReach& way) { return rare && (rare_for_every_way || way.territory()); };
  std::string shared_on_rows, shared_path_range;
  std::vector<Value> same_params;  // the forms change the text, not the parameters
  list_filters(tx, f, shared_on_rows, same_params, {.overdue_on_rows = true});
  // A community's "all" tab on SQLite: its next page's `id < ?` drew the planner onto the rowid,
  // walking every event older than the cursor to find the community's (0.3 % of the table:
  // 6.4 ms at two million events, against 0.8 for the path range sorted); a unary + keeps it
  // on the path index.
  list_filters(tx, f, shared_path_range, same_params, {.cursor_on_rows = true});
  auto shared_of = [&](const ListReach& way) -> const std::string& {
    if (walks_rare(way)) return shared;
    return way.path_range ? shared_path_range : shared_on_rows;
  };
  // The statuses: one walk per status (each in id order on the status index), or, on a walk
  // of a rare index, one IN test on its few rows.
  std::vector<std::vector<Value>> one_by_one;
  for (const auto& st : f.statuses) one_by_one.push_back({st});
  std::vector<Value> all;
  const std::string in_list = " AND status IN (" + storage::in_list(f.statuses, all) + ")";
  const std::vector<std::vector<Value>> together{all};
  const std::vector<std::vector<Value>> no_status{{}};
  // A walk of a rare index, or of a way's own few events (its own index, whistles), tests its
  // statuses together on its rows: one walk, planned once, instead of one per status.
  auto tests_together = [&](const ListReach& way) {
    return (walks_rare(way) || way.own_index || way.few) && f.statuses.size() > 1;
  };
  // Each way's status tests: none, the filter's (one by one or together), or every state
  // for a per-status way without a status filter.
  std::vector<std::vector<Value>> every_state;
  for (const auto& st : states()) every_state.push_back({Value{std::string(st.state)}});
  auto statuses_of = [&](const ListReach& way) -> const std::vector<std::vector<Value>>& {
    if (f.statuses.empty()) return way.per_status ? every_state : no_status;
    return tests_together(way) ? together : one_by_one;
  };
  // The status test of a way (see ListReach: a unary + keeps SQLite off the status index).
  auto status_test_of = [&](const ListReach& way) -> std::string {
    if (f.statuses.empty()) return way.per_status ? " AND status = ?" : "";
    std::string test = tests_together(way) ? in_list : std::string(" AND status = ?");
    if (lite && (way.few || way.own_index)) test.replace(0, std::string(" AND ").size(), " AND +");
    return test;
  };
  auto from_of = [&](const ListReach& way) {
    return walks_rare(way) && lite && !way.few ? std::string(" FROM events INDEXED BY ") + rare + " WHERE "
                                               : std::string(" FROM events WHERE ");
  };
  const std::string head = "SELECT " + columns + " FROM events WHERE ";
  std::string query;
  std::vector<Value> params;
  // One walk on SQLite reads the page directly. PostgreSQL always walks ids first: asked for
  // a page's rows with `status = ? ORDER BY id DESC LIMIT`, its planner walks the primary key
  // backwards testing each row's status, assuming the statuses spread evenly over the ids;
  // the newest events are the open ones, so the closed tab read every event reported since
  // (42,000 rows, 45 ms, after an hour of intake). An id alone is an index-only walk of the
  // status index, which it prefers.
  if (lite && ways.size() == 1 && statuses_of(ways[0]).size() == 1) {
    // One walk: the page directly.
    query = "SELECT " + columns + from_of(ways[0]) + "(" + ways[0].sql + ")" + shared_of(ways[0]) +
            status_test_of(ways[0]) + tail_of(ways[0]);
    params = ways[0].params;
    params.insert(params.end(), shared_params.begin(), shared_params.end());
    const auto& st = statuses_of(ways[0])[0];
    params.insert(params.end(), st.begin(), st.end());
  } else {
    // The walks carry ids only (the indexes cover them); the page's rows are read once, by
    // id, after the merge.
    std::string ids;
    std::size_t n = 0;
    // PostgreSQL: the per-status ways' walks of one condition (a department's, a path's) are
    // one walk over the (value, status) pairs, on a plain tab and on the overdue tab (whose
    // pairs test sla on their rows: plain_or_overdue_tab).
    const bool pairs_walk = !lite && plain_or_overdue_tab(f);
    std::map<std::string, Pairs> pair_walks;  // by the ways' condition
    for (const auto& way : ways) {
      const auto& way_statuses = statuses_of(way);
      if (pairs_walk && way.per_status) {
        if (way.params.size() != 1) throw std::logic_error("list_query: a per-status way has one parameter");
        auto& pw = pair_walks[way.sql];
        const bool text = std::holds_alternative<std::string>(way.params[0]);
        for (const auto& st : way_statuses) {
          pw.values += pw.values.empty() ? "" : ", ";
          pw.values += text ? "(?::text, ?::text)" : "(?::bigint, ?::text)";
          pw.params.push_back(way.params[0]);
          pw.params.insert(pw.params.end(), st.begin(), st.end());
        }
        continue;
      }
      for (std::size_t s = 0; s < way_statuses.size(); ++s, ++n) {
        ids += (n ? " UNION " : "") + std::string("SELECT id FROM (SELECT id") + from_of(way) + "(" + way.sql + ")" +
               shared_of(way) + status_test_of(way) + tail_of(way) + ") AS w" + std::to_string(n);
        params.insert(params.end(), way.params.begin(), way.params.end());
        params.insert(params.end(), shared_params.begin(), shared_params.end());
        params.insert(params.end(), way_statuses[s].begin(), way_statuses[s].end());
        params.emplace_back(std::int64_t{f.limit});
      }
    }
    for (const auto& [sql, pw] : pair_walks) {
      add_pairs_walk(sql, pw, shared_on_rows, shared_params, f.limit, n++, ids, params);
    }
    query = head + "id IN (" + ids + tail + ") ORDER BY id DESC";
  }
  params.emplace_back(std::int64_t{f.limit});
  return {std::move(query), std::move(params)};
}

}  // namespace wangge::events::store
