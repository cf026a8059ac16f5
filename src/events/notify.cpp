// Side effects of the lifecycle: who is told what (the inbox and the webhook outbox, in the
// action's transaction) and the live push to consoles after the commit. In the seeds the
// neighbour chief tells the resident of the result: the reporter and the grid's chiefs
// hear of every closure.
#include "events/step_helpers.h"
#include "notifications/notifications.h"

namespace wangge::events {

std::vector<std::int64_t> Service::holders(storage::Tx& tx, const std::string& role, const std::string& path) {
  if (!users_with_role_) return {};
  // Cached for 5 s (like sessions): every intake tells its dispatchers, and the write
  // transaction should not query the grants each time. A new grant is heard within 5 s.
  std::string key = role + "|" + path;
  std::int64_t now = storage::now_ms();
  {
    std::lock_guard lock(holders_mu_);
    auto it = holders_.find(key);
    if (it != holders_.end() && now - it->second.first < 5000) return it->second.second;
  }
  auto users = users_with_role_(tx, role, path);
  std::lock_guard lock(holders_mu_);
  if (holders_.size() > 10000) holders_.clear();
  holders_[key] = {now, users};
  return users;
}

void Service::notify(storage::Tx& tx, const Event& e, std::string_view action) {
  if (!notifier_) return;
  auto role = [&](const char* r, const std::string& path) { return holders(tx, r, path); };
  auto members = [&](std::optional<std::int64_t> dep) {
    std::vector<std::int64_t> out;
    if (dep) {
      if (auto d = store::department(tx, *dep)) out = d->members;
    }
    return out;
  };
  auto join = [](std::vector<std::int64_t> a, const std::vector<std::int64_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  std::vector<std::int64_t> reporter;
  if (e.reporter_id) reporter.push_back(*e.reporter_id);
  std::string n = "#" + std::to_string(e.id);
  std::vector<std::int64_t> to;
  std::string zh, en;
  if (action == "report" && e.status == "at_grid") {
    to = grid_chiefs(tx, e), zh = "网格事件 " + n + " 待就地处置", en = "Event " + n + " waits at your grid";
  } else if (action == "report" || action == "pass-up") {
    to = role("dispatcher", e.handling_path), zh = "新事件 " + n + " 待受理", en = "New event " + n + " to accept";
  } else if (action == "dispatch") {
    to = members(e.department_id), zh = "新任务 " + n + " 待签收", en = "New task " + n + " to sign for";
  } else if (action == "return") {
    to = role("dispatcher", e.handling_path), zh = "事件 " + n + " 被退回，请重新派遣",
    en = "Event " + n + " returned for redispatch";
  } else if (action == "request-extension") {
    to = role("dispatcher", e.handling_path), zh = "事件 " + n + " 申请延期", en = "Extension requested on event " + n;
  } else if (action == "approve-extension" || action == "deny-extension") {
    to = members(e.department_id);
    zh = "事件 " + n + (action == "approve-extension" ? " 延期已批准" : " 延期被驳回");
    en = "Extension " + std::string(action == "approve-extension" ? "approved" : "denied") + " on event " + n;
  } else if (action == "report-result") {
    to = join(verifiers(tx, e).users, reporter);
    zh = "事件 " + n + " 已处置，待核查", en = "Event " + n + " handled: please verify";
  } else if (action == "rework") {
    to = members(e.department_id), zh = "事件 " + n + " 核查未通过，请返工", en = "Event " + n + " not fixed: rework";
  } else if (action == "pass") {
    to = join(reporter, role("grid_chief", e.region_path)), zh = "事件 " + n + " 已办结", en = "Event " + n + " closed";
  } else if (action == "reject") {
    to = reporter, zh = "事件 " + n + " 不予立案", en = "Event " + n + " was not accepted";
  } else if (action == "escalate") {
    to = role("dispatcher", e.handling_path), zh = "事件 " + n + " 提级到本级办理",
    en = "Event " + n + " escalated to your level";
  } else if (action == "solve") {
    to = reporter, zh = "事件 " + n + " 已在网格解决", en = "Event " + n + " was solved at the grid";
  } else if (action == "whistle" || action == "grid-whistle") {
    for (const auto& w : store::whistles(tx, e.id)) {
      if (w.reported_at) continue;
      if (w.department_id) to = join(to, members(w.department_id));
      if (w.unit_id) {
        if (auto u = unit(tx, *w.unit_id)) to = join(to, u->contact_users);
      }
    }
    zh = "吹哨：事件 " + n + " 请报到", en = "Whistle: report in on event " + n;
  } else if (action == "supervise") {
    to = join(role("dispatcher", e.handling_path), members(e.department_id));
    zh = "事件 " + n + " 被督办", en = "Event " + n + " is under supervision";
  } else if (action == "comment") {
    to = join(role("dispatcher", e.handling_path), members(e.department_id));
    zh = "事件 " + n + " 有反映人补充说明", en = "The reporter added to event " + n;
  } else if (action == "reopen") {
    to = role("dispatcher", e.handling_path), zh = "事件 " + n + " 重新办理", en = "Event " + n + " reopened";
  } else if (action == "overdue") {
    to = join(role("dispatcher", e.handling_path), members(e.department_id));
    zh = "事件 " + n + " 已超期", en = "Event " + n + " is overdue";
  } else {
    return;
  }
  if (to.empty()) return;
  notifier_->send(tx, to, {"event." + std::string(action), e.id, zh, en});
}

void Service::published(const Event& e) {
  if (!notifier_) return;
  auto data = [&] {
    return json::to_text(json::object{{"id", e.id},
                                      {"status", e.status},
                                      {"sla", e.sla},
                                      {"level", e.level},
                                      {"version", e.version},
                                      {"grid_code", e.grid_code ? *e.grid_code : ""}});
  };
  notifier_->publish("event", data, [&](const notifications::Subscriber& s) {
    if (!s.principal) return false;
    if (s.principal->can("events:event:read", e.region_path)) return true;
    if (e.reporter_id && *e.reporter_id == s.principal->user_id) return true;
    return e.department_id &&
           std::find(s.departments.begin(), s.departments.end(), *e.department_id) != s.departments.end();
  });
}

void Service::republish(std::string_view ids) {
  if (!notifier_ || notifier_->subscribers() == 0) return;
  std::vector<Event> changed;
  db_.read([&](storage::Tx& tx) {
    for (auto id : storage::payload_ids(ids)) {
      if (auto e = store::get(tx, id)) changed.push_back(std::move(*e));
    }
  });
  for (const auto& e : changed) published(e);
}

}  // namespace wangge::events
