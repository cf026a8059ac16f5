// Grid first (网格吹哨、社区报到; docs/EVENTS.md): a report held at its grid is solved there on
// the spot with a photo (就地解决; seed 002: "由片长直接办理") or passed up to the community's
// dispatcher; and the 告知 step after closing (seed 002: "由邻长联系群众告知办结情况").
#include "events/step_helpers.h"

namespace wangge::events {

void solve_at_grid(Step& s) {
  s.entry.photos = read_photos(s.body);
  if (s.entry.photos == "[]")
    throw_validation("photos", "a photo of the place after solving it", "请上传处置后的现场照片");
  Event& e = s.event;
  e.accepted_at = e.dispatched_at = e.handled_at = e.closed_at = s.now;
  e.solved_level = "grid";
  e.on_time = !e.due_at || s.now <= *e.due_at;
  e.handler_id = s.ctx.actor_id();
  s.svc.stop_clock(e);
  s.detail["on_time"] = *e.on_time;
  store::count_grid_first(s.tx, e.region_path, s.svc.calendar().day_of(e.created_at), store::GridFirstMeasure::solved);
}

void pass_up(Step& s) {
  Category c = s.svc.category_of(s.event);
  s.svc.start_stage(s.event, s.now, std::int64_t{c.accept_hours} * 60);
  store::count_grid_first(s.tx, s.event.region_path, s.svc.calendar().day_of(s.event.created_at),
                          store::GridFirstMeasure::passed_up);
}

void inform(Step& s) {
  const Event& e = s.event;
  std::int64_t closed_at = e.closed_at.value_or(0);
  if (store::informed(s.tx, e.id, closed_at))
    conflict("the reporter was already told of this closing", "已登记过本次办结的告知情况");
  store::Inform i;
  i.event_id = e.id;
  i.closed_at = closed_at;
  i.informed_at = s.now;
  i.informed_by = s.ctx.user().user_id;
  i.informer_name = json::opt_string(s.body, "informer_name", 50).value_or(s.ctx.user().display_name);
  if (i.informer_name.empty()) i.informer_name = s.ctx.actor();
  i.method = json::opt_string(s.body, "method", 10).value_or("");
  i.note = s.entry.comment;
  store::insert_inform(s.tx, i);
  s.detail["method"] = i.method;
  s.detail["informer_name"] = i.informer_name;
}

}  // namespace wangge::events
