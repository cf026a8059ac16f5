// Measuring the suggestion model (suggest_model.h) on reports it never learnt from: the
// held-out set is written by the same generator as the demo history (demo_text.h) from the
// held-out pool (phrases and sentence shapes the history never uses), with another seed, at
// random communities of 平沙镇, each default sub-category equally often. The evaluation gives
// top-1 and top-3 category accuracy, the right department kind among the top 3, each
// category's recall and the confusion of the worst five; docs/EVENTS.md says how to run it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "events/demo_text.h"
#include "events/suggest_model.h"

namespace wangge::events {

struct HeldoutRow {
  std::string category_code;
  std::string department_kind;  // the category's kind as seeded
  std::string community_code;
  std::string text;
};

// `count` reports from `pool`, categories in turn (equally many each), communities and
// places drawn from `seed`. Places are said as the history says them (a grid of the
// community and a landmark of the demo's), the same streets in both; unfamiliar_places
// uses landmarks the history never names instead, whose words the model never saw in an
// address (a harder test than live reports, whose address is a field of its own).
std::vector<HeldoutRow> make_heldout(std::size_t count, std::uint64_t seed, DescribePool pool = DescribePool::heldout,
                                     bool unfamiliar_places = false);
// The same as a TSV file: category_code, department_kind, community_code, text; a header
// line first. Throws std::runtime_error when the file cannot be written.
void write_heldout(const std::string& path, std::size_t count, std::uint64_t seed);
// Reads such a file; throws std::runtime_error naming the line of a malformed row.
std::vector<HeldoutRow> read_heldout(const std::string& path);

// Training examples as the demo history makes them (its category mix, the train pool, the
// communities of 平沙镇), for benchmarks and tests: each category's department is numbered
// by its kind (1 + the kind's position among the seed's kinds); self-handled ones have none.
std::vector<SuggestExample> generated_examples(std::size_t count, std::uint64_t seed);

struct Evaluation {
  std::size_t rows = 0;
  std::size_t top1 = 0, top3 = 0;  // right category first / among the first three
  std::size_t department_top3 = 0;
  std::size_t department_rows = 0;  // rows whose department kind the model could name
  // Top-1 accuracy with each category's recall weighted by its share of the examples the
  // model learnt from: what reports arriving in the history's mix would see.
  double top1_in_mix = 0;
  double mean_ms = 0, max_ms = 0;  // time of one suggestion
  struct PerCategory {
    std::size_t rows = 0, right = 0;
    std::map<std::string, std::size_t> guessed;  // top-1 guesses
  };
  std::map<std::string, PerCategory> categories;
  // A printable report: the figures, the recall of every category (worst first) and the
  // confusion rows of the five worst.
  std::string report(const std::function<std::string(const std::string&)>& name_of = {}) const;
};

// The model's top-3 against every row. dept_kind_of: a department id's kind. expected_kind:
// the kind of the department a row's report goes to (default: its department_kind); rows
// for which it answers "" are left out of the department figure.
Evaluation evaluate(const SuggestModel& model, const std::vector<HeldoutRow>& rows,
                    const std::function<std::string(std::int64_t)>& dept_kind_of,
                    const std::function<std::string(const HeldoutRow&)>& expected_kind = {});

}  // namespace wangge::events
