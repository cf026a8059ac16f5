// What waits for the caller at the service desk (GET /api/v1/my/work): each count reads at
// most cap + 1 ids through the module's list paths (core/work.h), within the caller's
// grants: the community's orders to dispatch and overdue; a taker's orders given to them,
// in hand and open to take; a requester's orders done and waiting for their confirmation;
// the window's open and overdue cases, the hard cases the caller coordinates; wishes to
// review, claimed by the caller and fulfilled for the caller to confirm.
#include "services/service.h"
#include "services/store.h"

namespace wangge::services {

std::vector<work::Item> Service::waiting(storage::Tx& tx, const Context& ctx, int cap) {
  const Principal& u = ctx.user();
  std::vector<work::Item> out;
  auto item = [&](const char* key, std::size_t read) { out.push_back(work::capped("services", key, read, cap)); };
  auto orders = [&](store::OrderFilter f) {
    f.limit = cap + 1;
    return store::orders(tx, f).size();
  };
  if (u.can_somewhere("services:order:dispatch")) {
    store::OrderFilter f;
    f.scope_paths = u.scope("services:order:dispatch");
    f.statuses = {"ordered"};
    item("orders.ordered", orders(f));
    f.statuses.clear();
    f.overdue_at_now = true;
    f.now = storage::now_ms();
    item("orders.overdue", orders(f));
  }
  if (u.can_somewhere("services:order:take")) {
    store::OrderFilter f;
    f.taker_id = u.user_id;
    f.statuses = {"assigned"};
    item("orders.assigned", orders(f));
    f.statuses = {"taken"};
    item("orders.taken", orders(f));
    store::OrderFilter open;
    open.scope_paths = u.scope("services:order:take");
    open.statuses = {"open"};
    item("orders.open", orders(open));
  }
  if (u.can_somewhere("services:order:create")) {
    store::OrderFilter f;
    f.requester_id = u.user_id;
    f.statuses = {"done"};
    item("orders.done", orders(f));
  }
  if (u.can_somewhere("services:case:create")) {
    store::CaseFilter f;
    f.scope_paths = u.scope("services:case:create");
    f.desk = "window";
    f.statuses = {"accepted"};
    f.limit = cap + 1;
    item("cases.accepted", store::cases(tx, f).size());
    f.statuses.clear();
    f.desk.reset();
    f.overdue_at_now = true;
    f.now = storage::now_ms();
    item("cases.overdue", store::cases(tx, f).size());
  }
  if (u.can_somewhere("services:case:coordinate")) {
    store::CaseFilter f;
    f.coordinator_id = u.user_id;
    f.statuses = {"coordinating"};
    f.limit = cap + 1;
    item("cases.coordinating", store::cases(tx, f).size());
  }
  auto wishes = [&](store::WishFilter f) {
    f.limit = cap + 1;
    return store::wishes(tx, f).size();
  };
  if (u.can_somewhere("services:wish:review")) {
    store::WishFilter f;
    f.scope_paths = u.scope("services:wish:review");
    f.statuses = {"submitted"};
    item("wishes.submitted", wishes(f));
  }
  if (u.can_somewhere("services:wish:claim")) {
    store::WishFilter f;
    f.claimer_id = u.user_id;
    f.statuses = {"claimed"};
    item("wishes.claimed", wishes(f));
  }
  if (u.can_somewhere("services:wish:create")) {
    store::WishFilter f;
    f.wisher_or_collector = u.user_id;
    f.statuses = {"fulfilled"};
    item("wishes.fulfilled", wishes(f));
  }
  return out;
}

}  // namespace wangge::services
