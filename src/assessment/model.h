// The assessment module's model (docs/ASSESSMENT.md): schemes (考核方案) per post with
// weighted indicators from a catalogue, periods (a month or a quarter), runs of a scheme
// for a period with each subject's raw values, points, manual points, total and rank, and
// the pure rules the use cases share: reading a period, scoring an indicator, ranking.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"

namespace wangge::assessment {

// --- posts and states ---

// Who a scheme assesses: workers (accounts) by the role or roster post they hold, the
// departments serving the territory, or its grids and communities.
inline constexpr const char* kPosts[] = {"grid_worker", "grid_chief", "neighbour_chief",
                                         "department",  "grid",       "community"};
inline constexpr const char* kPeriodKinds[] = {"month", "quarter"};
inline constexpr const char* kSchemeStates[] = {"draft", "active", "retired"};
inline constexpr const char* kRunStates[] = {"draft", "frozen"};
inline constexpr const char* kDirections[] = {"higher_better", "lower_better"};
inline constexpr const char* kSubjectKinds[] = {"account", "department", "region"};

struct PostName {
  std::string_view post, name_zh, name_en;
  std::string_view subject_kind;  // account, department, region
};
inline constexpr PostName kPostNames[] = {
    {"grid_worker", "网格员", "Grid worker", "account"},
    {"grid_chief", "网格长（片长）", "Grid chief (area head)", "account"},
    {"neighbour_chief", "邻长", "Neighbour head", "account"},
    {"department", "职能部门", "Department", "department"},
    {"grid", "网格", "Grid", "region"},
    {"community", "社区", "Community", "region"},
};
const PostName* find_post(std::string_view post);

// --- the indicator catalogue (catalogue.cpp) ---

// An indicator the app may provide: its names and unit in both languages, the posts it
// measures, whether it is a rate (a percentage of something counted: a subject with nothing
// to count has no value and earns the full weight), the direction a scheme usually gives
// it, and what it counts (the definition docs/ASSESSMENT.md repeats).
struct IndicatorSpec {
  std::string_view key, name_zh, name_en, unit_zh, unit_en;
  bool rate = false;
  std::string_view direction = "higher_better";
  std::vector<std::string_view> posts;
  std::string_view definition_zh, definition_en;
};
const std::vector<IndicatorSpec>& catalogue();
const IndicatorSpec* find_indicator(std::string_view key);
bool measures(const IndicatorSpec& spec, std::string_view post);

// --- schemes ---

// One indicator of a scheme: points = min(value ÷ target, cap) × weight (higher_better) or
// min(target ÷ value, cap) × weight (lower_better).
struct Indicator {
  std::string key;
  double weight = 0, target = 0;
  std::string direction = "higher_better";
  double cap = 1;  // the largest multiple of the weight it may earn
};

struct Scheme {
  std::int64_t id = 0;
  std::string name, description, post;
  std::string region_code, region_path;
  std::string period_kind = "month";
  std::string status = "draft";
  std::optional<std::int64_t> copied_from;
  std::int64_t version = 1;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0, updated_at = 0;
  std::optional<std::int64_t> activated_at, retired_at;
  std::vector<Indicator> indicators;
};

// The weights of a scheme sum to 100 (to the cent).
double weight_total(const std::vector<Indicator>& indicators);
bool weights_complete(const std::vector<Indicator>& indicators);

// --- periods ---

// A month ("2026-11") or a quarter ("2026-Q4"): its civil days [first, until) and months.
struct Period {
  std::string label, kind;
  Day first = 0, until = 0;
  std::vector<std::string> months;  // "2026-10", "2026-11", "2026-12"
};
// The period a label names (years 2000-2099); nullopt when malformed.
std::optional<Period> parse_period(std::string_view label);
// The period of that kind holding `day`.
Period period_of(Day day, std::string_view kind);

// --- scoring ---

double round2(double v);  // to the cent, halves away from zero
// The points an indicator earns for a raw value (nullopt: nothing measured: a count is 0, a
// rate earns the full weight).
double indicator_points(const Indicator& ind, std::optional<double> value, bool rate);
// Competition ranks (1, 2, 2, 4) of totals, best (highest) first, in the totals' order.
std::vector<std::int64_t> competition_ranks(const std::vector<double>& totals);

// --- runs and results ---

// Who is assessed: an account (its id), a department (its id) or a region (its code).
struct Subject {
  std::string key, kind, name, region_code;
};

struct Run {
  std::int64_t id = 0, scheme_id = 0;
  std::string scheme_name, period, period_kind;
  std::int64_t version = 1;
  std::string status = "draft", post, region_code, region_path;
  std::vector<Indicator> indicators;
  std::int64_t subjects = 0, computations = 1;
  std::int64_t computed_at = 0, compute_ms = 0;
  std::optional<std::int64_t> computed_by, frozen_at, frozen_by;
  std::int64_t created_at = 0;
};

struct Result {
  Subject subject;
  std::map<std::string, std::optional<double>> values;  // raw value per indicator (the frozen data)
  std::map<std::string, double> points;                 // points per indicator
  double computed = 0, manual = 0, total = 0;
  std::int64_t rank = 0;
};

// Scores every subject of a run: each indicator's points from its raw value, the manual
// points given, the total (to the cent) and the ranks. `values`: per indicator, the raw
// values by subject key (subjects without one have none); `manual`: manual points by key.
std::vector<Result> score(const std::vector<Subject>& subjects, const std::vector<Indicator>& indicators,
                          const std::map<std::string, std::map<std::string, double>>& values,
                          const std::map<std::string, double>& manual);

struct Adjustment {
  std::int64_t id = 0, run_id = 0;
  std::string subject_key;
  double points = 0;
  std::string reason;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
};

struct Commendation {
  std::int64_t id = 0, run_id = 0;
  std::string subject_key, title, reason;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
};

}  // namespace wangge::assessment
