// 公开公示 (seed 001): while the decision is published, anyone who may read the topic can
// object; the council answers each objection, and the topic moves on to implementation only
// when the period has ended and every objection is answered (topic_flow.cpp).
#include "audit/audit.h"
#include "core/error.h"
#include "deliberation/service.h"
#include "deliberation/store.h"

namespace wangge::deliberation {

Objection Service::raise_objection(storage::Tx& tx, const Context& ctx, std::int64_t topic_id,
                                   const std::string& body) {
  Topic t = readable_topic(tx, ctx, topic_id);
  require_stage(t, "publicizing", "Objections", "提出异议");
  Objection o;
  o.at = storage::now_ms();
  if (t.publicity_until && o.at >= *t.publicity_until)
    throw Error("conflict", {}, "the publicity period is over", "公示期已结束");
  o.topic_id = topic_id;
  o.user_id = ctx.user().user_id;
  o.body = body;
  o.id = store::insert_objection(tx, o);
  store::add_open_objections(tx, topic_id, 1);
  record(tx, ctx, t, "objection", t.status, "", json::object{{"objection", o.id}});
  return o;
}

Objection Service::answer_objection(storage::Tx& tx, const Context& ctx, std::int64_t objection_id,
                                    const std::string& answer) {
  auto o = store::objection(tx, objection_id);
  if (!o)
    throw_not_found("no objection " + std::to_string(objection_id), "异议 " + std::to_string(objection_id) + " 不存在");
  Topic t = managed_topic(tx, ctx, o->topic_id);
  std::int64_t now = storage::now_ms();
  if (!store::answer_objection(tx, objection_id, answer, ctx.user().user_id, now))
    throw Error("conflict", {}, "the objection has been answered already", "该异议已答复");
  store::add_open_objections(tx, t.id, -1);
  o->answer = answer;
  o->answered_by = ctx.user().user_id;
  o->answered_at = now;
  record(tx, ctx, t, "objection_answered", t.status, "", json::object{{"objection", objection_id}});
  tell(tx, {o->user_id}, ctx, "topic.objection", t, "您对议题的异议已答复：" + t.title,
       "Your objection was answered: " + t.title);
  return *o;
}

}  // namespace wangge::deliberation
