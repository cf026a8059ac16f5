// Alerts (预警、集结): sent to a node by those who command it (emergency:alert:send there),
// calling teams of its line. The current members of those teams who have accounts are its
// recipients, told in their inboxes and through the webhook (SMS, WeChat) in the same
// transaction as the alert, and by a live update once it commits. A recipient answers
// arriving, on site or unavailable, each change of status once; the first answer's time is
// kept (响应用时 = first answer - sent). Closed by those who command the node.
#include <algorithm>

#include "audit/audit.h"
#include "core/error.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "notifications/notifications.h"
#include "territory/service.h"

namespace wangge::emergency {
namespace {

[[noreturn]] void no_alert(std::int64_t id) {
  throw_not_found("no alert " + std::to_string(id), "预警 " + std::to_string(id) + " 不存在");
}

}  // namespace

bool Service::oversees(const Context& ctx, const Alert& a) const {
  return reads(ctx, a.region_path) || ctx.user().can("emergency:alert:send", a.region_path);
}

Alert Service::readable_alert(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto a = store::alert(tx, id);
  if (!a || !(oversees(ctx, *a) || store::recipient(tx, id, ctx.user().user_id))) no_alert(id);
  return *a;
}

Alert Service::send_alert(storage::Tx& tx, const Context& ctx, Alert a) {
  std::tie(a.region_code, a.region_path) = node(a.region_code);
  ctx.require("emergency:alert:send", a.region_path);
  std::sort(a.team_ids.begin(), a.team_ids.end());
  if (std::adjacent_find(a.team_ids.begin(), a.team_ids.end()) != a.team_ids.end())
    throw_validation("team_ids", "each team once", "队伍不能重复");
  callable_teams(tx, a.team_ids, a.region_path);
  auto people = store::members_with_accounts(tx, a.team_ids);
  a.status = "open";
  a.sender_id = ctx.user().user_id;
  a.sent_at = storage::now_ms();
  a.recipients = static_cast<std::int64_t>(people.size());
  a.id = store::insert_alert(tx, a);
  store::insert_recipients(tx, a.id, people);
  std::vector<std::int64_t> users;
  for (const auto& p : people) users.push_back(p.user_id);
  std::string head_zh = std::string("【") + name_zh(a.level) + "预警·" + name_zh(a.hazard) + "】";
  std::string head_en = "[" + a.level + " alert, " + a.hazard + "] ";
  tell(tx, ctx, users, "emergency.alert", "emergency_alert:" + std::to_string(a.id), head_zh + a.message,
       head_en + a.message);
  audit::append(
      tx, audit::entry(
              ctx, "emergency:alert:send", "emergency_alert:" + std::to_string(a.id),
              json::object{
                  {"region", a.region_code}, {"level", a.level}, {"hazard", a.hazard}, {"recipients", a.recipients}}));
  return a;
}

void Service::publish_alert(const Alert& a, const std::vector<std::int64_t>& users) {
  if (!notifier_ || users.empty()) return;
  std::vector<std::int64_t> sorted = users;
  std::sort(sorted.begin(), sorted.end());
  auto data = [&] {
    return json::to_text(json::object{{"id", a.id},
                                      {"region_code", a.region_code},
                                      {"level", a.level},
                                      {"hazard", a.hazard},
                                      {"message", a.message},
                                      {"sent_at", json::rfc3339(a.sent_at)}});
  };
  notifier_->publish("emergency_alert", data, [&](const notifications::Subscriber& s) {
    return s.principal && std::binary_search(sorted.begin(), sorted.end(), s.principal->user_id);
  });
}

Alert Service::respond(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& response,
                       const std::string& note) {
  Alert a = readable_alert(tx, ctx, id);
  auto me = store::recipient(tx, id, ctx.user().user_id);
  if (!me) throw Error("forbidden", {}, "the alert did not call you", "您不在本次预警调集的人员中");
  if (a.status != "open") throw Error("conflict", "status", "the alert is closed", "该预警已结束");
  if (me->response == response) throw Error("conflict", "response", "you have answered so already", "您已报告过该状态");
  if (!store::record_response(tx, *me, response, note, storage::now_ms()))
    throw Error("conflict", "response", "your answer changed meanwhile", "您的响应状态已变化");
  audit::append(tx, audit::entry(ctx, "emergency:alert:respond", "emergency_alert:" + std::to_string(id),
                                 json::object{{"response", response}}));
  return *store::alert(tx, id);
}

Alert Service::close_alert(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& note) {
  Alert a = readable_alert(tx, ctx, id);
  ctx.require("emergency:alert:send", a.region_path);
  if (!store::close_alert(tx, id, storage::now_ms(), note))
    throw Error("invalid_transition", "status", "the alert is closed already", "该预警已结束");
  audit::append(tx, audit::entry(ctx, "emergency:alert:close", "emergency_alert:" + std::to_string(id)));
  return *store::alert(tx, id);
}

}  // namespace wangge::emergency
