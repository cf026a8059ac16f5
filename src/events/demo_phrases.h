// The demo's symptom phrases (demo_phrases*.cpp), read by the report generator (demo_text.cpp)
// only: per default sub-category, the phrases of the demo history and the held-out ones.
#pragma once

#include <vector>

namespace wangge::events {

struct SymptomSet {
  const char* code;
  const char* name;  // the seed's Chinese name
  const char* kind;  // the seed's department kind
  std::vector<const char*> train, heldout;
};

// In code order.
const std::vector<SymptomSet>& symptom_sets();
// Those of the sub-categories 05-09 (demo_phrases_more.cpp), which symptom_sets() appends.
std::vector<SymptomSet> later_symptom_sets();

}  // namespace wangge::events
