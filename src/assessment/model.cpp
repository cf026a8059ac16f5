// The pure rules of the assessment module (model.h): posts, weights, periods, the scoring of
// an indicator, competition ranks and a run's results. Unit-tested in scoring_test.cpp.
#include "assessment/model.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace wangge::assessment {

const PostName* find_post(std::string_view post) {
  for (const auto& p : kPostNames)
    if (p.post == post) return &p;
  return nullptr;
}

double weight_total(const std::vector<Indicator>& indicators) {
  double sum = 0;
  for (const auto& i : indicators) sum += i.weight;
  return round2(sum);
}

bool weights_complete(const std::vector<Indicator>& indicators) {
  return !indicators.empty() && std::fabs(weight_total(indicators) - 100.0) < 0.005;
}

namespace {

// Digits only, of exactly this length, as a number; -1 otherwise.
int period_digits(std::string_view s) {
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return -1;
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

Period months_from(int year, int first_month, int count, std::string label, std::string kind) {
  Period p;
  p.label = std::move(label);
  p.kind = std::move(kind);
  p.first = day_from_ymd(year, first_month, 1);
  int end_month = first_month + count, end_year = year;
  if (end_month > 12) end_month -= 12, ++end_year;
  p.until = day_from_ymd(end_year, end_month, 1);
  for (int m = first_month; m < first_month + count; ++m) {
    std::string mm = (m < 10 ? "0" : "") + std::to_string(m);
    p.months.push_back(std::to_string(year) + "-" + mm);
  }
  return p;
}

}  // namespace

std::optional<Period> parse_period(std::string_view label) {
  if (label.size() != 7 || label[4] != '-') return std::nullopt;
  int year = period_digits(label.substr(0, 4));
  if (year < 2000 || year > 2099) return std::nullopt;
  if (label[5] == 'Q') {
    int q = period_digits(label.substr(6, 1));
    if (q < 1 || q > 4) return std::nullopt;
    return months_from(year, (q - 1) * 3 + 1, 3, std::string(label), "quarter");
  }
  int month = period_digits(label.substr(5, 2));
  if (month < 1 || month > 12) return std::nullopt;
  return months_from(year, month, 1, std::string(label), "month");
}

Period period_of(Day day, std::string_view kind) {
  std::string ymd = format_day(day);
  int year = std::stoi(ymd.substr(0, 4)), month = std::stoi(ymd.substr(5, 2));
  if (kind == "quarter") {
    int q = (month - 1) / 3 + 1;
    return months_from(year, (q - 1) * 3 + 1, 3, ymd.substr(0, 4) + "-Q" + std::to_string(q), "quarter");
  }
  return months_from(year, month, 1, ymd.substr(0, 7), "month");
}

double round2(double v) {
  return std::round(v * 100.0) / 100.0;
}

double indicator_points(const Indicator& ind, std::optional<double> value, bool rate) {
  double ratio = 0;
  if (!value && rate) {
    ratio = 1;  // nothing to count: nothing failed
  } else {
    double v = value.value_or(0.0);
    if (ind.direction == "lower_better")
      ratio = v <= 0 ? ind.cap : ind.target / v;
    else
      ratio = v / ind.target;
  }
  ratio = std::clamp(ratio, 0.0, ind.cap);
  return round2(ratio * ind.weight);
}

std::vector<std::int64_t> competition_ranks(const std::vector<double>& totals) {
  std::vector<std::size_t> order(totals.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return totals[a] > totals[b]; });
  std::vector<std::int64_t> ranks(totals.size(), 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    bool tie = i > 0 && totals[order[i]] == totals[order[i - 1]];
    ranks[order[i]] = tie ? ranks[order[i - 1]] : static_cast<std::int64_t>(i + 1);
  }
  return ranks;
}

std::vector<Result> score(const std::vector<Subject>& subjects, const std::vector<Indicator>& indicators,
                          const std::map<std::string, std::map<std::string, double>>& values,
                          const std::map<std::string, double>& manual) {
  std::vector<Result> out;
  out.reserve(subjects.size());
  std::vector<double> totals;
  totals.reserve(subjects.size());
  for (const auto& s : subjects) {
    Result r;
    r.subject = s;
    double sum = 0;
    for (const auto& ind : indicators) {
      std::optional<double> v;
      if (auto per = values.find(ind.key); per != values.end())
        if (auto it = per->second.find(s.key); it != per->second.end()) v = it->second;
      const IndicatorSpec* spec = find_indicator(ind.key);
      bool rate = spec && spec->rate;
      // A count nobody recorded is a zero; a rate with nothing counted has no value.
      if (!v && !rate) v = 0.0;
      double p = indicator_points(ind, v, rate);
      r.values[ind.key] = v;
      r.points[ind.key] = p;
      sum += p;
    }
    r.computed = round2(sum);
    if (auto m = manual.find(s.key); m != manual.end()) r.manual = round2(m->second);
    r.total = round2(r.computed + r.manual);
    totals.push_back(r.total);
    out.push_back(std::move(r));
  }
  auto ranks = competition_ranks(totals);
  for (std::size_t i = 0; i < out.size(); ++i) out[i].rank = ranks[i];
  return out;
}

}  // namespace wangge::assessment
