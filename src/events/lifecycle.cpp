// The lifecycle engine: runs one row of the transition table (transitions.cpp) on an
// event, and computes from the same rows and checks what the caller may do next.
#include <algorithm>
#include <boost/json/parse.hpp>

#include "audit/audit.h"
#include "core/error.h"
#include "events/service.h"

namespace wangge::events {
namespace {

// Whether the caller is a row's actor on an event; the caller's departments are read once,
// and only for the actors that need them.
class ActorCheck {
 public:
  ActorCheck(Service& svc, storage::Tx& tx, const Context& ctx) : svc_(svc), tx_(tx), ctx_(ctx) {}

  bool operator()(Actor actor, const Event& e) {
    const Principal& u = ctx_.user();
    switch (actor) {
      case Actor::dispatcher:
        return u.can("events:event:dispatch", e.handling_path);
      case Actor::handler:
        return e.department_id && std::find(mine().begin(), mine().end(), *e.department_id) != mine().end();
      case Actor::whistled:
        return store::pending_whistle(tx_, e.id, mine()).has_value();
      case Actor::verifier: {
        if (u.can("events:event:verify", e.region_path)) return true;
        // A grid no account can verify for: the fallback role over the handling node.
        auto v = svc_.verifiers(tx_, e);
        return v.fallback && std::find(v.users.begin(), v.users.end(), u.user_id) != v.users.end();
      }
      case Actor::leader:
        return u.can("events:event:supervise", e.region_path);
      case Actor::reporter:
        return e.reporter_id && *e.reporter_id == u.user_id;
      case Actor::grid:
        return u.can("events:event:self_handle", e.region_path);
      case Actor::whistler:
        return u.can("events:event:whistle", e.region_path) && u.can("events:event:read", e.region_path);
      case Actor::unit:
        return u.can_somewhere("events:unit:report_in") &&
               store::pending_unit_whistle(tx_, e.id, svc_.my_units(tx_, ctx_)).has_value();
      case Actor::informer:
        return u.can("events:event:inform", e.region_path);
    }
    return false;
  }

 private:
  const std::vector<std::int64_t>& mine() {
    if (!mine_) mine_ = svc_.my_departments(tx_, ctx_);
    return *mine_;
  }

  Service& svc_;
  storage::Tx& tx_;
  const Context& ctx_;
  std::optional<std::vector<std::int64_t>> mine_;
};

// The step's timeline entry, completed once the event is stored.
void complete_entry(TimelineEntry& entry, const Context& ctx, const Transition& t, const Event& before, const Event& e,
                    std::int64_t now, const json::object& detail) {
  entry.event_id = e.id;
  entry.at = now;
  entry.actor_id = ctx.actor_id();
  entry.actor = ctx.actor();
  entry.action = std::string(t.action);
  entry.from_status = before.status;
  entry.to_status = e.status;
  entry.detail = json::to_text(detail);
}

}  // namespace

Service::Verifiers Service::verifiers(storage::Tx& tx, const Event& e) {
  Verifiers v;
  for (const char* role : {"grid_worker", "grid_chief"}) {
    auto h = holders(tx, role, e.region_path);
    v.users.insert(v.users.end(), h.begin(), h.end());
  }
  if (v.users.empty() && !verify_fallback_role.empty()) {
    v.users = holders(tx, verify_fallback_role, e.handling_path);
    v.fallback = true;
  }
  return v;
}

void Service::authorize(storage::Tx& tx, const Context& ctx, const Transition& t, const Event& e) {
  if (ActorCheck(*this, tx, ctx)(t.actor, e)) return;
  Refusal r = actor_refusal(t.actor);
  throw Error("forbidden", {}, std::string(r.en), std::string(r.zh));
}

std::vector<const Transition*> Service::offered(storage::Tx& tx, const Context& ctx, const Event& e) {
  ActorCheck is_actor(*this, tx, ctx);
  std::vector<const Transition*> out;
  for (const Transition* t : open_transitions(e, GuardContext{storage::now_ms(), reopen_days})) {
    if (is_actor(t->actor, e)) out.push_back(t);
  }
  return out;
}

Event Service::act(storage::Tx& tx, const Context& ctx, std::int64_t id, const Transition& t, std::int64_t version,
                   const json::object& body, bool by_tracking_code) {
  auto found = store::get(tx, id);
  if (!found) throw_not_found("no event " + std::to_string(id), "事件 " + std::to_string(id) + " 不存在");
  const Event before = *found;
  // Who first (no state leaks to those who may not act), then the version, then the state.
  if (by_tracking_code) {
    if (t.actor != Actor::reporter) throw Error("forbidden", {}, "only the reporter's actions", "只能执行反映人的操作");
  } else {
    authorize(tx, ctx, t, before);
  }
  Event e = before;
  std::int64_t now = storage::now_ms();
  TimelineEntry entry;
  json::object detail;
  Step step{*this, tx, ctx, t, e, before, body, now, entry, detail};
  entry.comment = json::opt_string(body, "comment", 2000).value_or("");
  static constexpr flow::Noun kEvent{"the event", "事件"};
  flow::admit(t, {kEvent, states(), before.status, before.version, version}, before, GuardContext{now, reopen_days},
              entry.comment, body, step_input(t));
  t.run(step);
  if (!t.to.empty()) e.status = std::string(t.to);
  e.version = before.version + 1;
  e.updated_at = now;
  if (!store::update(tx, calendar_, before, e)) {
    throw Error("stale_version", "version", "the event changed meanwhile", "事件已被他人修改");
  }
  link_photos(tx, ctx, entry.photos, e.id);
  report_deeds(tx, before, e);
  complete_entry(entry, ctx, t, before, e, now, detail);
  store::append(tx, entry);
  json::object audit_detail = detail;
  audit_detail["from"] = before.status;
  audit_detail["to"] = e.status;
  audit::append(
      tx, audit::entry(ctx, "events:event:" + std::string(t.action), "event:" + std::to_string(e.id), audit_detail));
  notify(tx, e, t.action);
  return e;
}

void Service::report_deeds(storage::Tx& tx, const Event& before, const Event& e) const {
  if (!deeds_ || e.status != "closed" || before.status == "closed") return;
  const std::int64_t at = e.closed_at.value_or(e.updated_at);
  const std::string ref = "event:" + std::to_string(e.id);
  if (e.source == "resident" && e.reporter_id) {
    // A valid report (not rejected, merged or withdrawn) that was closed; counted once
    // however often it is reopened and closed again.
    deeds::Deed d;
    d.kind = deeds::kReportClosed;
    d.ref = ref;
    d.user_id = e.reporter_id;
    d.region_path = e.region_path;
    d.at = at;
    deeds_(tx, d);
  }
  if (before.status.empty() && e.created_by && e.source != "resident") {
    // Reported and handled on the spot by the grid worker who found it (自行处置).
    deeds::Deed d;
    d.kind = deeds::kSelfHandled;
    d.ref = ref;
    d.user_id = e.created_by;
    d.region_path = e.region_path;
    d.at = at;
    deeds_(tx, d);
  }
}

http::Response Service::take_step(const Context& ctx, std::int64_t id, const Transition& t, std::int64_t version,
                                  const json::object& body, bool by_tracking_code, const Render& render) {
  std::optional<Event> done;
  auto r = idempotency::run(
      db_, ctx, [&](storage::Tx& tx) { done = act(tx, ctx, id, t, version, body, by_tracking_code); },
      [&] { return render(*done); });
  if (done) published(*done);
  return r;
}

void Service::link_photos(storage::Tx& tx, const Context& ctx, const std::string& photos_json, std::int64_t event_id) {
  if (photos_json == "[]" || !link_photos_) return;
  boost::system::error_code ec;
  auto v = boost::json::parse(photos_json, ec);
  if (ec || !v.is_array()) return;
  std::vector<std::string> hashes;
  for (const auto& h : v.as_array()) hashes.emplace_back(h.as_string());
  link_photos_(tx, ctx, hashes, event_id);
}

}  // namespace wangge::events
