// 处置反馈: the handler reports what was done, with photos; verification is due within
// the category's verification days.
#include "events/step_helpers.h"

namespace wangge::events {

void report_result(Step& s) {
  s.entry.photos = read_photos(s.body);
  s.event.handled_at = s.now;
  s.event.extension_days.reset();
  s.event.extension_reason.reset();
  Category c = s.svc.category_of(s.event);
  s.svc.start_stage(s.event, s.now, std::int64_t{c.verify_days} * s.svc.calendar().minutes_per_day());
}

}  // namespace wangge::events
