#include "events/step_helpers.h"

namespace wangge::events {

std::string read_photos(const json::object& body) {
  auto it = body.find("photos");
  if (it == body.end() || it->value().is_null()) return "[]";
  if (!it->value().is_array()) throw_validation("photos", "an array of attachment hashes", "应为附件哈希数组");
  const auto& a = it->value().as_array();
  if (a.size() > 9) throw_validation("photos", "at most 9 photos", "最多 9 张照片");
  json::array out;
  for (const auto& v : a) {
    bool ok = v.is_string() && v.as_string().size() == 64 &&
              std::all_of(v.as_string().begin(), v.as_string().end(),
                          [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    if (!ok)
      throw_validation("photos", "each photo is an attachment hash (64 hex digits)",
                       "照片应为附件哈希（64 位十六进制）");
    out.push_back(v);
  }
  return json::to_text(out);
}

void back_to_dispatch(Step& s) {
  s.event.department_id.reset();
  s.event.handler_id.reset();
  s.event.handle_due_at.reset();
  s.event.extension_days.reset();
  s.event.extension_reason.reset();
  Category c = s.svc.category_of(s.event);
  s.svc.start_stage(s.event, s.now, std::int64_t{c.accept_hours} * 60);
}

}  // namespace wangge::events
