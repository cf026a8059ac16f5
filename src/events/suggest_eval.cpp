// The held-out set and the evaluation of the suggestion model (suggest_eval.h).
#include "events/suggest_eval.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <random>
#include <sstream>
#include <stdexcept>

namespace wangge::events {
namespace {

// 平沙镇's communities (the official division list, as the demo territory imports it).
struct EvalCommunity {
  const char* code;
  const char* name;
};
constexpr std::array<EvalCommunity, 11> kEvalCommunities = {{{"440404104001", "立新社区"},
                                                             {"440404104002", "美平社区"},
                                                             {"440404104003", "南新社区"},
                                                             {"440404104004", "沙美社区"},
                                                             {"440404104006", "平塘社区"},
                                                             {"440404104007", "大虎社区"},
                                                             {"440404104008", "前进社区"},
                                                             {"440404104009", "前锋社区"},
                                                             {"440404104010", "前西社区"},
                                                             {"440404104013", "大海环社区"},
                                                             {"440404104014", "连湾社区"}}};
// Landmarks the demo history's addresses never name (make_heldout's unfamiliar places).
constexpr std::array<const char*, 10> kHeldoutLandmarks = {
    "3栋楼下", "二巷口", "大榕树下", "新村东门", "商业街", "牌坊旁边", "老街", "十字路口东侧", "南门对面", "9号楼后面"};
// The demo history's places (demo.cpp): a grid of the community and one of these.
constexpr std::array<const char*, 8> kHistoryLandmarks = {"路口",   "小区门口", "菜市场旁", "学校附近",
                                                          "公交站", "楼下",     "河涌边",   "停车场"};
constexpr std::array<const char*, 6> kGridNumbers = {"一", "二", "三", "四", "五", "六"};
// The seed's department kinds, numbering the departments of generated_examples.
constexpr std::array<const char*, 19> kSeedKinds = {"justice",   "housing",         "labour",   "natural_resources",
                                                    "fire",      "emergency",       "traffic",  "urban_management",
                                                    "water",     "environment",     "health",   "transport",
                                                    "utilities", "culture",         "police",   "civil_affairs",
                                                    "education", "social_security", "community"};

// A place as the demo history writes it (demo.cpp): a grid of the community and a landmark.
std::string suggest_history_place(const EvalCommunity& community, std::mt19937_64& rng) {
  return std::string(community.name) + "第" + kGridNumbers[rng() % kGridNumbers.size()] + "网格" +
         kHistoryLandmarks[rng() % kHistoryLandmarks.size()];
}

std::string suggest_eval_percent(std::size_t part, std::size_t whole) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(1)
    << (whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole)) << " %";
  return o.str();
}

}  // namespace

std::vector<HeldoutRow> make_heldout(std::size_t count, std::uint64_t seed, DescribePool pool, bool unfamiliar_places) {
  std::mt19937_64 rng(seed);
  const auto codes = described_categories();
  std::vector<HeldoutRow> rows;
  rows.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& code = codes[i % codes.size()];
    const auto& community = kEvalCommunities[rng() % kEvalCommunities.size()];
    std::string place = unfamiliar_places
                            ? std::string(community.name) + kHeldoutLandmarks[rng() % kHeldoutLandmarks.size()]
                            : suggest_history_place(community, rng);
    rows.push_back({code, described_category_kind(code), community.code, describe_report(code, place, rng, pool)});
  }
  return rows;
}

void write_heldout(const std::string& path, std::size_t count, std::uint64_t seed) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << "category_code\tdepartment_kind\tcommunity_code\ttext\n";
  for (const auto& r : make_heldout(count, seed))
    out << r.category_code << '\t' << r.department_kind << '\t' << r.community_code << '\t' << r.text << '\n';
  out.flush();
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::vector<HeldoutRow> read_heldout(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<HeldoutRow> rows;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || (n == 1 && line.rfind("category_code\t", 0) == 0)) continue;
    std::array<std::string, 4> f;
    std::size_t at = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      std::size_t tab = i < 3 ? line.find('\t', at) : std::string::npos;
      if (i < 3 && tab == std::string::npos)
        throw std::runtime_error(path + ":" + std::to_string(n) + ": expected 4 fields");
      f[i] = line.substr(at, tab == std::string::npos ? std::string::npos : tab - at);
      at = tab + 1;
    }
    if (f[0].empty() || f[3].empty())
      throw std::runtime_error(path + ":" + std::to_string(n) + ": empty category or text");
    rows.push_back({f[0], f[1], f[2], f[3]});
  }
  return rows;
}

std::vector<SuggestExample> generated_examples(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto codes = described_categories();
  // The demo history's mix (demo.cpp): environment and street order first.
  std::vector<int> weights;
  int total = 0;
  for (const auto& code : codes) {
    std::string top = code.substr(0, 2);
    int w = top == "03"   ? 30
            : top == "04" ? 22
            : top == "05" ? 14
            : top == "01" ? 10
            : top == "07" ? 8
            : top == "02" ? 6
                          : 4;
    weights.push_back(w);
    total += w;
  }
  std::vector<SuggestExample> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    int x = static_cast<int>(rng() % static_cast<std::uint64_t>(total));
    std::size_t c = 0;
    while (x >= weights[c]) x -= weights[c++];
    const auto& community = kEvalCommunities[rng() % kEvalCommunities.size()];
    std::string place = suggest_history_place(community, rng);
    SuggestExample e;
    e.text = describe_report(codes[c], place, rng, DescribePool::train);
    e.category_code = codes[c];
    e.community_code = community.code;
    std::string kind = described_category_kind(codes[c]);
    auto k = std::find(kSeedKinds.begin(), kSeedKinds.end(), kind);
    if (rng() % 20 != 0) e.department_id = 1 + (k - kSeedKinds.begin());
    out.push_back(std::move(e));
  }
  return out;
}

Evaluation evaluate(const SuggestModel& model, const std::vector<HeldoutRow>& rows,
                    const std::function<std::string(std::int64_t)>& dept_kind_of,
                    const std::function<std::string(const HeldoutRow&)>& expected_kind) {
  Evaluation ev;
  double total_ms = 0;
  for (const auto& row : rows) {
    auto t0 = std::chrono::steady_clock::now();
    Suggestion s = model.suggest(row.text, row.community_code, 3);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    total_ms += ms;
    ev.max_ms = std::max(ev.max_ms, ms);
    ++ev.rows;
    auto& per = ev.categories[row.category_code];
    ++per.rows;
    if (!s.categories.empty()) {
      ++per.guessed[s.categories.front().code];
      if (s.categories.front().code == row.category_code) {
        ++ev.top1;
        ++per.right;
      }
    }
    for (const auto& g : s.categories) ev.top3 += g.code == row.category_code ? 1 : 0;
    std::string want = expected_kind ? expected_kind(row) : row.department_kind;
    if (want.empty()) continue;
    ++ev.department_rows;
    bool found = std::any_of(s.departments.begin(), s.departments.end(),
                             [&](const DepartmentGuess& d) { return dept_kind_of(d.id) == want; });
    ev.department_top3 += found ? 1 : 0;
  }
  ev.mean_ms = ev.rows == 0 ? 0 : total_ms / static_cast<double>(ev.rows);
  double weight = 0, right = 0;
  for (const auto& [code, per] : ev.categories) {
    double share = static_cast<double>(model.cases_of(code));
    weight += share;
    right += share * static_cast<double>(per.right) / static_cast<double>(per.rows);
  }
  ev.top1_in_mix = weight > 0 ? right / weight : 0;
  return ev;
}

std::string Evaluation::report(const std::function<std::string(const std::string&)>& name_of) const {
  auto name = [&](const std::string& code) { return name_of ? name_of(code) : described_category_name(code); };
  std::ostringstream o;
  o << "reports: " << rows << "\n"
    << "category right first:        " << suggest_eval_percent(top1, rows) << " (" << top1 << ")\n"
    << "category among the first 3:  " << suggest_eval_percent(top3, rows) << " (" << top3 << ")\n"
    << "right first, history's mix:  " << suggest_eval_percent(static_cast<std::size_t>(top1_in_mix * 1e6), 1000000)
    << "\n"
    << "department kind among 3:     " << suggest_eval_percent(department_top3, department_rows) << " ("
    << department_top3 << " of " << department_rows << ")\n"
    << "time per suggestion:         " << std::fixed << std::setprecision(3) << mean_ms << " ms mean, " << max_ms
    << " ms max\n";
  std::vector<std::pair<double, std::string>> recall;
  for (const auto& [code, per] : categories)
    recall.emplace_back(per.rows == 0 ? 0.0 : static_cast<double>(per.right) / static_cast<double>(per.rows), code);
  std::sort(recall.begin(), recall.end());
  o << "\nrecall by category, worst first:\n";
  for (const auto& [r, code] : recall) {
    const auto& per = categories.at(code);
    o << "  " << code << " " << name(code) << "  " << suggest_eval_percent(per.right, per.rows) << " (" << per.right
      << "/" << per.rows << ")\n";
  }
  o << "\nconfusion of the five worst (what they were taken for):\n";
  for (std::size_t i = 0; i < recall.size() && i < 5; ++i) {
    const auto& per = categories.at(recall[i].second);
    std::vector<std::pair<std::size_t, std::string>> guessed;
    for (const auto& [g, n] : per.guessed) guessed.emplace_back(n, g);
    std::sort(guessed.rbegin(), guessed.rend());
    o << "  " << recall[i].second << " " << name(recall[i].second) << " ->";
    for (const auto& [n, g] : guessed) o << " " << g << " " << name(g) << " " << n << ";";
    o << "\n";
  }
  return o.str();
}

}  // namespace wangge::events
