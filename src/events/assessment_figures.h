// The events' figures an assessment (考核, the assessment module, wired by the app in
// app/wiring_assessment.cpp) weighs, per subject for a period, each in one grouped query of
// the events reported in [from, until) under a node (events.region_path): what each grid
// worker raised and solved at the grid, each department's closures, on-time closures,
// rework, satisfaction and whistle report-ins, and each grid's or community's closures,
// satisfaction and share solved at the grid. Merged, withdrawn and rejected reports are not
// counted as reported. The SQL is in store_assessment.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/storage/database.h"

namespace wangge::events {

// Per account: events it reported from a patrol or a visit (source patrol, visit).
std::map<std::int64_t, std::int64_t> reports_by_reporter(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                         std::int64_t until);
// Per account: events closed at the grid level with it as the handler (self-handled at
// intake, or solved while held at the grid).
std::map<std::int64_t, std::int64_t> solved_at_grid_by(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                       std::int64_t until);

struct DepartmentFigures {
  std::int64_t closed = 0, closed_on_time = 0, rework = 0, rated = 0, satisfied = 0;
};
// Per department: its events (dispatched to it) reported in the period.
std::map<std::int64_t, DepartmentFigures> department_figures(storage::Tx& tx, const std::string& path,
                                                             std::int64_t from, std::int64_t until);

struct WhistleFigures {
  std::int64_t due = 0, in_time = 0;  // due: reported in, or past their deadline at `now`
};
// Per department: the whistles summoning it in the period (events under the node).
std::map<std::int64_t, WhistleFigures> department_whistles(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                           std::int64_t until, std::int64_t now);

struct AreaFigures {
  std::int64_t reported = 0, closed = 0, closed_at_grid = 0, rated = 0, satisfied = 0;
};
// Per grid (digits 15) or community (digits 12): the code's first `digits` digits of the
// event's grid.
std::map<std::string, AreaFigures> area_figures(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                std::int64_t until, std::size_t digits);

// The active departments serving the node or a node under it.
struct DepartmentRef {
  std::int64_t id = 0;
  std::string name, region_code;
};
std::vector<DepartmentRef> departments_under(storage::Tx& tx, const std::string& path);

namespace store {
// store_assessment.cpp: the statements behind the figures above.
std::map<std::int64_t, std::int64_t> count_by_account(storage::Tx& tx, const std::string& account_column,
                                                      const std::string& condition, const std::string& path,
                                                      std::int64_t from, std::int64_t until);
std::map<std::int64_t, DepartmentFigures> department_figures(storage::Tx& tx, const std::string& path,
                                                             std::int64_t from, std::int64_t until);
std::map<std::int64_t, WhistleFigures> department_whistles(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                           std::int64_t until, std::int64_t now);
std::map<std::string, AreaFigures> area_figures(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                std::int64_t until, std::size_t digits);
std::vector<DepartmentRef> departments_under(storage::Tx& tx, const std::string& path);
// Benchmarks: sets `account_column` to first + (id % n) on the events of [from, until) under
// path that meet `condition`; answers the events changed.
std::int64_t attribute_by_id(storage::Tx& tx, const std::string& account_column, const std::string& condition,
                             const std::string& path, std::int64_t from, std::int64_t until, std::int64_t first,
                             std::int64_t n);
}  // namespace store

}  // namespace wangge::events
