#include "events/next_actor.h"

#include "events/service.h"
#include "territory/service.h"

namespace wangge::events {

NextActor next_actor(Service& svc, storage::Tx& tx, const Event& e) {
  NextActor n;
  const std::string& s = e.status;
  if (s == "at_grid") {
    n.role = "grid";
    n.code = e.grid_code.value_or(e.handling_code);
  } else if (s == "reported" || s == "accepted") {
    n.role = "dispatcher";
    n.code = e.handling_code;
  } else if (s == "dispatched" || s == "handling") {
    n.role = "handler";
    auto d = e.department_id ? store::department(tx, *e.department_id) : std::nullopt;
    if (d) n.department = d->name;
    n.nobody = !d || d->members.empty();
  } else if (s == "handled") {
    n.role = "verifier";
    auto v = svc.verifiers(tx, e);
    n.fallback = v.fallback;
    n.nobody = v.users.empty();
    n.code = v.fallback ? e.handling_code : e.grid_code.value_or(e.handling_code);
  } else if (s == "closed" && e.reporter_id && !e.rating) {
    n.role = "reporter";
  }
  return n;
}

json::value next_actor_json(Service& svc, const NextActor& n) {
  if (n.role.empty()) return nullptr;
  std::string where = n.department;
  if (where.empty() && !n.code.empty()) {
    if (auto r = svc.territory().find(n.code, false)) where = r->name;
  }
  return json::object{{"role", n.role}, {"where", where}, {"fallback", n.fallback}, {"nobody", n.nobody}};
}

}  // namespace wangge::events
