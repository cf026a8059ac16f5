// The suggestion model (suggest_model.h): reading the text, training the counts, scoring.
#include "events/suggest_model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

namespace wangge::events {
namespace {

// A unigram's key is its code point (< 2^21); a bigram's puts the first above it.
constexpr int kBigramShift = 21;

std::uint64_t feature_bigram_key(std::uint32_t a, std::uint32_t b) {
  return (std::uint64_t{a} << kBigramShift) | b;
}

std::uint64_t feature_slot_hash(std::uint64_t k) {  // splitmix64's finaliser
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

// The code point at s[i] and its length in bytes; 0 (one byte) for a malformed sequence.
std::pair<std::uint32_t, std::size_t> report_code_point(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[k])); };
  std::uint32_t b0 = byte(i);
  std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) return {0, 1};
  if (len == 1) return {b0, 1};
  std::uint32_t cp = b0 & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {0, 1};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  return {cp, len};
}

// The code point the model reads for cp, or 0 where the text breaks (digits, punctuation,
// spaces, symbols, emoji): full-width forms become ASCII, Latin letters lower case; Chinese,
// kana and Latin letters are kept.
std::uint32_t report_kept_code_point(std::uint32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
  if (cp >= 'A' && cp <= 'Z') return cp + ('a' - 'A');
  if (cp >= 'a' && cp <= 'z') return cp;
  bool han = (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
  bool kana = cp >= 0x3041 && cp <= 0x30FF && cp != 0x30FB;
  return han || kana ? cp : 0;
}

// Calls f(key, first char, last char) for every feature of t: each character, each pair
// of neighbours within a piece.
template <typename F>
void for_each_report_feature(const ReportText& t, F&& f) {
  const auto& cs = t.chars;
  for (std::size_t i = 0; i < cs.size(); ++i) {
    f(std::uint64_t{cs[i].cp}, i, i);
    if (i + 1 < cs.size() && !cs[i + 1].starts_piece) f(feature_bigram_key(cs[i].cp, cs[i + 1].cp), i, i + 1);
  }
}

// Where an aside starts: the bytes of the first marker in text, npos when none.
std::size_t report_aside_start(std::string_view text) {
  std::size_t first = std::string_view::npos;
  for (std::string_view marker : {"另外", "顺便", "此外", "还有，", "还有,"})
    first = std::min(first, text.find(marker));
  return first;
}

std::vector<double> class_softmax(const std::vector<double>& scores) {
  double top = *std::max_element(scores.begin(), scores.end());
  std::vector<double> p(scores.size());
  double sum = 0;
  for (std::size_t c = 0; c < scores.size(); ++c) sum += p[c] = std::exp(scores[c] - top);
  for (auto& x : p) x /= sum;
  return p;
}

}  // namespace

ReportText read_report_text(std::string_view text) {
  ReportText t;
  const std::size_t aside = report_aside_start(text);
  bool broken = true;
  for (std::size_t i = 0; i < text.size();) {
    auto [cp, len] = report_code_point(text, i);
    std::uint32_t k = report_kept_code_point(cp);
    if (k == 0) {
      broken = true;
    } else {
      t.chars.push_back({k, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + len), broken, i >= aside});
      broken = false;
    }
    i += len;
  }
  return t;
}

std::uint32_t FeatureIndex::find(std::uint64_t key) const {
  if (keys_.empty()) return kNone;
  std::size_t mask = keys_.size() - 1;
  for (std::size_t at = feature_slot_hash(key) & mask;; at = (at + 1) & mask) {
    if (keys_[at] == key) return rows_[at];
    if (keys_[at] == 0) return kNone;
  }
}

std::uint32_t FeatureIndex::insert(std::uint64_t key) {
  if ((size_ + 1) * 2 > keys_.size()) grow();
  std::size_t mask = keys_.size() - 1;
  for (std::size_t at = feature_slot_hash(key) & mask;; at = (at + 1) & mask) {
    if (keys_[at] == key) return rows_[at];
    if (keys_[at] == 0) {
      keys_[at] = key;
      rows_[at] = static_cast<std::uint32_t>(size_);
      return static_cast<std::uint32_t>(size_++);
    }
  }
}

void FeatureIndex::grow() {
  std::vector<std::uint64_t> keys(std::max<std::size_t>(1024, keys_.size() * 2), 0);
  std::vector<std::uint32_t> rows(keys.size(), 0);
  std::size_t mask = keys.size() - 1;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == 0) continue;
    std::size_t at = feature_slot_hash(keys_[i]) & mask;
    while (keys[at] != 0) at = (at + 1) & mask;
    keys[at] = keys_[i];
    rows[at] = rows_[i];
  }
  keys_ = std::move(keys);
  rows_ = std::move(rows);
}

std::int64_t SuggestModel::DepartmentCounts::of(std::int64_t id) const {
  auto it = std::lower_bound(by_department.begin(), by_department.end(), std::make_pair(id, std::int64_t{0}));
  return it != by_department.end() && it->first == id ? it->second : 0;
}

SuggestModel SuggestModel::train(const std::vector<SuggestExample>& examples, const SuggestParams& params) {
  SuggestModel m;
  m.params_ = params;
  for (const auto& e : examples) {
    if (!e.category_code.empty()) m.classes_.push_back(e.category_code);
  }
  std::sort(m.classes_.begin(), m.classes_.end());
  m.classes_.erase(std::unique(m.classes_.begin(), m.classes_.end()), m.classes_.end());
  const std::size_t k = m.classes_.size();
  if (k == 0) return m;

  // Counts: features per class, cases per class and per community and class, departments.
  FeatureIndex index;
  std::vector<std::uint64_t> keys;  // row -> key
  std::vector<float> counts;        // row-major, rows x k (a quarter is exact: asides)
  std::vector<double> cases(k, 0);
  std::unordered_map<std::string, std::vector<double>> place_cases;
  std::vector<std::map<std::int64_t, std::int64_t>> deps(k);
  std::unordered_map<std::string, std::vector<std::map<std::int64_t, std::int64_t>>> place_deps;
  for (const auto& e : examples) {
    if (e.category_code.empty()) continue;
    std::size_t c = static_cast<std::size_t>(std::lower_bound(m.classes_.begin(), m.classes_.end(), e.category_code) -
                                             m.classes_.begin());
    ++m.examples_;
    cases[c] += 1;
    if (!e.community_code.empty()) {
      auto& pc = place_cases[e.community_code];
      pc.resize(k, 0);
      pc[c] += 1;
    }
    if (e.department_id > 0) {
      ++deps[c][e.department_id];
      if (!e.community_code.empty()) {
        auto& pd = place_deps[e.community_code];
        pd.resize(k);
        ++pd[c][e.department_id];
      }
    }
    ReportText t = read_report_text(e.text);
    for_each_report_feature(t, [&](std::uint64_t key, std::size_t, std::size_t last) {
      std::uint32_t row = index.insert(key);
      if (row == keys.size()) {
        keys.push_back(key);
        counts.resize(counts.size() + k, 0);
      }
      counts[std::size_t{row} * k + c] += static_cast<float>(t.chars[last].aside ? params.aside_weight : 1.0);
    });
  }

  // Rare features dropped; the kept ones get their smoothed log-likelihoods.
  std::vector<std::uint32_t> kept_rows;
  for (std::size_t r = 0; r < keys.size(); ++r) {
    double total = 0;
    for (std::size_t c = 0; c < k; ++c) total += static_cast<double>(counts[r * k + c]);
    if (total >= static_cast<double>(params.min_count)) kept_rows.push_back(static_cast<std::uint32_t>(r));
  }
  std::vector<double> class_total(k, 0);
  for (auto r : kept_rows) {
    for (std::size_t c = 0; c < k; ++c) class_total[c] += static_cast<double>(counts[std::size_t{r} * k + c]);
  }
  const double vocabulary = static_cast<double>(kept_rows.size());
  m.weights_.resize(kept_rows.size() * k);
  m.typical_.resize(kept_rows.size());
  std::vector<double> p(k);
  for (auto r : kept_rows) {
    std::uint32_t row = m.index_.insert(keys[r]);
    double mean = 0;
    for (std::size_t c = 0; c < k; ++c) {
      p[c] = (static_cast<double>(counts[std::size_t{r} * k + c]) + params.alpha) /
             (class_total[c] + params.alpha * vocabulary);
      mean += p[c] / static_cast<double>(k);
    }
    // How much the feature tells the classes apart: 1 - the entropy of P(class | feature)
    // (classes equally likely) over its largest value. The words every report uses (你好,
    // 希望尽快处理, the place) weigh about nothing, whatever the lengths of the classes'
    // texts, which would otherwise favour the classes of short reports.
    double entropy = 0;
    for (std::size_t c = 0; c < k; ++c) {
      double q = p[c] / (mean * static_cast<double>(k));
      entropy -= q * std::log(q);
    }
    double weight = k > 1 ? std::max(0.0, 1 - entropy / std::log(static_cast<double>(k))) : 1;
    for (std::size_t c = 0; c < k; ++c)
      m.weights_[std::size_t{row} * k + c] = static_cast<float>(weight * std::log(p[c]));
    m.typical_[row] = static_cast<float>(weight * std::log(mean));
  }

  // Priors: the platform's (add-one), each community's backed off to it.
  for (double x : cases) m.cases_.push_back(static_cast<std::int64_t>(x));
  const double n = static_cast<double>(m.examples_);
  std::vector<double> prior(k);
  for (std::size_t c = 0; c < k; ++c) {
    prior[c] = (cases[c] + 1) / (n + static_cast<double>(k));
    m.log_prior_.push_back(std::log(prior[c]));
  }
  for (const auto& [place, pc] : place_cases) {
    double here = 0;
    for (double x : pc) here += x;
    auto& lp = m.place_log_prior_[place];
    for (std::size_t c = 0; c < k; ++c)
      lp.push_back(std::log((pc[c] + params.place_weight * prior[c]) / (here + params.place_weight)));
  }
  auto flatten = [](const std::map<std::int64_t, std::int64_t>& by) {
    DepartmentCounts d;
    for (const auto& [id, cnt] : by) {
      d.by_department.emplace_back(id, cnt);
      d.total += cnt;
    }
    return d;
  };
  for (const auto& by : deps) m.departments_.push_back(flatten(by));
  for (const auto& [place, per_class] : place_deps) {
    auto& out = m.place_departments_[place];
    for (const auto& by : per_class) out.push_back(flatten(by));
  }
  return m;
}

std::vector<double> SuggestModel::class_scores(const ReportText& t, const std::vector<double>& log_prior) const {
  const std::size_t k = classes_.size();
  std::vector<double> likelihood(k, 0);
  for_each_report_feature(t, [&](std::uint64_t key, std::size_t, std::size_t last) {
    std::uint32_t row = index_.find(key);
    if (row == FeatureIndex::kNone) return;  // never seen: no evidence either way
    const float* w = &weights_[std::size_t{row} * k];
    const double weight = t.chars[last].aside ? params_.aside_weight : 1.0;
    for (std::size_t c = 0; c < k; ++c) likelihood[c] += weight * static_cast<double>(w[c]);
  });
  std::vector<double> scores(k);
  for (std::size_t c = 0; c < k; ++c) scores[c] = params_.temperature * likelihood[c] + log_prior[c];
  return scores;
}

// The pieces of the text that speak most for class c over a typical class: runs of
// neighbouring bigrams (or lone characters) that each do, at most five characters, the
// three strongest.
std::vector<std::string> SuggestModel::words_for(const ReportText& t, std::string_view text, std::size_t c) const {
  const std::size_t k = classes_.size();
  const auto& cs = t.chars;
  auto push = [&](std::uint64_t key) {
    std::uint32_t row = index_.find(key);
    return row == FeatureIndex::kNone ? 0.0 : static_cast<double>(weights_[std::size_t{row} * k + c] - typical_[row]);
  };
  struct Candidate {
    double score;
    std::size_t first, last;  // characters
  };
  std::vector<Candidate> candidates;
  std::vector<bool> covered(cs.size(), false);
  for (std::size_t i = 0; i + 1 < cs.size();) {
    if (cs[i + 1].starts_piece || push(feature_bigram_key(cs[i].cp, cs[i + 1].cp)) <= 0) {
      ++i;
      continue;
    }
    std::size_t j = i;  // the run: bigrams i..j
    while (j + 2 < cs.size() && !cs[j + 2].starts_piece && push(feature_bigram_key(cs[j + 1].cp, cs[j + 2].cp)) > 0)
      ++j;
    // Within a long run, the strongest window of up to four bigrams.
    Candidate best{-1, i, i + 1};
    for (std::size_t a = i; a <= j; ++a) {
      double sum = 0;
      for (std::size_t b = a; b <= j && b < a + 4; ++b) {
        sum += push(feature_bigram_key(cs[b].cp, cs[b + 1].cp));
        if (sum > best.score) best = {sum, a, b + 1};
      }
    }
    candidates.push_back(best);
    for (std::size_t x = i; x <= j + 1; ++x) covered[x] = true;
    i = j + 1;
  }
  for (std::size_t i = 0; i < cs.size(); ++i) {
    if (covered[i]) continue;
    if (double s = push(cs[i].cp); s > 0) candidates.push_back({s, i, i});
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  std::vector<std::string> words;
  for (const auto& cand : candidates) {
    std::string w(text.substr(cs[cand.first].begin, cs[cand.last].end - cs[cand.first].begin));
    if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(std::move(w));
    if (words.size() == 3) break;
  }
  return words;
}

void SuggestModel::suggest_departments(const std::vector<std::pair<double, std::size_t>>& ranked,
                                       const std::string& community, std::size_t limit, Suggestion& out) const {
  const std::vector<DepartmentCounts>* here = nullptr;
  if (auto it = place_departments_.find(community); !community.empty() && it != place_departments_.end())
    here = &it->second;
  struct Score {
    double score = 0, best = -1;
    std::size_t via = 0;
  };
  std::map<std::int64_t, Score> scores;
  double mass = 0;
  for (const auto& [p, c] : ranked) {
    // The categories that carry the probability; the long tail changes nothing visible.
    if (mass > 0.999 || p < 1e-4) break;
    mass += p;
    const DepartmentCounts& all = departments_[c];
    if (all.total == 0) continue;
    const DepartmentCounts* local = here && (*here)[c].total > 0 ? &(*here)[c] : nullptr;
    double local_total = local ? static_cast<double>(local->total) : 0;
    for (const auto& [id, cnt] : all.by_department) {
      double backoff = static_cast<double>(cnt) / static_cast<double>(all.total);
      double local_cnt = local ? static_cast<double>(local->of(id)) : 0;
      double pd = (local_cnt + params_.department_weight * backoff) / (local_total + params_.department_weight);
      Score& s = scores[id];
      s.score += p * pd;
      if (p * pd > s.best) {
        s.best = p * pd;
        s.via = c;
      }
    }
  }
  for (const auto& [id, s] : scores) {
    DepartmentGuess g;
    g.id = id;
    g.score = s.score;
    g.category_code = classes_[s.via];
    const DepartmentCounts* local = here && (*here)[s.via].total > 0 ? &(*here)[s.via] : nullptr;
    const DepartmentCounts& counted = local ? *local : departments_[s.via];
    g.here = local != nullptr;
    g.handled = counted.of(id);
    g.similar = counted.total;
    out.departments.push_back(std::move(g));
  }
  std::sort(out.departments.begin(), out.departments.end(), [](const DepartmentGuess& a, const DepartmentGuess& b) {
    return a.score > b.score || (a.score == b.score && a.id < b.id);
  });
  if (out.departments.size() > limit) out.departments.resize(limit);
}

std::int64_t SuggestModel::cases_of(const std::string& code) const {
  auto it = std::lower_bound(classes_.begin(), classes_.end(), code);
  return it != classes_.end() && *it == code ? cases_[static_cast<std::size_t>(it - classes_.begin())] : 0;
}

bool SuggestModel::knows_place(const std::string& community_code) const {
  return !community_code.empty() && place_log_prior_.count(community_code) > 0;
}

Suggestion SuggestModel::suggest(std::string_view text, const std::string& community_code, std::size_t k,
                                 std::size_t max_departments) const {
  Suggestion out;
  if (classes_.empty() || k == 0) return out;
  auto place = community_code.empty() ? place_log_prior_.end() : place_log_prior_.find(community_code);
  const std::vector<double>& prior = place == place_log_prior_.end() ? log_prior_ : place->second;
  ReportText t = read_report_text(text);
  std::vector<double> p = class_softmax(class_scores(t, prior));
  std::vector<std::pair<double, std::size_t>> ranked;
  for (std::size_t c = 0; c < p.size(); ++c) ranked.emplace_back(p[c], c);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  });
  for (std::size_t i = 0; i < ranked.size() && i < k; ++i) {
    out.categories.push_back({classes_[ranked[i].second], ranked[i].first, words_for(t, text, ranked[i].second)});
  }
  suggest_departments(ranked, community_code, max_departments == 0 ? k : max_departments, out);
  return out;
}

}  // namespace wangge::events
