// The suggested category and department of a report, learned from the platform's closed
// events (docs/EVENTS.md, "Suggested category and department"). No database and no outside
// model: trained from examples {text, category, community, department}.
//
// Text: normalised (full width to half width, Latin letters lower-cased; punctuation,
// digits and spaces split the text into pieces) and read as character unigrams and the
// bigrams within a piece; what follows 另外, 顺便, 此外 or 还有， (a lesser problem mentioned
// in passing) counts a quarter. Category: multinomial naive Bayes over those features with
// additive smoothing, each feature's log-likelihoods weighted by how well it tells the
// categories apart (1 - the entropy of P(category | feature) over its maximum: the words
// every report uses weigh nothing), tempered (unigrams and overlapping bigrams count the
// same evidence more than once, which would make it sure of everything), plus the log prior
// of the report's community, backed off to the platform's prior (a community with few cases
// leans on the platform's mix). Department: P(department | category, community)
// from the closed cases' counts, backed off to P(department | category), and
// score(d) = sum over categories of P(category | text, place) * P(d | category, place).
//
// Thread safety: a trained model is immutable; suggest() may be called from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace wangge::events {

struct SuggestExample {
  std::string text;
  std::string category_code;
  std::string community_code;      // 12 digits; "" when the place is above a community or unknown
  std::int64_t department_id = 0;  // 0: none (solved at the grid, or never dispatched)
};

struct SuggestParams {
  double alpha = 0.5;            // additive smoothing of the feature counts
  double temperature = 0.65;     // the log-likelihood's weight against the prior
  double place_weight = 20;      // the platform's prior counts as this many cases in a community's
  double department_weight = 5;  // P(d | category) counts as this many cases in a community's
  double aside_weight = 0.25;    // the weight of what follows 另外, 顺便 ... (see ReportText)
  std::int64_t min_count = 1;    // features seen fewer times in all are dropped (memory)
};

struct CategoryGuess {
  std::string code;
  double score = 0;                // P(category | text, place)
  std::vector<std::string> words;  // up to 3 pieces of the text that pushed it most, strongest first
};

struct DepartmentGuess {
  std::int64_t id = 0;
  double score = 0;
  // Why: of the `similar` closed cases of `category_code` (the category it owes most of its
  // score to) in the community (`here`), or on the whole platform when the community has
  // none, it handled `handled`.
  std::string category_code;
  std::int64_t handled = 0, similar = 0;
  bool here = false;
};

struct Suggestion {
  std::vector<CategoryGuess> categories;     // best first
  std::vector<DepartmentGuess> departments;  // best first
};

// The text as the model reads it: normalised code points, each with the bytes it came from
// in the original (so that a reason quotes the report as written), and where pieces start.
struct ReportText {
  struct Char {
    std::uint32_t cp = 0;
    std::uint32_t begin = 0, end = 0;  // bytes of the original
    bool starts_piece = false;
    bool aside = false;  // after 另外, 顺便, 此外 or 还有，: a lesser problem mentioned in passing
  };
  std::vector<Char> chars;
};
ReportText read_report_text(std::string_view text);

// Feature key -> row, open addressing (keys are never 0).
class FeatureIndex {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  std::uint32_t find(std::uint64_t key) const;
  std::uint32_t insert(std::uint64_t key);  // the row of key, a new one when absent
  std::size_t size() const { return size_; }

 private:
  void grow();
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> rows_;
  std::size_t size_ = 0;
};

class SuggestModel {
 public:
  SuggestModel() = default;  // trained on nothing: suggests nothing
  static SuggestModel train(const std::vector<SuggestExample>& examples, const SuggestParams& params = {});

  // Up to k categories and up to max_departments departments (k when 0). community_code ""
  // uses the platform's prior and counts.
  Suggestion suggest(std::string_view text, const std::string& community_code, std::size_t k,
                     std::size_t max_departments = 0) const;

  std::size_t examples() const { return examples_; }
  std::size_t vocabulary() const { return index_.size(); }
  const std::vector<std::string>& categories() const { return classes_; }
  std::int64_t cases_of(const std::string& category_code) const;  // examples of that category
  bool knows_place(const std::string& community_code) const;      // it has examples there
  // When the examples were read (ms since the epoch; set by whoever trained it).
  std::int64_t trained_at() const { return trained_at_; }
  void set_trained_at(std::int64_t ms) { trained_at_ = ms; }

 private:
  struct DepartmentCounts {
    std::int64_t total = 0;
    std::vector<std::pair<std::int64_t, std::int64_t>> by_department;  // (id, cases), by id
    std::int64_t of(std::int64_t id) const;
  };
  std::vector<double> class_scores(const ReportText& t, const std::vector<double>& log_prior) const;
  std::vector<std::string> words_for(const ReportText& t, std::string_view text, std::size_t c) const;
  void suggest_departments(const std::vector<std::pair<double, std::size_t>>& ranked, const std::string& community,
                           std::size_t limit, Suggestion& out) const;

  SuggestParams params_;
  std::size_t examples_ = 0;
  std::int64_t trained_at_ = 0;
  std::vector<std::string> classes_;  // category codes, sorted
  std::vector<std::int64_t> cases_;   // examples per class
  FeatureIndex index_;
  std::vector<float> weights_;  // row-major, vocabulary x classes: log P(feature | class)
  std::vector<float> typical_;  // per feature: log of its mean likelihood over the classes
  std::vector<double> log_prior_;
  std::unordered_map<std::string, std::vector<double>> place_log_prior_;
  std::vector<DepartmentCounts> departments_;  // per class
  std::unordered_map<std::string, std::vector<DepartmentCounts>> place_departments_;
};

}  // namespace wangge::events
