// The assessment module's callbacks (docs/ASSESSMENT.md): who each post assesses under a
// node (accounts holding the grid worker's or grid chief's role, the roster's 邻长 with an
// account, the departments serving it), a provider per indicator of the catalogue, each
// one grouped query of the module that keeps the records, answering for every subject of
// the period at once, and the accounts' names; the territory's guards.
#include <algorithm>
#include <map>
#include <optional>
#include <type_traits>

#include "accounts/service.h"
#include "app/app.h"
#include "assessment/service.h"
#include "assessment/store.h"
#include "core/calendar.h"
#include "disputes/store.h"
#include "emergency/store.h"
#include "events/assessment_figures.h"
#include "registry/store.h"
#include "teams/store.h"
#include "territory/service.h"
#include "volunteers/store.h"

namespace wangge {
namespace {

using AssessedValues = std::map<std::string, double>;

std::string assessed_code(const std::string& path) {
  auto trimmed = path.substr(0, path.size() - 1);
  return trimmed.substr(trimmed.rfind('/') + 1);
}

// Grids are 15 digits, communities 12: the prefix of a place an area figure groups by.
std::size_t area_digits(const std::string& post) {
  return post == "community" ? 12 : 15;
}

bool area_post(const std::string& post) {
  return post == "grid" || post == "community";
}

template <typename Map, typename Fn>
AssessedValues assessed_values(const Map& m, Fn&& value) {
  AssessedValues out;
  for (const auto& [k, v] : m) {
    std::optional<double> x = value(v);
    if (!x) continue;
    if constexpr (std::is_same_v<std::decay_t<decltype(k)>, std::string>)
      out[k] = *x;
    else
      out[std::to_string(k)] = *x;
  }
  return out;
}

// part ÷ whole in percent to the cent; nothing when there is nothing to count.
std::optional<double> assessed_rate(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return assessment::round2(100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::optional<double> assessed_count(std::int64_t n) {
  return static_cast<double>(n);
}

}  // namespace

void App::wire_assessment() {
  auto& a = *assessment_;
  const Calendar* cal = calendar_.get();
  // A period's instants [from, until) in the calendar's zone, and its days as text.
  auto from_of = [cal](const assessment::Period& p) { return cal->midnight(p.first); };
  auto until_of = [cal](const assessment::Period& p) { return cal->midnight(p.until); };

  // --- who is assessed ---
  for (const char* role : {"grid_worker", "grid_chief"}) {
    std::string r = role;
    a.set_subjects(r, [this, r](storage::Tx& tx, const std::string& path) {
      std::vector<assessment::Subject> out;
      for (const auto& h : accounts_->role_holders_under(tx, r, assessed_code(path)))
        out.push_back({std::to_string(h.user_id), "account", h.name, h.region_code});
      return out;
    });
  }
  a.set_subjects("neighbour_chief", [](storage::Tx& tx, const std::string& path) {
    std::vector<assessment::Subject> out;
    for (const auto& [id, name, code] : teams::store::post_holders(tx, path, "neighbour_head"))
      out.push_back({std::to_string(id), "account", name, code});
    return out;
  });
  a.set_subjects("department", [](storage::Tx& tx, const std::string& path) {
    std::vector<assessment::Subject> out;
    for (const auto& d : events::departments_under(tx, path))
      out.push_back({std::to_string(d.id), "department", d.name, d.region_code});
    return out;
  });

  // --- events ---
  a.set_provider(
      "reports_raised", [=](storage::Tx& tx, const assessment::Period& p, const std::string& path, const std::string&) {
        return assessed_values(events::reports_by_reporter(tx, path, from_of(p), until_of(p)), assessed_count);
      });
  a.set_provider("self_handled",
                 [=](storage::Tx& tx, const assessment::Period& p, const std::string& path, const std::string&) {
                   return assessed_values(events::solved_at_grid_by(tx, path, from_of(p), until_of(p)), assessed_count);
                 });
  a.set_provider("dept_closed",
                 [=](storage::Tx& tx, const assessment::Period& p, const std::string& path, const std::string&) {
                   return assessed_values(events::department_figures(tx, path, from_of(p), until_of(p)),
                                          [](const events::DepartmentFigures& f) { return assessed_count(f.closed); });
                 });
  a.set_provider("dept_on_time_rate",
                 [=](storage::Tx& tx, const assessment::Period& p, const std::string& path, const std::string&) {
                   return assessed_values(
                       events::department_figures(tx, path, from_of(p), until_of(p)),
                       [](const events::DepartmentFigures& f) { return assessed_rate(f.closed_on_time, f.closed); });
                 });
  a.set_provider("dept_rework",
                 [=](storage::Tx& tx, const assessment::Period& p, const std::string& path, const std::string&) {
                   return assessed_values(events::department_figures(tx, path, from_of(p), until_of(p)),
                                          [](const events::DepartmentFigures& f) { return assessed_count(f.rework); });
                 });
  a.set_provider("whistle_in_time_rate", [=](storage::Tx& tx, const assessment::Period& p, const std::string& path,
                                             const std::string&) {
    return assessed_values(events::department_whistles(tx, path, from_of(p), until_of(p), storage::now_ms()),
                           [](const events::WhistleFigures& f) { return assessed_rate(f.in_time, f.due); });
  });
  a.set_provider("satisfaction_rate", [=](storage::Tx& tx, const assessment::Period& p, const std::string& path,
                                          const std::string& post) {
    if (area_post(post))
      return assessed_values(events::area_figures(tx, path, from_of(p), until_of(p), area_digits(post)),
                             [](const events::AreaFigures& f) { return assessed_rate(f.satisfied, f.rated); });
    return assessed_values(events::department_figures(tx, path, from_of(p), until_of(p)),
                           [](const events::DepartmentFigures& f) { return assessed_rate(f.satisfied, f.rated); });
  });
  a.set_provider("closure_rate", [=](storage::Tx& tx, const assessment::Period& p, const std::string& path,
                                     const std::string& post) {
    return assessed_values(events::area_figures(tx, path, from_of(p), until_of(p), area_digits(post)),
                           [](const events::AreaFigures& f) { return assessed_rate(f.closed, f.reported); });
  });
  a.set_provider("grid_solved_share", [=](storage::Tx& tx, const assessment::Period& p, const std::string& path,
                                          const std::string& post) {
    return assessed_values(events::area_figures(tx, path, from_of(p), until_of(p), area_digits(post)),
                           [](const events::AreaFigures& f) { return assessed_rate(f.closed_at_grid, f.closed); });
  });

  // --- registry visits ---
  a.set_provider(
      "visits", [=](storage::Tx& tx, const assessment::Period& p, const std::string& path, const std::string&) {
        return assessed_values(registry::store::visits_by_visitor(tx, path, from_of(p), until_of(p)),
                               [](const std::pair<std::int64_t, std::int64_t>& v) { return assessed_count(v.first); });
      });
  a.set_provider("households_visited", [=](storage::Tx& tx, const assessment::Period& p, const std::string& path,
                                           const std::string&) {
    return assessed_values(registry::store::visits_by_visitor(tx, path, from_of(p), until_of(p)),
                           [](const std::pair<std::int64_t, std::int64_t>& v) { return assessed_count(v.second); });
  });
  a.set_provider("visit_coverage",
                 [=](storage::Tx& tx, const assessment::Period& p, const std::string& path, const std::string& post) {
                   // Per grid from the registry; a community's is the sum of its grids'.
                   std::map<std::string, std::pair<std::int64_t, std::int64_t>> per_area;
                   const std::size_t digits = area_digits(post);
                   for (const auto& [grid, hv] : registry::store::visit_coverage(tx, path, from_of(p), until_of(p))) {
                     if (grid.size() < digits) continue;
                     auto& sum = per_area[grid.substr(0, digits)];
                     sum.first += hv.first;
                     sum.second += hv.second;
                   }
                   return assessed_values(per_area, [](const std::pair<std::int64_t, std::int64_t>& hv) {
                     return assessed_rate(hv.second, hv.first);
                   });
                 });

  // --- teams: households in care ---
  a.set_provider("care_coverage",
                 [](storage::Tx& tx, const assessment::Period& p, const std::string& path, const std::string&) {
                   const auto months = static_cast<std::int64_t>(p.months.size());
                   return assessed_values(teams::store::care_by_account(tx, path, p.months),
                                          [months](const teams::store::CareByAccount& c) -> std::optional<double> {
                                            auto rate = assessed_rate(c.visited, c.in_care * months);
                                            // Households visited and released since count once: at most all of them.
                                            return rate ? std::optional<double>(std::min(100.0, *rate)) : std::nullopt;
                                          });
                 });

  // --- disputes ---
  for (const char* key : {"disputes_found", "disputes_settled"}) {
    const bool found = std::string_view(key) == "disputes_found";
    a.set_provider(
        key, [=](storage::Tx& tx, const assessment::Period& p, const std::string& path, const std::string& post) {
          const std::string from = format_day(p.first), until = format_day(p.until);
          if (area_post(post))
            return assessed_values(disputes::store::disputes_by_area(tx, path, from, until, area_digits(post)),
                                   [found](const std::pair<std::int64_t, std::int64_t>& fs) {
                                     return assessed_count(found ? fs.first : fs.second);
                                   });
          return assessed_values(found ? disputes::store::found_by_recorder(tx, path, from, until)
                                       : disputes::store::settled_by_mediator(tx, path, from, until),
                                 assessed_count);
        });
  }

  // --- emergency and volunteers ---
  a.set_provider("drills_attended", [=](storage::Tx& tx, const assessment::Period& p, const std::string& path,
                                        const std::string&) {
    return assessed_values(emergency::store::attended_by_account(tx, path, from_of(p), until_of(p)), assessed_count);
  });
  a.set_provider("volunteer_hours",
                 [=](storage::Tx& tx, const assessment::Period& p, const std::string& path, const std::string&) {
                   return assessed_values(volunteers::store::minutes_by_account(tx, path, from_of(p), until_of(p)),
                                          [](std::int64_t minutes) -> std::optional<double> {
                                            return assessment::round2(static_cast<double>(minutes) / 60.0);
                                          });
                 });

  a.set_names(
      [this](storage::Tx& tx, const std::vector<std::int64_t>& ids) { return accounts_->display_names(tx, ids); });
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = assessment::store::count_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " assessment schemes or runs";
  });
  territory_->add_subtree_check([](storage::Tx& tx, const std::string& path) -> std::optional<std::string> {
    std::int64_t n = assessment::store::count_under(tx, path);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " assessment schemes or runs";
  });
}

}  // namespace wangge
