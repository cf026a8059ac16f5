// Reports as residents write them, for the demo history and for measuring the suggested
// category (suggest_model.h): for each default sub-category a pool of symptom phrases in
// everyday words (the category's name almost never among them), put into one of many
// sentence shapes with an opener, the place, a time, a feeling or an ask; some reports carry
// a second, lesser problem of another category, some a homophone typo, a few the category's
// name. Every phrase and sentence shape belongs to one of two disjoint pools: the demo
// history (what the model learns from) draws from `train`, the held-out set
// (suggest_eval.h) from `heldout`, so a measurement on the held-out set never meets a phrase
// or shape the model saw. Deterministic for the generator's state.
#pragma once

#include <random>
#include <string>
#include <vector>

namespace wangge::events {

enum class DescribePool { train, heldout };

// A report's description of a problem of `category_code` (a default sub-category, "0303";
// other codes get a generic complaint) at `place` (an address or landmark, "立新社区菜市场旁").
std::string describe_report(const std::string& category_code, const std::string& place, std::mt19937_64& rng,
                            DescribePool pool);

// The sub-categories the generator has phrases for, in code order.
std::vector<std::string> described_categories();

// The symptom phrases of one category and pool (tests check the pools' sizes and that they
// are disjoint); empty for an unknown code.
std::vector<std::string> symptom_phrases(const std::string& category_code, DescribePool pool);

// The Chinese name ("噪声扰民") and the department kind ("environment") of a default
// sub-category as seeded; "" for an unknown code.
std::string described_category_name(const std::string& category_code);
std::string described_category_kind(const std::string& category_code);

}  // namespace wangge::events
