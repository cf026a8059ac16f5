// 研究落实 (seed 001): the decision broken into tasks, each with an owner (a unit or person
// by name, and the account that reports it done when there is one) and a deadline; done
// with its result and photos. The topic is completed, with the feedback to residents, once
// every task is done (topic_flow.cpp); tasks done by their deadline count as on time.
#include "core/error.h"
#include "deliberation/service.h"
#include "deliberation/store.h"

namespace wangge::deliberation {

Task Service::add_task(storage::Tx& tx, const Context& ctx, std::int64_t topic_id, Task t,
                       const std::optional<std::string>& owner_username) {
  Topic topic = managed_topic(tx, ctx, topic_id);
  require_stage(topic, "implementing", "Tasks", "分解落实任务");
  if (owner_username && !owner_username->empty()) {
    t.owner_id = user_by_name_ ? user_by_name_(tx, *owner_username) : std::nullopt;
    if (!t.owner_id) throw_validation("owner_username", "an existing account", "账号不存在");
  }
  t.topic_id = topic_id;
  t.created_by = ctx.user().user_id;
  t.created_at = storage::now_ms();
  t.id = store::insert_task(tx, t);
  record(tx, ctx, topic, "task", topic.status, "", json::object{{"task", t.id}, {"due_on", t.due_on}});
  if (t.owner_id)
    tell(tx, {*t.owner_id}, ctx, "topic.task", topic, "议事落实任务：" + t.title, "A task to implement: " + t.title);
  return t;
}

Task Service::finish_task(storage::Tx& tx, const Context& ctx, std::int64_t task_id, std::int64_t version,
                          const std::string& result, const std::vector<std::string>& photos) {
  auto found = store::task(tx, task_id);
  if (!found) throw_not_found("no task " + std::to_string(task_id), "任务 " + std::to_string(task_id) + " 不存在");
  Topic topic = readable_topic(tx, ctx, found->topic_id);
  bool owner = found->owner_id && *found->owner_id == ctx.user().user_id;
  if (!owner && !manages(ctx, topic.council_path))
    throw Error("forbidden", {}, "only the task's owner or the council may report it done",
                "只有任务责任人或议事会可以办结任务");
  if (found->status != "open") throw Error("conflict", {}, "the task is done already", "任务已完成");
  if (found->version != version)
    throw Error("stale_version", "version", "the task changed meanwhile", "任务已被他人修改");
  Task t = *found;
  t.status = "done";
  t.result = result;
  t.done_on = format_day(calendar_.day_of(storage::now_ms()));
  t.done_by = ctx.user().user_id;
  json::array hashes;
  for (const auto& h : photos) hashes.emplace_back(h);
  t.photos = json::to_text(hashes);
  t.version = found->version + 1;
  if (!store::update_task(tx, t, found->version))
    throw Error("stale_version", "version", "the task changed meanwhile", "任务已被他人修改");
  if (!photos.empty() && link_) link_(tx, ctx, photos, "topic_task", t.id);
  record(tx, ctx, topic, "task_done", topic.status, "",
         json::object{{"task", t.id}, {"on_time", *t.done_on <= t.due_on}});
  return t;
}

}  // namespace wangge::deliberation
