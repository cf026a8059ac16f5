// What the assessment's events figures count (assessment_figures.h): which reports are a
// grid worker's own (a patrol or a visit, not merged, withdrawn or rejected) and which were
// solved at the grid by whom; the statements are in store_assessment.cpp.
#include "events/assessment_figures.h"
#include "events/service.h"

namespace wangge::events {

std::map<std::int64_t, std::int64_t> reports_by_reporter(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                         std::int64_t until) {
  return store::count_by_account(tx, "created_by",
                                 "source IN ('patrol', 'visit') AND status NOT IN ('merged', 'withdrawn', 'rejected')",
                                 path, from, until);
}

std::map<std::int64_t, std::int64_t> solved_at_grid_by(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                       std::int64_t until) {
  return store::count_by_account(tx, "handler_id", "status = 'closed' AND solved_level = 'grid'", path, from, until);
}

std::map<std::int64_t, DepartmentFigures> department_figures(storage::Tx& tx, const std::string& path,
                                                             std::int64_t from, std::int64_t until) {
  return store::department_figures(tx, path, from, until);
}

std::map<std::int64_t, WhistleFigures> department_whistles(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                           std::int64_t until, std::int64_t now) {
  return store::department_whistles(tx, path, from, until, now);
}

std::map<std::string, AreaFigures> area_figures(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                std::int64_t until, std::size_t digits) {
  return store::area_figures(tx, path, from, until, digits);
}

std::vector<DepartmentRef> departments_under(storage::Tx& tx, const std::string& path) {
  return store::departments_under(tx, path);
}

std::int64_t Service::attribute_to_accounts(const std::string& path, std::int64_t from, std::int64_t until,
                                            std::int64_t first, std::int64_t n) {
  std::int64_t changed = 0;
  db_.bulk([&](storage::Tx& tx) {
    changed += store::attribute_by_id(tx, "created_by", "source IN ('patrol', 'visit')", path, from, until, first, n);
    changed += store::attribute_by_id(tx, "handler_id", "status = 'closed' AND solved_level = 'grid'", path, from,
                                      until, first, n);
  });
  return changed;
}

}  // namespace wangge::events
