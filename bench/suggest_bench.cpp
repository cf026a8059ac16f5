// Benchmarks for the suggested category and department (events/suggest_model.h): one
// suggestion (the goal: 5 ms a report) and training, on reports generated as the demo
// history makes them (events/suggest_eval.h).
//
// Run: suggest_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "events/suggest_eval.h"
#include "events/suggest_model.h"

namespace {

using wangge::events::generated_examples;
using wangge::events::HeldoutRow;
using wangge::events::make_heldout;
using wangge::events::SuggestModel;

struct SuggestFixture {
  SuggestModel model;
  std::vector<HeldoutRow> reports;
};

// Trained once on 50,000 generated reports; 1,024 held-out reports to ask about.
const SuggestFixture& suggest_fixture() {
  static const SuggestFixture f = [] {
    SuggestFixture x;
    x.model = SuggestModel::train(generated_examples(50000, 20200101));
    x.reports = make_heldout(1024, 22003);
    return x;
  }();
  return f;
}

// One suggestion: top-3 categories with their words, top-3 departments.
void BM_Suggest(benchmark::State& state) {
  const SuggestFixture& f = suggest_fixture();
  const std::size_t mask = f.reports.size() - 1;
  std::size_t i = 0;
  for (auto _ : state) {
    const HeldoutRow& r = f.reports[i++ & mask];
    auto s = f.model.suggest(r.text, r.community_code, 3);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_Suggest)->Unit(benchmark::kMicrosecond);

// A long report (about 2,000 characters, the route's limit): the cost grows with the text.
void BM_SuggestLongReport(benchmark::State& state) {
  const SuggestFixture& f = suggest_fixture();
  std::string text;
  for (std::size_t i = 0; text.size() < 6000; ++i) text += f.reports[i].text;  // 3 bytes a character
  for (auto _ : state) {
    auto s = f.model.suggest(text, "440404104001", 3);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_SuggestLongReport)->Unit(benchmark::kMicrosecond);

// Training on N examples (what a retraining costs, besides reading the closed events).
void BM_Train(benchmark::State& state) {
  const auto examples = generated_examples(static_cast<std::size_t>(state.range(0)), 1);
  for (auto _ : state) {
    auto m = SuggestModel::train(examples);
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Train)->Arg(50000)->Arg(200000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
