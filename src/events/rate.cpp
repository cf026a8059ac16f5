// 评价: the reporter rates a closed event once (满意 / 基本满意 / 不满意; "once" is a guard of
// the transition table).
#include "events/step_helpers.h"

namespace wangge::events {

void rate(Step& s) {
  std::string r = json::get_string(s.body, "rating", 30);
  if (r != "satisfied" && r != "basically_satisfied" && r != "unsatisfied")
    throw_validation("rating", "one of satisfied, basically_satisfied, unsatisfied",
                     "应为 satisfied（满意）、basically_satisfied（基本满意）或 unsatisfied（不满意）");
  s.event.rating = r;
  s.event.rating_comment = s.entry.comment;
  s.event.rated_at = s.now;
  s.detail["rating"] = r;
}

}  // namespace wangge::events
