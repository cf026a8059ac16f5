// Possible duplicates (issue 22): open events near a report, recent, alike in text, place
// and category. Shown to a reporter before filing (POST /events/similar) and to the
// dispatcher on an event (GET /events/{id}/duplicates), who merges in one click.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "events/model.h"

namespace wangge::events {

// How alike two texts are, 0..1: the Dice coefficient of their character bigrams after
// punctuation and spaces are dropped (Chinese has no word breaks; bigrams carry most of
// the meaning of a short report).
double text_similarity(const std::string& a, const std::string& b);

struct SimilarQuery {
  double lng = 0, lat = 0;
  std::string category_code;  // may be empty
  std::string description;
  std::int64_t at = 0;          // the report's time (now for a new one)
  std::int64_t exclude_id = 0;  // the event itself
};

struct Similar {
  Event event;
  double distance_m = 0, text = 0, score = 0;
};

// The score of a candidate: text 50 %, category 30 % (the same sub-category 1, the same
// top level 0.5), nearness 20 % (1 at the point, 0 at the radius).
double similarity_score(const SimilarQuery& q, const Event& candidate, double distance_m, double radius_m, double text);

}  // namespace wangge::events
